"""Stray survey answers (issue 23, M-4, M-5): answers from outside the sample or without a teacher code are
counted apart and never raise the response rate above 100%, in the command, the council's report and the
public page."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import run_ustaz

from ustaz.project import Project
from ustaz.support.site_pages import published_surveys

RUN = Path("examples/private/monitoring/2026-impact")  # 11 answers of 14 invited


def _add_stray(project: Path, outsiders: int, without_code: int) -> list[str]:
    export = project / RUN / "responses.csv"
    with (project / RUN / "sample.csv").open(encoding="utf-8", newline="") as fh:
        asked = {v for r in csv.DictReader(fh) for v in (r["teacher"], r["replacement"]) if v}
    lines = export.read_text(encoding="utf-8").splitlines()
    template = lines[1].split(",")
    extra = []
    for i in range(outsiders + without_code):
        row = list(template)
        row[1] = next(f"t-9{n:03d}" for n in range(i, 1000) if f"t-9{n:03d}" not in asked) if i < outsiders else ""
        extra.append(",".join(row))
    export.write_text("\r\n".join([*lines, *extra]) + "\r\n", encoding="utf-8")
    return extra


def test_m5_stray_answers_are_counted_apart_and_the_rate_stays_at_most_100(project: Path, tmp_path: Path) -> None:
    before = json.loads(run_ustaz("monitoring", "survey", "2026-impact", "--format", "json", cwd=project).stdout)
    (program,) = before["programs"]
    answered, invited = program["responses"], program["invited"]
    assert (answered, program["outside_sample"]) == (11, 0) and invited == 14
    _add_stray(project, outsiders=3, without_code=2)  # 16 answers in the export for 14 invited
    after = json.loads(run_ustaz("monitoring", "survey", "2026-impact", "--format", "json", cwd=project).stdout)
    (program,) = after["programs"]
    assert (program["responses"], program["outside_sample"]) == (answered, 5)
    assert program["response_rate"] == round(answered / invited, 4) <= 1
    for q in program["questions"]:  # the averages are the sample's
        assert q["answered"] <= answered
    text = run_ustaz("monitoring", "survey", "2026-impact", cwd=project)
    assert f"{answered} response(s) of {invited} invited (79%), 5 more outside the sample" in text.stdout
    assert text.stderr.count("impact-survey-unsampled") == 5 and "no teacher code" in text.stderr
    # the council's report and the site's page show the same numbers
    report = run_ustaz("monitoring", "report", "2026-impact", "--out", str(tmp_path / "r"), "--lang", "en",
                       cwd=project)
    assert report.returncode == 0, report.stderr
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "79%" in html and "114%" not in html
    assert run_ustaz("publish", "aggregates", cwd=project).returncode == 0
    [public] = published_surveys(Project.load(project, public_only=True), "en")
    assert all(p.response_rate is None or p.response_rate <= 1 for p in public.stats)


def test_m5_the_rate_never_exceeds_100_even_without_a_sample(project: Path) -> None:
    survey = project / RUN / "survey.yml"
    text = survey.read_text(encoding="utf-8")
    survey.write_text(text.replace("sample: sample.csv\npopulation: ../population.csv\n", "")
                      + "invited: {robotics-basics: 9}\n", encoding="utf-8")
    stats = json.loads(run_ustaz("monitoring", "survey", "2026-impact", "--format", "json", cwd=project).stdout)
    (program,) = stats["programs"]
    assert program["responses"] == 11 and program["invited"] == 9 and program["response_rate"] == 1.0
