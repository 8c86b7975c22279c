"""Results of the fictional cohort (C-15 … C-19): every boundary of the scoring."""

from __future__ import annotations

import csv
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz

from ustaz.checks import Context
from ustaz.courses.results import UnknownCohort, cohort_results
from ustaz.courses.scoring import attendance_points
from ustaz.policy import preset
from ustaz.project import Project

COHORT = "2026-rb-kk-01"


def _ctx(root: Path) -> Context:
    return Context(project=Project.load(root), today=dt.date(2026, 11, 23))


def _by_listener(root: Path) -> dict[str, dict[str, object]]:
    results, _ = cohort_results(_ctx(root), COHORT)
    return {r["listener"]: r for r in results.as_json()["results"]}  # type: ignore[index,union-attr]


def test_c15_example_cohort_outcomes_at_every_boundary() -> None:
    res = _by_listener(ROOT)
    assert res["L01"] == {"listener": "L01", "attendance": 10, "test": 40, "activity": 10, "project": 40,
                          "total": 100, "outcome": "certificate", "reasons": []}
    assert (res["L02"]["total"], res["L02"]["test"], res["L02"]["outcome"]) == (50, 20, "certificate")  # 50 passes
    assert (res["L03"]["total"], res["L03"]["outcome"]) == (49, "reference")  # 49 does not
    assert (res["L04"]["test"], res["L04"]["attendance"], res["L04"]["outcome"]) == (18, 9, "reference")
    # 3 of 12 days: 10 × 3 / 12 = 2.5, rounded half up to 3 → total 50 → certificate (banker's rounding gives 49)
    assert (res["L05"]["attendance"], res["L05"]["total"], res["L05"]["outcome"]) == (3, 50, "certificate")
    assert res["L06"]["outcome"] == "expelled" and res["L06"]["total"] is None  # C-19
    assert res["L07"]["outcome"] == "incomplete"  # transferred to another cohort (C-18)
    assert res["L08"]["outcome"] == "incomplete" and res["L08"]["test"] is None  # no scores


def test_c15_attendance_points_round_half_up_exactly() -> None:
    """C-15: compare with exact rational arithmetic for every day count up to 40."""
    for maximum in (10, 7, 3):
        for days in range(1, 41):
            for present in range(days + 1):
                exact = Fraction(maximum * present, days)
                expected = int(exact + Fraction(1, 2))  # floor(x + 1/2)
                assert attendance_points(maximum, present, days) == expected, (maximum, present, days)
    assert attendance_points(10, 3, 12) == 3 and round(10 * 3 / 12) == 2  # the float trap
    assert attendance_points(10, 0, 0) == 0


def _rewrite_scores(project: Path, rows: list[list[object]]) -> None:
    path = project / "examples/private/cohorts" / COHORT / "scores.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["listener", "test", "activity", "project"])
        w.writerows(rows)


def test_c15_test_threshold_19_and_20(project: Path) -> None:
    """C-15: test 19 fails even with a high total; test 20 passes; totals 49 and 50."""
    _rewrite_scores(project, [["L01", 19, 10, 40], ["L02", 20, 10, 40], ["L03", 40, 0, 0], ["L04", 40, 1, 0]])
    res = _by_listener(project)
    assert (res["L01"]["total"], res["L01"]["outcome"]) == (79, "reference")
    assert (res["L02"]["total"], res["L02"]["outcome"]) == (80, "certificate")
    assert (res["L03"]["total"], res["L03"]["outcome"]) == (50, "certificate")  # 10 + 40 + 0 + 0
    assert (res["L04"]["total"], res["L04"]["outcome"]) == (50, "certificate")  # 9 + 40 + 1 + 0


def test_c15_policy_values_not_literals(project: Path) -> None:
    """C-15: raising pass_total in data/policy.yml changes the outcome of the 50-point listener."""
    policy = project / "data/policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "scoring: {pass_total: 51}\n", encoding="utf-8")
    res = _by_listener(project)
    assert res["L02"]["outcome"] == "reference" and res["L01"]["outcome"] == "certificate"
    assert preset().scoring.pass_total == 50


def test_c15_score_above_maximum_is_a_finding_and_incomplete(project: Path) -> None:
    _rewrite_scores(project, [["L01", 42, 10, 40], ["L02", 20, 11, 20], ["L99", 20, 0, 20], ["L03", 20, 0, 20],
                              ["L03", 20, 0, 21], ["L04", "2O", 1, 1]])
    results, findings = cohort_results(_ctx(project), COHORT)
    lines = {(f.code, f.line) for f in findings}
    shown = f"examples/private/cohorts/{COHORT}/scores.csv"
    assert all(f.path == shown for f in findings)
    assert {("score-range", 2), ("score-range", 3), ("cohort-unknown-listener", 4), ("score-duplicate", 6),
            ("table-value", 7)} <= lines
    outcome = {r.listener: r.outcome.value for r in results.results}
    assert outcome["L01"] == outcome["L02"] == outcome["L04"] == "incomplete"
    assert outcome["L03"] == "certificate"


def test_cohort_results_api_exposes_holder_details() -> None:
    """C-16, C-20: what a certificate needs — the holder's full name, the program, its hours, the dates."""
    results, findings = cohort_results(_ctx(ROOT), COHORT)
    assert not [f for f in findings if f.is_error]
    assert (results.program, results.language, results.region, results.course_days) == ("robotics-basics", "kk",
                                                                                       "KZ-71", 12)
    assert results.starts == dt.date(2026, 10, 5) and results.ends == dt.date(2026, 10, 20)
    assert results.hours == 80 and "kk" in results.program_title
    first = results.certified()[0]
    assert first.full_name.startswith("Тестова Айгерим") and "вымышлен" in first.full_name
    assert first.organization
    assert [r.listener for r in results.certified()] == ["L01", "L02", "L05"]


def test_unknown_cohort_raises_a_user_error() -> None:
    with pytest.raises(UnknownCohort):
        cohort_results(_ctx(ROOT), "2099-nothing")


def test_cli_results_json_contract_and_exit_codes() -> None:
    """C-15: the contract JSON of `ustaz course results`, exit 2 for an unknown cohort."""
    proc = run_ustaz("course", "results", COHORT, "--format", "json", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"results"}
    # the contract's keys, and (issue 17) the reasons of a reference
    assert all(set(r) == {"listener", "attendance", "test", "activity", "project", "total", "outcome", "reasons"}
               for r in data["results"])
    proc = run_ustaz("course", "results", "no-such-cohort", cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "no-such-cohort" in proc.stderr
    proc = run_ustaz("course", "results", COHORT, "--format", "csv", cwd=ROOT)
    assert proc.stdout.splitlines()[0] == "listener,attendance,test,activity,project,total,outcome"
    assert "L05,3,20,7,20,50,certificate" in proc.stdout


def test_cli_results_exit_1_on_bad_rows(project: Path) -> None:
    """C-15: a score above the maximum is reported with file and line; exit 1."""
    _rewrite_scores(project, [["L01", 41, 10, 40]])
    proc = run_ustaz("course", "results", COHORT, cwd=project)
    assert proc.returncode == 1
    assert f"examples/private/cohorts/{COHORT}/scores.csv:2: error score-range:" in proc.stderr


def test_c15_a_reference_names_the_rules_it_failed(project: Path) -> None:
    """Issue 17, C-15: every combination around both thresholds (from the policy, not literals): a reference names
    each rule it fails — test below its threshold, total below the pass mark — in JSON and in the text."""
    from ustaz.policy import load_policy

    scoring = load_policy(project)[0].scoring
    tests = (scoring.test_threshold - scoring.points_per_question, scoring.test_threshold)
    projects = (0, scoring.project_max)
    rows, expected = [], {}
    for n, (test, proj) in enumerate([(te, pr) for te in tests for pr in projects], start=1):
        listener = f"L0{n}"
        rows.append([listener, test, 0, proj])
        expected[listener] = (test, proj)
    _rewrite_scores(project, rows)
    res = _by_listener(project)
    text = run_ustaz("course", "results", COHORT, cwd=project).stdout
    for listener, (test, proj) in expected.items():
        r = res[listener]
        failed = {(x["rule"], x["points"], x["required"]) for x in r["reasons"]}
        want = set()
        if test < scoring.test_threshold:
            want.add(("test-threshold", test, scoring.test_threshold))
        if r["total"] < scoring.pass_total:
            want.add(("pass-total", r["total"], scoring.pass_total))
        assert failed == want, (listener, r)
        assert (r["outcome"] == "reference") == bool(want)
        line = next(li for li in text.splitlines() if li.startswith(listener))
        assert ("below the threshold" in line) == (test < scoring.test_threshold), line
        assert ("below the pass mark" in line) == (r["total"] < scoring.pass_total), line
    assert {len(r["reasons"]) for r in res.values() if r["listener"] in expected} == {0, 1, 2}
