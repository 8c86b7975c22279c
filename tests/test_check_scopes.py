"""A check that declares a scope reports only inside it, so `ustaz check PATH` may skip it for a PATH
outside (a register check at a million certificates does not wait for the schedule's 40,000 cohorts).

Every scoped check is run on every project the tests ship — the broken fixtures, which make each check
report, the example centre and the Kyrgyz example — and each of its findings must lie in its scope."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_ustaz

from ustaz.checks import CHECKS, SCOPES, Context, load_all, relevant
from ustaz.project import Project

PROJECTS = {
    "broken": (FIXTURES / "broken", None),
    "broken-courses": (FIXTURES / "broken-courses", FIXTURES / "broken-courses/private"),
    "example": (ROOT, ROOT / "examples/private"),
    "kg-school": (ROOT / "examples/kg-school", None),
}


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_scoped_checks_report_only_in_their_scope(name: str) -> None:
    root, private = PROJECTS[name]
    load_all()
    ctx = Context(project=Project.load(root, private), today=dt.date(2026, 11, 23))
    assert SCOPES, "no check declares a scope"
    reported = 0
    for fn in CHECKS:
        scope = SCOPES.get(fn)
        if not scope:
            continue
        for f in fn(ctx):
            reported += 1
            assert any(f.path == s or f.path.startswith(s + "/") for s in scope), (fn.__name__, f.text())
    if name.startswith("broken"):
        assert reported >= 5  # the broken fixtures really make the scoped checks report


def test_relevant_overlaps_folders_both_ways() -> None:
    load_all()
    schedule = next(fn for fn in SCOPES if SCOPES[fn] == ("data/schedule",))
    assert relevant(schedule, [])
    assert relevant(schedule, ["data"])
    assert relevant(schedule, ["data/schedule/2026.csv"])
    assert not relevant(schedule, ["data/certificates"])
    assert not relevant(schedule, ["data/sched"])  # a folder name, not a string prefix


def test_check_of_a_path_equals_the_whole_check_filtered(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "broken-courses", project)
    whole = run_ustaz("check", "--today", "2026-11-23", "--private", "private", cwd=project)
    for path in ("data/schedule", "data/certificates", "programs", "private/cohorts"):
        part = run_ustaz("check", "--today", "2026-11-23", "--private", "private", path, cwd=project)
        expected = [line for line in whole.stdout.splitlines() if line.startswith(path + "/")]
        got = [line for line in part.stdout.splitlines() if ": " in line]
        assert got == expected, path
