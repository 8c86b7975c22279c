"""`ustaz publish aggregates`: the public aggregate tables the site shows, written from the private tree by the
staff (ustaz/aggregates/publish.py). The site never reads the private tree; this command is how its
numbers get there — suppressed, reviewed in a pull request."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import t
from .app import fail, main, parse_day, project_root


@main.group("publish")
def publish_group() -> None:
    """Public files written from the private tree by the staff (aggregates with small cells suppressed)."""


@publish_group.command("aggregates")
@click.option("--private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
@click.option("--today", help="The day the register is read as of (YYYY-MM-DD); default: today.")
def aggregates_cmd(private: str | None, today: str | None) -> None:
    """Write data/aggregates/*.csv (support counts, survey statistics, certificates per region), their Table
    Schemas and data-package entries from the private tree; commit them in a pull request."""
    from ..aggregates.publish import publish
    from ..aggregates.tables import FOLDER
    from ..calendar import today_in
    from ..private_owner import PRIVATE_PROJECT
    from ..project import Project
    from ..workspace import Workspace

    project = Project.load(project_root(), Path(private) if private else None)
    if project.private_dir is None or not project.private_dir.is_dir():
        # an empty run would rewrite every table empty: never publish from nothing
        fail(t("no private tree at {path}: give --private DIR or set USTAZ_PRIVATE",
               path=project.private_dir or "private/"))
    for finding in project.load_findings:
        if finding.code == PRIVATE_PROJECT:
            fail(finding.message)
    day = parse_day(today) or today_in(project.policy.timezone)
    try:
        written = publish(Workspace(project=project, today=day))
    except ValueError as exc:
        fail(str(exc))
    for table, rows in written.rows.items():
        click.echo(t("{folder}/{table}.csv: {rows} row(s)", folder=FOLDER, table=table, rows=rows))
    click.echo(t("from {private}; review the diff and commit it in a pull request", private=project.private_dir))
