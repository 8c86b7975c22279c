"""The verify page on a slow phone (#18): from opening a certificate's QR link to the verdict on screen.

    python -m bench verify                                   # as part of the benchmark (bench/cases.py)
    python -m bench.phone prepare PROJECT N                  # N synthetic certificates appended; prints a code
    python -m bench.phone measure SITE_DIR CODE [--runs N] [--lang PREFIX]   # one built site, printed as JSON

Debian's Chromium (never a downloaded one), driven by Playwright over the DevTools protocol: the network is emulated
at 400 kbit/s both ways with 400 ms round trip (Network.emulateNetworkConditions) and the CPU slowed down 4×
(Emulation.setCPUThrottlingRate), on a 390 px wide phone screen. Every run is a cold visit in a fresh browser context
(no cache), as a scan of a printed QR code is. The site is served from 127.0.0.1 and compressed with gzip as a
static host does (GitHub Pages, nginx's gzip_static), so the bytes on the wire are those a phone would get.

Measured per run, in ms from the navigation's start (performance.timeOrigin):
- first paint (first-contentful-paint),
- code shown: the first frame in which the page shows the code being checked (the input holds it),
- verdict: the first frame in which the verdict (valid, expired, revoked, not found) is on screen;
and every response's bytes on the wire (Network.loadingFinished's encodedDataLength), by kind.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = os.environ.get("USTAZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# the slow phone profile of #18
KBIT_PER_S = 400
RTT_MS = 400
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 390, "height": 844}
GOAL_MS = 3000
TIMEOUT_MS = 60_000
FINAL = ("valid", "expired", "revoked", "not-found", "not-yet-valid", "bad-signature", "error", "typo")

# polls every animation frame (what is painted is what a frame shows): when the code first stands in the
# field, when the verdict first stands in the result; both in ms from the navigation's start
_PROBE = """
(() => {
  const marks = {code: null, verdict: null, status: null};
  window.__ustazPhone = marks;
  const FINAL = /*FINAL*/[];
  function frame() {
    const input = document.getElementById("verify-code");
    const out = document.getElementById("verify-result");
    const now = performance.now();
    if (marks.code === null && input && input.value) marks.code = now;
    const status = out && out.getAttribute("data-status");
    if (marks.verdict === null && status && FINAL.includes(status)) { marks.verdict = now; marks.status = status; }
    if (marks.verdict === null) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
""".replace("/*FINAL*/[]", json.dumps(FINAL))

_TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".webmanifest")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for a client that asks (text types only), as a static host serves them."""

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                                 ".json": "application/json", ".js": "text/javascript",
                                                 ".bin": "application/octet-stream"}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in _TEXT):
            return super().send_head()
        import io

        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _kind(url: str, mime: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0]
    if "/verify/data/" in path:
        return "data"
    if mime.startswith("text/html"):
        return "html"
    if path.endswith(".css") or "css" in mime:
        return "css"
    if path.endswith(".js") or "javascript" in mime:
        return "js"
    if "font" in mime or path.endswith((".woff", ".woff2", ".ttf")):
        return "font"
    if mime.startswith("image/"):
        return "image"
    return "other"


def visit(browser: Any, url: str) -> dict[str, Any]:
    """One cold visit of `url` on the slow phone profile: the times and every response's bytes."""
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True, service_workers="block",
                                  device_scale_factor=2)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        responses: dict[str, tuple[str, str]] = {}
        sizes: dict[str, int] = {}
        cdp.on("Network.responseReceived",
               lambda e: responses.__setitem__(e["requestId"], (e["response"]["url"], e["response"]["mimeType"])))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": RTT_MS, "downloadThroughput": KBIT_PER_S * 1000 / 8,
            "uploadThroughput": KBIT_PER_S * 1000 / 8})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.add_init_script(_PROBE)
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function("window.__ustazPhone && window.__ustazPhone.verdict !== null", timeout=TIMEOUT_MS,
                               polling=100)
        marks = page.evaluate("window.__ustazPhone")
        paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        timeline = page.evaluate("""performance.getEntriesByType('navigation').concat(
            performance.getEntriesByType('resource')).map(e => [e.name.replace(location.origin, ''),
            Math.round(e.startTime), Math.round(e.responseStart), Math.round(e.responseEnd)])""")
        page.wait_for_load_state("load", timeout=TIMEOUT_MS)  # what the page still fetches after its verdict counts
        page.wait_for_timeout(500)
        by_url = [{"url": responses[r][0], "kind": _kind(*responses[r]), "bytes": n} for r, n in sizes.items()
                  if r in responses]
        return {"first_paint_ms": paint, "code_ms": marks["code"], "verdict_ms": marks["verdict"],
                "status": marks["status"], "requests": by_url, "timeline": timeline}
    finally:
        context.close()


def measure(site: Path, path: str, runs: int = 3) -> dict[str, Any]:
    """`runs` cold visits of `path` (e.g. "verify/#CODE") on the built `site`; the median times and one run's bytes."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            visits = [visit(browser, f"{base}/{path}") for _ in range(runs)]
        finally:
            browser.close()
    kinds: dict[str, int] = {}
    for r in visits[-1]["requests"]:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + r["bytes"]
    median = {k: statistics.median(v[k] for v in visits) for k in ("first_paint_ms", "code_ms", "verdict_ms")}
    return {**median, "runs": [{k: v[k] for k in ("first_paint_ms", "code_ms", "verdict_ms", "status")}
                               for v in visits],
            "status": visits[-1]["status"], "bytes": kinds, "total_bytes": sum(kinds.values()),
            "requests": sorted(visits[-1]["requests"], key=lambda r: -r["bytes"]),
            "timeline": visits[-1]["timeline"]}


def prepare(root: Path, count: int) -> str:
    """Append `count` synthetic certificates to the project's register (sealed, as certify writes them); the code of
    the first that is not revoked is the one the phone opens."""
    from ustaz.certificates import codes, synthetic
    from ustaz.certificates.writer import append

    certs = list(synthetic.certificates(count, seed=18))
    append(root, certs)
    return codes.display(next(c.code for c in certs if not c.revoked_on))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phone", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="append synthetic certificates to a project; print one's code")
    prep.add_argument("project", type=Path)
    prep.add_argument("count", type=int)
    meas = sub.add_parser("measure", help="open a built site's verify page with a code on the slow phone profile")
    meas.add_argument("site", type=Path)
    meas.add_argument("code")
    meas.add_argument("--runs", type=int, default=3)
    meas.add_argument("--lang", default="", help="the language's path prefix, e.g. ru/ (default: the first)")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        print(prepare(args.project, args.count))
    else:
        print(json.dumps(measure(args.site, f"{args.lang}verify/#{args.code}", args.runs), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
