"""The certificate register: ``data/certificates/<year>.csv`` (DESIGN.md "Public tables", C-16, C-20).

Loaded once into frozen ``Certificate`` objects that remember their file and line; the checker,
the lookup data, the statistics page and ``ustaz verify`` all read the same objects. Loading
never raises for bad input: schema problems become findings (the same ones frictionless reports
for ``data/schemas/certificates.json``) and the well-formed rows are still loaded.
"""

from __future__ import annotations

import datetime as dt
import enum
import gc
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..findings import Finding, define, error
from ..sourcefile import ENCODING
from . import codes
from .table import Problem, Row, TableSchema, read

COLUMNS = ("code", "program", "cohort", "holder", "hours", "course_ended", "issued", "valid_until",
           "status", "revoked_on", "revoked_reason", "supersedes")
REGISTER_DIR = "data/certificates"
SCHEMA_PATH = "data/schemas/certificates.json"

REGISTER_HEADER = define("register-header", "A register file's header is not the contract's columns.", "C-20")
REGISTER_ROW = define("register-row", "A register row is blank, has too few or too many cells, or cannot be parsed.",
                      "C-20")
REGISTER_TYPE = define("register-type", "A register cell is not of its column's type (integer, date).", "C-20")
REGISTER_CONSTRAINT = define("register-constraint",
                             "A register cell breaks its column's constraint (required, pattern, enum, …).", "C-20")
REGISTER_UNIQUE = define("register-unique", "A certificate code appears twice in the register.", "C-20")


class Status(str, enum.Enum):
    ISSUED = "issued"
    REVOKED = "revoked"


@dataclass(frozen=True, kw_only=True, slots=True)
class Certificate:
    """One row of the register. ``code`` is normalised (no dashes); ``shown_code`` is as written."""

    code: str
    shown_code: str
    program: str
    cohort: str
    holder: str
    hours: int
    course_ended: dt.date
    issued: dt.date
    valid_until: dt.date
    status: Status
    revoked_on: dt.date | None = None
    revoked_reason: str = ""
    supersedes: str = ""
    path: str = ""
    line: int = 0

    @classmethod
    def from_row(cls, row: Row, path: str) -> Certificate | None:
        """A well-formed row (its cells passed the schema: codes match the grouped pattern) becomes a
        Certificate."""
        try:
            (code, program, cohort, holder, hours, ended, issued, until, status, revoked_on, reason,
             supersedes) = row.values if row.names == COLUMNS else tuple(row.cells[c] for c in COLUMNS)
            return cls(code=code.replace("-", ""), shown_code=code, program=program, cohort=cohort, holder=holder,
                       hours=_int(hours), course_ended=_date(ended), issued=_date(issued), valid_until=_date(until),
                       status=_STATUS[status], revoked_on=_date(revoked_on) if revoked_on else None,
                       revoked_reason=reason, supersedes=supersedes.replace("-", "") if supersedes else "",
                       path=path, line=row.line)
        except (KeyError, ValueError):
            return None

    def row(self) -> dict[str, str]:
        """The CSV row, in the contract's column order."""
        return {"code": codes.display(self.code), "program": self.program, "cohort": self.cohort,
                "holder": self.holder, "hours": str(self.hours), "course_ended": self.course_ended.isoformat(),
                "issued": self.issued.isoformat(), "valid_until": self.valid_until.isoformat(),
                "status": self.status.value, "revoked_on": self.revoked_on.isoformat() if self.revoked_on else "",
                "revoked_reason": self.revoked_reason,
                "supersedes": codes.display(self.supersedes) if self.supersedes else ""}


_STATUS = {s.value: s for s in Status}


@lru_cache(maxsize=1024)
def _int(text: str) -> int:
    return int(text)


@lru_cache(maxsize=65536)
def _date(text: str) -> dt.date:
    """A date the schema accepted (strptime's '%Y-%m-%d', e.g. 2026-5-8 too); dates repeat, so cached."""
    return dt.datetime.strptime(text, "%Y-%m-%d").date()


@dataclass(frozen=True, kw_only=True)
class RegisterFile:
    path: str  # relative to the project root
    year: str
    certificates: tuple[Certificate, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, kw_only=True)
class Register:
    files: tuple[RegisterFile, ...]
    findings: tuple[Finding, ...] = ()
    by_code: Mapping[str, Certificate] = field(default_factory=dict)

    @property
    def certificates(self) -> Iterable[Certificate]:
        for f in self.files:
            yield from f.certificates

    def get(self, code: str) -> Certificate | None:
        return self.by_code.get(codes.normalize(code))

    @classmethod
    def load(cls, root: Path) -> Register:
        # a million rows make millions of objects, none in a reference cycle: the cyclic garbage
        # collector would walk the growing heap again and again for nothing (a third of the load time)
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls._load(root)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _load(cls, root: Path) -> Register:
        folder = root / REGISTER_DIR
        files: list[RegisterFile] = []
        findings: list[Finding] = []
        by_code: dict[str, Certificate] = {}
        schema = project_schema(root)
        if folder.is_dir():
            for csv_path in sorted(folder.glob("*.csv")):
                shown = f"{REGISTER_DIR}/{csv_path.name}"
                try:
                    text = csv_path.read_bytes().decode("utf-8")
                except UnicodeDecodeError as exc:
                    findings.append(error(shown, None, ENCODING, f"the file is not valid UTF-8 ({exc.reason} at "
                                                                 f"byte {exc.start}); save it as UTF-8"))
                    continue
                rf, more = parse_file(text, shown, schema)
                files.append(rf)
                findings.extend(more)
                for cert in rf.certificates:
                    by_code.setdefault(cert.code, cert)
        return cls(files=tuple(files), findings=tuple(findings), by_code=by_code)


def parse_file(text: str, shown: str, schema: TableSchema | None = None) -> tuple[RegisterFile, list[Finding]]:
    schema = schema or packaged_schema()
    text = text.removeprefix("\ufeff")
    rows, problems = read(text, schema)
    findings = [problem_finding(shown, p) for p in _one_per_short_row(problems)]
    bad_lines = {p.line for p in problems if p.kind != "extra-cell"}
    certs = []
    for r in rows:
        if r.line in bad_lines:
            continue
        cert = Certificate.from_row(r, shown)
        if cert is not None:
            certs.append(cert)
    year = Path(shown).stem
    return RegisterFile(path=shown, year=year, certificates=tuple(certs), rows=tuple(rows)), findings


def _one_per_short_row(problems: list[Problem]) -> list[Problem]:
    """A short row is one finding (its first missing cell), not one per missing or required cell."""
    missing = {(p.line, p.field) for p in problems if p.kind == "missing-cell"}
    first: set[int] = set()
    out = []
    for p in problems:
        if p.kind == "missing-cell":
            if p.line in first:
                continue
            first.add(p.line)
        elif p.kind == "constraint-error" and (p.line, p.field) in missing:
            continue
        out.append(p)
    return out


_CONSTRAINT_TEXT = {
    "required": "must not be empty",
    "pattern": "must match the pattern {arg}",
    "enum": "must be one of {arg}",
    "minimum": "must be at least {arg}",
    "maximum": "must be at most {arg}",
    "minLength": "must have at least {arg} characters",
    "maxLength": "must have at most {arg} characters",
}
_TYPE_TEXT = {"integer": "a whole number", "date": "a date YYYY-MM-DD", "number": "a number",
              "boolean": "true or false"}


def problem_finding(shown: str, p: Problem) -> Finding:
    if p.kind == "incorrect-label" or p.kind == "missing-label":
        return error(shown, 1, REGISTER_HEADER, f"the header must be exactly: {','.join(COLUMNS)}")
    if p.kind == "blank-row":
        return error(shown, p.line, REGISTER_ROW, "the row is blank; delete the empty line")
    if p.kind == "missing-cell":
        return error(shown, p.line, REGISTER_ROW, f"the row ends before its '{p.field}' cell; every row has "
                                                  f"{len(COLUMNS)} cells")
    if p.kind == "extra-cell":
        return error(shown, p.line, REGISTER_ROW, f"the row has more than {len(COLUMNS)} cells "
                                                  f"(extra: {p.value[:40]!r}); quote cells that contain commas")
    if p.kind == "source-error":
        return error(shown, p.line, REGISTER_ROW, f"the CSV cannot be parsed: {p.value}")
    if p.kind == "type-error":
        return error(shown, p.line, REGISTER_TYPE,
                     f"'{p.field}' must be {_TYPE_TEXT.get(p.constraint, p.constraint)}, not {p.value[:40]!r}")
    if p.kind == "unique-error":
        return error(shown, p.line, REGISTER_UNIQUE,
                     f"the code {p.value} is already on line {p.other_line}; every certificate has its own code")
    text = _CONSTRAINT_TEXT.get(p.constraint, p.constraint).format(arg=p.value)
    return error(shown, p.line, REGISTER_CONSTRAINT, f"'{p.field}' {text}")


@lru_cache(maxsize=1)
def packaged_schema() -> TableSchema:
    text = resources.files("ustaz.certificates").joinpath("certificates.schema.json").read_text(encoding="utf-8")
    return TableSchema.from_descriptor(json.loads(text))


def project_schema(root: Path) -> TableSchema:
    """The project's copy of the contract schema if it has one, else the packaged one."""
    path = root / SCHEMA_PATH
    if path.exists():
        try:
            return TableSchema.from_descriptor(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError):
            pass  # a broken schema file is reported by the data package check; use the contract's
    return packaged_schema()
