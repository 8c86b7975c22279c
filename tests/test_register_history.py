"""The register is append-only, checked against real git history (C-20): editing or deleting an
issued row in a commit is an error; revoking it with a date and a reason is fine."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import run_ustaz

from ustaz.calendar import valid_until
from ustaz.certificates import codes
from ustaz.certificates.register import Certificate, Register
from ustaz.certificates.writer import append

TODAY = "2026-11-23"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


# listeners of the example cohort 2026-rb-kk-01 (examples/private), which ended on 2026-10-20
FIRST = "Тестова Айгерим Болатқызы (вымышленная)"
SECOND = "Мысалов Ерлан Серікұлы (вымышленный)"
THIRD = "Жорамалова Гүлнар Ерікқызы (вымышленная)"


def _cert(holder: str) -> Certificate:
    issued = dt.date(2026, 10, 23)
    return Certificate.issue(code=codes.new_code(), holder=holder, program="robotics-basics", cohort="2026-rb-kk-01",
                             hours=80, course_ended=dt.date(2026, 10, 20), issued=issued,
                             valid_until=valid_until(issued, 3))


def _swap_seals(path: Path) -> None:
    """Give the first two rows each other's holder seal (an edit of both rows' sealed names)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b = lines[1].split(","), lines[2].split(",")
    a[10], b[10] = b[10], a[10]
    lines[1], lines[2] = ",".join(a), ",".join(b)
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def repo(project: Path) -> Path:
    """The example project as a real git repository: main has two certificates, we are on a branch."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "user.name", "Test")
    certs = [_cert(FIRST), _cert(SECOND)]
    append(project, certs)
    (project.parent / "codes.txt").write_text("\n".join(c.code for c in certs), encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "register")
    git(project, "checkout", "-qb", "feature")
    return project


def _check(root: Path, *args: str) -> tuple[int, str]:
    empty = root.parent / "no-private"  # the append-only rule alone: holders are not compared with listeners
    empty.mkdir(exist_ok=True)
    r = run_ustaz("check", "--today", TODAY, "--private", str(empty), "data/certificates", *args, cwd=root)
    return r.returncode, r.stdout + r.stderr


def _commit(root: Path, message: str) -> None:
    git(root, "commit", "-qam", message)


def test_c20_appending_a_row_is_fine(repo: Path) -> None:
    append(repo, [_cert(THIRD)])
    _commit(repo, "one more")
    assert _check(repo) == (0, "0 error(s), 0 warning(s)\n")


def test_c20_editing_an_issued_row_in_a_commit_is_an_error(repo: Path) -> None:
    _swap_seals(repo / "data/certificates/2026.csv")
    _commit(repo, "edit a holder")
    rc, out = _check(repo)
    assert rc == 1
    assert "data/certificates/2026.csv:2: error register-append-only: holder_seal of the certificate" in out
    assert "data/certificates/2026.csv:3: error register-append-only: holder_seal of the certificate" in out


def test_c20_deleting_an_issued_row_is_an_error_even_before_commit(repo: Path) -> None:
    path = repo / "data/certificates/2026.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[2], encoding="utf-8")
    rc, out = _check(repo)
    assert rc == 1 and "error register-append-only:" in out and "was deleted" in out


def test_c20_revoking_with_date_and_reason_is_fine_and_revocation_is_final(repo: Path) -> None:
    code = (repo.parent / "codes.txt").read_text(encoding="utf-8").split()[0]
    r = run_ustaz("register", "revoke", code, "--reason", "issued in error", "--date", "2026-11-02", cwd=repo)
    assert r.returncode == 0, r.stderr
    diff = git(repo, "diff", "--numstat")
    assert diff.startswith("1\t1\t"), diff  # exactly the one row changed
    _commit(repo, "revoke")
    assert _check(repo)[0] == 0
    # revoking twice is refused by the command, and editing the revocation is an append-only error
    again = run_ustaz("register", "revoke", code, "--reason", "again", cwd=repo)
    assert again.returncode == 2 and "already revoked on 2026-11-02" in again.stderr
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "feature")
    git(repo, "checkout", "-qb", "later")
    path = repo / "data/certificates/2026.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].rstrip("\n").split(",")
    assert cells[7] == "revoked" and Register.load(repo).get(code).revoked_reason == "issued in error"
    cells[11] = cells[10]  # another reason seal
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    rc, out = _check(repo)
    assert rc == 1 and "was already revoked" in out


def test_c20_status_revoked_without_reason_is_an_error(repo: Path) -> None:
    path = repo / "data/certificates/2026.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",issued,,,", ",revoked,2026-11-02,,")
    path.write_text("".join(lines), encoding="utf-8")
    rc, out = _check(repo)
    assert rc == 1 and "data/certificates/2026.csv:2: error register-revocation: a revoked certificate needs " \
                       "reason_seal" in out


def test_c20_on_main_the_last_commit_is_checked(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    path = repo / "data/certificates/2026.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",80,", ",72,", 1), encoding="utf-8")
    _commit(repo, "edit on main")
    rc, out = _check(repo)
    assert rc == 1 and "hours of the certificate" in out


def test_c20_base_option_and_a_bad_base(repo: Path) -> None:
    _swap_seals(repo / "data/certificates/2026.csv")
    _commit(repo, "edit")
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    assert _check(repo, "--base", "HEAD")[0] == 0  # nothing changed since HEAD
    assert _check(repo, "--base", first)[0] == 1
    rc, out = _check(repo, "--base", "no-such-ref")
    assert rc == 1 and "error register-base: cannot read the register at 'no-such-ref'" in out


def test_c20_a_clone_without_main_is_told_the_rule_was_not_checked(repo: Path) -> None:
    git(repo, "branch", "-m", "main", "trunk")
    rc, out = _check(repo)
    assert rc == 0 and "warning register-base: no main branch to compare the register with" in out
    assert _check(repo, "--base", "trunk")[1].endswith("0 error(s), 0 warning(s)\n")


def test_c20_only_a_pure_append_skips_the_row_by_row_comparison(tmp_path: Path) -> None:
    """C-20: the fast path (the file at the base is a prefix of the file now) must not hide an edit."""
    from ustaz.certificates.history import only_appended

    path = "data/certificates/2026.csv"
    (tmp_path / "data/certificates").mkdir(parents=True)
    old = "code,holder\nA,Тестова\n"

    def now(text: str) -> bool:
        (tmp_path / path).write_text(text, encoding="utf-8")
        return only_appended(tmp_path, path, old)

    assert now(old)                                   # unchanged
    assert now(old + "B,Мысалов\n")                   # rows added at the end
    assert not now("code,holder\nA,Тестова Д\n")      # a row edited
    assert not now("code,holder\n")                   # a row deleted
    unended = old.rstrip("\n")  # the base's last row had no line end: a cell grown on it is not an append
    (tmp_path / path).write_text(unended + "X\n", encoding="utf-8")
    assert not only_appended(tmp_path, path, unended)
    (tmp_path / path).write_text(unended + "\nB,Мысалов\n", encoding="utf-8")
    assert only_appended(tmp_path, path, unended)
    (tmp_path / path).write_bytes(b"\xff" + old.encode())  # not UTF-8 now: compared row by row
    assert not only_appended(tmp_path, path, old)
