"""Attendance is monitored daily (C-11): marks on other days, of unknown listeners or twice are
errors; a course day that has passed without a mark for an active listener is a warning."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.attendance import check_attendance
from ..courses.decisions import check_decisions
from ..courses.load import load_courses
from ..findings import Finding, define, warning
from ..i18n import t
from . import Context, check

ATTENDANCE_AFTER_DECISION = define("attendance-after-decision",
                                   "A listener is marked present after being expelled or transferred.", "C-11")
ATTENDANCE_NOT_TAKEN = define("attendance-not-taken", "A past course day has no attendance mark for some listeners.",
                              "C-11")


@check
def attendance(ctx: Context) -> Iterator[Finding]:
    for cohort in load_courses(ctx).cohorts.values():
        if cohort.schedule is None:
            continue
        record, findings = check_attendance(cohort, ctx.calendar)
        yield from findings
        decisions, _ = check_decisions(cohort)
        path = cohort.file("attendance.csv")
        for mark in cohort.attendance:
            final = decisions.final(mark.listener)
            if mark.present and final is not None and mark.date >= final.date:
                yield warning(path, mark.line, ATTENDANCE_AFTER_DECISION,
                              t("{listener} is marked present on {date} but was {decision} on {date2} ({path}:{line}); correct the mark or the decision", listener=mark.listener, date=mark.date, decision=final.decision, date2=final.date, path=final.path, line=final.line))
        for day in record.course_days:
            if day > ctx.today:
                break
            marked = record.marked.get(day, frozenset())
            missing = []
            for lst in cohort.listeners:
                final = decisions.final(lst.listener)
                if final is not None and final.date <= day:
                    continue  # expelled or transferred: no longer in this cohort
                if lst.listener not in marked:
                    missing.append(lst.listener)
            if missing:
                shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
                yield warning(path, None, ATTENDANCE_NOT_TAKEN,
                              t("{day}: no attendance mark for {shown}; attendance is taken every course day (C-11)", day=day, shown=shown))
