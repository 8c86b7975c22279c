"""Attendance (C-11): one row per listener per course day.

Course days are the working days from the cohort's start to its end (the working calendar: the
same service every deadline uses). Marks on other days, for unknown listeners, or twice for the same
listener and day are findings and are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..calendar import WorkingCalendar
from ..findings import Finding, define, error
from ..i18n import t
from .cohort import Cohort
from .scoring import UNKNOWN_LISTENER

ATTENDANCE_OUTSIDE = define("attendance-outside-course", "An attendance row is dated on a day that is not a course day.",
                            "C-11")
ATTENDANCE_DUPLICATE = define("attendance-duplicate", "A listener has two attendance rows for the same day.", "C-11")


@dataclass(frozen=True, kw_only=True)
class AttendanceRecord:
    course_days: tuple[dt.date, ...]
    present: Mapping[str, frozenset[dt.date]]  # listener → course days present (valid marks only)
    marked: Mapping[dt.date, frozenset[str]]  # course day → listeners with a valid mark

    def days_present(self, listener: str) -> int:
        return len(self.present.get(listener, ()))


def course_days(calendar: WorkingCalendar, starts: dt.date, ends: dt.date) -> tuple[dt.date, ...]:
    return tuple(calendar.days_in(starts, ends))


def check_attendance(cohort: Cohort, calendar: WorkingCalendar) -> tuple[AttendanceRecord, list[Finding]]:
    findings: list[Finding] = []
    path = cohort.file("attendance.csv")
    sched = cohort.schedule
    days = course_days(calendar, sched.starts, sched.ends) if sched else ()
    day_set = set(days)
    known = cohort.listener_map
    seen: dict[tuple[str, dt.date], int] = {}
    present: dict[str, set[dt.date]] = {}
    marked: dict[dt.date, set[str]] = {}
    for mark in cohort.attendance:
        if mark.listener not in known:
            findings.append(error(path, mark.line, UNKNOWN_LISTENER,
                                  t("listener {listener!r} is not in listeners.csv; fix the id or add the listener", listener=mark.listener)))
            continue
        if mark.date not in day_set:
            if sched is None:
                continue  # the cohort has no schedule row: reported once by the schedule check
            if not sched.starts <= mark.date <= sched.ends:
                why = t("the course runs from {starts} to {ends}", starts=sched.starts, ends=sched.ends)
            else:
                holiday = calendar.holiday_name(mark.date)
                why = t("it is not a working day ({holiday})", holiday=holiday) if holiday else t("it is not a working day")
            findings.append(error(path, mark.line, ATTENDANCE_OUTSIDE,
                                  t("{date} is not a course day of {id}: {why}", date=mark.date, id=cohort.id, why=why)))
            continue
        key = (mark.listener, mark.date)
        if key in seen:
            findings.append(error(path, mark.line, ATTENDANCE_DUPLICATE,
                                  t("{listener!r} already has a row for {date} on line {seen}; keep one", listener=mark.listener, date=mark.date, seen=seen[key])))
            continue
        seen[key] = mark.line
        marked.setdefault(mark.date, set()).add(mark.listener)
        if mark.present:
            present.setdefault(mark.listener, set()).add(mark.date)
    record = AttendanceRecord(course_days=days,
                              present={k: frozenset(v) for k, v in present.items()},
                              marked={k: frozenset(v) for k, v in marked.items()})
    return record, findings
