"""The impact survey (M-4): Google Forms CSV import, statistics per program, findings for bad rows."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import run_ustaz

RUN = Path("examples/private/monitoring/2026-impact")


@pytest.fixture
def run_dir(project: Path) -> Path:
    return project / RUN


def _stats(project: Path) -> dict[str, object]:
    out = run_ustaz("monitoring", "survey", "2026-impact", "--format", "json", cwd=project)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_m4_example_survey_statistics_match_the_export(project: Path, run_dir: Path) -> None:
    """M-4: averages, distributions and the response rate are computed from the Forms export."""
    with (run_dir / "responses.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    column = "Мои учащиеся участвуют в соревнованиях по робототехнике (1–5)"
    values = [int(r[column]) for r in rows]
    stats = _stats(project)
    (program,) = stats["programs"]
    assert program["program"] == "robotics-basics"
    assert program["responses"] == len(rows)
    assert program["invited"] == 14
    assert program["response_rate"] == round(len(rows) / 14, 4)
    q = next(q for q in program["questions"] if q["id"] == "competitions")
    assert q["mean"] == round(sum(values) / len(values), 2)
    assert q["distribution"] == {str(v): values.count(v) for v in range(1, 6)}
    assert q["met"] is (round(sum(values) / len(values), 2) >= q["target"])
    choice = next(q for q in program["questions"] if q["id"] == "useful-support")
    assert sum(choice["distribution"].values()) == len(rows) and choice["mean"] is None


def test_m4_comparison_with_the_expected_result_follows_the_target(project: Path, run_dir: Path) -> None:
    """M-1, M-4: a result is reached when the average is at or above the target standing for it."""
    survey = run_dir / "survey.yml"
    survey.write_text(survey.read_text(encoding="utf-8").replace("target: 3.5", "target: 2.0"), encoding="utf-8")
    q = next(q for q in _stats(project)["programs"][0]["questions"] if q["id"] == "competitions")
    assert q["met"] is True and q["target"] == 2.0


def test_m4_malformed_rows_are_findings_with_file_and_row(project: Path, run_dir: Path) -> None:
    """M-4: bad answers name the export's row; good rows are still counted."""
    export = run_dir / "responses.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    with (run_dir / "sample.csv").open(encoding="utf-8", newline="") as fh:  # sampled teachers yet to answer
        x1, x2, x3, x4 = [r["teacher"] for r in csv.DictReader(fh) if r["teacher"] not in "".join(lines)][:4]
    bad_scale = first[:]
    bad_scale[1], bad_scale[3] = x1, "7"
    bad_word = first[:]
    bad_word[1], bad_word[4] = x2, "много"
    bad_program = first[:]
    bad_program[1], bad_program[2] = x3, "Ботаника"
    bad_choice = first[:]
    bad_choice[1], bad_choice[6] = x4, "Телепатия"
    duplicate = first[:]
    export.write_text("\r\n".join([header, *lines[1:], ",".join(bad_scale), ",".join(bad_word),
                                   ",".join(bad_program), "a,b,c", ",".join(bad_choice), ",".join(duplicate)])
                      + "\r\n", encoding="utf-8")
    n = len(lines)  # the first added row is on line n + 1
    shown = RUN / "responses.csv"
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert f"{shown}:{n + 1}: error impact-survey-row: question club-program: '7' is not a whole number from 1 to 5" \
        in out.stdout
    assert f"{shown}:{n + 2}: error impact-survey-row: question competitions: 'много' is not a whole number" in out.stdout
    assert f"{shown}:{n + 3}: error impact-survey-program: program 'Ботаника' is not a program id" in out.stdout
    assert f"{shown}:{n + 4}: error impact-survey-row: the row has 3 cells, the header 7" in out.stdout
    assert f"{shown}:{n + 5}: error impact-survey-row: question useful-support: 'Телепатия' is not one of the choices" \
        in out.stdout
    assert f"{shown}:{n + 6}: warning impact-survey-duplicate: teacher '{first[1]}' already answered for " \
           f"robotics-basics on line 2" in out.stdout
    assert out.returncode == 1
    cmd = run_ustaz("monitoring", "survey", "2026-impact", "--format", "json", cwd=project)
    assert cmd.returncode == 1 and f"{shown}:{n + 1}: error impact-survey-row" in cmd.stderr
    program = json.loads(cmd.stdout)["programs"][0]
    # rows with a bad answer still count; the bad answer does not; unknown programs, short rows, duplicates do not
    assert program["responses"] == n - 1 + 3
    club = next(q for q in program["questions"] if q["id"] == "club-program")
    assert club["answered"] == n - 1 + 2


def test_m4_missing_column_is_a_finding_on_the_definition(project: Path, run_dir: Path) -> None:
    survey = run_dir / "survey.yml"
    text = survey.read_text(encoding="utf-8")
    survey.write_text(text.replace('column: "Я использую', 'column: "Я применяю'), encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "id: programming" in s)
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert f"{RUN}/survey.yml:{line}: error impact-survey-column: the export {RUN}/responses.csv has no column " \
           "'Я применяю" in out.stdout


def test_m4_export_not_utf8_is_a_finding_not_a_traceback(project: Path, run_dir: Path) -> None:
    (run_dir / "responses.csv").write_bytes("Отметка времени,x\n".encode("cp1251"))
    out = run_ustaz("monitoring", "survey", "2026-impact", cwd=project)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert f"{RUN}/responses.csv:1: error encoding:" in out.stderr


def test_unknown_run_exits_2(project: Path) -> None:
    out = run_ustaz("monitoring", "survey", "2030-nothing", cwd=project)
    assert out.returncode == 2 and "no survey run '2030-nothing'" in out.stderr


def test_survey_definition_without_export_file(project: Path, run_dir: Path) -> None:
    (run_dir / "responses.csv").unlink()
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert f"{RUN}/survey.yml:" in out.stdout and "impact-survey-file" in out.stdout
    shutil.rmtree(run_dir)
    assert "impact-survey-file" not in run_ustaz("check", "--today", "2026-11-23", cwd=project).stdout


def test_m5_m4_invited_teachers_come_from_the_sample(project: Path, run_dir: Path) -> None:
    """M-5 → M-4: with `sample:` and `population:` the invited count per program is the sampled teachers of
    that program; an answer from outside the sample and its replacements is a warning on its row."""
    with (run_dir.parent / "population.csv").open(encoding="utf-8", newline="") as fh:
        program_of = {r["teacher"]: r["program"] for r in csv.DictReader(fh)}
    with (run_dir / "sample.csv").open(encoding="utf-8", newline="") as fh:
        sample = list(csv.DictReader(fh))
    expected = sum(1 for s in sample if program_of[s["teacher"]] == "robotics-basics")
    assert _stats(project)["programs"][0]["invited"] == expected
    asked = {s["teacher"] for s in sample} | {s["replacement"] for s in sample if s["replacement"]}
    export = run_dir / "responses.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    outsider = lines[1].split(",")
    outsider[1] = next(t for t in program_of if t not in asked)
    export.write_text("\r\n".join([*lines, ",".join(outsider)]) + "\r\n", encoding="utf-8")
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert f"{RUN}/responses.csv:{len(lines) + 1}: warning impact-survey-unsampled: teacher '{outsider[1]}'" \
        in out.stdout
    assert [ln for ln in out.stdout.splitlines() if "impact-survey" in ln and "unsampled" not in ln] == []


def test_m5_explicit_invited_wins_and_a_missing_sample_is_a_finding(project: Path, run_dir: Path) -> None:
    survey = run_dir / "survey.yml"
    text = survey.read_text(encoding="utf-8")
    survey.write_text(text + "invited: {robotics-basics: 20}\n", encoding="utf-8")
    assert _stats(project)["programs"][0]["invited"] == 20
    survey.write_text(text.replace("sample: sample.csv", "sample: ../../../../etc/hostname"), encoding="utf-8")
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "error impact-survey-sample: '../../../../etc/hostname' is not a file in the monitoring folder" \
        in out.stdout
