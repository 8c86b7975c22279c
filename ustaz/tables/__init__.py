"""The one reader of ustaz's CSV tables (issue #20 part C).

Every CSV table of a project — the certificate register, the public tables described by Table Schemas
(networks, organisations, aggregates, the staff tables), and the course files the staff keep (listeners,
attendance, chats, materials) — is read here, through the bounded reader of ``ustaz/sourcefile.py``, and its
problems are findings with one set of codes (``codes.py``):

- ``columns.py``: a table held to its Frictionless Table Schema, parsed into columns and validated column by
  column (the register's million rows; the same verdicts as ``frictionless validate``);
- ``arrow.py``: the same reading done by pyarrow's multithreaded C++ CSV reader when the file is large; on
  anything unusual it hands the file back to ``columns.py``, which names every problem with its line;
- ``rows.py``: a schema-described table as typed rows (networks, organisations, aggregates, staff);
- ``plain.py``: a table whose header is checked by name, not by a schema (the course files), with typed cell
  helpers;
- ``report.py``: a schema problem as a ``PATH:LINE`` finding;
- ``reference.py``: the reference engine (frictionless) run on a project's data package, its errors in the
  same ``PATH:LINE`` format (``ustaz check --engine frictionless``).
"""

from .codes import TABLE_HEADER, TABLE_ROW, TABLE_SCHEMA, TABLE_UNIQUE, TABLE_VALUE

__all__ = ["TABLE_HEADER", "TABLE_ROW", "TABLE_SCHEMA", "TABLE_UNIQUE", "TABLE_VALUE"]
