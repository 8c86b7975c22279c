"""The compliance registry: every clause of the regulations (REQUIREMENTS.md ids) → what ustaz does for it —
the finding codes that enforce it, the commands that serve it, the site pages that show it — and where it can
be computed. One registry: the compliance page (ustaz/site/contrib/compliance.py), `ustaz compliance list`
and the tests that hold every code and command named here to exist all read it.

The centre's standing (deadlines by rule and status) is computed from the public tree alone (programs/ for
P-6 and P-11). S-10 rests on the private tree (support plans, reports), so the site shows the aggregate that
`ustaz compliance publish` wrote into data/compliance.yml, dated, never a name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .deadlines import Deadline, DeadlineStatus
from .findings import Finding, define
from .model.fields import read_mapping
from .sourcefile import parse_yaml
from .vocab import Language

if TYPE_CHECKING:
    from .workspace import Workspace


class Where(str, enum.Enum):
    """Where a clause can be computed."""

    PUBLIC = "public"  # from the public tree: anyone can re-run it
    PRIVATE = "private"  # from the centre's private tree: staff commands, aggregates on the site
    BOTH = "both"
    JUDGEMENT = "judgement"  # a person judges; ustaz records the decision and its date


@dataclass(frozen=True, kw_only=True)
class Clause:
    id: str  # a requirement id, e.g. "P-6"
    title: str  # the clause in a few English words (the digest of REQUIREMENTS.md); other languages: TITLES_FILE
    findings: tuple[str, ...] = ()  # finding codes that enforce it
    commands: tuple[str, ...] = ()  # commands that serve it, e.g. "ustaz deadlines"
    pages: tuple[str, ...] = ()  # site pages (docs paths without the language prefix)
    where: Where = Where.PUBLIC
    note: str = ""  # why no finding, where a clause has none (English; other languages: TITLES_FILE)


def _c(id: str, title: str, findings: str = "", commands: str = "", pages: str = "", where: Where = Where.PUBLIC,
       note: str = "") -> Clause:
    return Clause(id=id, title=title, findings=tuple(findings.split()), where=where, note=note,
                  commands=tuple(c.strip() for c in commands.split(",") if c.strip()), pages=tuple(pages.split()))


PROGRAM_PAGES = "programs/index.md"
REGISTRY: tuple[Clause, ...] = (
    # P — programs
    _c("P-1", "Directions of the programs", "unknown-direction", "ustaz check, ustaz new program", PROGRAM_PAGES),
    _c("P-2", "Needs analysis and its protocol", "lifecycle-order no-lifecycle", "ustaz check", PROGRAM_PAGES),
    _c("P-3", "The director's development order", "due-before-order deadline-overdue", "ustaz deadlines",
       PROGRAM_PAGES),
    _c("P-4", "Ten sections in order", "missing-section section-order unknown-section duplicate-section "
       "empty-section text-before-sections", "ustaz check, ustaz new program", PROGRAM_PAGES),
    _c("P-5", "What each section says; literature of the last 5 years", "stale-literature future-literature "
       "literature-origin no-literature module-hours", "ustaz check", PROGRAM_PAGES),
    _c("P-6", "Public discussion for ten working days, every suggestion answered",
       "unanswered-suggestion unjustified-rejection discussion-record-missing discussion-closed-early "
       "package-discussion-open", "ustaz deadlines, ustaz bot discussion", "drafts/index.md comment.md"),
    _c("P-7", "Document format", "document-format docx-unsupported docx-no-text", "ustaz export docx", PROGRAM_PAGES),
    _c("P-8", "The package for agreement", "package-missing package-link package-copy attachment-missing",
       "ustaz export package"),
    _c("P-9", "Revision within 15 working days", "deadline-overdue deadline-soon lifecycle-order", "ustaz deadlines",
       PROGRAM_PAGES),
    _c("P-10", "Approval order within three working days", "deadline-overdue deadline-soon", "ustaz deadlines",
       PROGRAM_PAGES),
    _c("P-11", "Review at least every three years", "deadline-overdue council-decision-unrecorded "
       "council-decision-mismatch", "ustaz deadlines, ustaz bot deadlines", PROGRAM_PAGES),
    # C — courses
    _c("C-1", "Aim of a course (section 4)", "missing-section empty-section", "ustaz check", PROGRAM_PAGES,
       Where.JUDGEMENT, "section 4 must state the aim; whether its words serve C-1 is the expert council's "
                        "judgement, so the check holds the section present and non-empty"),
    _c("C-2", "Annual schedule, agreed", "schedule-program schedule-dates schedule-not-agreed schedule-hours "
       "cohort-id cohort-unscheduled cohort-capacity", "ustaz check", "schedule/index.md"),
    _c("C-3", "Admission order and listeners' identity documents", "listener-id listener-iin listener-duplicate "
       "import-file", "ustaz course import, ustaz export admission-lists", where=Where.PRIVATE),
    _c("C-4", "Trainers per language of instruction", "trainer-id trainer-experience trainer-program "
       "schedule-no-trainer", "ustaz check", where=Where.BOTH),
    _c("C-5", "Trainers' documents and bank account code", "trainer-iban trainer-documents", "ustaz check",
       where=Where.PRIVATE),
    _c("C-6", "Course length", "program-hours", "ustaz check", PROGRAM_PAGES),
    _c("C-7", "Teaching complex and test bank", "testbank-size testbank-question testbank-missing",
       "ustaz check", where=Where.PRIVATE),
    _c("C-8", "Listeners' documents", "listener-documents", "ustaz course documents", where=Where.PRIVATE),
    _c("C-9", "A chat per language and group", "cohort-chat-missing cohort-chat-group", "ustaz check",
       where=Where.PRIVATE),
    _c("C-10", "Practical materials prepared with the trainers", "cohort-materials-missing cohort-materials-trainer",
       "ustaz check", where=Where.PRIVATE),
    _c("C-11", "Attendance every day", "attendance-not-taken attendance-outside-course attendance-duplicate",
       "ustaz course attend, ustaz course attendance", where=Where.PRIVATE),
    _c("C-12", "Daily posts in two languages", "diary-day-missing diary-date diary-cohort diary-personal-data",
       "ustaz check", "news/index.md", Where.BOTH),
    _c("C-13", "Needs and evaluation surveys", "survey-file survey-missing",
       "ustaz course surveys import, ustaz course surveys summary", where=Where.PRIVATE),
    _c("C-14", "Final test and creative projects", "project-not-presented final-date final-missing score-missing",
       "ustaz course results", where=Where.PRIVATE),
    _c("C-15", "Scoring", "score-range score-test-points score-duplicate", "ustaz course results, "
       "ustaz export results-sheet", where=Where.PRIVATE),
    _c("C-16", "Certificate and appendix", "register-cohort register-program register-hours", "ustaz course certify",
       "verify/index.md", Where.BOTH),
    _c("C-17", "A reference for those who do not pass", "", "ustaz course certify", where=Where.PRIVATE,
       note="the outcome 'reference' of ustaz course results; ustaz course certify prints it"),
    _c("C-18", "Re-assessment, transfer, completion", "decision-reassessment-limit decision-transfer decision-date",
       "ustaz course results", where=Where.PRIVATE),
    _c("C-19", "Expulsion by order", "decision-incomplete", "ustaz export expulsion-notice", where=Where.PRIVATE),
    _c("C-20", "QR code, signature, three years' validity", "register-valid-until register-append-only "
       "register-personal-data register-seal", "ustaz verify, ustaz register revoke", "verify/index.md"),
    # S — post-course support
    _c("S-1", "Support for a year or more", "support-too-short support-event-outside-period", "ustaz check",
       "support/index.md", Where.PRIVATE),
    _c("S-2", "Aims of support", "support-plan-aims", "ustaz check", where=Where.PRIVATE),
    _c("S-3", "Kinds of support", "", "ustaz monitoring support-summary", "support/index.md", Where.PRIVATE,
       "the kinds are the vocabulary of a plan's events; an unknown kind is unknown-value"),
    _c("S-4", "A checklist of directions, 1–2 chosen", "support-directions-count support-direction-unknown",
       "ustaz check", where=Where.PRIVATE),
    _c("S-5", "A plan of at least 3 events, approved", "support-thin-plan support-approval-order "
       "support-event-before-approval", "ustaz check", where=Where.PRIVATE),
    _c("S-6", "Materials published, link sent to the curator", "support-evidence-missing support-evidence-url "
       "support-event-pending", "ustaz check", where=Where.PRIVATE),
    _c("S-7", "Presentation of results", "support-level-skipped", "ustaz check", where=Where.PRIVATE,
       note="the presentation is an event of the plan, held to the levels"),
    _c("S-8", "Levels from organisation to republic", "support-level-skipped", "ustaz monitoring support-summary",
       "support/index.md", Where.PRIVATE),
    _c("S-9", "The republican level", "support-level-skipped", "ustaz monitoring support-summary",
       "support/index.md", Where.PRIVATE),
    _c("S-10", "Half-year reports by 1 June and 1 October", "support-report-row support-report-duplicate "
       "deadline-overdue", "ustaz support report, ustaz deadlines", where=Where.PRIVATE),
    _c("S-11", "Kinds of evidence", "support-evidence-missing", "ustaz monitoring support-summary",
       "support/index.md", Where.PRIVATE),
    # M — monitoring
    _c("M-1", "Post-course monitoring", "council-program", "ustaz monitoring report", "monitoring/index.md",
       Where.PRIVATE),
    _c("M-2", "Steps of monitoring, all year", "impact-survey-file", "ustaz monitoring sample, "
       "ustaz monitoring survey, ustaz monitoring report", "monitoring/index.md", Where.PRIVATE),
    _c("M-3", "Methods of monitoring", "impact-survey-methods", "ustaz monitoring report", where=Where.PRIVATE),
    _c("M-4", "Impact survey", "impact-survey-column impact-survey-row impact-survey-duplicate",
       "ustaz monitoring survey", "monitoring/index.md", Where.PRIVATE),
    _c("M-5", "Proportional sample with replacements", "impact-survey-sample impact-survey-unsampled",
       "ustaz monitoring sample", where=Where.PRIVATE),
    _c("M-6", "The council's protocol on effectiveness", "council-file council-decision-unrecorded",
       "ustaz monitoring report", where=Where.PRIVATE),
    # K — Kyrgyz school
    _c("K-1", "72-hour courses and their document", "program-hours", "ustaz teachers due"),
    _c("K-2", "72 hours every 5 years", "staff-unknown-teacher staff-course-dates", "ustaz teachers due",
       where=Where.PRIVATE),
    _c("K-3", "Retraining of 500 hours, a diploma", "staff-retraining-hours", "ustaz teachers due",
       where=Where.PRIVATE),
    _c("K-4", "The document handed to the administration", "staff-handed-in-early", "ustaz teachers due",
       where=Where.PRIVATE),
    _c("K-5", "The teacher's own choice in the school's plan", "staff-plan-teacher staff-plan-needs "
       "staff-plan-missing", "ustaz teachers due", where=Where.PRIVATE),
    _c("K-6", "Courses counted at attestation", "", "ustaz teachers due", where=Where.PRIVATE,
       note="a teacher's status is not an error in the data: ustaz teachers due lists it for attestation"),
    # N — networks
    _c("N-1", "Leading schools organise network communities", "network-no-partners network-leading-on-non-partner",
       "ustaz check", "networks/index.md"),
    _c("N-2", "One leading school to ten partners", "network-ratio network-partner-without-leading",
       "ustaz check", "networks/index.md"),
    _c("N-3", "Coordination centre, leaders, schools, users", "network-no-centre network-centre-no-leaders "
       "network-centre-leader network-region-mismatch", "ustaz check", "networks/index.md"),
    _c("N-4", "Network events and resource base", "network-unknown", "ustaz check", "networks/index.md"),
    _c("N-5", "The centre's monitoring research", "research-no-report research-report-missing research-dates",
       "ustaz check", "networks/index.md"),
    _c("N-6", "Openness, collegiality, cooperation", "", "ustaz build", "networks/index.md compliance/index.md",
       Where.JUDGEMENT, "openness is this site: the networks, their events and this page are public"),
)

STANDING_RULES = ("P-6", "P-11", "S-10")  # the centre's standing shown on the page
STANDING_FILE = "data/compliance.yml"
COMPLIANCE_FILE = define("compliance-file", "data/compliance.yml (the published standing) is malformed.", "S-10")


def clause(requirement: str) -> Clause | None:
    return next((c for c in REGISTRY if c.id == requirement), None)


# The clauses' titles and notes in the sites' other languages live in a data file beside the registry, keyed by
# id: the registry keeps its one row per clause readable, and the words can be reviewed (and amended) by people
# who read the regulations without touching code. English stays on Clause; translation_problems holds the file
# to the registry.
TITLES_FILE = "compliance_titles.yml"
TRANSLATED = ("title", "note")  # the fields of an entry
SOURCE_LANGUAGE = Language.EN.value  # the registry's own language


@dataclass(frozen=True)
class Text:
    """A clause's title or note in a language: the one asked for, or English where it has none."""

    text: str
    lang: str


def _read_titles() -> tuple[object, list[Finding]]:
    text = resources.files("ustaz").joinpath(TITLES_FILE).read_text(encoding="utf-8")
    return parse_yaml(text, f"ustaz/{TITLES_FILE}")


@functools.cache
def translations() -> dict[str, dict[str, dict[str, str]]]:
    """id → field (title, note) → language → text: the well-formed part of TITLES_FILE (the rest is for
    translation_problems to name)."""
    data, _ = _read_titles()
    out: dict[str, dict[str, dict[str, str]]] = {}
    for rid, entry in (data.items() if isinstance(data, dict) else ()):
        if isinstance(entry, dict):
            out[str(rid)] = {field: {str(lang): text.strip() for lang, text in by_lang.items()
                                     if isinstance(text, str) and text.strip()}
                             for field, by_lang in entry.items() if field in TRANSLATED and isinstance(by_lang, dict)}
    return out


def _text(c: Clause, field: str, english: str, lang: str) -> Text:
    translated = translations().get(c.id, {}).get(field, {}).get(lang) if lang != SOURCE_LANGUAGE else None
    return Text(translated, lang) if translated else Text(english, SOURCE_LANGUAGE)


def clause_title(c: Clause, lang: str) -> Text:
    return _text(c, "title", c.title, lang)


def clause_note(c: Clause, lang: str) -> Text | None:
    """The note in lang (English where it has none); None when the clause has no note."""
    return _text(c, "note", c.note, lang) if c.note else None


def translation_problems(languages: Iterable[str]) -> list[str]:
    """What is wrong with TITLES_FILE for pages in these languages: an id the registry lacks, a clause without
    its title (or, where the registry has a note, its note) in a language, a note the registry does not have,
    an unknown field or language. Empty when it is whole. English is the registry's own, not the file's."""
    data, findings = _read_titles()
    if findings or not isinstance(data, dict):
        return [f"{TITLES_FILE}: {f.message}" for f in findings] or [f"{TITLES_FILE}: not a mapping of ids"]
    wanted = sorted({lang for lang in languages if lang != SOURCE_LANGUAGE})
    known = {lang.value for lang in Language} - {SOURCE_LANGUAGE}
    ids = {c.id for c in REGISTRY}
    problems = [f"{rid}: no such clause in the registry" for rid in data if rid not in ids]
    for rid, entry in data.items():
        if not isinstance(entry, dict):
            problems.append(f"{rid}: not a mapping of title and note")
            continue
        problems += [f"{rid}: unknown field {field!r}" for field in entry if field not in TRANSLATED]
        for field, by_lang in entry.items():
            if isinstance(by_lang, dict):
                problems += [f"{rid}: {field} in unknown language {lang!r}" for lang in by_lang if lang not in known]
            elif field in TRANSLATED:
                problems.append(f"{rid}: {field} is not a mapping of languages")
    table = translations()
    for c in REGISTRY:
        entry = table.get(c.id, {})
        if entry.get("note") and not c.note:
            problems.append(f"{c.id}: a note the registry does not have")
        for field in TRANSLATED if c.note else ("title",):
            problems += [f"{c.id}: no {field} in {lang}" for lang in wanted if not entry.get(field, {}).get(lang)]
    return problems


@dataclass(frozen=True, kw_only=True)
class Standing:
    """Deadlines of one rule by status: counts only, never a subject."""

    rule: str
    open: int
    overdue: int
    as_of: dt.date | None  # the day it was computed
    source: str  # "programs" (public, computed now) | STANDING_FILE (published) | "" (not published)

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "open": self.open, "overdue": self.overdue,
                "as_of": self.as_of.isoformat() if self.as_of else None, "source": self.source}


def count_deadlines(deadlines: Iterable[Deadline], rule: str) -> tuple[int, int]:
    """(open, overdue) deadlines of a rule, as `ustaz deadlines` lists them."""
    items = [d for d in deadlines if d.rule == rule]
    return (sum(1 for d in items if d.status is DeadlineStatus.OPEN),
            sum(1 for d in items if d.status is DeadlineStatus.OVERDUE))


def public_standing(ctx: Workspace) -> tuple[list[Standing], list[Finding]]:
    """P-6 and P-11 from the public programs; S-10 from data/compliance.yml (what staff published).

    The project is reloaded without a private tree, so nothing here can read a private file."""
    from .workspace import Workspace

    public = dataclasses.replace(ctx.project, private_dir=None)  # the programs are public; no private tree
    deadlines = Workspace(project=public, today=ctx.today).deadlines
    out = [Standing(rule=r, open=o, overdue=d, as_of=ctx.today, source="programs")
           for r in ("P-6", "P-11") for o, d in [count_deadlines(deadlines, r)]]
    published, findings = load_published(ctx.root)
    s10 = published.get("S-10")
    out.append(s10 if s10 is not None else Standing(rule="S-10", open=0, overdue=0, as_of=None, source=""))
    return out, findings


def private_standing(ctx: Workspace, rules: Iterable[str] = ("S-10",)) -> dict[str, Standing]:
    """What `ustaz compliance publish` writes: counts of the rules computed with the private tree."""
    return {r: Standing(rule=r, open=o, overdue=d, as_of=ctx.today, source=STANDING_FILE)
            for r in rules for o, d in [count_deadlines(ctx.deadlines, r)]}


def standing_yaml(standing: dict[str, Standing]) -> str:
    lines = ["# The centre's standing on rules computed from the private tree: counts only, never a name.",
             "# Written by `ustaz compliance publish`; the compliance page shows it with its date."]
    for rule, s in sorted(standing.items()):
        lines.append(f"{rule}: {{as_of: {s.as_of.isoformat() if s.as_of else ''}, open: {s.open}, "
                     f"overdue: {s.overdue}}}")
    return "\n".join(lines) + "\n"


def load_published(root: Path) -> tuple[dict[str, Standing], list[Finding]]:
    path = root / STANDING_FILE
    if not path.is_file() or path.is_symlink():
        return {}, []
    r, findings = read_mapping(path, STANDING_FILE, COMPLIANCE_FILE, "RULE: {as_of, open, overdue}")
    if r is None:
        return {}, findings
    out: dict[str, Standing] = {}
    r.known_keys(*STANDING_RULES)
    for rule in STANDING_RULES:
        m = r.mapping(rule, required=False)
        if m is None:
            continue
        sr = r.child(m, f"{rule}.")
        sr.known_keys("as_of", "open", "overdue")
        as_of, open_, overdue = sr.date("as_of"), sr.integer("open"), sr.integer("overdue")
        if as_of is not None and open_ is not None and overdue is not None:
            out[rule] = Standing(rule=rule, open=open_, overdue=overdue, as_of=as_of, source=STANDING_FILE)
    return out, findings


def registry_problems(codes: Iterable[str], commands: Iterable[str], requirement_ids: Iterable[str]) -> list[str]:
    """What is wrong with the registry: a clause with no entry, an entry twice, a code or command that does not
    exist, an entry with neither a finding nor a note saying why. Empty when it is whole."""
    codes, commands = set(codes), set(commands)
    ids = [c.id for c in REGISTRY]
    problems = [f"{r}: no entry" for r in requirement_ids if r not in ids]
    problems += [f"{i}: listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for c in REGISTRY:
        problems += [f"{c.id}: no finding code {code!r}" for code in c.findings if code not in codes]
        problems += [f"{c.id}: no command {cmd!r}" for cmd in c.commands if cmd not in commands]
        if not c.findings and not c.note:
            problems.append(f"{c.id}: neither a finding nor a note")
        if not c.commands and not c.pages:
            problems.append(f"{c.id}: neither a command nor a page")
    return problems


def as_json(standing: list[Standing]) -> dict[str, object]:
    return {"clauses": [{"id": c.id, "title": c.title, "findings": list(c.findings), "commands": list(c.commands),
                         "pages": list(c.pages), "where": c.where.value, "note": c.note} for c in REGISTRY],
            "standing": [s.as_json() for s in standing]}
