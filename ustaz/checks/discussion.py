"""P-6: every suggestion gets an answer — accepted, or rejected with a justification."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..vocab import Event, Response
from . import Context, check

UNANSWERED = define("unanswered-suggestion", "A suggestion has no response after the discussion closed.", "P-6")
UNJUSTIFIED = define("unjustified-rejection", "A rejected suggestion has no justification.", "P-6")
DISCUSSION_RECORD_MISSING = define("discussion-record-missing", "A closed discussion has no discussion.yml.", "P-6")
DUPLICATE_SUGGESTION = define("duplicate-suggestion", "Two suggestions have the same id.", "P-6")
ANSWER_BEFORE_SUGGESTION = define("answer-before-suggestion", "An answer is dated before its suggestion.", "P-6")
ANSWER_INCOMPLETE = define("answer-incomplete", "A response lacks who answered or when.", "P-6")


@check(scope=("programs",))
def discussion(ctx: Context) -> Iterator[Finding]:
    for bundle in ctx.project.programs:
        p = bundle.program
        if p is None:
            continue
        closed = bool(p.events(Event.DISCUSSION_CLOSED))
        d = bundle.discussion
        if d is None:
            if closed and not (ctx.root / bundle.folder / "discussion.yml").exists():
                yield error(p.path, p.events(Event.DISCUSSION_CLOSED)[-1].line, DISCUSSION_RECORD_MISSING,
                            t("the discussion closed; write its record to {folder}/discussion.yml (P-6)", folder=bundle.folder))
            continue
        ids: dict[int, int] = {}
        for s in d.suggestions:
            if s.id in ids:
                yield error(d.path, s.line, DUPLICATE_SUGGESTION, t("suggestion id {id} is used on line {ids} too", id=s.id, ids=ids[s.id]))
            ids[s.id] = s.line
            if not s.response:
                if closed:
                    yield error(d.path, s.line, UNANSWERED,
                                t("suggestion {id} by {author} has no response; answer 'accepted', or 'rejected' with a justification, before the program moves on", id=s.id, author=s.author))
                continue
            if s.response == Response.REJECTED.value and not s.justification:
                yield error(d.path, s.line, UNJUSTIFIED,
                            t("suggestion {id} is rejected without a justification; say why in 'justification'", id=s.id))
            if not s.answered_by or s.answered is None:
                yield warning(d.path, s.line, ANSWER_INCOMPLETE,
                              t("suggestion {id}: record who answered ('answered_by') and when ('answered')", id=s.id))
            if s.answered is not None and s.date is not None and s.answered < s.date:
                yield error(d.path, s.line, ANSWER_BEFORE_SUGGESTION,
                            t("suggestion {id} is answered on {answered}, before it was made on {date}", id=s.id, answered=s.answered, date=s.date))
