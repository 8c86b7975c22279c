"""The click group and the one error path of the command line (exit 0 clean, 1 data errors, 2 could not run).

The command line speaks the chosen language (issue #17) in three layers:
- ustaz's own output goes through `t()`;
- click's messages ("Usage:", "Options", "Error: No such option …", "Missing argument …") are written in
  click's source as ``_("…")``/``ngettext(…)`` with ``_`` and ``ngettext`` imported by name from the stdlib's
  `gettext` module into each click module. `use_our_catalogues_for_click` rebinds those two names, module by
  module, to `ustaz.i18n.gettext`/`ngettext` once when this module is imported; click's message ids are
  extracted from the installed click into our catalogues (`ustaz.i18n_catalogues.click_messages`);
- the help of commands and options (docstrings, `help=`) is translated when click formats it, by
  `LocalizedCommand`/`LocalizedGroup`, the classes of every command under `main`.
"""

from __future__ import annotations

import copy
import datetime as dt
import gettext as stdlib_gettext
import importlib
import sys
from pathlib import Path
from typing import IO, Any, NoReturn, Self, TypeVar

import click

from .. import i18n
from ..i18n import LANGUAGES, N_, choose_language, set_language, t

# the click modules that show messages (click._winconsole is Windows-only)
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui", "types",
                 "utils", "_termui_impl")


def use_our_catalogues_for_click() -> list[str]:
    """Rebind click's module-level `_` and `ngettext` (the stdlib's, imported by name) to ustaz.i18n's, so that
    click's messages are looked up in ustaz's catalogues in the language chosen for the run. Returns the
    rebound names ("click.core._", …); a click that imports gettext otherwise is left as it is (the language
    test then fails on its English)."""
    ours = {"_": (stdlib_gettext.gettext, i18n.gettext), "ngettext": (stdlib_gettext.ngettext, i18n.ngettext)}
    rebound = []
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attr, (stdlib, replacement) in ours.items():
            if getattr(module, attr, None) in (stdlib, replacement):
                setattr(module, attr, replacement)
                rebound.append(f"click.{name}.{attr}")
    return rebound


use_our_catalogues_for_click()


P = TypeVar("P", bound=click.Parameter)


def _localized_param(param: P) -> P:
    help_text = getattr(param, "help", None)
    if not help_text:
        return param
    local = copy.copy(param)
    local.help = i18n.gettext(help_text)
    return local


class LocalizedCommand(click.Command):
    """A command whose help, short help, epilog and options' help are shown in the chosen language: click
    formats a copy of the command holding the translations (their message ids are the texts as click cleans
    them, see `ustaz.i18n_catalogues.extract_cli`)."""

    # True on the copy that click formats: its help option (click caches one object per command, made in the
    # language of the first run) is shown translated too; the command that parses keeps the cached object
    for_help = False

    def localized(self) -> Self:
        local = copy.copy(self)
        local.for_help = True
        for attr in ("help", "short_help", "epilog"):
            text = getattr(self, attr)
            if text:
                setattr(local, attr, i18n.gettext(i18n.help_text(text)))
        local.params = [_localized_param(p) for p in self.params]
        return local

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line's pieces, click's words for the options and the subcommand in the chosen language (in
        the help and in a usage error alike); an argument's metavar stays its name (what the help lists)."""
        words = {"[OPTIONS]": i18n.gettext(N_("[OPTIONS]")),
                 "COMMAND [ARGS]...": i18n.gettext(N_("COMMAND [ARGS]..."))}
        return [words.get(piece, piece) for piece in super().collect_usage_pieces(ctx)]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        return _localized_param(option) if option is not None and self.for_help else option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super(LocalizedCommand, self.localized()).format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return super(LocalizedCommand, self.localized()).get_short_help_str(limit)


class LocalizedGroup(LocalizedCommand, click.Group):
    """A group of localized commands; its subgroups are localized groups."""

    command_class = LocalizedCommand
    group_class: type[click.Group | type] | None = type


class MainGroup(LocalizedGroup):
    """`ustaz`: chooses the language before anything is parsed, so that `ustaz --help` and the usage errors of
    any command already speak it (click handles `--help` before `--lang` when `--help` comes first)."""

    group_class = LocalizedGroup

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        if parent is None:
            set_language(choose_language(_lang_argument(self, args), _policy_languages()))
        return super().make_context(info_name, args, parent, **extra)


def _lang_argument(group: click.Group, args: list[str]) -> str | None:
    """The value of the first `--lang X` or `--lang=X` that names the language of the messages: one given to
    `ustaz` itself or to a command whose `--lang` is that option (`ustaz check --help --lang ru`). The `--lang`
    of a command that writes a document (`ustaz export package ID --lang ru`) is the document's language: the
    messages stay in the user's."""
    command: click.Command = group
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang=") and _names_messages(command):
            return arg.removeprefix("--lang=")
        if arg == "--lang" and i + 1 < len(args) and _names_messages(command):
            return args[i + 1]
        if not arg.startswith("-") and isinstance(command, click.Group) and (i == 0 or args[i - 1] != "--lang"):
            sub = command.commands.get(arg)
            if sub is None:
                break
            command = sub
    return None


def _names_messages(command: click.Command) -> bool:
    """Whether the command's `--lang` is `lang_option` (the language of the messages)."""
    return any(isinstance(p, click.Option) and "--lang" in p.opts and p.callback is _choose_language
               for p in command.params)


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
    if value is not None:
        set_language(choose_language(value))
    return value


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(i18n.gettext("%(prog)s, version %(version)s") % {"prog": ctx.find_root().info_name,
                                                                  "version": version("ustaz")})
    ctx.exit()


lang_option = click.option("--lang", "lang", type=click.Choice(LANGUAGES), callback=_choose_language,
                           expose_value=False, is_eager=True,
                           help="The language of the messages (default: $USTAZ_LANG, else the policy's first "
                                "language).")


@click.group(cls=MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
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
