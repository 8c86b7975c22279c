"""Issue 17: the example agrees with itself. The dated example content is judged as of data/policy.yml's
`checked_as_of:`, so on a fresh clone `make site`, a plain `ustaz check` and the commands validate.yml runs give
the same exit status — on the shipped day (green) and on a day the public tree is wrong (red) alike."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_ustaz
from test_site_build import _git

VENV = Path(sys.executable).parent.parent
SHIPPED_DAY = "2026-11-23"
# before the example programs' recorded lifecycle events: the public tree has errors (lifecycle-future)
TOO_EARLY = "2026-01-01"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("USTAZ_", "GITHUB_"))}
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def _with_day(policy: Path, day: str) -> None:
    text = policy.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^checked_as_of: .*$", f"checked_as_of: {day}", text)
    assert n == 1, "data/policy.yml holds the example's date in one line"
    policy.write_text(text, encoding="utf-8")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh clone of this repository's files (a git repository of its own, one commit on main)."""
    root = tmp_path / "clone"
    root.mkdir()
    for name in ("programs", "data", "content", "examples", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", "Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, root / name)
    return root


def _commit(root: Path) -> str:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "example")
    return _git(root, "rev-parse", "HEAD")


def _make_site(root: Path) -> int:
    """`make site` with this test run's own .venv standing in for the one `make setup` would create."""
    installed = VENV / ".installed"
    done = subprocess.run(["make", "-o", str(installed), "site", f"VENV={VENV}"], cwd=root, env=_clean_env(),
                          capture_output=True, text=True, timeout=600, check=False)
    return done.returncode


def _validate_workflow(root: Path, base: str) -> int:
    """The commands of validate.yml's steps that run ustaz, with the environment the workflow gives them."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/validate.yml").read_text(encoding="utf-8"))
    steps = [s for s in workflow["jobs"]["validate"]["steps"] if str(s.get("run", "")).startswith("ustaz ")]
    assert [s["run"].split()[1] for s in steps] == ["check", "build"]
    for step in steps:
        env = {k: (base if "steps.base" in str(v) else str(v)) for k, v in (step.get("env") or {}).items()}
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=root, capture_output=True, text=True,
                              timeout=600, check=False, env=_clean_env(GITHUB_ACTIONS="true", **env))
        if done.returncode:
            return done.returncode
    return 0


@pytest.mark.parametrize(("day", "status"), [(SHIPPED_DAY, 0), (TOO_EARLY, 1)])
def test_make_site_plain_check_and_validate_yml_agree(clone: Path, day: str, status: int) -> None:
    _with_day(clone / "data/policy.yml", day)
    base = _commit(clone)
    plain = subprocess.run([str(VENV / "bin" / "ustaz"), "check"], cwd=clone, env=_clean_env(),
                           capture_output=True, text=True, timeout=600, check=False)
    # a plain check speaks the centre's first language (kk in the example: #17) and names the day and its source
    from ustaz.i18n import speaking, t

    with speaking("kk"):
        note = t("checked as of {day} ({source})", day=day, source="data/policy.yml checked_as_of")
    assert note in plain.stderr, plain.stderr
    assert (plain.returncode, _validate_workflow(clone, base)) == (status, status)
    # make reports any failed recipe as its own exit status 2: green and red are what must agree
    assert (_make_site(clone) == 0) == (status == 0)


def test_the_makefile_pins_no_date() -> None:
    assert "USTAZ_TODAY" not in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_every_output_names_the_day(project: Path) -> None:
    """text, json and github output of check; deadlines as text and json."""
    text = run_ustaz("check", cwd=project)
    assert f"checked as of {SHIPPED_DAY}" in text.stderr.splitlines()[-1]
    assert json.loads(run_ustaz("check", "--format", "json", cwd=project).stdout)["checked_as_of"] == SHIPPED_DAY
    github = run_ustaz("check", "--format", "github", cwd=project)
    assert f"::notice title=ustaz::checked as of {SHIPPED_DAY}" in github.stderr.splitlines()[0]
    assert all(line.startswith(("::error", "::warning")) for line in github.stdout.splitlines())
    assert json.loads(run_ustaz("deadlines", "--format", "json", cwd=project).stdout)["checked_as_of"] == SHIPPED_DAY
    assert SHIPPED_DAY in run_ustaz("deadlines", cwd=project).stderr


def test_today_and_the_environment_come_before_the_policy_date(project: Path) -> None:
    out = run_ustaz("check", "--format", "json", "--today", "2026-11-30", cwd=project,
                    env={"USTAZ_TODAY": "2026-11-25"}).stdout
    assert json.loads(out)["checked_as_of"] == "2026-11-30"
    out = run_ustaz("check", "--format", "json", cwd=project, env={"USTAZ_TODAY": "2026-11-25"}).stdout
    assert json.loads(out)["checked_as_of"] == "2026-11-25"


def test_a_centre_deletes_one_line_and_is_checked_as_of_today(project: Path) -> None:
    policy = project / "data/policy.yml"
    lines = policy.read_text(encoding="utf-8").splitlines(keepends=True)
    policy.write_text("".join(line for line in lines if not line.startswith("checked_as_of:")), encoding="utf-8")
    done = run_ustaz("check", "--format", "json", cwd=project)
    from ustaz.calendar import today_in
    assert json.loads(done.stdout)["checked_as_of"] == today_in("Asia/Almaty").isoformat()
    assert "checked as of" not in run_ustaz("check", cwd=project).stderr


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "5", "[2026-11-23]"])
def test_a_bad_checked_as_of_is_a_finding(project: Path, value: str) -> None:
    _with_day(project / "data/policy.yml", value)
    done = run_ustaz("check", "--format", "json", "data/policy.yml", cwd=project)
    line = next(i for i, text in enumerate((project / "data/policy.yml").read_text().splitlines(), 1)
                if text.startswith("checked_as_of:"))
    found = [(f["path"], f["line"], f["code"]) for f in json.loads(done.stdout)["findings"]]
    assert ("data/policy.yml", line, "policy-checked-as-of") in found
    assert done.returncode == 1 and "Traceback" not in done.stderr
