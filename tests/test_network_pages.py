"""Site pages per network (N-1 … N-4, N-6 openness), tested on the generator's output directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown

from ustaz.checks import Context
from ustaz.project import Project
from ustaz.site.contrib.networks import md_text, network_pages
from ustaz.site.extensions import PAGE_GENERATORS, load_contrib


def pages(root: Path) -> dict[str, str]:
    ctx = Context(project=Project.load(root), today=dt.date(2026, 11, 23))
    return {p.path: p.content for p in network_pages(ctx)}


def html(md: str) -> str:
    return markdown.markdown(md, extensions=["tables"])


def test_the_generator_is_registered() -> None:
    load_contrib()
    assert network_pages in PAGE_GENERATORS


def test_a_page_per_network_and_language_N1(project: Path) -> None:
    got = pages(project)
    # kz-2023: kk is the default language (no prefix), then ru and en
    for prefix in ("", "ru/", "en/"):
        for name in ("index", "ast-school-101", "alm-gymnasium-21", "akm-ulgi-school"):
            assert f"{prefix}networks/{name}.md" in got
    assert len(got) == 12


def test_a_network_page_shows_its_schools_centre_events_and_resources_N3_N4(project: Path) -> None:
    page = html(pages(project)["ru/networks/ast-school-101.md"])
    # the leading school and its four partners, not the school outside the network (ast-school-106)
    for n in ("101", "102", "103", "104", "105"):
        assert f"№ {n}" in page
    assert "№ 106" not in page and "Гимназия № 21" not in page
    assert page.count("Партнёрская школа") == 4 and "Ведущая школа" in page
    assert page.count("<td>Астана</td>") == 5  # KZ-71 in Russian (vocab REGION_NAMES)
    assert "Координационный центр филиала центра «Пример» в городе Астане" in page
    assert "Lesson Study: групповая работа на уроке математики в 5 классе" in page
    assert '<a href="https://example.org/networks/ast-school-101/seminar-2026-03">' in page
    assert "Исследование в действии" in page  # the event kind's name in Russian
    assert '<a href="https://example.org/networks/ast-school-101/media">Видеозаписи открытых уроков</a>' in page
    # events in date order
    assert page.index("2026-02-12") < page.index("2026-03-19") < page.index("2026-04-23")


def test_the_index_lists_networks_with_counts(project: Path) -> None:
    page = html(pages(project)["networks/index.md"])
    assert '<a href="ast-school-101.md">№ 101 мектеп-лицей (ойдан шығарылған)</a>' in page
    row = next(r for r in page.split("<tr>") if "alm-gymnasium-21.md" in r)
    assert "<td>3</td>" in row and "<td>2</td>" in row  # 3 partners, 2 events


def test_table_text_cannot_inject_html_or_break_tables(project: Path) -> None:
    orgs = project / "data" / "organizations.csv"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(
        "Общеобразовательная школа № 102 (вымышленная)", '"<script>alert(1)</script> | *x* [a](javascript:alert(1))"'), encoding="utf-8")
    res = project / "data" / "networks" / "resources.csv"
    res.write_text(res.read_text(encoding="utf-8") + "ast-odd,ast-school-101,portal,Сілтеме,Ссылка,"
                   "https://example.org/a(b) c\n".replace(" c", ""), encoding="utf-8")
    page = html(pages(project)["ru/networks/ast-school-101.md"])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page and "<em>" not in page
    row = next(r for r in page.split("<tr>") if "alert" in r)
    assert row.count("<td>") == 4  # the | inside the name did not add a column
    assert 'href="https://example.org/a%28b%29"' in page


def test_md_text_escapes() -> None:
    assert md_text("a|b") == "a\\|b"
    assert md_text("<b>&") == "&lt;b&gt;&amp;"
    assert md_text("line\n# heading") == "line # heading"


def test_no_networks_no_pages(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "policy.yml").write_text("preset: kg-2013\n", encoding="utf-8")
    assert pages(tmp_path) == {}
