"""C-3, C-15, C-19: the course documents printed from the private course data — and kept private."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
from conftest import run_ustaz
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

COHORT = "2026-rb-kk-01"


def private(project: Path) -> Path:
    return project / "examples" / "private"


def export(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_ustaz("export", *args, "--private", str(private(project)), cwd=project)


def rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[c.text for c in r.cells] for r in table.rows]


def listeners(project: Path) -> list[dict[str, str]]:
    import csv

    with open(private(project) / "cohorts" / COHORT / "listeners.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def no_iin(path: Path) -> None:
    """Documents carry names, not identity numbers: no 12-digit number anywhere in the file."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert not re.search(r"(?<!\d)\d{12}(?!\d)", xml)


def test_c3_admission_lists_go_into_the_private_tree(project: Path) -> None:
    """C-3: the admission order's lists of listeners and lecturers; by default written next to the cohort's
    private files, never into the project."""
    refused = export(project, "admission-lists", COHORT)  # never into the fictional examples/private/
    assert refused.returncode == 2 and "examples/private/" in refused.stderr
    shutil.copytree(private(project), project / "private")
    res = run_ustaz("export", "admission-lists", COHORT, "--private", str(project / "private"), cwd=project)
    assert res.returncode == 0, res.stdout + res.stderr
    out = project / "private" / "cohorts" / COHORT / "documents" / "admission-lists.kk.docx"
    assert out.exists()
    assert not (project / "out").exists()
    d = docx.Document(str(out))
    assert d.styles["Normal"].font.name == "Times New Roman" and d.styles["Normal"].font.size == Pt(14)
    people, lecturers = d.tables
    expected = [[str(n), " ".join(x for x in (r["surname"], r["name"], r["patronymic"]) if x), r["organization"]]
                for n, r in enumerate(listeners(project), start=1)]
    assert rows(people)[1:] == expected
    # lecturers: the program's trainers who teach in the cohort's language (kk): not the ru-only one
    assert rows(lecturers)[1:] == [["1", "Тестова А. Б. (вымышленная)"]]
    no_iin(out)


def test_c15_results_sheet_matches_the_results_api(project: Path, tmp_path: Path) -> None:
    """C-15: the sheet shows exactly what `ustaz course results` computes, with the policy's names for the
    documents issued (сертификат, анықтама)."""
    out = tmp_path / "results.docx"
    res = export(project, "results-sheet", COHORT, "-o", str(out))
    assert res.returncode == 0, res.stdout + res.stderr
    api = run_ustaz("course", "results", COHORT, "--format", "json", "--private", str(private(project)), cwd=project)
    results = json.loads(api.stdout)["results"]
    d = docx.Document(str(out))
    assert d.sections[0].orientation == WD_ORIENT.LANDSCAPE
    (table,) = d.tables
    body = rows(table)[1:]
    assert len(body) == len(results) == 8
    names = {"certificate": "Сертификат", "reference": "Анықтама", "expelled": "Шығарылды", "incomplete": "Аяқтамады"}
    by_id = {r["listener"]: r for r in listeners(project)}
    for row, r in zip(body, results):
        person = by_id[r["listener"]]
        assert row[1].startswith(f"{person['surname']} {person['name']}")
        shown = ["–" if r[k] is None else str(r[k]) for k in ("attendance", "test", "activity", "project", "total")]
        assert row[2:7] == shown
        assert row[7] == names[r["outcome"]]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Сертификат: 3" in text and "Анықтама: 2" in text  # the counts under the table
    no_iin(out)


def test_c19_expulsion_notice_to_the_employer(project: Path, tmp_path: Path) -> None:
    """C-19: the employer of an expelled listener is notified: order, date, reason, on the letterhead."""
    tmp_path = tmp_path / "notices"
    res = export(project, "expulsion-notice", COHORT, "--lang", "ru", "--date", "2026-10-12", "-o", str(tmp_path))
    assert res.returncode == 0, res.stdout + res.stderr
    made = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert made == ["expulsion-notice-L06.ru.docx"]  # L06 is the one expelled; L07 was transferred
    d = docx.Document(str(tmp_path / made[0]))
    text = "\n".join(p.text for p in d.paragraphs)
    assert d.paragraphs[0].text == "Центр повышения квалификации «Пример» (вымышленный)"
    assert "Астана, 12.10.2026" in text
    assert "Балалар шығармашылығы орталығы «Үлгі» (вымышленный)" in text  # the employer
    assert "Болжамов Нұрлан Қайратұлы (вымышленный)" in text
    assert "приказом директора от 09.10.2026 № 45-к" in text
    assert "Основание: Курс шартын бұзу; жұмыс берушіге хабарланды (вымышленно)." in text
    no_iin(tmp_path / made[0])


def test_c19_no_notice_for_a_listener_who_was_not_expelled(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "notices"
    res = export(project, "expulsion-notice", COHORT, "L01", "-o", str(out))
    assert res.returncode == 2 and "listener 'L01' was not expelled" in res.stderr
    assert not out.exists()


def test_unknown_cohort_and_bad_scores(project: Path, tmp_path: Path) -> None:
    """Bad input is a finding or a message, never a traceback; a sheet with unreadable scores is not written."""
    res = export(project, "results-sheet", "2099-none", "-o", str(tmp_path / "x.docx"))
    assert res.returncode == 2 and "2099-none" in res.stderr and "Traceback" not in res.stderr
    scores = private(project) / "cohorts" / COHORT / "scores.csv"
    scores.write_text(scores.read_text(encoding="utf-8").replace("L02,20,0,20", "L02,twenty,0,20"),
                      encoding="utf-8")
    out = tmp_path / "x.docx"
    res = export(project, "results-sheet", COHORT, "-o", str(out))
    assert res.returncode == 1
    assert re.search(r"cohorts/2026-rb-kk-01/scores\.csv:3: error ", res.stdout), res.stdout
    assert not out.exists()


def test_template_values_cannot_break_the_table(project: Path, tmp_path: Path) -> None:
    """A name with Markdown characters (| * _) stays one cell: template values are escaped."""
    path = private(project) / "cohorts" / COHORT / "listeners.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Мектеп-лицей №0 (вымышленный),true,true,true,true\nL02",
                                                             "Мектеп | *лицей* _0_,true,true,true,true\nL02", 1),
                    encoding="utf-8")
    out = tmp_path / "adm.docx"
    assert export(project, "admission-lists", COHORT, "-o", str(out)).returncode == 0
    first = rows(docx.Document(str(out)).tables[0])[1]
    assert first[2] == "Мектеп | *лицей* _0_" and len(first) == 3
