"""Register rows against their cohort: the schedule's program and end date, and — where the private tree
holds the cohort — the sealed names opened with the cohort's codes (``<private>/cohorts/<c>/certificates.csv``)
and compared with its listeners, so a certificate is only ever issued to a listener of its cohort (C-16, C-20)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from ..certificates.load import register_of
from ..certificates.register import Certificate, Status, cell_date
from ..certificates.sealing import SealError, certificate_id
from ..courses.cohort import Cohort
from ..courses.issued import FILE
from ..courses.load import load_courses
from ..courses.schedule import ScheduledCohort
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..tables.columns import distinct, distinct_rows
from ..writefile import CONTROL
from . import Context, check

REGISTER_COHORT = define("register-cohort",
                         "A certificate's cohort is not scheduled, or its program or end date differ from the "
                         "schedule's.", "C-16")
REGISTER_HOLDER = define("register-holder",
                         "A certificate's holder is not a listener of its cohort, or holds more than one.", "C-16")
REGISTER_SEAL = define("register-seal",
                       "A sealed row of a cohort in the private tree has no code there, or its seals do not open "
                       "with the code.", "C-20")


@check(scope=("data/certificates",), reads_register=True)
def register_cohorts(ctx: Context) -> Iterator[Finding]:
    courses = load_courses(ctx)
    scheduled = courses.schedule.by_id()
    issued: Counter[tuple[str, str]] = Counter()
    first_line: dict[tuple[str, str], tuple[str, int]] = {}
    superseded = {id_ for rf in register_of(ctx).files for id_ in distinct(rf.column("supersedes")) if id_}
    keys = {certificate_id(code): code for c in courses.cohorts.values() for code in c.certificates}
    for rf in register_of(ctx).files:
        cohort_col, program_col, ended_col = rf.column("cohort"), rf.column("program"), rf.column("course_ended")
        # column by column: each (cohort, program, end) the register names is compared with the schedule once
        triples = zip(cohort_col, program_col, ended_col)
        off = {t for t in distinct_rows(cohort_col, program_col, ended_col) if not _as_scheduled(t, scheduled)}
        listed = {c for c in distinct(cohort_col) if c in courses.cohorts}  # cohorts with listeners to compare
        if not off and not listed:
            continue
        for i, triple in enumerate(triples):
            if (triple not in off and triple[0] not in listed) or i in rf.bad:
                continue
            cert = rf.certificate(i)
            if cert is None:
                continue
            row = scheduled.get(cert.cohort)
            if row is None:
                # an error: a row that names no scheduled course is a certificate no course stands behind
                yield error(cert.path, cert.line, REGISTER_COHORT,
                            t("cohort '{cohort}' is not in data/schedule/<year>.csv; the certificate cannot be traced to a course", cohort=cert.cohort))
                continue
            if row.program != cert.program:
                yield error(cert.path, cert.line, REGISTER_COHORT,
                            t("cohort '{cohort}' studied '{program}' (data/schedule), not '{program2}'", cohort=cert.cohort, program=row.program, program2=cert.program))
            if row.ends != cert.course_ended:
                yield error(cert.path, cert.line, REGISTER_COHORT,
                            t("course_ended must be the cohort's end date {ends}, not {course_ended}", ends=row.ends, course_ended=cert.course_ended))
            cohort = courses.cohorts.get(cert.cohort)
            if cohort is None:
                continue  # no private tree for it here (e.g. a public checkout): names cannot be checked
            opened = _opened(cert, keys, cohort)
            if isinstance(opened, Finding):
                yield opened
                continue
            yield from _holder(opened, cohort, superseded, issued, first_line)


def _opened(cert: Certificate, keys: dict[str, str], cohort: Cohort) -> Certificate | Finding:
    """The row opened with its code from the cohort's private certificates.csv, or why it cannot be."""
    code = keys.get(cert.id)
    if code is None:  # a warning: the public row may be right; the staff's private tree lacks its code
        return warning(cert.path, cert.line, REGISTER_SEAL,
                     t("no code in {file} gives the id {id}: the private tree lost the certificate's code, so its "
                       "holder cannot be checked", file=cohort.file(FILE), id=cert.id))
    try:
        return cert.opened(code)
    except SealError:
        return error(cert.path, cert.line, REGISTER_SEAL,
                     t("the seals of {id} do not open with its code in {file}: the row was altered",
                       id=cert.id, file=cohort.file(FILE)))


def _holder(cert: Certificate, cohort: Cohort, superseded: set[str], issued: Counter[tuple[str, str]],
            first_line: dict[tuple[str, str], tuple[str, int]]) -> Iterator[Finding]:
    """The row's holder is a listener of its cohort, each listener holding one valid certificate. The
    cohort's private certificates.csv ties a code to a listener id: such a row follows the listener, so
    a name corrected in listeners.csv leaves a revoked (or superseded) row valid as it was written, and
    asks for a reissue of an issued one; a row without a link is matched by its holder's name."""
    linked = cohort.certificates.get(cert.code)
    if linked is not None:
        listener = cohort.listener(linked)
        if listener is None:
            yield error(cert.path, cert.line, REGISTER_HOLDER,
                        t("{file} gives this certificate to listener {shown}, who is not in cohort '{cohort}' (its listeners.csv)", file=cohort.file(FILE), shown=shown(linked), cohort=cert.cohort))
            return
        if cert.status is Status.ISSUED and cert.id not in superseded and listener.full_name != cert.holder:
            yield error(cert.path, cert.line, REGISTER_HOLDER,
                        t("listener {listener} is '{shown}' in {path}, not '{shown2}'; correct the certificate: `ustaz register reissue {shown_code} --reason TEXT`", listener=listener.listener, shown=shown(listener.full_name), path=listener.path, shown2=shown(cert.holder), shown_code=cert.shown_code))
        key = (cert.cohort, "\0" + listener.listener.casefold())
        allowed = 1
    else:
        names = Counter(listener.full_name for listener in cohort.listeners)
        if names[cert.holder] == 0:
            if cert.status is Status.REVOKED and cert.id in superseded:
                return  # corrected: the row that supersedes it names the listener now
            hint = (t("if the name was corrected there, tie the certificate to its listener: `ustaz register reissue {shown_code} --listener ID --reason TEXT`", shown_code=cert.shown_code) if cert.status is Status.REVOKED else
                    t("write the name as surname, name and patronymic there"))
            yield error(cert.path, cert.line, REGISTER_HOLDER,
                        t("'{shown}' is not a listener of cohort '{cohort}' (its listeners.csv); {hint}", shown=shown(cert.holder), cohort=cert.cohort, hint=hint))
            return
        key = (cert.cohort, cert.holder)
        allowed = names[cert.holder]
    if cert.status is Status.ISSUED:
        issued[key] += 1
        first_line.setdefault(key, (cert.path, cert.line))
        if issued[key] > allowed:
            path, line = first_line[key]
            yield error(cert.path, cert.line, REGISTER_HOLDER,
                        t("'{shown}' already holds a certificate of cohort '{cohort}' ({path}:{line}); revoke one of them", shown=shown(cert.holder), cohort=cert.cohort, path=path, line=line))


def shown(text: str) -> str:
    """A cell as a finding quotes it: a control character (csv-control-character) written as \\uXXXX, so that
    a finding stays one printable line."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _as_scheduled(triple: tuple[str, str, str], scheduled: Mapping[str, ScheduledCohort]) -> bool:
    row = scheduled.get(triple[0])
    if row is None:
        return False
    try:
        return row.program == triple[1] and row.ends == cell_date(triple[2])
    except ValueError:
        return False
