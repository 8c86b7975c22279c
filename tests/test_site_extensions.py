"""Other capabilities add pages and files to the site through ustaz/site/extensions.py: a registered
page generator's pages are built and listed in the nav of their language; post-build hooks run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_fixtures import BUILD_DAY, copy_project

from ustaz.checks import Context
from ustaz.site import extensions
from ustaz.site.extensions import GeneratedPage


@pytest.fixture
def registered() -> Iterator[list[object]]:
    seen: list[object] = []

    # (not networks/: the real network pages of ustaz/site/contrib/networks.py are built too)
    def networks(ctx: Context) -> list[GeneratedPage]:
        seen.append(ctx)
        return [GeneratedPage(path="demo-networks/index.md", lang="kk", title="Кәсіби желілер",
                              content="# Кәсіби желілер\n\nЖетекші мектептер.\n"),
                GeneratedPage(path="ru/demo-networks/index.md", lang="ru", title="Профессиональные сети",
                              content="# Профессиональные сети\n\nВедущие школы.\n")]

    def lookup_data(ctx: Context, site_dir: Path) -> None:
        (site_dir / "verify").mkdir(exist_ok=True)
        (site_dir / "verify" / "index.json").write_text('{"records": {}}', encoding="utf-8")
        seen.append(site_dir)

    extensions.PAGE_GENERATORS.append(networks)
    extensions.POST_BUILD.append(lookup_data)
    try:
        yield seen
    finally:
        extensions.PAGE_GENERATORS.remove(networks)
        extensions.POST_BUILD.remove(lookup_data)


def test_contrib_pages_are_built_and_in_the_nav(tmp_path: Path, registered: list[object],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("USTAZ_TODAY", BUILD_DAY)
    site = tmp_path / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    page = (site / "ru" / "demo-networks" / "index.html").read_text(encoding="utf-8")
    assert "Ведущие школы" in page and '<html lang="ru"' in page
    # listed in the nav of its own language section, as seen from another page of that language
    ru_home = (site / "ru" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="demo-networks/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Профессиональные сети',
                     ru_home), "the contrib page is in the ru nav"
    kk_nav = (site / "programs" / "index.html").read_text(encoding="utf-8")
    assert "Кәсіби желілер" in kk_nav
    ctx = registered[0]
    assert isinstance(ctx, Context) and ctx.project.root == root.resolve()
    assert str(ctx.today) == BUILD_DAY
    assert registered[1] == site.resolve() or registered[1] == site
    assert (site / "verify" / "index.json").is_file()


def test_a_contrib_page_may_not_replace_a_generated_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    def clash(ctx: Context) -> list[GeneratedPage]:
        return [GeneratedPage(path="programs/index.md", lang="kk", content="# x\n")]

    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("USTAZ_TODAY", BUILD_DAY)
    extensions.PAGE_GENERATORS.append(clash)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
        with pytest.raises((PluginError, Abort)):
            build(config)
        assert "programs/index.md is generated twice" in caplog.text
    finally:
        extensions.PAGE_GENERATORS.remove(clash)
