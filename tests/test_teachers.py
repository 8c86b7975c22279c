"""The teachers' course cycle (K-2), documents handed in (K-4), attestation summary (K-6).

Every expected date below is worked out by hand in the comment next to it. The rule: a course that
ended on E counts from E through E + 5 years − 1 day (as a certificate's validity); a teacher is
covered while the counting courses add up to 72 hours (kg-2013) or 80 (kz-2023).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_ustaz

STAFF = "teacher,surname,name,patronymic,organization,position,hired\n"
COURSES = "teacher,kind,title,provider,hours,started,ended,handed_in\n"


def school(tmp_path: Path, staff: list[str], courses: list[str], preset: str = "kg-2013") -> Path:
    root = tmp_path / "school"
    (root / "data").mkdir(parents=True)
    (root / "data" / "policy.yml").write_text(f"preset: {preset}\n", encoding="utf-8")
    (root / "private").mkdir()
    (root / "private" / "staff.csv").write_text(STAFF + "".join(staff), encoding="utf-8")
    (root / "private" / "staff-courses.csv").write_text(COURSES + "".join(courses), encoding="utf-8")
    return root


def teacher(tid: str, hired: str = "") -> str:
    return f"{tid},Фамилия,Аты,,test-school,мугалим,{hired}\n"


def course(tid: str, ended: str, hours: int = 72, handed_in: str = "true", kind: str = "course",
           title: str = "Курс") -> str:
    return f"{tid},{kind},{title},Борбор,{hours},,{ended},{handed_in}\n"


def due(root: Path, today: str) -> dict[str, dict[str, object]]:
    res = run_ustaz("teachers", "due", "--today", today, "--format", "json", cwd=root)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    return {t["teacher"]: t for t in data["teachers"]} | {"_summary": data["summary"], "_data": data}


def state(report: dict[str, dict[str, object]], tid: str) -> tuple[object, object, object]:
    t = report[tid]
    return t["status"], t["window_ends"], t["hours_in_window"]


def test_one_course_counts_through_five_years_minus_a_day_K2(tmp_path: Path) -> None:
    """72 hours ended 2021-11-24 → counts through 2026-11-24 − 1 day = 2026-11-23."""
    root = school(tmp_path, [teacher("t1")], [course("t1", "2021-11-24")])
    assert state(due(root, "2026-11-23"), "t1") == ("due", "2026-11-23", 72)   # the last covered day
    assert state(due(root, "2026-11-24"), "t1") == ("overdue", "2026-11-23", 0)  # the next day: ran out
    # a year earlier: 2026-11-23 is after 2025-11-23 + 12 months = 2026-11-23? no: equal → still "due"
    assert state(due(root, "2025-11-23"), "t1") == ("due", "2026-11-23", 72)
    # one day before that, 2025-11-22 + 12 months = 2026-11-22 < 2026-11-23 → "ok"
    assert state(due(root, "2025-11-22"), "t1") == ("ok", "2026-11-23", 72)


def test_a_course_counts_from_the_day_it_ends_K2(tmp_path: Path) -> None:
    """The course ends 2026-11-23: on 2026-11-22 it does not count yet, on 2026-11-23 it does,
    through 2031-11-22 (2031-11-23 − 1 day)."""
    root = school(tmp_path, [teacher("t1")], [course("t1", "2026-11-23")])
    assert state(due(root, "2026-11-22"), "t1") == ("overdue", None, 0)  # never covered: no date to show
    assert state(due(root, "2026-11-23"), "t1") == ("ok", "2031-11-22", 72)


def test_hours_of_two_short_courses_add_up_K2(tmp_path: Path) -> None:
    """36 h ended 2020-03-01 + 36 h ended 2023-09-15 = 72 h from 2023-09-15 until the older one stops
    counting: 2020-03-01 + 5 years − 1 day = 2025-02-28."""
    root = school(tmp_path, [teacher("t2")], [course("t2", "2020-03-01", 36), course("t2", "2023-09-15", 36)])
    assert state(due(root, "2023-09-14"), "t2") == ("overdue", None, 36)      # only the first counts
    assert state(due(root, "2024-06-01"), "t2") == ("due", "2025-02-28", 72)  # 2025-02-28 ≤ 2025-06-01
    assert state(due(root, "2025-02-28"), "t2") == ("due", "2025-02-28", 72)
    assert state(due(root, "2025-03-01"), "t2") == ("overdue", "2025-02-28", 36)


def test_the_window_that_ran_out_is_found_across_gaps_K2(tmp_path: Path) -> None:
    """40 h on 2015-01-10, 40 h on 2016-01-10, 40 h on 2022-01-10, as of 2026-11-23.
    80 h count from 2016-01-10 until the 2015 course stops: 2020-01-10 − 1 day = 2020-01-09.
    The 2016 course stops after 2021-01-09, before the 2022 one starts, so the 2022 course is alone
    (40 h): the window ran out on 2020-01-09, not 2021-01-09."""
    root = school(tmp_path, [teacher("t3")],
                  [course("t3", "2015-01-10", 40), course("t3", "2016-01-10", 40), course("t3", "2022-01-10", 40)])
    assert state(due(root, "2026-11-23"), "t3") == ("overdue", "2020-01-09", 40)
    assert state(due(root, "2020-01-09"), "t3") == ("due", "2020-01-09", 80)


def test_29_february_K2(tmp_path: Path) -> None:
    """Ended 2024-02-29: 2024-02-29 + 5 years = 2029-02-28 (no 29th), − 1 day = 2029-02-27."""
    root = school(tmp_path, [teacher("t4")], [course("t4", "2024-02-29")])
    assert state(due(root, "2029-02-27"), "t4") == ("due", "2029-02-27", 72)
    assert state(due(root, "2029-02-28"), "t4") == ("overdue", "2029-02-27", 0)


def test_a_newcomer_has_one_cycle_from_the_day_they_were_hired_K2(tmp_path: Path) -> None:
    """Hired 2024-09-01, no courses: covered through 2029-09-01 − 1 day = 2029-08-31."""
    root = school(tmp_path, [teacher("t5", hired="2024-09-01")], [])
    assert state(due(root, "2026-11-23"), "t5") == ("ok", "2029-08-31", 0)
    assert state(due(root, "2029-09-01"), "t5") == ("overdue", "2029-08-31", 0)


def test_a_later_course_extends_the_window_K2(tmp_path: Path) -> None:
    """72 h on 2015-05-10 (ran out 2020-05-09) and 72 h on 2023-01-20: covered through
    2028-01-20 − 1 day = 2028-01-19; 2028-01-19 is after 2026-11-23 + 12 months = 2027-11-23 → ok."""
    root = school(tmp_path, [teacher("t6")], [course("t6", "2015-05-10"), course("t6", "2023-01-20")])
    assert state(due(root, "2026-11-23"), "t6") == ("ok", "2028-01-19", 72)
    assert state(due(root, "2021-06-01"), "t6") == ("overdue", "2020-05-09", 0)


def test_the_kz_cycle_needs_80_hours(tmp_path: Path) -> None:
    """K-2 analogue under kz-2023 (teacher_cycle.hours 80): one 72-hour course is not enough."""
    rows = [course("t7", "2025-05-05")]
    assert state(due(school(tmp_path, [teacher("t7")], rows, "kz-2023"), "2026-11-23"), "t7") == ("overdue", None, 72)
    assert due(school(tmp_path / "kg", [teacher("t7")], rows), "2026-11-23")["t7"]["status"] == "ok"


def test_documents_not_handed_in_after_a_course_K4(tmp_path: Path) -> None:
    root = school(tmp_path, [teacher("t1"), teacher("t2")], [
        course("t1", "2026-06-10", handed_in="false", title="Санариптик сабат"),   # ended, not handed in
        course("t1", "2026-12-10", handed_in="false", title="Келечек курс"),      # not ended yet
        course("t2", "2024-05-20", 520, handed_in="false", kind="retraining", title="Кайра даярдоо"),
        course("t2", "2025-05-20", handed_in="true"),
    ])
    report = due(root, "2026-11-23")
    assert [d["title"] for d in report["t1"]["documents_missing"]] == ["Санариптик сабат"]
    assert report["t2"]["documents_missing"] == [
        {"title": "Кайра даярдоо", "kind": "retraining", "hours": 520, "ended": "2024-05-20", "document": "diploma"}]
    text = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root).stdout
    # the documents are named as in 002 (kg-2013's documents)
    assert "Күбөлүк — «Санариптик сабат», ended 2026-06-10" in text
    assert "Кесиптик кайра даярдоо боюнча диплом — «Кайра даярдоо», ended 2024-05-20" in text


def test_attestation_summary_K6(tmp_path: Path) -> None:
    root = school(tmp_path, [teacher("t1"), teacher("t2"), teacher("t3", hired="2026-09-01")], [
        course("t1", "2019-01-15", handed_in="false"),   # ran out 2024-01-14; document missing
        course("t2", "2022-03-01"),                      # through 2027-02-28 → due
    ])
    data = due(root, "2026-11-23")["_data"]
    assert data["summary"] == {"teachers": 3, "ok": 1, "due": 1, "overdue": 1, "documents_missing": 1}
    assert data["cycle"] == {"years": 5, "hours": 72} and data["policy"] == "kg-2013"
    assert data["attestation"] == [{"teacher": "t1", "name": "Фамилия Аты", "notes": [
        "courses not completed: 0 of 72 hours in the last 5 years (K-2)",
        "document not handed in after «Курс» (2019-01-15) (K-4)"]}]
    text = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root).stdout
    assert "t1         Фамилия Аты: window ran out on 2024-01-14 (0 of 72 hours)" in text
    assert "t2         Фамилия Аты: by 2027-02-28" in text
    assert "Attestation (K-6): 3 teachers — 1 in order, 1 due, 1 overdue; 1 document(s) not handed in." in text


def test_staff_list_errors_are_findings_with_lines_K3_K4(tmp_path: Path) -> None:
    root = school(tmp_path, [teacher("t1"), "t2,Фамилия,,,test-school,,\n"], [
        course("t1", "2024-05-20", 400, kind="retraining"),                      # line 2: K-3
        course("nobody", "2024-05-20"),                                          # line 3
        "t1,course,Курс,Борбор,72,2024-06-10,2024-06-01,true\n",                 # line 4: starts after it ends
        course("t1", "2026-12-10", handed_in="true"),                            # line 5: not ended yet
        "t1,course,Курс,Борбор,seventy,,2024-05-20,maybe\n",                     # line 6
    ])
    res = run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=root)
    got = [(f["path"], f["line"], f["code"]) for f in json.loads(res.stdout)["findings"]]
    assert got == [
        ("private/staff-courses.csv", 2, "staff-retraining-hours"),
        ("private/staff-courses.csv", 3, "staff-unknown-teacher"),
        ("private/staff-courses.csv", 4, "staff-course-dates"),
        ("private/staff-courses.csv", 5, "staff-handed-in-early"),
        ("private/staff-courses.csv", 6, "table-value"),
        ("private/staff-courses.csv", 6, "table-value"),
        ("private/staff.csv", 3, "table-value"),
    ]
    assert res.returncode == 1
    # no names of teachers in findings: they may reach CI logs
    assert "Фамилия" not in res.stdout
    bad = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root)
    assert bad.returncode == 1 and "staff-retraining-hours" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("args", [("--today", "2026-13-01"), ("--private", "/nonexistent/dir")])
def test_command_cannot_run_is_exit_2(tmp_path: Path, args: tuple[str, str]) -> None:
    root = school(tmp_path, [teacher("t1")], [])
    res = run_ustaz("teachers", "due", *args, cwd=root)
    assert res.returncode == 2 and "Traceback" not in res.stderr and res.stderr.startswith("ustaz: ")


def test_a_teacher_of_an_unknown_organisation_is_a_warning(tmp_path: Path) -> None:
    root = school(tmp_path, [teacher("t1"), "t2,Фамилия,Аты,,ulgu-school,,\n"], [])
    (root / "data" / "organizations.csv").write_text(
        "id,name_kk,name_ru,region,locality,network_role,leading\n"
        "ulgu-school,Үлгі мектебі,Школа Пример,KG-C,rural,,\n", encoding="utf-8")
    res = run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=root)
    got = [(f["path"], f["line"], f["code"], f["severity"]) for f in json.loads(res.stdout)["findings"]]
    assert got == [("private/staff.csv", 2, "staff-organization", "warning")]
    assert res.returncode == 0


def test_the_shipped_kazakh_staff_list_under_kz_2023() -> None:
    """examples/private (kz-2023: 80 hours in 5 years), as of 2026-11-23:
    t-101-01: 80 h ended 2024-10-18 → through 2029-10-17, ok;
    t-101-02: 80 h ended 2022-02-18 → through 2027-02-17 (within 12 months) → due; certificate not handed in;
    t-101-03: 72 h only → never 80 → overdue, never covered (hired 2010: that cycle ran out 2015-08-29);
    t-021-01: hired 2026-08-26 → through 2031-08-25, ok."""
    from conftest import ROOT

    res = run_ustaz("teachers", "due", "--today", "2026-11-23", "--format", "json", cwd=ROOT)
    data = json.loads(res.stdout)
    assert data["policy"] == "kz-2023" and data["cycle"] == {"years": 5, "hours": 80}
    assert {t["teacher"]: (t["status"], t["window_ends"]) for t in data["teachers"]} == {
        "t-101-01": ("ok", "2029-10-17"), "t-101-02": ("due", "2027-02-17"),
        "t-101-03": ("overdue", "2015-08-29"), "t-021-01": ("ok", "2031-08-25")}


def test_never_covered_teacher_in_text_K2(tmp_path: Path) -> None:
    """36 h alone never reaches 72: overdue with no window to show."""
    root = school(tmp_path, [teacher("t1")], [course("t1", "2025-01-10", 36)])
    res = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root)
    assert "t1         Фамилия Аты: never had 72 hours within 5 years (36 of 72 hours)" in res.stdout


def test_no_staff_list_is_exit_2(tmp_path: Path) -> None:
    root = school(tmp_path, [], [])
    (root / "private" / "staff.csv").unlink()
    res = run_ustaz("teachers", "due", "--today", "2026-11-23", cwd=root)
    assert res.returncode == 2 and "no staff list" in res.stderr
    assert run_ustaz("check", "--today", "2026-11-23", cwd=root).returncode == 0  # nothing to check
