"""Issue 16: `ustaz private init` makes the private tree a git repository of its own, never inside the public
work tree and never sharing its remote (real git repositories, the real command)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import run_ustaz

from ustaz.private_tree import LAYOUT

GIT_ID = {"GIT_AUTHOR_NAME": "Staff", "GIT_AUTHOR_EMAIL": "staff@example.org", "GIT_COMMITTER_NAME": "Staff",
          "GIT_COMMITTER_EMAIL": "staff@example.org"}


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def public(project: Path) -> Path:
    """The example project as a public git repository with a remote."""
    git("init", "-q", "-b", "main", cwd=project)
    git("remote", "add", "origin", "https://github.com/example-centre/programs.git", cwd=project)
    return project


def test_init_creates_a_committed_repository_with_the_layout(public: Path) -> None:
    done = run_ustaz("private", "init", cwd=public, env=GIT_ID)
    assert done.returncode == 0, done.stderr
    tree = public.parent / f"{public.name}-private"  # the default: next to the public work tree
    assert git("rev-parse", "--show-toplevel", cwd=tree).strip() == str(tree.resolve())
    for folder in LAYOUT:
        assert (tree / folder).is_dir(), folder
    assert "/keys/" in (tree / ".gitignore").read_text(encoding="utf-8")
    assert (tree / "PROJECT").read_text(encoding="utf-8").startswith("KZ")  # private_owner: this project's tree
    tracked = git("ls-files", cwd=tree).split()
    assert "README.md" in tracked and "PROJECT" in tracked and ".gitignore" in tracked
    assert git("remote", cwd=tree).strip() == ""  # no remote at all, least of all the public one
    # a key written later stays out of the history
    (tree / "keys" / "signing.pem").write_text("secret", encoding="utf-8")
    assert "keys/" not in git("status", "--porcelain", "--untracked-files=all", cwd=tree)
    # the tree is usable: a command reads it through USTAZ_PRIVATE
    check = run_ustaz("check", cwd=public, env={"USTAZ_PRIVATE": str(tree)})
    assert "private-project" not in check.stdout + check.stderr


def test_init_refuses_inside_the_public_work_tree(public: Path) -> None:
    for inside in ("private", "data/private", "."):
        done = run_ustaz("private", "init", inside, cwd=public)
        assert done.returncode == 2, (inside, done.stdout)
        assert "inside the public repository" in done.stderr and "Traceback" not in done.stderr
    assert not (public / "data" / "private").exists() and not (public / "private").exists()


def test_init_refuses_a_repository_that_shares_the_public_remote(public: Path, tmp_path: Path) -> None:
    tree = tmp_path / "elsewhere"
    assert run_ustaz("private", "init", str(tree), cwd=public, env=GIT_ID).returncode == 0
    git("remote", "add", "backup", "https://github.com/example-centre/programs", cwd=tree)  # same, no .git
    done = run_ustaz("private", "init", str(tree), cwd=public)
    assert done.returncode == 2 and "shares the remote" in done.stderr


def test_init_completes_an_existing_private_repository_and_refuses_a_folder_of_files(public: Path,
                                                                                   tmp_path: Path) -> None:
    tree = tmp_path / "existing"
    tree.mkdir()
    git("init", "-q", cwd=tree)
    (tree / "cohorts").mkdir()
    (tree / "cohorts" / "notes.txt").write_text("kept", encoding="utf-8")
    done = run_ustaz("private", "init", str(tree), cwd=public)
    assert done.returncode == 0, done.stderr
    assert (tree / "cohorts" / "notes.txt").read_text(encoding="utf-8") == "kept"
    assert (tree / "support" / "plans").is_dir() and (tree / "README.md").is_file()
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "listeners.csv").write_text("x", encoding="utf-8")
    done = run_ustaz("private", "init", str(loose), cwd=public)
    assert done.returncode == 2 and "not a git repository" in done.stderr
