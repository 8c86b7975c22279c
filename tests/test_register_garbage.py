"""Bad input to the register and its commands is a finding or a message, never a traceback (C-20)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_ustaz
from sealed import sealed_line

from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS

HEADER = ",".join(COLUMNS) + "\n"


def _check(project: Path) -> tuple[int, str]:
    r = run_ustaz("check", "--today", "2026-11-23", "data/certificates", cwd=project)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, r.stdout


def test_c20_a_register_file_that_is_not_utf8(project: Path) -> None:
    (project / "data/certificates/2026.csv").write_bytes(HEADER.encode() + "Тестова".encode("cp1251") + b",x\n")
    rc, out = _check(project)
    assert rc == 1 and "data/certificates/2026.csv:1: error encoding: the file is not valid UTF-8" in out


def test_c20_nul_bytes_a_wrong_header_and_an_empty_file(project: Path) -> None:
    path = project / "data/certificates/2026.csv"
    path.write_bytes(HEADER.encode() + b"AB\x00CD,robotics-basics\n")
    rc, out = _check(project)
    assert rc == 1 and "data/certificates/2026.csv:2: error table-value: 'id' must match" in out
    assert "data/certificates/2026.csv:2: error table-row: the row ends before its 'cohort' cell" in out
    path.write_text("kod,programma\n", encoding="utf-8")
    rc, out = _check(project)
    assert rc == 1 and "data/certificates/2026.csv:1: error table-header: the header must be exactly: id," in out
    path.write_text("", encoding="utf-8")
    rc, out = _check(project)
    assert rc == 1 and "error table-header" in out


def test_c20_commands_refuse_bad_codes_and_missing_data(project: Path) -> None:
    for args in (["verify", "ÄÖÜ-123"], ["verify", ""], ["register", "revoke", "'; DROP TABLE", "--reason", "x"]):
        r = run_ustaz(*args, cwd=project)
        assert r.returncode == 2 and "is not a certificate code" in r.stderr and "Traceback" not in r.stderr
    unknown = codes.new_code()
    r = run_ustaz("register", "revoke", unknown, "--reason", "x", cwd=project)
    assert r.returncode == 2 and f"no certificate {unknown} in the register" in r.stderr
    r = run_ustaz("verify", unknown, "--site", str(project / "nowhere"), cwd=project)
    assert r.returncode == 2 and "no lookup data" in r.stderr
    r = run_ustaz("register", "revoke", unknown, "--reason", "x", "--date", "yesterday", cwd=project)
    assert r.returncode == 2 and "--date 'yesterday' is not a date" in r.stderr


def test_c20_revoke_refuses_a_row_with_errors_and_an_empty_reason(project: Path) -> None:
    code = codes.display(codes.new_code())
    path = project / "data/certificates/2026.csv"
    row = {"code": code, "program": "robotics-basics", "cohort": "2026-rb-kk-01", "holder": "X Y", "hours": "eighty",
           "course_ended": "2026-10-20", "issued": "2026-10-23", "valid_until": "2029-10-22", "status": "issued"}
    path.write_text(HEADER + sealed_line(row) + "\n", encoding="utf-8")
    r = run_ustaz("register", "revoke", code, "--reason", "x", cwd=project)
    assert r.returncode == 2 and "no certificate" in r.stderr  # the broken row is not a certificate at all
    path.write_text(HEADER + sealed_line({**row, "hours": "80"}) + "\n", encoding="utf-8")
    r = run_ustaz("register", "revoke", code, "--reason", "   ", cwd=project)
    assert r.returncode == 2 and "needs a reason" in r.stderr
    r = run_ustaz("register", "revoke", code, "--reason", "x", "--date", "2026-10-01", cwd=project)
    assert r.returncode == 2 and "before the issue date" in r.stderr
    assert b",revoked," not in path.read_bytes()
