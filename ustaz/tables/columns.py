"""A fast validator for the Table Schema subset ustaz's tables use (types string/integer/number/
boolean/date; constraints required/unique/pattern/enum/minimum/maximum/minLength/maxLength; trueValues/
falseValues; primaryKey).

The Table Schema in ``data/schemas/`` stays the contract; frictionless reads it too, and
``tests/test_register_table.py`` and ``tests/test_frictionless_agreement.py`` check that both report the same
problems on the same broken files. The table is read into columns, not rows, and validated column by column: a column's
distinct values are checked once, and each test runs over a whole column at C speed (a regular
expression's ``fullmatch`` mapped over the column, a set for an enum or for uniqueness). Only a
column that fails a test is looked at cell by cell, to name the rows and say what is wrong. A
register of a million rows is read and validated more than ten times faster than frictionless
(bench/), and holds each repeated value (dates, program, cohort, status) once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any, overload

from ..sourcefile import load_json

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
    """A parsed row: its cells in the schema's column order."""

    row: int
    line: int
    names: tuple[str, ...]
    values: tuple[str, ...]

    @property
    def cells(self) -> dict[str, str]:
        return dict(zip(self.names, self.values))


@dataclass(frozen=True, kw_only=True, slots=True)
class Columns:
    """A parsed table, column by column: ``values[j][i]`` is row i's cell of column j.

    Every parsed row is here, also one with problems (a short row is padded with empty cells, extra
    cells are dropped); blank rows are not. ``lines`` and ``numbers`` are ranges when every row is
    one line, so they cost nothing at a million rows."""

    names: tuple[str, ...]
    values: tuple[list[str] | PackedColumn | CodedColumn, ...]
    lines: Sequence[int]  # the file line each row starts on
    numbers: Sequence[int]  # frictionless's row number of each row

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> Sequence[str]:
        return self.values[self.names.index(name)]

    def packed(self, names: Sequence[str]) -> Columns:
        """These columns (of long distinct values) packed, once they are validated (PackedColumn)."""
        return Columns(names=self.names, lines=self.lines, numbers=self.numbers,
                       values=tuple(PackedColumn(v) if n in names and len(v) and not isinstance(v, PackedColumn) else v
                                    for n, v in zip(self.names, self.values)))

    def row(self, i: int) -> Row:
        return Row(row=self.numbers[i], line=self.lines[i], names=self.names, values=tuple(c[i] for c in self.values))

    def rows(self) -> Iterator[Row]:
        for i in range(len(self.lines)):
            yield self.row(i)


class PackedColumn(Sequence[str]):
    """A column of long, distinct values (the register's seals) kept as one string and the offsets into it: a
    million seals are one object of their characters, not a million string objects of 49 bytes' overhead each
    (which also leave the heap fragmented once the reading's other strings are freed). Read-only; a cell is
    sliced out when asked for."""

    __slots__ = ("_ends", "_text")

    def __init__(self, values: Sequence[str]) -> None:
        self._text = "".join(values)
        self._ends = array("Q", accumulate(map(len, values)))

    def __len__(self) -> int:
        return len(self._ends)

    @property
    def text(self) -> str:
        """Every cell, one after the other."""
        return self._text

    def starts(self) -> Iterator[int]:
        """Where each non-empty cell begins in ``text``."""
        start = 0
        for end in self._ends:
            if end > start:
                yield start
            start = end

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._ends)
        end = self._ends[i]  # (an IndexError for a cell that is not there)
        return self._text[self._ends[i - 1] if i else 0:end]

    def __iter__(self) -> Iterator[str]:
        text, start = self._text, 0
        for end in self._ends:
            yield text[start:end]
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedColumn):
            return self._text == other._text and self._ends == other._ends
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # (mutable-looking, like a list)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_unpack, (self._text, self._ends))


def _unpack(text: str, ends: array[int]) -> PackedColumn:
    column = PackedColumn.__new__(PackedColumn)
    column._text, column._ends = text, ends
    return column


class CodedColumn(Sequence[str]):
    """A column of few distinct values (dates, program, cohort, status) kept as its distinct words and one small
    integer a cell (an ``array``, two or four bytes): a million cells cost two or four megabytes instead of the
    eight of a list's pointers, and travel from a worker process as bytes, not as a million references for
    pickle to resolve. Iterating runs at C speed (``map`` over the codes); read-only."""

    __slots__ = ("_codes", "_words")

    def __init__(self, words: Sequence[str], codes: array[int]) -> None:
        self._words, self._codes = tuple(words), codes

    @classmethod
    def of(cls, values: Sequence[str]) -> CodedColumn:
        """The column of `values` (for tests and small tables; the fast reader builds it from Arrow's codes)."""
        index: dict[str, int] = {}
        codes = array("I", (index.setdefault(v, len(index)) for v in values))
        return cls(list(index), codes)

    def __len__(self) -> int:
        return len(self._codes)

    @property
    def words(self) -> tuple[str, ...]:
        """The distinct values (perhaps one no cell uses any more)."""
        return self._words

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return list(map(self._words.__getitem__, self._codes[i]))
        return self._words[self._codes[i]]

    def __iter__(self) -> Iterator[str]:
        return map(self._words.__getitem__, self._codes)

    def __contains__(self, value: object) -> bool:
        try:
            code = self._words.index(value)
        except ValueError:
            return False
        return code in self._codes

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # (mutable-looking, like a list)

    def __reduce__(self) -> tuple[Any, ...]:
        return (CodedColumn, (self._words, self._codes))


def distinct(column: Sequence[str]) -> set[str]:
    """The values a column holds, each once (for a CodedColumn, from the set of its codes: small integers)."""
    if isinstance(column, CodedColumn):
        return set(map(column.words.__getitem__, set(column._codes)))
    return set(column)


@overload
def distinct_rows(a: Sequence[str], b: Sequence[str], /) -> set[tuple[str, str]]: ...
@overload
def distinct_rows(a: Sequence[str], b: Sequence[str], c: Sequence[str], /) -> set[tuple[str, str, str]]: ...
@overload
def distinct_rows(a: Sequence[str], b: Sequence[str], c: Sequence[str], d: Sequence[str], /
                  ) -> set[tuple[str, str, str, str]]: ...
def distinct_rows(*columns: Sequence[str]) -> set[Any]:
    """The distinct tuples of values the columns hold side by side, each once: ``set(zip(*columns))``, found over
    the codes when every column is a CodedColumn (small integers hash and compare faster than strings)."""
    if columns and all(isinstance(c, CodedColumn) for c in columns):
        coded = [c for c in columns if isinstance(c, CodedColumn)]
        words = [c.words for c in coded]
        return {tuple(w[i] for w, i in zip(words, codes)) for codes in set(zip(*(c._codes for c in coded)))}
    return set(zip(*columns))


# a test over all of a column's (non-empty) values at once: True when none has the problem
AllTest = Callable[[Sequence[str]], bool]


@dataclass(frozen=True, kw_only=True)
class Field:
    name: str
    type: str
    required: bool
    unique: bool
    check: Callable[[str], bool] | None  # None: every value is of the type (string)
    constraints: tuple[tuple[str, Any, Callable[[str], bool]], ...]
    tests: tuple[AllTest, ...] = ()  # the same checks over a whole column, fast; all pass → no problem
    true_values: frozenset[str] = frozenset(("true", "True", "TRUE", "1"))  # a boolean column's words for true
    words: frozenset[str] = frozenset()  # a boolean column's words, true and false

    def cast(self, value: str) -> Any:
        """A valid non-empty cell as its Python value (int, float, bool, date; a string stays one)."""
        if self.type == "integer":
            return int(value)
        if self.type == "number":
            return float(value)
        if self.type == "boolean":
            return value in self.true_values
        if self.type == "date":
            return _date(value)
        return value


_INT = re.compile(r"[+-]?\d+")
_NUM = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEAN = frozenset(("true", "false", "True", "False", "TRUE", "FALSE", "1", "0"))


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


@lru_cache(maxsize=65536)
def _date(value: str) -> dt.date:
    return dt.datetime.strptime(value, "%Y-%m-%d").date()


_TYPES: dict[str, Callable[[str], bool] | None] = {
    "string": None,
    "integer": lambda v: _INT.fullmatch(v) is not None,
    "number": lambda v: _NUM.fullmatch(v) is not None,
    "boolean": lambda v: v in _BOOLEAN,
    "date": _is_date,
}


def _all_match(rx: re.Pattern[str]) -> AllTest:
    return lambda vs: all(map(rx.fullmatch, vs))


_TYPE_TESTS: dict[str, AllTest | None] = {
    "string": None,
    "integer": _all_match(_INT),
    "number": _all_match(_NUM),
    "boolean": lambda vs: _BOOLEAN.issuperset(vs),
    "date": lambda vs: all(map(_is_date, vs)),
}


def _number(type_: str, value: str) -> float:
    return float(int(value)) if type_ == "integer" else float(value)


def _constraint(type_: str, name: str, arg: Any) -> tuple[Callable[[str], bool], AllTest] | None:
    """The constraint as a test of one value and as a test of all of a column's values (which have
    passed the type test)."""
    if name == "pattern":
        rx = re.compile(arg)
        return (lambda v: rx.fullmatch(v) is not None), _all_match(rx)
    if name == "enum":
        allowed = frozenset(str(a) for a in arg)
        return allowed.__contains__, allowed.issuperset
    if name == "minLength":
        return (lambda v: len(v) >= int(arg)), lambda vs: min(map(len, vs)) >= int(arg)
    if name == "maxLength":
        return (lambda v: len(v) <= int(arg)), lambda vs: max(map(len, vs)) <= int(arg)
    if name in ("minimum", "maximum"):
        if type_ == "date":
            one: Callable[[str], bool] = ((lambda v: v >= str(arg)) if name == "minimum" else (lambda v: v <= str(arg)))
        else:
            one = ((lambda v: _number(type_, v) >= float(arg)) if name == "minimum"
                   else (lambda v: _number(type_, v) <= float(arg)))
        return one, lambda vs: all(map(one, vs))
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
        """The schema of a Table Schema descriptor; one outside the subset raises KeyError, TypeError or
        ValueError, which the caller reports."""
        fields = []
        for spec in descriptor["fields"]:
            type_ = str(spec.get("type", "string"))
            if type_ not in _TYPES:
                raise ValueError(f"the type {type_!r} of '{spec['name']}' is not one ustaz reads")
            cons = spec.get("constraints", {})
            checks = []
            check = _TYPES[type_]
            tests = [t] if (t := _TYPE_TESTS[type_]) is not None else []
            true_values = frozenset(("true", "True", "TRUE", "1"))
            words = _BOOLEAN if type_ == "boolean" else frozenset()
            if type_ == "boolean" and ("trueValues" in spec or "falseValues" in spec):
                true_values = frozenset(str(v) for v in spec.get("trueValues", true_values))
                words = true_values | frozenset(str(v) for v in spec.get("falseValues", ("false", "False", "FALSE", "0")))
                check, tests = words.__contains__, [words.issuperset]
            for name in _ORDER:
                if name in cons:
                    made = _constraint(type_, name, cons[name])
                    if made is not None:
                        checks.append((name, cons[name], made[0]))
                        tests.append(made[1])
            fields.append(Field(name=str(spec["name"]), type=type_, required=bool(cons.get("required")),
                                unique=bool(cons.get("unique")), check=check, constraints=tuple(checks),
                                tests=tuple(tests), true_values=true_values, words=words))
        pk = descriptor.get("primaryKey", ())
        primary_key = (pk,) if isinstance(pk, str) else tuple(str(k) for k in pk)
        if len(primary_key) == 1:  # one key field: its values are unique, and said so as for `unique`
            fields = [replace(f, unique=True) if f.name == primary_key[0] else f for f in fields]
        return cls(fields=tuple(fields), primary_key=primary_key)

    @classmethod
    def from_file(cls, path: Path, shown: str | None = None) -> TableSchema:
        """A schema file (the project's, shown as `shown`, or ustaz's own beside its code); a broken one
        raises ValueError with the reason, which the caller reports."""
        data, findings = load_json(path, shown or path.name, within=None if shown else path.parent)
        if findings:
            raise ValueError(findings[0].message)
        try:
            return cls.from_descriptor(data)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a Table Schema ({type(exc).__name__}: {exc})") from exc


def _cell_problems(f: Field, value: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, constraint, value shown) of each problem of a non-empty cell, in frictionless's order."""
    if f.check is not None and not f.check(value):
        return (("type-error", f.type, value),)
    return tuple(("constraint-error", name, str(arg)) for name, arg, fn in f.constraints if not fn(value))


def read(text: str, schema: TableSchema) -> tuple[list[Row], list[Problem]]:
    """Parse CSV text and validate it against the schema; rows keep their line numbers."""
    table, problems = read_columns(text, schema)
    return list(table.rows()), problems


# a problem's place in the report: (line, phase, field index, sequence) — the order a row-by-row
# reader meets them in: a short row's missing cells, then each field's problems, then extra cells
_Keyed = tuple[tuple[int, int, int, int], Problem]


def read_columns(text: str, schema: TableSchema) -> tuple[Columns, list[Problem]]:
    """Parse CSV text into columns and validate them against the schema."""
    names = schema.names
    empty = Columns(names=names, values=tuple([] for _ in names), lines=(), numbers=())
    if not text:
        return empty, [Problem(kind="missing-label", row=None, line=1, field=", ".join(names))]
    header, _, body = text.partition("\n")
    fast = _split_simple(header, body, len(names))
    if fast is not None:
        if tuple(fast[0]) != names:
            return empty, [_incorrect_label(fast[0], names)]
        values, count = fast[1], fast[2]
        table = Columns(names=names, values=values, lines=range(2, count + 2), numbers=range(2, count + 2))
        keyed: list[_Keyed] = []
        short: dict[int, int] = {}
    else:
        parsed = _parse_csv(text, schema)
        if isinstance(parsed, Problem):
            return empty, [parsed]
        table, keyed, short = parsed
    distinct = _share_repeated(table, schema)
    keyed += _validate(table, schema, distinct, short)
    keyed.sort(key=lambda kp: kp[0])
    return table, [p for _, p in keyed]


def _incorrect_label(header: Sequence[str], names: tuple[str, ...]) -> Problem:
    return Problem(kind="incorrect-label", row=None, line=1, value=",".join(header), field=",".join(names))


def _split_simple(header: str, body: str, width: int) -> tuple[list[str], tuple[list[str], ...], int] | None:
    """The common case at C speed: no quotes, no carriage returns, no blank lines, every line `width`
    cells. None when the text needs the csv module (it then reports what is wrong where)."""
    for special in ('"', "\r", "\0"):
        if special in header or special in body:
            return None
    if not body:
        return header.split(","), tuple([] for _ in range(width)), 0
    body = body.removesuffix("\n")
    lines = body.split("\n")
    commas = width - 1
    if list(map(str.count, lines, repeat(","))).count(commas) != len(lines) or "" in lines:
        return None  # a short or long row (or a blank one, when there is one column)
    count = len(lines)
    del lines
    cells = body.replace("\n", ",").split(",")
    return header.split(","), tuple(cells[j::width] for j in range(width)), count


def _parse_csv(text: str, schema: TableSchema) -> tuple[Columns, list[_Keyed], dict[int, int]] | Problem:
    """The csv module's reading (quotes, multi-line cells, CRLF), row by row, into columns."""
    names = schema.names
    width = len(names)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return Problem(kind="missing-label", row=None, line=1, field=", ".join(names))
    except csv.Error as exc:
        return Problem(kind="source-error", row=None, line=1, value=str(exc))
    if tuple(header) != names:
        return _incorrect_label(header, names)
    values: tuple[list[str], ...] = tuple([] for _ in names)
    lines: list[int] = []
    numbers: list[int] = []
    keyed: list[_Keyed] = []
    short: dict[int, int] = {}  # a short row's index → how many cells it had
    row_number = 1
    prev_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = prev_line + 1
            keyed.append(((line, 3, 0, 0), Problem(kind="source-error", row=row_number + 1, line=line,
                                                   value=str(exc))))
            break
        row_number += 1
        line = prev_line + 1
        prev_line = reader.line_num
        if not any(cells):
            keyed.append(((line, 0, 0, 0), Problem(kind="blank-row", row=row_number, line=line)))
            continue
        if len(cells) < width:
            for j, f in enumerate(schema.fields[len(cells):], start=len(cells)):
                keyed.append(((line, 0, j, 0), Problem(kind="missing-cell", row=row_number, line=line, field=f.name)))
                if f.required:
                    keyed.append(((line, 0, j, 1), Problem(kind="constraint-error", row=row_number, line=line,
                                                           field=f.name, constraint="required")))
            short[len(lines)] = len(cells)
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            keyed.append(((line, 2, 0, 0), Problem(kind="extra-cell", row=row_number, line=line,
                                                   value=",".join(cells[width:]))))
        for j in range(width):
            values[j].append(cells[j])
        lines.append(line)
        numbers.append(row_number)
    return Columns(names=names, values=values, lines=lines, numbers=numbers), keyed, short


def _share_repeated(table: Columns, schema: TableSchema) -> list[Sequence[str]]:
    """A value repeated in a column (dates, program, cohort, status) becomes one string object; returns
    each column's distinct values (a unique column's values are all distinct, or reported)."""
    distinct: list[Sequence[str]] = []
    for f, column in zip(schema.fields, table.values):
        if f.unique:
            distinct.append(column)
            continue
        one: dict[str, str] = {}
        shared = list(map(one.setdefault, column, column))
        if len(one) <= len(column) // 2 and isinstance(column, list):  # (mostly distinct values gain little)
            column[:] = shared
        distinct.append(list(one))
    return distinct


def _validate(table: Columns, schema: TableSchema, distinct: list[Sequence[str]], short: dict[int, int]
              ) -> list[_Keyed]:
    out: list[_Keyed] = []
    lines, numbers = table.lines, table.numbers
    for j, (f, column) in enumerate(zip(schema.fields, table.values)):
        has_empty = "" in distinct[j]
        if f.required and has_empty:
            out += [((lines[i], 1, j, 0), Problem(kind="constraint-error", row=numbers[i], line=lines[i], field=f.name,
                                                  constraint="required"))
                    for i, v in enumerate(column) if not v and short.get(i, j + 1) > j]  # (a missing cell: said)
        values = distinct[j]  # each value is tested once
        if has_empty:
            values = [v for v in values if v]
        if values and not all(test(values) for test in f.tests):
            bad = {v: found for v in values if (found := _cell_problems(f, v))}
            for i, v in enumerate(column):
                for n, (kind, constraint, shown) in enumerate(bad.get(v, ())):
                    out.append(((lines[i], 1, j, 1 + n), Problem(kind=kind, row=numbers[i], line=lines[i],
                                                                 field=f.name, value=shown, constraint=constraint)))
        if f.unique and len(set(values)) < len(values):
            first: dict[str, int] = {}
            for i, v in enumerate(column):
                if v:
                    at = first.setdefault(v, lines[i])
                    if at != lines[i]:
                        out.append(((lines[i], 1, j, 99), Problem(kind="unique-error", row=numbers[i], line=lines[i],
                                                                  field=f.name, value=v, other_line=at)))
    if len(schema.primary_key) > 1:  # (a row with another problem is not compared: its key may be half-read)
        keys = [table.column(k) for k in schema.primary_key if k in table.names]
        seen: dict[tuple[str, ...], int] = {}
        bad_lines = {p.line for _, p in out} | {lines[i] for i in short}
        for i, key in enumerate(zip(*keys)):
            if all(key) and lines[i] not in bad_lines:
                at = seen.setdefault(key, lines[i])
                if at != lines[i]:
                    out.append(((lines[i], 2, 0, 0), Problem(kind="primary-key", row=numbers[i], line=lines[i],
                                                             field=", ".join(schema.primary_key),
                                                             value=",".join(key), other_line=at)))
    return out
