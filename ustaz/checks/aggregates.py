"""The public aggregate tables (data/aggregates/, written by `ustaz publish aggregates`) against their Table
Schemas and the small-cell rule (C-8): a pull request may edit them by hand, so a count of people from 1 to
N − 1 in clear, or a "<M" written with another threshold than the policy's N, is an error before the site
shows it."""

from __future__ import annotations

from collections.abc import Iterator

from ..aggregates.tables import FOLDER, PEOPLE_COLUMNS, AggregateTables, count, table_path
from ..findings import Finding, define, error
from ..i18n import t
from ..small_cells import min_cell_count
from . import Context, check

AGGREGATE_SMALL_CELL = define("aggregate-small-cell",
                              "A published aggregate shows a count of people below the policy's "
                              "privacy.min_cell_count, or marks a small count with another threshold.", "C-8")


@check(scope=(FOLDER, "data/schemas"))
def aggregates(ctx: Context) -> Iterator[Finding]:
    tables = AggregateTables.load(ctx.root)
    yield from tables.findings
    minimum = min_cell_count(ctx.policy.raw)
    for table, columns in PEOPLE_COLUMNS.items():
        for row in tables.of(table):
            for column in columns:
                cell = count(row, column)
                if cell is None:
                    continue
                value, below = cell.value, cell.small_below
                if value is not None and 0 < value < minimum:
                    yield error(table_path(table), row.line, AGGREGATE_SMALL_CELL,
                                t("'{column}' is {value}, a count of people below {minimum} "
                                  "(privacy.min_cell_count): publish it as '<{minimum}' — run "
                                  "`ustaz publish aggregates`", column=column, value=value, minimum=minimum))
                elif below is not None and below != minimum:
                    yield error(table_path(table), row.line, AGGREGATE_SMALL_CELL,
                                t("'{column}' is marked '<{below}' but privacy.min_cell_count is {minimum}: "
                                  "publish the table again with `ustaz publish aggregates`",
                                  column=column, below=below, minimum=minimum))
