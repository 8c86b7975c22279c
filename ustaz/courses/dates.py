"""Plausible dates in a cohort's private files: nothing is recorded before it happened (as programs have
lifecycle-future, and the register register-dates). Attendance for a day not yet come, a decision dated
after today and final-assessment scores before the course's last day are errors; `ustaz check`,
`ustaz course results` and `ustaz course certify` report them alike (cohort_results)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..findings import Finding, define, error
from ..i18n import t
from .cohort import Cohort

COURSE_FUTURE = define("course-future", "Attendance or a decision is dated after today, or scores are written "
                                        "before the course's last day.", "C-11")


def future_findings(cohort: Cohort, today: dt.date) -> Iterator[Finding]:
    for mark in cohort.attendance:
        if mark.date > today:
            yield error(cohort.file("attendance.csv"), mark.line, COURSE_FUTURE,
                        t("{listener} is marked for {date}, after today ({today}); attendance is recorded on the day (ustaz course attend)", listener=mark.listener, date=mark.date, today=today))
    for d in cohort.decisions:
        if d.date > today:
            yield error(d.path, d.line, COURSE_FUTURE,
                        t("the {decision} of {listener} is dated {date}, after today ({today}); a decision is recorded once it is taken", decision=d.decision, listener=d.listener, date=d.date, today=today))
    sched = cohort.schedule
    if sched is not None and today < sched.ends:
        for row in cohort.scores:
            if any(v is not None for v in (row.test, row.activity, row.project)):
                yield error(cohort.file("scores.csv"), row.line, COURSE_FUTURE,
                            t("{listener} has final-assessment points before the course's last day ({ends}; today {today})", listener=row.listener, ends=sched.ends, today=today))
