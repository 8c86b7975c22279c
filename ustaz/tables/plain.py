"""The course files the staff keep (listeners, attendance, scores, chats, materials, trainers): strict UTF-8,
the header checked by name against the contract's columns (any order; optional columns may be absent), each row a
mapping that remembers its line, and typed cell helpers that say what is wrong with a cell.

These tables have no Table Schema (most are private); their findings are the tables' codes (codes.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..findings import Finding, error
from ..i18n import t
from ..sourcefile import read_text
from .codes import TABLE_HEADER, TABLE_ROW, TABLE_VALUE

# the names the course modules use
CSV_HEADER, CSV_ROW, CSV_VALUE = TABLE_HEADER, TABLE_ROW, TABLE_VALUE

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Row:
    """One data row: cells by column name, and the file line where the row starts."""

    path: str
    line: int
    cells: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True, kw_only=True)
class Table:
    path: str
    rows: tuple[Row, ...]
    columns: tuple[str, ...]


def parse_table(text: str, shown: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()
                ) -> tuple[Table | None, list[Finding]]:
    """Rows of a CSV text whose header must hold `columns` (any order; `optional` may be absent)."""
    findings: list[Finding] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return None, [error(shown, 1, CSV_HEADER, t("the file is empty; the first line must be: {columns}", columns=','.join(columns)))]
    except csv.Error as exc:
        return None, [error(shown, 1, CSV_HEADER, t("the header cannot be read: {exc}", exc=exc))]
    header = [h.strip() for h in header]
    if len(header) == 1 and ";" in header[0] and len(columns) > 1:
        return None, [error(shown, 1, CSV_HEADER, t("the cells are separated by ';'; save the table as CSV with commas (UTF-8)"))]
    allowed = set(columns) | set(optional)
    seen: set[str] = set()
    for name in header:
        if name in seen:
            findings.append(error(shown, 1, CSV_HEADER, t("the column '{name}' appears twice; keep one", name=name)))
        seen.add(name)
        if name not in allowed:
            findings.append(error(shown, 1, CSV_HEADER,
                                  t("'{name}' is not a column of this table; the columns are: {columns}", name=name, columns=','.join(columns))))
    missing = [c for c in columns if c not in seen]
    if missing:
        findings.append(error(shown, 1, CSV_HEADER, t("the header lacks the column(s) {missing}; the first line must be: {columns}", missing=', '.join(missing), columns=','.join(columns))))
    if findings:
        return None, findings
    rows = data_rows(reader, shown, header, findings)
    return Table(path=shown, rows=tuple(rows), columns=tuple(header)), findings


def open_table(text: str, shown: str) -> tuple[list[str] | None, list[Row], list[Finding]]:
    """A CSV text whose columns are not known in advance (a form's export: one column a question): its header,
    and its rows keyed by position ("0", "1", …: two questions may share a title); None for a header that
    cannot be read (the caller says what the file should be)."""
    findings: list[Finding] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error):
        return None, [], findings
    return header, data_rows(reader, shown, [str(i) for i in range(len(header))], findings), findings


class _Reader(Protocol):
    """What ``csv.reader`` gives: rows, and the line it has read up to."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...
    def __next__(self) -> list[str]: ...


def data_rows(reader: _Reader, shown: str, keys: list[str], findings: list[Finding]) -> list[Row]:
    """The rows after the header: blank ones passed over, one of the wrong width (or a CSV error) a finding with
    its line; each cell stripped, under the key of its column."""
    rows: list[Row] = []
    width = len(keys)
    start = 2
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not "".join(cells).strip():
                continue
            if len(cells) != width:
                findings.append(error(shown, line, CSV_ROW,
                                      t("the row has {count} cell(s) but the header has {width}; check for a missing or extra comma", count=len(cells), width=width)))
                continue
            rows.append(Row(path=shown, line=line, cells={h: c.strip() for h, c in zip(keys, cells)}))
    except csv.Error as exc:
        findings.append(error(shown, start, CSV_ROW, t("the CSV cannot be read here: {exc}; check the quotes", exc=exc)))
    return rows


def read_table(path: Path, shown: str, columns: tuple[str, ...], optional: tuple[str, ...] = (), *,
               within: Path | None = None) -> tuple[Table | None, list[Finding]]:
    """A table file inside its tree (the project, or `within`: the private tree), see read_text."""
    text, findings = read_text(path, shown, within=within)
    if text is None:
        return None, findings
    table, more = parse_table(text, shown, columns, optional)
    return table, findings + more


# typed cells: each returns None and appends a finding when the cell is wrong

def required(row: Row, column: str, findings: list[Finding]) -> str | None:
    value = row[column]
    if not value:
        findings.append(error(row.path, row.line, CSV_VALUE, t("'{column}' is empty; fill it in", column=column)))
        return None
    return value


def boolean(row: Row, column: str, findings: list[Finding], allow_empty: bool = False) -> bool | None:
    value = row[column].lower()
    if value == "true":
        return True
    if value == "false":
        return False
    if allow_empty and value == "":
        return None
    findings.append(error(row.path, row.line, CSV_VALUE,
                          t("'{column}' is {row!r}; write true or false", column=column, row=row[column])))
    return None


@lru_cache(maxsize=4096)
def _parse_date(value: str) -> dt.date | str:
    """A date, or why the text is not one (cached: attendance repeats the same few dates)."""
    if not _DATE.match(value):
        return t("write a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return t("which is not a calendar date")


def date(row: Row, column: str, findings: list[Finding]) -> dt.date | None:
    value = row[column]
    parsed = _parse_date(value)
    if isinstance(parsed, str):
        findings.append(error(row.path, row.line, CSV_VALUE, t("'{column}' is {value!r}; {parsed}", column=column, value=value, parsed=parsed)))
        return None
    return parsed


def integer(row: Row, column: str, findings: list[Finding], minimum: int | None = 0) -> int | None:
    value = row[column]
    if not value.isascii() or not value.lstrip("-").isdigit() or len(value) > 12:
        findings.append(error(row.path, row.line, CSV_VALUE, t("'{column}' is {value!r}; write a whole number", column=column, value=value)))
        return None
    number = int(value)
    if minimum is not None and number < minimum:
        findings.append(error(row.path, row.line, CSV_VALUE, t("'{column}' is {number}; it must be at least {minimum}", column=column, number=number, minimum=minimum)))
        return None
    return number


def split_list(value: str) -> list[str]:
    """A list cell: items separated by ';' (or spaces), e.g. 'kk;ru'."""
    return [v for v in re.split(r"[;\s]+", value) if v]


def to_csv(columns: tuple[str, ...], rows: Iterator[Mapping[str, object]] | list[Mapping[str, object]]) -> str:
    """The table as CSV, every cell neutralised against spreadsheet formulas (writefile.csv_text)."""
    from ..writefile import csv_text

    return csv_text([columns, *([r.get(c) for c in columns] for r in rows)])
