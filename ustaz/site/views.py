"""What the site shows of each program, read from the same model as `ustaz check`.

Status comes from the lifecycle walk, the discussion's end date and the next review from the
deadline engine, so the site, `ustaz deadlines` and the bot always show the same dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..deadline_rules import PROGRAM_RULES
from ..deadlines import Deadline, discussion_ends, next_review_due
from ..model.lifecycle import status
from ..model.program import LifecycleEntry, Program
from ..project import ProgramBundle
from ..vocab import Event, ProgramStatus
from ..workspace import Workspace


@dataclass(frozen=True, kw_only=True)
class PullRequest:
    """Where a draft that is not on the main branch yet comes from (see pr_drafts.py)."""

    number: int
    url: str
    ref: str


@dataclass(frozen=True, kw_only=True)
class ProgramView:
    bundle: ProgramBundle
    program: Program
    status: ProgramStatus
    approval: LifecycleEntry | None
    next_review: dt.date | None
    discussion_opened: LifecycleEntry | None
    discussion_end: dt.date | None
    thread: str
    pull_request: PullRequest | None = None

    @property
    def id(self) -> str:
        return self.program.id

    @property
    def under_discussion(self) -> bool:
        return self.status is ProgramStatus.DISCUSSION

    def discussion_open_on(self, today: dt.date) -> bool:
        return self.under_discussion and (self.discussion_end is None or today <= self.discussion_end)

    @classmethod
    def of(cls, bundle: ProgramBundle, program: Program, deadlines: Iterable[Deadline], ctx: Workspace,
           pull_request: PullRequest | None = None) -> ProgramView:
        opened = program.last(Event.DISCUSSION_OPENED)
        end: dt.date | None = None
        if opened is not None:
            # the P-6 deadline of this opening, as the engine computed it
            for d in deadlines:
                if d.subject == program.id and d.rule == "P-6" and d.line == opened.line and d.path == program.path:
                    end = d.due
            if end is None:
                end = discussion_ends(program, ctx.clock, opened)
        approval = program.last(Event.APPROVED)
        thread = (bundle.discussion.thread if bundle.discussion and bundle.discussion.thread else "") \
            or (opened.url if opened else "") or (pull_request.url if pull_request else "")
        return cls(bundle=bundle, program=program, status=status(program), approval=approval,
                   next_review=next_review_due(program, ctx.policy), discussion_opened=opened,
                   discussion_end=end, thread=thread, pull_request=pull_request)


def program_views(ctx: Workspace) -> list[ProgramView]:
    """Every loadable program of the project, by id."""
    deadlines = ctx.deadlines
    views = [ProgramView.of(b, b.program, deadlines, ctx) for b in ctx.project.programs if b.program is not None]
    return sorted(views, key=lambda v: v.id)


def draft_view(bundle: ProgramBundle, ctx: Workspace, pull_request: PullRequest) -> ProgramView | None:
    """A program from a pull request: its deadlines come from the same engine rules."""
    if bundle.program is None:
        return None
    program = bundle.program
    deadlines = [d for rule in PROGRAM_RULES for d in rule(program, ctx.clock)]
    return ProgramView.of(bundle, program, deadlines, ctx, pull_request)
