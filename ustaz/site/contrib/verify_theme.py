"""The lookup page's own cut of the theme's stylesheet (#18: the verify page on a slow phone).

Material's main stylesheet (137 KB, 23 KB gzipped) styles every component the theme has: search, tabs, code,
admonitions, tables. A QR scan on a slow phone waits for all of it before the first paint, and the page's inline
theme scripts wait for it before the parser goes on. After the build, the rules whose classes the /verify/ pages
(every language) never use are left out, and the rest is written to verify/theme.css, which the page shell
(ustaz/site/theme/ustaz-verify.html) loads instead. The page runs no theme script, so no class appears later that the
HTML does not already hold; the lookup's own elements are styled by verify.css.

The cut is conservative: a rule stays unless one of its selectors' classes is missing from the pages (classes
inside :not(), :is(), :where() and :has() count as present), at-rules without selectors (@font-face, @keyframes)
stay whole, and @media / @supports blocks are cut the same way inside. Then the custom properties (the theme's
colours and its icons as data: URLs) that nothing left uses through var() are dropped too.

Then each verify page is made one request (ustaz-verify/4): the lookup's script for the page's language
(certificates.verify_script) takes the template's marker, first in the head, so a QR link's code starts the data
requests before the styles and the body have arrived; and the page's other small stylesheets (ustaz.css,
verify.css) follow the cut in verify/theme.css, so the page links one stylesheet. (Written into the page as
<style>, they would save one more round trip, about 0.4 s on the slow profile, but the Nu HTML checker's CSS
validator rejects Material's modern CSS — scrollbar-color, :has() — inside a page; bench/RESULTS.md.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from ...certificates import signing
from ...workspace import Workspace
from ..extensions import post_build
from .certificates import VERIFY_DIR, verify_script

THEME_CSS = "theme.css"  # verify/theme.css, linked by ustaz/site/theme/ustaz-verify.html
_MAIN_CSS = "assets/stylesheets/main.*.min.css"
_NESTED = ("@media", "@supports", "@container", "@layer")
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'')
_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")


class CssError(ValueError):
    """The stylesheet does not parse as plain nested blocks (unbalanced braces or an unclosed string)."""


def blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs; body None for a statement such as @import or @charset."""
    out: list[tuple[str, str | None]] = []
    i, start, n = 0, 0, len(css)
    while i < n:
        ch = css[i]
        if ch in "\"'":
            i = _string_end(css, i)
            continue
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            if end < 0:
                raise CssError("an unclosed comment")
            i = end + 2
            continue
        if ch == ";":
            out.append((css[start:i].strip(), None))
            i += 1
            start = i
        elif ch == "{":
            end = _block_end(css, i)
            out.append((css[start:i].strip(), css[i + 1:end]))
            i = end + 1
            start = i
        elif ch == "}":
            raise CssError("a '}' with no block open")
        else:
            i += 1
    if css[start:].strip():
        out.append((css[start:].strip(), None))
    return out


def _string_end(css: str, i: int) -> int:
    quote, j = css[i], i + 1
    while j < len(css):
        if css[j] == "\\":
            j += 2
        elif css[j] == quote:
            return j + 1
        else:
            j += 1
    raise CssError("an unclosed string")


def _outside_strings(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(index, character) of `text` from `start`, strings ("…", '…') passed over whole."""
    i = start
    while i < len(text):
        if text[i] in "\"'":
            i = _string_end(text, i)
            continue
        yield i, text[i]
        i += 1


def _block_end(css: str, i: int) -> int:
    """The index of the '}' that closes the '{' at i."""
    depth = 0
    for j, ch in _outside_strings(css, i):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return j
    raise CssError("a '{' that is never closed")


def _split(text: str, sep: str) -> list[str]:
    """`text` split at each `sep` outside strings, parentheses and brackets (a data: URL holds ';' and ',')."""
    parts, depth, start = [], 0, 0
    for i, ch in _outside_strings(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part for part in parts if part.strip()]


def _selectors(prelude: str) -> list[str]:
    return [part.strip() for part in _split(prelude, ",")]


def _required_classes(selector: str) -> set[str]:
    """The classes an element chain must carry for the selector to match (alternatives inside :is() etc. and
    negations inside :not() require nothing, so they are left out)."""
    text = _STRING.sub('""', selector)
    text = re.sub(r"\[[^\]]*\]", "", text)
    out, i = [], 0
    for m in _FUNCTIONAL.finditer(text):
        if m.start() < i:
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        out.append(text[i:m.start()])
        i = j
    out.append(text[i:])
    return set(_CLASS.findall(" ".join(out)))


def cut(css: str, used: set[str]) -> str:
    """`css` without the rules that no element carrying only the `used` classes can match."""
    kept: list[str] = []
    for prelude, body in blocks(css):
        if body is None:
            kept.append(prelude + ";")
        elif prelude.startswith("@"):
            if prelude.split("(", 1)[0].split(" ", 1)[0].lower() in _NESTED:
                inner = cut(body, used)
                if inner:
                    kept.append(prelude + "{" + inner + "}")
            else:
                kept.append(prelude + "{" + body + "}")  # @font-face, @keyframes, @property, @page: whole
        else:
            selectors = [s for s in _selectors(prelude) if _required_classes(s) <= used]
            if selectors:
                kept.append(",".join(selectors) + "{" + body + "}")
    return "".join(kept)


def _declarations(body: str) -> list[str]:
    return _split(body, ";")


_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_CUSTOM = re.compile(r"^\s*(--[\w-]+)\s*:")


def _without_custom(css: str, unused: set[str]) -> str:
    kept: list[str] = []
    for prelude, body in blocks(css):
        if body is None:
            kept.append(prelude + ";")
        elif prelude.startswith("@") and prelude.split("(", 1)[0].split(" ", 1)[0].lower() in _NESTED:
            inner = _without_custom(body, unused)
            if inner:
                kept.append(prelude + "{" + inner + "}")
        elif prelude.startswith("@"):
            kept.append(prelude + "{" + body + "}")
        else:
            decls = [d for d in _declarations(body) if (m := _CUSTOM.match(d)) is None or m.group(1) not in unused]
            if decls:
                kept.append(prelude + "{" + ";".join(decls) + "}")
    return "".join(kept)


def prune_custom_properties(css: str, readers: str = "") -> str:
    """`css` without the custom properties (--name: …) that no var() reads, in it or in `readers` (the page's other
    stylesheets and its HTML), until none is left unread."""
    outside = set(_VAR.findall(readers))
    while True:
        defined = {m.group(1) for _, body in _rules(css) for d in _declarations(body) if (m := _CUSTOM.match(d))}
        unused = defined - set(_VAR.findall(css)) - outside
        if not unused:
            return css
        css = _without_custom(css, unused)


def _rules(css: str) -> list[tuple[str, str]]:
    """Every style rule, inside @media and @supports blocks too, as (selectors, body)."""
    out: list[tuple[str, str]] = []
    for prelude, body in blocks(css):
        if body is None:
            continue
        if prelude.startswith("@"):
            if prelude.split("(", 1)[0].split(" ", 1)[0].lower() in _NESTED:
                out += _rules(body)
        else:
            out.append((prelude, body))
    return out


def classes_of(html: str) -> set[str]:
    return {name for value in _CLASS_ATTR.findall(html) for name in value.split()}


def verify_pages(site_dir: Path) -> list[Path]:
    """The /verify/ page of every language: verify/index.html and <lang>/verify/index.html."""
    found = [site_dir / VERIFY_DIR / "index.html", *sorted(site_dir.glob(f"*/{VERIFY_DIR}/index.html"))]
    return [p for p in found if p.is_file()]


@post_build
def write_verify_theme(ctx: Workspace, site_dir: Path) -> None:
    from mkdocs.exceptions import PluginError

    sheets = sorted(site_dir.glob(_MAIN_CSS))
    pages = verify_pages(site_dir)
    if not pages:
        return
    if len(sheets) != 1:
        raise PluginError(f"ustaz: the theme's stylesheet {_MAIN_CSS} is not in the site ({len(sheets)} found); "
                          f"the verify page's cut of it cannot be made")
    used: set[str] = set()
    readers = []  # what else may read the theme's custom properties: the pages and the other sheets they load
    for page in pages:
        html = page.read_text(encoding="utf-8")
        used |= classes_of(html)
        readers.append(html)
    readers += [p.read_text(encoding="utf-8") for p in (*site_dir.glob("assets/ustaz/*.css"),
                                                          site_dir / VERIFY_DIR / "verify.css") if p.is_file()]
    try:
        text = prune_custom_properties(cut(sheets[0].read_text(encoding="utf-8"), used), "\n".join(readers))
    except CssError as exc:  # the theme's own file: a new Material release would show here first
        raise PluginError(f"ustaz: {sheets[0].name}: {exc}") from exc
    theme = site_dir / VERIFY_DIR / THEME_CSS
    htmls = {page: page.read_text(encoding="utf-8") for page in pages}
    # the page's other small stylesheets (ustaz.css, verify.css) follow the cut in the same file: one request
    extra = following_sheets(htmls, site_dir, theme)
    theme.write_text(text + "".join("\n" + p.read_text(encoding="utf-8") for p in extra), encoding="utf-8")
    pinned = signing.pinned_key(ctx.root)
    for page, html in htmls.items():
        lang = _LANG.search(html)
        html = with_script(html, verify_script(lang.group(1) if lang else "en", pinned))
        page.write_text(without_sheets(html, page.parent, extra), encoding="utf-8")


_LANG = re.compile(r'<div id="ustaz-verify" data-lang="([a-z]{2,3})"')
SCRIPT_MARKER = "<!--ustaz-verify-script-->"  # ustaz/site/theme/ustaz-verify.html: where the lookup's script goes
MAX_MERGED = 64 * 1024  # a stylesheet larger than this stays a file of its own
_SHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_RELATIVE_URL = re.compile(r"url\(\s*(?![\"']?(?:data:|https?:|#))")


def with_script(html: str, script: str) -> str:
    """The page with the lookup's script at the template's marker, first in the head (or, where a centre's own
    template has no marker, at the head's end); `</` is escaped so no label can end the script early."""
    tag = "<script>" + script.replace("</", "<\\/") + "</script>"
    if SCRIPT_MARKER in html:
        return html.replace(SCRIPT_MARKER, tag, 1)
    return html.replace("</head>", tag + "</head>", 1)


def _sheets(html: str, page_dir: Path) -> list[Path | None]:
    """The page's stylesheet links in order, each as the site's file it names (None: not a relative link)."""
    out: list[Path | None] = []
    for href in _SHEET.findall(html.split("</head>", 1)[0]):
        plain = not ("//" in href or href.startswith(("/", "data:")) or "?" in href or "#" in href)
        out.append((page_dir / href).resolve() if plain else None)
    return out


def following_sheets(pages: Mapping[Path, str], site_dir: Path, theme: Path) -> list[Path]:
    """The stylesheets every verify page links after the theme's cut, when they can follow it in one file: each
    page links the cut first and then the same small files of this site (no relative url(), which would resolve
    against the other file's folder), and nothing else. Otherwise none: the pages keep their links."""
    root, first = site_dir.resolve(), theme.resolve()
    lists = {tuple(_sheets(html, page.parent)) for page, html in pages.items()}
    if len(lists) != 1:
        return []
    sheets = next(iter(lists))
    if not sheets or sheets[0] != first:
        return []  # a site with a palette links the whole theme: nothing to join
    rest = list(sheets[1:])
    for path in rest:
        if (path is None or not path.is_relative_to(root) or not path.is_file() or path.stat().st_size > MAX_MERGED
                or _RELATIVE_URL.search(path.read_text(encoding="utf-8"))):
            return []
    return [p for p in rest if p is not None]


def without_sheets(html: str, page_dir: Path, gone: list[Path]) -> str:
    """The page without its links to the `gone` stylesheets (their rules are in the theme's file now)."""
    drop = set(gone)

    def keep(m: re.Match[str]) -> str:
        href = m.group(1)
        if "//" in href or href.startswith(("/", "data:")):
            return m.group(0)
        return "" if (page_dir / href).resolve() in drop else m.group(0)

    return _SHEET.sub(keep, html)
