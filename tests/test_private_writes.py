"""Secrets and personal documents only where git would not add them (issue 15, DESIGN.md "private tree"):
in a real git repository, `register keygen`, `course certify`, `export badge`, `course import`, `course attend`
refuse a path git would track, and keys, PDFs and badges never go into the fictional examples/private/;
exit 2 with one line, nothing written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz

from ustaz.certificates import signing
from ustaz.certificates.register import Register
from ustaz.courses.issued import private_codes
from ustaz.ids import make_iin

COHORT = "2026-rb-kk-01"  # examples/private: L01, L02, L05 pass
KEY = signing.PRIVATE_KEY_FILE


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example project as a git repository with the project's own .gitignore, everything committed."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("programs", "data", "content", "examples"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", ".gitignore"):
        shutil.copy(ROOT / name, root / name)
    assert git(root, "init", "-q").returncode == 0
    assert git(root, "add", "-A").returncode == 0 and git(root, "commit", "-qm", "example").returncode == 0
    return root


def _refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode == 2 and words in done.stderr, done
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr


def _untracked(root: Path) -> list[str]:
    """What `git add -A` would add: the files git does not ignore."""
    lines = git(root, "status", "--porcelain", "--untracked-files=all").stdout.splitlines()
    return [line for line in lines if line.startswith("??")]


def test_the_example_private_trees_outputs_are_ignored(repo: Path) -> None:
    for path in (f"examples/private/{KEY}", f"examples/private/certificates/{COHORT}/L01-certificate.pdf",
                 "examples/private/certificates/badges/X.json", "private/anything.csv"):
        assert git(repo, "check-ignore", "-q", path).returncode == 0, path


def test_keygen_refuses_the_example_tree_and_a_tracked_place(repo: Path) -> None:
    _refused(run_ustaz("register", "keygen", cwd=repo), "examples/private/")  # the default, with no private/
    _refused(run_ustaz("register", "keygen", "--private", "data/secret", cwd=repo), "not git-ignored")
    assert not (repo / "examples/private/keys").exists() and not (repo / "data/secret").exists()
    assert not (repo / signing.PUBLIC_KEY_FILE).exists() and _untracked(repo) == []
    (repo / "private").mkdir()
    done = run_ustaz("register", "keygen", cwd=repo)  # private/: ignored by .gitignore
    assert done.returncode == 0, done.stderr
    assert (repo / "private" / KEY).exists()
    assert _untracked(repo) == [f"?? {signing.PUBLIC_KEY_FILE}"]  # only the public key is for git


def test_certify_and_badge_refuse_the_example_tree_and_write_nothing(repo: Path) -> None:
    _refused(run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", cwd=repo), "examples/private/")
    assert Register.load(repo).by_id == {} and _untracked(repo) == []  # not even the register rows
    shutil.copytree(repo / "examples/private", repo / "private")
    done = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "private/certificates" / COHORT / "L01-certificate.pdf").exists()
    assert _untracked(repo) == [], "only the register changed"  # the PDFs are invisible to git
    assert git(repo, "status", "--porcelain").stdout.split() == ["M", "data/certificates/2026.csv"]
    code = next(iter(private_codes(repo / "private").values()))  # the codes are in the private tree only
    _refused(run_ustaz("export", "badge", code, "--private", "examples/private", cwd=repo), "examples/private/")
    done = run_ustaz("export", "badge", code, cwd=repo)
    assert done.returncode == 0 and (repo / "private/certificates/badges").is_dir(), done.stderr


def test_listener_lists_and_attendance_refuse_a_tracked_private_tree(repo: Path, tmp_path: Path) -> None:
    """The example tree is tracked in a clone: a command that writes personal data refuses it."""
    listeners = repo / "examples/private/cohorts/2026-rb-ru-01/listeners.csv"
    before = listeners.read_bytes()
    src = tmp_path / "list.csv"
    src.write_text(f"Тегі;Аты;ЖСН\nБірінші;Айжан;{make_iin('90010140000')}\n", encoding="utf-8")
    _refused(run_ustaz("course", "import", "2026-rb-ru-01", str(src), cwd=repo), "not git-ignored")
    assert listeners.read_bytes() == before
    attendance = repo / "examples/private/cohorts/2026-rb-ru-01/attendance.csv"
    was = attendance.read_bytes() if attendance.exists() else None
    _refused(run_ustaz("course", "attend", "2026-rb-ru-01", "--date", "2026-12-01", cwd=repo), "not git-ignored")
    assert (attendance.read_bytes() if attendance.exists() else None) == was
    assert _untracked(repo) == [] and git(repo, "status", "--porcelain").stdout == ""
    # the same list into a private tree git ignores
    shutil.copytree(repo / "examples/private", repo / "private")
    done = run_ustaz("course", "import", "2026-rb-ru-01", str(src), cwd=repo)
    assert done.returncode == 0 and "added 1 listener(s)" in done.stderr, done.stderr
    assert git(repo, "status", "--porcelain").stdout == ""


def test_a_project_that_is_no_git_repository_may_write_where_it_likes_but_not_the_example_tree(
        tmp_path: Path) -> None:
    """No repository: git cannot commit anything, so only the example tree is refused (documented)."""
    root = tmp_path / "plain"
    root.mkdir()
    for name in ("programs", "data", "content", "examples"):
        shutil.copytree(ROOT / name, root / name)
    _refused(run_ustaz("register", "keygen", cwd=root), "examples/private/")
    done = run_ustaz("register", "keygen", "--private", str(root / "keys-here"), cwd=root)
    assert done.returncode == 0 and (root / "keys-here" / KEY).exists(), done.stderr


def test_course_documents_refuse_the_example_tree(repo: Path, tmp_path: Path) -> None:
    """Results sheets and expulsion notices name listeners: by default they would go to examples/private/."""
    for args in (("results-sheet", COHORT), ("admission-lists", COHORT)):
        _refused(run_ustaz("export", *args, cwd=repo), "examples/private/")
    assert _untracked(repo) == [] and not (repo / f"examples/private/cohorts/{COHORT}/documents").exists()
    done = run_ustaz("export", "results-sheet", COHORT, "-o", str(tmp_path / "sheet.docx"), cwd=repo)
    assert done.returncode == 0 and (tmp_path / "sheet.docx").exists(), done.stderr
