"""`ustaz build`: the site (the same as `mkdocs build --strict`)."""

from __future__ import annotations

from pathlib import Path

import click

from .app import fail, main, project_root


@main.command("build")
@click.option("--site-dir", default="site", show_default=True, help="Where to write the site.")
def build_cmd(site_dir: str) -> None:
    """Build the static site from the project."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    root = project_root()
    cfg_file = root / "mkdocs.yml"
    if not cfg_file.exists():
        fail("no mkdocs.yml in the project root")
    try:
        config = load_config(str(cfg_file), site_dir=str(Path(site_dir).resolve()), strict=True)
        build(config)
    except MkDocsException as exc:
        fail(f"the site did not build: {exc}")
