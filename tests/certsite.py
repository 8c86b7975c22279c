"""Test helpers for the certificate pages: the real site build (``ustaz build``) of a project copy, and the
site engineer's browser helpers (tests/browser.py: a loopback server and the system's headless Chromium)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from browser import SiteServer, chromium_page
from conftest import ROOT, run_ustaz

BUILD_DAY = "2026-11-23"


def build_site(root: Path, out: Path, *, today: str = BUILD_DAY, env: dict[str, str] | None = None,
               allow_errors: bool = False) -> Path:
    """`ustaz build` of the project at `root` (given the theme overrides it needs) into `out`; `allow_errors` for
    a fixture whose synthetic rows the check rejects (the build refuses them otherwise, test_build_check.py)."""
    if not (root / "overrides").exists():
        shutil.copytree(ROOT / "overrides", root / "overrides")
    if not (root / "mkdocs.yml").exists():
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    done = run_ustaz("build", "--site-dir", str(out), "--today", today, *["--allow-errors"] * allow_errors, cwd=root,
                     env=env)
    assert done.returncode == 0, done.stderr + done.stdout
    return out


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on a loopback port; yields the base URL (no trailing slash)."""
    with SiteServer(directory) as server:
        yield server.base.rstrip("/")


@contextlib.contextmanager
def chromium(requests: list[str] | None = None) -> Iterator[object]:
    """A Playwright page in headless Chromium; every URL it requests is appended to `requests`."""
    with chromium_page() as (page, seen):
        try:
            yield page
        finally:
            if requests is not None:
                requests.extend(seen)
