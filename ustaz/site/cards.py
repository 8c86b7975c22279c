"""Tables that turn into cards on a phone: every body cell learns its column's header (`data-label`), and the
table is marked `data-ustaz-cards`, so ustaz.css can show each row as a card of "header: value" lines on a
narrow screen (no column is ever off-screen) and the full table on a wide one. CSS only: no script needed.

This runs on HTML that ustaz itself wrote (generated pages, and Markdown rendered with raw HTML off), after
rendering: a header's text is taken from that HTML and escaped again into the attribute.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.DOTALL | re.IGNORECASE)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL | re.IGNORECASE)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL | re.IGNORECASE)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<(td|th)\b([^>]*)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_COLSPAN = re.compile(r'\bcolspan="?(\d{1,3})', re.IGNORECASE)
MAX_TABLE_CHARS = 2_000_000  # a table longer than this is left as it is (bounded work per page)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _label_rows(body: str, headers: list[str]) -> str:
    def row(match: re.Match[str]) -> str:
        index = 0

        def cell(m: re.Match[str]) -> str:
            nonlocal index
            tag, attrs = m.group(1), m.group(2)
            label = headers[index] if index < len(headers) else ""
            span = _COLSPAN.search(attrs)
            index += max(1, min(int(span.group(1)), len(headers))) if span else 1
            if span:
                label = ""  # a cell over several columns (a total's title) names itself
            if not label or "data-label=" in attrs:
                return m.group(0)
            return f'<{tag}{attrs} data-label="{html.escape(label, quote=True)}">'

        return match.group(1) + _CELL.sub(cell, match.group(2)) + match.group(3)

    return _ROW.sub(row, body)


def card_tables(page_html: str) -> str:
    """The page's HTML with every table that has a header row ready to become cards on a narrow screen."""

    def table(match: re.Match[str]) -> str:
        attrs, inner = match.group(1), match.group(2)
        head = _THEAD.search(inner)
        if head is None or len(inner) > MAX_TABLE_CHARS or "data-ustaz-cards" in attrs:
            return match.group(0)
        headers = [_text(h) for h in _HEADER_CELL.findall(head.group(1))]
        if len(headers) < 3:  # two columns fit a phone as they are
            return match.group(0)
        rest = inner[head.end():]
        return f"<table{attrs} data-ustaz-cards>{inner[:head.end()]}{_label_rows(rest, headers)}</table>"

    return _TABLE.sub(table, page_html)
