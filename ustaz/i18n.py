"""Messages a person reads, in the reader's language (issue #17).

Every message a person reads is written as an English template with named placeholders and passed
through `t`: ``error(path, line, "code", t("program {id!r} has no module", id=program_id))``. The
template is the gettext message id that Babel extracts (keywords `t` and `N_`, see babel.cfg); the
catalogues `ustaz/locale/<lang>/LC_MESSAGES/ustaz.po` give its kk, ru and ky forms. They are read as
they are committed (no compiled .mo to keep in step), once per language, on first use. Constants read
later are marked with `N_` so that they are extracted too, and translated with `t` where they are used.

This module is the one place that chooses the language: `set_language` (from `--lang`, `USTAZ_LANG` or
the policy's first language, see `choose_language`); `speaking` renders a block in another language
(the bot writes one comment in each of a program's languages).

Text that somebody else fills in goes through `gettext` (the translation alone, no placeholders filled)
and `ngettext`: click's own messages ("Usage:", "Error: No such option …", which click formats itself),
and the help of the commands and options (their docstrings and `help=` texts, which click wraps).
`ustaz.cli.app` routes click's messages here at start-up; `ustaz.i18n_catalogues` extracts both kinds.
"""

from __future__ import annotations

import contextlib
import inspect
import os
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

SOURCE_LANGUAGE = "en"
LANGUAGES = ("kk", "ru", "ky", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "ustaz"
ENV = "USTAZ_LANG"

_language = SOURCE_LANGUAGE


def set_language(lang: str) -> None:
    """Make `lang` (kk, ru, en, ky) the language of every later message; an unknown one means English."""
    global _language
    _language = lang if lang in LANGUAGES else SOURCE_LANGUAGE


def language() -> str:
    return _language


def choose_language(option: str | None, policy_languages: Sequence[str] = ()) -> str:
    """`--lang`, else `$USTAZ_LANG`, else the policy's first language, else English."""
    for candidate in (option, os.environ.get(ENV), *policy_languages[:1]):
        if candidate and candidate.strip().lower() in LANGUAGES:
            return candidate.strip().lower()
    return SOURCE_LANGUAGE


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Messages inside the block are in `lang`; the language before it comes back after."""
    before = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, str]:
    """msgid → translation of `lang`'s catalogue (untranslated and fuzzy entries left out)."""
    path = catalogue_path(lang)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return {}
    from babel.messages.pofile import read_po  # only when a translation is wanted

    with path.open("rb") as f:
        cat = read_po(f, locale=None, domain=DOMAIN)
    return {str(m.id): str(m.string) for m in cat if m.id and isinstance(m.id, str) and m.string
            and not m.fuzzy}


def t(template: str, /, **params: object) -> str:
    """`template` in the current language, its {named} placeholders filled from `params`."""
    text = catalogue(_language).get(template, template)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        # a translation whose placeholders do not fit (the catalogue test forbids it): the English template
        return template.format(**params)


def gettext(message: str, /) -> str:
    """`message` in the current language, as it is: for text that its user formats (click's messages, help)."""
    return catalogue(_language).get(message, message)


def ngettext(singular: str, plural: str, n: int, /) -> str:
    """The singular message for n == 1, else the plural one, each translated as a message of its own.

    The catalogues hold both forms as two messages; the kk, ru and ky translations are worded so that they
    fit any count ("ошибок: {n}"), which is how the catalogues treat numbers elsewhere too."""
    return gettext(singular if n == 1 else plural)


def labels(row: str, /) -> list[str]:
    """A row of short labels kept as one message with "|" between them ("listener|days|test|…", a table's
    header): the translation's labels, in order (the English ones if a translation has another count). The
    translator sees the row whole, and no label is a one-word message of its own that would be mistaken for a
    value of the same spelling (a column 'present', an outcome 'expelled') where messages are matched."""
    english, local = row.split("|"), gettext(row).split("|")
    return local if len(local) == len(english) else english


def help_text(text: str) -> str:
    """A command's or option's help as click shows it, which is its message id: indentation removed, cut at a
    form feed (what click leaves out of the help)."""
    return inspect.cleandoc(text).partition("\f")[0].strip()


def N_(template: str) -> str:
    """Mark a constant template for extraction; translate it with `t` where it is used."""
    return template
