"""A staff year without dead ends (issue 23), scripted with the command line from an empty private tree:
import a department's list → attendance every course day → scores → certify → a name corrected → reissue →
post-course support → a half-year report that never came → the impact survey with stray answers → the
council's report → the program's review → `ustaz check` clean, every number plausible. Each step runs on the day it happens (USTAZ_TODAY), in a
private tree that is no git repository's (tests/test_private_writes.py has the git rules)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import run_ustaz

from ustaz.certificates.register import Register, Status
from ustaz.courses.issued import private_codes
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


def _opened(root: Path) -> Register:
    """The sealed register, opened with the codes the private tree keeps."""
    return Register.load(root).with_codes(private_codes(root / "private"))


def test_a_year_from_an_empty_private_tree(year: Path, tmp_path: Path) -> None:
    folder = admit_and_teach(year, tmp_path)
    assert errors(year, "2026-12-11") == []
    out = ustaz(year, "2026-12-14", "course", "certify", COHORT, "--date", "2026-12-14")
    assert "3 certificate(s) added to the register, 0 already there" in out
    first = {c.holder: c for c in _opened(year).certificates}
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
    register = _opened(year)
    old = register.get(wrong.code)
    new = next(c for c in register.certificates if c.supersedes == wrong.id)
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


PLAN = """teacher: t-0101
name: "Айжан Бірінші (fictional)"
program: robotics-basics
organization: ast-school-102
region: KZ-71
directions: [methodological-consulting]
starts: 2026-12-21
ends: 2027-12-20
approval:
  association: {date: 2026-12-16, protocol: "9"}
  head: {date: 2026-12-18, order: "101"}
events:
  - kind: open-lesson
    level: organisation
    date: 2027-03-10
    status: held
    title: "Robots in the club: an open lesson"
    evidence:
      - {kind: development-document, url: "https://example.org/ast-school-102/posts/open-lesson"}
  - {kind: consultation, level: organisation, date: 2027-09-15, status: planned}
  - {kind: publication, level: district, date: 2027-11-10, status: planned}
"""
SURVEY = """title: {kk: "Әсер, 2027", ru: "Влияние, 2027", en: "Impact, 2027"}
export: responses.csv
program_column: "Course"
teacher_column: "Code"
sample: sample.csv
population: ../population.csv
questions:
  - {id: applies, column: "I apply it (1-5)", scale: [1, 5], expected: "The teacher applies it", target: 4.0}
"""


def test_after_the_course_support_monitoring_council_review(year: Path, tmp_path: Path) -> None:
    """The rest of the year for the same private tree: every deadline closable, every number at most 100%."""
    admit_and_teach(year, tmp_path)
    ustaz(year, "2026-12-14", "course", "certify", COHORT, "--date", "2026-12-14")
    private = year / "private"
    (private / "support/plans").mkdir(parents=True)
    (private / "support/plans/t-0101.yml").write_text(PLAN, encoding="utf-8")
    assert errors(year, "2027-05-20") == []
    # the school's first half-year report never came: overdue until it is recorded as not received
    overdue = errors(year, "2027-06-15")
    assert len(overdue) == 1 and "private/support/plans/t-0101.yml" in overdue[0] and "deadline-overdue" in overdue[0]
    assert "ustaz support report ast-school-102 --year 2027 --half 1" in overdue[0]
    ustaz(year, "2027-06-15", "support", "report", "ast-school-102", "--year", "2027", "--half", "1",
          "--not-received", "--reason", "the school did not answer two reminders")
    assert errors(year, "2027-06-15") == []
    missed = [f for f in findings(year, "2027-06-15") if f["code"] == "deadline-missed"]
    assert [(f["path"], f["severity"]) for f in missed] == [("private/support/not-received.csv", "warning")]
    listed = json.loads(run_ustaz("deadlines", "--school", "ast-school-102", "--format", "json", "--today",
                                  "2027-06-15", cwd=year).stdout)["deadlines"]
    assert [(d["due"], d["status"]) for d in listed] == [("2027-06-01", "missed"), ("2027-10-01", "open")]

    # the impact survey: three teachers sampled, two answer, plus one outsider and one answer without a code
    run = private / "monitoring/2027-impact"
    run.mkdir(parents=True)
    (private / "monitoring/population.csv").write_text(
        "teacher,region,direction,locality,program\n" + "".join(
            f"t-01{n:02d},KZ-71,scientific-technical,urban,robotics-basics\n" for n in range(1, 7)), encoding="utf-8")
    (run / "sample.csv").write_text("teacher,replacement,region,direction,locality\n" + "".join(
        f"t-01{n:02d},,KZ-71,scientific-technical,urban\n" for n in (1, 2, 3)), encoding="utf-8")
    (run / "survey.yml").write_text(SURVEY, encoding="utf-8")
    (run / "responses.csv").write_text("Timestamp,Code,Course,I apply it (1-5)\n"
                                       "2027/06/20,t-0101,robotics-basics,5\n2027/06/20,t-0102,robotics-basics,4\n"
                                       "2027/06/21,t-0106,robotics-basics,1\n2027/06/21,,robotics-basics,1\n",
                                       encoding="utf-8")
    survey = run_ustaz("monitoring", "survey", "2027-impact", "--format", "json", cwd=year)
    (program,) = json.loads(survey.stdout)["programs"]
    assert (program["responses"], program["invited"], program["outside_sample"]) == (2, 3, 2)
    assert program["response_rate"] == round(2 / 3, 4) and program["questions"][0]["mean"] == 4.5
    assert survey.stderr.count("impact-survey-unsampled") == 2

    # the council's report, then its decision recorded as the program's review (P-11)
    (run / "council.yml").write_text('date: 2027-06-24\nprotocol: "7"\ndecisions:\n'
                                      '  - {program: robotics-basics, decision: update, note: "More practice"}\n',
                                      encoding="utf-8")
    ustaz(year, "2027-06-24", "monitoring", "report", "2027-impact", "--out", str(tmp_path / "report"), "--lang", "en")
    html = (tmp_path / "report/report.html").read_text(encoding="utf-8")
    assert "67%" in html and "133%" not in html  # 2 of 3: the two stray answers are apart
    unrecorded = [f for f in findings(year, "2027-06-24") if f["code"] == "council-decision-unrecorded"]
    assert len(unrecorded) == 1
    program_yml = year / "programs/robotics-basics/program.yml"
    text = program_yml.read_text(encoding="utf-8")
    anchor = '  - {event: approved, date: 2026-05-07, order: "41"}\n'
    assert anchor in text
    program_yml.write_text(text.replace(anchor, anchor + '  - {event: reviewed, date: 2027-06-28, decision: update, '
                                                         'protocol: "7", order: "90"}\n'), encoding="utf-8")
    final = findings(year, "2027-06-28")
    assert errors(year, "2027-06-28") == []
    # the review closes the program's P-11 deadline and the council's decision (its literature ageing is the
    # authors' business, not the staff's year)
    assert not [f for f in final if str(f["code"]).startswith(("council-", "deadline-"))
                and f["code"] != "deadline-missed" and not str(f["path"]).startswith(("programs/digital-music",
                                                                                       "programs/eco-project"))]
    reviewed = json.loads(run_ustaz("deadlines", "--program", "robotics-basics", "--rule", "P-11", "--format", "json",
                                    "--today", "2027-06-28", cwd=year).stdout)["deadlines"]
    assert ("2029-05-07", "met") in {(d["due"], d["status"]) for d in reviewed}
