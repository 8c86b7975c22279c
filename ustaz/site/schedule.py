"""The annual schedule for the site, grouped by year.

The site reads the same model the checker does (`ustaz.courses.schedule`): one loader for
data/schedule/<year>.csv. Rows the checker reports as unreadable are simply absent here; the site
never stops on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..courses.schedule import ScheduledCohort, load_schedule

ScheduleRow = ScheduledCohort  # the name the site's templates and the ICS writer use


@dataclass(frozen=True, kw_only=True)
class YearSchedule:
    year: int
    path: str
    rows: tuple[ScheduleRow, ...]


def load_schedules(root: Path) -> list[YearSchedule]:
    """Every data/schedule/<year>.csv, newest year first, rows by start date."""
    schedule, _ = load_schedule(root)  # its findings are `ustaz check`'s to report
    by_file: dict[str, list[ScheduleRow]] = {}
    for cohort in schedule.cohorts:
        if cohort.ends >= cohort.starts:  # a reversed period is a finding, not a calendar event
            by_file.setdefault(cohort.path, []).append(cohort)
    years = [YearSchedule(year=int(Path(path).stem), path=path,
                          rows=tuple(sorted(rows, key=lambda r: (r.starts, r.cohort))))
             for path, rows in by_file.items()]
    return sorted(years, key=lambda y: y.year, reverse=True)
