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
For several isolated pages (own storage, own clock) in one process: `with chromium() as browser:` then
`with browser.page() as (page, requests):` as often as needed.
"""

from __future__ import annotations

import functools
import http.server
import os
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


class Chromium:
    """One headless Chromium; each `page()` is a fresh, isolated context (own storage, own clock)."""

    def __init__(self, browser: object) -> None:
        self.browser = browser

    @contextmanager
    def page(self) -> Iterator[tuple[object, list[str]]]:
        """(page, requests): `requests` collects every URL the page asks for (documents, scripts, styles,
        images, fonts, XHR, workers). Requests to other hosts are recorded and then aborted, so a test
        never depends on the network."""
        context = self.browser.new_context(service_workers="block")  # type: ignore[attr-defined]
        requests: list[str] = []

        def route(r):  # type: ignore[no-untyped-def]
            requests.append(r.request.url)
            if urlparse(r.request.url).hostname == "127.0.0.1":
                r.continue_()
            else:
                r.abort()

        context.route("**/*", route)
        try:
            yield context.new_page(), requests
        finally:
            context.close()


@contextmanager
def chromium() -> Iterator[Chromium]:
    """Debian's Chromium, headless, with a fresh profile (Playwright's launch makes a new user data dir).

    Playwright's sync API allows one of these per process at a time: share it (a module fixture).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield Chromium(browser)
        finally:
            browser.close()


@contextmanager
def chromium_page() -> Iterator[tuple[object, list[str]]]:
    """A browser with one page: `with chromium_page() as (page, requests): …`."""
    with chromium() as browser, browser.page() as (page, requests):
        yield page, requests
