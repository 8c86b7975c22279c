"""The compliance registry and page: every clause of the regulations (the ids of the requirements digest)
has an entry that names only finding codes and commands that exist; every id is named by a test; the page
lists every id in each site language and its counts match `ustaz deadlines` on the example centre, from the
public tree alone (tested in headless Chromium)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import urllib.request
from pathlib import Path

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
from ustaz.project import Project
from ustaz.site.contrib.compliance import compliance_pages

DIGEST = ROOT / "content" / "en" / "reference" / "requirements.md"
SHARED = ROOT.parent.parent / "shared" / "REQUIREMENTS.md"  # the lead's copy, where the worktree has one
RULES = ("P-6", "P-11", "S-10")


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
                links = page.locator("tr[data-clause] a").evaluate_all("links => links.map(a => a.href)")
                assert links
                for url in sorted(set(links)):
                    with urllib.request.urlopen(url) as response:  # the local test server
                        assert response.status == 200, url
                assert not server.third_party(requests)
                assert page.locator("html").get_attribute("lang") == (prefix.rstrip("/") or "kk")
