"""The command line in the reader's language, click's own words included (issue #17).

`ustaz --help`, every command's `--help`, click's usage errors ("Usage:", "Error: No such option …", "Missing
argument …") and the text tables of `ustaz course results` / `attendance` speak kk and ru as `ustaz check`'s
findings do. Each expectation is built from the catalogues (never a Kazakh or Russian string written here), so
a rewording in a catalogue keeps the tests right and a message left in English fails them.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT, run_ustaz

from ustaz import i18n
from ustaz.cli import load_commands
from ustaz.cli.app import main
from ustaz.i18n import help_text
from ustaz.i18n_catalogues import catalogue_strings, click_messages, extract, placeholders

LANGS = ("kk", "ru")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
COHORT, TODAY = "2026-rb-kk-01", "2026-11-23"


@pytest.fixture(autouse=True)
def _in_the_example(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Commands find the project from the working directory; the language chosen in-process is put back."""
    monkeypatch.chdir(ROOT)
    yield
    i18n.set_language("en")


def _commands(group: click.Group = main, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))
        elif cmd is not None:
            yield (*path, name)


load_commands()
COMMANDS = sorted(_commands())


def _run(lang: str, *args: str) -> str:
    result = CliRunner().invoke(main, list(args), prog_name="ustaz", env={"USTAZ_LANG": lang})
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.output


def _english_words(line: str) -> bool:
    """A line a person reads as English: words left once option names, METAVARS, [a|b] choices and paths go."""
    rest = re.sub(r"--?[\w-]+|\[[^\]]*\|[^\]]*\]|\b[A-Z_]{2,}\b|[\w.<>/-]*/[\w.<>/-]*|[\w<>-]+\.[\w.<>-]+|\$\w+", " ",
                  line)
    return re.search(r"[A-Za-z]{3,}", rest) is not None


def test_click_reads_our_catalogues_in_every_module_that_shows_messages() -> None:
    """Every click module's `_`/`ngettext` is ustaz's (none left on the stdlib's gettext, which has no catalogue
    of ours), and every message click marks is in the catalogues."""
    left = [f"{name}.{attr}" for name, module in sys.modules.items() if name.split(".")[0] == "click"
            for attr, stdlib in (("_", gettext.gettext), ("ngettext", gettext.ngettext))
            if getattr(module, attr, None) is stdlib]
    assert left == []
    ids = {m.id for m in extract(ROOT) if m.id}
    click_ids = {message for _file, _line, message in click_messages()}
    assert {"Usage:", "Options", "Error: {message}", "No such option {name!r}.", "Missing argument"} <= click_ids
    assert click_ids <= ids


def test_every_help_text_of_every_command_is_a_catalogue_message() -> None:
    """The extractor finds each command's docstring and each option's help= as click shows them."""
    ids = {m.id for m in extract(ROOT) if m.id}
    unknown = []
    for path in COMMANDS:
        cmd: click.Command = main
        for name in path:
            found = cmd.get_command(click.Context(cmd), name) if isinstance(cmd, click.Group) else None
            assert found is not None
            cmd = found
        texts = [cmd.help, cmd.short_help, *(getattr(p, "help", None) for p in cmd.params)]
        unknown += [(path, text) for text in texts if text and help_text(text) not in ids]
    assert len(COMMANDS) > 50 and unknown == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_commands_help_speaks_the_language(lang: str) -> None:
    """Issue #17: `--help` of `ustaz` and of every command and group: no line a person reads is the English
    one, the headings are the catalogue's ("Usage:", "Options", "Commands"), the text is in Cyrillic."""
    cat = catalogue_strings(lang)
    for path in COMMANDS:
        english, local = _run("en", *path, "--help"), _run(lang, *path, "--help")
        assert english.startswith("Usage: ") and local.startswith(cat["Usage:"] + " "), path
        same = [line for line in set(english.splitlines()) & set(local.splitlines()) if _english_words(line)]
        assert same == [], (path, same)
        assert f"{cat['Options']}:" in local.splitlines(), path
        if "Commands:" in english.splitlines():
            assert f"{cat['Commands']}:" in local.splitlines(), path
        assert CYRILLIC.search(local), path
        # the usage line: click's words for the options and the subcommand are the catalogue's too
        usage, english_usage = local.splitlines()[0], english.splitlines()[0]
        assert "[OPTIONS]" in english_usage and "[OPTIONS]" not in usage and cat["[OPTIONS]"] in usage, path
        if "COMMAND [ARGS]..." in english_usage:
            assert cat["COMMAND [ARGS]..."] in usage and "COMMAND" not in usage, path


USAGE_ERRORS = [
    # (arguments, the English message click builds, the same built from the catalogue)
    (("check", "--bogus"), lambda c: c["No such option {name!r}."].format(name="--bogus")),
    (("course", "results"), lambda c: c["Missing argument"]),
    (("course", "results", "a", "b", "c"), lambda c: c["Got unexpected extra arguments ({args})"].format(args="b c")),
    (("course", "results", "a", "b"), lambda c: c["Got unexpected extra argument ({args})"].format(args="b")),
    (("check", "--today"), lambda c: c["Option {name!r} requires an argument."].format(name="--today")),
    (("no-such-command",), lambda c: c["No such command {name!r}."].format(name="no-such-command")),
    (("deadlines", "--format", "xml"),
     lambda c: c["Invalid value for {param_hint}: {message}"].split("{param_hint}")[0]),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("args", "expected"), USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_speak_the_language_and_keep_their_values(lang: str, args: tuple[str, ...], expected) -> None:  # type: ignore[no-untyped-def]
    cat = catalogue_strings(lang)
    english, local = _run("en", *args), _run(lang, *args)
    assert english != local
    assert expected(cat) in local, local
    assert cat["Error: {message}"].split("{message}")[0] in local
    assert not set(english.splitlines()) & set(local.splitlines()) - {""}, local
    try_line = cat["Try '{command} {option}' for help."]
    if "Try '" in english:
        command = re.search(r"Try '(.*) (--help|-h)' for help\.", english)
        assert command is not None
        assert try_line.format(command=command.group(1), option=command.group(2)) in local
    for value in re.findall(r"'[^']*'", english.split("Did you mean")[0]):
        assert value in local, value  # the values click puts in (an option, a command, a choice) are kept


def test_the_language_is_chosen_before_click_parses() -> None:
    """`ustaz --help` (click answers --help before it reads --lang) and `--lang` after --help both speak it."""
    ru = catalogue_strings("ru")
    kk = catalogue_strings("kk")
    assert _run("en", "--help", "--lang", "ru").startswith(ru["Usage:"])
    assert _run("ru", "--lang=kk", "check", "--help").startswith(kk["Usage:"])
    assert _run("kk", "--help").startswith(kk["Usage:"])
    assert _run("kk", "--version").startswith("ustaz" + kk["%(prog)s, version %(version)s"].split(")s", 1)[1]
                                              .split("%(")[0])


def test_a_documents_lang_is_not_the_language_of_the_messages() -> None:
    """`--lang` of a command that writes a document (the package, the certificates, the names) is the document's
    language; the messages stay in the user's. `--lang` of a command where it is the messages' option counts
    wherever it stands, and so does the group's."""
    ru, kk = catalogue_strings("ru"), catalogue_strings("kk")
    for command in (["export", "package", "robotics-basics"], ["new", "program", "x"]):
        assert _run("kk", *command, "--lang", "ru", "--help").startswith(kk["Usage:"]), command
        assert _run("kk", *command, "--lang=ru", "--help").startswith(kk["Usage:"]), command
    assert _run("kk", "check", "--help", "--lang", "ru").startswith(ru["Usage:"])
    assert _run("kk", "deadlines", "--help", "--lang=ru").startswith(ru["Usage:"])
    assert _run("kk", "--lang", "ru", "export", "package", "x", "--lang", "kk", "--help").startswith(ru["Usage:"])


def test_a_row_of_labels_has_as_many_labels_in_every_language() -> None:
    """Table headers and value labels are one message each ("listener|days|…"): every translation names each."""
    from ustaz.cli.check import DEADLINE_STATUS, DEADLINE_STATUSES
    from ustaz.cli.compliance import WHERE, WHERE_VALUES
    from ustaz.cli.course import ATTENDANCE_HEADERS, OUTCOME_LABELS, OUTCOMES, RESULT_HEADERS

    rows = {RESULT_HEADERS: 8, ATTENDANCE_HEADERS: 5, OUTCOME_LABELS: len(OUTCOMES),
            DEADLINE_STATUS: len(DEADLINE_STATUSES), WHERE: len(WHERE_VALUES)}
    for lang in ("kk", "ru", "ky"):
        cat = catalogue_strings(lang)
        for row, count in rows.items():
            assert len(row.split("|")) == count
            local = cat[row].split("|")
            assert len(local) == count and all(w.strip() for w in local), (lang, row)
            assert local != row.split("|"), (lang, row)
            with i18n.speaking(lang):
                assert i18n.labels(row) == local


def test_click_messages_keep_their_placeholders_in_every_language() -> None:
    for lang in ("kk", "ru", "ky"):
        cat = catalogue_strings(lang)
        for _file, _line, message in click_messages():
            assert placeholders(cat[message]) == placeholders(message), (lang, message)


def _table(lang: str, *args: str) -> list[str]:
    result = run_ustaz(*args, "--today", TODAY, cwd=ROOT, env={"USTAZ_LANG": lang})
    assert "Traceback" not in result.stderr and result.stdout, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("lang", LANGS)
def test_course_results_table_speaks_the_language(lang: str) -> None:
    """C-15 … C-19 in kk/ru: the header row, each outcome and the totals line are the catalogue's words; the
    numbers are the English table's, row for row."""
    from ustaz.cli.course import OUTCOME_COUNTS, OUTCOME_LABELS, OUTCOMES, RESULT_HEADERS

    cat = catalogue_strings(lang)
    english, local = _table("en", "course", "results", COHORT), _table(lang, "course", "results", COHORT)
    assert len(english) == len(local) > 3
    assert local[1].split() == [w for h in cat[RESULT_HEADERS].split("|") for w in h.split()]
    label = dict(zip(OUTCOMES, cat[OUTCOME_LABELS].split("|")))
    assert local[1] != english[1]
    for en_row, row in zip(english[2:-1], local[2:-1]):
        en_cells, cells = en_row.split(), row.split()
        assert cells[:7] == en_cells[:7]  # listener, days and points
        outcome = en_cells[7]
        assert row.split()[7:7 + len(label[outcome].split())] == label[outcome].split()
    counts = {k: int(n) for n, k in (part.split(" ", 1) for part in english[-1].split(", "))}
    assert local[-1] == ", ".join(cat[OUTCOME_COUNTS[k]].format(count=n) for k, n in sorted(counts.items()))
    assert CYRILLIC.search(local[0]) and local[0] != english[0]


@pytest.mark.parametrize("lang", LANGS)
def test_course_attendance_table_speaks_the_language(lang: str) -> None:
    """C-11 in kk/ru: the heading and the header row from the catalogue, the counts the English ones."""
    from ustaz.cli.course import ATTENDANCE_HEADERS

    cat = catalogue_strings(lang)
    english, local = _table("en", "course", "attendance", COHORT), _table(lang, "course", "attendance", COHORT)
    assert len(english) == len(local) > 3
    n = int(english[0].split(": ")[1].split()[0])
    assert local[0] == cat["{cohort}: {n} course day(s)"].format(cohort=COHORT, n=n)
    assert local[1].split() == [w for h in cat[ATTENDANCE_HEADERS].split("|") for w in h.split()]
    assert [r.split() for r in local[2:]] == [r.split() for r in english[2:]]


@pytest.mark.parametrize("lang", LANGS)
def test_compliance_list_speaks_the_language(lang: str) -> None:
    """The registry's titles from compliance_titles.yml, its labels and the standing lines from the catalogue."""
    from ustaz.compliance import REGISTRY, clause_title

    cat = catalogue_strings(lang)
    result = run_ustaz("compliance", "list", "--today", TODAY, cwd=ROOT, env={"USTAZ_LANG": lang})
    lines = result.stdout.splitlines()
    first = REGISTRY[0]
    assert lines[0].startswith(f"{first.id:<5} {clause_title(first, lang).text} [")
    assert any(line.startswith(cat["      findings: {items}"].split("{items}")[0]) for line in lines)
    standing = [line for line in lines if line.startswith(cat["standing {rule}: {open} open, {overdue} overdue as of "
                                                              "{as_of}"].split("{rule}")[0])]
    assert standing and all(CYRILLIC.search(line) for line in standing)
    assert not any(_english_words(line.split("[")[0]) for line in lines if line[:1] in "PCMSK" and "[" in line
                   and CYRILLIC.search(line) is None)
