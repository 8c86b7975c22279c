"""`ustaz check` over the courses part: every malformed row is a finding naming its file and line
(C-2, C-3, C-4, C-5, C-7, C-8, C-11, C-15, C-18, C-19)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import ROOT, run_ustaz

from ustaz.checks import Context, run
from ustaz.project import Project

C1 = "examples/private/cohorts/2026-rb-kk-01"
C2 = "examples/private/cohorts/2026-rb-ru-01"


def _findings(project: Path, today: str = "2026-11-23") -> list[dict[str, object]]:
    """What `ustaz check --format json` prints, computed in-process (the CLI itself is tested below)."""
    ctx = Context(project=Project.load(project), today=dt.date.fromisoformat(today))
    return [f.as_json() for f in run(ctx)]


def _where(findings: list[dict[str, object]]) -> set[tuple[object, object, object]]:
    return {(f["code"], f["path"], f["line"]) for f in findings}


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_shipped_courses_have_no_errors() -> None:
    proc = run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=ROOT)
    findings = json.loads(proc.stdout)["findings"]
    assert findings == _findings(ROOT)  # the command prints what the checker found
    assert not [f for f in findings if f["severity"] == "error"], findings
    # the fictional centre shows the two warnings it is built to show
    mine = ("examples/private/cohorts/", "examples/private/trainers.csv", "examples/private/programs/",
            "examples/private/surveys/", "data/schedule/", "data/trainers.csv")
    assert {(f["code"], f["path"]) for f in findings if str(f["path"]).startswith(mine)} == {
        ("score-missing", f"{C1}/listeners.csv"), ("listener-documents", f"{C2}/listeners.csv")}


def test_c3_c8_listener_rows(project: Path) -> None:
    lst = project / C1 / "listeners.csv"
    _replace(lst, "900202300006", "900202300007")  # L02: wrong check digit (line 3)
    _append(lst, "L01,Қайта,Бір,,850101400001,Мектеп,true,true,true,true\n"  # line 10: id used twice
                 "L09,Қайта,Екі,,850101400001,Мектеп,true,yes,true,true\n"  # line 11: same IIN, bad boolean
                 "L10,,Үш,,,Мектеп,true,true,true,false\n")  # line 12: no surname, no IIN, no contract (started)
    found = _where(_findings(project))
    path = f"{C1}/listeners.csv"
    assert {("listener-iin", path, 3), ("listener-id", path, 10), ("listener-duplicate", path, 11),
            ("table-value", path, 11), ("table-value", path, 12), ("listener-iin", path, 12),
            ("listener-documents", path, 12)} <= found
    # the message never repeats the identity number (findings may be pasted into public issues)
    text = run_ustaz("check", "--today", "2026-11-23", cwd=project).stdout
    assert "900202300007" not in text and "850101400001" not in text


def test_semicolon_separated_table_gets_a_clear_finding(project: Path) -> None:
    path = project / C1 / "scores.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    found = [f for f in _findings(project) if f["path"] == f"{C1}/scores.csv"]
    assert [(f["code"], f["line"]) for f in found] == [("table-header", 1)]
    assert "separated by ';'" in str(found[0]["message"])


def test_c8_documents_are_a_warning_before_the_start_and_an_error_after(project: Path) -> None:
    before = [f for f in _findings(project) if f["code"] == "listener-documents"]
    assert [f["severity"] for f in before] == ["warning"]
    after = [f for f in _findings(project, "2026-11-30") if f["code"] == "listener-documents"]
    assert [(f["severity"], f["line"]) for f in after] == [("error", 4)]


def test_c11_attendance_rows(project: Path) -> None:
    att = project / C1 / "attendance.csv"
    lines = att.read_text(encoding="utf-8").splitlines()
    n = len(lines)
    _append(att, "L99,2026-10-05,true\n"       # n+1 unknown listener
                 "L01,2026-10-10,true\n"       # n+2 a Saturday
                 "L01,2026-10-21,true\n"       # n+3 after the end
                 "L01,2026-10-05,false\n"      # n+4 duplicate
                 "L01,2026-10-32,true\n"       # n+5 not a date
                 "L01,2026-10-06\n")           # n+6 a cell short
    found = _where(_findings(project))
    path = f"{C1}/attendance.csv"
    assert {("cohort-unknown-listener", path, n + 1), ("attendance-outside-course", path, n + 2),
            ("attendance-outside-course", path, n + 3), ("attendance-duplicate", path, n + 4),
            ("table-value", path, n + 5), ("table-row", path, n + 6)} <= found


def test_c11_present_after_expulsion(project: Path) -> None:
    att = project / C1 / "attendance.csv"
    n = len(att.read_text(encoding="utf-8").splitlines())
    _append(att, "L06,2026-10-12,true\nL06,2026-10-13,false\n")
    found = [f for f in _findings(project) if f["code"] == "attendance-after-decision"]
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [(f"{C1}/attendance.csv", n + 1, "warning")]


def test_c11_a_day_without_marks_is_reported(project: Path) -> None:
    att = project / C1 / "attendance.csv"
    kept = [ln for ln in att.read_text(encoding="utf-8").splitlines(keepends=True) if "2026-10-14" not in ln]
    att.write_text("".join(kept), encoding="utf-8")
    missing = [f for f in _findings(project) if f["code"] == "attendance-not-taken"]
    assert len(missing) == 1 and str(missing[0]["message"]).startswith("2026-10-14: no attendance mark for L01")
    # the expelled (L06, 2026-10-09) and the transferred (L07) are no longer expected
    assert "L06" not in str(missing[0]["message"]) and "L07" not in str(missing[0]["message"])


def test_c15_score_rows(project: Path) -> None:
    sc = project / C1 / "scores.csv"
    _replace(sc, "L01,40,10,40", "L01,41,10,40")   # line 2
    _replace(sc, "L03,20,0,19", "L03,19,0,19")     # line 4: 19 is not a multiple of 2 points
    found = _where(_findings(project))
    assert {("score-range", f"{C1}/scores.csv", 2), ("score-test-points", f"{C1}/scores.csv", 4)} <= found


def test_c18_c19_decision_rows(project: Path) -> None:
    dec = project / C1 / "decisions.csv"
    _replace(dec, "L06,expelled,2026-10-09,45-к,", "L06,expelled,2026-10-09,,")  # line 2: no order
    _append(dec, "L03,reassessment,2026-11-02,,\n"       # line 4
                 "L03,reassessment,2026-11-20,,\n"       # line 5: the second in 2026
                 "L04,reassessment,2026-10-15,,\n"       # line 6: before the course ended
                 "L05,dismissed,2026-10-15,,\n"          # line 7
                 "L08,transferred,2026-10-07,,\n"       # line 8: no reason, no target cohort
                 "L02,completion,2026-10-19,,documents\n")  # line 9: before the course ended
    found = _where(_findings(project))
    path = f"{C1}/decisions.csv"
    assert {("decision-incomplete", path, 2), ("decision-reassessment-limit", path, 5),
            ("decision-date", path, 6), ("decision-value", path, 7), ("decision-incomplete", path, 8),
            ("decision-transfer", path, 8), ("decision-date", path, 9)} <= found
    assert ("decision-reassessment-limit", path, 4) not in found


def test_c18_reassessment_counted_across_cohorts_by_iin(project: Path) -> None:
    """C-18: the same person (IIN) re-assessed in two cohorts within a year."""
    _append(project / C1 / "decisions.csv", "L07,reassessment,2026-12-20,,\n")
    (project / C2 / "decisions.csv").write_text(
        "listener,decision,date,order,reason\nR01,reassessment,2026-12-21,,\n", encoding="utf-8")
    found = [f for f in _findings(project) if f["code"] == "decision-reassessment-limit"]
    assert [(f["path"], f["line"]) for f in found] == [(f"{C2}/decisions.csv", 2)]


def test_c2_schedule_rows(project: Path) -> None:
    sched = project / "data/schedule/2026.csv"
    _append(sched, "2026-x-01,no-such-program,kk,1,2026-12-01,2026-12-05,KZ-71,blended,20,true\n"   # 4
                   "2026-x-02,robotics-basics,ky,1,2026-12-01,2026-12-05,KZ-99,online,20,true\n"    # 5
                   "2026-x-03,robotics-basics,kk,1,2026-12-05,2026-12-01,KZ-71,blended,20,true\n"   # 6
                   "2026-x-04,robotics-basics,kk,1,2027-01-11,2027-01-22,KZ-71,blended,20,true\n"   # 7
                   "2026-x-05,robotics-basics,kk,1,2026-11-02,2026-11-13,KZ-71,blended,0,false\n"   # 8
                   "2026-x-05,robotics-basics,kk,2,2026-11-02,2026-11-13,KZ-71,blended,20,true\n"   # 9
                   "2026-x-06,robotics-basics,ru,1,2026-11-25,2026-12-04,KZ-71,by-mail,20,false\n"  # 10
                   "2026-x-07,eco-project-learning,kk,1,2026-11-25,2026-12-04,KZ-71,blended,20,true\n")  # 11
    path = "data/schedule/2026.csv"
    found = _where(_findings(project))
    assert {("schedule-program", path, 4), ("schedule-language", path, 5), ("schedule-region", path, 5),
            ("schedule-dates", path, 6), ("schedule-dates", path, 7), ("table-value", path, 8),
            ("schedule-not-agreed", path, 8), ("cohort-id", path, 9), ("schedule-format", path, 10),
            ("schedule-not-agreed", path, 10), ("schedule-program", path, 11)} <= found
    assert ("schedule-hours", path, 7) not in found  # 10 course days for 80 hours
    assert ("schedule-hours", path, 10) in found  # 8 course days: 10 hours a day
    severities = {(f["code"], f["line"]): f["severity"] for f in _findings(project)}
    assert severities[("schedule-not-agreed", 8)] == "error"      # started without agreement
    assert severities[("schedule-not-agreed", 10)] == "warning"   # starts in two working days


def test_p10_c2_schedule_rows_against_the_programs_standing_and_the_calendar(project: Path) -> None:
    """P-10/P-11: a cohort of a program revoked before it starts is an error, one that started before the
    revocation is not; C-2: a span with no working day is an error, a start on a day off a warning. Two cohorts
    with the same span and program are judged alike (the check finds each span's course days once)."""
    _replace(project / "programs/robotics-basics/program.yml",
             '  - {event: approved, date: 2026-05-07, order: "41"}\n',
             '  - {event: approved, date: 2026-05-07, order: "41"}\n'
             '  - {event: revoked, date: 2026-12-10, order: "77"}\n')
    sched = project / "data/schedule/2026.csv"
    first = len(sched.read_text(encoding="utf-8").splitlines()) + 1
    _append(sched, "2026-y-01,robotics-basics,kk,1,2026-12-14,2026-12-25,KZ-71,blended,20,true\n"   # revoked before
                   "2026-y-02,robotics-basics,kk,1,2026-12-07,2026-12-18,KZ-71,blended,20,true\n"   # started before
                   "2026-y-03,robotics-basics,kk,1,2026-12-12,2026-12-13,KZ-71,blended,20,true\n"   # a weekend
                   "2026-y-04,robotics-basics,kk,1,2026-12-05,2026-12-18,KZ-71,blended,20,true\n"   # starts on a Saturday
                   "2026-y-05,robotics-basics,kk,1,2026-12-07,2026-12-18,KZ-71,blended,20,true\n"   # as 2026-y-02
                   "2026-y-06,robotics-basics,kk,1,2026-12-12,2026-12-18,KZ-71,blended,20,true\n")  # y-03's start, longer
    path = "data/schedule/2026.csv"
    found = {(f["code"], f["line"]): f["severity"] for f in _findings(project) if f["path"] == path
             and f["code"] in ("schedule-program", "schedule-dates")}
    a, b, c, d, e, f = range(first, first + 6)
    assert found.get(("schedule-program", a)) == "error"
    assert ("schedule-program", b) not in found and ("schedule-program", e) not in found
    assert found.get(("schedule-dates", c)) == "error"
    assert found.get(("schedule-dates", d)) == "warning"
    assert ("schedule-dates", b) not in found and ("schedule-dates", e) not in found
    assert found.get(("schedule-dates", f)) == "warning"  # working days after a weekend start: not y-03's error


def test_c2_capacity_and_unscheduled_folders(project: Path) -> None:
    _replace(project / "data/schedule/2026.csv", "KZ-75,blended,25,true", "KZ-75,blended,2,true")
    (project / "examples/private/cohorts/2026-ghost").mkdir()
    found = _where(_findings(project))
    assert ("cohort-capacity", f"{C2}/listeners.csv", None) in found
    assert ("cohort-unscheduled", "examples/private/cohorts/2026-ghost", None) in found


def test_c4_c5_trainer_rows(project: Path) -> None:
    _append(project / "data/trainers.csv",
            "new-spec,Жаңа М. (вымышленный),kk;ru,specialist,2,robotics-basics\n"     # 4: < 3 years
            "lang-x,Тіл Т. (вымышленный),en,teacher,5,robotics-basics;no-prog\n"   # 5: en not offered, no-prog
            "aigerim-test,Қайталау (вымышленный),kk,guru,x,\n"                     # 6: duplicate id
            "novice,Жас М. (вымышленный),kk,teacher,0,robotics-basics\n")          # 7: no experience
    _append(project / "examples/private/trainers.csv",
            "new-spec,KZ09000KZT000000000,true,false,\n"      # 4: 19 characters, no diploma
            "lang-x,KZ10000KZT0000000001,true,true,\n"        # 5: bad check digits
            "nobody,KZ09000KZT0000000001,true,true,\n")       # 6: not in the roster
    found = _where(_findings(project))
    assert {("trainer-experience", "data/trainers.csv", 4), ("trainer-experience", "data/trainers.csv", 7),
            ("trainer-program", "data/trainers.csv", 5),
            ("trainer-id", "data/trainers.csv", 6)} <= found
    priv = "examples/private/trainers.csv"
    assert {("trainer-iban", priv, 4), ("trainer-iban", priv, 5), ("trainer-id", priv, 6),
            ("trainer-documents", priv, 4)} <= found
    text = run_ustaz("check", "--today", "2026-11-23", cwd=project).stdout
    assert "KZ10000KZT0000000001" not in text  # account codes are not repeated


def test_c4_cohort_without_trainer(project: Path) -> None:
    (project / "data/trainers.csv").write_text(
        "id,name,languages,category,experience_years,programs\nonly-kk,Т. (вымышленный),kk,teacher,5,robotics-basics\n",
        encoding="utf-8")
    found = _where(_findings(project))
    assert ("schedule-no-trainer", "data/schedule/2026.csv", 3) in found  # the ru cohort


def test_c7_test_bank_shapes(project: Path) -> None:
    bank = project / "examples/private/programs/robotics-basics/tests.ru.yml"
    text = bank.read_text(encoding="utf-8")
    # drop the last question (19 left), give one question a repeated option and a bad answer
    cut = text.rindex("- text:")
    text = text[:cut]
    text = text.replace("  - Неверное определение 1-А\n", "  - Верное определение 1\n", 1)
    text = text.replace("  answer: 1\n", "  answer: 3\n", 1)
    bank.write_text(text, encoding="utf-8")
    (bank.parent / "tests.en.yml").write_text("questions: []\n", encoding="utf-8")
    (project / "examples/private/programs/robotics-basics/tests.kk.yml").unlink()
    found = _where(_findings(project))
    shown = "examples/private/programs/robotics-basics/tests.ru.yml"
    assert ("testbank-size", shown, 2) in found
    lines = {line for code, path, line in found if code == "testbank-question" and path == shown}
    assert len(lines) == 2, found
    en = "examples/private/programs/robotics-basics/tests.en.yml"
    assert ("testbank-language", en, None) in found and ("testbank-size", en, 1) in found
    assert ("testbank-missing", "data/schedule/2026.csv", 2) not in found  # the kk cohort has ended
    _replace(project / "data/schedule/2026.csv", "2026-rb-ru-01,robotics-basics,ru", "2026-rb-ru-01,robotics-basics,kk")
    assert ("testbank-missing", "data/schedule/2026.csv", 3) in _where(_findings(project))


def test_nothing_private_in_public_files() -> None:
    """No IIN-like 12-digit number, IBAN or listener surname from the private tree in programs/, data/, content/."""
    import re

    private = ROOT / "examples/private"
    secrets = set()
    for csv_path in private.rglob("*.csv"):
        text = csv_path.read_text(encoding="utf-8")
        secrets |= set(re.findall(r"\b\d{12}\b", text)) | set(re.findall(r"\bKZ\d{2}[0-9A-Z]{16}\b", text))
    assert secrets
    for folder in ("programs", "data", "content"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".csv", ".json", ".yml", ".md"):
                text = path.read_text(encoding="utf-8")
                assert not re.search(r"\b\d{12}\b", text), path
                assert not any(s in text for s in secrets), path


def test_garbage_in_every_course_file_is_a_finding_not_a_crash(project: Path) -> None:
    """In-process (one interpreter for all 72 cases): checks and results never raise for bad input."""
    from ustaz.courses.results import UnknownCohort, cohort_results

    files = ["data/schedule/2026.csv", "data/trainers.csv", "examples/private/trainers.csv",
             f"{C1}/listeners.csv", f"{C1}/attendance.csv", f"{C1}/scores.csv", f"{C1}/decisions.csv",
             "examples/private/programs/robotics-basics/tests.kk.yml",
             "examples/private/surveys/2026-rb-kk-01/needs.csv"]
    garbage = [b"\xff\xfe\x00garbage", b"", b"\n\n\n", b'"unclosed,quote\n1,2', b"a" * 200_000 + b"\n",
               b"- [1, 2\n", b"questions: 7\n", b"listener\n" + b",,,,\n" * 3]
    loaded = Project.load(project)  # programs and policy do not change; course files are read per Context
    for blob in garbage:
        for name in files:
            path = project / name
            original = path.read_bytes()
            path.write_bytes(blob)
            ctx = Context(project=loaded, today=dt.date(2026, 11, 23))
            findings = run(ctx)
            if blob.strip():
                assert any(f.path == name for f in findings), (name, blob[:20])
            try:
                cohort_results(ctx, "2026-rb-kk-01")
            except UnknownCohort:
                assert name == "data/schedule/2026.csv"
            path.write_bytes(original)
