"""The annual schedule (C-2): ``data/schedule/<year>.csv``, one row per cohort (contract columns
``cohort, program, language, group, starts, ends, region, format, capacity, agreed``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import cache
from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import read_text
from ..tables import plain as table

SCHEDULE_COLUMNS = ("cohort", "program", "language", "group", "starts", "ends", "region", "format",
                    "capacity", "agreed")
COHORT_ID = define("cohort-id", "A cohort id is malformed or appears twice in the schedule.", "C-2")
SCHEDULE_FILE = define("schedule-file", "A schedule file is not named <year>.csv.", "C-2")

COHORT_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")


@dataclass(frozen=True, kw_only=True)
class ScheduledCohort:
    """One row of the annual schedule: a cohort (group) of a program in one language."""

    cohort: str
    program: str
    language: str
    group: str
    starts: dt.date
    ends: dt.date
    region: str
    format: str
    capacity: int | None
    agreed: bool | None
    path: str
    line: int

    @property
    def year(self) -> int:
        return self.starts.year


@dataclass(frozen=True, kw_only=True)
class Schedule:
    cohorts: tuple[ScheduledCohort, ...]

    def get(self, cohort: str) -> ScheduledCohort | None:
        for c in self.cohorts:
            if c.cohort == cohort:
                return c
        return None

    def by_id(self) -> dict[str, ScheduledCohort]:
        return {c.cohort: c for c in self.cohorts}


def load_schedule(root: Path) -> tuple[Schedule, list[Finding]]:
    """Every data/schedule/<year>.csv; rows with a bad id or dates are reported and left out."""
    findings: list[Finding] = []
    cohorts: list[ScheduledCohort] = []
    folder = root / "data" / "schedule"
    if not folder.is_dir():
        return Schedule(cohorts=()), findings
    seen: dict[str, ScheduledCohort] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        shown = f"data/schedule/{path.name}"
        if not re.fullmatch(r"\d{4}\.csv", path.name):
            findings.append(error(shown, 1, SCHEDULE_FILE,
                                  t("schedule files are named after their year, e.g. data/schedule/2026.csv")))
            continue
        year, more = _read_year(path, shown)
        findings.extend(more)
        for c in year:
            first = seen.get(c.cohort)
            if first is not None:
                findings.append(error(shown, c.line, COHORT_ID,
                                      t("cohort '{cohort}' is already scheduled in {path}:{line}; give each cohort its own id", cohort=c.cohort, path=first.path, line=first.line)))
                continue
            seen[c.cohort] = c
            cohorts.append(c)
    return Schedule(cohorts=tuple(cohorts)), findings


def _read_year(path: Path, shown: str) -> tuple[list[ScheduledCohort], list[Finding]]:
    """One year's file: its well-formed cohorts in order, and its own findings — a function of its bytes, so
    it is taken from the content-addressed cache when they were read before (ustaz/cache.py)."""
    text, findings = read_text(path, shown)
    if text is None:
        return [], findings
    store, k = cache.Store("schedule"), cache.key("schedule-file", shown, text)
    hit = store.get(k)
    if hit is None:
        tbl, more = table.parse_table(text, shown, SCHEDULE_COLUMNS)
        cohorts = [c for row in (tbl.rows if tbl is not None else ()) if (c := _row(row, more)) is not None]
        hit = (cohorts, more)
        store.put(k, hit)
    return hit[0], findings + hit[1]


def _row(row: table.Row, findings: list[Finding]) -> ScheduledCohort | None:
    cohort = table.required(row, "cohort", findings)
    if cohort is not None and not COHORT_PATTERN.match(cohort):
        findings.append(error(row.path, row.line, COHORT_ID,
                              t("cohort id {cohort!r} must be 3–64 characters of a-z, 0-9 and '-' (it names the private folder cohorts/<cohort>/)", cohort=cohort)))
        cohort = None
    starts = table.date(row, "starts", findings)
    ends = table.date(row, "ends", findings)
    capacity = table.integer(row, "capacity", findings, minimum=1) if row["capacity"] else None
    agreed = table.boolean(row, "agreed", findings)
    if cohort is None or starts is None or ends is None:
        return None
    return ScheduledCohort(cohort=cohort, program=row["program"], language=row["language"], group=row["group"],
                           starts=starts, ends=ends, region=row["region"], format=row["format"],
                           capacity=capacity, agreed=agreed, path=row.path, line=row.line)
