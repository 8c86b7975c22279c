"""Issue 22: one lock (constraints.txt) for the Makefile and every workflow, installed by a pinned uv; and the
workflows' caches are written only by the default branch's runs, never by a pull request's."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)$")


def _pins() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            m = PIN.match(line.strip())
            assert m, f"constraints.txt: {line!r} is not name==version"
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def _on(workflow: dict[object, object]) -> object:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True


def _triggers(workflow: dict[object, object]) -> set[str]:
    on = _on(workflow)
    return set(on) if isinstance(on, (dict, list)) else {str(on)}


def test_the_lock_pins_uv_the_build_backend_and_every_direct_dependency() -> None:
    pins = _pins()
    assert "uv" in pins and "setuptools" in pins
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name, version in re.findall(r'^\s*"([A-Za-z0-9_.-]+)==([^"]+)"', project, flags=re.MULTILINE):
        assert pins.get(name.lower().replace("_", "-")) == version, f"{name}: pyproject and constraints.txt differ"


def test_make_setup_installs_with_the_pinned_uv_and_the_lock() -> None:
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"pip --python \$\(BIN\)/python install \S+ -c constraints\.txt uv", make)
    assert re.search(r"uv pip install .*-c constraints\.txt --build-constraints constraints\.txt",
                     make.replace("\\\n", " "))


def test_every_workflow_installs_with_the_pinned_uv_and_the_lock() -> None:
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            runs = [str(s.get("run", "")) for s in job.get("steps", [])]
            installs = [r for r in runs if "pip install" in r]
            if not any("ustaz " in r for r in runs):
                continue  # the deploy job runs no ustaz
            assert installs, f"{path.name}/{name}: no install step"
            for r in installs:
                assert "-c constraints.txt uv" in r, f"{path.name}/{name}: uv is not installed from the lock"
                assert re.search(r"uv pip install .*-c constraints\.txt --build-constraints constraints\.txt", r), \
                    f"{path.name}/{name}: ustaz is not installed by uv from the lock"


def test_only_the_default_branch_writes_caches() -> None:
    """A workflow a pull request starts restores at most; one that saves runs only for the default branch and
    restores nothing; `actions/cache` (restore and save in one) is used nowhere; a job with write permissions
    uses no cache."""
    saved = restored = 0
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        triggers = _triggers(workflow)
        for name, job in workflow["jobs"].items():
            uses = [str(s.get("uses", "")) for s in job.get("steps", [])]
            caches = [u for u in uses if u.startswith("actions/cache")]
            assert not [u for u in caches if u.startswith("actions/cache@")], f"{path.name}/{name}: actions/cache saves"
            saves = [u for u in caches if u.startswith("actions/cache/save@")]
            restores = [u for u in caches if u.startswith("actions/cache/restore@")]
            if saves:
                assert "pull_request" not in triggers and not restores, f"{path.name}/{name}"
                if "push" in triggers:
                    assert _on(workflow)["push"]["branches"] == ["main"]  # type: ignore[index]
                saved += 1
            if restores:
                assert "write" not in set(job["permissions"].values()), f"{path.name}/{name}: restores with a write token"
                restored += 1
            if any(u.startswith("actions/setup-python@") for u in uses):  # setup-python's own cache: off
                for step in job["steps"]:
                    if str(step.get("uses", "")).startswith("actions/setup-python@"):
                        assert "cache" not in (step.get("with") or {}), f"{path.name}/{name}: setup-python caches"
    assert saved == 1 and restored == 1  # pages saves, validate restores
