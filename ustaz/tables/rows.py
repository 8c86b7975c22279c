"""A table described by a Table Schema, as typed rows: the networks' and organisations' tables, the published
aggregates and the staff tables (every one small; the register keeps its columns, ``columns.py``).

The reading is ``columns.read_columns`` — the one reader, with frictionless's verdicts — and its problems are
the findings of ``report.py``. A row with a bad cell is dropped after its finding, so rules that look across
rows never see half-read data; a blank line is passed over (these tables are edited by hand)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..sourcefile import read_text
from .codes import TABLE_HEADER, TABLE_ROW, TABLE_SCHEMA, TABLE_UNIQUE, TABLE_VALUE
from .columns import TableSchema, read_columns
from .report import one_per_short_row, problem_finding

__all__ = ["TABLE_HEADER", "TABLE_ROW", "TABLE_SCHEMA", "TABLE_UNIQUE", "TABLE_VALUE", "Row", "TableSchema",
           "parse_table", "read_table"]


@dataclass(frozen=True, kw_only=True)
class Row:
    line: int  # where the row starts in the file (header is line 1)
    values: Mapping[str, Any] = field(default_factory=dict)  # typed values; empty cells are None

    def get(self, name: str) -> Any:
        return self.values.get(name)


def parse_table(text: str, shown: str, schema: TableSchema) -> tuple[list[Row], list[Finding]]:
    """The rows of a CSV text that passed their schema, and a finding for each problem."""
    table, problems = read_columns(text.removeprefix("\ufeff"), schema)
    problems = [p for p in problems if p.kind != "blank-row"]
    findings = [problem_finding(shown, p, schema.names) for p in one_per_short_row(problems)]
    bad = {p.line for p in problems}
    rows = []
    for i in range(len(table)):
        line = table.lines[i]
        if line in bad:
            continue
        rows.append(Row(line=line, values={f.name: f.cast(column[i]) if column[i] else None
                                           for f, column in zip(schema.fields, table.values)}))
    return rows, findings


def read_table(path: Path, shown: str, schema: TableSchema, *, within: Path | None = None
               ) -> tuple[list[Row], list[Finding]]:
    """A table file inside its tree (bounded, regular: ``sourcefile.read_text``) as its schema's rows."""
    text, findings = read_text(path, shown, within=within)
    if text is None:
        return [], findings
    rows, more = parse_table(text, shown, schema)
    return rows, findings + more
