"""The site offers each program's .docx (P-7) for download.

After the build, every program text that prints without errors is written to
``programs/<id>/<id>.<lang>.docx`` in the built site. Program pages link to it with
``docx_href``; a text with errors gets no file (``ustaz check`` reports why), so a page never links to a
document that does not exist.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from ...writefile import write_atomic
from ..extensions import post_build

if TYPE_CHECKING:
    from ...checks import Context

log = logging.getLogger("mkdocs.plugins.ustaz.documents")


def docx_path(program_id: str, lang: str) -> str:
    """Where the .docx of a program text lies in the built site (relative to the site root)."""
    return f"programs/{program_id}/{program_id}.{lang}.docx"


def docx_href(program_id: str, lang: str, page_url: str) -> str:
    """A relative link to the .docx from the page at site URL ``page_url`` (e.g. 'ru/programs/x/')."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    return posixpath.relpath(docx_path(program_id, lang), base or ".")


def printable(ctx: Context) -> list[tuple[str, str]]:
    """(program id, language) of every program text that prints without errors."""
    from ...documents.program import program_findings

    out = []
    for bundle in ctx.project.programs:
        program = bundle.program
        if program is None:
            continue
        for lang in program.languages:
            text = bundle.texts.get(lang)
            if text is not None and not any(f.is_error for f in program_findings(ctx.project, bundle, text)):
                out.append((program.id, lang))
    return out


@post_build
def program_documents(ctx: Context, site_dir: Path) -> None:
    from ...documents.program import build_program

    written = 0
    for bundle in ctx.project.programs:
        if bundle.program is None:
            continue
        for lang in bundle.program.languages:
            if lang not in bundle.texts:
                continue
            built = build_program(ctx.project, bundle.program.id, lang)
            if built.content is None:  # errors: `ustaz check` names them; the page offers no file
                continue
            write_atomic(site_dir / docx_path(bundle.program.id, lang), built.content)
            written += 1
    log.info("ustaz: wrote %d program document(s) (.docx)", written)
