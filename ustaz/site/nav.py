"""The nav: one section per language (the default first), each with the catalogue, drafts and schedule,
the hand-written pages of that language, the pages of contrib generators and a Reference subtree."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from .builder import SitePage
from .languages import SiteLanguages, label

T = TypeVar("T")
NavItem = Any  # str | dict[str, str | list[NavItem]] as mkdocs.yml `nav` takes it
CONTENT_ORDER = ("rules.md", "propose.md", "comment.md")
REFERENCE = "reference/"
# Program, discussion and pull-request pages are reached from the catalogue and the drafts page, not
# from the nav: a nav of every program would be rendered into every page (O(pages²) build time).
NAV_GROUPS = ("home", "catalogue", "drafts", "schedule")


def entry(title: str | None, path: str) -> NavItem:
    # mkdocs renders nav titles as HTML: titles that come from program files are escaped
    return {html.escape(title, quote=False): path} if title else path


def build_nav(languages: SiteLanguages, generated: Iterable[SitePage], content_pages: Iterable[str],
              extra_pages: Iterable[tuple[str, str, str]]) -> list[NavItem]:
    """generated: our pages; content_pages: docs paths of hand-written pages; extra_pages: (lang, path, title)
    from contrib page generators."""
    by_lang: dict[str, list[SitePage]] = {code: [] for code in languages.codes}
    for page in generated:
        by_lang.setdefault(page.lang, []).append(page)
    content: dict[str, list[str]] = {code: [] for code in languages.codes}
    for path in content_pages:
        content.setdefault(languages.of(path), []).append(path)
    extras: dict[str, list[tuple[str, str]]] = {code: [] for code in languages.codes}
    for lang, path, title in extra_pages:
        extras.setdefault(lang if lang in languages.codes else languages.default, []).append((path, title))
    nav: list[NavItem] = []
    for lang in languages.codes:
        prefix = languages.prefix(lang)
        pages = by_lang.get(lang, [])
        group = {g: [p for p in pages if p.nav_group == g] for g in NAV_GROUPS}
        items: list[NavItem] = []
        own = sorted(content.get(lang, []))
        home = f"{prefix}index.md"
        if home in own:
            items.append(entry(label(lang, "home"), home))
        for g in NAV_GROUPS:
            items.extend(entry(label(lang, g), p.src_uri) for p in group[g])
        rest = [p for p in own if p != home and not p[len(prefix):].startswith(REFERENCE)]
        rest.sort(key=lambda p: (CONTENT_ORDER.index(p[len(prefix):]) if p[len(prefix):] in CONTENT_ORDER
                                 else len(CONTENT_ORDER), p))
        items.extend(rest)
        items.extend(contributed(extras.get(lang, []), prefix))
        reference = [p[len(prefix) + len(REFERENCE):] for p in own if p[len(prefix):].startswith(REFERENCE)]
        if reference:
            items.append({"Reference": tree(reference, f"{prefix}{REFERENCE}")})
        nav.append({nav_section_title(lang): items})
    return nav


def contributed(pages: list[tuple[str, str]], prefix: str) -> list[NavItem]:
    """Contributed pages (path, title): the pages of one folder (networks/index.md and a page per network)
    form one section titled by the folder's index page, so a dozen networks do not crowd the top level."""
    folders: dict[str, list[tuple[str, str]]] = {}
    for path, title in sorted(pages):
        rest = path.removeprefix(prefix)
        folders.setdefault(rest.split("/", 1)[0] if "/" in rest else rest, []).append((path, title))
    items: list[NavItem] = []
    for group in folders.values():
        index = next(((p, t) for p, t in group if p.endswith("/index.md")), None)
        if len(group) < 2 or index is None:
            items.extend(entry(title, path) for path, title in group)
            continue
        ordered = [index, *((p, t) for p, t in group if p != index[0])]
        items.append({html.escape(index[1], quote=False): [entry(title, path) for path, title in ordered]})
    return items


def nav_section_title(lang: str) -> str:
    """The title of a language's nav section (overrides/partials/nav.html shows only the page's own)."""
    return html.escape(label(lang, "language_section"), quote=False)


def nav_ancestor(src_uri: str, listed: Mapping[str, T]) -> T | None:
    """The nearest page the nav lists above a page it does not list: for `ru/programs/x/discussion.md`
    `ru/programs/x/index.md`, `ru/programs/x.md`, then `ru/programs/index.md`, `ru/programs.md`, …"""
    folder = posixpath.dirname(src_uri)
    while folder:
        for candidate in (f"{folder}/index.md", f"{folder}.md"):
            if candidate != src_uri and candidate in listed:
                return listed[candidate]
        folder = posixpath.dirname(folder)
    return None


def tree(paths: list[str], base: str) -> list[NavItem]:
    """A nav subtree from relative paths: files first (index first), then one section per folder."""
    files = sorted((p for p in paths if "/" not in p), key=lambda p: (p != "index.md", p))
    folders: dict[str, list[str]] = {}
    for p in paths:
        if "/" in p:
            head, rest = p.split("/", 1)
            folders.setdefault(head, []).append(rest)
    items: list[NavItem] = [posixpath.join(base, f) for f in files]
    for name in sorted(folders):
        items.append({name.replace("-", " ").capitalize(): tree(folders[name], f"{base}{name}/")})
    return items
