"""The catalogues as files: extracting the message ids from the code, updating and checking the .po files
(scripts/messages.py and tests/test_i18n.py use it; running ustaz needs only `ustaz.i18n`)."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, catalogue_path, help_text

TRANSLATED = ("kk", "ru", "ky")
KEYWORDS = {"t": None, "N_": None}
# the text click shows from a command's definition: its docstring (the command's help) and these arguments
HELP_KEYWORDS = ("help", "short_help", "epilog")
# click's own messages ("Usage:", "Error: No such option …"), as click marks them in its source
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
# a fixed date keeps the header still, so a diff shows only messages that changed
_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
HEADER = "Messages of ustaz (issue #17). Update with: .venv/bin/python scripts/messages.py extract"


def _is_click_decorator(node: ast.expr) -> bool:
    """`@main.command("check")`, `@course_group.group(...)`, `@click.group(...)`, with or without arguments."""
    func = node.func if isinstance(node, ast.Call) else node
    return isinstance(func, ast.Attribute) and func.attr in ("command", "group")


def extract_cli(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
                options: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    """Babel extractor for ustaz/cli: the `t`/`N_` messages plus the help click shows, which the commands write
    as plain Python — a command function's docstring and the literal `help=`, `short_help=`, `epilog=` of a
    command, option or argument (a help kept in a constant is marked with `N_` where it is defined).
    `ustaz.cli.app.LocalizedCommand` translates them when click formats the help."""
    source = fileobj.read()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                any(_is_click_decorator(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=True)
            if doc and help_text(doc):
                yield node.body[0].lineno, None, help_text(doc), []
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in HELP_KEYWORDS and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str) \
                        and help_text(kw.value.value):
                    yield kw.value.lineno, None, help_text(kw.value.value), []
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]


# babel.cfg holds the same mapping, for `pybabel extract -F babel.cfg -k t -k N_ .`
METHOD_MAP = [("ustaz/cli/**.py", extract_cli), ("ustaz/**.py", "python")]


def click_folder() -> Path:
    import click

    return Path(click.__file__).resolve().parent


def click_messages() -> Iterator[tuple[str, int, str]]:
    """(file, line, message) of every message click itself shows, read from the installed click's source (the
    version constraints.txt pins): its usage, help headings and usage errors. Both forms of an `ngettext` are
    messages of their own (`ustaz.i18n.ngettext` picks one). Windows' console module is left out."""
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(click_folder()), [("**.py", "python")], keywords=CLICK_KEYWORDS, comment_tags=(),
            strip_comment_tags=True):
        if filename.startswith("_winconsole"):
            continue
        for form in message if isinstance(message, tuple) else (message,):
            if isinstance(form, str) and form:
                yield f"click/{filename}", lineno, form


def extract(root: Path) -> Catalog:
    """Every message id `t(...)` and `N_(...)` hold in the package's code, the help of its commands and click's own
    messages, as a template catalogue."""
    template = Catalog(domain=DOMAIN, project="ustaz", header_comment=f"# {HEADER}")
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(root), METHOD_MAP, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True):  # type: ignore[arg-type]
        if isinstance(message, str) and message:
            template.add(message, locations=[(filename, lineno)], flags=("python-brace-format",))
    for filename, lineno, message in click_messages():
        flags = ("python-format",) if "%(" in message else ("python-brace-format",)
        template.add(message, locations=[(filename, lineno)], flags=flags)
    return template


def read(lang: str) -> Catalog:
    path = catalogue_path(lang)
    if not path.is_file():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def write(lang: str, cat: Catalog) -> None:
    path = catalogue_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, cat, width=0, no_location=True, omit_header=False, sort_output=True,
                 include_previous=False)


def update(root: Path, lang: str, template: Catalog) -> None:
    """`lang`'s catalogue holds exactly the template's ids: translations kept, new ones empty, gone ones dropped."""
    old = read(lang)
    cat = Catalog(locale=lang, domain=DOMAIN, project="ustaz", header_comment=f"# {HEADER}",
                  fuzzy=False, creation_date=_DATE, revision_date=_DATE)
    for m in template:
        if m.id:
            kept = old.get(m.id)
            cat.add(m.id, string=kept.string if kept is not None else "", flags=m.flags)
    write(lang, cat)


PERCENT_FIELD = re.compile(r"%\(\w+\)[sdrif]")


def placeholders(text: str) -> set[str]:
    """The {named} fields of a template, with their conversion and format spec ("name!r", "ord:04X"), and the
    %(named)s fields of the few click messages formatted with `%`."""
    out = set(PERCENT_FIELD.findall(text))
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None:
            out.add(field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return out


def missing(root: Path) -> list[str]:
    """One line per message a catalogue lacks or gets wrong, naming the language and the msgid."""
    template = extract(root)
    problems: list[str] = []
    for lang in TRANSLATED:
        cat = read(lang)
        for m in template:
            if not m.id:
                continue
            have = cat.get(m.id)
            if have is None or not have.string:
                problems.append(f"{lang}: no translation: {m.id!r}")
            elif have.fuzzy:
                problems.append(f"{lang}: fuzzy: {m.id!r}")
            elif placeholders(str(have.string)) != placeholders(str(m.id)):
                problems.append(f"{lang}: placeholders {sorted(placeholders(str(have.string)))} differ from "
                                f"{sorted(placeholders(str(m.id)))}: {m.id!r}")
        extra = sorted(str(m.id) for m in cat if m.id and template.get(m.id) is None)
        problems += [f"{lang}: not in the code any more (run scripts/messages.py extract): {i!r}" for i in extra]
    return problems


@lru_cache(maxsize=4096)
def template_pattern(template: str) -> tuple[re.Pattern[str], list[str]]:
    """The template as a regex (placeholders as groups) and its placeholder keys in order."""
    parts, keys = [], []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            keys.append(field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
            parts.append("(.*?)")
    return re.compile("".join(parts), re.DOTALL), keys


@lru_cache(maxsize=4096)
def _quoted_fields(template: str) -> frozenset[str]:
    """The placeholders a template quotes ('{column}', «{title}», `{path}`): names and data, never a message, so
    that a column called 'present' stays 'present' though the word is also a message (a table header)."""
    quoted = set()
    for literal, field, spec, conversion in string.Formatter().parse(template):
        if field is not None and literal.endswith(("'", '"', "«", "`")):
            quoted.add(field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return frozenset(quoted)


def retranslate(message: str, lang: str, templates: dict[str, str], depth: int = 0) -> str | None:
    """An English message as ustaz printed it, in `lang`: the template it was made from (longest first) refilled
    with the same values, a value that is itself a message translated too. None if no template fits."""
    for msgid in sorted(templates, key=len, reverse=True):
        pattern, keys = template_pattern(msgid)
        m = pattern.fullmatch(message)
        if m is None:
            continue
        values: dict[str, str] = {}
        changed = False
        quoted = _quoted_fields(msgid)
        for key, value in zip(keys, m.groups()):
            if depth < 2 and re.search("[A-Za-z]{3}", value) and key not in quoted:
                local = retranslate(value, lang, templates, depth + 1)
                changed = changed or local is not None
                value = local or value
            values.setdefault(key, value)
        if not changed and not re.search("[A-Za-z]{3}", pattern.pattern.replace("(.*?)", "")):
            continue  # a template of placeholders only ("'{field}' {text}") fits when a value is a message
        out = []
        for literal, field, spec, conversion in string.Formatter().parse(templates[msgid]):
            out.append(literal)
            if field is not None:
                out.append(values[field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")])
        return "".join(out)
    return None


def catalogue_strings(lang: str) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in read(lang) if m.id and m.string}
