"""Plausible course data (issue 23, C-11, C-18, C-20): nothing is recorded before it happens, and the commands
agree with `ustaz check` (results, certify, verify)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_ustaz

COHORT = "2026-rb-kk-01"  # ended 2026-10-20; examples/private; the example is dated 2026-11-23
FOLDER = f"examples/private/cohorts/{COHORT}"
TODAY = {"USTAZ_TODAY": "2026-11-23"}


def _codes(project: Path, folder: str = FOLDER) -> dict[tuple[str, int], str]:
    done = run_ustaz("check", "--today", "2026-11-23", "--format", "json", folder, cwd=project)
    return {(f["path"], f["line"]): f["code"] for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"}


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_c11_attendance_and_decisions_after_today_are_errors_everywhere(project: Path, tmp_path: Path) -> None:
    ru = "examples/private/cohorts/2026-rb-ru-01"  # 2026-11-30 … 2026-12-11: course days not yet come
    assert _codes(project) == {} and _codes(project, ru) == {}
    mark = _append(project / ru / "attendance.csv", "listener,date,present\nR01,2026-12-01,true") + 1
    assert _codes(project, ru) == {(f"{ru}/attendance.csv", mark): "course-future"}
    decision = _append(project / FOLDER / "decisions.csv", "L08,completion,2027-01-11,,on documents")
    assert _codes(project) == {(f"{FOLDER}/decisions.csv", decision): "course-future"}
    results = run_ustaz("course", "results", COHORT, "--today", "2026-11-23", cwd=project)
    assert results.returncode == 1 and "course-future" in results.stderr
    out = tmp_path / "out"
    certify = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out), cwd=project,
                        env=TODAY)
    assert certify.returncode == 1 and "course-future" in certify.stdout and not out.exists()


def test_c14_scores_before_the_course_ends_are_an_error(project: Path) -> None:
    ru = "examples/private/cohorts/2026-rb-ru-01"  # 2026-11-30 … 2026-12-11
    (project / ru / "scores.csv").write_text("listener,test,activity,project\nR01,40,10,40\n", encoding="utf-8")
    done = run_ustaz("check", "--today", "2026-11-23", "--format", "json", ru, cwd=project)
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "course-future"]
    assert [(f["path"], f["line"]) for f in found] == [(f"{ru}/scores.csv", 2)]
    later = run_ustaz("check", "--today", "2026-12-11", "--format", "json", ru, cwd=project)
    assert not [f for f in json.loads(later.stdout)["findings"] if f["code"] == "course-future"]


def test_c20_certify_refuses_a_date_after_today_and_verify_a_row_from_the_future(project: Path,
                                                                                  tmp_path: Path) -> None:
    future = run_ustaz("course", "certify", COHORT, "--date", "2026-11-24", "--out", str(tmp_path), cwd=project,
                       env=TODAY)
    assert future.returncode == 2 and "after today (2026-11-23)" in future.stderr
    assert (project / "data/certificates/2026.csv").read_text(encoding="utf-8").count("\n") == 1
    # a row written into the register by hand, dated next year: verify does not call it valid
    done = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(tmp_path), cwd=project,
                     env=TODAY)
    assert done.returncode == 0, done.stderr
    path = project / "data/certificates/2026.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # the sealed register holds the row's id (#16); its code is in the private tree, by that id
    from ustaz.courses.issued import private_codes

    code = private_codes(project / "examples/private")[lines[1].split(",")[0]]
    lines[1] = lines[1].replace(",2026-10-23,2029-10-22,", ",2026-12-23,2029-12-22,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    verify = run_ustaz("verify", code, "--today", "2026-11-23", cwd=project)
    assert verify.returncode == 1 and "not valid" in verify.stdout, verify.stdout


def test_c11_absent_ids_compare_without_case(project: Path) -> None:
    ru = project / "examples/private/cohorts/2026-rb-ru-01"
    done = run_ustaz("course", "attend", "2026-rb-ru-01", "--date", "2026-11-30", "--absent", "r02", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "R02,2026-11-30,false" in (ru / "attendance.csv").read_text(encoding="utf-8")


def test_c11_ids_in_attendance_scores_and_decisions_compare_without_case(project: Path) -> None:
    before = run_ustaz("course", "results", COHORT, "--format", "json", "--today", "2026-11-23", cwd=project)
    for name in ("attendance.csv", "scores.csv", "decisions.csv"):
        path = project / FOLDER / name
        path.write_text(path.read_text(encoding="utf-8").replace("\nL0", "\nl0"), encoding="utf-8")
    assert _codes(project) == {}
    after = run_ustaz("course", "results", COHORT, "--format", "json", "--today", "2026-11-23", cwd=project)
    assert after.returncode == 0 and json.loads(after.stdout) == json.loads(before.stdout)
