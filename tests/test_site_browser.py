"""The published site in real headless Chromium (issue 4): program pages per language, a draft with its
P-6 deadline, the discussion record, the schedule and its ICS feed, Cyrillic search, no third-party
requests, and the right <html lang> on every page."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from browser import SiteServer, chromium, skip_without_chromium
from conftest import run_ustaz
from site_fixtures import BUILD_DAY, add_example_programs, build, copy_project

from ustaz.deadlines import next_review_due
from ustaz.policy import preset

pytestmark = skip_without_chromium


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = copy_project(tmp_path_factory.mktemp("site") / "project")
    add_example_programs(root)
    site = root.parent / "site"
    build(root, site)
    return root, site


@pytest.fixture(scope="module")
def session():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def browser(built: tuple[Path, Path], session):  # type: ignore[no-untyped-def]
    with SiteServer(built[1]) as server, session.page() as (page, requests):
        yield server, page, requests


def _program(root: Path, pid: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((root / "programs" / pid / "program.yml").read_text(encoding="utf-8"))


def _p6_due(root: Path, pid: str) -> dt.date:
    """The discussion's end as `ustaz deadlines` reports it: the site must show the same date."""
    done = run_ustaz("deadlines", "--today", BUILD_DAY, "--format", "json", cwd=root)
    items = [d for d in json.loads(done.stdout)["deadlines"] if d["subject"] == pid and d["rule"] == "P-6"]
    return dt.date.fromisoformat(items[-1]["due"])


@pytest.mark.parametrize("lang,prefix,datefmt", [("kk", "", "%d.%m.%Y"), ("ru", "ru/", "%d.%m.%Y")])
def test_program_page_per_language_P4_P10_P11(built, browser, lang, prefix, datefmt) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    server, page, _ = browser
    data = _program(root, "robotics-basics")
    page.goto(server.url(f"{prefix}programs/robotics-basics/"))
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator(".ustaz-program h1").inner_text().strip() == data["title"][lang]
    titles = [t.split(". ", 1)[1] for t in page.locator(".ustaz-program h2").all_inner_texts()]
    assert titles == list(preset("kz-2023").section_titles(lang))  # P-4, in order
    rows = page.locator('table[data-ustaz="modules"] tbody tr')
    assert rows.count() == len(data["modules"])
    assert rows.nth(1).locator("td").nth(1).inner_text() == data["modules"][1]["title"][lang]
    assert page.locator('table[data-ustaz="modules"] tfoot th').last.inner_text() == str(data["hours"])
    # the module table sits in section 5, the literature in section 10
    section_of = """sel => { const t = document.querySelector(sel);
        const before = [...document.querySelectorAll(".ustaz-program h2")].filter(
            h => h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
        return before[before.length - 1].id; }"""
    assert page.evaluate(section_of, 'table[data-ustaz="modules"]') == "section-5"
    assert page.evaluate(section_of, "ol.ustaz-literature") == "section-10"
    refs = page.locator("ol.ustaz-literature li").all_inner_texts()
    assert sorted(refs) == sorted(item["ref"] for item in data["literature"])
    approved = [e for e in data["lifecycle"] if e["event"] == "approved"][-1]
    assert f"№ {approved['order']}" in page.locator(".ustaz-approval").inner_text()
    from ustaz.project import Project

    program = Project.load(root).program_map["robotics-basics"]
    due = next_review_due(program, Project.load(root).policy)
    assert due is not None
    assert page.locator(".ustaz-next-review time").get_attribute("datetime") == due.isoformat()
    assert page.locator(".ustaz-next-review").inner_text() == due.strftime(datefmt)


def test_draft_page_shows_the_discussion_deadline_and_how_to_comment_P6(built, browser, session) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    server, page, _ = browser
    due = _p6_due(root, "robotics-advanced")
    page.goto(server.url("ru/drafts/"))
    item = page.locator('section[data-program="robotics-advanced"]')
    assert item.locator(".ustaz-deadline time").get_attribute("datetime") == due.isoformat()
    assert page.locator('section[data-program="robotics-basics"]').count() == 0  # approved: not a draft
    item.locator("h2 a").click()
    page.wait_for_url("**/ru/programs/robotics-advanced/")
    box = page.locator(".ustaz-draft")
    assert box.locator("time").inner_text() == due.strftime("%d.%m.%Y")
    # read while the discussion is open (after its end the box links the record instead: test_site_trust.py)
    almaty = dt.timezone(dt.timedelta(hours=5))
    with session.page() as (during, _):
        during.clock.set_fixed_time(dt.datetime.combine(due, dt.time(12), tzinfo=almaty))
        during.goto(server.url("ru/programs/robotics-advanced/"))
        during.locator(".ustaz-draft a", has_text="Как оставить замечание").click()
        during.wait_for_url("**/ru/comment/")
        assert during.locator(".md-content h1").first.inner_text() == "Как оставить замечание к проекту"
    # the page is read on later days than it was built: the label follows the reader's day in Almaty
    with session.page() as (later, _):
        for moment, label in ((dt.datetime.combine(due, dt.time(12), tzinfo=almaty), "Обсуждение завершается"),
                              (dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0, 30), tzinfo=almaty),
                               "Обсуждение завершено")):
            later.clock.set_fixed_time(moment)
            later.goto(server.url("ru/programs/robotics-advanced/"))
            assert label in later.locator(".ustaz-draft .ustaz-deadline").inner_text(), moment


def test_discussion_record_lists_every_suggestion_and_justification_P6(built, browser) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    server, page, _ = browser
    record = yaml.safe_load((root / "programs" / "robotics-basics" / "discussion.yml").read_text(encoding="utf-8"))
    page.goto(server.url("programs/robotics-basics/"))
    page.locator(".ustaz-actions a:not([download])").click()  # the discussion record, not a .docx
    page.wait_for_url("**/programs/robotics-basics/discussion/")
    rows = page.locator('table[data-ustaz="suggestions"] tbody tr')
    assert rows.count() == len(record["suggestions"])
    for s in record["suggestions"]:
        row = page.locator(f"#suggestion-{s['id']}")
        assert s["text"] in row.inner_text()
        assert row.locator(".ustaz-response").inner_text() == {"accepted": "Ескерілді", "rejected": "Қабылданбады"}[s["response"]]
        if s["response"] == "rejected":
            assert row.locator(".ustaz-justification").inner_text() == s["justification"]
    page.goto(server.url("ru/programs/robotics-advanced/discussion/"))
    assert page.locator("#suggestion-2 .ustaz-response").inner_text() == "Ожидает ответа"


def _unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_schedule_page_and_ics_feed_C2(built, browser) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    server, page, _ = browser
    import csv

    rows = list(csv.DictReader((root / "data" / "schedule" / "2026.csv").open(encoding="utf-8")))
    page.goto(server.url("ru/schedule/"))
    table = page.locator('table[data-ustaz="schedule-table"] tbody tr')
    assert table.count() == len(rows)
    for r in rows:
        cells = page.locator(f'tr[data-cohort="{r["cohort"]}"] td')
        assert cells.nth(4).locator("time").get_attribute("datetime") == r["starts"]
    href = page.locator("a.ustaz-ics").get_attribute("href")
    response = page.request.get(page.url + href)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    body = response.body()
    assert all(len(line) <= 75 for line in body.split(b"\r\n")), "RFC 5545 folds lines at 75 octets"
    text = body.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = _unfold(text)
    starts = sorted(line.split(":", 1)[1] for line in lines if line.startswith("DTSTART;VALUE=DATE:"))
    assert starts == sorted(r["starts"].replace("-", "") for r in rows)
    ends = sorted(line.split(":", 1)[1] for line in lines if line.startswith("DTEND;VALUE=DATE:"))
    assert ends == sorted((dt.date.fromisoformat(r["ends"]) + dt.timedelta(days=1)).strftime("%Y%m%d") for r in rows)


def test_search_finds_a_program_by_a_cyrillic_word(built, browser) -> None:  # type: ignore[no-untyped-def]
    server, page, _ = browser
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(server.url("ru/"))
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("датчики")  # a Cyrillic word of the program's glossary
    box.press("End")  # Material searches on keyup; fill() alone types no key
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href") or "" for a in results.all()]
    assert any("programs/robotics-basics/" in h for h in hrefs), hrefs


PAGES = {"": "kk", "programs/": "kk", "programs/robotics-basics/": "kk", "drafts/": "kk", "schedule/": "kk",
         "programs/robotics-basics/discussion/": "kk", "comment/": "kk", "ru/": "ru", "ru/programs/": "ru",
         "ru/programs/robotics-advanced/": "ru", "ru/schedule/": "ru", "en/": "en", "en/programs/robotics-basics/": "en",
         "en/reference/site/": "en", "ru/rules/": "ru"}


def test_no_page_requests_another_host_and_html_lang_is_right(built, browser) -> None:  # type: ignore[no-untyped-def]
    server, page, requests = browser
    for path, lang in PAGES.items():
        requests.clear()
        page.goto(server.url(path))
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == lang, path
        assert requests, "the recorder saw the page load"
        assert not server.third_party(requests), (path, server.third_party(requests))
    # every built page, not only those visited: nothing it embeds comes from another host
    embeds = re.compile(r'<(?:script|img|iframe|link|source|video|audio)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.IGNORECASE)
    for html_file in built[1].rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        for m in embeds.finditer(text):
            assert 'rel="canonical"' in m.group(0) or 'rel="alternate"' in m.group(0), (html_file, m.group(0))


def test_catalogue_filters_run_in_the_page(built, browser) -> None:  # type: ignore[no-untyped-def]
    from ustaz.model.lifecycle import status
    from ustaz.project import Project

    server, page, _ = browser
    statuses = sorted(status(p).value for p in Project.load(built[0]).program_map.values())
    page.goto(server.url("ru/programs/"))
    visible = lambda: sorted(r.get_attribute("data-status") for r in page.locator("tr.ustaz-program-row:visible").all())
    assert visible() == statuses
    page.select_option('select[data-filter="status"]', "discussion")
    assert visible() == [s for s in statuses if s == "discussion"] and visible()
    assert page.locator('section[data-direction="ecological-biological"] tr.ustaz-program-row[data-status="discussion"]').count() \
        or page.locator('section[data-direction="ecological-biological"]').is_hidden()
    page.select_option('select[data-filter="status"]', "")
    page.fill('input[data-filter="text"]', "экологическая лаборатория")
    assert visible() == ["revision"]


def test_program_page_prints_without_the_site_chrome(built, browser) -> None:  # type: ignore[no-untyped-def]
    server, page, _ = browser
    page.goto(server.url("ru/programs/robotics-basics/"))
    page.emulate_media(media="print")
    try:
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.ustaz-actions']
            .map(sel => document.querySelector(sel)).filter(Boolean)
            .map(el => getComputedStyle(el).display)""")
        assert hidden and set(hidden) == {"none"}
        assert page.locator('table[data-ustaz="modules"]').is_visible()
        assert page.locator("#section-10").is_visible()
    finally:
        page.emulate_media(media="screen")
    pdf = page.pdf()  # Chromium prints the page (headless only)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


PAYLOADS = {
    "script": "<script>window.__pwned = 'script'</script>",
    "onerror": '<img src="x" onerror="window.__pwned = \'onerror\'">',
    "svg": "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "js-link": "[нажмите](javascript:window.__pwned='link')",
    "js-link-entity": "[ссылка](&#106;avascript:window.__pwned='entity')",
    "js-image": "![картинка](javascript:window.__pwned='image')",
}


def test_script_in_program_markdown_never_runs(tmp_path: Path, session) -> None:  # type: ignore[no-untyped-def]
    """Program texts come from pull requests: raw HTML and javascript: links must stay inert (P-4 'no raw HTML')."""
    root = copy_project(tmp_path / "project")
    md = root / "programs" / "robotics-basics" / "program.ru.md"
    text = md.read_text(encoding="utf-8")
    injected = "\n\n".join(PAYLOADS.values())
    md.write_text(text.replace("## Глоссарий\n", f"## Глоссарий\n\n{injected}\n\n", 1), encoding="utf-8")
    yml = root / "programs" / "robotics-basics" / "program.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        'ru: "Основы робототехники', 'ru: "<img src=x onerror=\\"window.__pwned=\'title\'\\"> Основы робототехники', 1),
        encoding="utf-8")
    dyml = root / "programs" / "robotics-basics" / "discussion.yml"
    dyml.write_text(dyml.read_text(encoding="utf-8").replace(
        'text: "Предлагаю', 'text: "<script>window.__pwned=\'discussion\'</script> Предлагаю', 1), encoding="utf-8")
    assert run_ustaz("check", "--today", BUILD_DAY, cwd=root).returncode == 1  # the checker refuses it …
    site = tmp_path / "site"
    refused = run_ustaz("build", "--site-dir", str(site), cwd=root, env={"USTAZ_TODAY": BUILD_DAY})
    assert refused.returncode == 1 and not site.exists()  # … so does the build …
    build(root, site, "--allow-errors")  # … and even if it were published, the site renders it inert
    dialogs: list[str] = []
    with SiteServer(site) as server, session.page() as (page, _):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("ru/programs/robotics-basics/", "ru/programs/", "programs/robotics-basics/discussion/",
                     "ru/programs/robotics-basics/discussion/", "ru/"):
            page.goto(server.url(path))
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned") is None, path
            assert page.evaluate("document.querySelectorAll('[onerror], [onload], svg[onload]').length") == 0
            assert page.evaluate("""[...document.querySelectorAll('a[href]')].filter(
                a => a.protocol === 'javascript:').length""") == 0, path
        page.goto(server.url("ru/programs/robotics-basics/"))
        body = page.locator(".ustaz-program").inner_text()
        assert "<script>window.__pwned = 'script'</script>" in body  # shown as text, not run
        page.get_by_text("нажмите").first.click()
        assert page.evaluate("window.__pwned") is None
        assert "<img src=x" in page.locator(".ustaz-program h1").inner_text()
    assert not dialogs
