"""Lifecycle: events in a legal order (P-2 … P-11), dates not going backwards, P-6 not cut short."""

from __future__ import annotations

from collections.abc import Iterator

from ..deadlines import discussion_ends
from ..findings import Finding, define, error, warning
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
                              "record the lifecycle, starting with the needs analysis protocol (P-2)")
            continue
        previous = None
        for step in walk(p):
            e = step.entry
            if not step.legal:
                yield error(p.path, e.line, LIFECYCLE_ORDER,
                            f"'{e.event}' cannot follow state '{step.before}': {WHY[Event(e.event)]}")
            if previous is not None and e.date < previous.date:
                yield error(p.path, e.line, LIFECYCLE_DATE_ORDER,
                            f"'{e.event}' on {e.date} is dated before '{previous.event}' on {previous.date}; "
                            "list events in the order they happened")
            if e.date > ctx.today:
                yield error(p.path, e.line, LIFECYCLE_FUTURE,
                            f"'{e.event}' is dated {e.date}, after today ({ctx.today}); record events once they happen")
            if e.event == Event.DEVELOPMENT_ORDERED.value and e.due is not None and e.due < e.date:
                yield error(p.path, e.line, DUE_BEFORE_ORDER, f"the due date {e.due} is before the order ({e.date})")
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
                                f"the discussion opened on {opened.date} lasts {days} working days, until {ends}; "
                                f"it cannot close on {e.date}")
                opened = None
