"""data/schedule/<year>.csv → ScheduleRow, read defensively for the site.

The table's contract (columns, Table Schema data/schemas/schedule.json) is checked by `ustaz check`;
here a row that cannot be read is left out of the site (the checker names it), never a crash.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("cohort", "program", "language", "group", "starts", "ends", "region", "format", "capacity", "agreed")
_YEAR_FILE = re.compile(r"^(\d{4})\.csv$")


@dataclass(frozen=True, kw_only=True)
class ScheduleRow:
    cohort: str
    program: str
    language: str
    group: str
    starts: dt.date
    ends: dt.date
    region: str
    format: str
    capacity: int | None
    agreed: bool
    line: int

    @classmethod
    def from_row(cls, row: dict[str, str], line: int) -> ScheduleRow | None:
        """A row, or None when its cohort or dates cannot be read."""
        def cell(key: str) -> str:
            return (row.get(key) or "").strip()

        try:
            starts, ends = dt.date.fromisoformat(cell("starts")), dt.date.fromisoformat(cell("ends"))
        except ValueError:
            return None
        if not cell("cohort") or ends < starts:
            return None
        capacity = int(cell("capacity")) if cell("capacity").isdigit() else None
        return cls(cohort=cell("cohort"), program=cell("program"), language=cell("language"), group=cell("group"),
                   starts=starts, ends=ends, region=cell("region"), format=cell("format"), capacity=capacity,
                   agreed=cell("agreed").lower() == "true", line=line)


@dataclass(frozen=True, kw_only=True)
class YearSchedule:
    year: int
    path: str
    rows: tuple[ScheduleRow, ...]


def load_schedules(root: Path) -> list[YearSchedule]:
    """Every data/schedule/<year>.csv, newest year first, rows by start date."""
    folder = root / "data" / "schedule"
    years: list[YearSchedule] = []
    if not folder.is_dir():
        return years
    for path in sorted(folder.iterdir(), reverse=True):
        m = _YEAR_FILE.match(path.name)
        if not m or not path.is_file():
            continue
        rows: list[ScheduleRow] = []
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                for row in reader:
                    parsed = ScheduleRow.from_row(row, reader.line_num)
                    if parsed is not None:
                        rows.append(parsed)
        except (UnicodeDecodeError, csv.Error):
            continue  # `ustaz check` reports the file; the site shows the other years
        rows.sort(key=lambda r: (r.starts, r.cohort))
        years.append(YearSchedule(year=int(m.group(1)), path=f"data/schedule/{path.name}", rows=tuple(rows)))
    return years
