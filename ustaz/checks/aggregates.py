"""The public aggregate tables (data/aggregates/, written by `ustaz publish aggregates`) against their Table
Schemas and the small-cell rule (C-8): a pull request may edit them by hand, so a count of people from 1 to
N − 1 in clear, or a "<M" written with another threshold than the policy's N, is an error before the site
shows it."""

from __future__ import annotations

from collections.abc import Iterator

from ..aggregates.tables import CERTIFICATES, FOLDER, PEOPLE_COLUMNS, TOTAL, AggregateTables, count, table_path
from ..certificates.load import register_of
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..small_cells import min_cell_count
from . import Context, check

AGGREGATE_SMALL_CELL = define("aggregate-small-cell",
                              "A published aggregate shows a count of people below the policy's "
                              "privacy.min_cell_count, or marks a small count with another threshold.", "C-8")
AGGREGATE_STALE = define("aggregate-stale", "The published certificates per region do not add up to the register's "
                                            "certificates: the aggregates were not published again after a change.",
                         "C-20")


@check(scope=(FOLDER, "data/schemas"), reads_register=True)
def aggregates(ctx: Context) -> Iterator[Finding]:
    tables = AggregateTables.load(ctx.root)
    yield from tables.findings
    minimum = min_cell_count(ctx.policy.privacy.min_cell_count)
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
    yield from _stale(ctx, tables)


def _stale(ctx: Context, tables: AggregateTables) -> Iterator[Finding]:
    """The statistics page prints the register's total beside the published regions: they must agree (a hidden
    total says nothing to compare)."""
    rows = tables.of(CERTIFICATES)
    total = next((r for r in rows if r.get("region") == TOTAL), None)
    published = count(total, "certificates") if total is not None else None
    if published is not None and published.value is None:
        return
    registered = len(register_of(ctx))
    shown = published.value if published is not None else 0
    if shown != registered:
        yield warning(table_path(CERTIFICATES), total.line if total is not None else 1, AGGREGATE_STALE,
                      t("the regions add up to {shown} certificate(s), the register holds {registered}: run "
                        "`ustaz publish aggregates` and commit the tables with the register",
                        shown=shown, registered=registered))
