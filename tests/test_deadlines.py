"""The deadline engine (P-3, P-6, P-9, P-10, P-11) through `ustaz deadlines` and `ustaz check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_ustaz


def _set_lifecycle(project: Path, program: str, lifecycle: str) -> None:
    path = project / "programs" / program / "program.yml"
    text = path.read_text(encoding="utf-8")
    head = text.split("lifecycle:")[0]
    path.write_text(head + "lifecycle:\n" + lifecycle, encoding="utf-8")


def _deadlines(project: Path, today: str) -> list[dict[str, object]]:
    result = run_ustaz("deadlines", "--today", today, "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["deadlines"]  # type: ignore[no-any-return]


def test_p11_program_approved_over_three_years_ago_without_review_fails_check(project: Path) -> None:
    """P-11: approval on 7 May 2026 + 3 years = 7 May 2029; on 8 May 2029 the review is overdue."""
    check = run_ustaz("check", "--today", "2029-05-08", "programs/robotics-basics", cwd=project)
    assert check.returncode == 1
    assert ("programs/robotics-basics/program.yml:38: error deadline-overdue: P-11: program reviewed was due "
            "on 2029-05-07") in check.stdout
    # shortly before, a warning only (within the policy's 5 working days): from Wed 2 May 2029 the
    # working days up to Mon 7 May are Thu 3 and Fri 4 (7 May, Defender of the Fatherland Day, is off)
    check = run_ustaz("check", "--today", "2029-05-02", "programs/robotics-basics", cwd=project)
    assert check.returncode == 0
    assert "warning deadline-soon: P-11: program reviewed is due on 2029-05-07, in 2 working day(s)" in check.stdout


def test_p11_a_recorded_review_meets_the_deadline_and_starts_a_new_cycle(project: Path) -> None:
    path = project / "programs" / "robotics-basics" / "program.yml"
    path.write_text(path.read_text(encoding="utf-8")
                    + '  - {event: reviewed, date: 2029-04-01, decision: update, protocol: "7", order: "30"}\n',
                    encoding="utf-8")
    items = [d for d in _deadlines(project, "2029-06-01") if d["subject"] == "robotics-basics" and d["rule"] == "P-11"]
    assert [(d["due"], d["status"], d["met_on"]) for d in items] == [
        ("2029-05-07", "met", "2029-04-01"),
        ("2032-04-01", "open", None),
    ]


def test_the_same_due_date_in_deadlines_and_check(project: Path) -> None:
    """One function computes each due date (P-9 for the program in revision)."""
    items = _deadlines(project, "2026-12-07")
    p9 = [d for d in items if d["subject"] == "digital-music" and d["rule"] == "P-9"]
    assert len(p9) == 1 and p9[0]["status"] == "overdue"
    check = run_ustaz("check", "--today", "2026-12-07", cwd=project)
    assert check.returncode == 1
    due = re.search(r"error deadline-overdue: P-9: revised draft resubmitted was due on (\S+);", check.stdout)
    assert due is not None and due.group(1) == p9[0]["due"] == "2026-12-04"


def test_deadlines_are_sorted_and_carry_rule_ids(project: Path) -> None:
    items = _deadlines(project, "2026-11-23")
    dues = [d["due"] for d in items]
    assert dues == sorted(dues)
    assert {d["rule"] for d in items} >= {"P-3", "P-6", "P-9", "P-10", "P-11"}
    assert all(d["status"] in ("open", "met", "overdue") for d in items)


def test_p6_discussion_end_and_early_close(project: Path) -> None:
    """P-6: opened Mon 16 Nov 2026, ten working days end on Mon 30 Nov; closing on the 27th is an error."""
    items = _deadlines(project, "2026-11-23")
    p6 = [d for d in items if d["subject"] == "eco-project-learning" and d["rule"] == "P-6"]
    assert [(d["due"], d["status"], d["working_days_left"]) for d in p6] == [("2026-11-30", "open", 5)]
    path = project / "programs" / "eco-project-learning" / "program.yml"
    path.write_text(path.read_text(encoding="utf-8") + "  - {event: discussion-closed, date: 2026-11-27}\n",
                    encoding="utf-8")
    check = run_ustaz("check", "--today", "2026-11-27", "programs/eco-project-learning", cwd=project)
    assert check.returncode == 1
    assert ("error discussion-closed-early: the discussion opened on 2026-11-16 lasts 10 working days, "
            "until 2026-11-30; it cannot close on 2026-11-27") in check.stdout


def test_p10_late_approval_is_a_warning_and_missing_approval_an_error(project: Path) -> None:
    _set_lifecycle(project, "robotics-basics", """\
  - {event: needs-analysis, date: 2026-01-15, protocol: "3"}
  - {event: development-ordered, date: 2026-01-20, order: "12", due: 2026-03-02}
  - {event: discussion-opened, date: 2026-03-02, url: "https://example.org/pull/12"}
  - {event: discussion-closed, date: 2026-03-18}
  - {event: submitted, date: 2026-03-20}
  - {event: expert-conclusion, date: 2026-05-05, outcome: agree}
""")
    # Tue 5 May + 3 working days: Wed 6 (1), Thu 7 is a holiday, Fri 8 (2), Mon 11 is off (9 May observed), Tue 12 (3)
    check = run_ustaz("check", "--today", "2026-05-13", "programs/robotics-basics", cwd=project)
    assert "error deadline-overdue: P-10: program approved by order was due on 2026-05-12" in check.stdout
    path = project / "programs" / "robotics-basics" / "program.yml"
    path.write_text(path.read_text(encoding="utf-8") + '  - {event: approved, date: 2026-05-14, order: "41"}\n',
                    encoding="utf-8")
    check = run_ustaz("check", "--today", "2026-05-20", "programs/robotics-basics", cwd=project)
    assert check.returncode == 0
    assert ("warning deadline-late: P-10: program approved by order was due on 2026-05-12 but happened on "
            "2026-05-14") in check.stdout


def test_p3_draft_not_published_by_the_order_due_date(project: Path) -> None:
    _set_lifecycle(project, "eco-project-learning", """\
  - {event: needs-analysis, date: 2026-09-10, protocol: "17"}
  - {event: development-ordered, date: 2026-09-15, order: "88", due: 2026-11-16}
""")
    check = run_ustaz("check", "--today", "2026-11-17", "programs/eco-project-learning", cwd=project)
    assert check.returncode == 1
    assert "error deadline-overdue: P-3: draft published for discussion was due on 2026-11-16" in check.stdout


def test_text_output_shows_working_days_left(project: Path) -> None:
    out = run_ustaz("deadlines", "--today", "2026-11-23", cwd=project).stdout
    assert "2026-11-30  open     P-6   eco-project-learning: public discussion ends  5 working day(s) left" in out
