"""Case `setup` (issue 22): the README's first command on a fresh clone, against a plain pip install of the same
pins in the same run.

Three fresh clones of this repository's committed tree (`git clone`, so nothing of this checkout's .venv or
caches comes along):
- `make site` with an empty uv cache (a new machine, or CI without a cache);
- `make site` again in a second clone with the cache the first one filled (a developer's second checkout, CI
  with its cache restored);
- the reference: a new venv and `pip install --no-cache-dir -c constraints.txt -e '.[test]'` — the same pins as
  `make setup` installs, the way the Makefile did it before uv — and, beside it, the same followed by the build,
  so the like-for-like figure is there too.
The goal (issue 22): `make site` takes at most half the time of the plain pip install.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .measure import Run, run

MAKE_ENV = {"NO_MKDOCS_2_WARNING": "1"}


def _clone(repo: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(repo), str(dest)], check=True)
    return dest


def _python() -> str:
    """The interpreter the venvs are made from: the base Python, not the benchmark's venv."""
    return getattr(sys, "_base_executable", None) or shutil.which("python3") or "python3"


def make_site(clone: Path, uv_cache: Path) -> Run:
    return run(["make", "site", f"PYTHON={_python()}"], cwd=clone,
               env={**MAKE_ENV, "UV_CACHE_DIR": str(uv_cache)}).expect(0)


def plain_pip(clone: Path) -> tuple[Run, Run, Run]:
    """The reference: venv, pip install of the pinned tree with no cache, then the build."""
    venv = run([_python(), "-m", "venv", ".venv"], cwd=clone).expect(0)
    pip = run([".venv/bin/python", "-m", "pip", "install", "--quiet", "--no-cache-dir", "-c", "constraints.txt",
               "-e", ".[test]"], cwd=clone).expect(0)
    build = run([".venv/bin/ustaz", "build", "--site-dir", "site"], cwd=clone, env=MAKE_ENV).expect(0)
    return venv, pip, build


def measure(repo: Path, work: Path) -> dict[str, float]:
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "uv-cache"
    if cache.exists():
        shutil.rmtree(cache)
    cold = make_site(_clone(repo, work / "clone-cold"), cache)
    warm = make_site(_clone(repo, work / "clone-warm"), cache)
    venv, pip, build = plain_pip(_clone(repo, work / "clone-pip"))
    for name in ("clone-cold", "clone-warm", "clone-pip", "uv-cache"):
        shutil.rmtree(work / name, ignore_errors=True)
    return {"make_site_cold": cold.wall, "make_site_warm": warm.wall, "pip_venv": venv.wall,
            "pip_install": pip.wall, "pip_build": build.wall,
            "make_site_cold_cpu": cold.cpu, "pip_install_cpu": pip.cpu}
