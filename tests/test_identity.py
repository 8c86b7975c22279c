"""One identity per person (issue 23, C-3, C-18): an identity number names one person under one name in
every cohort and in every imported list; findings name both places (private files), never the number."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_ustaz

from ustaz.ids import make_iin

RU = "examples/private/cohorts/2026-rb-ru-01/listeners.csv"
KK = "examples/private/cohorts/2026-rb-kk-01/listeners.csv"
L01_IIN = "850101400001"  # Тестова Айгерим Болатқызы in 2026-rb-kk-01 (line 2)


def _findings(project: Path) -> list[dict[str, object]]:
    done = run_ustaz("check", "--today", "2026-11-23", "--format", "json", "examples/private", cwd=project)
    return list(json.loads(done.stdout)["findings"])


def test_c3_one_number_two_names_across_cohorts_is_an_error_naming_both(project: Path) -> None:
    assert not [f for f in _findings(project) if f["code"] == "listener-identity"]
    path = project / RU  # R01 is L07 of 2026-rb-kk-01, transferred (the same IIN): write the name another way
    path.write_text(path.read_text(encoding="utf-8").replace("R01,Нысанов,Асхат,Болатұлы", "R01,Нысанов,Асхат,Болатович"),
                    encoding="utf-8")
    [found] = [f for f in _findings(project) if f["code"] == "listener-identity"]
    assert found["severity"] == "error" and found["path"] == RU and found["line"] == 2
    assert f"{KK}:8" in str(found["message"]) and "Болатович" in str(found["message"])
    assert "860707300001" not in str(found["message"])


def test_c3_import_refuses_a_known_number_under_another_name(project: Path, tmp_path: Path) -> None:
    src = tmp_path / "list.csv"
    src.write_text("№;Тегі;Аты;Әкесінің аты;ЖСН;Жұмыс орны\n"
                   f"1;Басқа;Адам;Біреуқызы;{L01_IIN};ast-school-101\n"
                   f"2;Жаңа;Тұлға;;{make_iin('95050540000')};ast-school-101\n",
                   encoding="utf-8")
    before = (project / RU).read_text(encoding="utf-8")
    done = run_ustaz("course", "import", "2026-rb-ru-01", str(src), cwd=project)
    assert done.returncode == 1, done.stderr
    assert f"{src.as_posix()}:2: error listener-identity: not imported: its IIN is 'Тестова Айгерим Болатқызы " \
           f"(вымышленная)' in {KK}:2, here 'Басқа Адам Біреуқызы'" in done.stderr
    assert "added 1 listener(s)" in done.stderr and "1 row(s) with errors not imported" in done.stderr
    after = (project / RU).read_text(encoding="utf-8")
    # the rows before the import are kept (they gain only their teacher id, the last column: test_teacher_ids.py)
    kept = [line.rsplit(",", 1)[0] for line in after.splitlines()[:len(before.splitlines())]]
    assert kept == before.splitlines() and "Басқа" not in after and "Жаңа" in after
    same = tmp_path / "same.csv"  # the same person, under their one name, may come to another cohort
    same.write_text(f"Тегі;Аты;Әкесінің аты;ЖСН\nТестова;Айгерим;Болатқызы (вымышленная);{L01_IIN}\n", encoding="utf-8")
    assert run_ustaz("course", "import", "2026-rb-ru-01", str(same), cwd=project).returncode == 0
    assert not [f for f in _findings(project) if f["code"] == "listener-identity"]


def test_s10_import_says_which_schools_organizations_csv_does_not_know(project: Path, tmp_path: Path) -> None:
    src = tmp_path / "tizim.csv"
    src.write_text("Тегі;Аты;ЖСН;Жұмыс орны\n"
                   f"Бір;Адам;{make_iin('91010140000')};Общеобразовательная школа № 102 (вымышленная)\n"
                   f"Екі;Адам;{make_iin('92020240000')};Общеобразовательная школа №102 (вымышленная), г. Астана\n"
                   f"Үш;Адам;{make_iin('93030340000')};ast-school-101\n", encoding="utf-8")
    done = run_ustaz("course", "import", "2026-rb-ru-01", str(src), cwd=project)
    assert done.returncode == 1, done.stderr  # an error: the unknown school's row is not imported
    found = [ln for ln in done.stderr.splitlines() if "import-organization" in ln]
    assert len(found) == 1 and found[0].startswith(f"{src.as_posix()}:3: error import-organization:")
    assert "(ast-school-102)" in found[0].split("closest:")[1]
    assert "added 2 listener(s)" in done.stderr  # stored as ids: tests/test_import_organizations.py
