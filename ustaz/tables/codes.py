"""The finding codes of every CSV table (one set; before issue #20 each reader had its own: ``csv-*``,
``data-table-*`` and the register's schema codes — content/en/reference/findings/files.md lists the old names)."""

from __future__ import annotations

from ..findings import define

TABLE_HEADER = define("table-header", "A CSV table's header lacks a column, has an unknown or repeated one, or is "
                                      "not its Table Schema's fields in order.")
TABLE_ROW = define("table-row", "A CSV row is blank where the schema forbids it, has more or fewer cells than the "
                                "header, or cannot be parsed.")
TABLE_VALUE = define("table-value", "A CSV cell is empty where a value is required, is not of its column's type, or "
                                    "breaks its column's constraint (pattern, enum, minimum, …).")
TABLE_UNIQUE = define("table-unique", "A CSV table repeats a value (or a primary key) that must be unique.")
TABLE_SCHEMA = define("table-schema", "A Table Schema file is missing or unreadable.")
