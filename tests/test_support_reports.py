"""Half-year organisation reports (S-10): data, the deadline rule, and the findings they give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_ustaz

TODAY = "2026-11-23"
HEADER = "organization,year,half,submitted,teachers,events,summary\n"
ORGS = ("id,name_kk,name_ru,region,locality,network_role,leading\n"
        "ast-school-101,Мектеп 12,Школа 12,KZ-71,urban,,\n"
        "akm-ulgi-school,Мектеп 3,Школа 3,KZ-11,rural,,\n"
        "alm-gymnasium-21,Мектеп 45,Школа 45,KZ-75,urban,,\n")


@pytest.fixture
def centre(project: Path) -> Path:
    (project / "data" / "organizations.csv").write_text(ORGS, encoding="utf-8")
    # these schools lead no network here, so the shipped network events and resources (which name the
    # leading schools) are emptied to their headers
    for table in ("events", "resources"):
        path = project / "data" / "networks" / f"{table}.csv"
        if path.exists():
            path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    return project


def _reports(project: Path, rows: str) -> None:
    (project / "examples" / "private" / "support" / "reports.csv").write_text(HEADER + rows, encoding="utf-8")


def _deadlines(project: Path, today: str = TODAY) -> list[dict[str, object]]:
    out = run_ustaz("deadlines", "--today", today, "--format", "json", cwd=project)
    assert out.returncode == 0, out.stderr
    return [d for d in json.loads(out.stdout)["deadlines"] if d["rule"] == "S-10"]


def test_s10_deadlines_listed_per_organisation_and_half_year(centre: Path) -> None:
    """S-10: first half-year by 1 June, second by 1 October, for every organisation with an active plan."""
    items = _deadlines(centre)
    got = sorted((d["subject"], d["due"], d["status"]) for d in items)
    assert got == sorted([(org, due, status) for org in ("alm-gymnasium-21", "ast-school-101", "akm-ulgi-school")
                          for due, status in (("2026-10-01", "met"), ("2027-06-01", "open"))])


def test_s10_missing_report_is_a_finding_on_the_private_plan(centre: Path) -> None:
    """S-10: an organisation that has not reported is flagged by `ustaz check` on the private plan that makes the
    report owed (never the public data/organizations.csv), with the command that records it (issue 23)."""
    _reports(centre, "ast-school-101,2026,2,2026-09-28,1,1,ok\nalm-gymnasium-21,2026,2,2026-09-29,1,1,ok\n")
    out = run_ustaz("check", "--today", TODAY, cwd=centre)
    assert out.returncode == 1
    assert ("examples/private/support/plans/t-0002.yml:4: error deadline-overdue: S-10: half-year report 2026-H2 on "
            "post-course support sent was due on 2026-10-01; it is overdue — run `ustaz support report "
            "akm-ulgi-school --year 2026 --half 2 --events N (or --not-received --reason TEXT)`") in out.stdout
    assert out.stdout.count("deadline-overdue") == 1
    status = {d["subject"]: d["status"] for d in _deadlines(centre) if d["due"] == "2026-10-01"}
    assert status == {"ast-school-101": "met", "alm-gymnasium-21": "met", "akm-ulgi-school": "overdue"}


def test_s10_without_organizations_table_the_plan_is_named(project: Path) -> None:
    (project / "data" / "organizations.csv").unlink(missing_ok=True)
    _reports(project, "")
    out = run_ustaz("check", "--today", TODAY, cwd=project)
    assert "examples/private/support/plans/t-0001.yml:5: error deadline-overdue: S-10" in out.stdout


def test_s10_a_report_not_received_is_a_recorded_miss(centre: Path) -> None:
    """S-10 (issue 23): a report that never came is recorded with a reason; its deadline is then a warning with
    the date, on the private record, never an error for ever."""
    _reports(centre, "ast-school-101,2026,2,2026-09-28,1,1,ok\nalm-gymnasium-21,2026,2,2026-09-29,1,1,ok\n")
    env = {"USTAZ_TODAY": TODAY}
    base = ("support", "report", "akm-ulgi-school", "--year", "2026", "--half", "2")
    no_reason = run_ustaz(*base, "--not-received", cwd=centre, env=env)
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    no_events = run_ustaz(*base, cwd=centre, env=env)
    assert no_events.returncode == 2 and "--not-received" in no_events.stderr
    future = run_ustaz(*base, "--not-received", "--reason", "x", "--submitted", "2026-11-24", cwd=centre, env=env)
    assert future.returncode == 2 and "after today" in future.stderr
    done = run_ustaz(*base, "--not-received", "--reason", "the school closed for repairs", cwd=centre, env=env)
    assert done.returncode == 0, done.stderr
    out = run_ustaz("check", "--today", TODAY, cwd=centre)
    assert out.returncode == 0 and "deadline-overdue" not in out.stdout, out.stdout
    assert ("examples/private/support/not-received.csv:2: warning deadline-missed: S-10: half-year report 2026-H2 on "
            "post-course support sent was due on 2026-10-01; recorded as missed on 2026-11-23: the school closed for "
            "repairs") in out.stdout
    status = {d["subject"]: d["status"] for d in _deadlines(centre) if d["due"] == "2026-10-01"}
    assert status["akm-ulgi-school"] == "missed"
    again = run_ustaz(*base, "--not-received", "--reason", "y", cwd=centre, env=env)
    assert again.returncode == 2 and "already recorded as not received" in again.stderr


def test_s10_late_report_is_a_warning(centre: Path) -> None:
    _reports(centre, "ast-school-101,2026,2,2026-10-05,1,1,late\nalm-gymnasium-21,2026,2,2026-09-29,1,1,ok\n"
                     "akm-ulgi-school,2026,2,2026-09-29,1,1,ok\n")
    out = run_ustaz("check", "--today", TODAY, cwd=centre)
    assert out.returncode == 0
    assert "examples/private/support/reports.csv:2: warning deadline-late: S-10" in out.stdout


def test_s10_due_dates_are_the_policy_value(centre: Path) -> None:
    """S-10: `support.report_due` sets the dates (here 15 June and 15 October)."""
    policy = centre / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + 'support:\n  report_due: ["06-15", "10-15"]\n',
                      encoding="utf-8")
    dues = {(d["subject"], d["due"]) for d in _deadlines(centre)}
    # plans start on 10, 15 and 20 June: the first two are active in the period ending on 15 June
    assert dues == {("ast-school-101", "2026-06-15"), ("akm-ulgi-school", "2026-06-15")} | {
        (org, due) for org in ("ast-school-101", "akm-ulgi-school", "alm-gymnasium-21")
        for due in ("2026-10-15", "2027-06-15")}


def test_s10_no_plans_no_report_deadlines(project: Path) -> None:
    shutil.rmtree(project / "examples" / "private" / "support" / "plans")
    assert _deadlines(project) == []


def test_s10_malformed_report_rows_are_findings_with_the_row(centre: Path) -> None:
    _reports(centre, "ast-school-101,2026,2,2026-09-28,1,1,ok\n"
                     "akm-ulgi-school,2026,3,2026-09-30,one,1,bad half and count\n"
                     "alm-gymnasium-21,2026,2,2026-09-31,1,1,not a date\n"
                     "alm-gymnasium-21,2026,2\n"
                     "ast-school-101,2026,2,2026-09-29,1,1,again\n")
    out = run_ustaz("check", "--today", TODAY, cwd=centre)
    shown = "examples/private/support/reports.csv"
    assert f"{shown}:3: error support-report-row: 'half' is '3'; use 1 or 2" in out.stdout
    assert f"{shown}:3: error support-report-row: 'teachers' is 'one'; write a whole number" in out.stdout
    assert f"{shown}:4: error invalid-date: 'submitted' is '2026-09-31', which is not a calendar date" in out.stdout
    assert f"{shown}:5: error support-report-row: the row has 3 cells, the header 7" in out.stdout
    assert f"{shown}:6: warning support-report-duplicate:" in out.stdout
    assert "Traceback" not in out.stderr


def test_s10_support_report_command_appends_a_row_that_meets_the_deadline(centre: Path) -> None:
    """S-10: `ustaz support report` (what the bot calls for the issue form) records a report atomically."""
    _reports(centre, 'ast-school-101,2026,2,2026-09-28,1,1,"Earlier, with a comma"\n')
    path = centre / "examples" / "private" / "support" / "reports.csv"
    before = path.read_bytes()
    out = run_ustaz("support", "report", "akm-ulgi-school", "--year", "2026", "--half", "2", "--submitted",
                    "2026-10-03", "--teachers", "1", "--events", "2", "--summary", "Late, but\nhere", cwd=centre)
    assert out.returncode == 0, out.stderr
    after = path.read_bytes()
    assert after.startswith(before)  # earlier rows kept byte for byte
    assert after[len(before):] == b'akm-ulgi-school,2026,2,2026-10-03,1,2,"Late, but here"\n'
    status = {d["subject"]: (d["status"]) for d in _deadlines(centre) if d["due"] == "2026-10-01"}
    assert status["akm-ulgi-school"] == "met"
    check = run_ustaz("check", "--today", TODAY, cwd=centre)
    assert "examples/private/support/reports.csv:3: warning deadline-late: S-10" in check.stdout
    again = run_ustaz("support", "report", "akm-ulgi-school", "--year", "2026", "--half", "2", "--teachers", "1",
                      "--events", "2", cwd=centre)
    assert again.returncode == 2 and "already recorded" in again.stderr
    assert path.read_bytes() == after
    unknown = run_ustaz("support", "report", "nowhere", "--year", "2026", "--half", "1", "--teachers", "0",
                        "--events", "0", cwd=centre)
    assert unknown.returncode == 2 and "'nowhere'" in unknown.stderr


def test_s10_report_by_organisation_name_without_a_teacher_count(centre: Path) -> None:
    """S-10: the issue form gives the organisation's id or name and counts events, not teachers."""
    _reports(centre, "")
    out = run_ustaz("support", "report", "мектеп 3", "--year", "2026", "--half", "2", "--submitted", "2026-09-30",
                    "--events", "5", cwd=centre)
    assert out.returncode == 0, out.stderr
    path = centre / "examples" / "private" / "support" / "reports.csv"
    assert path.read_text(encoding="utf-8").splitlines()[-1] == "akm-ulgi-school,2026,2,2026-09-30,,5,"
    assert "support-report-row" not in run_ustaz("check", "--today", TODAY, cwd=centre).stdout
    status = {d["subject"]: d["status"] for d in _deadlines(centre) if d["due"] == "2026-10-01"}
    assert status["akm-ulgi-school"] == "met"
