"""Issue 23: `course import` stores each school as its id of data/organizations.csv (an exact id or name, any case),
refuses a school the table does not know (an error at import, with the closest names offered, not a surprise at
monitoring), and the documents that print a listener's organisation look its name up from the id."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import docx
from conftest import run_ustaz

from ustaz.ids import make_iin

COHORT = "2026-rb-kk-01"


def _organizations(project: Path) -> list[dict[str, str]]:
    with (project / "data" / "organizations.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _listeners(private: Path) -> list[dict[str, str]]:
    with (private / "cohorts" / COHORT / "listeners.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_s10_import_stores_the_organizations_id_and_refuses_an_unknown_school(project: Path, tmp_path: Path) -> None:
    schools = _organizations(project)
    private = project / "private"
    shutil.copytree(project / "examples" / "private", private)
    before = len(_listeners(private))
    # every way a list may name a known school: its id, its Kazakh name, its Russian name in another case
    ways = [(s["id"], s["id"]) for s in schools[:2]] + [(s["name_kk"], s["id"]) for s in schools[2:4]] + \
           [(f"  {s['name_ru'].upper()} ", s["id"]) for s in schools[4:6]]
    unknown = schools[1]["name_ru"].replace("№", "No.") + ", г. Астана"  # close to a known one, but not it
    lines = [f"Адам{i};Тест;{make_iin(f'90010140{i:03d}')};{text}" for i, (text, _) in enumerate(ways)]
    lines.append(f"Белгісіз;Тест;{make_iin('93030340000')};{unknown}")
    src = tmp_path / "tizim.csv"
    src.write_text("Тегі;Аты;ЖСН;Жұмыс орны\n" + "\n".join(lines) + "\n", encoding="utf-8")
    done = run_ustaz("course", "import", COHORT, str(src), "--private", str(private), cwd=project)
    assert done.returncode == 1, done.stderr
    found = [ln for ln in done.stderr.splitlines() if "import-organization" in ln]
    assert len(found) == 1 and found[0].startswith(f"{src.as_posix()}:{len(ways) + 2}: error import-organization:")
    assert f"({schools[1]['id']})" in found[0].split("closest:")[1]  # the school meant is offered, with its id
    assert f"added {len(ways)} listener(s)" in done.stderr and "1 row(s) with errors not imported" in done.stderr
    added = _listeners(private)[before:]
    assert [r["organization"] for r in added] == [oid for _, oid in ways]
    assert "Белгісіз" not in {r["surname"] for r in added}
    # the admission lists print the school's name in the document's language, looked up from the id
    for lang, column in (("kk", "name_kk"), ("ru", "name_ru")):
        out = tmp_path / f"lists.{lang}.docx"
        res = run_ustaz("export", "admission-lists", COHORT, "--lang", lang, "--private", str(private), "-o", str(out),
                        cwd=project)
        assert res.returncode == 0, res.stdout + res.stderr
        people = docx.Document(str(out)).tables[0]
        printed = [r.cells[2].text for r in people.rows][1 + before:]
        by_id = {s["id"]: s[column] for s in schools}
        assert printed == [by_id[oid] for _, oid in ways], (lang, printed)
