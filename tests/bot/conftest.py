from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fake_github import FakeGitHub  # noqa: E402

from ustaz.bot.github import GitHub3Service  # noqa: E402
from ustaz.checks import Context  # noqa: E402
from ustaz.project import Project  # noqa: E402

ROOT = HERE.parent.parent
ALMATY = dt.timezone(dt.timedelta(hours=5))  # Asia/Almaty's offset in 2026


def at(day: str, hour: int = 11) -> dt.datetime:
    """A moment on a day, Almaty time (the policy's time zone)."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ALMATY)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        yield server


@pytest.fixture
def svc(fake: FakeGitHub) -> GitHub3Service:
    return GitHub3Service(f"{fake.owner}/{fake.name}", "test-token", fake.base + "/api/v3")


@pytest.fixture
def centre(tmp_path: Path) -> Path:
    """The centre's checkout of main: policy and calendar (kz-2023, Asia/Almaty)."""
    root = tmp_path / "centre"
    root.mkdir()
    shutil.copytree(ROOT / "data", root / "data")
    (root / "programs").mkdir()
    return root


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
