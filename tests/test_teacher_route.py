"""Issue 17: the non-programmer's route is the main one. The kk, ru and en "how to propose" and "how to comment"
pages lead through the issue form → the bot's draft pull request → GitHub's web editor → the answer keywords; in
Chromium, each page's link to the form points at the centre's repository's form (the origin remote)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from browser import SiteServer, chromium_page, skip_without_chromium
from conftest import ROOT
from site_fixtures import build, copy_project
from test_site_build import _git

from ustaz.vocab import ANSWER_KEYWORDS

REPOSITORY = "https://github.com/example-centre/ustaz"
FORM = ".github/ISSUE_TEMPLATE/propose-program.yml"
PAGES = {  # page → (its language, the words that mark each step of the route, in order)
    "propose/": ("kk", ["draft pull request", "веб-редактор", "Қабылданды"]),
    "comment/": ("kk", ["Талқылау", "Қабылданды", "Қабылданбады:"]),
    "ru/propose/": ("ru", ["draft pull request", "веб-редактор", "Принято"]),
    "ru/comment/": ("ru", ["обсуждения", "Принято", "Отклонено:"]),
    "en/propose/": ("en", ["draft pull request", "web editor", "Accepted"]),
    "en/comment/": ("en", ["discussion", "Accepted", "Rejected:"]),
}


def _project(tmp_path: Path, origin: str | None) -> Path:
    root = copy_project(tmp_path / "project")
    (root / ".github").mkdir()
    (root / ".github" / "ISSUE_TEMPLATE").mkdir()
    for form in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"):
        (root / ".github" / "ISSUE_TEMPLATE" / form.name).write_bytes(form.read_bytes())
    _git(root, "init", "-q", "-b", "main")
    if origin:
        _git(root, "remote", "add", "origin", origin)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("route")
    root = _project(tmp, f"{REPOSITORY}.git")
    build(root, tmp / "site")
    return tmp / "site"


def _form_name(lang: str) -> str:
    kk, _, ru = yaml.safe_load((ROOT / FORM).read_text(encoding="utf-8"))["name"].partition(" / ")
    return {"kk": kk, "ru": ru}.get(lang, "Propose a program")


@skip_without_chromium
def test_the_kk_propose_page_leads_to_the_issue_form_in_chromium(site: Path) -> None:
    with SiteServer(site) as server, chromium_page() as (page, requests):
        for path, (lang, steps) in PAGES.items():
            page.goto(server.url(path))  # type: ignore[attr-defined]
            links = page.locator("article a[href*='/issues/new']")  # type: ignore[attr-defined]
            assert links.count() == 1, path
            assert links.first.get_attribute("href") == f"{REPOSITORY}/issues/new?template=propose-program.yml"
            assert (ROOT / FORM).is_file()  # the template the link names is the repository's form
            text = page.locator("article").inner_text()  # type: ignore[attr-defined]
            if path.endswith("propose/"):
                assert _form_name(lang) in links.first.inner_text(), path
            # the route, in its order: the form first, then the draft pull request, the editor, the keywords
            at = [text.index(links.first.inner_text())] if path.endswith("propose/") else []
            at += [text.index(step, at[-1] if at else 0) for step in steps]
            assert at == sorted(at), (path, at)
            for words in ANSWER_KEYWORDS.values():  # the bot's own keywords (vocab), kk, ru and en
                for word_lang in ("kk", "ru", "en"):
                    assert words[word_lang] in text, (path, words[word_lang])
        assert not server.third_party(requests)


def test_without_a_known_repository_the_form_link_is_plain_text(tmp_path: Path) -> None:
    root = _project(tmp_path, None)
    build(root, tmp_path / "site")
    for path in PAGES:
        html = (tmp_path / "site" / path / "index.html").read_text(encoding="utf-8")
        assert "#issue-form=" not in html and "/issues/new" not in html, path


def test_a_link_to_a_form_that_does_not_exist_is_not_made(tmp_path: Path) -> None:
    root = _project(tmp_path, f"{REPOSITORY}.git")
    page = root / "content" / "en" / "propose.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[A form that is not there](#issue-form=no-such-form)\n",
                    encoding="utf-8")
    build(root, tmp_path / "site")
    html = (tmp_path / "site" / "en" / "propose" / "index.html").read_text(encoding="utf-8")
    assert "no-such-form" not in html and "A form that is not there" in html
    assert len(re.findall(r"/issues/new\?template=propose-program\.yml", html)) == 1


@skip_without_chromium
def test_the_approval_line_reads_in_each_languages_order(site: Path) -> None:
    """Issue 17: «07.05.2026 жылғы № 41 бұйрығымен бекітілген» — the date, the number, the verb last in kk; the
    values from program.yml, the word order from labels.yml; an order number is text, never HTML."""
    program = yaml.safe_load((ROOT / "programs/robotics-basics/program.yml").read_text(encoding="utf-8"))
    approved = [e for e in program["lifecycle"] if e["event"] == "approved"][-1]
    day = approved["date"].strftime("%d.%m.%Y")  # PyYAML reads the date as a date
    with SiteServer(site) as server, chromium_page() as (page, _):
        page.goto(server.url("programs/robotics-basics/"))  # type: ignore[attr-defined]
        kk = page.locator(".ustaz-approval").inner_text()  # type: ignore[attr-defined]
        page.goto(server.url("ru/programs/robotics-basics/"))  # type: ignore[attr-defined]
        ru = page.locator(".ustaz-approval").inner_text()  # type: ignore[attr-defined]
    assert kk == f"{day} жылғы № {approved['order']} бұйрығымен бекітілген"
    assert ru == f"№ {approved['order']} от {day}"


def test_a_label_is_filled_with_escaped_values() -> None:
    from markupsafe import Markup

    from ustaz.site.builder import filled_label

    out = filled_label("kk", "approved_by_order", {"order": "<script>1</script>", "date": Markup("<time>x</time>")})
    assert "<script>" not in out and "&lt;script&gt;" in out and "<time>x</time>" in out
