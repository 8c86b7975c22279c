"""P-7 on the site: the build writes each printable program text as programs/<id>/<id>.<lang>.docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from ustaz.checks import Context
from ustaz.project import Project
from ustaz.site.contrib.documents import docx_href, printable, program_documents
from ustaz.site.extensions import POST_BUILD


def test_post_build_hook_is_registered() -> None:
    assert program_documents in POST_BUILD


def test_site_offers_the_docx_of_every_printable_program(project: Path, tmp_path: Path) -> None:
    """Every program text without errors gets its .docx in the built site; one with errors gets none."""
    md = project / "programs" / "robotics-basics" / "program.kk.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## Глоссарий", "## Сөздік"), encoding="utf-8")
    ctx = Context(project=Project.load(project), today=dt.date(2026, 11, 23))
    site = tmp_path / "site"
    program_documents(ctx, site)
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.docx"))
    expected = sorted(f"programs/{pid}/{pid}.{lang}.docx" for pid, lang in printable(ctx))
    assert written == expected
    assert "programs/robotics-basics/robotics-basics.ru.docx" in written
    assert "programs/robotics-basics/robotics-basics.kk.docx" not in written  # its text has an error
    assert len(written) == sum(len(b.program.languages) for b in ctx.project.programs if b.program) - 1
    d = docx.Document(str(site / "programs/robotics-basics/robotics-basics.ru.docx"))
    assert next(p.text for p in d.paragraphs if p.style.name == "Heading 1") == "1. Общие положения"


def test_download_links_are_relative_to_the_page() -> None:
    assert docx_href("x", "kk", "programs/x/") == "x.kk.docx"
    assert docx_href("x", "ru", "ru/programs/x/") == "../../../programs/x/x.ru.docx"
    assert docx_href("x", "ru", "ru/programs/x.html") == "../../programs/x/x.ru.docx"
