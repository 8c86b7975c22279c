"""The bot's edits of program.yml keep the authors' file as written, and its discussion.yml reads back."""

from __future__ import annotations

import datetime as dt

from ustaz.bot.report import append_lifecycle_event, closing_entry, record_yaml

CLOSED = closing_entry(dt.date(2026, 4, 6))


def test_appends_after_a_flow_item_keeping_comments_and_what_follows() -> None:
    text = ("id: x\nlifecycle:  # dated events\n  - {event: needs-analysis, date: 2026-02-10}\n"
            "  - {event: discussion-opened, date: 2026-03-16, url: \"u\"}  # published\n\n# the end\n")
    got = append_lifecycle_event(text, 4, CLOSED)
    assert got == ("id: x\nlifecycle:  # dated events\n  - {event: needs-analysis, date: 2026-02-10}\n"
                   "  - {event: discussion-opened, date: 2026-03-16, url: \"u\"}  # published\n"
                   "  - {event: discussion-closed, date: 2026-04-06}\n\n# the end\n")


def test_appends_after_a_block_item_and_at_the_end_of_a_file_without_newline() -> None:
    text = "lifecycle:\n- event: discussion-opened\n  date: 2026-03-16\n  url: u\nliterature: []"
    assert append_lifecycle_event(text, 2, CLOSED) == (
        "lifecycle:\n- event: discussion-opened\n  date: 2026-03-16\n  url: u\n"
        "- {event: discussion-closed, date: 2026-04-06}\nliterature: []")
    tail = "lifecycle:\n  - {event: discussion-opened, date: 2026-03-16}"
    assert append_lifecycle_event(tail, 2, CLOSED) == tail + "\n  - " + CLOSED + "\n"


def test_refuses_what_it_cannot_see_the_end_of() -> None:
    assert append_lifecycle_event("lifecycle: [{event: x, date: 2026-01-01}]\n", 1, CLOSED) is None
    assert append_lifecycle_event("a: 1\n", 5, CLOSED) is None


def test_record_yaml_quotes_what_yaml_would_misread() -> None:
    import yaml

    data = {"thread": "https://x/pull/1", "suggestions": [
        {"id": 1, "author": "no", "date": dt.date(2026, 3, 17), "url": "u", "text": "yes: \"quoted\"\n# not a comment",
         "response": "rejected", "justification": "2026-01-01", "answered_by": "on", "answered": dt.date(2026, 3, 18)}]}
    back = yaml.safe_load(record_yaml(data))
    assert back == data
    assert yaml.safe_load(record_yaml({"thread": "t", "suggestions": []})) == {"thread": "t", "suggestions": []}


def test_excerpts_cannot_break_the_status_comment() -> None:
    """A comment's text is shown in a table cell: no HTML, no mentions, no broken table or code fence."""
    from ustaz.bot.report import excerpt, fenced

    cell = excerpt("<!-- hide the rest | @aigerim-test look\nhere")
    assert "<" not in cell and "\\|" in cell and "@aigerim-test" not in cell and "\n" not in cell
    block = fenced('text: "```yaml"', "yaml")
    assert block.startswith("````yaml\n") and block.endswith("\n````")
