"""`ustaz deadlines --rule/--program/--school` and the C-20 expiries of certificates in force (issue 23)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_ustaz

from ustaz.certificates.register import Register
from ustaz.courses.issued import private_codes


def _items(project: Path, *args: str, today: str = "2026-11-23") -> list[dict[str, object]]:
    done = run_ustaz("deadlines", "--today", today, "--format", "json", *args, cwd=project)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout)["deadlines"])


def test_filters_by_rule_program_and_school(project: Path) -> None:
    every = _items(project)
    assert {d["rule"] for d in every} >= {"S-10", "P-11"}
    s10 = _items(project, "--rule", "s-10")
    assert s10 and s10 == [d for d in every if d["rule"] == "S-10"]
    school = _items(project, "--school", "akm-ulgi-school")
    assert school and school == [d for d in s10 if d["subject"] == "akm-ulgi-school"]
    both = _items(project, "--rule", "S-10", "--rule", "P-11")
    assert both == [d for d in every if d["rule"] in ("S-10", "P-11")]
    program = _items(project, "--program", "robotics-basics")
    assert program and program == [d for d in every if d["subject"] == "robotics-basics"]


def test_c20_expiries_of_certificates_in_force(project: Path, tmp_path: Path) -> None:
    done = run_ustaz("course", "certify", "2026-rb-kk-01", "--date", "2026-10-23", "--out", str(tmp_path),
                     cwd=project, env={"USTAZ_TODAY": "2026-11-23"})
    assert done.returncode == 0, done.stderr
    # the subjects are the register's ids (it holds no code); the codes are in the private tree
    certs = {c.id: c for c in Register.load(project).with_codes(private_codes(project / "examples/private")).certificates}
    revoked = next(iter(certs))
    assert run_ustaz("register", "revoke", certs[revoked].code, "--reason", "x", "--date", "2026-11-02",
                     cwd=project).returncode == 0
    assert [d for d in _items(project) if d["rule"] == "C-20"] == []  # three years off: not in the default listing
    expiring = _items(project, "--rule", "C-20")
    assert sorted(d["subject"] for d in expiring) == sorted(c for c in certs if c != revoked)
    assert {(d["due"], d["status"]) for d in expiring} == {("2029-10-22", "open")}
    # within a year of the expiry they join the default listing, and --program keeps them
    soon = [d for d in _items(project, today="2029-01-10") if d["rule"] == "C-20"]
    assert len(soon) == 2 and soon == [d for d in _items(project, "--program", "robotics-basics", today="2029-01-10")
                                       if d["rule"] == "C-20"]
    assert [d for d in _items(project, "--rule", "C-20", today="2029-10-23")] == []  # expired: nothing left to list
