"""P-6: drafts are published for discussion. The Pages workflow's own fetch script, run against a git
remote that holds `refs/pull/<N>/head` as GitHub's does, gives the site builder the open pull requests'
drafts (the overlay is the site's; this checks the hand-over the workflow documents)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .botkit import ROOT

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def step(name: str) -> dict[str, object]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    return next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == name)


def test_p6_pages_workflow_fetches_open_pull_requests_drafts_for_the_site(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for name in ("programs", "data", "content", "overrides"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "main")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(work, "push", "-q", str(origin), "main")

    # a same-repository pull request #7 adds a draft; GitHub keeps its head as refs/pull/7/head
    git(work, "checkout", "-qb", "program/stem-draft")
    draft = work / "programs" / "stem-draft"
    shutil.copytree(work / "programs" / "robotics-basics", draft)
    (draft / "discussion.yml").unlink(missing_ok=True)
    text = (draft / "program.yml").read_text(encoding="utf-8").replace("id: robotics-basics", "id: stem-draft")
    head, _, _ = text.partition("lifecycle:")
    (draft / "program.yml").write_text(
        head + "lifecycle:\n  - {event: needs-analysis, date: 2026-11-02, protocol: \"1\"}\n"
        "  - {event: discussion-opened, date: 2026-11-20, url: \"https://github.com/example-centre/ustaz/pull/7\"}\n",
        encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "draft")
    git(work, "push", "-q", str(origin), "HEAD:refs/pull/7/head")

    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(origin), str(checkout))  # actions/checkout with fetch-depth: 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text('#!/bin/sh\n[ "$1 $2" = "pr list" ] && echo 7\nexit 0\n', encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("USTAZ_TODAY", "USTAZ_PRIVATE", "USTAZ_PR_REFS")}
    env.update(PATH=f"{bin_dir}:{Path(sys.executable).parent}:{env['PATH']}", RUNNER_TEMP=str(runner),
               GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="protocol.file.allow", GIT_CONFIG_VALUE_0="always")
    fetch = step("Fetch the drafts of open pull requests")
    done = subprocess.run(["bash", "-e", "-c", str(fetch["run"])], cwd=checkout, env=env, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "refs/remotes/pr/7" in git(checkout, "for-each-ref", "refs/remotes/pr/")

    build = step("Build the site")
    env.update({k: str(v) for k, v in dict(build["env"]).items()})  # type: ignore[call-overload]
    env["USTAZ_TODAY"] = "2026-11-23"
    out = tmp_path / "site"
    done = subprocess.run(["bash", "-e", "-c", str(build["run"]).replace("--site-dir site", f"--site-dir {out}")],
                          cwd=checkout, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("index.html") if "/pr-7/" in p.as_posix())
    assert "ru/drafts/pr-7/stem-draft/index.html" in pages
    assert not (out / "programs" / "stem-draft").exists()
