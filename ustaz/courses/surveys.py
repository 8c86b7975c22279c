"""Surveys (C-13): Google Forms CSV exports of the needs survey (start of the course) and the
course evaluation (end), kept as ``<private>/surveys/<cohort>/<kind>.csv`` (kind ``needs`` or
``evaluation``).

A Google Forms export has a timestamp column first («Timestamp», «Отметка времени», «Уақыт белгісі»,
…) and one column per question. The summary (``survey_summary``) gives, per question, how many
answered; for questions answered with numbers (scales 1–5) the average and the counts; for choice
questions (few distinct answers) the counts. Free-text answers are never repeated in a summary: they
may carry personal details. Monitoring (M-4) reads the same summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import read_text, rel
from ..tables import plain as table
from ..vocab import SurveyKind

if TYPE_CHECKING:
    from ..workspace import Workspace

SURVEY_FILE = define("survey-file", "A survey file is not a Google Forms CSV export (a timestamp column first).", "C-13")
SURVEY_PLACE = define("survey-place", "A survey file is not <private>/surveys/<scheduled cohort>/needs.csv or "
                      "evaluation.csv.", "C-13")

TIMESTAMP_HEADERS = {"timestamp", "отметка времени", "уақыт белгісі", "метка времени", "убакыт белгиси",
                     "время", "дата и время"}
# columns never summarised (personal data that Google Forms may collect)
PERSONAL_HEADERS = re.compile(r"e-?mail|почт|пошта|телефон|phone|иин|жсн|iin|фио|аты-?жөні|name", re.IGNORECASE)
CHOICE_LIMIT = 12


@dataclass(frozen=True, kw_only=True)
class QuestionSummary:
    question: str
    answered: int
    average: Decimal | None  # two decimals, when every answer is a number
    counts: tuple[tuple[str, int], ...]  # for numeric or choice questions; () for free text

    def as_json(self) -> dict[str, object]:
        return {"question": self.question, "answered": self.answered,
                "average": None if self.average is None else float(self.average),
                "counts": dict(self.counts)}


@dataclass(frozen=True, kw_only=True)
class SurveySummary:
    cohort: str
    kind: str
    path: str
    responses: int
    questions: tuple[QuestionSummary, ...]

    def as_json(self) -> dict[str, object]:
        return {"cohort": self.cohort, "kind": self.kind, "responses": self.responses,
                "questions": [q.as_json() for q in self.questions]}


def survey_path(private: Path, cohort: str, kind: str) -> Path:
    return private / "surveys" / cohort / f"{kind}.csv"


def parse_export(text: str, shown: str) -> tuple[list[str], list[table.Row], list[Finding]]:
    """The questions and rows of a Google Forms export, or findings (read by the one table reader,
    ``tables.plain.open_table``: a form's columns are its questions)."""
    header, rows, findings = table.open_table(text, shown)
    if header is None:
        return [], [], [error(shown, 1, SURVEY_FILE, t("the file is empty or not CSV; export the responses from Google Forms (Responses → Download responses (.csv))"))]
    if not header or header[0].casefold() not in TIMESTAMP_HEADERS:
        return [], [], [error(shown, 1, SURVEY_FILE, t("the first column is {value!r}, not a timestamp; export the responses from Google Forms as CSV", value=header[0] if header else ''))]
    return header[1:], rows, findings


def summarise(cohort: str, kind: str, shown: str, questions: list[str], rows: list[table.Row]) -> SurveySummary:
    out = []
    for i, q in enumerate(questions, start=1):
        answers = [r.cells[str(i)] for r in rows if r.cells.get(str(i))]
        numbers = [_number(a) for a in answers]
        counts: dict[str, int] = {}
        for a in answers:
            counts[a] = counts.get(a, 0) + 1
        average = None
        if PERSONAL_HEADERS.search(q):
            shown_counts: tuple[tuple[str, int], ...] = ()
        elif answers and all(n is not None for n in numbers):
            total = sum((n for n in numbers if n is not None), Decimal(0))
            average = (total / Decimal(len(numbers))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            shown_counts = tuple(sorted(counts.items(), key=lambda kv: _number(kv[0]) or 0))
        elif len(counts) <= CHOICE_LIMIT and len(counts) < max(2, len(answers)):
            shown_counts = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        else:
            shown_counts = ()  # free text: never repeated
        out.append(QuestionSummary(question=q, answered=len(answers), average=average, counts=shown_counts))
    return SurveySummary(cohort=cohort, kind=kind, path=shown, responses=len(rows), questions=tuple(out))


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def survey_summary(root: Path, private: Path, cohort: str, kind: str) -> tuple[SurveySummary | None, list[Finding]]:
    """The summary of one survey of a cohort, or None if there is no such file (C-13, M-4)."""
    path = survey_path(private, cohort, kind)
    if not path.is_file():
        return None, []
    shown = rel(path, root)
    text, findings = read_text(path, shown)
    if text is None:
        return None, findings
    questions, rows, more = parse_export(text, shown)
    findings += more
    if not questions and more:
        return None, findings
    return summarise(cohort, kind, shown, questions, rows), findings


def survey_files(private: Path) -> list[tuple[str, str, Path]]:
    """(cohort, kind, path) of every file under <private>/surveys/."""
    base = private / "surveys"
    if not base.is_dir():
        return []
    out = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                out.append((folder.name, path.stem if path.suffix == ".csv" else path.name, path))
    return out


KINDS = tuple(k.value for k in SurveyKind)


def survey_summaries(ctx: Workspace) -> tuple[list[SurveySummary], list[Finding]]:
    """Every survey of the private tree, summarised (for monitoring, M-4): cohorts in file order."""
    private = ctx.project.private_dir
    if private is None:
        return [], []
    out: list[SurveySummary] = []
    findings: list[Finding] = []
    for cohort, kind, path in survey_files(private):
        if path.suffix != ".csv" or kind not in KINDS:
            continue
        summary, more = survey_summary(ctx.root, private, cohort, kind)
        findings += more
        if summary is not None:
            out.append(summary)
    return out, findings
