"""C-14: the final test's date and each listener's creative project are recorded (final.yml); scoring
reads them, and a listener scored for a project that was never presented is an error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import run_ustaz

from ustaz.checks import Context, run
from ustaz.courses.results import cohort_results
from ustaz.project import Project

KK = "examples/private/cohorts/2026-rb-kk-01"
CODES = ("final-date", "final-project-duplicate", "project-not-presented", "final-missing", "final-file",
         "cohort-unknown-listener")


def _ctx(project: Path, today: str = "2026-11-23") -> Context:
    return Context(project=Project.load(project), today=dt.date.fromisoformat(today))


def _found(project: Path, today: str = "2026-11-23") -> list[tuple[str, str, int | None]]:
    return [(f.code, f.path, f.line) for f in run(_ctx(project, today)) if f.code in CODES]


def _final(project: Path) -> Path:
    return project / KK / "final.yml"


def test_c14_the_shipped_cohort_records_its_final_test_and_projects(project: Path) -> None:
    assert _found(project) == []
    results, _ = cohort_results(_ctx(project), "2026-rb-kk-01")
    assert results.final_test == dt.date(2026, 10, 19)
    titles = {r.listener: r.project_title for r in results.results}
    assert titles["L01"] == "Түстерді сұрыптайтын робот" and titles["L07"] == ""
    text = run_ustaz("course", "results", "2026-rb-kk-01", "--today", "2026-11-23", cwd=project).stdout
    assert "final test on 2026-10-19" in text and "«Түстерді сұрыптайтын робот»" in text


def test_c14_points_for_a_project_never_presented_are_an_error_and_do_not_count(project: Path) -> None:
    final = _final(project)
    final.write_text(final.read_text(encoding="utf-8").replace(
        '{listener: L01, title: "Түстерді сұрыптайтын робот", presented: 2026-10-20}',
        '{listener: L01, title: "Түстерді сұрыптайтын робот"}').replace(
        '  - {listener: L02, title: "Жарық датчигі бар шам", presented: 2026-10-20}\n', ""), encoding="utf-8")
    scores = f"{KK}/scores.csv"
    assert _found(project) == [("project-not-presented", scores, 2), ("project-not-presented", scores, 3)]
    out = json.loads(run_ustaz("course", "results", "2026-rb-kk-01", "--format", "json", "--today", "2026-11-23",
                               cwd=project).stdout)
    by = {r["listener"]: r for r in out["results"]}
    # L01 had 100 points and a certificate; without a presented project the result is incomplete
    assert by["L01"]["project"] is None and by["L01"]["outcome"] == "incomplete"
    assert by["L02"]["outcome"] == "incomplete"
    assert by["L04"]["project"] == 40  # presented: counted
    # zero points for an unpresented project are not an error
    path = project / scores
    path.write_text(path.read_text(encoding="utf-8").replace("L01,40,10,40", "L01,40,10,0"), encoding="utf-8")
    assert _found(project) == [("project-not-presented", scores, 3)]


def test_c14_dates_listeners_and_duplicates(project: Path) -> None:
    _final(project).write_text(
        "test: 2026-10-01\nprojects:\n"
        "  - {listener: L01, title: A, presented: 2026-10-20}\n"
        "  - {listener: L01, title: B, presented: 2026-10-20}\n"
        "  - {listener: X9, title: C, presented: 2026-10-02}\n"
        "  - {listener: L02, title: D, presented: 2026-10-20}\n"
        "  - {listener: L03, title: E, presented: 2026-10-20}\n"
        "  - {listener: L04, title: F, presented: 2026-10-20}\n"
        "  - {listener: L05, title: G, presented: 2026-10-20}\n", encoding="utf-8")
    path = f"{KK}/final.yml"
    assert _found(project) == [("final-date", path, 1), ("final-project-duplicate", path, 4),
                               ("cohort-unknown-listener", path, 5), ("final-date", path, 5)]


def test_c14_a_finished_course_without_final_yml_warns(project: Path) -> None:
    _final(project).unlink()
    assert _found(project) == [("final-missing", f"{KK}/final.yml", None)]
    assert _found(project, "2026-10-20") == []  # not before the course has ended


def test_c14_a_malformed_final_yml_is_a_finding_not_a_crash(project: Path) -> None:
    for text in ("- just a list\n", "test: tomorrow\nprojects: 3\n", "projects:\n  - {listener: L01}\n", "{{"):
        _final(project).write_text(text, encoding="utf-8")
        found = [f for f in run(_ctx(project)) if f.path == f"{KK}/final.yml"]
        assert found and all(f.is_error for f in found), text
        cohort_results(_ctx(project), "2026-rb-kk-01")  # still computed
