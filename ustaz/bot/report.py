"""What the bot writes: the sticky status comment, the commit status, discussion.yml, the closing event."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

from ..i18n import LANGUAGES, N_, speaking, t
from ..vocab import ANSWER_KEYWORDS, DiscussionStage, Response
from .discussion import STICKY_MARKER, DiscussionState, SuggestionState
from .redact import redact
from .service import CommitStatus

STATUS_CONTEXT = "ustaz/public-discussion"
_DESCRIPTION_LIMIT = 140  # GitHub refuses longer status descriptions


def _keywords(response: Response, suffix: str = "") -> str:
    return " / ".join(f"`{w}{suffix}`" for w in ANSWER_KEYWORDS[response].values())


HOW_TO_ANSWER = N_(
    "**How to answer (authors):** reply in the suggestion's thread, or in the conversation quoting the "
    "suggestion or linking to it, starting with {accepted} — or with {rejected} followed by the "
    "justification. The latest answer counts."
)


def how_to_answer() -> str:
    return t(HOW_TO_ANSWER, accepted=_keywords(Response.ACCEPTED), rejected=_keywords(Response.REJECTED, ":"))


def excerpt(text: str, limit: int = 80) -> str:
    """An excerpt safe inside a table cell: no line breaks, no HTML (an unclosed `<!--` would hide the rest
    of the comment), no @-mentions (the excerpt would notify people again)."""
    flat = re.sub(r"\s+", " ", redact(text)).strip()
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    return flat.replace("|", "\\|").replace("<", "&lt;").replace("@", "@\u2060")


def fenced(text: str, info: str = "") -> str:
    """A code block whose fence no run of backticks in the text can close."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


# logins are written without "@": the comment is edited every day and should not notify anyone
def _response_cell(s: SuggestionState) -> str:
    if s.answer is None:
        if s.unjustified is not None:
            return t("**unanswered** — {author} rejected it on {date} without a justification",
                     author=s.unjustified.comment.author, date=s.unjustified.date)
        return t("**unanswered**")
    a = s.answer
    if a.answer.response is Response.ACCEPTED:
        return t("accepted by {author} on {date}", author=a.comment.author, date=a.date)
    return t("rejected by {author} on {date}: {justification}", author=a.comment.author, date=a.date,
             justification=excerpt(a.answer.justification, 60))


# the name of each language over its part of the comment
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "ky": "Кыргызча", "en": "English"}


def comment_languages(program_languages: Sequence[str], centre_languages: Sequence[str]) -> list[str]:
    """The program's languages, its first one first, then the centre's other languages (issue #17)."""
    out: list[str] = []
    for lang in (*program_languages, *centre_languages):
        if lang in LANGUAGES and lang not in out:
            out.append(lang)
    return out or ["en"]


def stage_sentence(state: DiscussionState) -> str:
    stage = state.stage
    n = len(state.unanswered)
    if stage is DiscussionStage.OPEN:
        return t("The discussion is open until the end of {due}: {left} working day(s) left after today; "
                 "suggestions awaiting an answer: {n}.", due=state.due, left=state.left, n=n)
    if stage is DiscussionStage.ANSWERS_DUE:
        return t("The period ended on {due}; {n} suggestion(s) still need an answer before the discussion can "
                 "close.", due=state.due, n=n)
    return t("The discussion closed on {closed}; every suggestion is answered.", closed=state.closed_on)


COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters


def sticky_comment(state: DiscussionState, *, record_note: str = "", languages: Sequence[str] = (),
                   problems: Sequence[str] = ()) -> str:
    """The status comment; a very busy discussion lists only its unanswered suggestions, then only the first.
    `problems`: where the pull request contradicts the facts the bot takes from GitHub (facts.py)."""
    body = _sticky(state, record_note, languages, list(state.suggestions), problems)
    if len(body) > COMMENT_LIMIT:
        body = _sticky(state, record_note, languages, state.unanswered, problems)
    rows = state.unanswered
    while len(body) > COMMENT_LIMIT and rows:
        rows = rows[: len(rows) // 2]
        body = _sticky(state, record_note[:2000], languages, rows, problems)
    return body


PROBLEMS_HEADING = N_("**This pull request contradicts facts the discussion takes from GitHub and the base "
                      "branch** (the bot goes by GitHub; the status stays pending until the pull request agrees):")


def _sticky(state: DiscussionState, record_note: str, languages: Sequence[str], rows: list[SuggestionState],
            problems: Sequence[str] = ()) -> str:
    """The program's first language first; the centre's other languages below, each folded (issue #17).
    The suggestions, the record and the problems appear once, in the first part; the others give the stage,
    the period and how to answer."""
    order = comment_languages(state.program.languages, languages)
    parts = [STICKY_MARKER]
    for i, lang in enumerate(order):
        with speaking(lang):
            text = _sticky_part(state, record_note, rows, problems) if i == 0 else _summary_part(state)
        if i == 0:
            parts.append(text)
        else:
            parts += ["", f"<details><summary>{LANGUAGE_NAMES[lang]}</summary>", "", text, "", "</details>"]
    return "\n".join(parts).rstrip() + "\n"


def _facts(state: DiscussionState) -> list[str]:
    elapsed = t("{elapsed} of {period}", elapsed=state.elapsed, period=state.period_days)
    if not state.period_over:
        elapsed += " " + t("(as of {today})", today=state.today)
    return [
        t("### Public discussion (P-6): `{id}`", id=state.program.id),
        "",
        stage_sentence(state),
        "",
        "| | |",
        "|---|---|",
        t("| Published | {date} |", date=state.opened.date),
        t("| Period | {days} working days, to the end of {due} |", days=state.period_days, due=state.due),
        t("| Working days elapsed | {elapsed} |", elapsed=elapsed),
        t("| Working days left | {left} |", left=state.left),
        t("| Suggestions | {count}, unanswered {unanswered} |", count=len(state.suggestions),
          unanswered=len(state.unanswered)),
        "",
    ]


def _summary_part(state: DiscussionState) -> str:
    return "\n".join([*_facts(state), how_to_answer()])


def _sticky_part(state: DiscussionState, record_note: str, rows: list[SuggestionState],
                 problems: Sequence[str] = ()) -> str:
    lines = _facts(state)
    if problems:
        lines += [t(PROBLEMS_HEADING), "", *(f"- {p}" for p in problems), ""]
    if state.days_off:
        off = ", ".join(f"{d} ({name})" for d, name in state.days_off)
        lines += [t("Days off inside the period (not counted): {days}.", days=off), ""]
    if state.suggestions:
        lines += [t("| # | By | On | Suggestion | Response |"), "|---|---|---|---|---|"]
        for s in rows:
            lines.append(f"| [{s.number}]({s.comment.url}) | {s.comment.author} | {s.date} | "
                         f"{excerpt(s.comment.body)} | {_response_cell(s)} |")
        lines.append("")
        if len(rows) < len(state.suggestions):
            hidden = len(state.suggestions) - len(rows)
            note = (t("{hidden} more suggestion(s) are not listed, to keep this comment within GitHub's size limit; the record lists them all.", hidden=hidden))
            lines += [note, ""]
    else:
        lines += [t("No suggestions yet."), ""]
    for r in state.stray_answers:
        lines.append(t("- The answer by {author} on {date} ({url}) does not say which suggestion it answers: "
                       "reply in the suggestion's thread, quote it, or link to it.",
                       author=r.comment.author, date=r.date, url=r.comment.url))
    for c in state.after_period:
        lines.append(t("- The comment by {author} ({url}) came after the period ended on {due}; it is not part "
                       "of the discussion's record.", author=c.author, url=c.url, due=state.due))
    if state.stray_answers or state.after_period:
        lines.append("")
    if record_note:
        lines += [record_note, ""]
    lines.append(how_to_answer())
    return "\n".join(lines).rstrip()


def commit_status(state: DiscussionState, target_url: str = "") -> CommitStatus:
    """In the program's first language, as the comment's first part."""
    with speaking(comment_languages(state.program.languages, ())[0]):
        return _commit_status(state, target_url)


def _commit_status(state: DiscussionState, target_url: str = "") -> CommitStatus:
    stage = state.stage
    if stage is DiscussionStage.CLOSED:
        desc = t("Closed on {closed}: {count} suggestion(s), all answered", closed=state.closed_on,
                 count=len(state.suggestions))
        st = "success"
    elif stage is DiscussionStage.OPEN:
        desc = t("Open until {due}: {left} working day(s) left, {count} suggestion(s) unanswered", due=state.due,
                 left=state.left, count=len(state.unanswered))
        st = "pending"
    else:
        desc = t("Period over on {due}: {count} suggestion(s) need an answer", due=state.due,
                 count=len(state.unanswered))
        st = "pending"
    return CommitStatus(context=STATUS_CONTEXT, state=st, description=desc[:_DESCRIPTION_LIMIT], target_url=target_url)


def simple_status(state: str, description: str) -> CommitStatus:
    return CommitStatus(context=STATUS_CONTEXT, state=state, description=description[:_DESCRIPTION_LIMIT])


def _scalar(value: object) -> str:
    if isinstance(value, (dt.date, int)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def record_yaml(data: dict[str, object]) -> str:
    """discussion.yml as a person would write it: one key per line, strings quoted, dates bare."""
    lines = ["# The record of the public discussion (P-6), written by `ustaz bot discussion`.",
             f"thread: {_scalar(data['thread'])}", "suggestions:"]
    items = data["suggestions"]
    assert isinstance(items, list)
    if not items:
        lines[-1] = "suggestions: []"
    for item in items:
        for i, (key, value) in enumerate(item.items()):
            lines.append(f"{'  - ' if i == 0 else '    '}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def append_lifecycle_event(program_yml: str, last_entry_line: int, entry: str) -> str | None:
    """Insert `- {entry}` after the lifecycle item that starts on `last_entry_line` (1-based).

    Keeps the file as the authors wrote it (comments, order, quoting). Returns None when the item is
    not a block-sequence item we can see the end of, so the caller can ask a person to add it."""
    lines = program_yml.splitlines(keepends=True)
    if not 1 <= last_entry_line <= len(lines):
        return None
    item = lines[last_entry_line - 1]
    stripped = item.lstrip(" ")
    if not stripped.startswith("- "):
        return None
    indent = len(item) - len(stripped)
    end = last_entry_line  # index after the item's last line
    while end < len(lines):
        nxt = lines[end]
        body = nxt.strip()
        if body and (len(nxt) - len(nxt.lstrip(" ")) <= indent):
            break
        end += 1
    while end > last_entry_line and not lines[end - 1].strip():
        end -= 1  # keep trailing blank lines after the new item
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, " " * indent + "- " + entry + "\n")
    return "".join(lines)


def closing_entry(day: dt.date) -> str:
    return f"{{event: discussion-closed, date: {day.isoformat()}}}"
