"""K-2: every teacher takes at least `teacher_cycle.hours` hours of courses in any `teacher_cycle.years` years.

A course that ended on E counts on every day T with T − years < E ≤ T, that is from E through
`valid_until(E, years)` = E + years − 1 day (the same arithmetic as a certificate's validity). A teacher
is *covered* on T when the courses counting on T add up to the cycle's hours. A newcomer is covered for
one cycle from the day they were hired (`hired` counts as a full cycle's hours). Courses that end after
"today" are not counted yet.

The day a teacher's window runs out is the last covered day: a course must end by then (K-2). Status:
`overdue` (not covered today), `due` (the window runs out within `teacher_cycle.notice_months`), `ok`.
K-4: a course that has ended and whose document was not handed in is listed. K-6: both feed the
attestation summary.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from ..calendar import valid_until
from ..policy import Policy
from .model import CourseTaken, Staff, Teacher


class CycleStatus(str, enum.Enum):
    OK = "ok"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True, kw_only=True)
class Credit:
    """Hours that count from `ended` through `valid_until(ended, years)`."""

    ended: dt.date
    hours: int


@dataclass(frozen=True, kw_only=True)
class TeacherCycle:
    teacher: Teacher
    status: CycleStatus
    hours_in_window: int  # hours counting today
    window_ends: dt.date | None  # last covered day (for overdue: the day it ran out; None: never covered)
    missing_documents: tuple[CourseTaken, ...]  # K-4

    def as_json(self) -> dict[str, object]:
        return {
            "teacher": self.teacher.id,
            "name": self.teacher.full_name,
            "organization": self.teacher.organization,
            "status": self.status.value,
            "hours_in_window": self.hours_in_window,
            "window_ends": self.window_ends.isoformat() if self.window_ends else None,
            "documents_missing": [_course_json(c) for c in self.missing_documents],
        }


def _course_json(c: CourseTaken) -> dict[str, object]:
    return {"title": c.title, "kind": c.kind, "hours": c.hours, "ended": c.ended.isoformat(), "document": c.document}


def add_months(day: dt.date, months: int) -> dt.date:
    """D + N months; the 31st becomes the month's last day when the month is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = cal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def covered_periods(credits: Iterable[Credit], years: int, hours: int) -> list[tuple[dt.date, dt.date]]:
    """The periods (first day, last day) in which the credits counting on a day add up to `hours`.

    A sweep over the days where the sum changes: +h on E, −h the day after valid_until(E)."""
    changes: dict[dt.date, int] = {}
    for c in credits:
        changes[c.ended] = changes.get(c.ended, 0) + c.hours
        gone = valid_until(c.ended, years) + dt.timedelta(days=1)
        changes[gone] = changes.get(gone, 0) - c.hours
    periods: list[tuple[dt.date, dt.date]] = []
    running = 0
    start: dt.date | None = None
    for day in sorted(changes):
        running += changes[day]
        if running >= hours and start is None:
            start = day
        elif running < hours and start is not None:
            periods.append((start, day - dt.timedelta(days=1)))
            start = None
    return periods


def hours_counting_on(credits: Iterable[Credit], day: dt.date, years: int) -> int:
    return sum(c.hours for c in credits if c.ended <= day <= valid_until(c.ended, years))


def teacher_cycle(teacher: Teacher, courses: list[CourseTaken], policy: Policy, today: dt.date) -> TeacherCycle:
    years, hours = policy.teacher_cycle_years, policy.teacher_cycle_hours
    done = [c for c in courses if c.ended <= today]
    credits = [Credit(ended=c.ended, hours=c.hours) for c in done]
    grace = [Credit(ended=teacher.hired, hours=hours)] if teacher.hired and teacher.hired <= today else []
    periods = covered_periods(credits + grace, years, hours)
    current = next((p for p in periods if p[0] <= today <= p[1]), None)
    if current is not None:
        notice = policy.teacher_cycle.notice_months
        status = CycleStatus.DUE if current[1] <= add_months(today, notice) else CycleStatus.OK
        window_ends: dt.date | None = current[1]
    else:
        status = CycleStatus.OVERDUE
        past = [p for p in periods if p[1] < today]
        window_ends = past[-1][1] if past else None
    missing = tuple(c for c in sorted(done, key=lambda c: c.ended) if not c.handed_in)
    return TeacherCycle(teacher=teacher, status=status, hours_in_window=hours_counting_on(credits, today, years),
                        window_ends=window_ends, missing_documents=missing)


@dataclass(frozen=True, kw_only=True)
class CycleReport:
    """`ustaz teachers due`: the cycle of every teacher and the attestation summary (K-6)."""

    today: dt.date
    policy: Policy
    teachers: tuple[TeacherCycle, ...]

    def with_status(self, status: CycleStatus) -> list[TeacherCycle]:
        return [t for t in self.teachers if t.status is status]

    @property
    def missing_documents(self) -> list[TeacherCycle]:
        return [t for t in self.teachers if t.missing_documents]

    @property
    def summary(self) -> dict[str, int]:
        return {
            "teachers": len(self.teachers),
            "ok": len(self.with_status(CycleStatus.OK)),
            "due": len(self.with_status(CycleStatus.DUE)),
            "overdue": len(self.with_status(CycleStatus.OVERDUE)),
            "documents_missing": sum(len(t.missing_documents) for t in self.teachers),
        }

    def attestation(self) -> list[dict[str, object]]:
        """K-6: what the attestation commission takes into account, per teacher with something to note."""
        out: list[dict[str, object]] = []
        for t in self.teachers:
            notes = []
            if t.status is CycleStatus.OVERDUE:
                notes.append(f"courses not completed: {t.hours_in_window} of {self.policy.teacher_cycle_hours} "
                             f"hours in the last {self.policy.teacher_cycle_years} years (K-2)")
            notes.extend(f"document not handed in after «{c.title}» ({c.ended}) (K-4)" for c in t.missing_documents)
            if notes:
                out.append({"teacher": t.teacher.id, "name": t.teacher.full_name, "notes": notes})
        return out

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": self.today.isoformat(),
            "policy": self.policy.name,
            "cycle": {"years": self.policy.teacher_cycle_years, "hours": self.policy.teacher_cycle_hours},
            "teachers": [t.as_json() for t in self.teachers],
            "summary": self.summary,
            "attestation": self.attestation(),
        }

    @classmethod
    def compute(cls, staff: Staff, policy: Policy, today: dt.date) -> CycleReport:
        by_teacher: dict[str, list[CourseTaken]] = {}
        for c in staff.courses:
            by_teacher.setdefault(c.teacher, []).append(c)
        cycles = tuple(teacher_cycle(t, by_teacher.get(t.id, []), policy, today) for t in staff.teachers)
        return cls(today=today, policy=policy, teachers=cycles)
