"""The school's plan of courses (K-5): each row a known teacher's own choice with the needs it answers, and
every teacher due or overdue for the cycle (K-2) has a choice in the plan."""

from __future__ import annotations

from collections.abc import Iterator

from .. import i18n
from ..findings import Finding, define, error, warning
from ..teachers.cycle import CycleReport, CycleStatus
from ..teachers.plan import CoursePlan
from . import Context, check

PLAN_TEACHER = define("staff-plan-teacher", "A row of the course plan names a teacher who is not in staff.csv.", "K-5")
PLAN_NEEDS = define("staff-plan-needs", "A teacher's chosen course in the plan does not say which needs it answers.",
                    "K-5")
PLAN_MISSING = define("staff-plan-missing", "A teacher due or overdue for courses has no chosen course in the "
                      "school's plan.", "K-5")


@check
def course_plan(ctx: Context) -> Iterator[Finding]:
    private = ctx.project.private_dir
    if private is None:
        return
    plan, findings = CoursePlan.load(private, ctx.root)
    yield from findings
    if plan is None:
        return
    staff = ctx.staff  # teachers.py reports the staff list's findings
    known = {t.id for t in staff.teachers} if staff is not None else set()
    for c in plan.courses:
        if c.teacher not in known:
            yield error(plan.path, c.line, PLAN_TEACHER,
                        i18n.t("teacher {teacher!r} is not in the staff list; add the teacher or fix the id", teacher=c.teacher))
        if not c.needs.strip():
            yield error(plan.path, c.line, PLAN_NEEDS,
                        i18n.t("the course «{topic}» chosen by {teacher} must say which of the teacher's needs it answers (K-5: the plan accounts for the teacher's needs)", topic=c.topic, teacher=c.teacher))
    if staff is None:
        return
    report = CycleReport.compute(staff, ctx.policy, ctx.today)
    for t in report.teachers:
        if t.status is not CycleStatus.OK and not plan.of(t.teacher.id, ctx.today.year):
            yield warning(staff.staff_path, t.teacher.line, PLAN_MISSING,
                          i18n.t("{id} is {value} for courses (K-2) and has no chosen course for {year} or later in {path} (K-5: the teacher chooses the topic and program)", id=t.teacher.id, value=t.status.value, year=ctx.today.year, path=plan.path))
