"""The site offers each program's .docx (P-7) for download.

After the build, every program text that prints without errors is written to
``programs/<id>/<id>.<lang>.docx`` in the built site, and the program's pages link to it (``@program_link``).
A text with errors gets neither file nor link (``ustaz check`` reports why), so a page never links to a
document that does not exist. A text whose inputs did not change since the last build is taken from the
project's document cache (``ustaz.documents.cache``) instead of being printed again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ...vocab import LANGUAGE_NAMES, name_in
from ...writefile import write_atomic
from ..extensions import ProgramLink, post_build, program_link

if TYPE_CHECKING:
    from ...documents.cache import DocumentCache
    from ...model.program import Program
    from ...workspace import Workspace

log = logging.getLogger("mkdocs.plugins.ustaz.documents")

DOWNLOAD = {"kk": "Бағдарламаны жүктеу (.docx)", "ru": "Скачать программу (.docx)",
            "ky": "Программаны жүктөп алуу (.docx)", "en": "Download the program (.docx)"}


def docx_path(program_id: str, lang: str) -> str:
    """Where the .docx of a program text lies in the built site (relative to the site root)."""
    return f"programs/{program_id}/{program_id}.{lang}.docx"


def printable(ctx: Workspace) -> frozenset[tuple[str, str]]:
    """(program id, language) of every program text that prints without errors (`Workspace.printable`: computed
    once per build)."""
    return ctx.printable


@program_link
def program_docx_links(ctx: Workspace, program: Program, lang: str) -> Iterator[ProgramLink]:
    """The page's own language first, then the program's other languages, each named."""
    ready = printable(ctx)
    langs = [code for code in (lang, *program.languages) if (program.id, code) in ready]
    several = len(set(langs)) > 1
    for code in dict.fromkeys(langs):
        text = DOWNLOAD.get(lang, DOWNLOAD["en"])
        if several:
            text = text.replace(".docx)", f".docx, {name_in(LANGUAGE_NAMES, code, lang).lower()})")
        yield ProgramLink(text=text, path=docx_path(program.id, code))


@post_build
def program_documents(ctx: Workspace, site_dir: Path) -> None:
    from ...documents.cache import DocumentCache

    cache = DocumentCache.for_project(ctx.project.root)
    for program_id, lang in sorted(printable(ctx)):
        write_atomic(site_dir / docx_path(program_id, lang), _document(ctx, cache, program_id, lang))
    if cache is None:
        log.info("ustaz: wrote %d program document(s) (.docx)", len(printable(ctx)))
        return
    cache.prune()
    log.info("ustaz: wrote %d program document(s) (.docx), %d unchanged from %s", len(printable(ctx)), cache.hits,
             cache.folder)


def _document(ctx: Workspace, cache: DocumentCache | None, program_id: str, lang: str) -> bytes:
    """The program text's .docx: from the cache when its inputs are unchanged, else printed (and cached)."""
    from ...documents.cache import DocumentCache
    from ...documents.program import build_program

    key = None
    if cache is not None:
        bundle = ctx.project.bundle(program_id)
        assert bundle is not None  # printable() lists loaded programs only
        key = DocumentCache.key(ctx.project.root / bundle.folder, ctx.project.policy.as_mapping(), lang)
        content = cache.get(key)
        if content is not None:
            return content
    built = build_program(ctx.project, program_id, lang)
    if built.content is None:  # cannot happen for a printable text; never link to nothing
        raise RuntimeError(f"{program_id} ({lang}) was printable but did not print: {built.findings}")
    if cache is not None and key is not None:
        cache.put(key, built.content)
    return built.content
