"""A staff year without dead ends (issue 23), scripted with the command line from an empty private tree:
import a department's list → attendance every course day → scores → certify → a name corrected → reissue →
`ustaz check` clean, every number plausible. Each step runs on the day it happens (USTAZ_TODAY), in a
private tree that is no git repository's (tests/test_private_writes.py has the git rules)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import run_ustaz

from ustaz.certificates.register import Register, Status
from ustaz.ids import make_iin

COHORT = "2026-rb-ru-01"  # data/schedule/2026.csv: robotics-basics, 2026-11-30 … 2026-12-11, KZ-75
PEOPLE = [("Бірінші", "Айжан", "Серікқызы", make_iin("90010140000")),
          ("Екінші", "Бауыржан", "Ержанұлы", make_iin("85020230000")),
          ("Үшінші", "Гүлмира", "Қайратқызы", make_iin("79030340000"))]
SCHOOL = "Общеобразовательная школа № 102 (вымышленная)"
COURSE_DAYS = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07", "2026-12-08",
               "2026-12-09", "2026-12-10", "2026-12-11"]


def ustaz(project: Path, day: str, *args: str) -> str:
    """Run a command on `day`; it must succeed (exit 0); returns stdout + stderr."""
    done = run_ustaz(*args, cwd=project, env={"USTAZ_TODAY": day})
    assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def findings(project: Path, day: str) -> list[dict[str, object]]:
    done = run_ustaz("check", "--today", day, "--format", "json", cwd=project)
    return list(json.loads(done.stdout)["findings"])


def errors(project: Path, day: str) -> list[str]:
    """The errors of the year's records (the example programs' own review deadlines fall due after the day the
    example is dated, 2026-11-23: they are the authors' business, not the staff's)."""
    return [f"{f['path']}:{f['line']}: {f['code']}: {f['message']}" for f in findings(project, day)
            if f["severity"] == "error" and not str(f["path"]).startswith("programs/")]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, table: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


@pytest.fixture
def year(project: Path) -> Path:
    """The example project with an empty private tree of its own (private/, used before examples/private/)."""
    (project / "private").mkdir()
    return project


def admit_and_teach(project: Path, tmp_path: Path) -> Path:
    """Import the department's list, tick the documents, take attendance every day, write the scores."""
    folder = project / "private/cohorts" / COHORT
    src = tmp_path / "tizim.csv"
    src.write_text("Р/с №;Тегі;Аты;Әкесінің аты (бар болса);ЖСН;Білім беру ұйымы\n" + "".join(
        f"{i};{s};{n};{p};{iin};{SCHOOL}\n" for i, (s, n, p, iin) in enumerate(PEOPLE, 1)), encoding="utf-8")
    ustaz(project, "2026-11-25", "course", "import", COHORT, str(src))
    listeners = rows(folder / "listeners.csv")
    assert [r["listener"] for r in listeners] == ["L01", "L02", "L03"]
    for r in listeners:  # the documents handed in before the course (C-8): ticked in the private list
        r.update(id_copy="true", personal_data_form="true", application="true", contract="true")
    write_rows(folder / "listeners.csv", listeners)
    for day in COURSE_DAYS:
        absent = ("--absent", "l03") if day == "2026-12-02" else ()  # ids compare without case
        ustaz(project, day, "course", "attend", COHORT, "--date", day, *absent)
    (folder / "scores.csv").write_text("listener,test,activity,project\nL01,40,10,40\nL02,35,10,35\nL03,40,10,40\n",
                                       encoding="utf-8")
    return folder


def test_a_year_from_an_empty_private_tree(year: Path, tmp_path: Path) -> None:
    folder = admit_and_teach(year, tmp_path)
    assert errors(year, "2026-12-11") == []
    out = ustaz(year, "2026-12-14", "course", "certify", COHORT, "--date", "2026-12-14")
    assert "3 certificate(s) added to the register, 0 already there" in out
    first = {c.holder: c for c in Register.load(year).certificates}
    assert errors(year, "2026-12-14") == []

    # the registrar misspelt a patronymic: corrected in the private list, then in the register by a reissue
    listeners = rows(folder / "listeners.csv")
    listeners[1]["patronymic"] = "Ержанович"
    write_rows(folder / "listeners.csv", listeners)
    wrong = first["Екінші Бауыржан Ержанұлы"]
    left = errors(year, "2026-12-15")
    assert len(left) == 1 and "register-holder" in left[0] and f"ustaz register reissue {wrong.shown_code}" in left[0]
    again = ustaz(year, "2026-12-15", "course", "certify", COHORT)
    assert "0 certificate(s) added to the register, 3 already there" in again  # no second certificate
    assert f"L02: {wrong.shown_code}" in again and "reissue" in again
    ustaz(year, "2026-12-15", "register", "reissue", wrong.shown_code, "--reason", "Әкесінің аты қате жазылған")
    register = Register.load(year)
    old = register.get(wrong.code)
    new = next(c for c in register.certificates if c.supersedes == wrong.code)
    assert old is not None and old.status is Status.REVOKED and old.holder == "Екінші Бауыржан Ержанұлы"
    assert (new.holder, new.status, new.issued, new.cohort) == ("Екінші Бауыржан Ержанович", Status.ISSUED,
                                                                 dt.date(2026, 12, 15), COHORT)
    assert errors(year, "2026-12-15") == []  # the revoked row keeps the name it was issued under
    after = ustaz(year, "2026-12-15", "course", "certify", COHORT)
    assert "0 certificate(s) added to the register, 3 already there" in after and "register reissue" not in after
    links = rows(folder / "certificates.csv")
    assert sorted((r["listener"], r["code"]) for r in links if r["listener"] == "L02") == sorted(
        [("L02", wrong.shown_code), ("L02", new.shown_code)])
    assert run_ustaz("verify", new.shown_code, "--today", "2026-12-15", cwd=year).returncode == 0
    assert run_ustaz("verify", wrong.shown_code, "--today", "2026-12-15", cwd=year).returncode == 1
