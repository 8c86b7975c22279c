"""Python-Markdown, as mkdocs renders every Markdown page of the site, with raw HTML off and links checked.

mkdocs renders the hand-written pages of content/ and the Markdown pages of contributions
(ustaz/site/contrib) with Python-Markdown, which passes raw HTML through. Both may carry text from a pull
request (content/ itself, or a cell of data/ a page generator interpolated), so the ustaz plugin adds
this extension to every page's renderer (plugin.py, not mkdocs.yml, so a page cannot opt out):

- raw HTML is text: `<script>` shows as "<script>" (the renderer's own HTML, e.g. tables, is unaffected);
  an HTML comment (an author's note) is left out;
- a link or image whose address is not relative, #anchor, http(s) or mailto (``javascript:``, ``data:``,
  ``vbscript:``, protocol-relative ``//host``) loses the address and stays text;
- no element keeps an event-handler attribute (``on…``), whichever extension put it there.

Program texts are rendered by markdown-it (ustaz/site/markdown.py) with the same rules (`safe_url`).
A contribution that needs HTML of its own (a form, its script) passes it as `GeneratedPage.html`,
which is ustaz's code, never data (extensions.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import cast

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .markdown import safe_url, strip_comments

# attributes that hold an address a browser follows or loads
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
                            "cite", "srcset", "ping", "manifest", "codebase"})
RAW_HTML_PROCESSORS = (("preprocessors", "html_block"), ("inlinePatterns", "html"))


def unsafe_attribute(name: str, value: str) -> bool:
    """An event handler, or an address that is not relative, #anchor, http(s) or mailto."""
    low = name.lower()
    return low.startswith("on") or (low in URL_ATTRIBUTES and not safe_url(value))


class _Defang(Treeprocessor):
    """Drops event handlers and unsafe addresses from every element, after every other tree processor."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            for name in [n for n, v in el.attrib.items() if unsafe_attribute(n, v)]:
                del el.attrib[name]


class _NoComments(Preprocessor):
    """HTML comments are authors' notes (allowed by `ustaz check`): left out, not shown as text."""

    def run(self, lines: list[str]) -> list[str]:
        return strip_comments("\n".join(lines)).split("\n")


class SafeMarkdown(Extension):
    """Raw HTML rendered as text; links, images and attributes held to `safe_url` (see the module doc)."""

    def extendMarkdown(self, md: Markdown) -> None:
        for registry, name in RAW_HTML_PROCESSORS:
            processors = getattr(md, registry)
            if name in processors:
                processors.deregister(name)
        md.preprocessors.register(_NoComments(md), "ustaz_no_comments", 25)  # before mkdocs' and the rest
        md.treeprocessors.register(_Defang(md), "ustaz_defang", -1000)  # the lowest priority runs last


def add_safe_markdown(extensions: list[str]) -> None:
    """Adds SafeMarkdown to mkdocs' `markdown_extensions` (once). mkdocs declares the list as extension names;
    it hands it to Python-Markdown, which takes extension objects as well."""
    renderer_extensions = cast("list[str | Extension]", extensions)
    if not any(isinstance(ext, SafeMarkdown) for ext in renderer_extensions):
        renderer_extensions.append(SafeMarkdown())
