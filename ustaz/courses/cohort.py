"""A cohort's private files (DESIGN.md "Private tables"): ``<private>/cohorts/<cohort>/``
``listeners.csv``, ``attendance.csv``, ``scores.csv``, ``decisions.csv``.

Loading reports what is malformed in a row (a finding naming file and line) and leaves that value
out; the rules that relate files to each other (unknown listeners, days outside the course, scores
above the maximum) are in attendance.py, scoring.py and decisions.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..ids import iin_problem
from ..sourcefile import rel
from ..tables import plain as table
from ..vocab import LISTENER_DOCUMENTS, Decision
from .schedule import ScheduledCohort

LISTENER_COLUMNS = ("listener", "surname", "name", "patronymic", "iin", "organization", *LISTENER_DOCUMENTS)
# added, optional: the teacher id derived from the IIN (ustaz/teachers/identity.py), written by `course import`
LISTENER_OPTIONAL = ("teacher",)
ATTENDANCE_COLUMNS = ("listener", "date", "present")
SCORES_COLUMNS = ("listener", "test", "activity", "project")
DECISIONS_COLUMNS = ("listener", "decision", "date", "order", "reason")

LISTENER_ID = define("listener-id", "A listener id is malformed or used twice in a cohort.", "C-3")
LISTENER_IIN = define("listener-iin", "A listener's IIN is not a valid Kazakh identity number.", "C-3")
LISTENER_DUPLICATE = define("listener-duplicate", "The same person (IIN) is listed twice in a cohort.", "C-3")
DECISION_VALUE = define("decision-value", "A decision is not one of expelled, transferred, reassessment, completion.",
                        "C-18")

LISTENER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


@dataclass(frozen=True, kw_only=True)
class Listener:
    listener: str  # the id within the cohort, used by the other files
    surname: str
    name: str
    patronymic: str
    iin: str  # '' when missing or invalid (a finding says so)
    organization: str
    documents: Mapping[str, bool]  # LISTENER_DOCUMENTS column → provided (C-3, C-8)
    path: str
    line: int
    teacher: str = ""  # the teacher id (identity.teacher_id of the IIN); '' where the column is absent or empty

    @property
    def full_name(self) -> str:
        """Surname, name and patronymic, as on a certificate."""
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @property
    def missing_documents(self) -> list[str]:
        return [col for col in LISTENER_DOCUMENTS if not self.documents.get(col, False)]


@dataclass(frozen=True, kw_only=True, slots=True)
class AttendanceMark:
    listener: str
    date: dt.date
    present: bool
    line: int


@dataclass(frozen=True, kw_only=True, slots=True)
class ScoreRow:
    """Points as written in scores.csv; None where a cell is empty or malformed."""

    listener: str
    test: int | None
    activity: int | None
    project: int | None
    line: int


@dataclass(frozen=True, kw_only=True)
class DecisionRecord:
    listener: str
    decision: str  # vocab.Decision value
    date: dt.date
    order: str
    reason: str
    path: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Cohort:
    """A cohort: its schedule row (None if it is not scheduled) and its private files."""

    id: str
    folder: str  # shown path of <private>/cohorts/<cohort>
    schedule: ScheduledCohort | None
    listeners: tuple[Listener, ...]
    attendance: tuple[AttendanceMark, ...]
    scores: tuple[ScoreRow, ...]
    decisions: tuple[DecisionRecord, ...]
    files: Mapping[str, bool] = field(default_factory=dict)  # file name → exists
    certificates: Mapping[str, str] = field(default_factory=dict)  # code → listener id (issued.FILE)

    def file(self, name: str) -> str:
        return f"{self.folder}/{name}"

    @property
    def listener_map(self) -> dict[str, Listener]:
        return {lst.listener: lst for lst in self.listeners}

    def listener(self, lid: str) -> Listener | None:
        """The listener with this id, compared without case (`l01` is `L01`)."""
        key = lid.casefold()
        return next((lst for lst in self.listeners if lst.listener.casefold() == key), None)


def cohort_folder(private: Path, cohort: str) -> Path:
    return private / "cohorts" / cohort


def load_cohort(root: Path, private: Path, cohort_id: str, schedule: ScheduledCohort | None
                ) -> tuple[Cohort, list[Finding]]:
    """Load one cohort folder; missing files are empty tables. Never raises for bad input."""
    folder = cohort_folder(private, cohort_id)
    shown = rel(folder, root)
    findings: list[Finding] = []
    files = {name: (folder / name).is_file()
             for name in ("listeners.csv", "attendance.csv", "scores.csv", "decisions.csv")}

    def rows(name: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> tuple[table.Row, ...]:
        if not files[name]:
            return ()
        tbl, more = table.read_table(folder / name, f"{shown}/{name}", columns, optional, within=private)
        findings.extend(more)
        return tbl.rows if tbl else ()

    listeners = _listeners(rows("listeners.csv", LISTENER_COLUMNS, LISTENER_OPTIONAL), findings)
    canonical = {lst.listener.casefold(): lst.listener for lst in listeners}

    def who_of(row: table.Row) -> str | None:
        """The listener id of a row, as listeners.csv writes it: ids compare without case (`l01` is `L01`)."""
        found = table.required(row, "listener", findings)
        return canonical.get(found.casefold(), found) if found is not None else None
    attendance = []
    for row in rows("attendance.csv", ATTENDANCE_COLUMNS):
        who = who_of(row)
        day = table.date(row, "date", findings)
        present = table.boolean(row, "present", findings)
        if who is not None and day is not None and present is not None:
            attendance.append(AttendanceMark(listener=who, date=day, present=present, line=row.line))
    scores = []
    for row in rows("scores.csv", SCORES_COLUMNS):
        who = who_of(row)
        if who is None:
            continue
        points = {col: (table.integer(row, col, findings, minimum=None) if row[col] else None)
                  for col in ("test", "activity", "project")}
        scores.append(ScoreRow(listener=who, line=row.line, **points))
    decisions = []
    allowed = [d.value for d in Decision]
    for row in rows("decisions.csv", DECISIONS_COLUMNS):
        who = who_of(row)
        day = table.date(row, "date", findings)
        kind = row["decision"]
        if kind not in allowed:
            findings.append(error(row.path, row.line, DECISION_VALUE,
                                  t("decision {kind!r} is not one of: {allowed}", kind=kind, allowed=', '.join(allowed))))
            continue
        if who is not None and day is not None:
            decisions.append(DecisionRecord(listener=who, decision=kind, date=day, order=row["order"],
                                            reason=row["reason"], path=row.path, line=row.line))
    from .issued import FILE, read_links

    links = read_links(folder / FILE, f"{shown}/{FILE}", findings)
    cohort = Cohort(id=cohort_id, folder=shown, schedule=schedule, listeners=tuple(listeners),
                    attendance=tuple(attendance), scores=tuple(scores), decisions=tuple(decisions), files=files,
                    certificates=links)
    return cohort, findings


def _listeners(rows: tuple[table.Row, ...], findings: list[Finding]) -> list[Listener]:
    out: list[Listener] = []
    ids: dict[str, int] = {}
    iins: dict[str, int] = {}
    for row in rows:
        lid = table.required(row, "listener", findings)
        if lid is not None and not LISTENER_PATTERN.match(lid):
            findings.append(error(row.path, row.line, LISTENER_ID,
                                  t("listener id {lid!r} must be up to 32 letters, digits, '.', '_' or '-'", lid=lid)))
            lid = None
        if lid is not None and lid in ids:
            findings.append(error(row.path, row.line, LISTENER_ID,
                                  t("listener id {lid!r} is already used on line {ids}; give each listener their own id", lid=lid, ids=ids[lid])))
            continue
        surname = table.required(row, "surname", findings) or ""
        name = table.required(row, "name", findings) or ""
        iin = row["iin"]
        problem = iin_problem(iin) if iin else t("the IIN is empty")
        if problem:
            # the number itself is not repeated: findings may be pasted into public issues
            findings.append(error(row.path, row.line, LISTENER_IIN,
                                  t("listener {value}: {problem}; copy the IIN from the identity document", value=lid or '?', problem=problem)))
            iin = ""
        elif iin in iins:
            findings.append(error(row.path, row.line, LISTENER_DUPLICATE,
                                  t("listener {value} has the same IIN as the listener on line {iins}; list each person once", value=lid or '?', iins=iins[iin])))
        else:
            iins[iin] = row.line
        documents = {}
        for col in LISTENER_DOCUMENTS:
            value = table.boolean(row, col, findings)
            documents[col] = bool(value)
        if lid is None:
            continue
        ids[lid] = row.line
        out.append(Listener(listener=lid, surname=surname, name=name, patronymic=row["patronymic"], iin=iin,
                            organization=row["organization"], documents=documents, path=row.path,
                            line=row.line, teacher=row.cells.get("teacher", "")))
    return out


def cohort_ids(private: Path) -> list[str]:
    """The cohort folders of the private tree, sorted."""
    base = private / "cohorts"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))
