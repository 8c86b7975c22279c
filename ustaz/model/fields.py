"""Typed reading of YAML mappings into model values, with findings instead of exceptions."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import LocList, LocMap, load_yaml

MISSING_KEY = define("missing-key", "A required key is missing.")
WRONG_TYPE = define("wrong-type", "A value has the wrong type.")
UNKNOWN_KEY = define("unknown-key", "A key is not part of the format (a typo?).")
INVALID_DATE = define("invalid-date", "A date is not a real calendar date in YYYY-MM-DD form.")
UNKNOWN_VALUE = define("unknown-value", "A value is not one of the allowed choices.")

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Reader:
    """Reads one YAML mapping of one file, collecting findings."""

    def __init__(self, mapping: LocMap, path: str, findings: list[Finding], where: str = "") -> None:
        self.m = mapping
        self.path = path
        self.findings = findings
        self.where = where

    def line(self, key: str | None = None) -> int:
        return self.m.line_of(key) if key else self.m.line

    def _name(self, key: str) -> str:
        return f"{self.where}{key}"

    def err(self, key: str | None, code: str, message: str) -> None:
        self.findings.append(error(self.path, self.line(key), code, message))

    def known_keys(self, *keys: str) -> None:
        for key in self.m:
            if key not in keys:
                self.err(key, UNKNOWN_KEY,
                         t("'{name}' is not a known key here; use one of: {keys}", name=self._name(key), keys=', '.join(keys)))

    def get(self, key: str, kind: type[T] | tuple[type, ...], required: bool = True,
            describe: str = "") -> Any:
        if key not in self.m or self.m[key] is None:
            if required:
                self.err(None, MISSING_KEY, t("'{name}' is required{value}", name=self._name(key), value=describe and ': ' + describe))
            return None
        value = self.m[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if bool not in kinds and isinstance(value, bool):
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            names = " or ".join(_type_name(k) for k in kinds)
            self.err(key, WRONG_TYPE, t("'{name}' must be {names}, not {value!r}", name=self._name(key), names=names, value=value))
            return None
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.get(key, (str, int, float), required)
        if value is None:
            return None
        return str(value)

    def integer(self, key: str, required: bool = True, minimum: int | None = 0) -> int | None:
        value = self.get(key, int, required)
        if not isinstance(value, int):
            return None
        if minimum is not None and value < minimum:
            self.err(key, WRONG_TYPE, t("'{name}' must be at least {minimum}, not {value}", name=self._name(key), minimum=minimum, value=value))
            return None
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.get(key, (str,), required, "a date YYYY-MM-DD")
        if value is None:
            return None
        return parse_date(value, self.path, self.line(key), self._name(key), self.findings)

    def choice(self, key: str, choices: type[E], required: bool = True) -> E | None:
        """The member of the vocabulary `choices` the value names; None (and a finding) when it names none."""
        value = self.get(key, str, required)
        if value is None:
            return None
        try:
            return choices(value)
        except ValueError:
            allowed = [str(c.value) for c in choices]
            self.err(key, UNKNOWN_VALUE,
                     t("'{name}' is {value!r}; use one of: {allowed}", name=self._name(key), value=value, allowed=', '.join(allowed)))
            return None

    def mapping(self, key: str, required: bool = True) -> LocMap | None:
        value = self.get(key, LocMap, required)
        return value if isinstance(value, LocMap) else None

    def sequence(self, key: str, required: bool = True) -> LocList | None:
        value = self.get(key, LocList, required)
        return value if isinstance(value, LocList) else None

    def each_mapping(self, key: str, required: bool = True) -> list[tuple[int, LocMap]]:
        seq = self.sequence(key, required)
        out: list[tuple[int, LocMap]] = []
        if seq is None:
            return out
        for i, item in enumerate(seq):
            if isinstance(item, LocMap):
                out.append((i, item))
            else:
                self.findings.append(error(self.path, seq.line_of(i), WRONG_TYPE,
                                           t("each entry of '{name}' must be a mapping, not {item!r}", name=self._name(key), item=item)))
        return out

    def child(self, m: LocMap, where: str) -> Reader:
        return Reader(m, self.path, self.findings, where)


def read_mapping(path: Path, shown: str, code: str, shape: str) -> tuple[Reader | None, list[Finding]]:
    """A YAML file that must be a mapping, as a Reader; else None and a finding `code` that says its `shape`
    (unless the YAML itself could not be read, which load_yaml already reported)."""
    data, findings = load_yaml(path, shown)
    if not isinstance(data, LocMap):
        if not findings:
            findings.append(error(shown, 1, code, t("{name} must be a mapping: {shape}", name=path.name, shape=shape)))
        return None, findings
    return Reader(data, shown, findings), findings


def parse_date(value: str, path: str, line: int, name: str, findings: list[Finding]) -> dt.date | None:
    if not _DATE.match(value):
        findings.append(error(path, line, INVALID_DATE, t("'{name}' is {value!r}; write a date as YYYY-MM-DD", name=name, value=value)))
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        findings.append(error(path, line, INVALID_DATE, t("'{name}' is {value!r}, which is not a calendar date", name=name, value=value)))
        return None


def _type_name(kind: type) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false",
            LocMap: "a mapping", LocList: "a list"}.get(kind, kind.__name__)


def localized(reader: Reader, key: str, languages: tuple[str, ...] | None = None,
              required: bool = True) -> dict[str, str]:
    """A {lang: text} mapping."""
    m = reader.mapping(key, required)
    out: dict[str, str] = {}
    if m is None:
        return out
    for lang, text in m.items():
        if not isinstance(text, str) or not text.strip():
            reader.findings.append(error(reader.path, m.line_of(lang), WRONG_TYPE,
                                         t("'{name}.{lang}' must be non-empty text", name=reader._name(key), lang=lang)))
            continue
        out[lang] = text.strip()
    return out


Check = Callable[..., Any]
