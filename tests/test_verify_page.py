"""The verify page's lean shell (#18: the page a QR code opens on a slow phone): no theme script bundle, no search,
the lookup's script for the page's language first in its head, one stylesheet (the theme's cut, then ustaz.css and
verify.css), and the theme's stylesheet cut to what the page uses (verify/theme.css) — which
must look exactly as the whole stylesheet does, checked pixel for pixel in headless Chromium at phone and desktop
widths, in every language. The cut itself is held to CSS that trips naive parsers (strings and data: URLs with
braces and semicolons, :not(), nested @media)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser import SiteServer, chromium, skip_without_chromium
from certsite import build_site
from conftest import ROOT
from PIL import Image, ImageChops

from ustaz.certificates.labels import PAGE_LABELS, page_labels
from ustaz.site.contrib.verify_theme import (
    MAX_MERGED,
    CssError,
    blocks,
    classes_of,
    cut,
    following_sheets,
    prune_custom_properties,
    with_script,
    without_sheets,
)

SHEET = """@charset "utf-8";
:root{--used:#111;--chain:var(--used);--unused:#222;--icon:url('data:image/svg+xml;charset=utf-8,<svg>{;}</svg>')}
.a{color:var(--chain)}
.b{color:red}
.a .b,.a:not(.b){margin:0}
.a:is(.zz,.yy) p{padding:0}
[data-x="}{"],.a::before{content:"}{;"}
html,body{height:100%}
@media screen and (min-width:60em){.b{color:blue}.a{color:green}}
@media print{.b{display:none}}
@supports (display:grid){.a .b{display:grid}}
@keyframes spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}
@font-face{font-family:X;src:url(x.woff2)}
"""


def test_the_cut_keeps_what_the_classes_reach_and_nothing_else() -> None:
    out = cut(SHEET, {"a"})
    assert ".a{color:var(--chain)}" in out and ".b{color:red}" not in out
    assert ".a:not(.b){margin:0}" in out and ".a .b" not in out.split("@supports")[0]  # one selector of two
    assert ".a:is(.zz,.yy) p{padding:0}" in out  # alternatives inside :is() require nothing
    assert '[data-x="}{"],.a::before{content:"}{;"}' in out  # braces in strings are text
    assert "html,body{height:100%}" in out and '@charset "utf-8";' in out
    assert "@media screen and (min-width:60em){.a{color:green}}" in out and "@media print" not in out
    assert "@supports" not in out  # its only rule needs .b
    assert "@keyframes spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}" in out and "@font-face" in out
    assert cut(SHEET, {"a", "b"}) == SHEET.replace("\n", "")  # with every class used, every rule stays as it was


def test_unread_custom_properties_go_chains_and_outside_readers_stay() -> None:
    out = prune_custom_properties(cut(SHEET, {"a"}))
    assert "--used:#111" in out and "--chain:var(--used)" in out  # read through a chain
    assert "--unused" not in out and "--icon" not in out  # the data: URL with ';' inside went whole
    assert "--icon:url('data:image/svg+xml;charset=utf-8,<svg>{;}</svg>')" in prune_custom_properties(
        SHEET, readers=".x{background:var(--icon)}")  # read by another stylesheet of the page
    assert prune_custom_properties(".a{color:red}") == ".a{color:red}"


@pytest.mark.parametrize("bad", [".a{color:red", ".a{color:red}}", '.a{content:"x}', "/* open", ".a{}{"])
def test_a_stylesheet_that_does_not_parse_is_refused(bad: str) -> None:
    with pytest.raises(CssError):
        cut(bad, {"a"})


def test_classes_of_a_page() -> None:
    assert classes_of('<div class="md-a  md-b"><p class="c">x</p><i data-class="no"></i></div>') == {"md-a", "md-b",
                                                                                                    "c"}
    assert blocks("a{b:c}d;") == [("a", "b:c"), ("d", None)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verify") / "project"
    root.mkdir()
    for name in ("programs", "data", "content"):
        shutil.copytree(ROOT / name, root / name)
    return build_site(root, root.parent / "site")


PAGES = ["verify/", "ru/verify/", "en/verify/"]


@pytest.mark.parametrize("page", PAGES)
def test_the_verify_page_loads_only_what_the_lookup_needs(site: Path, page: str) -> None:
    """Two requests for the page (#18): the lookup's script for the page's language first in the head (before the
    stylesheet, so a QR link's data is asked for while the page arrives), and one stylesheet: the theme's cut with
    ustaz.css and verify.css after it; no script file."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<script[^>]* src="([^"]+)"', html) == []  # no theme bundle, no ustaz.js, no verify.js
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert [s.rsplit("/", 1)[-1] for s in sheets] == ["theme.css"]
    assert not re.search(r"main\.[0-9a-f]+\.min\.css", html)
    head = html.split("</head>", 1)[0]
    assert head.index('var FORMAT = "ustaz-verify/4"') < head.index('<link rel="stylesheet"')
    assert "<!--ustaz-verify-script-->" not in html
    theme = (site / "verify/theme.css").read_text(encoding="utf-8")
    for own in (site / "assets/ustaz/ustaz.css", site / "verify/verify.css"):
        assert theme.endswith(own.read_text(encoding="utf-8")) or own.read_text(encoding="utf-8") + "\n" in theme
    lang = re.search(r'data-lang="(\w+)"', html).group(1)  # type: ignore[union-attr]
    assert f"var LANG = {json.dumps(lang)};" in head
    assert json.dumps(page_labels(lang)["checking"], ensure_ascii=False) in head
    others = {v["checking"] for k, v in PAGE_LABELS.items() if v["checking"] != page_labels(lang)["checking"]}
    assert not [o for o in others if json.dumps(o, ensure_ascii=False) in head]  # no other language's labels
    assert re.search(r'<meta name="ustaz-verify-base" content="(\.\./)*(verify/|\./)">', head)
    assert "template:" not in html  # the front matter chose the template, it is not text
    # every other page keeps the whole theme
    other = (site / page.replace("verify/", "") / "index.html").read_text(encoding="utf-8")
    assert re.search(r"main\.[0-9a-f]+\.min\.css", other) and "bundle." in other and "theme.css" not in other
    whole = next(site.glob("assets/stylesheets/main.*.min.css")).stat().st_size
    assert (site / "verify/theme.css").stat().st_size < whole / 2


def test_the_script_stays_inert_and_only_small_plain_sheets_join_the_theme(tmp_path: Path) -> None:
    """A label that says `</script>` cannot end the script; the sheets after the theme's cut join it only when every
    page links the same ones, each a small file of the site with no relative url()."""
    page = "<html><head><!--ustaz-verify-script--></head><body></body></html>"
    out = with_script(page, 'var L = {"x": "</script><b>"};')
    assert out.count("</script>") == 1 and "<\\/script><b>" in out
    assert with_script("<head></head>", "1").startswith("<head><script>1</script>")  # no marker: the head's end
    site = tmp_path / "site"
    (site / "v").mkdir(parents=True)
    theme = site / "v/theme.css"
    theme.write_text(".t{}", encoding="utf-8")
    (site / "v/a.css").write_text(".a{color:red}", encoding="utf-8")
    (site / "v/b.css").write_text(".b{background:url(img.png)}", encoding="utf-8")
    (site / "v/c.css").write_text(".c{}" * MAX_MERGED, encoding="utf-8")

    def head(*hrefs: str) -> str:
        return "<head>" + "".join(f'<link rel="stylesheet" href="{h}">' for h in hrefs) + "</head>"

    pages = {site / "v/index.html": head("theme.css", "a.css"), site / "v/x/index.html": head("../theme.css", "../a.css")}
    assert following_sheets(pages, site, theme) == [(site / "v/a.css").resolve()]
    assert without_sheets(pages[site / "v/x/index.html"], site / "v/x", [(site / "v/a.css").resolve()]) == head(
        "../theme.css")
    for other in ("b.css", "c.css", "https://cdn.example/e.css", "../outside.css"):
        assert following_sheets({site / "v/index.html": head("theme.css", "a.css", other)}, site, theme) == [], other
    assert following_sheets({**pages, site / "v/y.html": head("theme.css")}, site, theme) == []  # pages differ
    assert following_sheets({site / "v/index.html": head("main.css", "a.css")}, site, theme) == []  # a palette


@skip_without_chromium
def test_the_cut_stylesheet_looks_exactly_like_the_whole_one(site: Path, tmp_path: Path) -> None:
    """Each verify page as built, and the same page with the whole theme stylesheet in place of the cut: the same
    pixels on a 390 px phone and a 1280 px screen (a rule the cut lost would show)."""
    main = next(site.glob("assets/stylesheets/main.*.min.css")).name
    for page in PAGES:
        built = (site / page / "index.html").read_text(encoding="utf-8")
        to_root = "../" * page.count("/")
        # verify/theme.css holds the cut, then ustaz.css and verify.css (verify_theme.py): the whole theme and those two
        whole = re.sub(r'<link rel="stylesheet" href="[^"]*theme\.css">', "".join(
            f'<link rel="stylesheet" href="{to_root}{path}">' for path in (f"assets/stylesheets/{main}",
                                                                          "assets/ustaz/ustaz.css", "verify/verify.css")),
            built)
        assert whole != built
        (site / page / "whole.html").write_text(whole, encoding="utf-8")
    try:
        with SiteServer(site) as server, chromium() as browser:
            for page in PAGES:
                for width in (390, 1280):
                    shots = []
                    for name in ("index.html", "whole.html"):
                        with browser.page() as (tab, _):
                            tab.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
                            tab.goto(server.url(page + name))  # type: ignore[attr-defined]
                            # the page settled: its manifest fetched, fonts in, no animation or caret mid-blink
                            tab.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
                            tab.evaluate("document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]
                            path = tmp_path / f"{page.replace('/', '_')}{width}-{name}.png"
                            tab.screenshot(path=str(path), full_page=True, animations="disabled",  # type: ignore[attr-defined]
                                           caret="hide")
                            shots.append(Image.open(path).convert("RGB"))
                    assert shots[0].size == shots[1].size, (page, width)
                    assert ImageChops.difference(*shots).getbbox() is None, (page, width)
    finally:
        for page in PAGES:
            (site / page / "whole.html").unlink()
