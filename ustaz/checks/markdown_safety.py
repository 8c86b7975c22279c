"""Program Markdown may hold no raw HTML and no script-capable links: the site must never run them."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error
from . import Context, check

RAW_HTML = define("raw-html", "Program Markdown contains raw HTML.")
UNSAFE_LINK = define("unsafe-link", "A link uses a javascript:, vbscript:, data: or file: address.")


@check(scope=("programs",))
def markdown_safety(ctx: Context) -> Iterator[Finding]:
    for bundle in ctx.project.programs:
        for doc in bundle.texts.values():
            for u in doc.unsafe:
                if u.what == "html":
                    yield error(doc.path, u.line, RAW_HTML,
                                f"raw HTML is not allowed ({u.snippet!r}); write it in Markdown")
                else:
                    yield error(doc.path, u.line, UNSAFE_LINK,
                                f"the link {u.snippet!r} is not allowed; link to an http(s) address")
