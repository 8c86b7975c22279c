"""Reading a public CSV table against its Frictionless Table Schema (data/schemas/<table>.json).

The Table Schema is the contract; this is the fast path that gives the same verdicts as
`frictionless validate` for the parts of the spec our schemas use (types string, integer, boolean,
date; constraints required, unique, enum, pattern, minimum, maximum) with the finding format of
ustaz: every finding names the row's line in the file (a quoted cell may span lines, so the line
is where the row starts).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import load_json, read_text

TABLE_COLUMNS = define("data-table-columns", "A CSV table's header differs from its Table Schema's fields.")
TABLE_VALUE = define("data-table-value", "A CSV cell breaks its Table Schema field's type or constraints.")
TABLE_DUPLICATE = define("data-table-duplicate", "A CSV table repeats a value that its Table Schema says is unique.")
TABLE_SCHEMA = define("data-table-schema", "A Table Schema file is missing or unreadable.")


@dataclass(frozen=True, kw_only=True)
class SchemaField:
    name: str
    type: str = "string"
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str = ""
    minimum: int | None = None
    maximum: int | None = None
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SchemaField:
        c = data.get("constraints", {})
        return cls(
            name=str(data["name"]),
            type=str(data.get("type", "string")),
            required=bool(c.get("required", False)),
            unique=bool(c.get("unique", False)),
            enum=tuple(str(v) for v in c.get("enum", ())),
            pattern=str(c.get("pattern", "")),
            minimum=c.get("minimum"),
            maximum=c.get("maximum"),
            true_values=tuple(data.get("trueValues", ("true",))),
            false_values=tuple(data.get("falseValues", ("false",))),
        )


@dataclass(frozen=True, kw_only=True)
class TableSchema:
    fields: tuple[SchemaField, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @classmethod
    def from_file(cls, path: Path, shown: str | None = None) -> TableSchema:
        """A schema file (the project's, shown as `shown`, or ustaz's own); a broken one raises
        ValueError, which the caller reports."""
        data, findings = load_json(path, shown or path.name, within=None if shown else path.parent)
        if findings:
            raise ValueError(findings[0].message)
        pk = data.get("primaryKey", ())
        return cls(fields=tuple(SchemaField.from_json(f) for f in data["fields"]),
                   primary_key=(pk,) if isinstance(pk, str) else tuple(pk))


@dataclass(frozen=True, kw_only=True)
class Row:
    line: int  # where the row starts in the file (header is line 1)
    values: Mapping[str, Any] = field(default_factory=dict)  # typed values; missing cells are None

    def get(self, name: str) -> Any:
        return self.values.get(name)


_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _cast(f: SchemaField, raw: str) -> tuple[Any, str]:
    """(value, problem); problem is '' when the cell is fine."""
    if f.type == "string" and not f.enum and not f.pattern:
        return raw, ""
    if f.type == "integer":
        if not _INTEGER.fullmatch(raw):
            return None, f"'{f.name}' must be a whole number, not {raw!r}"
        value: Any = int(raw)
        if f.minimum is not None and value < f.minimum:
            return None, f"'{f.name}' must be at least {f.minimum}, not {value}"
        if f.maximum is not None and value > f.maximum:
            return None, f"'{f.name}' must be at most {f.maximum}, not {value}"
        return value, ""
    if f.type == "boolean":
        if raw in f.true_values:
            return True, ""
        if raw in f.false_values:
            return False, ""
        return None, f"'{f.name}' must be {'|'.join(f.true_values + f.false_values)}, not {raw!r}"
    if f.type == "date":
        if not _DATE.fullmatch(raw):
            return None, f"'{f.name}' must be a date YYYY-MM-DD, not {raw!r}"
        try:
            return dt.date.fromisoformat(raw), ""
        except ValueError:
            return None, f"'{f.name}' is {raw!r}, which is not a calendar date"
    if f.enum and raw not in f.enum:
        return None, f"'{f.name}' is {raw!r}; use one of: {', '.join(v for v in f.enum if v)}"
    if f.pattern and not _pattern(f.pattern).fullmatch(raw):
        return None, f"'{f.name}' {raw!r} does not have the form {f.pattern}"
    return raw, ""


def read_table(path: Path, shown: str, schema: TableSchema) -> tuple[list[Row], list[Finding]]:
    """Rows that passed their schema; rows with a bad cell are dropped (after a finding), so rules
    that look across rows never see half-read data."""
    text, findings = read_text(path, shown)
    if text is None:
        return [], findings
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [error(shown, 1, TABLE_COLUMNS, t("the header cannot be read: {exc}", exc=exc))]
    if header is None:
        return [], [error(shown, 1, TABLE_COLUMNS, t("the file is empty; its first line must be: {names}", names=",".join(schema.names)))]
    header = [h.strip() for h in header]
    if len(header) == 1 and header[0].count(";") >= len(schema.names) - 1 > 0:
        return [], [error(shown, 1, TABLE_COLUMNS,
                          t("the columns are separated by ';'; save the file as CSV with commas (UTF-8)"))]
    if header != list(schema.names):
        missing = [n for n in schema.names if n not in header]
        extra = [h for h in header if h not in schema.names]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if extra:
            detail.append("unknown " + ", ".join(extra))
        if not detail:
            detail.append("the columns are out of order")
        return [], [error(shown, 1, TABLE_COLUMNS,
                          t("the header must be {names} ({detail})", names=','.join(schema.names), detail='; '.join(detail)))]
    rows: list[Row] = []
    seen: dict[str, dict[Any, int]] = {f.name: {} for f in schema.fields if f.unique}
    key_seen: dict[tuple[Any, ...], int] = {}
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            findings.append(error(shown, start, TABLE_VALUE, t("the row cannot be read: {exc}", exc=exc)))
            break
        line, start = start, reader.line_num + 1
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(schema.fields):
            findings.append(error(shown, line, TABLE_VALUE,
                                  t("the row has {count} cells, the header {count2}; quote cells that contain a comma", count=len(cells), count2=len(schema.fields))))
            continue
        values: dict[str, Any] = {}
        ok = True
        for f, cell in zip(schema.fields, cells):
            raw = cell.strip()
            if raw == "":
                if f.required:
                    findings.append(error(shown, line, TABLE_VALUE, t("'{name}' is required", name=f.name)))
                    ok = False
                values[f.name] = None
                continue
            value, problem = _cast(f, raw)
            if problem:
                findings.append(error(shown, line, TABLE_VALUE, problem))
                ok = False
                continue
            values[f.name] = value
            if f.unique:
                first = seen[f.name].setdefault(value, line)
                if first != line:
                    findings.append(error(shown, line, TABLE_DUPLICATE,
                                          t("'{name}' {raw!r} is already on line {first}; it must be unique", name=f.name, raw=raw, first=first)))
                    ok = False
        if ok and len(schema.primary_key) > 1:
            key = tuple(values.get(k) for k in schema.primary_key)
            first = key_seen.setdefault(key, line)
            if first != line:
                findings.append(error(shown, line, TABLE_DUPLICATE,
                                      t("({primary_key}) repeats line {first}; it must be unique", primary_key=', '.join(schema.primary_key), first=first)))
                ok = False
        if ok:
            rows.append(Row(line=line, values=values))
    return rows, findings
