"""Extension points of the site, so each capability adds its pages without touching the plugin.

A module in ``ustaz/site/contrib/`` registers page generators (Markdown pages added to the build, per
language) and post-build hooks (files written into the built site, e.g. the certificate lookup data).
The plugin imports every module of ``contrib`` and calls what they registered.

The API, as the ``ustaz`` mkdocs plugin (``ustaz/site/run.py``) calls it on every build:

``@page_generator`` — ``fn(ctx: Workspace) -> Iterable[GeneratedPage]``
    Called once per build, after the model is loaded (``ctx.project``, ``ctx.policy``, ``ctx.today`` is
    the build's date, ``ctx.deadlines`` the deadline list). Return one page per language you publish:
    the languages are ``ctx.policy.languages``; the first is the default and has **no prefix**
    (``verify/index.md``), the others live under their code (``ru/verify/index.md``). ``content`` is
    Markdown rendered by mkdocs like a hand-written page, with raw HTML off (safe_markdown.py): text from
    user files shows as text whatever it holds, but escape it anyway (``markdown.md_text``) so it cannot
    start a table cell, a link or a heading. ``html`` is HTML of the contribution's own (a form, its
    script), added after the rendered Markdown as it is: never put data from a file in it unescaped.
    ``title`` is the nav title, plain text (empty: the page's first heading). Each ``.md`` page is listed in the nav section of its ``lang``,
    after the hand-written pages; other paths (``.json``, ``.js``) are copied as files. A path that is
    already generated or written in ``content/`` stops the build with an error naming it.

``@post_build`` — ``fn(ctx: Workspace, site_dir: Path) -> None``
    Called after mkdocs wrote the site; write extra files under ``site_dir`` (e.g. encrypted lookup
    records). Raise only for a bug: bad input should have been a finding of ``ustaz check``.

``@program_link`` — ``fn(ctx: Workspace, program: Program, lang: str) -> Iterable[ProgramLink]``
    Called for each program page of the main branch (not for pull-request drafts), in the page's
    language. Each ``ProgramLink(text=…, path=…)`` is shown among the page's actions (next to «Print»);
    ``path`` is relative to the site root (``programs/<id>/<id>.kk.docx``) and the page links to it
    relatively; ``download=True`` marks a file to save. Yield a link only to a file your ``@post_build``
    writes, so a page never links to nothing (ustaz/site/contrib/documents.py offers the program .docx).

Pages must not load anything from another host (a test checks every built page) and must not hold
personal data.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.program import Program
    from ..workspace import Workspace


@dataclass(frozen=True, kw_only=True)
class GeneratedPage:
    path: str  # docs-relative path, e.g. "ru/networks/index.md" (the default language has no prefix)
    content: str  # Markdown, rendered with raw HTML off; for other paths the file's text
    lang: str
    title: str = ""  # plain text
    html: str = ""  # the page's own HTML after the Markdown (code, never data): see the module doc


@dataclass(frozen=True, kw_only=True)
class ProgramLink:
    text: str  # shown on the program page, in the page's language
    path: str  # target relative to the site root, e.g. "programs/x/x.kk.docx"
    download: bool = True


PageGenerator = Callable[["Workspace"], Iterable[GeneratedPage]]
PostBuild = Callable[["Workspace", Path], None]

ProgramLinks = Callable[["Workspace", "Program", str], Iterable[ProgramLink]]

PAGE_GENERATORS: list[PageGenerator] = []
PROGRAM_LINKS: list[ProgramLinks] = []
POST_BUILD: list[PostBuild] = []


def page_generator(fn: PageGenerator) -> PageGenerator:
    PAGE_GENERATORS.append(fn)
    return fn


def program_link(fn: ProgramLinks) -> ProgramLinks:
    PROGRAM_LINKS.append(fn)
    return fn


def post_build(fn: PostBuild) -> PostBuild:
    POST_BUILD.append(fn)
    return fn


def load_contrib() -> None:
    from . import contrib

    for info in sorted(pkgutil.iter_modules(contrib.__path__), key=lambda i: i.name):
        importlib.import_module(f"{contrib.__name__}.{info.name}")
