"""Real headless Chromium for site tests (Debian's /usr/bin/chromium driven by Playwright; never downloaded).

Use from any test:

    from browser import SiteServer, chromium_page, skip_without_chromium

    def test_page(built_site):
        with SiteServer(built_site) as server, chromium_page() as (page, requests):
            page.goto(server.url("ru/programs/x/"))
            assert page.locator("h1").inner_text() == "…"
            assert not server.third_party(requests)

`SiteServer` serves a built site directory on 127.0.0.1 (a random free port) from a thread;
`chromium_page` yields a Playwright page and the list of every URL the page requested (documents,
scripts, styles, images, fonts, XHR, workers), so a test can prove no page reaches another host.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, Self
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("USTAZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

skip_without_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                           reason=f"{CHROMIUM} missing: run `make system-deps`")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar",
                      ".json": "application/json", ".js": "text/javascript"}

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer:
    """A static HTTP server on 127.0.0.1 for a built site directory (context manager)."""

    def __init__(self, site_dir: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(site_dir))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def third_party(self, requests: list[str]) -> list[str]:
        """The requests that went anywhere but this server (data: and blob: URLs are local)."""
        ours = urlparse(self.base).netloc
        return [u for u in requests if urlparse(u).scheme not in ("data", "blob", "about")
                and urlparse(u).netloc != ours]

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@contextmanager
def chromium_page() -> Iterator[tuple[object, list[str]]]:
    """(page, requests): a fresh browser profile; `requests` collects every URL the page asks for.

    Playwright's sync API allows one of these per process at a time: share it (a module fixture).

    Requests to other hosts are recorded and then aborted, so a test never depends on the network.
    """
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="ustaz-chromium-")
    requests: list[str] = []
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, service_workers="block")

            def route(r):  # type: ignore[no-untyped-def]
                requests.append(r.request.url)
                if urlparse(r.request.url).hostname in ("127.0.0.1", None):
                    r.continue_()
                else:
                    r.abort()

            context.route("**/*", route)
            context.on("request", lambda req: requests.append(req.url) if req.url not in requests else None)
            page = context.pages[0] if context.pages else context.new_page()
            try:
                yield page, requests
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
