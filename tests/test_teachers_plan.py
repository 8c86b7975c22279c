"""K-5: the teacher chooses the course topic and program, and the school's plan (staff-plan.csv) records the
choice with the needs it answers; `ustaz teachers due` shows the choice, and `ustaz check` holds the plan
to the staff list."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, run_ustaz

KG = ROOT / "examples" / "kg-school"
PLAN = "examples/private/staff-plan.csv"


def kg_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "kg"
    shutil.copytree(KG, dest)
    return dest


def check(root: Path) -> list[tuple[str, str, int | None]]:
    res = run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=root)
    return [(f["code"], f["path"], f["line"]) for f in json.loads(res.stdout)["findings"]]


def test_k5_the_kyrgyz_school_shows_each_teachers_choice(tmp_path: Path) -> None:
    root = kg_copy(tmp_path)
    assert check(root) == []
    text = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root).stdout
    overdue = text.split("Overdue")[1].split("Due within")[0]
    assert "m-003" in overdue and "chosen 2026: «Башталгыч класста калыптандыруучу баалоо»" in overdue
    assert "needs: Сабакта кайтарым байланыш берүү" in overdue
    data = json.loads(run_ustaz("teachers", "due", "--today", "2026-11-23", "--format", "json", cwd=root).stdout)
    plans = {t["teacher"]: t["plan"] for t in data["teachers"]}
    assert [p["program"] for p in plans["m-002"]] == ["funktsionaldyk-sabattuuluk"]
    assert plans["m-002"][0]["needs"].startswith("Окуучулардын PISA")
    assert plans["m-001"] == []
    # a choice for a past year is not shown as the teacher's plan
    later = json.loads(run_ustaz("teachers", "due", "--today", "2027-03-01", "--format", "json", cwd=root).stdout)
    assert {t["teacher"]: t["plan"] for t in later["teachers"]}["m-003"] == []


def test_k5_unknown_teacher_missing_needs_and_a_due_teacher_without_a_choice(tmp_path: Path) -> None:
    root = kg_copy(tmp_path)
    path = root / PLAN
    lines = path.read_text(encoding="utf-8").splitlines()
    # line 2: m-002's choice loses its needs; line 3 (m-003) is removed; a row for an unknown teacher
    cells = lines[1].split(",")
    cells[5] = ""
    lines[1] = ",".join(cells)
    del lines[2]
    lines.append("x-999,2027,Курс,Программа,,Керектөө,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = check(root)
    assert ("staff-plan-needs", PLAN, 2) in found
    assert ("staff-plan-teacher", PLAN, 4) in found
    # m-003 is overdue (line 4 of staff.csv) and has no choice any more; m-002 (due) still has one
    assert ("staff-plan-missing", "examples/private/staff.csv", 4) in found
    assert not [f for f in found if f[0] == "staff-plan-missing" and f[2] == 3]
    text = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root).stdout
    assert "no course chosen in the school's plan yet (K-5)" in text.split("Overdue")[1].split("Due within")[0]


def test_k5_a_malformed_plan_is_a_finding_and_stops_the_report(tmp_path: Path) -> None:
    root = kg_copy(tmp_path)
    (root / PLAN).write_text("teacher,year,topic,program,provider,needs,starts\nm-002,next,,x,,y,soon\n",
                             encoding="utf-8")
    assert [f for f in check(root) if f[1] == PLAN]
    res = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root)
    assert res.returncode == 1 and PLAN in res.stderr and "Traceback" not in res.stderr
