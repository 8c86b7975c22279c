"""The site's build without a browser: ICS (RFC 5545), safe Markdown, programs.json, the Kyrgyz policy,
drafts from pull requests (real git), and the extension points used by other capabilities."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from site_fixtures import BUILD_DAY, add_example_programs, add_program, build, copy_project

from ustaz.model.lifecycle import status
from ustaz.project import Project
from ustaz.site import ics
from ustaz.site.markdown import render_markdown, safe_url
from ustaz.site.schedule import ScheduleRow


# ICS ------------------------------------------------------------------------------------------------
def test_ics_text_escaping_rfc5545() -> None:
    assert ics.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_ics_folding_keeps_lines_within_75_octets_and_characters_whole() -> None:
    line = "SUMMARY:" + "Қазақша мәтін, өте ұзын; " * 10
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line  # unfolding gives the line back


def test_ics_event_is_all_day_with_exclusive_end_and_tentative_when_not_agreed_C2() -> None:
    row = ScheduleRow(cohort="c-01", program="p", language="ru", group="1", starts=dt.date(2026, 12, 28),
                      ends=dt.date(2026, 12, 31), region="KZ-71", format="online", capacity=20, agreed=False,
                      path="data/schedule/2026.csv", line=2)
    text = ics.calendar([row], year=2026, host="example.org", stamp=dt.date(2026, 11, 23), name="x",
                        summary=lambda r: "Курс; тест", description=lambda r: "a,b", location=lambda r: "")
    assert "DTSTART;VALUE=DATE:20261228\r\n" in text
    assert "DTEND;VALUE=DATE:20270101\r\n" in text
    assert "STATUS:TENTATIVE\r\n" in text
    assert "SUMMARY:Курс\\; тест\r\n" in text


def test_schedule_rows_that_cannot_be_read_are_left_out(tmp_path: Path) -> None:
    """The site reads the checker's schedule model; rows the checker reports never reach a page."""
    from ustaz.site.schedule import load_schedules

    (tmp_path / "data" / "schedule").mkdir(parents=True)
    (tmp_path / "data" / "schedule" / "2026.csv").write_text(
        "cohort,program,language,group,starts,ends,region,format,capacity,agreed\n"
        "bad-date,p,ru,1,2026-13-01,2026-12-01,KZ-71,online,20,true\n"
        "reversed,p,ru,1,2026-12-05,2026-12-01,KZ-71,online,20,true\n"
        "good-one,p,ru,1,2026-12-01,2026-12-05,KZ-71,online,20,true\n", encoding="utf-8")
    years = load_schedules(tmp_path)
    assert [(y.year, [r.cohort for r in y.rows]) for y in years] == [(2026, ["good-one"])]


# Markdown -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[a](javascript:alert(1))",
    "[a](JAVASCRIPT:alert(1))", "[a](java%0ascript:alert(1))", "[a](&#106;avascript:alert(1))",
    "![i](javascript:alert(1))", "[a](vbscript:x)", "[a](data:text/html;base64,PHNjcmlwdD4=)",
    "<a href='javascript:alert(1)'>x</a>", "[a](//evil.example/x)",
])
def test_program_markdown_never_yields_markup_from_the_text(source: str) -> None:
    out = render_markdown(source)
    assert "<script" not in out and "onerror=" not in out.replace("onerror=&quot;", "")
    assert not re.search(r'href="(?!https?:|mailto:|[^:"]*")', out), out
    assert "<img" not in out and "evil.example" not in re.findall(r'href="([^"]*)"', out).__str__()


def test_images_become_links_so_no_page_loads_another_host() -> None:
    out = render_markdown("![схема](https://example.com/a.png)")
    assert "<img" not in out and 'href="https://example.com/a.png"' in out


def test_safe_url_accepts_what_programs_need() -> None:
    assert all(safe_url(u) for u in ("https://example.org/x", "http://a.b", "mailto:x", "../a.md", "#s-1", "a b"))
    assert not any(safe_url(u) for u in ("javascript:x", " JavaScript:x", "java\tscript:x", "file:///etc", "//x.org"))


# built site ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = copy_project(tmp_path_factory.mktemp("build") / "project")
    add_example_programs(root)
    out = root.parent / "site"
    build(root, out)
    return root, out


def test_programs_json_exports_every_program_with_its_status(site: tuple[Path, Path]) -> None:
    root, out = site
    data = json.loads((out / "programs.json").read_text(encoding="utf-8"))
    project = Project.load(root)
    assert set(data) == set(project.program_map)
    for pid, program in project.program_map.items():
        assert data[pid]["status"] == status(program).value
        assert data[pid]["title"] == dict(program.title)
        assert data[pid]["url"]["ru"].endswith(f"/ru/programs/{pid}/")
    assert data["robotics-advanced"]["discussion"]["thread"].endswith("/pull/31")


def test_every_language_gets_every_generated_page(site: tuple[Path, Path]) -> None:
    _, out = site
    for prefix in ("", "ru/", "en/"):
        for page in ("programs/", "drafts/", "schedule/", "programs/robotics-basics/",
                     "programs/robotics-basics/discussion/", "comment/", "propose/", "rules/"):
            assert (out / prefix / page / "index.html").is_file(), prefix + page
    assert (out / "schedule" / "2026.ics").is_file()
    assert (out / "en" / "reference" / "policy" / "index.html").is_file()  # the shared reference docs stay


def test_print_stylesheet_is_linked_from_program_pages(site: tuple[Path, Path]) -> None:
    _, out = site
    page = (out / "ru" / "programs" / "robotics-basics" / "index.html").read_text(encoding="utf-8")
    assert "assets/ustaz/ustaz.css" in page
    assert "@media print" in (out / "assets" / "ustaz" / "ustaz.css").read_text(encoding="utf-8")


def test_kyrgyz_policy_publishes_ky_as_the_default_language(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "data" / "policy.yml").write_text("preset: kg-2013\n", encoding="utf-8")
    for name in ("index.md", "rules.md", "propose.md", "comment.md"):
        (root / "content" / name).unlink()  # kk content does not belong to a Kyrgyz site
    (root / "content" / "comment.md").write_text("# Кантип пикир калтыруу керек\n", encoding="utf-8")
    out = tmp_path / "site"
    build(root, out, "--allow-errors")  # the Kazakh example's 80-hour programs and kk texts are errors under kg-2013
    home = (out / "programs" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ky"' in home and "Программалар каталогу" in home
    assert '<html lang="ru"' in (out / "ru" / "programs" / "index.html").read_text(encoding="utf-8")
    assert not (out / "kk").exists()


# drafts from pull requests (real git) ------------------------------------------------------------------
def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t.invalid",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_drafts_from_open_pull_requests_are_overlaid_P6(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "remote", "add", "origin", "https://github.com/example-centre/ustaz.git")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "main")
    # PR #7 proposes a new program; PR #8 only edits a content page
    _git(root, "checkout", "-qb", "new-program")
    add_program(root, "music-draft", title={"kk": "Музыка жобасы", "ru": "Музыкальный проект"},
                lifecycle=[{"event": "needs-analysis", "date": "2026-11-02", "protocol": "1"},
                           {"event": "development-ordered", "date": "2026-11-03", "order": "2", "due": "2026-11-20"},
                           {"event": "discussion-opened", "date": "2026-11-20",
                            "url": "https://github.com/example-centre/ustaz/pull/7"}])
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "draft")
    _git(root, "update-ref", "refs/remotes/pr/7", "HEAD")
    _git(root, "checkout", "-q", "main")
    _git(root, "checkout", "-qb", "docs-only")
    (root / "content" / "rules.md").write_text("# Ережелер\n\nӨзгерді.\n", encoding="utf-8")
    _git(root, "commit", "-qam", "docs")
    _git(root, "update-ref", "refs/remotes/pr/8", "HEAD")
    _git(root, "checkout", "-q", "main")
    # PR #9 proposes a new version of an approved program
    _git(root, "checkout", "-qb", "update")
    yml = root / "programs" / "robotics-basics" / "program.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("Основы робототехники", "Новые основы робототехники"),
                   encoding="utf-8")
    _git(root, "commit", "-qam", "update")
    _git(root, "update-ref", "refs/remotes/pr/9", "HEAD")
    _git(root, "checkout", "-q", "main")
    # PR #5 was merged long ago: its ref is an ancestor of main, so it adds nothing
    _git(root, "update-ref", "refs/remotes/pr/5", "HEAD")
    assert not (root / "programs" / "music-draft").exists()

    out = tmp_path / "site"
    build(root, out, "--pr-refs", "refs/remotes/pr/")
    page = (out / "ru" / "drafts" / "pr-7" / "music-draft" / "index.html").read_text(encoding="utf-8")
    assert "Музыкальный проект" in page and "pull request #7" in page
    assert 'href="https://github.com/example-centre/ustaz/pull/7"' in page
    drafts = (out / "ru" / "drafts" / "index.html").read_text(encoding="utf-8")
    assert 'data-pull-request="7"' in drafts
    assert 'data-pull-request="8"' not in drafts and 'data-pull-request="5"' not in drafts
    assert not (out / "programs" / "music-draft").exists()  # never mixed into the catalogue
    proposal = (out / "ru" / "drafts" / "pr-9" / "robotics-basics" / "index.html").read_text(encoding="utf-8")
    approved = (out / "ru" / "programs" / "robotics-basics" / "index.html").read_text(encoding="utf-8")
    assert "Новые основы робототехники" in proposal and "Новые основы" not in approved
    assert "music-draft" not in json.loads((out / "programs.json").read_text(encoding="utf-8"))
    # the language switcher of a pull-request draft opens the same draft in the other languages
    switch = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', page.split('data-ustaz="languages"', 1)[1].split("</ul>", 1)[0])
    assert switch == [("../../../../drafts/pr-7/music-draft/", "kk"), ("./", "ru"),
                      ("../../../../en/drafts/pr-7/music-draft/", "en")]
    assert (out / "drafts" / "pr-7" / "music-draft" / "index.html").exists()
    assert (out / "en" / "drafts" / "pr-7" / "music-draft" / "index.html").exists()
    # the end date is the engine's P-6 date for the PR's program.yml
    from ustaz.checks import Context
    from ustaz.deadline_rules import PROGRAM_RULES

    _git(root, "checkout", "-q", "new-program")
    ctx = Context(project=Project.load(root), today=dt.date.fromisoformat(BUILD_DAY))
    prog = ctx.project.program_map["music-draft"]
    due = next(d for rule in PROGRAM_RULES for d in rule(prog, ctx.clock) if d.rule == "P-6").due
    assert f'datetime="{due.isoformat()}"' in page
    _git(root, "checkout", "-q", "main")

    plain = tmp_path / "plain"
    build(root, plain)  # without --pr-refs: no PR pages
    assert not (plain / "drafts" / "pr-7").exists()


def test_broken_files_do_not_stop_the_site(tmp_path: Path) -> None:
    """Bad input is `ustaz check`'s business: the build refuses it (tests/test_build_check.py), and told to build
    anyway (--allow-errors) it builds what it can read and leaves the rest out."""
    root = copy_project(tmp_path / "project")
    broken = root / "programs" / "broken-one"
    broken.mkdir()
    (broken / "program.yml").write_text(
        "id: broken-one\ntitle: 5\nhours: lots\nlanguages: [kk, xx]\n"
        "modules: [1, {title: {kk: M}, hours: {theory: 1, practice: 2}}]\n"
        "lifecycle: [{event: discussion-opened, date: 2026-02-30}]\n", encoding="utf-8")
    (broken / "program.kk.md").write_text("# T\n\n## Жалпы ережелер\n\nмәтін\n\n## Екінші\n\nx\n", encoding="utf-8")
    (broken / "discussion.yml").write_text("thread: 5\nsuggestions: [{id: x}, 3]\n", encoding="utf-8")
    (root / "programs" / "empty-one").mkdir()
    (root / "programs" / "empty-one" / "program.yml").write_text("", encoding="utf-8")
    (root / "programs" / "no-yml").mkdir()
    (root / "data" / "schedule" / "2027.csv").write_bytes(b"\xff\xfe not utf-8")
    (root / "data" / "schedule" / "2025.csv").write_text("cohort,starts\nx,not-a-date\n", encoding="utf-8")
    out = tmp_path / "site"
    build(root, out, "--allow-errors")
    page = (out / "programs" / "broken-one" / "index.html").read_text(encoding="utf-8")
    assert "мәтін" in page and 'data-ustaz="modules"' in page  # the short text still gets its plan
    schedule = (out / "schedule" / "index.html").read_text(encoding="utf-8")
    assert 'id="year-2026"' in schedule and 'id="year-2027"' not in schedule
    assert not (out / "programs" / "no-yml").exists()


_LINK = re.compile(r'<(?:a|link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"')


def broken_links(site: Path) -> list[str]:
    """Every relative link of every built page whose target is not in the site."""
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue  # served for any path, so its links are absolute
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^([a-z]+:|#|//)", target):
                continue
            path = target.split("#", 1)[0].split("?", 1)[0]
            resolved = (page.parent / path).resolve()
            if path.endswith("/") or resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} → {target}")
    return broken


def test_no_generated_link_is_broken(site: tuple[Path, Path]) -> None:
    assert broken_links(site[1]) == []


def test_a_language_without_hand_written_pages_still_gets_a_home_and_no_broken_link(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    import shutil

    shutil.rmtree(root / "content" / "ru")
    out = tmp_path / "site"
    build(root, out)
    home = (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in home and "Центр повышения квалификации" in home
    # the drafts' "how to comment" falls back to the default language's page
    assert 'href="../../comment/"' in (out / "ru" / "drafts" / "index.html").read_text(encoding="utf-8")
    assert broken_links(out) == []


def test_toc_of_a_generated_page_follows_its_headings() -> None:
    from ustaz.site.builder import SitePage

    page = SitePage(src_uri="x.md", lang="kk", title="t", nav_group="", html=(
        '<h1 id="top" lang="kk">T</h1><h2 id="s1">1. <em>A</em></h2><h3 id="s1-1">A.1</h3><h2 id="s2">2. B</h2>'))
    (top,) = page.toc_tokens()
    assert top["id"] == "top"
    assert [c["id"] for c in top["children"]] == ["s1", "s2"]
    assert top["children"][0]["name"] == "1. A" and top["children"][0]["children"][0]["id"] == "s1-1"
