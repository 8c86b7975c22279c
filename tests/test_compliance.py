"""The compliance registry and page: every clause of the regulations (the ids of the requirements digest)
has an entry that names only finding codes and commands that exist, and a title (and note) in every site
language; every id is named by a test; the page lists every id in each site language, each with that
language's own title, and its counts match `ustaz deadlines` on the example centre, from the public tree
alone (tested in headless Chromium)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import urllib.request
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import click
import pytest
from browser import SiteServer, chromium, skip_without_chromium
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY, build, copy_project

from ustaz import compliance
from ustaz.checks import Context, load_all
from ustaz.cli import load_commands
from ustaz.cli.app import main
from ustaz.findings import CODES
from ustaz.policy import PRESETS, preset
from ustaz.project import Project
from ustaz.site.contrib.compliance import compliance_pages
from ustaz.sourcefile import parse_yaml

DIGEST = ROOT / "content" / "en" / "reference" / "requirements.md"
SHARED = ROOT.parent.parent / "shared" / "REQUIREMENTS.md"  # the lead's copy, where the worktree has one
RULES = ("P-6", "P-11", "S-10")
KG_SCHOOL = ROOT / "examples" / "kg-school"
# every language a site of either preset is built in (its page shows every clause), and kk and ru always
SITE_LANGUAGES = sorted({"kk", "ru"} | {lang for name in PRESETS for lang in preset(name).languages})


def requirement_ids(path: Path = DIGEST) -> list[str]:
    return re.findall(r"^- \*\*([PCSMKN]-\d+)\*\*", path.read_text(encoding="utf-8"), flags=re.MULTILINE)


def commands(group: click.Group = main, prefix: str = "ustaz") -> set[str]:
    out: set[str] = set()
    for name, cmd in group.commands.items():
        out |= commands(cmd, f"{prefix} {name}") if isinstance(cmd, click.Group) else {f"{prefix} {name}"}
    return out


def _known() -> tuple[set[str], set[str]]:
    load_all()
    load_commands()
    import ustaz.calendar  # noqa: F401  (defines codes)

    return set(CODES), commands()


def test_the_digest_has_every_clause() -> None:
    ids = requirement_ids()
    assert len(ids) == 60 and len(set(ids)) == 60
    if SHARED.is_file():
        assert requirement_ids(SHARED) == ids


def test_every_clause_has_an_entry_naming_only_codes_and_commands_that_exist() -> None:
    codes, cmds = _known()
    assert compliance.registry_problems(codes, cmds, requirement_ids()) == []
    assert [c.id for c in compliance.REGISTRY] == requirement_ids()  # in the digest's order


def test_the_registry_check_fails_for_each_kind_of_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    codes, cmds = _known()
    ids = requirement_ids()
    broken = list(compliance.REGISTRY)
    gone = broken.pop(ids.index("C-9"))
    broken.append(compliance.Clause(id="P-1", title="again", findings=("no-such-code",), commands=("ustaz fly",)))
    broken.append(compliance.Clause(id="X-1", title="bare"))
    monkeypatch.setattr(compliance, "REGISTRY", tuple(broken))
    problems = compliance.registry_problems(codes, cmds, ids)
    assert f"{gone.id}: no entry" in problems
    assert "P-1: listed twice" in problems
    assert "P-1: no finding code 'no-such-code'" in problems and "P-1: no command 'ustaz fly'" in problems
    assert "X-1: neither a finding nor a note" in problems and "X-1: neither a command nor a page" in problems


def test_every_clause_has_its_title_and_note_in_every_site_language() -> None:
    """kk and ru for every clause, and ky: the Kyrgyz school's page (kg-2013, ky first) shows every clause."""
    assert {"kk", "ru", "ky"} <= set(SITE_LANGUAGES)
    assert compliance.translation_problems(SITE_LANGUAGES) == []
    for lang in SITE_LANGUAGES:
        for c in compliance.REGISTRY:
            title, note = compliance.clause_title(c, lang), compliance.clause_note(c, lang)
            assert title.lang == lang and title.text, (c.id, lang)
            assert (note is None) == (not c.note) and (note is None or (note.lang == lang and note.text)), (c.id, lang)
            if lang != "en":
                assert title.text != c.title, (c.id, lang)  # written in the language, not the English copied


@pytest.fixture
def titles_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Replace the translations file's text for one test; the cache is cleared before and after."""
    def use(text: str) -> None:
        monkeypatch.setattr(compliance, "_read_titles", lambda: parse_yaml(text, compliance.TITLES_FILE))
        compliance.translations.cache_clear()

    yield use
    monkeypatch.undo()
    compliance.translations.cache_clear()


def _whole_titles_except(*drop: str) -> dict[str, dict[str, Any]]:
    return {rid: {field: dict(by_lang) for field, by_lang in entry.items()}
            for rid, entry in compliance.translations().items() if rid not in drop}


def test_the_translation_check_fails_for_each_kind_of_gap(titles_file: Callable[[str], None]) -> None:
    import yaml

    table = _whole_titles_except("K-5")
    del table["P-1"]["title"]["kk"]
    del table["C-1"]["note"]["ru"]
    del table["N-2"]["title"]["ky"]
    table["P-2"]["note"] = {"kk": "артық", "ru": "лишнее"}
    table["P-3"]["titel"] = {"kk": "қате"}
    table["P-4"]["title"]["de"] = "Zehn Abschnitte"
    table["P-5"]["title"] = "not a mapping"
    table["X-9"] = {"title": {"kk": "жоқ", "ru": "нет", "ky": "жок"}}
    titles_file(yaml.safe_dump(table, allow_unicode=True))
    problems = compliance.translation_problems(SITE_LANGUAGES)
    expected = ["X-9: no such clause in the registry", "K-5: no title in kk", "K-5: no title in ru",
                "K-5: no title in ky", "P-1: no title in kk", "C-1: no note in ru", "N-2: no title in ky",
                "P-2: a note the registry does not have", "P-3: unknown field 'titel'",
                "P-4: title in unknown language 'de'", "P-5: title is not a mapping of languages",
                "P-5: no title in kk", "P-5: no title in ru", "P-5: no title in ky"]
    assert sorted(set(problems)) == sorted(expected)
    assert compliance.translation_problems(["kk", "ru"]) == [p for p in problems if not p.endswith(" in ky")]
    titles_file("P-1: [unclosed")
    assert compliance.translation_problems(["kk"])[0].startswith(compliance.TITLES_FILE)


def test_a_missing_translation_falls_back_to_english_marked_and_every_title_is_escaped(titles_file: Callable[[str], None]) -> None:
    import yaml

    table = _whole_titles_except("P-6")
    table["C-1"]["title"]["ru"] = "<script>alert(1)</script> & «цель»"
    titles_file(yaml.safe_dump(table, allow_unicode=True))
    pages = _pages(ROOT)
    p6 = compliance.clause("P-6")
    assert p6 is not None
    for path, lang in (("compliance/index.md", "kk"), ("ru/compliance/index.md", "ru")):
        html = pages[path]
        assert f'<span class="ustaz-clause-title" lang="en">{p6.title}</span>' in html, path
        assert '<span class="ustaz-clause-title">' + compliance.clause_title(compliance.REGISTRY[0], lang).text in html
    assert "<script>" not in pages["ru/compliance/index.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «цель»" in pages["ru/compliance/index.md"]


def _clause_texts(html: str) -> dict[str, tuple[str | None, str, str | None, str | None]]:
    """id → (title's lang attribute, title, note's lang attribute, note) as the page shows them."""
    rows = re.findall(r'<tr id="([^"]+)" data-clause="[^"]+">\s*<td><strong>[^<]*</strong> '
                      r'<span class="ustaz-clause-title"(?: lang="([^"]+)")?>([^<]*)</span>'
                      r'(?:<br><small class="ustaz-clause-note"(?: lang="([^"]+)")?>([^<]*)</small>)?</td>', html)
    return {rid: (t_lang or None, unescape(title), n_lang or None, unescape(note) or None)
            for rid, t_lang, title, n_lang, note in rows}


@pytest.mark.parametrize("root", [ROOT, KG_SCHOOL], ids=["kz-centre", "kg-school"])
def test_each_page_shows_its_own_languages_titles_and_notes_without_a_lang_attribute(root: Path) -> None:
    """On the centre's kk, ru, en pages and the Kyrgyz school's ky and ru pages (K-1 … K-6 in ky)."""
    ctx = Context(project=Project.load(root, None), today=dt.date.fromisoformat(BUILD_DAY))
    pages = list(compliance_pages(ctx))
    assert sorted(p.lang for p in pages) == sorted(ctx.policy.languages)
    for page in pages:
        shown = _clause_texts(page.html)
        assert list(shown) == [c.id for c in compliance.REGISTRY], page.path
        for c in compliance.REGISTRY:
            note = compliance.clause_note(c, page.lang)
            expected = (None, compliance.clause_title(c, page.lang).text, None, note.text if note else None)
            assert shown[c.id] == expected, (page.path, c.id)


def test_every_requirement_id_is_named_by_a_test() -> None:
    """Every id is named in a test file other than this one (the tests that exercise the clause)."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py") if p.name != Path(__file__).name]
    unnamed = [r for r in requirement_ids() if not any(re.search(rf"(?<![\w-]){r}(?![\w-]|\d)", t) for t in texts)]
    assert unnamed == []


def deadline_counts(root: Path, today: str = BUILD_DAY) -> dict[str, tuple[int, int]]:
    out = run_ustaz("deadlines", "--today", today, "--format", "json", cwd=root)
    items = json.loads(out.stdout)["deadlines"]
    return {r: (sum(1 for d in items if d["rule"] == r and d["status"] == "open"),
                sum(1 for d in items if d["rule"] == r and d["status"] == "overdue")) for r in RULES}


def page_counts(html: str) -> dict[str, tuple[int, int]]:
    rows = re.findall(r'<tr data-rule="([^"]+)">.*?data-count="open">([^<]+)<.*?data-count="overdue">([^<]+)<',
                      html, flags=re.DOTALL)
    return {rule: (int(o), int(d)) for rule, o, d in rows if o.isdigit() and d.isdigit()}  # "—": not published


def _pages(root: Path, today: str = BUILD_DAY, private: Path | None = None) -> dict[str, str]:
    ctx = Context(project=Project.load(root, private), today=dt.date.fromisoformat(today))
    return {p.path: p.content + p.html for p in compliance_pages(ctx)}


def test_the_counts_match_ustaz_deadlines_on_the_example_centre() -> None:
    expected = deadline_counts(ROOT)
    assert expected["S-10"] != (0, 0) and expected["P-11"] != (0, 0)  # the example centre shows each
    for path, content in _pages(ROOT).items():
        assert page_counts(content) == expected, path


def test_publish_writes_the_private_counts_and_the_page_follows(project: Path) -> None:
    (project / compliance.STANDING_FILE).unlink()
    assert "S-10" not in page_counts(_pages(project)["compliance/index.md"])  # not published: no number
    day = "2027-06-02"  # the first half-year's reports are due on 1 June: some are overdue now
    done = run_ustaz("compliance", "publish", "--today", day, cwd=project)
    assert done.returncode == 0, done.stderr
    counts = deadline_counts(project, day)
    assert counts["S-10"][1] > 0
    assert page_counts(_pages(project, day)["ru/compliance/index.md"]) == counts
    text = (project / compliance.STANDING_FILE).read_text(encoding="utf-8")
    assert "ast-school" not in text and "t-000" not in text  # counts only


def test_the_page_reads_no_private_file(project: Path, tmp_path: Path) -> None:
    """The same page with the example private tree, an empty one, or a broken one."""
    shipped = _pages(project, private=project / "examples" / "private")
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken"
    shutil.copytree(project / "examples" / "private", broken)
    for path in broken.rglob("*"):
        if path.is_file():
            path.write_text("{{ <script>", encoding="utf-8")
    assert _pages(project, private=empty) == shipped == _pages(project, private=broken)


def test_a_malformed_published_standing_is_a_finding(project: Path) -> None:
    (project / compliance.STANDING_FILE).write_text("S-10: {as_of: soon, open: -1}\nX-1: 3\n", encoding="utf-8")
    out = run_ustaz("check", "--today", BUILD_DAY, "--format", "json", cwd=project)
    assert [f for f in json.loads(out.stdout)["findings"] if f["path"] == compliance.STANDING_FILE]
    _pages(project)  # the site still builds


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("compliance") / "project")
    shutil.copytree(ROOT / "examples", root / "examples")
    site = root / "site"
    build(root, site)
    return site


@skip_without_chromium
def test_the_page_lists_every_clause_in_each_language_with_live_links_in_chromium(built_site: Path) -> None:
    ids = requirement_ids()
    expected = deadline_counts(ROOT)
    with SiteServer(built_site) as server, chromium() as browser:
        for prefix in ("", "ru/", "en/"):
            with browser.page() as (page, requests):
                page.goto(server.url(f"{prefix}compliance/"))
                assert page.locator("tr[data-clause]").evaluate_all("rows => rows.map(r => r.id)") == ids
                for rule, (open_, overdue) in expected.items():
                    row = page.locator(f'tr[data-rule="{rule}"]')
                    assert row.locator('td[data-count="open"]').inner_text() == str(open_)
                    assert row.locator('td[data-count="overdue"]').inner_text() == str(overdue)
                lang = prefix.rstrip("/") or "kk"
                titles = page.locator("tr[data-clause] .ustaz-clause-title")
                assert titles.all_inner_texts() == [compliance.clause_title(c, lang).text for c in compliance.REGISTRY]
                assert titles.evaluate_all("spans => spans.filter(s => s.closest('[lang]').lang !== "
                                           f"{json.dumps(lang)}).length") == 0  # each in the page's own language
                notes = page.locator("tr[data-clause] .ustaz-clause-note")
                assert notes.all_inner_texts() == [n.text for c in compliance.REGISTRY
                                                   if (n := compliance.clause_note(c, lang))]
                if lang != "en":  # read from the data: the kk and ru pages show the kk and ru titles
                    p6 = compliance.clause("P-6")
                    assert p6 is not None and p6.title not in titles.all_inner_texts()
                    assert page.locator('tr[data-clause="P-6"] .ustaz-clause-title').inner_text() == \
                        compliance.translations()["P-6"]["title"][lang]
                links = page.locator("tr[data-clause] a").evaluate_all("links => links.map(a => a.href)")
                assert links
                for url in sorted(set(links)):
                    with urllib.request.urlopen(url) as response:  # the local test server
                        assert response.status == 200, url
                assert not server.third_party(requests)
                assert page.locator("html").get_attribute("lang") == (prefix.rstrip("/") or "kk")
