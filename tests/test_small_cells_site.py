"""Small counts of people on the built site (C-8 personal data; S-8 support summary, C-20 statistics, M-2
survey): a fictional small region's 1 or 2 teachers show as "< 3", never as the number, and the totals do
not give them away. The site is built for real (`ustaz build`) and read in headless Chromium."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace
from pathlib import Path

import pytest
from browser import CHROMIUM, SiteServer, chromium_page
from certsite import build_site
from conftest import run_ustaz
from sealed import plain_certificate

from ustaz.calendar import valid_until
from ustaz.certificates import codes
from ustaz.certificates.register import Certificate, Status
from ustaz.certificates.writer import append
from ustaz.checks import Context
from ustaz.monitoring.charts import response_chart
from ustaz.monitoring.stats import ProgramStats
from ustaz.monitoring.words import words
from ustaz.project import Project
from ustaz.site.contrib.certificates import statistics_page
from ustaz.support.site_pages import PublicCounts, support_pages

TODAY = dt.date(2026, 11, 23)

# Support plans per region, on top of the example's one each in KZ-11, KZ-71, KZ-75. KZ-10 (Abai Region) is
# the fictional small region: 2 teachers. Shymkent has 6: it is shown with its table of events.
EXTRA_PLANS = {"KZ-10": 2, "KZ-71": 3, "KZ-75": 4, "KZ-79": 6}
# … which gives KZ-10: 2, KZ-11: 1, KZ-71: 4, KZ-75: 5, KZ-79: 6 teachers, 18 in all.

PLAN = """\
teacher: {teacher}
name: "Тестовый Педагог {teacher} (fictional)"
program: robotics-basics
organization: ast-school-101
region: {region}
directions: [professional-community]
starts: 2026-06-10
ends: 2027-06-30
approval:
  association: {{date: 2026-06-05, protocol: "4"}}
  head: {{date: 2026-06-08, order: "57"}}
events:
  - {{kind: webinar, level: organisation, date: 2026-09-17, status: held,
     evidence: [{{kind: development-document, url: "https://example.org/{teacher}/1"}}]}}
  - {{kind: seminar, level: district, date: 2026-10-01, status: held,
     evidence: [{{kind: development-document, url: "https://example.org/{teacher}/2"}}]}}
  - {{kind: conference, level: region, date: 2027-03-02, status: planned}}
"""


def _plant_plans(project: Path) -> None:
    plans = project / "examples" / "private" / "support" / "plans"
    n = 100
    for region, count in EXTRA_PLANS.items():
        for _ in range(count):
            n += 1
            (plans / f"t-{n:04d}.yml").write_text(PLAN.format(teacher=f"t-{n:04d}", region=region), encoding="utf-8")


# Certificates per region: KZ-10 has 2 (a fictional cohort there), the others enough to be shown.
COHORTS = {"2026-rb-kk-01": ("KZ-71", 6), "2026-rb-ru-01": ("KZ-75", 5), "2026-rb-kk-10": ("KZ-10", 2),
           "2026-rb-kk-11": ("KZ-11", 8), "2026-rb-ru-79": ("KZ-79", 7)}


def _plant_certificates(project: Path) -> None:
    schedule = project / "data" / "schedule" / "2026.csv"
    rows = [f"{cohort},robotics-basics,{cohort.split('-')[2]},{i + 2},2026-09-07,2026-09-18,{region},blended,25,true"
            for i, (cohort, (region, _)) in enumerate(COHORTS.items()) if cohort.endswith(("-10", "-11", "-79"))]
    schedule.write_text(schedule.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    certs = []
    for cohort, (_, count) in COHORTS.items():
        for i in range(count):
            issued = dt.date(2026, 10, 23)
            code = codes.new_code()
            certs.append(plain_certificate(code=code, shown_code=codes.display(code), program="robotics-basics",
                                     cohort=cohort, holder=f"Холдер {cohort} {i} (fictional)", hours=80,
                                     course_ended=dt.date(2026, 10, 20), issued=issued,
                                     valid_until=valid_until(issued, 3), status=Status.ISSUED))
    append(project, certs)


def _row(page: str, label: str) -> list[str]:
    """The cells of the table row whose first cell contains `label` (text only)."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.DOTALL):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL)]
        if cells and label in cells[0]:
            return cells
    raise AssertionError(f"no row for {label!r}")


def test_c8_s8_support_page_hides_a_small_region_and_its_events(project: Path) -> None:
    """C-8, S-8: per program, teachers per region with a total; the small region shows "< 3", the two next
    smallest regions are withheld ("x"), only the large region keeps its numbers and its table of events."""
    _plant_plans(project)
    assert run_ustaz("publish", "aggregates", cwd=project).returncode == 0
    pages = {p.path: p.content for p in support_pages(Project.load(project, public_only=True))}
    en = pages["en/support/index.md"]
    assert "| Abai Region (KZ-10) | < 3 | x |" in en
    assert "| Akmola Region (KZ-11) | < 3 | x |" in en
    assert "| Astana (KZ-71) | x | x |" in en and "| Almaty (KZ-75) | x | x |" in en
    assert "| Shymkent (KZ-79) | 6 | 12 |" in en
    assert "| Total | 18 | x |" in en  # the events' total would give away the hidden regions' events
    assert "### Shymkent (KZ-79)" in en and "| Webinar | 6 | 0 | 0 | 0 | 6 |" in en
    assert "### Abai" not in en and "### Astana" not in en  # no event table for a hidden count
    assert "“< 3”: fewer than 3 people" in en
    assert "«< 3»: меньше 3 человек" in pages["ru/support/index.md"]
    assert "«< 3»: 3 адамнан аз" in pages["support/index.md"]  # kk, the default language


def test_c8_s8_c20_built_site_shows_fewer_than_n_and_never_the_small_number(project: Path, tmp_path: Path) -> None:
    """C-8, S-8, C-20: the real build of a centre with a fictional small region (Abai, KZ-10: 2 supported
    teachers, 2 certificates). In every language the built support page and the certificate statistics show
    "< 3" for it, and nothing on the page lets 2 be worked out (the other cells it would take are "x")."""
    _plant_plans(project)
    _plant_certificates(project)
    assert run_ustaz("publish", "aggregates", cwd=project).returncode == 0  # the staff's step before the build
    # the planted certificates are synthetic rows (their course_ended is not their cohort's end): built anyway
    site = build_site(project, tmp_path / "site", allow_errors=True)
    for prefix in ("", "ru/", "en/"):
        support = (site / prefix / "support" / "index.html").read_text(encoding="utf-8")
        assert _row(support, "(KZ-10)")[1:] == ["< 3", "x"], prefix
        assert _row(support, "(KZ-79)")[1:] == ["6", "12"]
        assert "KZ-10) | 2" not in support and not re.search(r"KZ-10\)</t[dh]>\s*<td[^>]*>2<", support)
        stats = (site / prefix / "verify" / "statistics" / "index.html").read_text(encoding="utf-8")
        assert _row(stats, "(KZ-10)")[1] == "< 3", prefix
        assert _row(stats, "(KZ-75)")[1] == "x" and _row(stats, "(KZ-71)")[1] == "x"  # 5 and 6, withheld
        assert _row(stats, "(KZ-11)")[1] == "8" and _row(stats, "(KZ-79)")[1] == "7"
        assert "<strong>28</strong>" in stats  # the total stays: 28 − 8 − 7 = 13 = KZ-10 + KZ-71 + KZ-75
        assert _row(stats, "2026")[1] == "28"  # per year (and per program): facts of the register, exact
    _shown_in_chromium(site)


def _shown_in_chromium(site: Path) -> None:
    """What a visitor sees: the rendered table cell reads "< 3" (not an HTML tag eaten by the browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is needed (scripts/install-system-deps.sh)")
    with chromium_page() as (page, _), SiteServer(site) as server:
        page.goto(server.url("en/support/"))  # type: ignore[attr-defined]
        rows = page.evaluate("() => [...document.querySelectorAll('article table tr')].map("  # type: ignore[attr-defined]
                             "r => [...r.cells].map(c => c.innerText.trim()))")
        assert ["Abai Region (KZ-10)", "< 3", "x"] in rows, rows
        assert not any(r[0].startswith("Abai") and "2" in r[1:] for r in rows if r)
        text = page.inner_text("article")  # type: ignore[attr-defined]
        assert "fewer than 3 people" in text


def test_c8_c20_a_region_breakdown_that_would_need_its_total_hidden_is_not_published(project: Path) -> None:
    """C-8, C-20: the page's total (and the per-program table) publish the total anyway, so when every
    region would be hidden, the region table is replaced by a sentence."""
    append(project, [replace(_one_cert(), cohort="2026-rb-kk-01"), replace(_one_cert(), cohort="2026-rb-kk-01")])
    assert run_ustaz("publish", "aggregates", cwd=project).returncode == 0
    ctx = Context(project=Project.load(project, public_only=True), today=TODAY)
    page = statistics_page(ctx, "en").content
    assert "Total: **2**" in page and "(KZ-71)" not in page
    assert "Not published in this breakdown" in page
    assert "В этой разбивке не публикуется" in statistics_page(ctx, "ru").content


def _one_cert() -> Certificate:
    code = codes.new_code()
    issued = dt.date(2026, 10, 23)
    return plain_certificate(code=code, shown_code=codes.display(code), program="robotics-basics", cohort="",
                       holder="Бір Сертификат (fictional)", hours=80, course_ended=dt.date(2026, 10, 20),
                       issued=issued, valid_until=valid_until(issued, 3), status=Status.ISSUED)


def _stats(program: str, responses: int, invited: int | None) -> ProgramStats:
    return ProgramStats(program=program, title=program.title(), responses=responses, invited=invited, questions=())


def test_c8_m2_survey_responses_of_a_small_program_show_fewer_than_n_and_no_rate() -> None:
    """C-8, M-2: responses and invitations per program are counts of people; a rate beside a hidden count
    would give it back (rate × invited), so it is "x", and the chart draws no bar for it."""
    stats = (_stats("robotics", 11, 14), _stats("drones", 2, 9), _stats("music", 4, 2))
    counts = PublicCounts.of(stats, 3)
    assert counts.responses.texts() == ["11", "< 3", "4"] and counts.invited.texts() == ["14", "9", "< 3"]
    assert counts.responses.total is None  # no total is published: nothing to subtract from
    masked = counts.masked(stats)
    assert masked == {"drones": "< 3 / 9", "music": "4 / < 3"}
    svg = response_chart(list(stats), words("en"), masked)
    assert "&lt; 3 / 9" in svg and "11 / 14 (79%)" in svg
    assert "2 / 9" not in svg and "22%" not in svg and "200%" not in svg and "4 / 2" not in svg
