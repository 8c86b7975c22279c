"""The private staff list: `<private>/staff.csv` (teachers) and `<private>/staff-courses.csv` (courses).

Both are read against the Table Schemas shipped in `ustaz/teachers/schemas/`. Personal data stays in
the private tree: findings name a teacher by the school's id, never by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..findings import Finding
from ..sourcefile import rel
from ..tables.rows import Row, TableSchema, read_table
from ..vocab import DOCUMENT_OF_KIND

STAFF_FILE = "staff.csv"
COURSES_FILE = "staff-courses.csv"


def _schema(name: str) -> TableSchema:
    with resources.as_file(resources.files("ustaz.teachers.schemas").joinpath(f"{name}.json")) as path:
        return TableSchema.from_file(path)


@dataclass(frozen=True, kw_only=True)
class Teacher:
    id: str
    surname: str
    name: str
    patronymic: str
    organization: str
    position: str
    hired: dt.date | None
    line: int

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @classmethod
    def from_row(cls, row: Row) -> Teacher:
        return cls(id=row.get("teacher"), surname=row.get("surname"), name=row.get("name"),
                   patronymic=row.get("patronymic") or "", organization=row.get("organization"),
                   position=row.get("position") or "", hired=row.get("hired"), line=row.line)


@dataclass(frozen=True, kw_only=True)
class CourseTaken:
    teacher: str
    kind: str  # course | retraining
    title: str
    provider: str
    hours: int
    started: dt.date | None
    ended: dt.date
    handed_in: bool  # K-4
    line: int

    @property
    def document(self) -> str:
        """The document this course leads to: certificate (күбөлүк) or diploma (K-1, K-3)."""
        return DOCUMENT_OF_KIND[self.kind]

    @classmethod
    def from_row(cls, row: Row) -> CourseTaken:
        return cls(teacher=row.get("teacher"), kind=row.get("kind"), title=row.get("title"),
                   provider=row.get("provider") or "", hours=row.get("hours"), started=row.get("started"),
                   ended=row.get("ended"), handed_in=row.get("handed_in"), line=row.line)


@dataclass(frozen=True, kw_only=True)
class Staff:
    teachers: tuple[Teacher, ...]
    courses: tuple[CourseTaken, ...]
    staff_path: str  # as shown in findings
    courses_path: str

    def courses_of(self, teacher: str) -> list[CourseTaken]:
        return [c for c in self.courses if c.teacher == teacher]

    @classmethod
    def load(cls, private: Path, root: Path) -> tuple[Staff | None, list[Finding]]:
        """None when the private tree has no staff.csv (the project does not use the teachers' cycle)."""
        staff_file, courses_file = private / STAFF_FILE, private / COURSES_FILE
        if not staff_file.exists():
            return None, []
        staff_shown, courses_shown = rel(staff_file, root), rel(courses_file, root)
        rows, findings = read_table(staff_file, staff_shown, _schema("staff"))
        course_rows: list[Row] = []
        if courses_file.exists():
            course_rows, more = read_table(courses_file, courses_shown, _schema("staff-courses"))
            findings.extend(more)
        return cls(teachers=tuple(Teacher.from_row(r) for r in rows),
                   courses=tuple(CourseTaken.from_row(r) for r in course_rows),
                   staff_path=staff_shown, courses_path=courses_shown), findings
