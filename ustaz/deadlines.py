"""The deadline engine: each rule is tied to a requirement id and a policy value.

Every due date the project shows — `ustaz check`, `ustaz deadlines`, the site, the bot's comment —
comes from the rules listed in ustaz/deadline_rules.py (`Workspace.deadlines`), so they always agree.
The program rules are here; a rule over other data lives beside that data (S-10: ustaz/support/reports.py).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .calendar import WorkingCalendar, add_years
from .findings import Severity
from .i18n import t
from .model.program import LifecycleEntry, Program
from .policy import Policy
from .vocab import Event, Outcome, ReviewDecision

if TYPE_CHECKING:
    from .workspace import Workspace


class DeadlineStatus(str, enum.Enum):
    OPEN = "open"
    MET = "met"
    OVERDUE = "overdue"
    MISSED = "missed"  # recorded as not to happen (e.g. an S-10 report not received): closed, with its date


@dataclass(frozen=True, kw_only=True)
class Deadline:
    subject: str  # a program id, an organisation, a certificate code, …
    rule: str  # requirement id, e.g. "P-6"
    what: str  # what must happen by the due date, phrased for a person
    due: dt.date
    status: DeadlineStatus
    path: str
    line: int
    met_on: dt.date | None = None
    working_days_left: int | None = None
    overdue_severity: Severity = Severity.ERROR
    required_event: str = ""
    minimum_period: bool = False  # P-6: the due date is the earliest end, so "after" is not late
    missed_on: dt.date | None = None  # when it was recorded as missed (status MISSED)
    missed_reason: str = ""
    program: str = ""  # the program a deadline concerns when its subject is not the program (C-20: a code)

    @property
    def late(self) -> bool:
        return not self.minimum_period and self.met_on is not None and self.met_on > self.due

    def as_json(self) -> dict[str, object]:
        return {"subject": self.subject, "rule": self.rule, "what": self.what,
                "due": self.due.isoformat(), "status": self.status.value,
                "met_on": self.met_on.isoformat() if self.met_on else None,
                "missed_on": self.missed_on.isoformat() if self.missed_on else None,
                "working_days_left": self.working_days_left, "path": self.path, "line": self.line}


@dataclass(frozen=True, kw_only=True)
class Clock:
    policy: Policy
    calendar: WorkingCalendar
    today: dt.date

    def deadline(self, *, subject: str, rule: str, what: str, due: dt.date, met_on: dt.date | None,
                 path: str, line: int, overdue_severity: Severity = Severity.ERROR,
                 required_event: str = "", minimum_period: bool = False, missed_on: dt.date | None = None,
                 missed_reason: str = "") -> Deadline:
        if met_on is not None:
            status = DeadlineStatus.MET
        elif missed_on is not None:
            status = DeadlineStatus.MISSED
        elif self.today > due:
            status = DeadlineStatus.OVERDUE
        else:
            status = DeadlineStatus.OPEN
        left = self.calendar.working_days_between(self.today, due) if met_on is None and missed_on is None else None
        return Deadline(subject=subject, rule=rule, what=what, due=due, status=status, path=path, line=line,
                        met_on=met_on, working_days_left=left, overdue_severity=overdue_severity,
                        required_event=required_event, minimum_period=minimum_period, missed_on=missed_on,
                        missed_reason=missed_reason)


ProgramRule = Callable[[Program, Clock], Iterable[Deadline]]
"""A rule over one program's lifecycle."""
ProjectRule = Callable[["Workspace", Clock], Iterable[Deadline]]
"""A rule over other data of the workspace (S-10: the support plans and reports)."""


def _after(program: Program, entry: LifecycleEntry, *events: Event) -> Iterator[LifecycleEntry]:
    names = {e.value for e in events}
    started = False
    for e in program.lifecycle:
        if e is entry:
            started = True
            continue
        if started and e.event in names:
            yield e


def _first_after(program: Program, entry: LifecycleEntry, event: Event,
                 stop: tuple[Event, ...] = ()) -> LifecycleEntry | None:
    for e in _after(program, entry, event, *stop):
        return e if e.event == event.value else None
    return None


def draft_ready(program: Program, clock: Clock) -> Iterator[Deadline]:
    """P-3: the draft is ready (published for discussion) by the order's due date."""
    for order in program.events(Event.DEVELOPMENT_ORDERED):
        if order.due is None:
            continue
        opened = _first_after(program, order, Event.DISCUSSION_OPENED)
        yield clock.deadline(subject=program.id, rule="P-3", what=t("draft published for discussion"),
                             due=order.due, met_on=opened.date if opened else None,
                             path=program.path, line=order.line, required_event=Event.DISCUSSION_OPENED.value)


def discussion_ends(program: Program, clock: Clock, opened: LifecycleEntry) -> dt.date:
    """P-6: the public discussion lasts N working days from publication."""
    return clock.calendar.add_working_days(opened.date, clock.policy.discussion_working_days)


def discussion_period(program: Program, clock: Clock) -> Iterator[Deadline]:
    for opened in program.events(Event.DISCUSSION_OPENED):
        closed = _first_after(program, opened, Event.DISCUSSION_CLOSED, stop=(Event.DISCUSSION_OPENED,))
        # the period may not be cut short; once it is over the closing must be recorded (a warning)
        yield clock.deadline(subject=program.id, rule="P-6", what=t("public discussion ends"),
                             due=discussion_ends(program, clock, opened), met_on=closed.date if closed else None,
                             path=program.path, line=opened.line, overdue_severity=Severity.WARNING,
                             required_event=Event.DISCUSSION_CLOSED.value, minimum_period=True)


def resubmission(program: Program, clock: Clock) -> Iterator[Deadline]:
    """P-9: revise and resubmit within N working days of a 'revise' conclusion."""
    for c in program.events(Event.EXPERT_CONCLUSION):
        if c.outcome != Outcome.REVISE.value:
            continue
        done = _first_after(program, c, Event.RESUBMITTED, stop=(Event.EXPERT_CONCLUSION,))
        yield clock.deadline(subject=program.id, rule="P-9", what=t("revised draft resubmitted"),
                             due=clock.calendar.add_working_days(c.date, clock.policy.revision_working_days),
                             met_on=done.date if done else None, path=program.path, line=c.line,
                             required_event=Event.RESUBMITTED.value)


def approval(program: Program, clock: Clock) -> Iterator[Deadline]:
    """P-10: the director's approval order within N working days of an agreeing conclusion."""
    for c in program.events(Event.EXPERT_CONCLUSION):
        if c.outcome != Outcome.AGREE.value:
            continue
        done = _first_after(program, c, Event.APPROVED, stop=(Event.EXPERT_CONCLUSION,))
        yield clock.deadline(subject=program.id, rule="P-10", what=t("program approved by order"),
                             due=clock.calendar.add_working_days(c.date, clock.policy.approval_working_days),
                             met_on=done.date if done else None, path=program.path, line=c.line,
                             required_event=Event.APPROVED.value)


def next_review_due(program: Program, policy: Policy) -> dt.date | None:
    """P-11: the date by which the program must next be reviewed (None if not in force)."""
    anchor: dt.date | None = None
    for e in program.lifecycle:
        if e.event == Event.APPROVED.value:
            anchor = e.date
        elif e.event == Event.REVIEWED.value and anchor is not None:
            anchor = e.date if e.decision == ReviewDecision.UPDATE.value else None
        elif e.event == Event.REVOKED.value:
            anchor = None
    return add_years(anchor, policy.review_years) if anchor else None


def review(program: Program, clock: Clock) -> Iterator[Deadline]:
    """P-11: reviewed at least once every N years after approval or the last review."""
    anchors = [e for e in program.lifecycle
               if e.event == Event.APPROVED.value
               or (e.event == Event.REVIEWED.value and e.decision == ReviewDecision.UPDATE.value)]
    for a in anchors:
        nxt = _first_after(program, a, Event.REVIEWED, stop=(Event.REVOKED, Event.APPROVED))
        ended = _first_after(program, a, Event.REVOKED, stop=(Event.REVIEWED, Event.APPROVED))
        if ended is not None:
            continue  # revoked: no review due any more
        yield clock.deadline(subject=program.id, rule="P-11", what=t("program reviewed"),
                             due=add_years(a.date, clock.policy.review_years),
                             met_on=nxt.date if nxt else None, path=program.path, line=a.line,
                             required_event=Event.REVIEWED.value)


EXPIRY_HORIZON_DAYS = 365  # `ustaz deadlines` lists certificates expiring within this many days (all with --rule C-20)


def certificate_expiries(certificates: Iterable[object], clock: Clock, *, horizon: int | None) -> list[Deadline]:
    """C-20: each certificate in force (issued, not superseded) expires at `valid_until`; the listing of
    `ustaz deadlines` (not a check: an expiry asks nothing of the centre). `horizon`: days ahead, None for all."""
    from .certificates.register import Certificate, Status

    certs = [c for c in certificates if isinstance(c, Certificate)]
    superseded = {c.supersedes for c in certs if c.supersedes}
    out = []
    for c in certs:
        if c.status is not Status.ISSUED or c.id in superseded or c.valid_until < clock.today:
            continue
        if horizon is not None and (c.valid_until - clock.today).days > horizon:
            continue
        out.append(Deadline(subject=c.shown_code, rule="C-20", what=t("certificate of {program} expires", program=c.program),
                            due=c.valid_until, status=DeadlineStatus.OPEN, path=c.path, line=c.line,
                            working_days_left=clock.calendar.working_days_between(clock.today, c.valid_until),
                            overdue_severity=Severity.WARNING, program=c.program))
    return out
