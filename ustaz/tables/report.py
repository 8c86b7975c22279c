"""A schema problem (``columns.Problem``, named as frictionless names it) as a ``PATH:LINE`` finding."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding, error
from ..i18n import N_, t
from .codes import TABLE_HEADER, TABLE_ROW, TABLE_UNIQUE, TABLE_VALUE
from .columns import Problem

_CONSTRAINT_TEXT = {
    "required": N_("must not be empty"),
    "pattern": N_("must match the pattern {arg}"),
    "enum": N_("must be one of {arg}"),
    "minimum": N_("must be at least {arg}"),
    "maximum": N_("must be at most {arg}"),
    "minLength": N_("must have at least {arg} characters"),
    "maxLength": N_("must have at most {arg} characters"),
}
_TYPE_TEXT = {"integer": N_("a whole number"), "date": N_("a date YYYY-MM-DD"), "number": N_("a number"),
              "boolean": N_("true or false")}


def problem_finding(shown: str, p: Problem, names: tuple[str, ...]) -> Finding:
    """The finding for one problem of the table `shown`, whose schema's fields are `names`."""
    if p.kind == "missing-label":
        return error(shown, 1, TABLE_HEADER, t("the header must be exactly: {columns}", columns=','.join(names)))
    if p.kind == "incorrect-label":
        return error(shown, 1, TABLE_HEADER, _header_message(p.value.split(","), names))
    if p.kind == "blank-row":
        return error(shown, p.line, TABLE_ROW, t("the row is blank; delete the empty line"))
    if p.kind == "missing-cell":
        return error(shown, p.line, TABLE_ROW, t("the row ends before its '{field}' cell; every row has {count} cells",
                                                 field=p.field, count=len(names)))
    if p.kind == "extra-cell":
        return error(shown, p.line, TABLE_ROW, t("the row has more than {count} cells (extra: {value!r}); quote cells "
                                                 "that contain commas", count=len(names), value=p.value[:40]))
    if p.kind == "source-error":
        return error(shown, p.line, TABLE_ROW, t("the CSV cannot be parsed: {value}", value=p.value))
    if p.kind == "type-error":
        return error(shown, p.line, TABLE_VALUE,
                     t("'{field}' must be {type_text}, not {value!r}", field=p.field,
                       type_text=t(_TYPE_TEXT.get(p.constraint, p.constraint)), value=p.value[:40]))
    if p.kind == "primary-key":
        return error(shown, p.line, TABLE_UNIQUE, t("({primary_key}) repeats line {first}; it must be unique",
                                                        primary_key=p.field, first=p.other_line))
    if p.kind == "unique-error":
        return error(shown, p.line, TABLE_UNIQUE, t("'{name}' {raw!r} is already on line {first}; it must be unique",
                                                    name=p.field, raw=p.value, first=p.other_line))
    text = t(_CONSTRAINT_TEXT.get(p.constraint, p.constraint), arg=p.value)
    return error(shown, p.line, TABLE_VALUE, t("'{field}' {text}", field=p.field, text=text))


def _header_message(header: list[str], names: tuple[str, ...]) -> str:
    """What is wrong with a header that is not the schema's fields in order."""
    if len(header) == 1 and header[0].count(";") >= len(names) - 1 > 0:
        return t("the columns are separated by ';'; save the file as CSV with commas (UTF-8)")
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    detail = []
    if missing:
        detail.append(t("missing {columns}", columns=", ".join(missing)))
    if extra:
        detail.append(t("unknown {columns}", columns=", ".join(extra)))
    if not detail:
        detail.append(t("the columns are out of order"))
    return t("the header must be exactly: {columns} ({detail})", columns=",".join(names), detail="; ".join(detail))


def one_per_short_row(problems: Iterable[Problem]) -> list[Problem]:
    """A short row is one finding (its first missing cell), not one per missing or required cell."""
    problems = list(problems)
    missing = {(p.line, p.field) for p in problems if p.kind == "missing-cell"}
    first: set[int] = set()
    out = []
    for p in problems:
        if p.kind == "missing-cell":
            if p.line in first:
                continue
            first.add(p.line)
        elif p.kind == "constraint-error" and (p.line, p.field) in missing:
            continue
        out.append(p)
    return out
