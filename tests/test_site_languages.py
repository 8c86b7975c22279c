"""The language switcher: every page links the same page in the other languages, or that language's home
when the page has no translation — read back from the built HTML (every page, several layouts) and clicked
in real headless Chromium, with and without JavaScript, on a site served under a sub-path."""

from __future__ import annotations

import posixpath
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from browser import SiteServer, chromium, skip_without_chromium
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY, add_example_programs, build, copy_project

LANGS = ("kk", "ru", "en")
PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
RU_ONLY = "ru/only-in-russian.md"


class _Switcher(HTMLParser):
    """The links of the switcher (ul[data-ustaz=languages] a) and the page's <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.html_lang = ""
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "ul" and a.get("data-ustaz") == "languages":
            self._inside = True
        elif tag == "a" and self._inside:
            self.links.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._inside = False


def switcher(page: Path) -> _Switcher:
    parser = _Switcher()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def page_url(site: Path, page: Path) -> str:
    """The URL path (from the site root) a built file is served at."""
    rel = page.relative_to(site).as_posix()
    return rel.removesuffix("index.html")


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a relative link of `page` opens (a folder URL serves its index.html)."""
    assert not href.startswith(("/", "http:", "https:", "//")), f"{page}: {href} is not relative"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url(site, page)) or ".", href))
    assert not target.startswith(".."), f"{page}: {href} leaves the site"
    path = site / target if target != "." else site
    return path / "index.html" if path.is_dir() else path


def links_by_lang(site: Path, rel: str) -> dict[str, Path]:
    page = site / rel
    return {a["hreflang"]: resolve(site, page, a["href"]) for a in switcher(page).links}


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = copy_project(tmp_path_factory.mktemp("centre") / "project")
    add_example_programs(root)
    (root / "content" / RU_ONLY).write_text("# Только по-русски\n\nЭтой страницы нет на других языках.\n",
                                            encoding="utf-8")
    site = root.parent / "site"
    build(root, site)
    return root, site


def _title(root: Path, pid: str, lang: str) -> str:
    data = yaml.safe_load((root / "programs" / pid / "program.yml").read_text(encoding="utf-8"))
    return str(data["title"][lang])


# pages of every kind that exist in the three languages: (path of the built file under the language's folder)
SAME_PAGE = ["index.html", "programs/index.html", "programs/robotics-basics/index.html",
             "programs/robotics-basics/discussion/index.html", "programs/robotics-advanced/index.html",
             "drafts/index.html", "schedule/index.html", "verify/index.html", "verify/statistics/index.html",
             "comment/index.html", "rules/index.html", "propose/index.html"]


@pytest.mark.parametrize("rest", SAME_PAGE)
@pytest.mark.parametrize("lang", LANGS)
def test_switcher_links_the_same_page_in_each_language(centre: tuple[Path, Path], lang: str, rest: str) -> None:
    _, site = centre
    page = site / PREFIX[lang] / rest
    parsed = switcher(page)
    assert [a["hreflang"] for a in parsed.links] == list(LANGS)  # the policy's order, every language
    for a in parsed.links:
        target = resolve(site, page, a["href"])
        assert target == site / PREFIX[a["hreflang"]] / rest, (page, a)
        assert target.exists(), target
        assert switcher(target).html_lang == a["hreflang"]
        assert a["data-ustaz-target"] == "translation"
        assert ("aria-current" in a) == (a["hreflang"] == lang)


def test_a_kazakh_program_page_switches_to_the_same_program_in_russian(centre: tuple[Path, Path]) -> None:
    root, site = centre
    for pid in ("robotics-basics", "robotics-advanced", "eco-lab"):
        targets = links_by_lang(site, f"programs/{pid}/index.html")
        ru = targets["ru"].read_text(encoding="utf-8")
        assert targets["ru"] == site / "ru" / "programs" / pid / "index.html"
        assert _title(root, pid, "ru") in ru and _title(root, pid, "kk") not in ru


def test_a_page_without_translation_switches_to_that_languages_home(centre: tuple[Path, Path]) -> None:
    _, site = centre
    # the reference is written in English only; a page added only in Russian has no kk/en version
    for rel, lang in (("en/reference/site/index.html", "en"), ("ru/only-in-russian/index.html", "ru")):
        page = site / rel
        for a in switcher(page).links:
            target = resolve(site, page, a["href"])
            if a["hreflang"] == lang:
                assert target == page and a["data-ustaz-target"] == "translation"
            else:
                assert target == site / PREFIX[a["hreflang"]] / "index.html", (rel, a)
                assert target.exists() and a["data-ustaz-target"] == "home"
                assert "rel" not in a and a.get("title")  # not called a translation; says why it goes home


def test_every_switcher_link_of_every_page_opens_a_page_in_its_language(centre: tuple[Path, Path]) -> None:
    """No page of the site, generated or hand-written, has a switcher link to a missing file; a link goes
    home only when the same page does not exist in that language."""
    _, site = centre
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 100
    homes = 0
    for page in pages:
        parsed = switcher(page)
        assert [a["hreflang"] for a in parsed.links] == list(LANGS), page
        lang = parsed.html_lang
        rest = page_url(site, page)[len(PREFIX[lang]):]
        for a in parsed.links:
            target = resolve(site, page, a["href"])
            assert target.exists(), (page, a["href"])
            assert switcher(target).html_lang == a["hreflang"], (page, a)
            same = site / PREFIX[a["hreflang"]] / rest
            same = same / "index.html" if same.is_dir() else same
            if a["data-ustaz-target"] == "home":
                homes += 1
                assert not same.exists() and target == site / PREFIX[a["hreflang"]] / "index.html", (page, a)
            else:
                assert target == same, (page, a)
    assert homes  # the reference pages exist in English only


def test_material_does_not_reroute_the_switcher_by_script(centre: tuple[Path, Path]) -> None:
    """Material's script takes over clicks on links under a <link rel="alternate"> of the head and guesses the
    target from sitemap.xml (landing on the home page); the site writes none, so the plain links are followed."""
    _, site = centre
    text = (site / "programs" / "robotics-basics" / "index.html").read_text(encoding="utf-8")
    head = text.split("</head>", 1)[0]
    assert 'rel="alternate"' not in head


def test_sitemap_lists_each_pages_translations_as_hreflang_alternates(centre: tuple[Path, Path]) -> None:
    _, site = centre
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    base = "https://example.org/ustaz/"  # mkdocs.yml site_url: a project site under a sub-path
    urls = {u.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href")
                                                  for link in u.findall("x:link", ns)}
            for u in ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)}
    expected = {lang: f"{base}{PREFIX[lang]}programs/robotics-basics/discussion/" for lang in LANGS}
    for loc in expected.values():
        assert urls[loc] == expected
    assert urls[f"{base}ru/"] == {lang: f"{base}{PREFIX[lang]}" for lang in LANGS}
    assert urls[f"{base}en/reference/site/"] == {}  # no translation: no alternates
    assert urls[f"{base}ru/only-in-russian/"] == {}


def test_switcher_follows_use_directory_urls_false(tmp_path: Path) -> None:
    """With use_directory_urls: false pages are x.html files and the links name them."""
    root = copy_project(tmp_path / "project")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("use_directory_urls: false\n")
    site = tmp_path / "site"
    build(root, site)
    page = site / "ru" / "programs" / "robotics-basics" / "discussion.html"
    hrefs = {a["hreflang"]: a["href"] for a in switcher(page).links}
    assert hrefs == {"kk": "../../../programs/robotics-basics/discussion.html", "ru": "discussion.html",
                     "en": "../../../en/programs/robotics-basics/discussion.html"}
    for rel in ("programs/robotics-basics.html", "ru/comment.html", "en/reference/site.html", "index.html"):
        for a in switcher(site / rel).links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), a["href"]))
            assert (site / target).is_file(), (rel, a)
            assert switcher(site / target).html_lang == a["hreflang"]
    ref = {a["hreflang"]: a["href"] for a in switcher(site / "en" / "reference" / "site.html").links}
    assert ref["kk"] == "../../index.html" and ref["ru"] == "../../ru/index.html"


def test_the_kyrgyz_school_switches_between_ky_and_ru_pages(tmp_path: Path) -> None:
    """examples/kg-school (ky first, ru beside it): a ky program page links its ru page and back."""
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    school = tmp_path / "examples" / "kg-school"
    shutil.copytree(ROOT / "examples" / "kg-school", school, ignore=shutil.ignore_patterns("site"))
    site = tmp_path / "site"
    res = run_ustaz("build", "--site-dir", str(site), cwd=school, env={"USTAZ_TODAY": BUILD_DAY})
    assert res.returncode == 0, res.stderr
    pid = "funktsionaldyk-sabattuuluk"
    ky = site / "programs" / pid / "index.html"
    ru = site / "ru" / "programs" / pid / "index.html"
    assert {k: resolve(site, ky, a["href"]) for k, a in ((a["hreflang"], a) for a in switcher(ky).links)} == \
        {"ky": ky, "ru": ru}
    assert {a["hreflang"]: resolve(site, ru, a["href"]) for a in switcher(ru).links} == {"ky": ky, "ru": ru}
    home = site / "index.html"
    assert {a["hreflang"]: resolve(site, home, a["href"]) for a in switcher(home).links} == \
        {"ky": home, "ru": site / "ru" / "index.html"}
    for page in site.rglob("*.html"):
        if page.name != "404.html":
            for a in switcher(page).links:
                assert resolve(site, page, a["href"]).exists(), (page, a)


# real headless Chromium -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(centre: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The built site served under /ustaz/ (as a GitHub Pages project site), not at the server's root."""
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(centre[1], www / "ustaz")
    with SiteServer(www) as server:
        yield server


@pytest.fixture(scope="module")
def session():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield browser


def _switch(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.hover(".md-header .md-select")  # the menu opens on hover or focus (CSS only)
    page.locator(f'[data-ustaz="languages"] a[hreflang="{lang}"]').click()


@skip_without_chromium
def test_clicking_russian_on_a_kazakh_program_page_opens_the_same_program_in_russian(  # type: ignore[no-untyped-def]
        centre, served, session) -> None:
    root, _ = centre
    with session.page() as (page, requests):
        page.set_viewport_size({"width": 1400, "height": 900})
        page.goto(served.url("ustaz/programs/robotics-advanced/"))
        assert page.locator(".ustaz-program h1").inner_text().strip() == _title(root, "robotics-advanced", "kk")
        page.wait_for_load_state("networkidle")
        assert "js" in page.evaluate("document.documentElement.className").split()  # Material's script ran
        _switch(page, "ru")
        page.wait_for_url(served.url("ustaz/ru/programs/robotics-advanced/"), timeout=10_000)
        assert page.evaluate("document.documentElement.lang") == "ru"
        assert page.locator(".ustaz-program h1").inner_text().strip() == _title(root, "robotics-advanced", "ru")
        # the discussion record switches to the record, and back to Kazakh
        page.goto(served.url("ustaz/ru/programs/robotics-advanced/discussion/"))
        page.wait_for_load_state("networkidle")
        _switch(page, "kk")
        page.wait_for_url(served.url("ustaz/programs/robotics-advanced/discussion/"))
        assert page.evaluate("document.documentElement.lang") == "kk"
        assert page.locator("#suggestion-2").count() == 1
        # no translation: the language's home, never a 404
        page.goto(served.url("ustaz/en/reference/site/"))
        page.wait_for_load_state("networkidle")
        _switch(page, "ru")
        page.wait_for_url(served.url("ustaz/ru/"))
        assert page.evaluate("document.documentElement.lang") == "ru"
        assert not served.third_party(requests)


@skip_without_chromium
def test_the_switcher_works_without_javascript(centre, served, session) -> None:  # type: ignore[no-untyped-def]
    root, _ = centre
    context = session.browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 1400, "height": 900})
        response = page.goto(served.url("ustaz/programs/eco-lab/"))
        assert response is not None and response.ok
        assert page.evaluate("document.documentElement.className").split().count("no-js") == 1
        _switch(page, "ru")
        page.wait_for_url(served.url("ustaz/ru/programs/eco-lab/"))
        assert page.locator(".ustaz-program h1").inner_text().strip() == _title(root, "eco-lab", "ru")
        _switch(page, "en")
        page.wait_for_url(served.url("ustaz/en/programs/eco-lab/"))
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()


def test_translations_pair_pages_by_their_path_within_the_language_folder() -> None:
    """The rule itself, on a ky/ru site (ky first, without prefix): same rest of path = translation."""
    from ustaz.site.languages import SiteLanguages
    from ustaz.site.translations import Translations

    urls = {"index.md": "./", "ru/index.md": "ru/", "programs/x.md": "programs/x/", "ru/programs/x.md": "ru/programs/x/",
            "ru/only.md": "ru/only/", "ru.md": "ru.html"}
    t = Translations(languages=SiteLanguages(codes=("ky", "ru")), names={"ky": "Кыргызча", "ru": "Русский"},
                     page_urls=urls)
    x = {a.lang: (a.href, a.translated, a.current) for a in t.of("ru/programs/x.md")}
    assert x == {"ky": ("../../../programs/x/", True, False), "ru": ("./", True, True)}
    only = {a.lang: (a.href, a.translated, bool(a.note)) for a in t.of("ru/only.md")}
    assert only == {"ky": ("../../", False, True), "ru": ("./", True, False)}
    home = {a.lang: (a.href, a.url) for a in t.of("index.md")}
    assert home == {"ky": ("./", ""), "ru": ("ru/", "ru/")}
    # a default-language page named like a language is not in that language's folder
    assert {a.lang: a.translated for a in t.of("ru.md")} == {"ky": True, "ru": False}
