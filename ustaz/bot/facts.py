"""The facts of a public discussion come from GitHub and the base branch, never from the pull request (P-6).

A pull request can write anything into its own program.yml, so the bot believes it only where it cannot
lie to its own advantage:

- **When the discussion opened**: the `discussion-opened` date the pull request records, but never before
  the day GitHub says the pull request was opened (its `created_at`, in the policy's time zone), and never
  before the date the bot saw recorded on its first run (it remembers it in its own status comment, which
  nobody else can edit). A later date only makes the period longer, which harms no one.
- **Who the authors are**: the program's `authors` on the base branch, plus whoever opened the pull request
  (GitHub's `user.login`; not a bot). A brand-new program has no base: then the authors the pull request
  names count, as they were when the bot first saw the discussion open (remembered the same way). A
  commenter cannot make themselves an author: pushing to the pull request's branch takes write access to
  the repository (or, for a fork, being the fork's owner — the opener, an author anyway); and a name the
  authors add later, after a commenter made a suggestion, does not count: it is not on the base branch
  and not in the bot's memory.
- **The comments and their times**: from the API only.
- **`discussion-closed`**: only the bot records it, once the facts above say the period is over and every
  suggestion is answered; one the pull request records itself is accepted only when the facts agree.

Every place where the pull request says otherwise is a *problem*: listed in the bot's comment, and the
commit status stays pending until the pull request no longer says it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import t
from ..model.program import LifecycleEntry, Program
from .discussion import STICKY_MARKER
from .service import UNKNOWN_TIME, Comment, PullRequest
from .sticky import sticky

_MEMORY = re.compile(r"<!-- ustaz:facts (\{[^<>]*\}) -->")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")
_MAX_REMEMBERED = 100  # authors in the memory; a real program has a handful


@dataclass(frozen=True, kw_only=True)
class Memory:
    """What the bot wrote into its own comment when it first saw the discussion open."""

    program: str
    opened: dt.date
    authors: frozenset[str]  # casefolded logins

    def line(self) -> str:
        data = {"program": self.program, "opened": self.opened.isoformat(), "authors": sorted(self.authors)}
        return f"<!-- ustaz:facts {json.dumps(data, ensure_ascii=True, separators=(',', ':'))} -->"


def remembered(comments: Sequence[Comment], program_id: str) -> Memory | None:
    """The memory in the bot's own status comment (a copy of the marker in anyone else's comment is ignored)."""
    ours = sticky(comments, STICKY_MARKER)
    m = _MEMORY.search(ours.body) if ours is not None else None
    if m is None:
        return None
    try:
        data = json.loads(m.group(1))
        opened = dt.date.fromisoformat(data["opened"])
        authors = data["authors"]
    except (ValueError, KeyError, TypeError):
        return None
    if data.get("program") != program_id or not isinstance(authors, list) or len(authors) > _MAX_REMEMBERED:
        return None
    logins = frozenset(a.casefold() for a in authors if isinstance(a, str) and _LOGIN.fullmatch(a))
    return Memory(program=program_id, opened=opened, authors=logins)


@dataclass(frozen=True, kw_only=True)
class Facts:
    opened: LifecycleEntry  # the pull request's discussion-opened, with the date the period counts from
    authors: frozenset[str]  # casefolded logins whose replies answer suggestions
    memory: Memory  # what the bot's comment remembers from now on
    problems: tuple[str, ...]  # where the pull request says otherwise


def _named(program: Program) -> frozenset[str]:
    return frozenset(a.github.casefold() for a in program.authors if a.github)


def opener(pr: PullRequest) -> frozenset[str]:
    """Who opened the pull request, if a person (the scaffold's draft pull requests are opened by the bot)."""
    login = pr.author
    return frozenset({login.casefold()} if login and not login.endswith("[bot]") else set())


def establish(*, program: Program, base: Program | None, pr: PullRequest, opened: LifecycleEntry,
              comments: Sequence[Comment], timezone: dt.tzinfo) -> Facts:
    """The discussion's facts from GitHub, the base branch and the bot's memory; `program` is the PR's."""
    problems: list[str] = []
    memory = remembered(comments, program.id)
    created = pr.created.astimezone(timezone).date() if pr.created > UNKNOWN_TIME else opened.date
    floor = max(created, memory.opened) if memory is not None else created
    start = max(opened.date, floor)
    if opened.date < floor:
        why = (t("this pull request was opened on {created}", created=created) if memory is None or floor == created
               else t("the bot saw {opened} recorded when the discussion opened", opened=memory.opened))
        problems.append(t("`discussion-opened` (line {line} of `{path}`) is dated {date}, but {why}; the period counts from {start}. Restore the date.", line=opened.line, path=program.path, date=opened.date, why=why, start=start))
    named = _named(program)
    if base is not None:
        trusted, where = _named(base), "on the base branch"
    elif memory is not None:
        trusted, where = memory.authors, t("when the discussion opened")
    else:
        trusted, where = named, ""  # first sight of a new program: the names it has now are remembered
    authors = trusted | opener(pr)
    added = sorted(named - authors)
    if added:
        who = ", ".join(f"`{a}`" for a in added)
        problems.append(t("{who} is named in `authors` of this pull request but was not {where}: replies by them do not "
                          "answer suggestions, and their comments count as suggestions. Authors change on the base "
                          "branch, in a pull request of their own.", who=who, where=where) if len(added) == 1 else
                        t("{who} are named in `authors` of this pull request but were not {where}: replies by them "
                          "do not answer suggestions, and their comments count as suggestions. Authors change on the "
                          "base branch, in a pull request of their own.", who=who, where=where))
    keep = Memory(program=program.id, opened=start, authors=trusted if base is None else frozenset())
    return Facts(opened=dataclasses.replace(opened, date=start), authors=authors, memory=keep,
                 problems=tuple(problems))
