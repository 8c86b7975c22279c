"""A fictional cohort from the department's list to the results (C-3, C-11, C-15, C-19):
import → attendance → scores → decisions → results, with every boundary."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from conftest import ROOT, run_ustaz
from openpyxl import Workbook

from ustaz.calendar import WorkingCalendar
from ustaz.ids import make_iin

COHORT = "2026-rb-kk-02"
FOLDER = f"examples/private/cohorts/{COHORT}"


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def test_c15_cohort_from_import_to_results(project: Path, tmp_path: Path) -> None:
    with (project / "data/schedule/2026.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{COHORT},robotics-basics,kk,2,2026-11-02,2026-11-17,KZ-79,blended,20,true\n")
    days = WorkingCalendar(country="KZ").days_in(dt.date(2026, 11, 2), dt.date(2026, 11, 17))
    assert len(days) == 12
    # 1. the department's list (kk headers, a title row, one bad IIN)
    wb = Workbook()
    ws = wb.active
    ws.append(["Курсқа жіберілетін педагогтер тізімі (ойдан шығарылған)"])
    ws.append(["Р/с №", "Тегі", "Аты", "Әкесінің аты", "ЖСН", "Жұмыс орны"])
    people = [("Алғашова", "Ая", "Тестқызы", "80010140000"), ("Жартыева", "Бота", "", "81020240000"),
              ("Сынақұлы", "Вали", "", "82030330000"), ("Шекараева", "Гаухар", "", "83040440000"),
              ("Шығарылов", "Дәулет", "", "84050530000")]
    for i, (sur, name, patr, first11) in enumerate(people, 1):
        ws.append([i, sur, name, patr, make_iin(first11), "ast-school-101"])
    ws.append([6, "Қате", "ЖСН", "", "123456789012", "ast-school-101"])
    xlsx = tmp_path / "tizim.xlsx"
    wb.save(xlsx)
    proc = run_ustaz("course", "import", COHORT, str(xlsx), cwd=project)
    assert proc.returncode == 1 and f"{xlsx.as_posix()}:8: error listener-iin:" in proc.stderr
    assert "added 5 listener(s)" in proc.stderr
    listeners = project / FOLDER / "listeners.csv"
    text = listeners.read_text(encoding="utf-8").replace("false", "true")  # documents handed in (C-8)
    listeners.write_text(text, encoding="utf-8")
    # 2. attendance every day: L02 present 3 of 12 days; L05 expelled on the 4th day
    rows: list[list[object]] = []
    for i, day in enumerate(days):
        for lid in ("L01", "L02", "L03", "L04", "L05"):
            if lid == "L05" and i >= 3:
                continue
            present = not (lid == "L02" and i >= 3)
            rows.append([lid, day.isoformat(), str(present).lower()])
    _write(project / FOLDER / "attendance.csv", ["listener", "date", "present"], rows)
    # 3. scores and decisions
    _write(project / FOLDER / "scores.csv", ["listener", "test", "activity", "project"],
           [["L01", 20, 0, 20],     # 10 + 40 = 50: certificate
            ["L02", 20, 7, 20],     # 3 (2.5 half up) + 47 = 50: certificate
            ["L03", 19, 10, 40],    # test below 20: reference
            ["L04", 20, 0, 19]])    # 49: reference
    _write(project / FOLDER / "decisions.csv", ["listener", "decision", "date", "order", "reason"],
           [["L05", "expelled", days[3].isoformat(), "77-к", "Курс шартын бұзу (ойдан шығарылған)"]])
    # 4. the checker is clean for this cohort, the summary right, and the results follow C-15
    check = run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=project)
    mine = [f for f in json.loads(check.stdout)["findings"] if COHORT in str(f["path"]) or COHORT in str(f["message"])]
    assert [f for f in mine if f["severity"] == "error"] == [], mine
    summary = json.loads(run_ustaz("course", "attendance", COHORT, "--format", "json", cwd=project).stdout)
    assert [(d["listed"], d["present"], d["absent"]) for d in summary["days"][2:4]] == [(5, 5, 0), (4, 3, 1)]
    assert {p["listener"]: p["points"] for p in summary["listeners"]} == {"L01": 10, "L02": 3, "L03": 10,
                                                                          "L04": 10, "L05": 3}
    proc = run_ustaz("course", "results", COHORT, "--format", "json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    got = {r["listener"]: (r["attendance"], r["total"], r["outcome"]) for r in json.loads(proc.stdout)["results"]}
    assert got == {"L01": (10, 50, "certificate"), "L02": (3, 50, "certificate"), "L03": (10, 79, "reference"),
                   "L04": (10, 49, "reference"), "L05": (3, None, "expelled")}


def test_c8_documents_command_lists_what_is_missing() -> None:
    proc = run_ustaz("course", "documents", "2026-rb-ru-01", "--format", "json", cwd=ROOT)
    data = json.loads(proc.stdout)
    assert data["listeners"] == 3
    assert [(m["listener"], m["missing"]) for m in data["incomplete"]] == [("R03", ["contract"])]
    text = run_ustaz("course", "documents", "2026-rb-ru-01", cwd=ROOT).stdout
    assert "R03" in text and "contract" in text


def test_c11_attendance_summary_of_the_example() -> None:
    proc = run_ustaz("course", "attendance", "2026-rb-kk-01", "--today", "2026-11-23", "--format", "json", cwd=ROOT)
    data = json.loads(proc.stdout)
    first, second = data["days"][0], data["days"][1]
    assert (first["date"], first["listed"], first["present"]) == ("2026-10-05", 8, 8)
    assert (second["listed"], second["present"]) == (7, 7)  # L07 transferred on 2026-10-06
    assert data["days"][4]["date"] == "2026-10-09" and data["days"][4]["listed"] == 6  # L06 expelled that day
    future = json.loads(run_ustaz("course", "attendance", "2026-rb-ru-01", "--today", "2026-11-23", "--format", "json",
                                  cwd=ROOT).stdout)
    assert len(future["days"]) == 10 and all(d["future"] for d in future["days"])


def test_c11_attend_records_a_course_day(project: Path) -> None:
    cohort, att = "2026-rb-ru-01", project / "examples/private/cohorts/2026-rb-ru-01/attendance.csv"
    proc = run_ustaz("course", "attend", cohort, "--date", "2026-11-30", "--absent", "R03", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "2 present, 1 absent" in proc.stderr
    assert att.read_text(encoding="utf-8").splitlines() == [
        "listener,date,present", "R01,2026-11-30,true", "R02,2026-11-30,true", "R03,2026-11-30,false"]
    again = run_ustaz("course", "attend", cohort, "--date", "2026-11-30", cwd=project)
    assert again.returncode == 2 and "already has attendance" in again.stderr
    saturday = run_ustaz("course", "attend", cohort, "--date", "2026-12-05", cwd=project)
    assert saturday.returncode == 2 and "not a course day" in saturday.stderr
    unknown = run_ustaz("course", "attend", cohort, "--date", "2026-12-01", "--absent", "R99", cwd=project)
    assert unknown.returncode == 2 and "R99" in unknown.stderr
    assert len(att.read_text(encoding="utf-8").splitlines()) == 4  # refusals wrote nothing
    run_ustaz("course", "attend", cohort, "--date", "2026-12-01", cwd=project)
    summary = json.loads(run_ustaz("course", "attendance", cohort, "--today", "2026-12-01", "--format", "json",
                                   cwd=project).stdout)
    assert [(d["present"], d["absent"], d["unmarked"]) for d in summary["days"][:2]] == [(2, 1, 0), (3, 0, 0)]


def test_c15_kyrgyz_preset_cohort(project: Path) -> None:
    """K-1 / C-15 under kg-2013: a Bishkek cohort, account codes without IBAN, the same scoring."""
    (project / "data/policy.yml").write_text("preset: kg-2013\n", encoding="utf-8")
    # the example tree now belongs to this Kyrgyz project (a tree naming another project is refused)
    (project / "examples/private/PROJECT").write_text("KG https://example.org/ustaz\n", encoding="utf-8")
    check = run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=project)
    codes = {(f["code"], f["path"]) for f in json.loads(check.stdout)["findings"]}
    # the KZ example under a KG policy: regions of another country, and the KZ IBANs are still 20 characters
    assert ("schedule-region", "data/schedule/2026.csv") in codes
    assert not any(code == "trainer-iban" for code, _ in codes)
    results = run_ustaz("course", "results", "2026-rb-kk-01", "--format", "json", cwd=project)
    got = {r["listener"]: r["outcome"] for r in json.loads(results.stdout)["results"]}
    assert got["L02"] == "certificate" and got["L03"] == "reference"
