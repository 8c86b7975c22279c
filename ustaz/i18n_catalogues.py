"""The catalogues as files: extracting the message ids from the code, updating and checking the .po files
(scripts/messages.py and tests/test_i18n.py use it; running ustaz needs only `ustaz.i18n`)."""

from __future__ import annotations

import datetime as dt
import string
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
