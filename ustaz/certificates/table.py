"""A fast validator for the Table Schema subset ustaz's tables use (types string/integer/number/
boolean/date; constraints required/unique/pattern/enum/minimum/maximum/minLength/maxLength).

The Table Schema in ``data/schemas/`` stays the contract; frictionless reads it too, and
``tests/test_register_table.py`` checks that both report the same problems on the same broken
file. A plain csv loop is about ten times faster than frictionless (see bench/), which matters
for a register that grows by thousands of rows a year and is checked on every pull request.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

csv.field_size_limit(1 << 20)


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One schema problem, named as frictionless names it (type-error, constraint-error, …)."""

    kind: str
    row: int | None  # frictionless's row number: the header is row 1, blank lines count
    line: int  # the file line the row starts on
    field: str = ""
    constraint: str = ""
    value: str = ""
    other_line: int | None = None  # for unique-error: the line of the first occurrence


@dataclass(frozen=True, kw_only=True, slots=True)
class Row:
    """A parsed row: its cells in the schema's column order (a tuple, small at a million rows)."""

    row: int
    line: int
    names: tuple[str, ...]
    values: tuple[str, ...]

    @property
    def cells(self) -> dict[str, str]:
        return dict(zip(self.names, self.values))


@dataclass(frozen=True, kw_only=True)
class Field:
    name: str
    type: str
    required: bool
    unique: bool
    check: Callable[[str], bool] | None  # None: every value is of the type (string)
    constraints: tuple[tuple[str, Any, Callable[[str], bool]], ...]


_INT = re.compile(r"[+-]?\d+")
_NUM = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


_MEMO_LIMIT = 50_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=65536)
def _is_date(value: str) -> bool:
    """What frictionless accepts for a default-format date (strptime '%Y-%m-%d'); ISO dates fast."""
    if _ISO_DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
            return True
        except ValueError:
            return False
    try:
        dt.datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


_TYPES: dict[str, Callable[[str], bool] | None] = {
    "string": None,
    "integer": lambda v: _INT.fullmatch(v) is not None,
    "number": lambda v: _NUM.fullmatch(v) is not None,
    "boolean": lambda v: v in ("true", "false", "True", "False", "TRUE", "FALSE", "1", "0"),
    "date": _is_date,
}


def _number(type_: str, value: str) -> float:
    return float(int(value)) if type_ == "integer" else float(value)


def _constraint(type_: str, name: str, arg: Any) -> Callable[[str], bool] | None:
    if name == "pattern":
        rx = re.compile(arg)
        return lambda v: rx.fullmatch(v) is not None
    if name == "enum":
        allowed = {str(a) for a in arg}
        return lambda v: v in allowed
    if name == "minLength":
        return lambda v: len(v) >= int(arg)
    if name == "maxLength":
        return lambda v: len(v) <= int(arg)
    if name == "minimum":
        if type_ == "date":
            return lambda v: v >= str(arg)
        return lambda v: _number(type_, v) >= float(arg)
    if name == "maximum":
        if type_ == "date":
            return lambda v: v <= str(arg)
        return lambda v: _number(type_, v) <= float(arg)
    return None


# the order frictionless checks constraints in, so findings come out in the same order
_ORDER = ("minLength", "maxLength", "minimum", "maximum", "pattern", "enum")


@dataclass(frozen=True, kw_only=True)
class TableSchema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @classmethod
    def from_descriptor(cls, descriptor: Mapping[str, Any]) -> TableSchema:
        fields = []
        for spec in descriptor["fields"]:
            type_ = spec.get("type", "string")
            cons = spec.get("constraints", {})
            checks = []
            for name in _ORDER:
                if name in cons:
                    fn = _constraint(type_, name, cons[name])
                    if fn is not None:
                        checks.append((name, cons[name], fn))
            fields.append(Field(name=spec["name"], type=type_, required=bool(cons.get("required")),
                                unique=bool(cons.get("unique")), check=_TYPES[type_], constraints=tuple(checks)))
        pk = descriptor.get("primaryKey", ())
        return cls(fields=tuple(fields), primary_key=(pk,) if isinstance(pk, str) else tuple(pk))


def _cell_problems(f: Field, value: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, constraint, value shown) of each problem of a non-empty cell, in frictionless's order."""
    if f.check is not None and not f.check(value):
        return (("type-error", f.type, value),)
    return tuple(("constraint-error", name, str(arg)) for name, arg, fn in f.constraints if not fn(value))


def read(text: str, schema: TableSchema) -> tuple[list[Row], list[Problem]]:
    """Parse CSV text and validate it against the schema; rows keep their line numbers."""
    problems: list[Problem] = []
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(kind="missing-label", row=None, line=1, field=", ".join(schema.names))]
    except csv.Error as exc:
        return [], [Problem(kind="source-error", row=None, line=1, value=str(exc))]
    if tuple(header) != schema.names:
        return [], [Problem(kind="incorrect-label", row=None, line=1, value=",".join(header),
                            field=",".join(schema.names))]
    fields = schema.fields
    names = schema.names
    width = len(fields)
    seen: dict[str, dict[str, int]] = {f.name: {} for f in fields if f.unique}
    # a value seen before in a column (dates, program, cohort, status repeat) is not checked again and
    # shares one string object, so a register of a million rows is fast and holds each value once;
    # a column whose values do not repeat (unique, or past the limit) is checked cell by cell
    memos: list[dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] | None] = [
        None if f.unique else {} for f in fields]
    row_number = 1
    prev_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(kind="source-error", row=row_number + 1, line=prev_line + 1, value=str(exc)))
            break
        row_number += 1
        line = prev_line + 1
        prev_line = reader.line_num
        if not any(cells):
            problems.append(Problem(kind="blank-row", row=row_number, line=line))
            continue
        if len(cells) < width:
            for f in fields[len(cells):]:
                problems.append(Problem(kind="missing-cell", row=row_number, line=line, field=f.name))
                if f.required:
                    problems.append(Problem(kind="constraint-error", row=row_number, line=line, field=f.name,
                                            constraint="required"))
            cells = cells + [""] * (width - len(cells))
            missing = True
        else:
            missing = False
        for i, f in enumerate(fields):
            value = cells[i]
            if not value:
                if f.required and not missing:
                    problems.append(Problem(kind="constraint-error", row=row_number, line=line, field=f.name,
                                            constraint="required"))
                continue
            memo = memos[i]
            known = memo.get(value) if memo is not None else None
            if known is None:
                known = (value, _cell_problems(f, value))
                if memo is not None:
                    memo[value] = known
                    if len(memo) > _MEMO_LIMIT:
                        memos[i] = None
            else:
                cells[i] = known[0]
            for kind, constraint, shown in known[1]:
                problems.append(Problem(kind=kind, row=row_number, line=line, field=f.name, value=shown,
                                        constraint=constraint))
            if f.unique:
                first = seen[f.name].setdefault(value, line)
                if first != line:
                    problems.append(Problem(kind="unique-error", row=row_number, line=line, field=f.name,
                                            value=value, other_line=first))
        if len(cells) > width:
            problems.append(Problem(kind="extra-cell", row=row_number, line=line, value=",".join(cells[width:])))
        rows.append(Row(row=row_number, line=line, names=names, values=tuple(cells[:width])))
    return rows, problems
