"""Built sites: the Kyrgyz school's ky site (K-1, K-3, P-4 in ky) and the network pages (N-1 … N-4),
read back as HTML and in real headless Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from browser import SiteServer, chromium_page, skip_without_chromium
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY, copy_project

from ustaz.policy import preset

KY_TITLES = preset("kg-2013").section_titles("ky")
RU_TITLES = preset("kg-2013").section_titles("ru")


@pytest.fixture(scope="module")
def kg_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/kg-school built from a copy that keeps its place under the repository (its mkdocs.yml
    takes Material's ky.html from ../../overrides)."""
    base = tmp_path_factory.mktemp("kg")
    shutil.copytree(ROOT / "overrides", base / "overrides")
    school = base / "examples" / "kg-school"
    shutil.copytree(ROOT / "examples" / "kg-school", school, ignore=shutil.ignore_patterns("site"))
    res = run_ustaz("build", "--site-dir", str(base / "site"), cwd=school, env={"USTAZ_TODAY": BUILD_DAY})
    assert res.returncode == 0, res.stderr
    return base / "site"


@pytest.fixture(scope="module")
def centre_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("centre") / "project")
    res = run_ustaz("build", "--site-dir", str(root / "site"), cwd=root, env={"USTAZ_TODAY": BUILD_DAY})
    assert res.returncode == 0, res.stderr
    return root / "site"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_kyrgyz_site_is_in_ky_with_ru_beside_it_K1_K3(kg_site: Path) -> None:
    home = (kg_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ky"' in home
    assert 'placeholder="Издөө"' in home  # Material's search box in Kyrgyz (overrides/partials/languages/ky.html)
    course = (kg_site / "programs" / "funktsionaldyk-sabattuuluk" / "index.html").read_text(encoding="utf-8")
    text = _text(course.split("<article", 1)[1])  # the page's own text: the nav names the support page too
    positions = [text.find(t) for t in KY_TITLES]
    assert -1 not in positions and positions == sorted(positions)  # all ten P-4 sections, in order
    assert "Окуучулардын функционалдык сабаттуулугун өнүктүрүү" in text
    retraining = _text((kg_site / "programs" / "kosumcha-bilim-pedagogu" / "index.html").read_text(encoding="utf-8"))
    assert "Кошумча билим берүү педагогу" in retraining and "520" in retraining
    ru = (kg_site / "ru" / "programs" / "funktsionaldyk-sabattuuluk" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in ru
    ru_text = _text(ru)
    assert all(t in ru_text for t in RU_TITLES)


def test_the_kyrgyz_site_holds_no_personal_data(kg_site: Path) -> None:
    """The staff list is private (K-2): no teacher's name reaches the site."""
    staff = (ROOT / "examples" / "kg-school" / "examples" / "private" / "staff.csv").read_text(encoding="utf-8")
    surnames = [line.split(",")[1].split(" ")[0] for line in staff.splitlines()[1:]]
    assert len(surnames) == 6
    for path in kg_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".xml", ".ics"):
            body = path.read_text(encoding="utf-8", errors="replace")
            assert not [s for s in surnames if s in body], path


def test_the_network_page_is_built_N1_N4(centre_site: Path) -> None:
    page = (centre_site / "ru" / "networks" / "ast-school-101" / "index.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "Сеть: Школа-лицей № 101 (вымышленная)" in text
    assert text.count("Партнёрская школа") == 4
    assert '<a href="https://example.org/networks/ast-school-101/media">' in page
    index = (centre_site / "networks" / "index.html").read_text(encoding="utf-8")
    assert 'href="ast-school-101/"' in index or 'href="ast-school-101/index.html"' in index


@skip_without_chromium
def test_pages_in_chromium_N1_K1(kg_site: Path, centre_site: Path) -> None:
    with chromium_page() as (page, requests):
        with SiteServer(kg_site) as server:
            page.goto(server.url("programs/funktsionaldyk-sabattuuluk/"))  # type: ignore[attr-defined]
            assert page.locator("html").get_attribute("lang") == "ky"  # type: ignore[attr-defined]
            assert "функционалдык сабаттуулугун" in page.locator("h1").first.inner_text()  # type: ignore[attr-defined]
            headings = page.locator("h2[id^=section-]").all_inner_texts()  # type: ignore[attr-defined]
            assert [h.strip() for h in headings] == [f"{i}. {t}" for i, t in enumerate(KY_TITLES, 1)]
            assert not server.third_party(requests)
            # leave the page while its server still runs: its search worker may still be fetching lunr.ru,
            # and a request that arrives after the clear would count against the next server's port
            page.goto("about:blank")  # type: ignore[attr-defined]
            page.wait_for_timeout(200)  # type: ignore[attr-defined]
        requests.clear()  # the other server's requests were on another port
        with SiteServer(centre_site) as server:
            page.goto(server.url("ru/networks/"))  # type: ignore[attr-defined]
            page.get_by_role("link", name="Гимназия № 21 (вымышленная)", exact=True).click()  # type: ignore[attr-defined]
            page.wait_for_url("**/ru/networks/alm-gymnasium-21/")  # type: ignore[attr-defined]
            rows = page.locator("table").first.locator("tbody tr").all_inner_texts()  # type: ignore[attr-defined]
            assert len(rows) == 4 and "Ведущая школа" in rows[0]
            assert page.get_by_role("link", name="Портал сетевого сообщества").get_attribute("href") == \
                "https://example.org/networks/alm-gymnasium-21/portal"  # type: ignore[attr-defined]
            assert not server.third_party(requests)
