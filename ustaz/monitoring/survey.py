"""The impact survey (M-4): a definition (`survey.yml`) and a Google Forms CSV export of the answers.

`<private>/monitoring/<run>/survey.yml`:

    title: {kk: "…", ru: "…", en: "…"}
    export: responses.csv                 # the Forms export (File → Download responses (.csv)), beside this file
    program_column: "Программа"           # which course the teacher took: a program id or a title listed below
    teacher_column: "Код учителя"         # optional: the sample's teacher code, to find repeated answers
    programs: {"Робототехника негіздері": robotics-basics}   # optional: answer text → program id
    invited: {robotics-basics: 12}        # teachers asked per program (the sample, M-5): the response rate
    sample: sample.csv                    # or: the sample `ustaz monitoring sample` printed, and
    population: ../population.csv         #     its population with a `program` column (gives `invited`)
    questions:
      - {id: applies-projects, column: "…(1–5)", scale: [1, 5], expected: "…", target: 4.0}
      - {id: useful-support, column: "…", choices: ["…", "…"]}

A scale question measures one of the program's expected results (P-4 section 4): `expected` quotes it
and `target` is the average the centre counts as achieved. Loading never raises: every malformed answer
is a finding naming the export's row, and the rest is still counted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..model.fields import Reader, localized
from ..sourcefile import LocMap, load_yaml, read_text, rel
from ..vocab import MonitoringMethod
from .invitations import invitations

SURVEY_FILE = define("impact-survey-file", "A survey definition is not a mapping or names a missing export.", "M-4")
SURVEY_COLUMN = define("impact-survey-column", "A column the survey definition names is not in the export's header.", "M-4")
SURVEY_ROW = define("impact-survey-row", "A row of a survey export is malformed or an answer is out of range.", "M-4")
SURVEY_DUPLICATE = define("impact-survey-duplicate", "A teacher answered the survey twice for the same program.", "M-4")
SURVEY_UNSAMPLED = define("impact-survey-unsampled", "A survey answer comes from a teacher outside the sample, or has "
                          "no teacher code while the survey has a sample; it is counted apart.", "M-5")
SURVEY_METHODS = define("impact-survey-methods", "A study does not record its methods (M-3), or names one that is not "
                        "questionnaire, rating, statistics, documents-and-products, interpretation.", "M-3")
SURVEY_PROGRAM = define("impact-survey-program", "A survey answer names a program the project does not have.", "M-4")


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str
    column: str
    scale: tuple[int, int] | None
    choices: tuple[str, ...]
    expected: str
    target: float | None
    line: int


@dataclass(frozen=True, kw_only=True)
class Response:
    program: str
    teacher: str
    answers: dict[str, int | str]  # question id → scale value or choice
    line: int


@dataclass(frozen=True, kw_only=True)
class Survey:
    run: str  # the run's folder name, e.g. 2026-impact
    title: dict[str, str]
    path: str
    export_path: str
    questions: tuple[Question, ...]
    invited: dict[str, int]
    responses: tuple[Response, ...]  # the sample's answers (all answers when the survey names no sample)
    stray: tuple[Response, ...] = ()  # answers from outside the sample or without a teacher code: counted apart
    methods: tuple[str, ...] = ()  # M-3: MonitoringMethod values, in the order written

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.run)


def _questions(r: Reader) -> list[Question]:
    out: list[Question] = []
    for i, m in r.each_mapping("questions"):
        q = r.child(m, f"questions[{i}].")
        q.known_keys("id", "column", "scale", "choices", "expected", "target")
        qid, column = q.text("id"), q.text("column")
        scale = None
        seq = q.sequence("scale", required=False)
        if seq is not None:
            if len(seq) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in seq) and seq[0] < seq[1]:
                scale = (int(seq[0]), int(seq[1]))
            else:
                q.err("scale", SURVEY_FILE, t("'scale' is [lowest, highest], two whole numbers, e.g. [1, 5]"))
        choices = q.sequence("choices", required=False)
        if (seq is None) == (choices is None):
            q.err(None, SURVEY_FILE, t("question {qid!r} needs either 'scale: [1, 5]' or 'choices: [...]', not both", qid=qid))
        target = q.get("target", (int, float), required=False)
        if qid and column:
            out.append(Question(id=qid, column=column, scale=scale,
                                choices=tuple(str(c) for c in choices or ()),
                                expected=q.text("expected", required=False) or "",
                                target=float(target) if target is not None else None, line=m.line))
    return out


def _methods(r: Reader, shown: str) -> tuple[str, ...]:
    """M-3: the study's methods; none recorded is a warning, an unknown one an error."""
    seq = r.sequence("methods", required=False)
    allowed = [m.value for m in MonitoringMethod]
    if "methods" in r.m and seq is None and r.m["methods"] is not None:
        return ()  # not a list: Reader said so
    if not seq:
        r.findings.append(warning(shown, 1, SURVEY_METHODS, t("record the study's methods (M-3): 'methods: [{allowed}]' — those the study used", allowed=', '.join(allowed))))
        return ()
    out: list[str] = []
    for i, value in enumerate(seq):
        if value in allowed and value not in out:
            out.append(str(value))
        else:
            r.findings.append(error(shown, seq.line_of(i), SURVEY_METHODS,
                                    t("methods[{i}] is {value!r}; name each once, one of: {allowed}", i=i, value=value, allowed=', '.join(allowed))))
    return tuple(out)


def load_survey(folder: Path, root: Path, programs: set[str]) -> tuple[Survey | None, list[Finding]]:
    path = folder / "survey.yml"
    shown = rel(path, root)
    data, findings = load_yaml(path, shown)
    if not isinstance(data, LocMap):
        if not findings:
            findings.append(error(shown, 1, SURVEY_FILE, t("survey.yml must be a mapping: title, export, questions, …")))
        return None, findings
    r = Reader(data, shown, findings)
    r.known_keys("title", "export", "program_column", "teacher_column", "programs", "invited", "questions",
                 "sample", "population", "methods")
    title = localized(r, "title", required=False) if isinstance(data.get("title"), LocMap) else \
        {"en": str(data.get("title") or folder.name)}
    export = r.text("export") or "responses.csv"
    program_column = r.text("program_column") or ""
    teacher_column = r.text("teacher_column", required=False) or ""
    aliases = {str(k): str(v) for k, v in (r.mapping("programs", required=False) or {}).items()}
    invited: dict[str, int] = {}
    inv = r.mapping("invited", required=False)
    if inv is not None:
        for program, count in inv.items():
            if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                invited[str(program)] = count
            else:
                findings.append(error(shown, inv.line_of(program), SURVEY_FILE,
                                      t("'invited.{program}' must be a whole number above 0", program=program)))
    asked: frozenset[str] | None = None
    sample = r.text("sample", required=False)
    if sample is not None:
        population = r.text("population") or ""
        found, more = invitations(folder, root, sample, population, shown, r.line("sample"))
        findings.extend(more)
        if found is not None:
            invited = invited or found.invited  # an explicit 'invited' wins
            asked = found.asked
    questions = _questions(r)
    methods = _methods(r, shown)
    export_file = (folder / export)
    export_shown = rel(export_file, root)
    if "/" in export or not export_file.is_file():
        findings.append(error(shown, r.line("export"), SURVEY_FILE,
                              t("the export {export!r} is not a file beside survey.yml; save the Forms CSV there", export=export)))
        return None, findings
    responses = _read_export(export_file, export_shown, shown, program_column, teacher_column, aliases,
                             questions, programs, findings, asked)
    # with a sample, only the sample's answers count (M-5): a stray answer never raises the response rate
    apart = {r.line for r in responses if asked is not None and r.teacher not in asked}
    return Survey(run=folder.name, title=title, path=shown, export_path=export_shown, questions=tuple(questions),
                  invited=invited, responses=tuple(r for r in responses if r.line not in apart),
                  stray=tuple(r for r in responses if r.line in apart), methods=methods), findings


def _read_export(path: Path, shown: str, survey_shown: str, program_column: str, teacher_column: str,
                 aliases: dict[str, str], questions: list[Question], programs: set[str],
                 findings: list[Finding], asked: frozenset[str] | None = None) -> list[Response]:
    text, more = read_text(path, shown)
    findings.extend(more)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        findings.append(error(shown, 1, SURVEY_ROW, t("CSV syntax: {exc}", exc=exc)))
        return []
    index = {h: i for i, h in enumerate(header)}
    usable = []
    for name, line in [(program_column, 1)] + [(teacher_column, 1)] * bool(teacher_column):
        if name not in index:
            findings.append(error(survey_shown, line, SURVEY_COLUMN,
                                  t("the export {shown} has no column {name!r}; copy the header text exactly", shown=shown, name=name)))
    for q in questions:
        if q.column in index:
            usable.append(q)
        else:
            findings.append(error(survey_shown, q.line, SURVEY_COLUMN,
                                  t("the export {shown} has no column {column!r} (question {id}); copy the header text exactly", shown=shown, column=q.column, id=q.id)))
    if program_column not in index:
        return []
    out: list[Response] = []
    seen: dict[tuple[str, str], int] = {}
    start = reader.line_num
    try:
        for cells in reader:
            line, start = start + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                findings.append(error(shown, line, SURVEY_ROW,
                                      t("the row has {count} cells, the header {count2}; re-export the form", count=len(cells), count2=len(header))))
                continue
            raw_program = cells[index[program_column]].strip()
            program = aliases.get(raw_program, raw_program)
            if program not in programs:
                findings.append(error(shown, line, SURVEY_PROGRAM,
                                      t("program {raw_program!r} is not a program id; add it under 'programs:' in survey.yml", raw_program=raw_program)))
                continue
            teacher = cells[index[teacher_column]].strip() if teacher_column in index else ""
            if asked is not None and teacher not in asked:
                who = t("teacher {teacher!r} is neither in the sample nor a replacement", teacher=teacher) if teacher \
                    else t("the answer has no teacher code")
                findings.append(warning(shown, line, SURVEY_UNSAMPLED,
                                        t("{who}; it is counted apart, not in the response rate nor the averages: check the code", who=who)))
            if teacher:
                if (teacher, program) in seen:
                    findings.append(warning(shown, line, SURVEY_DUPLICATE,
                                            t("teacher {teacher!r} already answered for {program} on line {seen}; the first answer counts", teacher=teacher, program=program, seen=seen[(teacher, program)])))
                    continue
                seen[(teacher, program)] = line
            answers: dict[str, int | str] = {}
            for q in usable:
                value = cells[index[q.column]].strip()
                if not value:
                    continue  # an optional question left blank
                parsed = _answer(q, value)
                if parsed is None:
                    findings.append(error(shown, line, SURVEY_ROW, _why(q, value)))
                    continue
                answers[q.id] = parsed
            out.append(Response(program=program, teacher=teacher, answers=answers, line=line))
    except csv.Error as exc:
        findings.append(error(shown, reader.line_num, SURVEY_ROW, t("CSV syntax: {exc}", exc=exc)))
    return out


def _answer(q: Question, value: str) -> int | str | None:
    if q.scale is not None:
        try:
            number = int(value)
        except ValueError:
            return None
        return number if q.scale[0] <= number <= q.scale[1] else None
    return value if not q.choices or value in q.choices else None


def _why(q: Question, value: str) -> str:
    if q.scale is not None:
        return t("question {id}: {value!r} is not a whole number from {scale} to {scale2}", id=q.id, value=value, scale=q.scale[0], scale2=q.scale[1])
    return t("question {id}: {value!r} is not one of the choices: {choices}", id=q.id, value=value, choices=', '.join(q.choices))


def survey_folders(private: Path | None) -> list[Path]:
    if private is None or not (private / "monitoring").is_dir():
        return []
    return sorted(p.parent for p in (private / "monitoring").glob("*/survey.yml"))
