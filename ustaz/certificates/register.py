"""The certificate register: ``data/certificates/<year>.csv`` (DESIGN.md "Public tables", C-16, C-20).

Loaded once, column by column (``table.Columns``); the checker works on the columns, and the
lookup data, the statistics page and ``ustaz verify`` get frozen ``Certificate`` objects that
remember their file and line, made from the columns on demand. Loading
never raises for bad input: schema problems become findings (the same ones frictionless reports
for ``data/schemas/certificates.json``) and the well-formed rows are still loaded.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from .. import cache
from ..findings import Finding, error
from ..i18n import t
from ..parallel import fork_map_async
from ..sourcefile import ENCODING, load_json, read_bytes
from ..tables import arrow
from ..tables.codes import TABLE_HEADER, TABLE_UNIQUE
from ..tables.columns import Columns, Problem, Row, TableSchema, read_columns
from ..tables.report import one_per_short_row
from ..tables.report import problem_finding as table_finding
from . import codes
from .sealing import HOLDER, REASON, Sealer, SealError, certificate_id

T = TypeVar("T")

COLUMNS = ("id", "program", "cohort", "hours", "course_ended", "issued", "valid_until", "status", "revoked_on",
           "supersedes", "holder_seal", "reason_seal")
# the first release's plaintext columns, which `ustaz register seal` migrates
PLAIN_COLUMNS = ("code", "program", "cohort", "holder", "hours", "course_ended", "issued", "valid_until",
                 "status", "revoked_on", "revoked_reason", "supersedes")
REGISTER_DIR = "data/certificates"
PACKED = ("holder_seal",)  # the long distinct values: kept packed (table.PackedColumn)
SCHEMA_PATH = "data/schemas/certificates.json"

# the schema's findings are the tables' (ustaz/tables/codes.py); the register's own rules are in ustaz/checks
REGISTER_UNIQUE = TABLE_UNIQUE  # (the name the row rules import)


class Status(str, enum.Enum):
    ISSUED = "issued"
    REVOKED = "revoked"


@dataclass(frozen=True, kw_only=True, slots=True)
class Certificate:
    """One row of the sealed register: public facts, keyed by the id derived from the code, and the holder's
    name and the revocation reason sealed with the code's key (sealing.py). ``code``, ``holder`` and
    ``revoked_reason`` are known only once the row is opened with its code (from the private tree)."""

    id: str
    program: str
    cohort: str
    hours: int
    course_ended: dt.date
    issued: dt.date
    valid_until: dt.date
    status: Status
    revoked_on: dt.date | None = None
    supersedes: str = ""  # the id of the certificate this one replaces
    holder_seal: str = ""
    reason_seal: str = ""
    path: str = ""
    line: int = 0
    code: str = ""  # normalised (no dashes); "" while sealed
    holder: str = ""
    revoked_reason: str = ""

    @property
    def shown_code(self) -> str:
        """The code in groups of four when the row is opened, else its public id."""
        return codes.display(self.code) if self.code else self.id

    @property
    def is_open(self) -> bool:
        return bool(self.code)

    @classmethod
    def issue(cls, *, code: str, holder: str, program: str, cohort: str, hours: int, course_ended: dt.date,
              issued: dt.date, valid_until: dt.date, supersedes: str = "") -> Certificate:
        """A new issued certificate: its id and holder seal made from its code."""
        sealer = Sealer(code)
        return cls(id=sealer.id, program=program, cohort=cohort, hours=hours, course_ended=course_ended,
                   issued=issued, valid_until=valid_until, status=Status.ISSUED, supersedes=supersedes,
                   holder_seal=sealer.seal(HOLDER, holder), code=codes.normalize(code), holder=holder)

    def opened(self, code: str) -> Certificate:
        """This row with its seals opened by `code`; SealError when they do not open (or the id is another's)."""
        sealer = Sealer(code)
        if sealer.id != self.id:
            raise SealError("the code is not this row's")
        return replace(self, code=codes.normalize(code), holder=sealer.open(HOLDER, self.holder_seal),
                       revoked_reason=sealer.open(REASON, self.reason_seal))

    def revoked(self, on: dt.date, reason: str) -> Certificate:
        """The row revoked on `on`, its reason sealed (the row must be open)."""
        if not self.code:
            raise SealError("a row is revoked with its code, which seals the reason")
        sealer = Sealer(self.code)
        return replace(self, status=Status.REVOKED, revoked_on=on, revoked_reason=reason,
                       reason_seal=sealer.seal(REASON, reason))

    @classmethod
    def from_row(cls, row: Row, path: str) -> Certificate | None:
        cells = row.values if row.names == COLUMNS else tuple(row.cells[c] for c in COLUMNS)
        return cls.from_cells(cells, path, row.line)

    @classmethod
    def from_cells(cls, cells: tuple[str, ...], path: str, line: int) -> Certificate | None:
        """A well-formed row's cells in the contract's order become a Certificate (sealed); None for cells the
        schema would not pass."""
        try:
            (id_, program, cohort, hours, ended, issued, until, status, revoked_on, supersedes, holder_seal,
             reason_seal) = cells
            return cls(id=id_, program=program, cohort=cohort, hours=_int(hours), course_ended=cell_date(ended),
                       issued=cell_date(issued), valid_until=cell_date(until), status=_STATUS[status],
                       revoked_on=cell_date(revoked_on) if revoked_on else None, supersedes=supersedes,
                       holder_seal=holder_seal, reason_seal=reason_seal, path=path, line=line)
        except (KeyError, ValueError):
            return None

    def row(self) -> dict[str, str]:
        """The CSV row, in the contract's column order: no code, no name."""
        return {"id": self.id, "program": self.program, "cohort": self.cohort, "hours": str(self.hours),
                "course_ended": self.course_ended.isoformat(), "issued": self.issued.isoformat(),
                "valid_until": self.valid_until.isoformat(), "status": self.status.value,
                "revoked_on": self.revoked_on.isoformat() if self.revoked_on else "", "supersedes": self.supersedes,
                "holder_seal": self.holder_seal, "reason_seal": self.reason_seal}


_STATUS = {s.value: s for s in Status}


@lru_cache(maxsize=1024)
def _int(text: str) -> int:
    return int(text)


@lru_cache(maxsize=65536)
def cell_date(text: str) -> dt.date:
    """A date the schema accepted (strptime's '%Y-%m-%d', e.g. 2026-5-8 too); dates repeat, so cached."""
    return dt.datetime.strptime(text, "%Y-%m-%d").date()


@dataclass(frozen=True, kw_only=True)
class RegisterFile:
    """One year's file, kept as columns (a million rows are 12 lists, not a million objects).

    The well-formed rows (all but ``bad``) are the file's certificates, made on demand. ``rows``
    (every parsed row, for the append-only check) is made on demand too."""

    path: str  # relative to the project root
    year: str
    table: Columns
    bad: frozenset[int] = frozenset()  # indices of the rows with schema problems
    keys: Mapping[str, str] = field(default_factory=dict)  # id → code (the private tree's): rows opened when made

    @property
    def good(self) -> Sequence[int]:
        """The indices of the well-formed rows."""
        if not self.bad:
            return range(len(self.table))
        return [i for i in range(len(self.table)) if i not in self.bad]

    @property
    def rows(self) -> list[Row]:
        return list(self.table.rows())

    def column(self, name: str) -> Sequence[str]:
        return self.table.column(name)

    def certificate(self, i: int) -> Certificate | None:
        return self._open(Certificate.from_cells(tuple(c[i] for c in self.table.values), self.path,
                                                 self.table.lines[i]))

    def _open(self, cert: Certificate | None) -> Certificate | None:
        """The row opened with its code when the private tree gave it (a seal that does not open stays sealed:
        the register-seal check reports it)."""
        if cert is None or not self.keys:
            return cert
        code = self.keys.get(cert.id)
        if code is None:
            return cert
        try:
            return cert.opened(code)
        except SealError:
            return cert

    @property
    def certificates(self) -> tuple[Certificate, ...]:
        return tuple(self.iter_certificates())

    def iter_certificates(self) -> Iterator[Certificate]:
        """The file's certificates, made one by one (a million need not be held at once)."""
        if self.table.names != COLUMNS:  # a project schema in another column order
            for i in self.good:
                row = self.table.row(i)
                cert = self._open(Certificate.from_cells(tuple(row.cells[c] for c in COLUMNS), self.path, row.line))
                if cert is not None:
                    yield cert
            return
        lines, path = self.table.lines, self.path
        bad = self.bad
        for i, cells in enumerate(zip(*self.table.values)):
            if i not in bad:
                cert = Certificate.from_cells(cells, path, lines[i])
                if cert is not None and self.keys:
                    cert = self._open(cert)
                if cert is not None:
                    yield cert

    def _is_good(self, i: int) -> bool:
        return i not in self.bad


@dataclass(frozen=True, kw_only=True)
class Register:
    files: tuple[RegisterFile, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def certificates(self) -> Iterator[Certificate]:
        for f in self.files:
            yield from f.iter_certificates()

    @cached_property
    def by_id(self) -> Mapping[str, Certificate]:
        """Every certificate by its id (the first one when an id repeats); made on first use."""
        out: dict[str, Certificate] = {}
        for cert in self.certificates:
            out.setdefault(cert.id, cert)
        return out

    def get(self, code: str) -> Certificate | None:
        """The certificate with this code, opened with it: a scan of the id columns at C speed, no index needed.
        A row whose seals do not open with the code is returned sealed."""
        wanted = certificate_id(code)
        found = self.by_id.get(wanted) if "by_id" in self.__dict__ else self._find(wanted)
        if found is None:
            return None
        try:
            return found if found.is_open else found.opened(code)
        except SealError:
            return found

    def _find(self, wanted: str) -> Certificate | None:
        for rf in self.files:
            column = rf.column("id")
            start = 0
            while True:
                try:
                    i = column.index(wanted, start)
                except ValueError:
                    break
                if rf._is_good(i):
                    return rf.certificate(i)
                start = i + 1
        return None

    def with_codes(self, keys: Mapping[str, str]) -> Register:
        """The register whose rows open with these codes (id → code, e.g. `private_codes`)."""
        return Register(files=tuple(replace(rf, keys=keys) for rf in self.files), findings=self.findings)

    def __len__(self) -> int:
        return sum(len(f.table) - len(f.bad) for f in self.files)

    @classmethod
    def load(cls, root: Path) -> Register:
        return cls.start_loading(root)()[0]

    @classmethod
    def start_loading(cls, root: Path, after: Callable[[RegisterFile], T] | None = None, after_key: str | None = None
                      ) -> Callable[[], tuple[Register, list[T] | None]]:
        """Begin reading the register and return a function that waits for it. A large register's year
        files are read on the other cores while the caller goes on (the columns come back pickled, which
        keeps shared values shared), and `after` runs on each file there too; a small one is read when
        waited for, in this process, and `after` is not run (None). With `after_key` (everything besides the
        file that `after` reads), its result is cached with the file's (ustaz/cache.py)."""
        folder = root / REGISTER_DIR
        paths = sorted(folder.glob("*.csv")) if folder.is_dir() else []
        schema = project_schema(root)
        parallel = sum(_size(p) for p in paths) >= PARALLEL_BYTES
        schema_source = _schema_source(root)
        if cache.enabled():
            cache.code_digest()  # once, here: the workers fork with it

        def one(path: Path) -> tuple[RegisterFile | None, list[Finding], T | None]:
            rf, findings, file_key = _load_file(path, schema, schema_source)
            if after is None or rf is None or not parallel:
                return rf, findings, None
            if after_key is None or file_key is None:
                return rf, findings, after(rf)
            store, k = cache.Store("register"), cache.key("register-after", file_key, after_key)
            extra = store.get(k)
            if extra is None:
                extra = after(rf)
                store.put(k, extra)
            return rf, findings, extra

        wait = fork_map_async(one, paths, worth_it=parallel)

        def done() -> tuple[Register, list[T] | None]:
            loaded = wait()
            register = cls(files=tuple(rf for rf, _, _ in loaded if rf is not None),
                           findings=tuple(f for _, more, _ in loaded for f in more))
            extras = [x for rf, _, x in loaded if rf is not None] if parallel and after is not None else None
            return register, extras  # type: ignore[return-value]
        return done


# from about 150,000 rows on, reading the register on two cores is faster than on one
PARALLEL_BYTES = 20_000_000
# a year's register file: about 130 bytes a row, so millions of rows, and still a bound
MAX_REGISTER_BYTES = 1 << 30


def _size(path: Path) -> int:
    """A register file's size for the choice of cores: 0 for what is not a regular file (the reader
    reports it)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _schema_source(root: Path) -> bytes:
    """What the schema of `project_schema` is made from, for the cache key: the project's file, if any."""
    path = root / SCHEMA_PATH
    try:
        return path.read_bytes() if path.is_file() else b"packaged"
    except OSError:
        return b"unreadable"


def _load_file(csv_path: Path, schema: TableSchema, schema_source: bytes | None = None
               ) -> tuple[RegisterFile | None, list[Finding], str | None]:
    """A year's file read and held to the schema, and its cache key; with `schema_source` (what `schema` is
    made from), the result is taken from the content-addressed cache when the same bytes were read before
    (ustaz/cache.py)."""
    shown = f"{REGISTER_DIR}/{csv_path.name}"
    raw, findings = read_bytes(csv_path, shown, limit=MAX_REGISTER_BYTES)
    if raw is None:
        return None, findings, None
    if schema_source is None or not cache.enabled():
        return (*_parse_bytes(raw, shown, schema), None)
    store, k = cache.Store("register"), cache.key("register-file", shown, schema_source, raw)
    hit = store.get(k)
    if hit is None:
        hit = _parse_bytes(raw, shown, schema)
        store.put(k, hit)
    return hit[0], hit[1], k


def _parse_bytes(raw: bytes, shown: str, schema: TableSchema) -> tuple[RegisterFile | None, list[Finding]]:
    if len(raw) >= arrow.ARROW_BYTES and arrow.available():
        table = arrow.read_columns(raw, schema, PACKED)  # a clean, plain file; else None: read it slowly below
        if table is not None:
            return RegisterFile(path=shown, year=Path(shown).stem, table=table.packed(PACKED)), []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [error(shown, None, ENCODING, t("the file is not valid UTF-8 ({reason} at byte {start}); save it as UTF-8", reason=exc.reason, start=exc.start))]
    return parse_file(text, shown, schema)


def parse_file(text: str, shown: str, schema: TableSchema | None = None) -> tuple[RegisterFile, list[Finding]]:
    schema = schema or packaged_schema()
    text = text.removeprefix("\ufeff")
    table, problems = read_columns(text, schema)
    findings = [problem_finding(shown, p) for p in one_per_short_row(problems)]
    bad_lines = {p.line for p in problems if p.kind != "extra-cell"}
    bad = frozenset(i for i, line in enumerate(table.lines) if line in bad_lines) if bad_lines else frozenset()
    year = Path(shown).stem
    return RegisterFile(path=shown, year=year, table=table.packed(PACKED), bad=bad), findings


def problem_finding(shown: str, p: Problem) -> Finding:
    """A schema problem of a register file; two say more than a table's (ustaz/tables/report.py)."""
    if p.kind == "incorrect-label" and p.value == ",".join(PLAIN_COLUMNS):
        return error(shown, 1, TABLE_HEADER, t("the register holds codes and names in clear (the first release's "
                                               "format); seal it: `ustaz register seal`"))
    if p.kind == "unique-error" and p.field == "id":
        return error(shown, p.line, TABLE_UNIQUE,
                     t("the id {id} is already on line {line}; every certificate has its own code and id", id=p.value,
                       line=p.other_line))
    return table_finding(shown, p, COLUMNS)


@lru_cache(maxsize=1)
def packaged_schema() -> TableSchema:
    text = resources.files("ustaz.certificates").joinpath("certificates.schema.json").read_text(encoding="utf-8")
    return TableSchema.from_descriptor(json.loads(text))


def project_schema(root: Path) -> TableSchema:
    """The project's copy of the contract schema if it has one, else the packaged one."""
    path = root / SCHEMA_PATH
    if path.exists():
        descriptor, findings = load_json(path, SCHEMA_PATH)
        try:
            if not findings:
                return TableSchema.from_descriptor(descriptor)
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # a broken schema file is reported by the data package check; use the contract's
    return packaged_schema()
