"""Program Markdown → HTML, safely: markdown-it-py with raw HTML disabled and every link checked.

Program texts come from pull requests, so they are untrusted. Raw HTML (`<script>`, `<img onerror>`)
is rendered as visible text; a link whose scheme is not http(s)/mailto (e.g. `javascript:`) stays
text; images never load (they become links), so no page fetches anything from another host.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

_ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> bool:
    """A link target a program may use: relative, #anchor, http(s) or mailto."""
    squeezed = _CONTROL.sub("", unquote(html.unescape(url))).lower()  # browsers ignore tabs/newlines inside 'java\tscript:'
    if not _SCHEME.match(squeezed):
        return not squeezed.startswith("//")  # protocol-relative URLs point at another host
    return squeezed.startswith(_ALLOWED_SCHEMES)


def _image_as_link(renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                   env: EnvType) -> str:
    tok = tokens[idx]
    src = str(tok.attrs.get("src", ""))
    alt = "".join(c.content for c in (tok.children or [])) or src
    if not safe_url(src):
        return html.escape(alt)
    return f'<a href="{html.escape(src, quote=True)}" rel="nofollow noopener">{html.escape(alt)}</a>'


def _heading_floor(state: StateCore) -> None:
    """Headings inside a section start at h3: h1/h2 belong to the page and the ten sections."""
    for tok in state.tokens:
        if tok.type in ("heading_open", "heading_close") and tok.tag in ("h1", "h2"):
            tok.tag = "h3"


def _external_links(state: StateCore) -> None:
    for tok in state.tokens:
        for child in tok.children or ():
            if child.type == "link_open" and str(child.attrs.get("href", "")).lower().startswith(("http:", "https:")):
                child.attrs["rel"] = "nofollow noopener"


class ProgramMarkdown(MarkdownIt):
    """CommonMark with tables to HTML: raw HTML off, every link held to `safe_url`, images as links,
    headings from h3, external links nofollow."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": False, "linkify": False, "typographer": False})
        self.enable("table")
        self.html_renderer = RendererHTML(self)
        self.renderer = self.html_renderer  # the one add_render_rule changes
        self.add_render_rule("image", _image_as_link)
        self.core.ruler.push("ustaz_heading_floor", _heading_floor)
        self.core.ruler.push("ustaz_external_links", _external_links)

    def validateLink(self, url: str) -> bool:
        return safe_url(url)

    def render_html(self, text: str) -> str:
        env: EnvType = {}
        return self.html_renderer.render(self.parse(text, env), self.options, env)


def make_renderer() -> ProgramMarkdown:
    return ProgramMarkdown()


_RENDERER = make_renderer()
_MD_SPECIAL = set("\\`*_[]|~")


def md_text(value: str) -> str:
    """Text from a user file as inert Markdown for a generated page: HTML is escaped, Markdown syntax is
    backslashed (no link, emphasis or table cell can start), and a line break cannot start a new block."""
    text = " ".join(value.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def render_markdown(text: str) -> str:
    """Untrusted Markdown → HTML in which no tag or attribute comes from the text."""
    return _RENDERER.render_html(strip_comments(text))


_FINDER = MarkdownIt("commonmark", {"html": True}).enable("table")  # finds comments; never renders


def _whole_comment(html: str) -> bool:
    h = html.strip()
    return h.startswith("<!--") and h.endswith("-->") and "-->" not in h[4:-3]


def strip_comments(text: str) -> str:
    """The text without its HTML comments (authors' notes, allowed by `ustaz check`): with raw HTML off a
    renderer would show them. Only comments the Markdown parser sees as HTML go (not those in code)."""
    if "<!--" not in text:
        return text
    lines = text.split("\n")
    for tok in _FINDER.parse(text):
        if not tok.map:
            continue
        start, end = tok.map
        if tok.type == "html_block" and _whole_comment(tok.content):
            lines[start:end] = [""] * (end - start)
        elif tok.type == "inline" and tok.children:
            notes = [c.content for c in tok.children if c.type == "html_inline" and _whole_comment(c.content)]
            if notes:
                segment = "\n".join(lines[start:end])
                for note in notes:
                    segment = segment.replace(note, "", 1)
                kept = segment.split("\n")
                lines[start:end] = kept + [""] * (end - start - len(kept))
    return "\n".join(lines)
