"""Garbage in the private tree's support and monitoring files: findings, never a traceback (S-5, S-10, M-4,
M-5, M-6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_ustaz

PLANS = {
    "not-a-mapping": "- just\n- a list\n",
    "empty": "",
    "scalars-everywhere": "teacher: 5\ndirections: methodological-consulting\nevents: many\napproval: yes\n"
                          "starts: tomorrow\nends: 2027-02-30\n",
    "nested-wrong": "teacher: t-x\nprogram: robotics-basics\norganization: o\ndirections: [{a: 1}]\n"
                    "starts: 2026-06-10\nends: 2027-06-30\napproval: {association: [1], head: 3}\n"
                    "events: [1, [2], {kind: webinar}, {kind: webinar, level: galaxy, date: 2026-13-01, "
                    "status: done, evidence: {kind: x}}]\n",
    "binary": b"\xff\xfe\x00garbage",
    "tagged": "teacher: !!python/object:os.system echo\n",
}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_malformed_plans_give_findings_not_tracebacks(project: Path, name: str) -> None:
    folder = project / "examples" / "private" / "support" / "plans"
    data = PLANS[name]
    target = folder / f"{name}.yml"
    target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 1, out.stdout
    assert f"examples/private/support/plans/{name}.yml:" in out.stdout


@pytest.mark.parametrize("text", [
    "", "organization\n", "\x00\x01", "organization,year,half,submitted,teachers,events,summary\n\"unclosed,1\n",
    "a,b\n1,2\n",
])
def test_malformed_reports_file(project: Path, text: str) -> None:
    (project / "examples" / "private" / "support" / "reports.csv").write_text(text, encoding="utf-8")
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode in (0, 1)


@pytest.mark.parametrize("survey", [
    "[1, 2]\n",
    "questions: {a: 1}\nexport: responses.csv\nprogram_column: x\n",
    ("questions: [{id: q, column: c, scale: '1-5', target: high}, {id: r, column: d, scale: [5, 1]}, "
    "{id: s, column: e}]\nexport: ../../../etc/passwd\nprogram_column: x\ninvited: {a: -1, b: many}\n"),
])
def test_malformed_survey_definitions(project: Path, survey: str) -> None:
    run = project / "examples" / "private" / "monitoring" / "2026-impact"
    (run / "survey.yml").write_text(survey, encoding="utf-8")
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 1 and "examples/private/monitoring/2026-impact/survey.yml:" in out.stdout
    cmd = run_ustaz("monitoring", "report", "2026-impact", "--out", str(project / "out"), cwd=project)
    assert "Traceback" not in cmd.stderr and cmd.returncode == 1


@pytest.mark.parametrize("council", ["nope\n", "date: someday\nprotocol: [1]\ndecisions: 3\n",
                                     ("date: 2026-11-20\nprotocol: '5'\ndecisions: [{program: robotics-basics, "
                                     "decision: maybe}, {program: ghost, decision: update}]\n")])
def test_malformed_council_files(project: Path, council: str) -> None:
    (project / "examples" / "private" / "monitoring" / "2026-impact" / "council.yml").write_text(council,
                                                                                              encoding="utf-8")
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 1 and "examples/private/monitoring/2026-impact/council.yml:" in out.stdout


def test_population_that_is_not_a_csv(project: Path, tmp_path: Path) -> None:
    pop = tmp_path / "pop.csv"
    pop.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = run_ustaz("monitoring", "sample", "--population", str(pop), "--size", "1", "--seed", "1", cwd=project)
    assert out.returncode == 1 and "Traceback" not in out.stderr and "error encoding" in out.stderr
    out = run_ustaz("monitoring", "sample", "--population", str(tmp_path / "none.csv"), "--size", "1",
                    "--seed", "1", cwd=project)
    assert out.returncode == 2 and "no such file" in out.stderr
