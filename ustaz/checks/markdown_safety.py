"""Markdown may hold no raw HTML and no script-capable links — program texts and the site's hand-written
pages (content/) alike: the site must never run them. Nothing under content/ or overrides/ may be a symlink:
the site would publish its target (a file outside the repository, the private tree's listeners)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..model.document import ProgramText, Unsafe
from ..sourcefile import ACTIVE_SUFFIXES, read_text
from . import Context, check

RAW_HTML = define("raw-html", "Program Markdown or a site page (content/) contains raw HTML.")
UNSAFE_LINK = define("unsafe-link", "A link uses a javascript:, vbscript:, data: or file: address.")
CONTENT_SYMLINK = define("content-symlink", "A file or folder under content/ or overrides/ is a symlink.")
CONTENT_ACTIVE_FILE = define("content-active-file",
                             "A file under content/ is one a browser runs script from (HTML, SVG, XML, JavaScript).")

SITE_FOLDERS = ("content", "overrides")  # what the site build copies or renders as it is
# content/ holds Markdown and what the pages link (reports, images, documents); ACTIVE_SUFFIXES (sourcefile.py):
# files a browser runs script from, which the build leaves out too (ustaz/site/publish.py)


def _unsafe(path: str, unsafe: tuple[Unsafe, ...]) -> Iterator[Finding]:
    for u in unsafe:
        if u.what == "html":
            yield error(path, u.line, RAW_HTML, t("raw HTML is not allowed ({snippet!r}); write it in Markdown", snippet=u.snippet))
        else:
            yield error(path, u.line, UNSAFE_LINK,
                        t("the link {snippet!r} is not allowed; link to an http(s) address", snippet=u.snippet))


@check(scope=("programs",))
def markdown_safety(ctx: Context) -> Iterator[Finding]:
    for bundle in ctx.project.programs:
        for doc in bundle.texts.values():
            yield from _unsafe(doc.path, doc.unsafe)


def _site_files(folder: Path) -> Iterator[Path]:
    """Every entry below `folder`, sorted; a symlinked folder is yielded, not entered."""
    for path in sorted(folder.iterdir()):
        yield path
        if path.is_dir() and not path.is_symlink():
            yield from _site_files(path)


@check(scope=SITE_FOLDERS)
def site_files(ctx: Context) -> Iterator[Finding]:
    """content/*.md is held to the programs' rules; a symlink under content/ or overrides/ is reported and
    never read (the build leaves it out: ustaz/site/publish.py)."""
    for name in SITE_FOLDERS:
        folder = ctx.root / name
        if folder.is_symlink():
            yield error(name, None, CONTENT_SYMLINK, t("{name}/ is a symlink; make it a folder of the repository", name=name))
            continue
        if not folder.is_dir():
            continue
        for path in _site_files(folder):
            shown = path.relative_to(ctx.root).as_posix()  # not resolved: a symlink is named as it is
            if path.is_symlink():
                yield error(shown, None, CONTENT_SYMLINK,
                            t("a symlink is not published (its target may lie outside the repository); commit the file itself"))
            elif name == "content" and path.suffix.lower() in ACTIVE_SUFFIXES and path.is_file():
                yield error(shown, None, CONTENT_ACTIVE_FILE,
                            t("a {suffix} file can run script on the site and is not published; write the page in Markdown (or link the file from another host)", suffix=path.suffix))
            elif name == "content" and path.suffix == ".md" and path.is_file():
                text, findings = read_text(path, shown)
                yield from findings
                if text is not None:
                    yield from _unsafe(shown, ProgramText.parse(text, shown, "").unsafe)
