"""The school's plan of courses (K-5): `<private>/staff-plan.csv`, one row per teacher's chosen course —
`teacher, year, topic, program, provider, needs, starts` (Table Schema `schemas/staff-plan.json`).

002, 3.1: the teacher chooses the course topic and the program; courses follow a plan that accounts for
the teacher's needs. `ustaz teachers due` shows each teacher's choice beside the cycle's due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..findings import Finding
from ..sourcefile import rel
from ..tables.rows import Row, TableSchema, read_table

PLAN_FILE = "staff-plan.csv"


@dataclass(frozen=True, kw_only=True)
class PlannedCourse:
    teacher: str
    year: int
    topic: str
    program: str
    provider: str
    needs: str
    starts: dt.date | None
    line: int

    @classmethod
    def from_row(cls, row: Row) -> PlannedCourse:
        return cls(teacher=row.get("teacher"), year=row.get("year"), topic=row.get("topic"),
                   program=row.get("program"), provider=row.get("provider") or "", needs=row.get("needs") or "",
                   starts=row.get("starts"), line=row.line)

    def as_json(self) -> dict[str, object]:
        return {"year": self.year, "topic": self.topic, "program": self.program, "provider": self.provider,
                "needs": self.needs, "starts": self.starts.isoformat() if self.starts else None}


@dataclass(frozen=True, kw_only=True)
class CoursePlan:
    path: str
    courses: tuple[PlannedCourse, ...]

    def of(self, teacher: str, from_year: int) -> list[PlannedCourse]:
        """The teacher's choices for `from_year` and later."""
        return sorted((c for c in self.courses if c.teacher == teacher and c.year >= from_year),
                      key=lambda c: (c.year, c.line))

    @classmethod
    def load(cls, private: Path, root: Path) -> tuple[CoursePlan | None, list[Finding]]:
        """None when the school keeps no plan (no staff-plan.csv)."""
        path = private / PLAN_FILE
        if not path.is_file():
            return None, []
        shown = rel(path, root)
        with resources.as_file(resources.files("ustaz.teachers.schemas").joinpath("staff-plan.json")) as schema:
            rows, findings = read_table(path, shown, TableSchema.from_file(schema))
        return cls(path=shown, courses=tuple(PlannedCourse.from_row(r) for r in rows)), findings
