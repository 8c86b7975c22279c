"""The package is held to `mypy --strict` (issue #20): pyproject.toml's [tool.mypy] (strict = true, the
untyped libraries named one by one) is what `make lint` runs and what this test runs.

mypy keeps its cache in .mypy_cache/ of the checkout (git-ignored): a fresh clone checks the package in about
10 s of one core, a second run in about 3 s.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

from conftest import ROOT


def test_mypy_config_is_strict_over_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config.get("strict") is True
    assert config.get("packages") == ["ustaz"]
    # missing imports are ignored per library, never for every import
    assert "ignore_missing_imports" not in config


def test_mypy_strict_reports_no_error() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary"], cwd=ROOT, check=False,
                          capture_output=True, text=True, timeout=300)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode == 0 and not errors, "\n".join(errors) or done.stdout + done.stderr
