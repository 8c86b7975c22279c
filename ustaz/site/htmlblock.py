"""HTML of generated pages (ustaz/site/contrib/*, `GeneratedPage.html`): rendered by the site's own jinja2
environment (autoescape on, as every template of builder.py), so every value from a file is escaped once,
at the edge. mkdocs renders the page's Markdown (raw HTML off; its links are checked by the strict build)
and the plugin adds this HTML after it."""

from __future__ import annotations

from typing import Any

from .builder import _ENV


def html_block(template: str, **values: Any) -> str:
    """The template's HTML, blank lines removed."""
    html = _ENV.get_template(template).render(values)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def render_text(template: str, **values: Any) -> str:
    """A whole file (an Atom feed) from a template; XML escaping is HTML escaping."""
    return _ENV.get_template(template).render(values)


def page_path(lang: str, default: str, rest: str) -> str:
    """The docs path of a generated page: the default language has no prefix."""
    return rest if lang == default else f"{lang}/{rest}"
