from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ustaz.bot.github import GitHub3Service

from .botkit import ROOT
from .fake_github import FakeGitHub


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
