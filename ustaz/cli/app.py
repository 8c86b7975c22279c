"""The click group and the one error path of the command line (exit 0 clean, 1 data errors, 2 could not run)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from ..i18n import LANGUAGES, choose_language, set_language, t


class CommandFailed(click.ClickException):
    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
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


def _policy_languages() -> tuple[str, ...]:
    from ..policy import load_policy

    policy, _ = load_policy(project_root())
    return policy.languages


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The language of every message: `--lang`, else `$USTAZ_LANG`, else the policy's first language."""
    if value is not None or ctx.command is main:
        set_language(choose_language(value, () if value else _policy_languages()))
    return value


lang_option = click.option("--lang", "lang", type=click.Choice(LANGUAGES), callback=_choose_language,
                           expose_value=False, is_eager=True,
                           help="The language of the messages (default: $USTAZ_LANG, else the policy's first "
                                "language).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ustaz")
@lang_option
def main() -> None:
    """ustaz — teacher qualification programs, courses and certificates as code."""


def run() -> None:
    from . import load_commands

    load_commands()
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(2)
