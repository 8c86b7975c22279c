"""Test helpers for the certificate pages: a minimal site and a real headless Chromium.

Until the site plugin lands on main, ``minimal_site`` renders the generated pages the way the
plugin will (Markdown with trusted HTML) into a bare HTML shell and runs the post-build hooks;
the page, its script and the lookup data are the real ones.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

from markdown_it import MarkdownIt

from ustaz.checks import Context
from ustaz.site.extensions import PAGE_GENERATORS, POST_BUILD, load_contrib

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def minimal_site(ctx: Context, out: Path) -> Path:
    load_contrib()
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    for gen in PAGE_GENERATORS:
        for page in gen(ctx):
            target = out / (page.path[:-len("index.md")] + "index.html" if page.path.endswith("index.md")
                            else page.path[:-3] + "/index.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"<!doctype html><html lang='{page.lang}'><head><meta charset='utf-8'>"
                              f"<title>{page.title}</title></head><body>{md.render(page.content)}</body></html>",
                              encoding="utf-8")
    for hook in POST_BUILD:
        hook(ctx, out)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a loopback port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(tmp: Path) -> Iterator[object]:
    """A Playwright page in the system's headless Chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(str(tmp / "chromium-profile"), executable_path=CHROMIUM,
                                                         headless=True, args=CHROMIUM_ARGS)
        try:
            yield context.new_page()
        finally:
            context.close()
