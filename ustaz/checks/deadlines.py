"""Deadlines in `ustaz check`: overdue is an error, late a warning, due soon a warning."""

from __future__ import annotations

from collections.abc import Iterator

from ..deadlines import DeadlineStatus
from ..findings import Finding, Severity, define
from ..findings import Finding as _F
from ..i18n import t
from . import Context, check

DEADLINE_OVERDUE = define("deadline-overdue", "A deadline passed and the required event is not recorded.")
DEADLINE_LATE = define("deadline-late", "A required event was recorded after its deadline.")
DEADLINE_SOON = define("deadline-soon", "A deadline falls within the next few working days.")
DEADLINE_MISSED = define("deadline-missed", "A deadline was recorded as missed (e.g. a report not received), with "
                                            "the date and reason.")


@check
def deadlines(ctx: Context) -> Iterator[Finding]:
    soon = ctx.policy.deadline_warning_working_days
    for d in ctx.deadlines:
        if d.status is DeadlineStatus.OVERDUE:
            todo = t("run `{required_event}`", required_event=d.required_event) if d.required_event.startswith("ustaz ") else \
                t("record '{required_event}'", required_event=d.required_event)
            yield _F(path=d.path, line=d.line, severity=d.overdue_severity, code=DEADLINE_OVERDUE,
                     message=t("{rule}: {what} was due on {due}; it is overdue — {todo} or act now", rule=d.rule, what=d.what, due=d.due, todo=todo))
        elif d.status is DeadlineStatus.MISSED:
            yield _F(path=d.path, line=d.line, severity=Severity.WARNING, code=DEADLINE_MISSED,
                     message=t("{rule}: {what} was due on {due}; recorded as missed on {missed_on}: {missed_reason}", rule=d.rule, what=d.what, due=d.due, missed_on=d.missed_on, missed_reason=d.missed_reason))
        elif d.late and d.met_on is not None:
            yield _F(path=d.path, line=d.line, severity=Severity.WARNING, code=DEADLINE_LATE,
                     message=t("{rule}: {what} was due on {due} but happened on {met_on}", rule=d.rule, what=d.what, due=d.due, met_on=d.met_on))
        elif (d.status is DeadlineStatus.OPEN and d.working_days_left is not None
              and d.working_days_left <= soon and d.overdue_severity is Severity.ERROR):
            # only deadlines that bind (P-6's end of discussion is a minimum, not a limit)
            yield _F(path=d.path, line=d.line, severity=Severity.WARNING, code=DEADLINE_SOON,
                     message=t("{rule}: {what} is due on {due}, in {working_days_left} working day(s)", rule=d.rule, what=d.what, due=d.due, working_days_left=d.working_days_left))
