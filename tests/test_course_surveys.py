"""Surveys (C-13): Google Forms exports imported per cohort and summarised (counts, averages)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz

from ustaz.courses.surveys import survey_summary

COHORT = "2026-rb-kk-01"
SAVED = "examples/private/surveys/2026-rb-ru-01/needs.csv"


def test_c13_summary_of_the_example_evaluation() -> None:
    summary, findings = survey_summary(ROOT, ROOT / "examples/private", COHORT, "evaluation")
    assert summary is not None and findings == []
    assert summary.responses == 5
    content, trainers, useful, free = summary.questions
    assert (content.average, dict(content.counts)) == (Decimal("4.20"), {"3": 1, "4": 2, "5": 2})  # (5+4+5+3+4)/5
    assert trainers.average == Decimal("4.60")
    assert (useful.average, dict(useful.counts)) == (None, {"Иә": 4, "Ішінара": 1})
    assert (free.answered, free.counts) == (3, ())  # free text is counted, never repeated


def test_c13_summary_json_and_no_free_text() -> None:
    proc = run_ustaz("course", "surveys", "summary", COHORT, "--format", "json", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [s["kind"] for s in data["surveys"]] == ["needs", "evaluation"]
    needs = data["surveys"][0]
    assert needs["responses"] == 6 and needs["questions"][2]["average"] == 2.5  # (2+1+3+4+2+3)/6
    assert "вымышленный ответ" not in proc.stdout


def test_c13_average_rounds_half_up(tmp_path: Path) -> None:
    private = tmp_path / "private"
    path = private / "surveys" / "c1" / "evaluation.csv"
    path.parent.mkdir(parents=True)
    path.write_text("Timestamp,Score,Email Address\nt,1,a@example.org\nt,2,b@example.org\nt,2,\nt,2,\n"
                    "t,2,\nt,2,\nt,2,\nt,2,\n", encoding="utf-8")
    summary, _ = survey_summary(tmp_path, private, "c1", "evaluation")
    assert summary is not None
    assert summary.questions[0].average == Decimal("1.88")  # 15/8 = 1.875 → 1.88
    assert summary.questions[1].answered == 2 and summary.questions[1].counts == ()  # e-mails never shown


def test_c13_import_validates_and_refuses_shrinking_exports(project: Path, tmp_path: Path) -> None:
    good = tmp_path / "needs.csv"
    good.write_text("Отметка времени,Оцените подготовку (1–5),Комментарий\n"
                    "2026/11/30 9:00:00,3,нет\n2026/11/30 9:01:00,4,\n2026/11/30 9:02:00,5,\n", encoding="utf-8")
    proc = run_ustaz("course", "surveys", "import", "2026-rb-ru-01", "needs", str(good), cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / SAVED).read_text(encoding="utf-8") == good.read_text(encoding="utf-8")
    smaller = tmp_path / "older.csv"
    smaller.write_text("Отметка времени,Оцените подготовку (1–5),Комментарий\n2026/11/30 9:00:00,3,нет\n",
                       encoding="utf-8")
    proc = run_ustaz("course", "surveys", "import", "2026-rb-ru-01", "needs", str(smaller), cwd=project)
    assert proc.returncode == 2 and "cumulative" in proc.stderr
    assert (project / SAVED).read_text(encoding="utf-8") == good.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Score\nX,1\n", encoding="utf-8")
    proc = run_ustaz("course", "surveys", "import", "2026-rb-ru-01", "evaluation", str(bad), cwd=project)
    assert proc.returncode == 1 and f"{bad.as_posix()}:1: error survey-file:" in proc.stderr
    assert not (project / "examples/private/surveys/2026-rb-ru-01/evaluation.csv").exists()


def test_c13_check_reports_misplaced_and_missing_surveys(project: Path) -> None:
    base = project / "examples/private/surveys"
    (base / "2026-rb-kk-01" / "evaluation.csv").unlink()
    (base / "2026-rb-kk-01" / "final.csv").write_text("Timestamp,Q\nt,1\n", encoding="utf-8")
    (base / "2099-none").mkdir()
    (base / "2099-none" / "needs.csv").write_text("Timestamp,Q\nt,1\nt\n", encoding="utf-8")
    proc = run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=project)
    found = {(f["code"], f["path"], f["line"]) for f in json.loads(proc.stdout)["findings"]}
    assert {("survey-missing", "data/schedule/2026.csv", 2),
            ("survey-place", "examples/private/surveys/2026-rb-kk-01/final.csv", None),
            ("survey-place", "examples/private/surveys/2099-none/needs.csv", None),
            ("table-row", "examples/private/surveys/2099-none/needs.csv", 3)} <= found


def test_c13_all_summaries_for_monitoring() -> None:
    import datetime as dt

    from ustaz.checks import Context
    from ustaz.courses.surveys import survey_summaries
    from ustaz.project import Project

    ctx = Context(project=Project.load(ROOT), today=dt.date(2026, 11, 23))
    summaries, findings = survey_summaries(ctx)
    assert findings == []
    assert [(s.cohort, s.kind, s.responses) for s in summaries] == [(COHORT, "evaluation", 5), (COHORT, "needs", 6)]


@pytest.mark.parametrize(("text", "expected"), [
    ("", ("survey-file", 1)),
    ("Name,Score\nX,1\n", ("survey-file", 1)),
    ("Timestamp,Q1,Q1\n2026/11/30 9:00:00,4,5\n\n2026/11/30 9:05:00,3\n", ("table-row", 4)),
    ('Timestamp,Q\n2026/11/30 9:00:00,"two\nlines"\n2026/11/30 9:01:00\n', ("table-row", 4)),
    # a cell past the csv module's field limit (ustaz.tables raises it to 1 MiB for the whole process)
    ("Timestamp,Q\n2026/11/30 9:00:00,1\n2026/11/30 9:01:00," + "x" * (2 << 20) + "\n", ("table-row", 3)),
])
def test_c13_a_form_export_is_read_by_the_one_table_reader(text: str, expected: tuple[str, int]) -> None:
    """Every kind of bad export gives its finding at its line (a quoted cell over two lines moves the next row's
    line on); the good rows are kept, keyed by position, so two questions with one title stay apart."""
    import csv

    from ustaz.courses.surveys import parse_export

    # the csv module's field limit is the process's: ustaz.tables sets 1 MiB, frictionless's CSV parser (run by
    # other tests in this process) sets the largest there is; the CSV-error case needs ustaz's own
    limit = csv.field_size_limit(1 << 20)
    try:
        questions, rows, findings = parse_export(text, "s.csv")
    finally:
        csv.field_size_limit(limit)
    assert [(f.code, f.line) for f in findings] == [expected]
    if expected[0] == "table-row" and "Q1,Q1" in text:
        assert questions == ["Q1", "Q1"] and [(r.line, r["1"], r["2"]) for r in rows] == [(2, "4", "5")]
