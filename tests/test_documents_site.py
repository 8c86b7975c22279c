"""P-7 on the site: the build writes each printable program text as programs/<id>/<id>.<lang>.docx and the
program pages link to it (relatively, as a download)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from site_fixtures import build, copy_project

from ustaz.checks import Context
from ustaz.project import Project
from ustaz.site.contrib.documents import printable, program_documents, program_docx_links
from ustaz.site.extensions import POST_BUILD, PROGRAM_LINKS


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.downloads: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and "download" in a and a.get("href"):
            self._href = a["href"]

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.downloads.append((self._href, data))
            self._href = None


def test_hooks_are_registered() -> None:
    assert program_documents in POST_BUILD and program_docx_links in PROGRAM_LINKS


def test_site_offers_the_docx_of_every_printable_program(project: Path, tmp_path: Path) -> None:
    """Every program text without errors gets its .docx in the built site; one with errors gets none."""
    md = project / "programs" / "robotics-basics" / "program.kk.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## Глоссарий", "## Сөздік"), encoding="utf-8")
    ctx = Context(project=Project.load(project), today=dt.date(2026, 11, 23))
    site = tmp_path / "site"
    program_documents(ctx, site)
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.docx"))
    assert written == sorted(f"programs/{pid}/{pid}.{lang}.docx" for pid, lang in printable(ctx))
    assert "programs/robotics-basics/robotics-basics.ru.docx" in written
    assert "programs/robotics-basics/robotics-basics.kk.docx" not in written  # its text has an error
    assert len(written) == sum(len(b.program.languages) for b in ctx.project.programs if b.program) - 1
    d = docx.Document(str(site / "programs/robotics-basics/robotics-basics.ru.docx"))
    assert next(p.text for p in d.paragraphs if p.style.name == "Heading 1") == "1. Общие положения"
    # and the page offers only what exists
    program = ctx.project.program_map["robotics-basics"]
    assert [link.path for link in program_docx_links(ctx, program, "kk")] == [
        "programs/robotics-basics/robotics-basics.ru.docx"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("docx-site") / "project")
    site = root / "site"
    build(root, site)
    return site


def test_program_pages_link_to_their_docx(built_site: Path) -> None:
    """Each program page (kk default, ru under ru/) links to the .docx of its texts, and the links resolve."""
    pages = {"kk": built_site / "programs" / "robotics-basics" / "index.html",
             "ru": built_site / "ru" / "programs" / "robotics-basics" / "index.html"}
    for lang, page in pages.items():
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        assert len(parser.downloads) == 2, parser.downloads  # kk and ru texts
        first_href, first_text = parser.downloads[0]
        assert first_href.endswith(f"robotics-basics.{lang}.docx")  # the page's own language first
        assert ".docx" in first_text
        for href, _ in parser.downloads:
            assert not re.match(r"^[a-z]+:|^/", href), "links are relative so the site can move"
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))
            assert target.is_file() and target.is_relative_to(built_site)
            assert docx.Document(str(target)).styles["Normal"].font.name == "Times New Roman"
