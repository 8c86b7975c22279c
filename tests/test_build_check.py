"""Issue 23: `ustaz build` refuses what `ustaz check` rejects in the public tree (programs, data, content) — exit 1
with the findings, nothing written — unless `--allow-errors`; `mkdocs build` (the plugin) does the same. The private
tree is never the site's business, and a pull request's draft with errors does not stop the main branch's site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY
from test_site_build import _git

# one error planted in each part of the public tree the site is built from
PUBLIC_ERRORS = {
    "programs": ("programs/robotics-basics/program.ru.md", "\n<script>alert(1)</script>\n"),
    "data": ("data/organizations.csv", "ast-school-101,Дубль,Дубль,KZ-71,urban,,\n"),
    "content": ("content/ru/evil.md", "# Evil\n\n<iframe src=x></iframe>\n"),
}


@pytest.fixture
def site_project(project: Path) -> Path:
    shutil.copytree(ROOT / "overrides", project / "overrides")
    return project


def _plant(root: Path, rel: str, text: str) -> None:
    path = root / rel
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def _errors(root: Path, *paths: str) -> list[str]:
    """The error lines `ustaz check` prints for the paths (what the build must show and refuse)."""
    done = run_ustaz("check", *paths, "--format", "json", "--today", BUILD_DAY, cwd=root)
    found = json.loads(done.stdout)["findings"]
    return [f"{f['path']}:{f['line']}: error {f['code']}: {f['message']}" for f in found
            if f["severity"] == "error"]


def _mkdocs(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=root,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "USTAZ_TODAY": BUILD_DAY})


@pytest.mark.parametrize("part", sorted(PUBLIC_ERRORS))
def test_the_build_refuses_an_error_of_the_check_in_the_public_tree(site_project: Path, tmp_path: Path,
                                                                    part: str) -> None:
    rel, text = PUBLIC_ERRORS[part]
    _plant(site_project, rel, text)
    errors = _errors(site_project, part)
    assert errors, f"the planted {part} error is not an error of the check"
    site = tmp_path / "site"
    done = run_ustaz("build", "--site-dir", str(site), cwd=site_project, env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    shown = done.stderr.splitlines()
    for line in errors:
        assert line in shown, (line, done.stderr)
    assert "--allow-errors" in done.stderr
    assert not (site / "index.html").exists()
    # the plugin path: `mkdocs build` stops too, with the findings
    loose = _mkdocs(site_project, tmp_path / "mkdocs-site")
    assert loose.returncode != 0 and errors[0] in loose.stderr, loose.stderr
    assert not (tmp_path / "mkdocs-site" / "index.html").exists()
    # told otherwise, both build
    done = run_ustaz("build", "--allow-errors", "--site-dir", str(site), cwd=site_project,
                     env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 0, done.stderr
    assert (site / "index.html").is_file() and errors[0] in done.stderr.splitlines()
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - ustaz\n", "  - ustaz:\n      allow_errors: true\n"),
                      encoding="utf-8")
    assert _mkdocs(site_project, tmp_path / "mkdocs-site").returncode == 0
    assert (tmp_path / "mkdocs-site" / "index.html").is_file()


def test_an_error_of_the_private_tree_does_not_stop_the_site(site_project: Path, tmp_path: Path) -> None:
    """The site is built from the public tree alone: the private tree's errors are `ustaz check`'s, not the build's."""
    _plant(site_project, "examples/private/cohorts/2026-rb-kk-01/listeners.csv",
           "L99,Тест,Тест,Тест,12345,Школа,maybe,true,true,true\n")
    assert _errors(site_project, "examples/private")
    done = run_ustaz("build", "--site-dir", str(tmp_path / "site"), cwd=site_project, env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 0, done.stderr
    assert "examples/private" not in done.stderr


def test_a_draft_with_errors_does_not_stop_the_main_branch_site(site_project: Path, tmp_path: Path) -> None:
    """Pages builds main with the drafts of open pull requests (pr_drafts.py): a draft's errors are its pull
    request's check, not a reason to leave main's site unbuilt."""
    root = site_project
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "main")
    _git(root, "checkout", "-qb", "broken")
    _plant(root, *PUBLIC_ERRORS["programs"])
    assert _errors(root, "programs")
    _git(root, "commit", "-qam", "a draft with an error")
    _git(root, "update-ref", "refs/remotes/pr/4", "HEAD")
    _git(root, "checkout", "-q", "main")
    site = tmp_path / "site"
    done = run_ustaz("build", "--site-dir", str(site), "--pr-refs", "refs/remotes/pr/", cwd=root,
                     env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 0, done.stderr
    assert (site / "drafts" / "pr-4" / "robotics-basics" / "index.html").is_file()
