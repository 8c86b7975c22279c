"""Register rows against their cohort: the schedule's program and end date, and the private tree's
listeners (holder names), so a certificate is only ever issued to a listener of its cohort (C-16, C-20)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..certificates.load import register_of
from ..certificates.register import Status
from ..courses.load import load_courses
from ..findings import Finding, define, error, warning
from . import Context, check

REGISTER_COHORT = define("register-cohort",
                         "A certificate's cohort is not scheduled, or its program or end date differ from the "
                         "schedule's.", "C-16")
REGISTER_HOLDER = define("register-holder",
                         "A certificate's holder is not a listener of its cohort, or holds more than one.", "C-16")


@check
def register_cohorts(ctx: Context) -> Iterator[Finding]:
    courses = load_courses(ctx)
    scheduled = courses.schedule.by_id()
    issued: Counter[tuple[str, str]] = Counter()
    first_line: dict[tuple[str, str], tuple[str, int]] = {}
    for cert in register_of(ctx).certificates:
        row = scheduled.get(cert.cohort)
        if row is None:
            yield warning(cert.path, cert.line, REGISTER_COHORT,
                          f"cohort '{cert.cohort}' is not in data/schedule/<year>.csv; the certificate cannot be "
                          f"traced to a course")
            continue
        if row.program != cert.program:
            yield error(cert.path, cert.line, REGISTER_COHORT,
                        f"cohort '{cert.cohort}' studied '{row.program}' (data/schedule), not '{cert.program}'")
        if row.ends != cert.course_ended:
            yield error(cert.path, cert.line, REGISTER_COHORT,
                        f"course_ended must be the cohort's end date {row.ends}, not {cert.course_ended}")
        cohort = courses.cohorts.get(cert.cohort)
        if cohort is None:
            continue  # no private tree for it here (e.g. a public checkout): names cannot be checked
        names = Counter(listener.full_name for listener in cohort.listeners)
        if names[cert.holder] == 0:
            yield error(cert.path, cert.line, REGISTER_HOLDER,
                        f"'{cert.holder}' is not a listener of cohort '{cert.cohort}' (its listeners.csv); write the "
                        f"name as surname, name and patronymic there")
            continue
        if cert.status is Status.ISSUED:
            key = (cert.cohort, cert.holder)
            issued[key] += 1
            first_line.setdefault(key, (cert.path, cert.line))
            if issued[key] > names[cert.holder]:
                path, line = first_line[key]
                yield error(cert.path, cert.line, REGISTER_HOLDER,
                            f"'{cert.holder}' already holds a certificate of cohort '{cert.cohort}' ({path}:{line}); "
                            f"revoke one of them")
