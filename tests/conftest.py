from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
USTAZ = [sys.executable, "-m", "ustaz"]


# The suite runs the same under GitHub Actions as on a laptop: a test that wants CI's rules or a base
# sets them itself.
_SESSION_ENV = ("USTAZ_TODAY", "USTAZ_PRIVATE", "USTAZ_BASE", "GITHUB_ACTIONS")

# Messages are in the policy's first language unless chosen (#17); the suite reads them in English, and the
# tests of the translations choose kk, ru or ky themselves (tests/test_i18n.py).
os.environ["USTAZ_LANG"] = "en"


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in ("USTAZ_BASE", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    from ustaz.i18n import set_language

    set_language("en")  # a command run in-process chose a language for the whole process: start each test afresh
    # each test its own check cache (ustaz/cache.py), never the user's: a test that swaps a function in-process
    # would otherwise leave entries its key cannot tell apart from the real code's
    monkeypatch.setenv("USTAZ_CACHE_DIR", str(tmp_path_factory.mktemp("ustaz-cache")))


def run_ustaz(*args: str, cwd: Path, env: dict[str, str] | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in _SESSION_ENV}
    full_env.update(env or {})
    return subprocess.run([*USTAZ, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
                          check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped example project (programs, data, policy) to break at will."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in ("programs", "data", "content"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml",):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
    if (ROOT / "examples").exists():
        shutil.copytree(ROOT / "examples", dest / "examples")
    return dest
