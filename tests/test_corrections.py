"""Correcting a certificate (issue 23, C-16, C-20): certify follows listeners by id, never by a corrected
name; `ustaz register reissue` revokes and issues the replacement with `supersedes`; every rule accepts the
revoked row once its holder is corrected. Each test here fails on the main branch before issue 23."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import run_ustaz

from ustaz.certificates.register import Register, Status
from ustaz.certificates.sealing import certificate_id
from ustaz.courses.issued import private_codes

COHORT = "2026-rb-kk-01"  # examples/private: L01, L02, L05 pass
FOLDER = f"examples/private/cohorts/{COHORT}"
L02 = "Мысалов Ерлан Серікұлы (вымышленный)"
CORRECTED = "Мысалов Ерлан Серікович (вымышленный)"
TODAY = {"USTAZ_TODAY": "2026-11-23"}


def _certify(project: Path, out: Path) -> str:
    done = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out), cwd=project, env=TODAY)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _correct_l02(project: Path) -> None:
    path = project / FOLDER / "listeners.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Серікұлы (вымышленный)", "Серікович (вымышленный)"),
                    encoding="utf-8")


def _errors(project: Path) -> list[dict[str, str]]:
    done = run_ustaz("check", "--today", "2026-11-23", "--format", "json", "data/certificates", FOLDER, cwd=project)
    return [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]


def _opened(project: Path) -> Register:
    """The sealed register opened with the codes certify kept in the (example) private tree."""
    return Register.load(project).with_codes(private_codes(project / "examples/private"))


def _issued_to(project: Path, prefix: str) -> list[str]:
    return [c.code for c in _opened(project).certificates
            if c.holder.startswith(prefix) and c.status is Status.ISSUED]


def test_c16_a_corrected_name_gets_no_second_certificate(project: Path, tmp_path: Path) -> None:
    _certify(project, tmp_path)
    _correct_l02(project)
    again = _certify(project, tmp_path)
    assert "0 certificate(s) added to the register, 3 already there" in again
    assert len(_issued_to(project, "Мысалов")) == 1
    [found] = _errors(project)
    assert found["code"] == "register-holder" and "ustaz register reissue" in found["message"], found
    assert CORRECTED in found["message"]


def test_c20_reissue_revokes_and_supersedes_and_check_is_clean(project: Path, tmp_path: Path) -> None:
    _certify(project, tmp_path)
    [old] = _issued_to(project, "Мысалов")
    _correct_l02(project)
    done = run_ustaz("register", "reissue", old, "--reason", "әкесінің аты қате", "--date", "2026-11-02",
                     cwd=project, env=TODAY)
    assert done.returncode == 0, done.stderr
    register = _opened(project)
    revoked = register.get(old)
    [new] = [c for c in register.certificates if c.supersedes == certificate_id(old)]
    assert revoked is not None and revoked.status is Status.REVOKED and revoked.holder == L02
    assert str(revoked.revoked_on) == "2026-11-02" and revoked.revoked_reason == "әкесінің аты қате"
    assert (new.holder, str(new.issued), str(new.valid_until)) == (CORRECTED, "2026-11-02", "2029-11-01")
    assert _errors(project) == []
    # the PDF follows: certify renders the replacement under the corrected name and adds nothing
    again = _certify(project, tmp_path / "again")
    assert "0 certificate(s) added to the register, 3 already there" in again and "register reissue" not in again
    # reissuing the old code again is refused: it is already replaced
    twice = run_ustaz("register", "reissue", old, "--reason", "x", cwd=project, env=TODAY)
    assert twice.returncode == 2 and f"already replaced by {new.shown_code}" in twice.stderr


def test_c20_revoke_correct_certify_is_no_trap(project: Path, tmp_path: Path) -> None:
    """The path the docs gave: revoke, correct the name, certify. The revoked row stays valid as written, certify
    issues nothing behind the revocation's back and says how to issue the correction."""
    _certify(project, tmp_path)
    [old] = _issued_to(project, "Мысалов")
    assert run_ustaz("register", "revoke", old, "--reason", "қате", "--date", "2026-11-02", cwd=project,
                     env=TODAY).returncode == 0
    _correct_l02(project)
    assert _errors(project) == []
    again = _certify(project, tmp_path)
    assert "0 certificate(s) added" in again and "ustaz register reissue" in again
    done = run_ustaz("register", "reissue", old, "--reason", "әкесінің аты қате", cwd=project, env=TODAY)
    assert done.returncode == 0, done.stderr
    assert _issued_to(project, "Мысалов") != [] and _errors(project) == []
    [new] = [c for c in _opened(project).certificates if c.supersedes == certificate_id(old)]
    assert new.holder == CORRECTED


def test_c16_certify_matches_by_listener_id_through_certificates_csv(project: Path, tmp_path: Path) -> None:
    _certify(project, tmp_path)
    with (project / FOLDER / "certificates.csv").open(encoding="utf-8", newline="") as fh:
        links = {r["listener"]: r["code"] for r in csv.DictReader(fh)}
    by_holder = {c.holder.split()[0]: c.shown_code for c in _opened(project).certificates}
    assert links == {"L01": by_holder["Тестова"], "L02": by_holder["Мысалов"], "L05": by_holder["Жорамалова"]}
