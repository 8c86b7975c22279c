"""Docs paths → site URLs, and relative links between generated pages (as mkdocs computes them)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from mkdocs.utils import get_relative_url


@dataclass(frozen=True, kw_only=True)
class Urls:
    directory_urls: bool = True

    def url(self, path: str) -> str:
        """The site URL of a docs path: 'programs/x.md' → 'programs/x/'; other files keep their path."""
        if not path.endswith(".md"):
            return path
        stem = path[:-3]
        name = posixpath.basename(stem)
        folder = posixpath.dirname(stem)
        if name in ("index", "README"):
            return f"{folder}/" if folder else ""
        if self.directory_urls:
            return f"{stem}/"
        return f"{stem}.html"

    def href(self, target: str, from_page: str) -> str:
        """A link from the page at docs path `from_page` to `target`, relative so the site can move."""
        to_url = self.url(target)
        rel = get_relative_url(to_url or ".", self.url(from_page) or ".")
        if (not to_url or to_url.endswith("/")) and not rel.endswith("/"):
            rel += "/"
        return rel
