"""The public aggregate tables (data/aggregates/*.csv): what the site shows of private data.

A staff command (`ustaz publish aggregates`, ustaz/aggregates/publish.py) computes them from the private
tree with small cells suppressed and writes them here; the pull request that adds them is reviewed like any
data, `ustaz check` reads them against their Table Schemas, and the site reads nothing else. A count of
people is published as it is shown: a number, "<N" (fewer than N people) or "x" (withheld so that a small
count cannot be worked out from a total).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..findings import Finding, error
from ..i18n import t
from ..tables.rows import TABLE_SCHEMA, Row, TableSchema, read_table

FOLDER = "data/aggregates"
TOTAL = "total"  # the region of a line's total row
SUPPORT = "support"
SUPPORT_EVENTS = "support-events"
SURVEYS = "monitoring-surveys"
SURVEY_PROGRAMS = "monitoring-programs"
QUESTIONS = "monitoring-questions"
ANSWERS = "monitoring-answers"
CERTIFICATES = "certificates-by-region"
TABLES = (SUPPORT, SUPPORT_EVENTS, SURVEYS, SURVEY_PROGRAMS, QUESTIONS, ANSWERS, CERTIFICATES)
# the columns that count people: never a number from 1 to N − 1 (the policy's privacy.min_cell_count)
PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {SUPPORT: ("teachers",), SURVEY_PROGRAMS: ("responses", "invited"),
                                              CERTIFICATES: ("certificates",)}
WITHHELD = "x"
_SMALL = re.compile(r"<([0-9]{1,3})")


def schema_name(table: str) -> str:
    return f"aggregate-{table}"


def table_path(table: str) -> str:
    return f"{FOLDER}/{table}.csv"


def own_schema_text(table: str) -> str:
    return resources.files("ustaz.aggregates.schemas").joinpath(f"{schema_name(table)}.json").read_text("utf-8")


@dataclass(frozen=True, kw_only=True)
class PublishedCount:
    """One published count of people: `value` when exact; else `small_below` (for "<N") or withheld."""

    text: str

    @property
    def value(self) -> int | None:
        return int(self.text) if self.text.isdigit() else None

    @property
    def small_below(self) -> int | None:
        m = _SMALL.fullmatch(self.text)
        return int(m.group(1)) if m else None

    @property
    def hidden(self) -> bool:
        return self.value is None

    def shown(self) -> str:
        """As a page writes it: "12", "< 3", "x"."""
        below = self.small_below
        return f"< {below}" if below is not None else self.text


@dataclass(frozen=True, kw_only=True)
class AggregateTables:
    """Every aggregate table's rows (rows that break their schema are left out, after a finding)."""

    rows: dict[str, tuple[Row, ...]]
    findings: tuple[Finding, ...] = ()

    def of(self, table: str) -> tuple[Row, ...]:
        return self.rows.get(table, ())

    @classmethod
    def load(cls, root: Path) -> AggregateTables:
        rows: dict[str, tuple[Row, ...]] = {}
        findings: list[Finding] = []
        for table in TABLES:
            shown = table_path(table)
            path = root / shown
            if not path.exists():
                rows[table] = ()
                continue
            schema_shown = f"data/schemas/{schema_name(table)}.json"
            try:
                if (root / schema_shown).exists():  # the project's published contract
                    schema = TableSchema.from_file(root / schema_shown, schema_shown)
                else:
                    with resources.as_file(resources.files("ustaz.aggregates.schemas")
                                           .joinpath(f"{schema_name(table)}.json")) as own:
                        schema = TableSchema.from_file(own)
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                findings.append(error(schema_shown, None, TABLE_SCHEMA, t("the Table Schema cannot be read: {exc}", exc=exc)))
                rows[table] = ()
                continue
            read, more = read_table(path, shown, schema)  # a regular file inside the project, bounded (sourcefile)
            rows[table] = tuple(read)
            findings.extend(more)
        return cls(rows=rows, findings=tuple(findings))


def written(shown: str) -> str:
    """A cell as a page shows it ("< 3", "x", "12") in the form the tables hold ("<3", "x", "12")."""
    return shown.replace("< ", "<")


def count(row: Row, column: str) -> PublishedCount | None:
    value = row.get(column)
    return PublishedCount(text=str(value)) if value is not None else None
