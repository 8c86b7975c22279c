"""Support plans (S-1, S-4, S-5, S-6, S-8): each rule has a broken plan and the finding it must give."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import run_ustaz

TODAY = "2026-11-23"

GOOD = """\
teacher: t-9001
name: "Test Teacher (fictional)"
program: robotics-basics
organization: ast-school-101  # a school of the shipped data/organizations.csv
region: KZ-71
directions: [methodological-consulting]
starts: 2026-06-10
ends: 2027-06-30
approval:
  association: {date: 2026-06-05, protocol: "4"}
  head: {date: 2026-06-08, order: "57"}
events:
  - kind: open-lesson
    level: organisation
    date: 2026-09-18
    status: held
    evidence:
      - {kind: development-document, url: "https://example.org/post/1"}
  - kind: master-class
    level: district
    date: 2026-10-22
    status: held
    evidence:
      - {kind: development-document, url: "https://example.org/post/2"}
  - kind: seminar
    level: region
    date: 2027-02-15
    status: planned
aims: [continuity, practice]  # S-2
"""


def _private(tmp_path: Path, plans: dict[str, str]) -> Path:
    private = tmp_path / "priv"
    folder = private / "support" / "plans"
    folder.mkdir(parents=True)
    for name, text in plans.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return private


def _findings(project: Path, private: Path) -> list[dict[str, object]]:
    out = run_ustaz("check", "--today", TODAY, "--private", str(private), "--format", "json", cwd=project)
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout)["findings"]


def _codes(findings: list[dict[str, object]]) -> list[tuple[str, int | None, str]]:
    return [(str(f["code"]), f["line"], Path(str(f["path"])).name) for f in findings]


def test_the_example_plans_are_clean(project: Path) -> None:
    """S-1 … S-10: the shipped example private tree passes `ustaz check`."""
    out = run_ustaz("check", "--today", TODAY, cwd=project)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "support-" not in out.stdout


def test_a_good_plan_gives_no_finding(project: Path, tmp_path: Path) -> None:
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": GOOD}))
    assert [f for f in findings if str(f["code"]).startswith("support")] == []


def test_s5_thin_plan_is_an_error_on_the_events_line(project: Path, tmp_path: Path) -> None:
    """S-5: fewer events than the policy's minimum (cancelled ones do not count)."""
    thin = GOOD.replace("    status: planned\n", "    status: cancelled\n")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": thin}))
    assert ("support-thin-plan", 12, "t-9001.yml") in _codes(findings)
    msg = next(f["message"] for f in findings if f["code"] == "support-thin-plan")
    assert "2 event(s)" in str(msg) and "at least 3" in str(msg)


def test_s5_min_events_is_the_policy_value(project: Path, tmp_path: Path) -> None:
    """S-5: the minimum comes from the policy (support.min_events), not a literal."""
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "support:\n  min_events: 2\n", encoding="utf-8")
    thin = GOOD.replace("    status: planned\n", "    status: cancelled\n")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": thin}))
    assert "support-thin-plan" not in [c for c, _, _ in _codes(findings)]


def test_s6_held_event_without_evidence_names_the_event_line(project: Path, tmp_path: Path) -> None:
    """S-6: every held event's materials are published and the link recorded."""
    text = GOOD.replace('    evidence:\n      - {kind: development-document, url: "https://example.org/post/2"}\n', "")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert ("support-evidence-missing", 19, "t-9001.yml") in _codes(findings)


def test_s6_evidence_link_must_be_a_web_address(project: Path, tmp_path: Path) -> None:
    text = GOOD.replace("https://example.org/post/1", "see the school's page")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert ("support-evidence-url", 18, "t-9001.yml") in _codes(findings)


def test_s11_evidence_kind_is_from_the_vocabulary(project: Path, tmp_path: Path) -> None:
    """S-11: evidence kinds are survey-response, development-document, reflective-analysis."""
    text = GOOD.replace("{kind: development-document, url: \"https://example.org/post/1\"}",
                        "{kind: photo, url: \"https://example.org/post/1\"}")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    bad = [f for f in findings if f["code"] == "unknown-value"]
    assert bad and "reflective-analysis" in str(bad[0]["message"]) and bad[0]["line"] == 18


@pytest.mark.parametrize("directions,count", [("[]", 0), (
    "[methodological-consulting, publication-support, professional-community]", 3)])
def test_s4_one_or_two_directions(project: Path, tmp_path: Path, directions: str, count: int) -> None:
    """S-4: the teacher chooses 1–2 directions from the checklist; 0 or 3 is an error."""
    text = GOOD.replace("directions: [methodological-consulting]", f"directions: {directions}")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert ("support-directions-count", 6, "t-9001.yml") in _codes(findings)
    assert f"not {count}" in next(str(f["message"]) for f in findings if f["code"] == "support-directions-count")


def test_s4_direction_must_be_on_the_checklist(project: Path, tmp_path: Path) -> None:
    text = GOOD.replace("directions: [methodological-consulting]", "directions: [robotics]")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert ("support-direction-unknown", 6, "t-9001.yml") in _codes(findings)


def test_s1_support_shorter_than_a_year(project: Path, tmp_path: Path) -> None:
    """S-1: one calendar year or more; 2026-06-10 … 2027-06-08 is two days short."""
    text = GOOD.replace("ends: 2027-06-30", "ends: 2027-06-08")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert ("support-too-short", 8, "t-9001.yml") in _codes(findings)
    exact = GOOD.replace("ends: 2027-06-30", "ends: 2027-06-09")  # a full year, inclusive
    findings = _findings(project, _private(tmp_path / "b", {"t-9001.yml": exact}))
    assert "support-too-short" not in [c for c, _, _ in _codes(findings)]


def test_s8_levels_may_not_be_skipped(project: Path, tmp_path: Path) -> None:
    """S-8: organisation → district/city → region → republic; a held region event needs a held district one."""
    text = GOOD.replace("    level: district\n", "    level: region\n")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert ("support-level-skipped", 19, "t-9001.yml") in _codes(findings)
    assert "no district-level event" in next(str(f["message"]) for f in findings
                                             if f["code"] == "support-level-skipped")


def test_s5_head_approves_after_the_association(project: Path, tmp_path: Path) -> None:
    """S-5: discussed in the methodological association, then approved by the head."""
    text = GOOD.replace("head: {date: 2026-06-08", "head: {date: 2026-06-01")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert ("support-approval-order", 11, "t-9001.yml") in _codes(findings)


def test_missing_approval_is_reported(project: Path, tmp_path: Path) -> None:
    text = GOOD.replace('approval:\n  association: {date: 2026-06-05, protocol: "4"}\n'
                        '  head: {date: 2026-06-08, order: "57"}\n', "")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert any(f["code"] == "missing-key" and "approval" in str(f["message"]) for f in findings)


def test_held_in_future_and_pending_events(project: Path, tmp_path: Path) -> None:
    text = GOOD.replace("date: 2027-02-15\n    status: planned", "date: 2027-02-15\n    status: held\n"
                        "    evidence: [{kind: development-document, url: \"https://example.org/p\"}]")
    text = text.replace("date: 2026-10-22\n    status: held", "date: 2026-10-22\n    status: planned")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    codes = _codes(findings)
    assert ("support-event-future", 25, "t-9001.yml") in codes
    assert ("support-event-pending", 19, "t-9001.yml") in codes


def test_duplicate_teacher_and_broken_yaml_do_not_stop_the_check(project: Path, tmp_path: Path) -> None:
    private = _private(tmp_path, {"t-9001.yml": GOOD, "t-9001-copy.yml": GOOD, "broken.yml": "teacher: [\n"})
    findings = _findings(project, private)
    codes = _codes(findings)
    assert ("support-plan-duplicate", 1, "t-9001.yml") in codes or \
           ("support-plan-duplicate", 1, "t-9001-copy.yml") in codes
    assert any(c == "yaml-syntax" and name == "broken.yml" for c, _, name in codes)


def test_text_finding_has_path_and_line(project: Path, tmp_path: Path) -> None:
    thin = GOOD.replace("    status: planned\n", "    status: cancelled\n")
    private = _private(tmp_path, {"t-9001.yml": thin})
    shutil.rmtree(project / "examples" / "private" / "support")
    out = run_ustaz("check", "--today", TODAY, "--private", str(private), cwd=project)
    assert out.returncode == 1
    assert f"{private.as_posix()}/support/plans/t-9001.yml:12: error support-thin-plan:" in out.stdout


def test_s7_s9_presentation_and_republic_level_follow_the_levels(project: Path, tmp_path: Path) -> None:
    """S-7: the presentation of results is an event; S-8/S-9: after a held region-level event the teacher
    may go on to the republic (webinars, conferences, journals)."""
    text = GOOD.replace("    status: planned\n", "    status: held\n    evidence: [{kind: development-document, "
                                                   "url: \"https://example.org/post/3\"}]\n")
    aims = "aims: [continuity, practice]  # S-2\n"  # stays the last key: the new events go before it
    text = text.replace("date: 2027-02-15", "date: 2026-11-10").replace(aims, "") + (
        "  - {kind: conference, level: republic, date: 2027-04-01, status: planned}\n"
        "  - {kind: presentation, level: organisation, date: 2027-05-20, status: planned}\n") + aims
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": text}))
    assert [f for f in findings if str(f["code"]).startswith("support")] == []
    skipped = text.replace("level: region", "level: organisation")
    findings = _findings(project, _private(tmp_path / "b", {"t-9001.yml": skipped}))
    assert ("support-level-skipped", 30, "t-9001.yml") in _codes(findings)


def test_s3_s4_the_checklist_is_the_policy_value(project: Path, tmp_path: Path) -> None:
    """S-3, S-4: a centre may replace the checklist of directions in data/policy.yml."""
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "support:\n  directions:\n"
                      "    - {id: lesson-study, kk: \"…\", ru: \"…\", en: \"Lesson Study\"}\n", encoding="utf-8")
    findings = _findings(project, _private(tmp_path, {"t-9001.yml": GOOD}))
    unknown = [f for f in findings if f["code"] == "support-direction-unknown"]
    assert len(unknown) == 1 and "use one of: lesson-study" in str(unknown[0]["message"])
    ok = GOOD.replace("directions: [methodological-consulting]", "directions: [lesson-study]")
    findings = _findings(project, _private(tmp_path / "b", {"t-9001.yml": ok}))
    assert "support-direction-unknown" not in [c for c, _, _ in _codes(findings)]
