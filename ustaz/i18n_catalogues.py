"""The catalogues as files: extracting the message ids from the code, updating and checking the .po files
(scripts/messages.py and tests/test_i18n.py use it; running ustaz needs only `ustaz.i18n`)."""

from __future__ import annotations

import datetime as dt
import re
import string
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, catalogue_path

TRANSLATED = ("kk", "ru", "ky")
KEYWORDS = {"t": None, "N_": None}
# babel.cfg holds the same mapping, for `pybabel extract -F babel.cfg -k t -k N_ .`
METHOD_MAP = [("ustaz/**.py", "python")]
# a fixed date keeps the header still, so a diff shows only messages that changed
_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
HEADER = "Messages of ustaz (issue #17). Update with: .venv/bin/python scripts/messages.py extract"


def extract(root: Path) -> Catalog:
    """Every message id `t(...)` and `N_(...)` hold in the package's code, as a template catalogue."""
    template = Catalog(domain=DOMAIN, project="ustaz", header_comment=f"# {HEADER}")
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(root), METHOD_MAP, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True):
        if isinstance(message, str) and message:
            template.add(message, locations=[(filename, lineno)], flags=("python-brace-format",))
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


def placeholders(text: str) -> set[str]:
    """The {named} fields of a template, with their conversion and format spec ("name!r", "ord:04X")."""
    out = set()
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
        for key, value in zip(keys, m.groups()):
            if depth < 2 and re.search("[A-Za-z]{3}", value):
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
