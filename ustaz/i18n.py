"""Messages a person reads, in the reader's language (issue #17).

Every message a person reads is written as an English template with named placeholders and passed
through `t`: ``error(path, line, "code", t("program {id!r} has no module", id=program_id))``. The
template is the gettext message id that Babel extracts (keyword `t`); the catalogues under
`ustaz/locale/` give its kk, ru and ky forms. Constants read later are marked with `N_` so that they are
extracted too.

This module is the one place that chooses the language: `set_language` (from `--lang`, `USTAZ_LANG` or
the policy's first language).
"""

from __future__ import annotations

_language = "en"


def set_language(lang: str) -> None:
    """Make `lang` (kk, ru, en, ky) the language of every later message."""
    global _language
    _language = lang


def language() -> str:
    return _language


def t(template: str, /, **params: object) -> str:
    """`template` in the current language, its {named} placeholders filled from `params`."""
    return template.format(**params) if params else template


def N_(template: str) -> str:
    """Mark a constant template for extraction; translate it with `t` where it is used."""
    return template
