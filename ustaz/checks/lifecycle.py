"""Lifecycle: events in a legal order (P-2 … P-11), dates not going backwards, P-6 not cut short."""

from __future__ import annotations

from collections.abc import Iterator

from ..deadlines import discussion_ends
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..model.lifecycle import WHY, walk
from ..vocab import Event
from . import Context, check

LIFECYCLE_ORDER = define("lifecycle-order", "A lifecycle event comes where the regulation does not allow it.", "P-2")
LIFECYCLE_DATE_ORDER = define("lifecycle-date-order", "A lifecycle event is dated before the event above it.")
LIFECYCLE_FUTURE = define("lifecycle-future", "A lifecycle event is dated in the future.")
DISCUSSION_CLOSED_EARLY = define("discussion-closed-early", "The public discussion closed before its period ended.", "P-6")
DUE_BEFORE_ORDER = define("due-before-order", "A development order's due date is before the order itself.", "P-3")
NO_LIFECYCLE = define("no-lifecycle", "A program records no lifecycle events.", "P-2")


@check(scope=("programs",))
def lifecycle(ctx: Context) -> Iterator[Finding]:
    for bundle in ctx.project.programs:
        p = bundle.program
        if p is None:
            continue
        if not p.lifecycle:
            if "lifecycle" not in p.lines:
                yield warning(p.path, 1, NO_LIFECYCLE,
                              t("record the lifecycle, starting with the needs analysis protocol (P-2)"))
            continue
        previous = None
        for step in walk(p):
            e = step.entry
            if not step.legal:
                yield error(p.path, e.line, LIFECYCLE_ORDER,
                            t("'{event}' cannot follow state '{before}': {why}", event=e.event, before=step.before, why=t(WHY[Event(e.event)])))
            if previous is not None and e.date < previous.date:
                yield error(p.path, e.line, LIFECYCLE_DATE_ORDER,
                            t("'{event}' on {date} is dated before '{event2}' on {date2}; list events in the order they happened", event=e.event, date=e.date, event2=previous.event, date2=previous.date))
            if e.date > ctx.today:
                yield error(p.path, e.line, LIFECYCLE_FUTURE,
                            t("'{event}' is dated {date}, after today ({today}); record events once they happen", event=e.event, date=e.date, today=ctx.today))
            if e.event == Event.DEVELOPMENT_ORDERED.value and e.due is not None and e.due < e.date:
                yield error(p.path, e.line, DUE_BEFORE_ORDER, t("the due date {due} is before the order ({date})", due=e.due, date=e.date))
            previous = e
        opened = None
        for e in p.lifecycle:
            if e.event == Event.DISCUSSION_OPENED.value:
                opened = e
            elif e.event == Event.DISCUSSION_CLOSED.value and opened is not None:
                ends = discussion_ends(p, ctx.clock, opened)
                if e.date < ends:
                    days = ctx.policy.discussion_working_days
                    yield error(p.path, e.line, DISCUSSION_CLOSED_EARLY,
                                t("the discussion opened on {date} lasts {days} working days, until {ends}; it cannot close on {date2}", date=opened.date, days=days, ends=ends, date2=e.date))
                opened = None
