"""The GitHub workflows: zizmor finds nothing, actions are pinned by commit, permissions are least privilege,
and no workflow runs a pull request's code with a write token (P-6's public discussion runs on them)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .botkit import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.MULTILINE)


def _zizmor() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert found, "zizmor is a test dependency (pyproject [test])"
    return found


def _on(workflow: dict[object, object]) -> dict[str, object]:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    return triggers if isinstance(triggers, dict) else {str(t): None for t in triggers}  # type: ignore[union-attr]


def test_there_are_the_three_workflows() -> None:
    assert [w.name for w in WORKFLOWS] == ["bot.yml", "pages.yml", "validate.yml"]


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona: str) -> None:
    done = subprocess.run([_zizmor(), "--offline", "--persona", persona, "--no-progress", str(ROOT / ".github")],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_zizmor_would_catch_a_bad_workflow(tmp_path: Path) -> None:
    """The zizmor test can fail: an unpinned action and pull_request_target are reported."""
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text("on: pull_request_target\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                                 "      - uses: actions/checkout@v4\n        with:\n"
                                 "          ref: ${{ github.event.pull_request.head.sha }}\n"
                                 "      - run: make\n", encoding="utf-8")
    done = subprocess.run([_zizmor(), "--offline", "--no-progress", str(tmp_path / ".github")],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "dangerous-triggers" in done.stdout and "unpinned-uses" in done.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_full_commit_sha(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    uses = USES.findall(text)
    assert uses
    for action, comment in uses:
        # owner/repo@SHA, or owner/repo/sub-action@SHA (actions/cache/restore)
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(?:/[\w.-]+)*@[0-9a-f]{40}", action), \
            f"{path.name}: {action} is not pinned by SHA"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{path.name}: {action} lacks its version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_no_pull_request_target(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "pull_request_target" not in _on(workflow) and "workflow_run" not in _on(workflow)
    assert workflow["permissions"] == {}, "the workflow grants nothing; each job asks for what it needs"
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{name} must say which permissions it needs"
        assert "write-all" not in str(job["permissions"])
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            assert "${{" not in str(step.get("run", "")), f"{name}: pass values to `run` through env"


def test_only_the_validate_workflow_runs_pull_request_code_and_it_cannot_write() -> None:
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "pull_request" in _on(workflow):
            assert path.name == "validate.yml"
            assert all(set(job["permissions"].values()) == {"read"} for job in workflow["jobs"].values())
