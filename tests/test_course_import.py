"""`ustaz course import` (C-3): departments' lists in Excel or CSV, kk/ru column names, row findings."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import run_ustaz
from openpyxl import Workbook

from ustaz.ids import make_iin

COHORT = "2026-rb-ru-01"
LISTENERS = f"examples/private/cohorts/{COHORT}/listeners.csv"


def _rows(project: Path) -> list[dict[str, str]]:
    with (project / LISTENERS).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _ru_workbook(path: Path) -> dict[str, str]:
    iins = {"a": make_iin("88111140000"), "b": make_iin("05030350000"), "c": make_iin("79070740000")}
    wb = Workbook()
    ws = wb.active
    ws.append(["Список педагогов на курсы (вымышленный)"])               # 1
    ws.append([])                                                          # 2
    ws.append(["№", "Ф.И.О.", "ИИН", "Место работы", "Телефон"])           # 3 header
    ws.append([1, "Сынақова Әйгерім Нұрлан қызы", int(iins["a"]), "ast-school-101", "+7 700 000 0000"])  # 4
    ws.append([2, "Жасова Алина", int(iins["b"]), "Школа-лицей № 101 (вымышленная)", ""])        # 5: leading zero lost by Excel
    ws.append([3, "Қатеұлы Бақыт", iins["c"][:-1] + str((int(iins["c"][-1]) + 1) % 10), "ast-school-101", ""])  # 6 bad IIN
    ws.append([4, "", make_iin("80010130000"), "ast-school-101", ""])              # 7 no name
    ws.append([5, "Қайталау Адам", iins["a"], "ast-school-101", ""])              # 8 duplicate of row 4
    ws.append([6, "Ғылыми Жазба", "8,80111E+11", "ast-school-101", ""])           # 9 scientific notation
    ws.append([])                                                          # 10 empty
    ws.append([7, "Үшінші Тұлға Тестовна", iins["c"], "Школа-лицей № 101 (вымышленная)", ""])    # 11
    wb.save(path)
    return iins


def test_c3_import_ru_workbook_with_row_findings(project: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "spisok.xlsx"
    iins = _ru_workbook(xlsx)
    before = _rows(project)
    proc = run_ustaz("course", "import", COHORT, str(xlsx), cwd=project)
    assert proc.returncode == 1, proc.stderr
    shown = xlsx.as_posix()
    for line in (f"{shown}:3: warning import-column: not imported: Телефон",
                 f"{shown}:6: error listener-iin:", f"{shown}:7: error import-row:",
                 f"{shown}:8: error listener-duplicate:",
                 f"{shown}:9: error listener-iin: the IIN was saved in scientific notation"):
        assert line in proc.stderr, proc.stderr
    assert "added 3 listener(s)" in proc.stderr and "4 row(s) with errors" in proc.stderr
    rows = _rows(project)
    # existing listeners untouched, but for their teacher id (derived from the IIN: test_teacher_ids.py)
    assert [{k: v for k, v in r.items() if k != "teacher"} for r in rows[: len(before)]] == before
    assert all(r["teacher"] for r in rows)
    new = rows[len(before):]
    assert [(r["listener"], r["surname"], r["name"], r["patronymic"], r["iin"]) for r in new] == [
        ("L01", "Сынақова", "Әйгерім", "Нұрлан қызы", iins["a"]),
        ("L02", "Жасова", "Алина", "", iins["b"]),  # the leading zero restored
        ("L03", "Үшінші", "Тұлға", "Тестовна", iins["c"]),
    ]
    assert iins["b"].startswith("0")
    assert all(r[c] == "false" for r in new for c in ("id_copy", "personal_data_form", "application", "contract"))
    assert "+7 700" not in (project / LISTENERS).read_text(encoding="utf-8")  # phones are never copied
    # importing the same list again adds nobody
    again = run_ustaz("course", "import", COHORT, str(xlsx), cwd=project)
    assert "added 0 listener(s)" in again.stderr and "3 already listed" in again.stderr
    assert _rows(project) == rows
    # the imported cohort passes the listener checks apart from the documents still missing (C-8)
    check = run_ustaz("check", "--today", "2026-11-23", "--format", "json", LISTENERS, cwd=project)
    import json

    codes = {f["code"] for f in json.loads(check.stdout)["findings"]}
    assert codes == {"listener-documents"}


def test_c3_import_kk_csv_with_semicolons(project: Path, tmp_path: Path) -> None:
    src = tmp_path / "tizim.csv"
    src.write_text("Р/с №;Тегі;Аты;Әкесінің аты (бар болса);ЖСН;Білім беру ұйымы\n"
                   f"1;Бірінші;Айжан;Серікқызы;{make_iin('90010140000')};ast-school-102\n"
                   f"2;Екінші;Болат;;{make_iin('91020230000')};ast-school-102\n", encoding="utf-8")
    proc = run_ustaz("course", "import", COHORT, str(src), "--dry-run", cwd=project)
    assert proc.returncode == 0 and "would add 2 listener(s)" in proc.stderr
    assert len(_rows(project)) == 3  # dry run wrote nothing
    proc = run_ustaz("course", "import", COHORT, str(src), cwd=project)
    assert proc.returncode == 0, proc.stderr
    new = _rows(project)[3:]
    assert [(r["listener"], r["surname"], r["patronymic"], r["organization"]) for r in new] == [
        ("L01", "Бірінші", "Серікқызы", "ast-school-102"), ("L02", "Екінші", "", "ast-school-102")]  # stored as ids


def test_c3_import_failures_never_lose_data(project: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "broken.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    proc = run_ustaz("course", "import", COHORT, str(garbage), cwd=project)
    assert proc.returncode == 2 and "import-file" in proc.stderr and "Traceback" not in proc.stderr
    no_header = tmp_path / "list.csv"
    no_header.write_text("a,b\n1,2\n", encoding="utf-8")
    proc = run_ustaz("course", "import", COHORT, str(no_header), cwd=project)
    assert proc.returncode == 1 and f"{no_header.as_posix()}:1: error import-file:" in proc.stderr
    assert run_ustaz("course", "import", "2099-none", str(no_header), cwd=project).returncode == 2
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "save an old .xls as .xlsx" in run_ustaz("course", "import", COHORT, str(old), cwd=project).stderr
    # a listeners.csv with a broken row stops the import and stays as it was
    target = project / LISTENERS
    target.write_text(target.read_text(encoding="utf-8") + "R09,Only,three\n", encoding="utf-8")
    before = target.read_bytes()
    good = tmp_path / "good.csv"
    good.write_text(f"ФИО,ИИН\nНовая Слушательница,{make_iin('90010140000')}\n", encoding="utf-8")
    proc = run_ustaz("course", "import", COHORT, str(good), cwd=project)
    assert proc.returncode == 2 and "nothing was written" in proc.stderr
    assert target.read_bytes() == before


def test_c3_import_creates_a_new_cohort_folder(project: Path, tmp_path: Path) -> None:
    with (project / "data/schedule/2026.csv").open("a", encoding="utf-8") as fh:
        fh.write("2026-rb-kk-02,robotics-basics,kk,2,2026-12-14,2026-12-25,KZ-79,blended,20,true\n")
    src = tmp_path / "l.csv"
    src.write_text(f"Аты-жөні,ЖСН,Мектеп\nЖаңа Тыңдаушы Тестқызы,{make_iin('90010140000')},ast-school-101\n", encoding="utf-8")
    proc = run_ustaz("course", "import", "2026-rb-kk-02", str(src), cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / "examples/private/cohorts/2026-rb-kk-02/listeners.csv").read_text(encoding="utf-8") \
        .splitlines()[1].startswith("L01,Жаңа,Тыңдаушы,Тестқызы,")
