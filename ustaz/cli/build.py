"""`ustaz build`: the site (the same as `mkdocs build --strict`), refused when `ustaz check` finds errors in it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

import click

from ..i18n import t
from .app import fail, main, parse_day, project_root


@main.command("build")
@click.option("--site-dir", default="site", show_default=True, help="Where to write the site.")
@click.option("--today", help="Build as of this date (YYYY-MM-DD); default: $USTAZ_TODAY, else data/policy.yml's "
              "checked_as_of, else today.")
@click.option("--pr-refs", default="", metavar="PREFIX",
              help="Also publish drafts from pull requests fetched under this ref prefix, e.g. refs/remotes/pr/ "
                   "after `git fetch origin '+refs/pull/*/head:refs/remotes/pr/*'`.")
@click.option("--pr-url", default="", metavar="URL",
              help="Base of pull request links (default: from the origin remote), e.g. https://github.com/o/r/pull/")
@click.option("--allow-errors", is_flag=True,
              help="Build even when `ustaz check` reports errors in programs, data or content (by default the "
                   "build stops with exit 1 and the findings).")
def build_cmd(site_dir: str, today: str | None, pr_refs: str, pr_url: str, allow_errors: bool) -> None:
    """Check the public tree as `ustaz check` does, then build the static site from it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from ..site.config import UstazPluginConfig


    day = parse_day(today)
    _show_mkdocs_problems()
    root = project_root()
    _say_what_is_left_out()
    cfg_file = root / "mkdocs.yml"
    if not cfg_file.exists():
        fail(t("no mkdocs.yml in the project root"))
    plugin = None
    try:
        config = load_config(str(cfg_file), site_dir=str(Path(site_dir).resolve()), strict=True)
        plugin = config.plugins.get("ustaz")
        options = plugin.config if plugin is not None else None
        if not isinstance(options, UstazPluginConfig):
            fail(t("mkdocs.yml does not enable the ustaz plugin (plugins: [search, ustaz])"))
        if day is not None:
            options.today = day.isoformat()
        if pr_refs:
            options.pr_refs = pr_refs
        if pr_url:
            options.pr_url = pr_url
        if allow_errors:
            options.allow_errors = True
        build(config)
    except MkDocsException as exc:
        refused = getattr(plugin, "check_failed", None)
        if refused is not None:  # the check's errors (printed above): exit 1, as `ustaz check`
            click.echo(t("ustaz: {refused}", refused=refused), err=True)
            sys.exit(1)
        fail(t("the site did not build: {exc}", exc=exc))


class _MkdocsProblems(logging.StreamHandler[TextIO]):
    """The handler `_show_mkdocs_problems` adds once (a second build in the same process adds none)."""


def _show_mkdocs_problems() -> None:
    """mkdocs' warnings and errors on stderr (as `mkdocs build` shows them), so a stopped build says why."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _MkdocsProblems) for h in logger.handlers):
        handler = _MkdocsProblems()
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)


def _say_what_is_left_out() -> None:
    """The plugin's notes (a file that cannot be read and is left out of the site, with its finding)
    go to stderr, as `mkdocs build` shows them; mkdocs's own warnings still fail the strict build."""
    plugin_log = logging.getLogger("mkdocs.plugins.ustaz")
    if not plugin_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.addFilter(lambda record: record.levelno < logging.WARNING)  # warnings: _show_mkdocs_problems
        plugin_log.addHandler(handler)
        plugin_log.setLevel(logging.INFO)
