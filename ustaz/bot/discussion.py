"""The state of a public discussion (P-6), worked out from a PR's comments and the deadline engine.

A *suggestion* is a top-level comment by someone who is not an author: the first comment of a review
thread, a comment in the conversation, or a review's summary. An *answer* is a reply by an author
that starts with a keyword (answers.py): in the suggestion's thread, or in the conversation quoting
the suggestion or linking to it. The latest answer to a suggestion is the one that counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..deadlines import Clock, discussion_ends
from ..model.program import LifecycleEntry, Program
from ..vocab import DiscussionStage, Event, Response
from .answers import Answer, normalise, parse_answer
from .redact import redact
from .service import Comment, CommentKind, PullRequest

STICKY_MARKER = "<!-- ustaz:public-discussion -->"


@dataclass(frozen=True, kw_only=True)
class Reply:
    """An author's answer to one suggestion."""

    comment: Comment
    answer: Answer
    date: dt.date


@dataclass(frozen=True, kw_only=True)
class SuggestionState:
    number: int  # 1, 2, … in the order the suggestions were made
    comment: Comment
    date: dt.date
    answer: Reply | None  # the latest *valid* answer, if the latest answer is valid
    unjustified: Reply | None  # the latest answer is a rejection without a justification

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(frozen=True, kw_only=True)
class DiscussionState:
    program: Program
    pr: PullRequest
    opened: LifecycleEntry
    due: dt.date
    today: dt.date
    period_days: int
    elapsed: int  # working days of the period gone by, today included
    left: int  # working days left after today
    days_off: tuple[tuple[dt.date, str], ...]  # weekdays inside the period that are not working days
    suggestions: tuple[SuggestionState, ...]
    after_period: tuple[Comment, ...]  # suggestions made after the period ended: not part of the record
    stray_answers: tuple[Reply, ...]  # keyword replies that do not say which suggestion they answer
    already_closed: LifecycleEntry | None  # discussion-closed recorded in program.yml

    @property
    def unanswered(self) -> list[SuggestionState]:
        return [s for s in self.suggestions if not s.answered]

    @property
    def period_over(self) -> bool:
        return self.today > self.due

    @property
    def stage(self) -> DiscussionStage:
        if self.already_closed is not None:
            return DiscussionStage.CLOSED
        if not self.period_over:
            return DiscussionStage.OPEN
        return DiscussionStage.ANSWERS_DUE if self.unanswered else DiscussionStage.CLOSED

    @property
    def closed_on(self) -> dt.date:
        """The day the discussion closed: the end of the period, or the last answer if that came later."""
        if self.already_closed is not None:
            return self.already_closed.date
        answered = [s.answer.date for s in self.suggestions if s.answer is not None]
        return max([self.due, *answered])


def refers_to(url: str, number: int) -> bool:
    """Does a discussion-opened url point to pull request `number`?"""
    tail = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return tail.endswith((f"/pull/{number}", f"/pulls/{number}"))


def opened_in(program: Program, number: int) -> LifecycleEntry | None:
    found = [e for e in program.events(Event.DISCUSSION_OPENED) if refers_to(e.url, number)]
    return found[-1] if found else None


def closed_after(program: Program, opened: LifecycleEntry) -> LifecycleEntry | None:
    seen = False
    for e in program.lifecycle:
        if e.line == opened.line and e.event == opened.event:  # `opened` may carry the date the bot trusts
            seen = True
        elif seen and e.event == Event.DISCUSSION_OPENED.value:
            return None
        elif seen and e.event == Event.DISCUSSION_CLOSED.value:
            return e
    return None


def authors_of(program: Program, pr: PullRequest, pr_author_is_bot: bool = False) -> frozenset[str]:
    logins = {a.github.casefold() for a in program.authors if a.github}
    if pr.author and not pr_author_is_bot and not pr.author.endswith("[bot]"):
        logins.add(pr.author.casefold())
    return frozenset(logins)


def _is_ours(c: Comment) -> bool:
    return c.author_is_bot or STICKY_MARKER in c.body


def analyse(*, program: Program, pr: PullRequest, opened: LifecycleEntry, comments: Sequence[Comment],
            clock: Clock, authors: frozenset[str] | None = None) -> DiscussionState:
    """The discussion's state; `authors` (casefolded logins) default to those the program names, and
    `opened` is the event with the date the period counts from (the bot passes facts.establish's)."""
    tz = ZoneInfo(clock.policy.timezone)

    def day(c: Comment) -> dt.date:
        return c.created.astimezone(tz).date()

    due = discussion_ends(program, clock, opened)
    authors = authors if authors is not None else authors_of(program, pr)
    ordered = sorted((c for c in comments if not _is_ours(c)), key=lambda c: (c.created, c.id))
    by_author = [c for c in ordered if c.author.casefold() in authors]
    top = [c for c in ordered if c.author.casefold() not in authors
           and not (c.kind is CommentKind.THREAD and c.reply_to is not None)]
    counted = [c for c in top if day(c) <= due]
    after = tuple(c for c in top if day(c) > due)

    replies: dict[int, list[Reply]] = {c.id: [] for c in counted}
    stray: list[Reply] = []
    for c in by_author:
        answer = parse_answer(c.body)
        if answer is None:
            continue
        reply = Reply(comment=c, answer=answer, date=day(c))
        if c.kind is CommentKind.THREAD and c.reply_to is not None:
            if c.reply_to in replies:
                replies[c.reply_to].append(reply)
            continue  # a keyword reply in an author's own thread answers nothing
        target = _target(answer, c, counted)
        if target is None:
            stray.append(reply)
        else:
            replies[target.id].append(reply)

    states = []
    for number, c in enumerate(counted, start=1):
        latest = replies[c.id][-1] if replies[c.id] else None
        valid = latest if latest is not None and latest.answer.valid else None
        unjustified = latest if latest is not None and not latest.answer.valid else None
        states.append(SuggestionState(number=number, comment=c, date=day(c), answer=valid, unjustified=unjustified))

    calendar = clock.calendar
    days_off = []
    d = opened.date
    while d < due:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and not calendar.is_working_day(d):
            days_off.append((d, calendar.holiday_name(d, "en") or "day off"))
    elapsed = calendar.working_days_between(opened.date, min(clock.today, due))
    left = max(0, calendar.working_days_between(clock.today, due))
    return DiscussionState(
        program=program, pr=pr, opened=opened, due=due, today=clock.today,
        period_days=clock.policy.discussion_working_days, elapsed=max(0, elapsed), left=left,
        days_off=tuple(days_off), suggestions=tuple(states), after_period=after, stray_answers=tuple(stray),
        already_closed=closed_after(program, opened))


def _target(answer: Answer, reply: Comment, suggestions: Iterable[Comment]) -> Comment | None:
    """Which suggestion a conversation reply answers: the one it links to, else the latest it quotes."""
    earlier = [s for s in suggestions if (s.created, s.id) < (reply.created, reply.id)]
    for s in earlier:
        if s.id in answer.links:
            return s
    if answer.quoted:
        quoting = [s for s in earlier if answer.quoted in normalise(s.body)]
        if quoting:
            return quoting[-1]
    return None


def record(state: DiscussionState) -> dict[str, object]:
    """The discussion.yml contract (DESIGN.md): every suggestion of the period with its answer."""
    items: list[dict[str, object]] = []
    for s in state.suggestions:
        item: dict[str, object] = {"id": s.number, "author": s.comment.author, "date": s.date,
                                   "url": s.comment.url, "text": redact(s.comment.body.strip())}
        if s.answer is not None:
            item["response"] = s.answer.answer.response.value
            if s.answer.answer.response is Response.REJECTED:
                item["justification"] = redact(s.answer.answer.justification)
            item["answered_by"] = s.answer.comment.author
            item["answered"] = s.answer.date
        items.append(item)
    return {"thread": state.pr.url, "suggestions": items}
