"""Rules of each sealed register row beyond its schema: dates, revocation, programs, supersedes (C-16, C-20).

The rows hold no code and no name (sealing.py), so every rule here reads public facts only and runs the
same with or without the private tree; opening the seals is register_seals.py's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from ..calendar import valid_until
from ..certificates.load import register_extras, register_of, start_register
from ..certificates.register import REGISTER_UNIQUE, Certificate, RegisterFile, Status, cell_date
from ..findings import Finding, define, error
from ..i18n import t
from ..model.program import Program
from ..parallel import fork_map
from ..tables.columns import distinct, distinct_rows
from . import Context, check

REGISTER_VALID_UNTIL = define("register-valid-until",
                              "valid_until is not the issue date plus the policy's validity years minus one day.",
                              "C-20")
REGISTER_REVOCATION = define("register-revocation",
                             "A revoked row lacks its date or reason, or an issued row has them.", "C-20")
REGISTER_DATES = define("register-dates", "A certificate is issued before its course ended or after today, or revoked "
                        "before issue or after today.", "C-20")
REGISTER_YEAR = define("register-year", "A certificate is in the register file of another year than its issue.",
                       "C-20")
REGISTER_PROGRAM = define("register-program", "A certificate names a program that is not in programs/.", "C-16")
REGISTER_HOURS = define("register-hours", "A certificate's hours differ from its program's hours.", "C-16")
REGISTER_SUPERSEDES = define("register-supersedes", "supersedes names an id that is not in the register.", "C-20")
REGISTER_PERSONAL_DATA = define("register-personal-data",
                                "The public register holds an identity number, e-mail or phone number.", "C-20")

_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<!\d)\+?\d[\d ()-]{8,}\d(?!\d)")


_ANY = re.compile("|".join(f"(?:{rx.pattern})" for rx in (_IIN, _EMAIL, _PHONE)))


# what every identity number, e-mail address and phone number has: a run of ten digits or more
# (with separators) or an '@' — found fast, where the full patterns would be tried at every character
_DIGIT_RUN = re.compile(r"\d[\d ()-]{8,}\d")


def _may_hold_personal_data(text: str) -> bool:
    """False when no cell of `text` (cells joined by newlines, which no pattern crosses) can hold personal
    data; True when one may."""
    return "@" in text or _DIGIT_RUN.search(text) is not None


@lru_cache(maxsize=65536)
def personal_data(text: str) -> str | None:
    if not text or _ANY.search(text) is None:  # one pass for the usual case: nothing found
        return None
    if _IIN.search(text):
        return t("an identity number (12 digits)")
    if _EMAIL.search(text):
        return t("an e-mail address")
    if _PHONE.search(text):
        return t("a phone number")
    return None


@lru_cache(maxsize=65536)
def _valid_until(issued: dt.date, years: int) -> dt.date:
    return valid_until(issued, years)


def row_findings(ctx: Context, cert: Certificate, programs: Mapping[str, Program] | None = None) -> Iterator[Finding]:
    """The rules of one row; `programs` is the project's program map (pass it when checking many rows)."""
    p, line = cert.path, cert.line
    if programs is None:
        programs = ctx.project.program_map
    years = ctx.policy.certificate_valid_years
    expected = _valid_until(cert.issued, years)
    if cert.valid_until != expected:
        yield error(p, line, REGISTER_VALID_UNTIL, t("valid_until must be {expected} (issued {issued} + {years} years − 1 day), not {valid_until}", expected=expected, issued=cert.issued, years=years, valid_until=cert.valid_until))
    if cert.status is Status.REVOKED:
        missing = [n for n, v in (("revoked_on", cert.revoked_on), ("reason_seal", cert.reason_seal)) if not v]
        if missing:
            yield error(p, line, REGISTER_REVOCATION, t("a revoked certificate needs {missing}; use `ustaz register revoke CODE --reason TEXT`", missing=' and '.join(missing)))
    elif cert.revoked_on or cert.reason_seal:
        yield error(p, line, REGISTER_REVOCATION, t("an issued certificate has no revoked_on or reason_seal; "
                                                    "revoke it with `ustaz register revoke CODE --reason TEXT` or "
                                                    "clear them"))
    if cert.issued < cert.course_ended:
        yield error(p, line, REGISTER_DATES, t("issued {issued} is before the course ended ({course_ended})", issued=cert.issued, course_ended=cert.course_ended))
    if cert.issued > ctx.today:
        yield error(p, line, REGISTER_DATES, t("issued {issued} is after today ({today}); a certificate is added on the day it is issued", issued=cert.issued, today=ctx.today))
    if cert.revoked_on and cert.revoked_on < cert.issued:
        yield error(p, line, REGISTER_DATES, t("revoked_on {revoked_on} is before the issue date {issued}", revoked_on=cert.revoked_on, issued=cert.issued))
    if cert.revoked_on and cert.revoked_on > ctx.today:
        yield error(p, line, REGISTER_DATES, t("revoked_on {revoked_on} is after today ({today})", revoked_on=cert.revoked_on, today=ctx.today))
    if cert.path.endswith(".csv") and cert.path.rsplit("/", 1)[-1][:-4] != str(cert.issued.year):
        yield error(p, line, REGISTER_YEAR, t("a certificate issued in {year} belongs in data/certificates/{year}.csv", year=cert.issued.year))
    for column, value in (("cohort", cert.cohort),):  # the seals are base64: no text in clear
        what = personal_data(value)
        if what:
            yield error(p, line, REGISTER_PERSONAL_DATA, t("'{column}' holds {what}; the register is public: keep identity numbers and contacts in the private tree", column=column, what=what))
    program = programs.get(cert.program)
    if program is None:
        if ctx.project.programs:  # a project without programs/ cannot say
            yield error(p, line, REGISTER_PROGRAM, t("no program '{program}' in programs/", program=cert.program))
    elif program.hours != cert.hours:
        yield error(p, line, REGISTER_HOURS, t("hours must be the program's {hours}, not {hours2}", hours=program.hours, hours2=cert.hours))


def suspects(ctx: Context, rf: RegisterFile, programs: Mapping[str, Program]) -> set[int]:
    """The rows of a file that may break a row rule, found column by column at C speed: a superset of
    the rows `row_findings` reports on (each rule's distinct values are checked once; only the rows
    with a bad value are suspects). The findings themselves come from `row_findings`, so the fast
    path and the row-by-row rules cannot say different things (tests/test_register_columns.py)."""
    col = rf.column
    out: set[int] = set()

    def rows_with(values: Iterable[object], bad: set[Any]) -> None:
        if bad:
            out.update(i for i, v in enumerate(values) if v in bad)

    issued, ended, until = col("issued"), col("course_ended"), col("valid_until")
    status, revoked_on, reason = col("status"), col("revoked_on"), col("reason_seal")
    years = ctx.policy.certificate_valid_years
    rows_with(zip(issued, until), {p for p in distinct_rows(issued, until) if not _until_ok(p, years)})
    rows_with(zip(ended, issued), {p for p in distinct_rows(ended, issued) if not _not_before(p[1], p[0])})
    today = ctx.today.isoformat()
    rows_with(issued, {d for d in distinct(issued) if _year_of(d) != rf.year or not _not_before(today, d)})
    if any(revoked_on) or any(reason) or distinct(status) - {Status.ISSUED.value}:  # revocations: date, reason, order
        revocations = zip(status, revoked_on, reason, issued)
        rows_with(revocations, {r for r in distinct_rows(status, revoked_on, reason, issued)
                                if not _revocation_ok(*r, today)})
    for name in ("cohort",):
        values = col(name)
        held = distinct(values)
        if _may_hold_personal_data("\n".join(held)):
            rows_with(values, {v for v in held if personal_data(v)})
    pairs = distinct_rows(col("program"), col("hours"))
    rows_with(zip(col("program"), col("hours")), {p for p in pairs if not _hours_ok(p, programs, ctx)})
    return out


def _until_ok(pair: tuple[str, str], years: int) -> bool:
    try:
        return cell_date(pair[1]) == _valid_until(cell_date(pair[0]), years)
    except ValueError:
        return False


def _not_before(later: str, earlier: str) -> bool:
    try:
        return cell_date(later) >= cell_date(earlier)
    except ValueError:
        return False


def _revocation_ok(status: str, revoked_on: str, reason: str, issued: str, today: str) -> bool:
    if status == Status.ISSUED.value:
        return not revoked_on and not reason
    return status == Status.REVOKED.value and bool(revoked_on) and bool(reason.strip()) and \
        _not_before(revoked_on, issued) and _not_before(today, revoked_on)


def _year_of(text: str) -> str:
    try:
        return str(cell_date(text).year)
    except ValueError:
        return ""


def _hours_ok(pair: tuple[str, str], programs: Mapping[str, Program], ctx: Context) -> bool:
    program = programs.get(pair[0])
    if program is None:
        return not ctx.project.programs
    return pair[1] == str(program.hours)


PARALLEL_ROWS = 150_000


def _prepare(ctx: Context) -> None:
    """Before the checks run: start reading the register, and finding each file's suspects where it is read."""
    programs = ctx.project.program_map
    start_register(ctx, after=lambda rf: suspects(ctx, rf, programs), after_key=suspects_key(ctx, programs))


def suspects_key(ctx: Context, programs: Mapping[str, Program]) -> str:
    """Everything `suspects` reads besides the file: the validity years, the day, each program's hours, and
    whether the project has programs at all."""
    hours = sorted((pid, str(p.hours)) for pid, p in programs.items())
    return repr((ctx.policy.certificate_valid_years, ctx.today.isoformat(), hours, bool(ctx.project.programs)))


def _rows(ctx: Context) -> Iterator[Finding]:
    register = register_of(ctx)
    programs = ctx.project.program_map
    first: dict[str, tuple[str, int]] = {}  # only filled when a code repeats across files
    known: set[str] = set()
    count = 0
    for rf in register.files:
        ids = _good(rf, rf.column("id"))
        known.update(ids)
        count += len(ids)
    repeated = len(known) < count
    # the files' suspects: found where the files were read (on the other cores, for a large register),
    # else on all cores now when the register is large (the columns reach the workers by fork)
    found = register_extras(ctx)
    if found is None:
        found = fork_map(lambda rf: suspects(ctx, rf, programs), register.files,
                         worth_it=len(register) >= PARALLEL_ROWS)
    for rf, rows in zip(register.files, found):
        for i in sorted(rows - rf.bad):
            cert = rf.certificate(i)
            if cert is not None:
                yield from row_findings(ctx, cert, programs)
        if repeated:  # the schema's unique check covers one file; a code may repeat in another
            lines = rf.table.lines
            for i in rf.good:
                id_ = rf.column("id")[i]
                path, line = first.setdefault(id_, (rf.path, lines[i]))
                if path != rf.path:
                    yield error(rf.path, lines[i], REGISTER_UNIQUE,
                                t("the id {id} is already in {path} line {line}", id=id_, path=path, line=line))
        supersedes = rf.column("supersedes")
        if any(supersedes):
            for i in rf.good:
                if supersedes[i] and supersedes[i] not in known:
                    yield error(rf.path, rf.table.lines[i], REGISTER_SUPERSEDES,
                                t("supersedes {supersedes}, which is not in the register", supersedes=supersedes[i]))


def _good(rf: RegisterFile, column: Sequence[str]) -> Sequence[str]:
    return column if not rf.bad else [column[i] for i in rf.good]


class _RegisterRows:
    """The check, with the work it starts before every check runs (`checks.run` calls `prepare` first)."""

    __name__ = "register_rows"

    def __call__(self, ctx: Context) -> Iterator[Finding]:
        return _rows(ctx)

    def prepare(self, ctx: Context) -> None:
        _prepare(ctx)


register_rows = check(scope=("data/certificates",), reads_register=True)(_RegisterRows())
