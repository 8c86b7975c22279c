"""Helpers shared by the bot's tests: the clock, the centre's checkout, program files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ustaz.checks import Context
from ustaz.project import Project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ALMATY = dt.timezone(dt.timedelta(hours=5))  # Asia/Almaty's offset in 2026


def at(day: str, hour: int = 11) -> dt.datetime:
    """A moment on a day, Almaty time (the policy's time zone)."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ALMATY)


def context(root: Path, today: str) -> Context:
    return Context(project=Project.load(root), today=dt.date.fromisoformat(today))


def program_yml(pid: str, lifecycle: list[str], authors: tuple[str, ...] = ("aigerim-test", "ivan-primer")) -> str:
    people = "".join(f'\n  - {{name: "Author {i} (fictional)", github: "{a}"}}' for i, a in enumerate(authors, 1))
    events = "".join(f"\n  - {e}" for e in lifecycle)
    return f"""id: {pid}
title: {{kk: "Цифрлық сауаттылық", ru: "Цифровая грамотность"}}
direction: scientific-technical
audience: {{kk: "Педагогтер", ru: "Педагоги"}}
kind: course
hours: 80
form: blended
languages: [kk, ru]
authors:{people}
modules:
  - title: {{kk: "Модуль", ru: "Модуль"}}
    hours: {{theory: 20, practice: 60, independent: 0}}
literature: []
lifecycle:{events}
"""
