"""The `ustaz` mkdocs plugin: event handlers only; the work is in run.py, builder.py and the templates."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..workspace import Workspace
from .config import UstazPluginConfig
from .run import CheckFailed, SiteRun
from .theme import mend_theme


class SitePlugin(BasePlugin[UstazPluginConfig]):
    """The site's event handlers. mkdocs loads ustaz/build.py's `UstazPlugin`, which adds the check run before
    the build (`check_before_build`): ustaz/site renders and never runs a check."""

    run: SiteRun | None = None
    highlighted: Page | None = None  # the nav ancestor lit for the page being written (run.highlight_ancestor)
    check_failed: CheckFailed | None = None  # mkdocs turns the exception into its Abort; `ustaz build` reads it here

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.run = SiteRun.start(config, self.config, self.check_before_build)
        except CheckFailed as exc:
            self.check_failed = exc
            raise
        return config

    def check_before_build(self, ws: Workspace, allow_errors: bool) -> None:
        """Refuse the build (raise CheckFailed) when the public tree has errors; the site alone checks nothing."""

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.run is not None
        return self.run.add_files(files, config)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.run is not None
        return self.run.page_markdown(markdown, page)

    @event_priority(100)  # before other plugins read the page's HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.run is not None
        return self.run.page_content(html, page)

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        assert self.run is not None
        self.highlighted = self.run.highlight_ancestor(page, nav)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.highlighted is not None:
            self.highlighted.active = False
            self.highlighted = None
        return mend_theme(output)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return mend_theme(output_content)  # 404.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.run is not None
        self.run.post_build(Path(config.site_dir))
