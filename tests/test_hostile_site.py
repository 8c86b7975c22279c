"""Issue 15: a pull request cannot plant script on the site.

A copy of the example project gets a script payload in every user-controlled field of every file the site
reads (tests/hostile_fixture.py enumerates them from the files and schemas). The site is built as
`ustaz build` builds it; then every built page, the search index and every SVG are read with an HTML
parser — no script element that is not ours or Material's, no event-handler attribute, no javascript:,
vbscript: or data: address — and the pages that carry a payload are opened in headless Chromium, where
no dialog may open. Each planted field must be seen as text on some page (else the test would prove
nothing about it), unless it is one the site does not show at all (UNPUBLISHED).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import SiteServer, chromium, skip_without_chromium
from conftest import ROOT, run_ustaz
from hostile_fixture import MARKER, PR_REFS, Hostile, add_hostile_pull_request, make_hostile_project

from ustaz.certificates.labels import PAGE_LABELS
from ustaz.site.contrib.certificates import verify_script
from ustaz.site.contrib.verify_theme import with_script
from ustaz.site.markdown import render_markdown

BUILD_DAY = "2026-11-23"
# Script files the pages may load: Material's bundle, ustaz's own (the lookup page's script is in the page)
OUR_SCRIPTS = re.compile(r"^(\.\./|/ustaz/)*(assets/javascripts/(bundle|workers/search)\.[0-9a-f]+\.min\.js|"
                         r"assets/ustaz/ustaz\.js)$")
# Material's inline scripts (base.html): its scope, the palette and the anchor fix; its configuration is
# a <script type="application/json">, which a browser never runs (it must still parse as JSON)
MATERIAL_INLINE = ("__md_scope=new URL(", 'var palette=__md_get("__palette")',
                   "var target=document.getElementById(location.hash.slice(1))")
# the verify page's lookup script, written into its head (ustaz/site/contrib/verify_theme.py): exactly the package's,
# for one of its languages, with whatever base64 key the project pinned
_PINNED = re.compile(r'var PINNED = "[A-Za-z0-9+/=]*";')
LOOKUP_SCRIPTS = frozenset(_PINNED.sub("var PINNED = KEY;", with_script("</head>", verify_script(lang)))
                           .removeprefix("<script>").removesuffix("</script></head>").strip() for lang in PAGE_LABELS)
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset"})
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)
MARKER_RE = re.compile(MARKER.replace("{:04d}", r"\d{4}"))
# fields the site does not show (each says why); any other planted field must appear on a page
UNPUBLISHED = {
    r"program\.yml:lifecycle\[\d+\]\.(protocol|order)$": "the lifecycle's protocol and order numbers are not shown",
    r"program\.yml:authors\[\d+\]\.github$": "an author's GitHub login is for the bot, not shown",
    r"program\.\w+\.md:1$": "a text's `# ` title line: the page shows program.yml's title",
    r"^data/trainers\.csv:": "the roster of trainers has no page",
    r"^data/policy\.yml:organisation\.(director|address|city)": "the centre's director and address are not shown",
    r"/support/plans/": "support plans are private: the site shows counts only",
    r"^examples/private/": "the site never reads the private tree (issue 16): what it shows of it is data/aggregates/, "
                           "poisoned here as public tables",
    r"^data/aggregates/monitoring-questions\.csv:\d+:expected$": "shown beside a scale question's average, and the "
    "payload in every answer value leaves none (tests/test_aggregates.py shows an expected result as text)",
    r"^data/networks/\w+\.csv:2:": "the row with a javascript: address is not loaded (`ustaz check` reports it)",
}


@dataclass
class Scan(HTMLParser):
    """One document's live-script problems, and its visible text."""

    problems: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    _script: list[str] | None = None
    _json: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and not name.startswith("on") and name not in URL_ATTRS:
                self.text.append(value)  # an attribute's value is inert text (e.g. <meta content>, title=)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and value and UNSAFE_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "iframe", "object", "embed", "base", "meta") or tag.endswith(":script"):
            src = dict(attrs).get("src")
            if tag == "script" and (src is None or OUR_SCRIPTS.match(src)):
                self._script = []  # inline: judged by its text at the end tag
                self._json = dict(attrs).get("type") == "application/json"
            elif tag == "meta":
                if (dict(attrs).get("http-equiv") or "").lower() == "refresh":
                    self.problems.append(f"<meta http-equiv=refresh {attrs!r}>")
            else:
                self.problems.append(f"<{tag} {attrs!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            body = "".join(self._script).strip()
            if self._json:
                try:
                    json.loads(body)
                except ValueError:
                    self.problems.append(f"<script type=application/json>{body[:80]}</script>")
            elif body and _PINNED.sub("var PINNED = KEY;", body) in LOOKUP_SCRIPTS:
                pass
            elif body and (not body.startswith(MATERIAL_INLINE) or "alert" in body):
                self.problems.append(f"<script>{body[:80]}</script>")
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)


def scan(markup: str) -> Scan:
    s = Scan()
    s.feed(markup)
    s.close()
    return s


def search_entries(site: Path) -> Iterator[tuple[str, str]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        yield doc["location"], f"<h1>{doc.get('title', '')}</h1>{doc.get('text', '')}"


def unlisted_organisations(root: Path) -> Iterator[str]:
    """`data/organizations.csv:LINE` of organisations in no network: the site lists networks' schools only."""
    with (root / "data" / "organizations.csv").open(encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            if not row["network_role"]:
                yield f"data/organizations.csv:{n}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Hostile, Path]:
    root = tmp_path_factory.mktemp("hostile") / "project"
    planted = make_hostile_project(root)
    draft = add_hostile_pull_request(planted)
    site = root.parent / "site"
    # as `ustaz build` runs: the strict build must not stop for a payload (raw HTML is text, not a tag). The
    # payloads are errors of the check, which stop the build by default (tests/test_build_check.py): the site is
    # built anyway (--allow-errors) to show that what would be published is escaped
    done = run_ustaz("build", "--allow-errors", "--site-dir", str(site), "--pr-refs", PR_REFS, cwd=root,
                     env={"USTAZ_TODAY": BUILD_DAY}, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    assert list(site.glob(f"drafts/pr-*/{draft}/index.html"))  # the pull request's pages were built
    return planted, site


def test_the_fixture_plants_every_kind_of_field(hostile: tuple[Hostile, Path]) -> None:
    """The enumeration reaches every file kind the site reads, so a field left out is a fixture bug."""
    planted, _ = hostile
    places = " ".join(planted.fields.values())
    for where in ("organizations.csv:", "networks/centres.csv", "networks/events.csv", "networks/resources.csv",
                  "networks/research.csv", "schedule/", "program.yml:title", "program.yml:audience",
                  "program.yml:authors", "program.yml:modules", "program.yml:literature", "discussion.yml",
                  "justification", "program.kk.md", "program.ru.md", "policy.yml:organisation.name",
                  "survey.yml:title", "content/hostile.md"):
        assert where in places, where


def test_no_live_script_in_any_built_page(hostile: tuple[Hostile, Path]) -> None:
    """B-1 / issue 15: every page, the search index and every SVG hold no script of a payload."""
    _, site = hostile
    problems: dict[str, list[str]] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in [*pages, *sorted(site.rglob("*.svg"))]:
        found = scan(path.read_text(encoding="utf-8")).problems
        if found:
            problems[str(path.relative_to(site))] = found
    for location, markup in search_entries(site):
        found = scan(markup).problems
        if found:
            problems[f"search index: {location}"] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)[:4000]


def test_every_planted_field_is_shown_as_text(hostile: tuple[Hostile, Path]) -> None:
    """A field counts as tested only if its payload reached a page: there it must be visible text."""
    planted, site = hostile
    shown: set[str] = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.svg")]:
        shown.update(MARKER_RE.findall(" ".join(scan(path.read_text(encoding="utf-8")).text)))
    outside = set(unlisted_organisations(planted.root))
    missing = {m: where for m, where in planted.fields.items()
               if m not in shown and not any(re.search(p, where) for p in UNPUBLISHED)
               and where.rsplit(":", 1)[0] not in outside}
    assert not missing, sorted(missing.values())
    assert len(shown) > 100


def test_the_payload_is_visible_text_on_the_pages_of_the_report(hostile: tuple[Hostile, Path]) -> None:
    """The reported places (issue 15): the network page's <title>, the monitoring page's table, the
    support page's heading and a program's title show the payload as text, never as markup."""
    _, site = hostile
    title = re.search(r"<title>(.*?)</title>", (site / "networks" / "ast-school-101" / "index.html")
                      .read_text(encoding="utf-8"), re.DOTALL)
    assert title and MARKER_RE.search(title.group(1)) and "&lt;/title&gt;" in title.group(1)
    for page in ("ru/monitoring/index.html", "support/index.html", "programs/robotics-basics/index.html"):
        text = " ".join(scan((site / page).read_text(encoding="utf-8")).text)
        assert "<script>alert(3)</script>" in text, page


@skip_without_chromium
def test_no_dialog_opens_on_any_page_with_a_payload(hostile: tuple[Hostile, Path]) -> None:
    """Chromium opens every page that shows a payload; an alert, confirm or prompt would be recorded."""
    _, site = hostile
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                   if MARKER_RE.search(p.read_text(encoding="utf-8")))
    assert len(pages) > 20
    dialogs: list[str] = []
    with SiteServer(site) as server, chromium() as browser, browser.page() as (page, _):
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        for rel in pages:
            page.goto(server.url(rel), wait_until="load")
        page.wait_for_timeout(300)
        # the search box renders results from the index: search for a planted marker
        page.goto(server.url("index.html"), wait_until="load")
        page.keyboard.press("/")  # Material opens search on "/" (or "s")
        page.keyboard.type("alert")
        page.wait_for_timeout(1500)
    assert not dialogs, dialogs


# --- content/ is held to the programs' rules; nothing is published through a symlink ---------------------

EVIL_PAGE = ("# Правила\n\nТекст.\n\n<script>alert(1)</script>\n\nСсылка [x](javascript:alert(2)).\n\n"
             "Картинка <img src=x onerror=alert(3)>.\n\n<!-- a comment is allowed -->\n")


@pytest.fixture
def site_project(project: Path) -> Path:
    """The example project as the site builds it (with the theme's overrides)."""
    shutil.copytree(ROOT / "overrides", project / "overrides")
    return project


def _allow_errors(project: Path) -> None:
    """mkdocs.yml builds despite the check's errors (`ustaz build --allow-errors` for `mkdocs build`), so that
    the defences behind the check are what a test sees."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - ustaz\n" in text
    config.write_text(text.replace("  - ustaz\n", "  - ustaz:\n      allow_errors: true\n"), encoding="utf-8")


def _findings(project: Path, *paths: str) -> tuple[int, list[dict[str, object]]]:
    done = run_ustaz("check", *paths, "--format", "json", "--today", BUILD_DAY, cwd=project)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)["findings"]


def test_content_pages_may_hold_no_raw_html_or_unsafe_links(project: Path) -> None:
    """Issue 15: content/**/*.md gets the programs' raw-html and unsafe-link errors, each with its line."""
    (project / "content" / "ru" / "evil.md").write_text(EVIL_PAGE, encoding="utf-8")
    code, findings = _findings(project, "content")
    got = sorted((f["path"], f["line"], f["code"]) for f in findings if str(f["path"]).startswith("content/"))
    assert got == [("content/ru/evil.md", 5, "raw-html"), ("content/ru/evil.md", 7, "unsafe-link"),
                   ("content/ru/evil.md", 9, "raw-html")]
    assert code == 1


def test_a_file_a_browser_runs_script_from_is_a_finding_and_never_published(site_project: Path,
                                                                             tmp_path: Path) -> None:
    """content/ holds Markdown and documents: an HTML, SVG or JavaScript file there would run on the site's
    origin, so `ustaz check` reports it and the build leaves it out (and, strict, stops)."""
    planted = {"content/ru/page.html": "<script>alert(1)</script>", "content/logo.SVG": "<svg onload=alert(2)/>",
               "content/x.js": "alert(3)", "content/report.pdf": "%PDF-1.4 harmless"}
    for rel, text in planted.items():
        (site_project / rel).write_text(text, encoding="utf-8")
    code, findings = _findings(site_project, "content")
    assert sorted(f["path"] for f in findings if f["code"] == "content-active-file") == [
        "content/logo.SVG", "content/ru/page.html", "content/x.js"]
    assert code == 1
    done = run_ustaz("build", "--site-dir", str(tmp_path / "site"), cwd=site_project, env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 1 and "error content-active-file" in done.stderr, done.stderr  # the check refuses
    done = run_ustaz("build", "--allow-errors", "--site-dir", str(tmp_path / "site"), cwd=site_project,
                     env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 2 and "content/ holds Markdown" in done.stderr, done.stderr  # and the strict build
    _allow_errors(site_project)
    loose = tmp_path / "loose"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "-d", str(loose)], cwd=site_project,
                   capture_output=True, text=True, timeout=600, check=True, env={**os.environ, "USTAZ_TODAY": BUILD_DAY})
    assert (loose / "report.pdf").is_file()  # documents are published
    for rel in ("ru/page.html", "logo.SVG", "x.js"):
        assert not (loose / rel).exists(), rel


def _plant_symlinks(project: Path, outside: Path) -> dict[str, str]:
    """Symlinks under content/ to a file outside the repository, to the private tree's listeners (a file and
    a folder) and to a Markdown page outside; returns docs path → a line of the target that must not leak."""
    secret = outside / "secret.md"
    secret.write_text("# Secret\n\n## Outside the repository\n\nouter-secret-text\n", encoding="utf-8")
    listeners = project / "examples/private/cohorts/2026-rb-kk-01/listeners.csv"
    (project / "content" / "passwd.txt").symlink_to("/etc/passwd")
    (project / "content" / "ru" / "listeners.csv").symlink_to(listeners)
    (project / "content" / "cohort").symlink_to(listeners.parent, target_is_directory=True)
    (project / "content" / "ru" / "outside.md").symlink_to(secret)
    return {"passwd.txt": "root:", "ru/listeners.csv": "850101400001", "cohort/listeners.csv": "850101400001",
            "ru/outside/index.html": "outer-secret-text"}


def test_a_symlink_under_content_is_a_finding_and_never_published(site_project: Path, tmp_path: Path) -> None:
    """Issue 15: each symlink is reported by `ustaz check`; `ustaz build` (strict) stops; a non-strict
    `mkdocs build` leaves the symlinks out — no copy of /etc/passwd, the listeners or the outside page."""
    project = site_project
    outside = tmp_path / "outside"
    outside.mkdir()
    leaks = _plant_symlinks(project, outside)
    code, findings = _findings(project, "content")
    linked = sorted(f["path"] for f in findings if f["code"] == "content-symlink")
    assert linked == ["content/cohort", "content/passwd.txt", "content/ru/listeners.csv", "content/ru/outside.md"]
    assert code == 1
    site = tmp_path / "site"
    done = run_ustaz("build", "--site-dir", str(site), cwd=project, env={"USTAZ_TODAY": BUILD_DAY}, timeout=600)
    assert done.returncode == 1 and "error content-symlink" in done.stderr, done.stderr  # the check refuses
    done = run_ustaz("build", "--allow-errors", "--site-dir", str(site), cwd=project, env={"USTAZ_TODAY": BUILD_DAY},
                     timeout=600)
    assert done.returncode == 2 and "is not published" in done.stderr + done.stdout, done.stderr
    _allow_errors(project)
    loose = tmp_path / "loose"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "-d", str(loose)], cwd=project,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 0, done.stderr
    assert (loose / "index.html").is_file()
    for built in (site, loose):
        if not built.exists():
            continue
        for rel in leaks:
            assert not (built / rel).exists(), rel
        for path in built.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".txt", ".csv", ".xml"):
                text = path.read_text(encoding="utf-8", errors="replace")
                assert not any(s in text for s in leaks.values()), path


def test_a_symlink_under_overrides_stops_the_build(site_project: Path, tmp_path: Path) -> None:
    """A template in overrides/ is rendered into every page: a symlinked one stops the build."""
    project = site_project
    (project / "overrides" / "partials" / "social.html").symlink_to("/etc/passwd")
    code, findings = _findings(project, "overrides")
    assert [(f["path"], f["code"]) for f in findings] == [("overrides/partials/social.html", "content-symlink")]
    assert code == 1
    done = run_ustaz("build", "--site-dir", str(tmp_path / "site"), cwd=project, env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 1 and "error content-symlink" in done.stderr, done.stderr  # the check refuses
    done = run_ustaz("build", "--allow-errors", "--site-dir", str(tmp_path / "site"), cwd=project,
                     env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 2 and "is a symlink" in done.stderr, done.stderr
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize("docs_dir", ["examples", "examples/private", "examples/private/cohorts"])
def test_the_site_is_never_built_from_the_root_or_the_private_tree(site_project: Path, tmp_path: Path,
                                                                   docs_dir: str) -> None:
    """A docs_dir that holds the private tree, or lies in it, would publish listeners (mkdocs itself refuses
    `docs_dir: .`)."""
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: content", f"docs_dir: {docs_dir}"),
                      encoding="utf-8")
    done = run_ustaz("build", "--site-dir", str(tmp_path / "site"), cwd=site_project,
                     env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 2 and ("docs_dir" in done.stderr or "private tree" in done.stderr), done.stderr
    assert not (tmp_path / "site").exists()


# --- both Markdown renderers: raw HTML is text, unsafe addresses go, authors' comments are left out --------

def _python_markdown(text: str) -> str:
    import markdown

    from ustaz.site.safe_markdown import SafeMarkdown

    return markdown.markdown(text, extensions=["tables", "toc", "attr_list", SafeMarkdown()])


@pytest.mark.parametrize("render", [_python_markdown, render_markdown], ids=["content", "programs"])
def test_markdown_renderers_hold_the_same_rules(render: Callable[[str], str]) -> None:
    html = render("Note <!-- an author's note --> here.\n\n<!-- a note\nover lines -->\n\n" + EVIL_PAGE +
                  "\n`<!-- shown in code -->`\n\n[ok](https://example.org/) [rel](rules.md)\n")
    found = scan(html)
    assert not found.problems, found.problems
    text = "".join(found.text)
    assert "an author's note" not in text and "over lines" not in text and "<!-- shown in code -->" in text
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(3)>" in text
    assert 'href="https://example.org/"' in html and "javascript" not in re.findall(r'href="[^"]*"', html).__str__()


def test_attributes_from_markdown_extensions_lose_event_handlers() -> None:
    """Whatever extension mkdocs.yml enables (attr_list here), no element keeps an on… attribute."""
    html = _python_markdown("[x](https://example.org/){ onclick=alert(1) }\n\n# H { onmouseover=alert(2) }\n")
    assert "onclick" not in html and "onmouseover" not in html and 'href="https://example.org/"' in html
