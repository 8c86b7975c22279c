"""The Kyrgyz preset kg-2013 (K-1, K-3) and the Kyrgyz example school (examples/kg-school)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz

from ustaz.calendar import load_calendar
from ustaz.policy import preset
from ustaz.project import Project

KG_SCHOOL = ROOT / "examples" / "kg-school"
TODAY = "2026-11-23"


@pytest.fixture
def kg_school(tmp_path: Path) -> Path:
    dest = tmp_path / "kg-school"
    shutil.copytree(KG_SCHOOL, dest, ignore=shutil.ignore_patterns("site"))
    return dest


def check(root: Path) -> tuple[int, list[dict[str, object]]]:
    res = run_ustaz("check", "--today", TODAY, "--format", "json", cwd=root)
    assert "Traceback" not in res.stderr, res.stderr
    return res.returncode, json.loads(res.stdout)["findings"]


def test_the_kyrgyz_school_passes_its_checks(kg_school: Path) -> None:
    assert check(kg_school) == (0, [])


def test_the_shipped_kyrgyz_school_passes_from_inside_it() -> None:
    """`ustaz check` run inside examples/kg-school takes that folder as the project (not the repository)."""
    res = run_ustaz("check", "--today", TODAY, cwd=KG_SCHOOL)
    assert res.returncode == 0 and res.stdout == ""
    assert "0 error(s), 0 warning(s)" in res.stderr


def _set(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(pattern, text, flags=re.MULTILINE)
    path.write_text(re.sub(pattern, new, text, count=1, flags=re.MULTILINE), encoding="utf-8")


def test_an_80_hour_course_is_an_error_under_kg_2013_K1(kg_school: Path) -> None:
    yml = kg_school / "programs" / "funktsionaldyk-sabattuuluk" / "program.yml"
    _set(yml, r"^hours: 72$", "hours: 80")
    _set(yml, r"hours: \{theory: 4, practice: 6, independent: 2\}", "hours: {theory: 4, practice: 6, independent: 10}")
    code, found = check(kg_school)
    assert code == 1
    assert [(f["path"], f["line"], f["code"], f["message"]) for f in found] == [
        ("programs/funktsionaldyk-sabattuuluk/program.yml", 10, "program-hours",
         "a course must last 72 hours under kg-2013, not 80")]


def test_a_400_hour_retraining_is_an_error_K3(kg_school: Path) -> None:
    yml = kg_school / "programs" / "kosumcha-bilim-pedagogu" / "program.yml"
    _set(yml, r"^hours: 520$", "hours: 400")
    _set(yml, r"hours: \{theory: 0, practice: 80, independent: 20\}", "hours: {theory: 0, practice: 0, independent: 0}")
    _set(yml, r"hours: \{theory: 10, practice: 10, independent: 20\}", "hours: {theory: 10, practice: 10, independent: 0}")
    code, found = check(kg_school)
    assert code == 1
    assert [(f["line"], f["code"], f["message"]) for f in found] == [
        (8, "program-hours", "a retraining program must last at least 500 hours under kg-2013, not 400")]


def test_500_hours_is_enough_for_a_retraining_K3(kg_school: Path) -> None:
    yml = kg_school / "programs" / "kosumcha-bilim-pedagogu" / "program.yml"
    _set(yml, r"^hours: 520$", "hours: 500")
    _set(yml, r"hours: \{theory: 10, practice: 10, independent: 20\}", "hours: {theory: 10, practice: 10, independent: 0}")
    assert check(kg_school) == (0, [])


def test_a_72_hour_course_is_an_error_under_kz_2023_C6(kg_school: Path) -> None:
    (kg_school / "data" / "policy.yml").write_text("preset: kz-2023\nprogram_languages: [ky, ru]\n"
                                                  "languages: [ky, ru]\n", encoding="utf-8")
    found = [f for f in check(kg_school)[1] if f["code"] == "program-hours"]
    assert [f["message"] for f in found] == ["a course must last 80 hours under kz-2023, not 72"]


def test_kg_preset_follows_002_K1_K2_K3() -> None:
    kg, kz = preset("kg-2013"), preset("kz-2023")
    assert (kg.course_hours, kg.retraining_hours) == (72, 500)
    assert (kg.teacher_cycle_years, kg.teacher_cycle_hours) == (5, 72)
    assert (kg.country, kg.timezone, kg.default_language) == ("KG", "Asia/Bishkek", "ky")
    # the documents as 002 names them: күбөлүк after a course, a diploma after retraining
    assert kg.documents["certificate"]["ky"] == "Күбөлүк"
    assert kg.documents["diploma"]["ky"] == "Кесиптик кайра даярдоо боюнча диплом"
    # what 002 does not change stays as in kz-2023
    assert kg.directions == kz.directions and kg.scoring == kz.scoring
    assert kg.sections["ky"][0] == "Жалпы жоболор" and kg.sections["ky"][9] == "Негизги жана кошумча адабияттардын тизмеси"
    assert kg.sections == kz.sections


def test_the_school_works_on_the_kyrgyz_calendar(kg_school: Path) -> None:
    """2026-05-05 (Tuesday) is Constitution Day in Kyrgyzstan, a working day in Kazakhstan."""
    project = Project.load(kg_school)
    kg_calendar, _ = load_calendar(kg_school, project.policy.country)
    kz_calendar, _ = load_calendar(kg_school, "KZ")
    assert not kg_calendar.is_working_day(dt.date(2026, 5, 5))
    assert kz_calendar.is_working_day(dt.date(2026, 5, 5))


def test_a_discussion_closed_before_ten_kyrgyz_working_days_is_an_error_P6(kg_school: Path) -> None:
    """Opened 2026-03-02: ten KG working days are 03-03…03-06, 03-09 (03-08 is a Sunday holiday, not moved)
    … 03-16; closing on 2026-03-13 is early."""
    yml = kg_school / "programs" / "funktsionaldyk-sabattuuluk" / "program.yml"
    _set(yml, r"discussion-closed, date: 2026-03-17", "discussion-closed, date: 2026-03-13")
    found = [f for f in check(kg_school)[1] if f["code"] == "discussion-closed-early"]
    assert len(found) == 1 and "until 2026-03-16" in found[0]["message"]


def test_teachers_due_in_the_kyrgyz_school_K2_K4_K6(kg_school: Path) -> None:
    """examples/kg-school/examples/private: hand-computed as of 2026-11-23 (72 hours in 5 years):
    m-002: 72 h ended 2022-03-25 → through 2027-03-24, within 12 months → due;
    m-003: 36 h 2019-10-10 + 36 h 2021-04-15 → covered 2021-04-15 … 2024-10-09 → overdue;
    m-005: hired 2025-09-01 → through 2030-08-31 → ok;
    m-004 (diploma) and m-006 (күбөлүк) have not handed in their documents."""
    res = run_ustaz("teachers", "due", "--today", TODAY, "--format", "json", cwd=kg_school)
    data = json.loads(res.stdout)
    status = {t["teacher"]: (t["status"], t["window_ends"]) for t in data["teachers"]}
    assert status == {"m-001": ("ok", "2028-06-19"), "m-002": ("due", "2027-03-24"),
                      "m-003": ("overdue", "2024-10-09"), "m-004": ("ok", "2029-06-27"),
                      "m-005": ("ok", "2030-08-31"), "m-006": ("ok", "2031-10-29")}
    missing = {t["teacher"]: [d["document"] for d in t["documents_missing"]] for t in data["teachers"]
               if t["documents_missing"]}
    assert missing == {"m-004": ["diploma"], "m-006": ["certificate"]}
    assert data["summary"] == {"teachers": 6, "ok": 4, "due": 1, "overdue": 1, "documents_missing": 2}


def test_a_retraining_leads_to_a_diploma_a_course_to_a_kubolyk_K1_K3() -> None:
    """The certificate a program's kind leads to, as certify names it on the document."""
    from ustaz.certificates.render import document_names

    kg = preset("kg-2013")
    assert document_names(kg.documents, "ky", "course")[0] == "Күбөлүк"
    assert document_names(kg.documents, "ky", "retraining")[0] == "Кесиптик кайра даярдоо боюнча диплом"
    assert document_names(kg.documents, "ru", "retraining")[0] == "Диплом о профессиональной переподготовке"
    assert document_names(preset("kz-2023").documents, "kk", "course")[0] == "Сертификат"
