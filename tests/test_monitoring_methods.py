"""M-3: each monitoring study records its methods (questionnaire, rating, statistical processing, study of
documents and products, interpretation); the check asks for them and the report shows them, in HTML and
.docx, in the report's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_ustaz
from docx import Document

from ustaz.vocab import MONITORING_METHOD_NAMES, MonitoringMethod

SURVEY = "examples/private/monitoring/2026-impact/survey.yml"
ALL = "[questionnaire, rating, statistics, documents-and-products, interpretation]"


def _set_methods(project: Path, value: str | None) -> None:
    path = project / SURVEY
    text = path.read_text(encoding="utf-8")
    assert f"methods: {ALL}\n" in text
    path.write_text(text.replace(f"methods: {ALL}\n", "" if value is None else f"methods: {value}\n"),
                    encoding="utf-8")


def _findings(project: Path) -> list[str]:
    out = run_ustaz("check", "--today", "2026-11-23", SURVEY, cwd=project).stdout
    return [line for line in out.splitlines() if "methods" in line.split(": ", 2)[-1] or "-methods:" in line]


def test_m3_every_method_of_the_regulation_is_a_vocabulary_value_with_names() -> None:
    assert [m.value for m in MonitoringMethod] == ["questionnaire", "rating", "statistics", "documents-and-products",
                                                  "interpretation"]
    for m in MonitoringMethod:
        assert set(MONITORING_METHOD_NAMES[m.value]) >= {"kk", "ru", "ky", "en"}


def test_m3_the_shipped_study_records_all_five_methods(project: Path) -> None:
    assert _findings(project) == []


@pytest.mark.parametrize(("value", "expected"), [
    (None, ["warning"]), ("[]", ["warning"]), ("[questionnaire, guessing]", ["error"]),
    ("[rating, rating]", ["error"]), ("questionnaire", ["error"])])
def test_m3_missing_or_unknown_methods(project: Path, value: str | None, expected: list[str]) -> None:
    _set_methods(project, value)
    found = _findings(project)
    assert [line.split(": ")[1].split()[0] for line in found] == expected, found


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_m3_the_report_shows_the_methods(project: Path, tmp_path: Path, lang: str) -> None:
    _set_methods(project, "[questionnaire, statistics, interpretation]")
    out = tmp_path / lang
    done = run_ustaz("monitoring", "report", "2026-impact", "--out", str(out), "--lang", lang, "--date", "2026-11-23",
                     cwd=project)
    assert done.returncode == 0, done.stderr
    names = [MONITORING_METHOD_NAMES[m][lang] for m in ("questionnaire", "statistics", "interpretation")]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ", ".join(names) in html
    assert MONITORING_METHOD_NAMES["rating"][lang] not in html.split("class=methods")[1].split("</p>")[0]
    docx = "\n".join(p.text for p in Document(str(out / "report.docx")).paragraphs)
    assert ", ".join(names) in docx
