"""discussion.yml → Discussion: the record of the public discussion (P-6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import LocMap, load_yaml
from ..vocab import Response
from .fields import Reader

DISCUSSION_FILE = define("discussion-file", "discussion.yml is not a mapping with 'thread' and 'suggestions'.")


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    id: int
    author: str
    date: dt.date | None
    url: str
    text: str
    response: Response | None  # None while unanswered
    justification: str
    answered_by: str
    answered: dt.date | None
    line: int


@dataclass(frozen=True, kw_only=True)
class Discussion:
    path: str
    thread: str
    suggestions: tuple[Suggestion, ...]

    @property
    def unanswered(self) -> list[Suggestion]:
        return [s for s in self.suggestions if not s.response]

    @classmethod
    def from_yaml(cls, path: Path, shown: str) -> tuple[Discussion | None, list[Finding]]:
        data, findings = load_yaml(path, shown)
        if data is None:
            return (cls(path=shown, thread="", suggestions=()) if not findings else None), findings
        if not isinstance(data, LocMap):
            findings.append(error(shown, 1, DISCUSSION_FILE, t("discussion.yml must be a mapping with 'thread' and 'suggestions'")))
            return None, findings
        r = Reader(data, shown, findings)
        r.known_keys("thread", "suggestions")
        thread = r.text("thread", required=False) or ""
        items: list[Suggestion] = []
        for i, m in r.each_mapping("suggestions", required=False):
            sr = r.child(m, f"suggestions[{i}].")
            sr.known_keys("id", "author", "date", "url", "text", "response", "justification", "answered_by", "answered")
            sid = sr.integer("id")
            author = sr.text("author") or ""
            when = sr.date("date")
            text = sr.text("text") or ""
            response = sr.choice("response", Response, required=False)
            items.append(Suggestion(
                id=sid if sid is not None else i + 1, author=author, date=when,
                url=sr.text("url", required=False) or "", text=text, response=response,
                justification=(sr.text("justification", required=False) or "").strip(),
                answered_by=sr.text("answered_by", required=False) or "",
                answered=sr.date("answered", required=False), line=m.line,
            ))
        return cls(path=shown, thread=thread, suggestions=tuple(items)), findings
