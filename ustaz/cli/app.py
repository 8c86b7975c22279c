"""The click group and the one error path of the command line (exit 0 clean, 1 data errors, 2 could not run)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

import click

from ..i18n import t


class CommandFailed(click.ClickException):
    exit_code = 2

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"ustaz: {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    raise CommandFailed(message)


def project_root() -> Path:
    """Commands work on the project in the current directory (or the nearest parent with data/ or programs/)."""
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "programs").is_dir() or (candidate / "data" / "policy.yml").exists():
            return candidate
    return here


def parse_day(value: str | None, option: str = "--today") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(t("{option} {value!r} is not a date; write YYYY-MM-DD", option=option, value=value))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ustaz")
def main() -> None:
    """ustaz — teacher qualification programs, courses and certificates as code."""


def run() -> None:
    from . import load_commands

    load_commands()
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(2)
