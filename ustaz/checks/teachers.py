"""The private staff list (K-2 … K-6): well-formed, consistent, and retraining of at least the policy's hours.

Whether a teacher is due or overdue is not a finding: it is reported by `ustaz teachers due`, since
a teacher's status is not an error in the data.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import i18n
from ..findings import Finding, define, error, warning
from ..teachers.model import Staff
from ..vocab import ProgramKind
from . import Context, check

UNKNOWN_TEACHER = define("staff-unknown-teacher", "A course row names a teacher who is not in staff.csv.", "K-2")
COURSE_DATES = define("staff-course-dates", "A course starts after it ends.", "K-2")
HANDED_IN_EARLY = define("staff-handed-in-early", "A course's document is marked handed in before the course has ended.", "K-4")
RETRAINING_HOURS = define("staff-retraining-hours", "A retraining recorded for a teacher is shorter than the policy's retraining hours.", "K-3")
STAFF_ORGANIZATION = define("staff-organization", "A teacher's organisation is not in data/organizations.csv.")


@check
def staff_list(ctx: Context) -> Iterator[Finding]:
    private = ctx.project.private_dir
    if private is None:
        return
    staff = ctx.staff
    yield from ctx.staff_findings
    if staff is None:
        return
    yield from staff_rules(staff, ctx)


def staff_rules(staff: Staff, ctx: Context) -> Iterator[Finding]:
    known = {t.id for t in staff.teachers}
    for c in staff.courses:
        if c.teacher not in known:
            yield error(staff.courses_path, c.line, UNKNOWN_TEACHER,
                        i18n.t("teacher {teacher!r} is not in {staff_path}; add the teacher or fix the id", teacher=c.teacher, staff_path=staff.staff_path))
        if c.started is not None and c.started > c.ended:
            yield error(staff.courses_path, c.line, COURSE_DATES,
                        i18n.t("the course of {teacher} starts on {started}, after it ends on {ended}", teacher=c.teacher, started=c.started, ended=c.ended))
        if c.handed_in and c.ended > ctx.today:
            yield error(staff.courses_path, c.line, HANDED_IN_EARLY,
                        i18n.t("the course of {teacher} ends on {ended}, so its document cannot have been handed in by {today}; set handed_in to false", teacher=c.teacher, ended=c.ended, today=ctx.today))
        if c.kind == ProgramKind.RETRAINING.value and c.hours < ctx.policy.retraining_hours:
            yield error(staff.courses_path, c.line, RETRAINING_HOURS,
                        i18n.t("a retraining lasts at least {retraining_hours} hours under {name} (K-3), not {hours}; record a shorter one as kind 'course'", retraining_hours=ctx.policy.retraining_hours, name=ctx.policy.name, hours=c.hours))
    nets = ctx.networks
    organizations = {o.id for o in nets.organizations}
    if organizations:
        for t in staff.teachers:
            if t.organization not in organizations:
                yield warning(staff.staff_path, t.line, STAFF_ORGANIZATION,
                              i18n.t("organisation {organization!r} of {id} is not in data/organizations.csv", organization=t.organization, id=t.id))
