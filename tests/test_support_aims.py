"""S-2: a support plan names the aims of post-course support it serves; the check looks for them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_ustaz
from test_support_plans import GOOD, TODAY, _private

from ustaz.vocab import SupportAim


def _aims_findings(project: Path, tmp_path: Path, text: str) -> list[tuple[str, str, int]]:
    out = run_ustaz("check", "--today", TODAY, "--private", str(_private(tmp_path, {"t-9001.yml": text})),
                    "--format", "json", cwd=project)
    return [(f["severity"], f["code"], f["line"]) for f in json.loads(out.stdout)["findings"]
            if f["code"] == "support-plan-aims"]


def test_s2_the_example_plans_name_their_aims(project: Path) -> None:
    out = run_ustaz("check", "--today", TODAY, cwd=project)
    assert "support-plan-aims" not in out.stdout
    for path in (project / "examples/private/support/plans").glob("*.yml"):
        assert "aims: [continuity, practice, trajectory, expert-review]" in path.read_text(encoding="utf-8")


def test_s2_every_aim_of_the_regulation_is_accepted(project: Path, tmp_path: Path) -> None:
    every = GOOD.replace("aims: [continuity, practice]", f"aims: [{', '.join(a.value for a in SupportAim)}]")
    assert _aims_findings(project, tmp_path, every) == []
    assert [a.value for a in SupportAim] == ["continuity", "practice", "trajectory", "expert-review"]


@pytest.mark.parametrize(("aims", "expected"), [
    (None, [("warning", "support-plan-aims", 1)]),
    ("aims: []", [("warning", "support-plan-aims", 29)]),
    ("aims: [continuity, fun]", [("error", "support-plan-aims", 29)]),
    ("aims: [practice, practice]", [("error", "support-plan-aims", 29)]),
])
def test_s2_a_plan_without_aims_warns_and_an_unknown_aim_is_an_error(project: Path, tmp_path: Path,
                                                                      aims: str | None,
                                                                      expected: list[tuple[str, str, int]]) -> None:
    line = "aims: [continuity, practice]  # S-2\n"
    assert GOOD.splitlines().index(line.rstrip("\n")) + 1 == 29
    text = GOOD.replace(line, "" if aims is None else aims + "\n")
    assert _aims_findings(project, tmp_path, text) == expected
