"""The deliberately broken courses project and its complete list of findings (python/peps'
pep-9002 pattern) guard every course rule at once: C-2, C-3, C-4, C-5, C-7, C-8, C-11, C-12, C-13, C-14, C-15,
C-18, C-19. Every line of expected.txt was read and judged right by hand; when a check changes,
update the file only after reading the diff.
"""

from __future__ import annotations

from conftest import FIXTURES, run_ustaz

BROKEN = FIXTURES / "broken-courses"


def test_broken_courses_give_exactly_the_expected_findings() -> None:
    result = run_ustaz("check", "--today", "2026-11-23", cwd=BROKEN)
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stdout.splitlines() == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_results_of_the_broken_cohort_are_still_computed() -> None:
    """C-15: bad rows are left out, their listeners incomplete; nothing crashes."""
    import json

    result = run_ustaz("course", "results", "2026-c1", "--format", "json", "--today", "2026-11-23", cwd=BROKEN)
    assert result.returncode == 1
    outcome = {r["listener"]: r["outcome"] for r in json.loads(result.stdout)["results"]}
    assert outcome == {"L01": "incomplete", "L02": "reference", "L03": "incomplete", "L04": "expelled"}
    assert "private/cohorts/2026-c1/scores.csv:2: error score-range:" in result.stderr
