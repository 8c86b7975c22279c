"""`ustaz register seal` (the migration of a plaintext register, #16) and `ustaz register find` (a holder who
lost the code, found in the private tree)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import run_ustaz

from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS, PLAIN_COLUMNS, Register
from ustaz.courses.issued import private_codes

COHORT = "2026-rb-kk-01"
L01 = "Тестова Айгерим Болатқызы (вымышленная)"
STRANGER = "Бөтен Адам Zqxstrangerq"


def _plain(code: str, holder: str, **kw: str) -> str:
    cells = {"code": codes.display(code), "program": "robotics-basics", "cohort": COHORT, "holder": holder,
             "hours": "80", "course_ended": "2026-10-20", "issued": "2026-10-23", "valid_until": "2029-10-22",
             "status": "issued", "revoked_on": "", "revoked_reason": "", "supersedes": "", **kw}
    return ",".join(cells[c] for c in PLAIN_COLUMNS)


def test_c20_seal_migrates_a_plaintext_register_and_keeps_every_code(project: Path, tmp_path: Path) -> None:
    private = tmp_path / "private"
    shutil.copytree(project / "examples/private", private)
    first, second, third = codes.new_code(), codes.new_code(), codes.new_code()
    path = project / "data/certificates/2026.csv"
    rows = [_plain(first, L01, status="revoked", revoked_on="2026-11-01", revoked_reason="қате"),
            _plain(second, L01, supersedes=codes.display(first)),
            _plain(third, STRANGER)]  # no listener of this name: its code must not be lost
    path.write_text(",".join(PLAIN_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    before = run_ustaz("check", "--today", "2026-11-23", "--private", str(private), "data/certificates", cwd=project)
    assert "error table-header" in before.stdout and "register seal" in before.stdout

    done = run_ustaz("register", "seal", "--private", str(private), cwd=project)
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS) and len(text.splitlines()) == 4
    for secret in (L01, STRANGER, "қате", *(f for c in (first, second, third) for f in (c, codes.display(c)))):
        assert secret.casefold() not in text.casefold()
    kept = private_codes(private)
    assert set(kept.values()) == {first, second}  # tied to L01 by name in listeners.csv
    unlinked = (private / "certificates/unlinked-codes.csv").read_text(encoding="utf-8")
    assert codes.display(third) in unlinked and STRANGER in unlinked
    register = Register.load(project)
    old, new = register.get(first), register.get(second)
    assert old is not None and new is not None and old.holder == L01 and old.revoked_reason == "қате"
    assert new.supersedes == old.id and new.holder == L01
    # the sealed register checks: the seals open with the private tree's codes (the stranger's row has none)
    after = run_ustaz("check", "--today", "2026-11-23", "--private", str(private), "data/certificates", cwd=project)
    assert "table-header" not in after.stdout and "warning register-seal" in after.stdout
    assert [line for line in after.stdout.splitlines() if " error " in line] == [
        line for line in after.stdout.splitlines() if "register-holder" in line and ":4:" in line]
    again = run_ustaz("register", "seal", "--private", str(private), cwd=project)
    assert again.returncode == 0 and "sealed already" in again.stdout and path.read_text(encoding="utf-8") == text
    v = run_ustaz("verify", codes.display(third), "--today", "2026-11-23", cwd=project)
    assert v.returncode == 0 and STRANGER in v.stdout

    found = run_ustaz("register", "find", "тестова айгерим", "--private", str(private), cwd=project)
    assert found.returncode == 0 and codes.display(first) in found.stdout and codes.display(second) in found.stdout
    assert "revoked on 2026-11-01" in found.stdout and "valid until 2029-10-22" in found.stdout
    nobody = run_ustaz("register", "find", "Zqxnobodyq", "--private", str(private), cwd=project)
    assert nobody.returncode == 1 and "Traceback" not in nobody.stderr


def test_c20_seal_refuses_a_broken_plaintext_row_and_writes_nothing(project: Path, tmp_path: Path) -> None:
    private = tmp_path / "private"
    shutil.copytree(project / "examples/private", private)
    path = project / "data/certificates/2026.csv"
    text = ",".join(PLAIN_COLUMNS) + "\n" + _plain(codes.new_code(), L01) + "\n" + _plain("NOT-A-CODE", L01) + "\n"
    path.write_text(text, encoding="utf-8")
    done = run_ustaz("register", "seal", "--private", str(private), cwd=project)
    assert done.returncode == 2 and "data/certificates/2026.csv:3:" in done.stderr and "Traceback" not in done.stderr
    assert path.read_text(encoding="utf-8") == text and private_codes(private) == {}


def _hostile_register_files(path: Path, outside: Path) -> dict[str, Callable[[], object]]:
    """Every kind of non-file, or unreadable file, a pull request can put where a register year file goes."""
    outside.write_text(",".join(PLAIN_COLUMNS) + "\n", encoding="utf-8")
    return {
        "directory": lambda: path.mkdir(),
        "symlink outside": lambda: path.symlink_to(outside),
        "dangling symlink": lambda: path.symlink_to(path.parent / "nowhere.csv"),
        "not UTF-8": lambda: path.write_bytes(",".join(PLAIN_COLUMNS).encode() + b"\n\xff\xfe,\x80\n"),
    }


def test_c20_seal_refuses_a_register_file_it_must_not_read_and_names_it(project: Path, tmp_path: Path) -> None:
    """`register seal` reads the year files through the bounded reader: a directory, a symlink or a non-UTF-8 file
    named <year>.csv is a refusal that names the file (exit 2), never a traceback, and nothing is written."""
    private = tmp_path / "private"
    shutil.copytree(project / "examples/private", private)
    folder = project / "data/certificates"
    for kind, make in _hostile_register_files(folder / "2027.csv", tmp_path / "outside.csv").items():
        before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink()}
        make()
        done = run_ustaz("register", "seal", "--private", str(private), cwd=project)
        assert done.returncode == 2, (kind, done.stdout, done.stderr)
        assert "data/certificates/2027.csv" in done.stderr and "Traceback" not in done.stderr, (kind, done.stderr)
        planted = folder / "2027.csv"
        if planted.is_file() and not planted.is_symlink():
            before[planted.name] = planted.read_bytes()  # the planted file itself, left as it was
        after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink()}
        assert after == before and private_codes(private) == {}, kind
        target = folder / "2027.csv"
        if target.is_dir() and not target.is_symlink():
            target.rmdir()
        else:
            target.unlink()
