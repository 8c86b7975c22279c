"""What the certificates need to know about a cohort, from its row in data/schedule/<year>.csv
(DESIGN.md "Public tables": cohort, program, language, group, starts, ends, region, …).

A small reader of the contract columns, so the register's statistics and checks do not wait for
the courses' loader; rows it cannot read are skipped here (the schedule's own check reports them).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class CohortInfo:
    cohort: str
    program: str
    language: str
    starts: dt.date
    ends: dt.date
    region: str


def schedule(root: Path) -> Mapping[str, CohortInfo]:
    out: dict[str, CohortInfo] = {}
    folder = root / "data" / "schedule"
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.csv")):
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    try:
                        info = CohortInfo(cohort=row["cohort"].strip(), program=row["program"].strip(),
                                          language=row.get("language", "").strip(),
                                          starts=dt.date.fromisoformat(row["starts"].strip()),
                                          ends=dt.date.fromisoformat(row["ends"].strip()),
                                          region=row.get("region", "").strip())
                    except (KeyError, ValueError, AttributeError):
                        continue
                    out.setdefault(info.cohort, info)
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
    return out
