"""Templates of every document exist for every language of the presets (kk, ru, ky, en) and print cleanly:
no template syntax left in the text, nothing the document format cannot hold (P-7, P-8, C-3, C-15, C-19)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from ustaz.checks import Context
from ustaz.documents import courses
from ustaz.documents.package import build_package
from ustaz.documents.templates import find_template
from ustaz.project import Project

NAMES = ("cover-letter", "admission-lists", "results-sheet", "expulsion-notice")
LANGS = ("kk", "ru", "ky", "en")
MADE = dt.date(2026, 10, 21)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_builtin_template_for_every_language(name: str, lang: str, tmp_path: Path) -> None:
    template, findings = find_template(tmp_path, name, lang)
    assert template is not None and not findings
    assert template.lang == lang, f"{name} falls back to {template.lang} for {lang}"


def _text(content: bytes | None) -> str:
    assert content is not None
    d = docx.Document(io.BytesIO(content))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


@pytest.mark.parametrize("lang", LANGS)
def test_every_document_prints_cleanly(project: Path, lang: str) -> None:
    ctx = Context(project=Project.load(project, project / "examples" / "private"), today=MADE)
    built = {
        "cover-letter": build_package(ctx.project, "robotics-basics", lang, MADE),
        "admission-lists": courses.admission_lists(ctx, "2026-rb-kk-01", lang, MADE).built,
        "results-sheet": courses.results_sheet(ctx, "2026-rb-kk-01", lang, MADE).built,
    }
    notices, _ = courses.expulsion_notices(ctx, "2026-rb-kk-01", lang, MADE)
    assert [n.name for n in notices] == ["expulsion-notice-L06"]
    texts = {
        "cover-letter": _text(built["cover-letter"].files[f"01-cover-letter.{lang}.docx"]),  # type: ignore[arg-type]
        "admission-lists": _text(built["admission-lists"].content),  # type: ignore[union-attr]
        "results-sheet": _text(built["results-sheet"].content),  # type: ignore[union-attr]
        "expulsion-notice": _text(notices[0].built.content),
    }
    for name, text in texts.items():
        assert "{{" not in text and "{%" not in text and "\\" not in text, name
        assert "21.10.2026" in text or name in ("admission-lists", "results-sheet"), name
    findings = [*built["cover-letter"].findings, *built["admission-lists"].findings,  # type: ignore[union-attr]
                *built["results-sheet"].findings, *notices[0].built.findings]  # type: ignore[union-attr]
    assert not [f for f in findings if f.code.startswith(("docx-", "template-"))], findings
    assert "45-к" in texts["expulsion-notice"] and "09.10.2026" in texts["expulsion-notice"]
    assert "https://github.com/example-centre/ustaz/pull/12" in texts["cover-letter"]
