"""The legal order of lifecycle events (P-2 … P-11) and the status it implies.

One table says which event may follow which state; the checker reports an illegal step and the
site shows the status, from the same walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..i18n import N_
from ..vocab import Event, Outcome, ProgramStatus, ReviewDecision
from .program import LifecycleEntry, Program

S = ProgramStatus
START = "start"
ANALYSED = "analysed"
ORDERED = "ordered"

# state -> events allowed next (P-2 → P-3 → P-6 → P-8 → P-9 → P-10 → P-11)
ALLOWED: dict[str, tuple[Event, ...]] = {
    START: (Event.NEEDS_ANALYSIS,),
    ANALYSED: (Event.DEVELOPMENT_ORDERED,),
    ORDERED: (Event.DISCUSSION_OPENED,),
    S.DISCUSSION.value: (Event.DISCUSSION_CLOSED,),
    S.DISCUSSED.value: (Event.SUBMITTED, Event.DISCUSSION_OPENED),
    S.SUBMITTED.value: (Event.EXPERT_CONCLUSION,),
    S.REVISION.value: (Event.RESUBMITTED,),
    S.REJECTED.value: (Event.NEEDS_ANALYSIS, Event.DEVELOPMENT_ORDERED, Event.DISCUSSION_OPENED),
    S.AGREED.value: (Event.APPROVED,),
    S.APPROVED.value: (Event.REVIEWED, Event.REVOKED),
    S.REVOKED.value: (),
}

WHY: dict[Event, str] = {
    Event.NEEDS_ANALYSIS: N_("the needs analysis (P-2) starts the lifecycle"),
    Event.DEVELOPMENT_ORDERED: N_("the development order needs the needs-analysis protocol before it (P-3)"),
    Event.DISCUSSION_OPENED: N_("the draft is published for discussion after the development order (P-6)"),
    Event.DISCUSSION_CLOSED: N_("a discussion can only close after it was opened (P-6)"),
    Event.SUBMITTED: N_("a draft is submitted for agreement only after its public discussion closed (P-6, P-8)"),
    Event.EXPERT_CONCLUSION: N_("an expert conclusion answers a submission or resubmission (P-9)"),
    Event.RESUBMITTED: N_("a resubmission answers a 'revise' conclusion (P-9)"),
    Event.APPROVED: N_("approval needs an agreeing expert conclusion before it (P-10)"),
    Event.REVIEWED: N_("only an approved program is reviewed (P-11)"),
    Event.REVOKED: N_("only an approved program is revoked (P-11)"),
}


# what an expert conclusion's outcome makes of the program (P-9); no known outcome: the state stays
AFTER_CONCLUSION: dict[Outcome, str] = {
    Outcome.REVISE: S.REVISION.value, Outcome.REJECT: S.REJECTED.value, Outcome.AGREE: S.AGREED.value,
}


def after(state: str, entry: LifecycleEntry) -> str:
    e = entry.event
    if e is Event.NEEDS_ANALYSIS:
        return ANALYSED
    if e is Event.DEVELOPMENT_ORDERED:
        return ORDERED
    if e is Event.DISCUSSION_OPENED:
        return S.DISCUSSION.value
    if e is Event.DISCUSSION_CLOSED:
        return S.DISCUSSED.value
    if e in (Event.SUBMITTED, Event.RESUBMITTED):
        return S.SUBMITTED.value
    if e is Event.EXPERT_CONCLUSION:
        return AFTER_CONCLUSION.get(entry.outcome, state) if entry.outcome is not None else state
    if e is Event.APPROVED:
        return S.APPROVED.value
    if e is Event.REVIEWED:
        return S.REVOKED.value if entry.decision is ReviewDecision.REVOKE else S.APPROVED.value
    return S.REVOKED.value


@dataclass(frozen=True, kw_only=True)
class Step:
    entry: LifecycleEntry
    before: str
    legal: bool


def walk(program: Program) -> Iterator[Step]:
    state = START
    for entry in program.lifecycle:
        legal = entry.event in ALLOWED.get(state, ())
        yield Step(entry=entry, before=state, legal=legal)
        state = after(state, entry)  # go on from the recorded event so one slip gives one finding


def status(program: Program) -> ProgramStatus:
    state = START
    for entry in program.lifecycle:
        state = after(state, entry)
    if state in (START, ANALYSED, ORDERED):
        return ProgramStatus.PLANNED
    return ProgramStatus(state)
