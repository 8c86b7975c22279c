"""A cohort's chats (C-9): ``<private>/cohorts/<cohort>/chats.csv``, one row per chat with columns
``language, group, platform, url`` (``opened`` optional, YYYY-MM-DD).

C-9 asks for a chat per language of instruction and group, opened before the course for the
preparatory work with the listeners. A cohort is one group in one language (its schedule row), so it
needs one chat for that (language, group); the links stay private because they let people join.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from ..sourcefile import rel
from ..tables import plain as table
from .cohort import cohort_folder

CHATS_FILE = "chats.csv"
CHAT_COLUMNS = ("language", "group", "platform", "url")
CHAT_OPTIONAL = ("opened",)


@dataclass(frozen=True, kw_only=True)
class CohortChat:
    language: str
    group: str
    platform: str  # e.g. WhatsApp, Telegram
    url: str
    opened: dt.date | None
    path: str
    line: int


def load_chats(root: Path, private: Path, cohort: str) -> tuple[tuple[CohortChat, ...] | None, str, list[Finding]]:
    """The cohort's chats (None: no chats.csv), the file as shown in findings, and its loading findings."""
    path = cohort_folder(private, cohort) / CHATS_FILE
    shown = rel(path, root)
    if not path.is_file():
        return None, shown, []
    tbl, findings = table.read_table(path, shown, CHAT_COLUMNS, CHAT_OPTIONAL)
    chats: list[CohortChat] = []
    for row in tbl.rows if tbl else ():
        language = table.required(row, "language", findings)
        group = table.required(row, "group", findings)
        url = table.required(row, "url", findings)
        opened = table.date(row, "opened", findings) if row["opened"] else None
        if language is None or group is None or url is None:
            continue
        chats.append(CohortChat(language=language, group=group, platform=row["platform"], url=url, opened=opened,
                                path=row.path, line=row.line))
    return tuple(chats), shown, findings
