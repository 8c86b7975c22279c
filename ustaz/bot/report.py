"""What the bot writes: the sticky status comment, the commit status, discussion.yml, the closing event."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

from ..vocab import ANSWER_KEYWORDS, DiscussionStage, Response
from .discussion import STICKY_MARKER, DiscussionState, SuggestionState
from .redact import redact
from .service import CommitStatus

STATUS_CONTEXT = "ustaz/public-discussion"
_DESCRIPTION_LIMIT = 140  # GitHub refuses longer status descriptions


def _keywords(response: Response, suffix: str = "") -> str:
    return " / ".join(f"`{w}{suffix}`" for w in ANSWER_KEYWORDS[response].values())


HOW_TO_ANSWER = (
    "**How to answer (authors):** reply in the suggestion's thread, or in the conversation quoting the "
    f"suggestion or linking to it, starting with {_keywords(Response.ACCEPTED)} — or with "
    f"{_keywords(Response.REJECTED, ':')} followed by the justification. The latest answer counts."
)


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
            return (f"**unanswered** — {s.unjustified.comment.author} rejected it on {s.unjustified.date} "
                    "without a justification")
        return "**unanswered**"
    a = s.answer
    if a.answer.response is Response.ACCEPTED:
        return f"accepted by {a.comment.author} on {a.date}"
    return f"rejected by {a.comment.author} on {a.date}: {excerpt(a.answer.justification, 60)}"


# the stage in the centre's languages, above the English table (numbers filled in by str.format)
LOCAL_SENTENCES: dict[DiscussionStage, dict[str, str]] = {
    DiscussionStage.OPEN: {
        "kk": "Талқылау {due} күнінің соңына дейін жүреді: бүгіннен кейін {left} жұмыс күні қалды; "
              "жауап күтетін ұсыныстар: {n}.",
        "ru": "Обсуждение идёт до конца дня {due}: после сегодняшнего дня осталось рабочих дней: {left}; "
              "предложений без ответа: {n}.",
        "ky": "Талкуу {due} күнүнүн аягына чейин жүрөт: бүгүндөн кийин {left} иш күнү калды; "
              "жооп күткөн сунуштар: {n}.",
    },
    DiscussionStage.ANSWERS_DUE: {
        "kk": "Талқылау мерзімі {due} аяқталды; {n} ұсынысқа жауап беру қажет.",
        "ru": "Срок обсуждения истёк {due}; нужно ответить на предложения: {n}.",
        "ky": "Талкуу мөөнөтү {due} бүттү; {n} сунушка жооп берүү керек.",
    },
    DiscussionStage.CLOSED: {
        "kk": "Талқылау {closed} аяқталды; барлық ұсыныстарға жауап берілді.",
        "ru": "Обсуждение завершено {closed}; на все предложения даны ответы.",
        "ky": "Талкуу {closed} аяктады; бардык сунуштарга жооп берилди.",
    },
}


def local_sentences(state: DiscussionState, languages: Sequence[str]) -> list[str]:
    table = LOCAL_SENTENCES.get(state.stage, {})
    return [f"**{lang}:** " + table[lang].format(due=state.due, left=state.left, n=len(state.unanswered),
                                                 closed=state.closed_on)
            for lang in languages if lang in table]


def stage_sentence(state: DiscussionState) -> str:
    stage = state.stage
    n = len(state.unanswered)
    if stage is DiscussionStage.OPEN:
        return f"The discussion is open: {state.left} working day(s) left after today."
    if stage is DiscussionStage.ANSWERS_DUE:
        return f"The period is over; {n} suggestion(s) still need an answer before the discussion can close."
    return f"The discussion closed on {state.closed_on}; every suggestion is answered."


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


PROBLEMS_HEADING = ("**This pull request contradicts facts the discussion takes from GitHub and the base branch** "
                    "(the bot goes by GitHub; the status stays pending until the pull request agrees):")


def _sticky(state: DiscussionState, record_note: str, languages: Sequence[str], rows: list[SuggestionState],
            problems: Sequence[str] = ()) -> str:
    p = state.program
    lines = [
        STICKY_MARKER,
        f"### Public discussion (P-6): `{p.id}`",
        "",
        *[f"{line}  " for line in local_sentences(state, languages)],
        stage_sentence(state),
        "",
        "| | |",
        "|---|---|",
        f"| Published | {state.opened.date} |",
        f"| Period | {state.period_days} working days, to the end of {state.due} |",
        f"| Working days elapsed | {state.elapsed} of {state.period_days}"
        + ("" if state.period_over else f" (as of {state.today})") + " |",
        f"| Working days left | {state.left} |",
        f"| Suggestions | {len(state.suggestions)}, unanswered {len(state.unanswered)} |",
        "",
    ]
    if problems:
        lines += [PROBLEMS_HEADING, "", *(f"- {p}" for p in problems), ""]
    if state.days_off:
        off = ", ".join(f"{d} ({name})" for d, name in state.days_off)
        lines += [f"Days off inside the period (not counted): {off}.", ""]
    if state.suggestions:
        lines += ["| # | By | On | Suggestion | Response |", "|---|---|---|---|---|"]
        for s in rows:
            lines.append(f"| [{s.number}]({s.comment.url}) | {s.comment.author} | {s.date} | "
                         f"{excerpt(s.comment.body)} | {_response_cell(s)} |")
        lines.append("")
        if len(rows) < len(state.suggestions):
            hidden = len(state.suggestions) - len(rows)
            note = (f"{hidden} more suggestion(s) are not listed, to keep this comment within GitHub's size "
                    "limit; the record lists them all.")
            lines += [note, ""]
    else:
        lines += ["No suggestions yet.", ""]
    for r in state.stray_answers:
        lines.append(f"- The answer by {r.comment.author} on {r.date} ({r.comment.url}) does not say which "
                     "suggestion it answers: reply in the suggestion's thread, quote it, or link to it.")
    for c in state.after_period:
        lines.append(f"- The comment by {c.author} ({c.url}) came after the period ended on {state.due}; "
                     "it is not part of the discussion's record.")
    if state.stray_answers or state.after_period:
        lines.append("")
    if record_note:
        lines += [record_note, ""]
    lines.append(HOW_TO_ANSWER)
    return "\n".join(lines).rstrip() + "\n"


def commit_status(state: DiscussionState, target_url: str = "") -> CommitStatus:
    stage = state.stage
    if stage is DiscussionStage.CLOSED:
        desc = f"Closed on {state.closed_on}: {len(state.suggestions)} suggestion(s), all answered"
        st = "success"
    elif stage is DiscussionStage.OPEN:
        desc = (f"Open until {state.due}: {state.left} working day(s) left, "
                f"{len(state.unanswered)} suggestion(s) unanswered")
        st = "pending"
    else:
        desc = f"Period over on {state.due}: {len(state.unanswered)} suggestion(s) need an answer"
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
