"""Every public table's cells against spreadsheet formulas and control characters (CSV injection, issue 15).

The tables under data/ are published and opened in spreadsheets by anyone: a text cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula there (``=HYPERLINK(…)``, OWASP's
CSV injection), and a control character (NUL, an escape) in a name breaks what reads it. A column's type comes
from its Table Schema (data/datapackage.json): only text cells count, so a signed number in a number column
(``-5``) is no finding; in a table no schema describes, a cell that reads as a number is not one either.

The register is checked from the columns it is read into, one filter over each column's distinct values, so
a million certificates cost a set and a pass; the other tables are small and read as CSV.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from ..certificates.load import register_of
from ..certificates.register import project_schema
from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import parse_json, read_text
from ..tables.columns import PackedColumn
from ..writefile import CONTROL as _CONTROL
from ..writefile import formula_cell, neutralise
from . import Context, check

CSV_FORMULA = define("csv-formula", "A text cell of a public table begins with =, +, -, @, a tab or a carriage "
                                    "return, which a spreadsheet runs as a formula (CSV injection).")
CSV_CONTROL = define("csv-control-character", "A cell of a public table holds a control character (NUL, an "
                                              "escape, a direction override).")

DATA = "data"
REGISTER = "data/certificates"
_FORMULA_AT_START = re.compile("\n[=+\\-@]")  # after "\n".join: a cell that begins like a formula
_TEXT_TYPES = frozenset(("string", "any"))
# where a cell of a CSV text may begin with a formula character (quoted or not): the usual table has none, and is
# then passed over without parsing it cell by cell
_CELL_START = re.compile(r'(?:\A|[,\n])"?[=+\-@\t\r]')


def unsafe(value: str, text: bool) -> str | None:
    """The finding code for a cell, or None; `text`: the column is typed as text (else a number is kept)."""
    if _CONTROL.search(value):
        return CSV_CONTROL
    if formula_cell(value) and (text or neutralise(value) != value):
        return CSV_FORMULA
    return None


def _message(code: str, column: str, value: str) -> str:
    control = _CONTROL.search(value) if code == CSV_CONTROL else None
    if control is not None:
        return t("'{column}' holds the control character U+{ord:04X}; remove it", column=column, ord=ord(control.group()))
    return (t("'{column}' begins with {value!r}: a spreadsheet would run the cell as a formula; write the text without it (a name or title never begins so)", column=column, value=value[0]))


def _read(root: Path, relative: str) -> str | None:
    """A file under data/ as text, only when it is a regular file inside data/ (not a link, a device or a
    path that leads out: the file checks report those); None otherwise."""
    path = root / DATA / relative
    try:
        inside = path.resolve().is_relative_to((root / DATA).resolve())
        regular = inside and not path.is_symlink() and path.is_file()
    except (OSError, ValueError):
        return None
    return read_text(path, f"{DATA}/{relative}")[0] if regular else None


def _types(root: Path) -> dict[str, dict[str, str]]:
    """Each described table (path relative to the root) → its columns' types, from data/datapackage.json."""
    text = _read(root, "datapackage.json")
    out: dict[str, dict[str, str]] = {}
    try:
        resources = parse_json(text, "")[0]["resources"] if text else []
        for res in resources:
            schema = res.get("schema")
            if isinstance(schema, str):
                found = _read(root, schema)
                schema = parse_json(found, "")[0] if found else None  # too deep: None, the file checks say so
            if not isinstance(schema, Mapping):
                continue
            fields = {str(f["name"]): str(f.get("type", "string")) for f in schema.get("fields", ())}
            paths = res.get("path", [])
            for path in [paths] if isinstance(paths, str) else paths:
                out[f"{DATA}/{path}"] = fields
    except (ValueError, KeyError, TypeError, AttributeError):
        pass  # a broken data package is the data package's finding; without types, numbers are kept
    return out


def _table_findings(root: Path, relative: str, types: Mapping[str, str]) -> Iterator[Finding]:
    shown = f"{DATA}/{relative}"
    text = _read(root, relative)  # an unreadable file is reported by the check that reads the table
    if text is None or (_CELL_START.search(text) is None and _CONTROL.search(text) is None):
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if header is None:
                header = [h.strip() for h in cells]
            else:
                for i, value in enumerate(cells):
                    column = header[i] if i < len(header) else f"column {i + 1}"
                    code = unsafe(value, types.get(column, "") in _TEXT_TYPES)
                    if code:
                        yield error(shown, start, code, _message(code, column, value))
            start = reader.line_num + 1
    except csv.Error:
        return  # the table's own check reports a CSV that cannot be parsed


# a pattern whose every match is made of these characters and begins with a letter or a digit: see _plain_pattern
_RANGE = "(?:[a-z]-[a-z]|[A-Z]-[A-Z]|[0-9]-[0-9])"
_PLAIN_CLASS = re.compile(rf"\[(?:{_RANGE}|[A-Za-z0-9_.])*-?\]")
_PLAIN_ATOM = re.compile(rf"{_PLAIN_CLASS.pattern}|[A-Za-z0-9_]|\{{\d+(?:,\d*)?\}}|[?*+]")
_PLAIN_FIRST = re.compile(rf"\[(?:{_RANGE}|[A-Za-z0-9])*\]|[A-Za-z0-9]")
_OPTIONAL = re.compile(r"[?*]|\{0*[,}]")  # a count that lets the first atom be absent


def _plain_pattern(pattern: str) -> bool:
    """Whether every string the Table Schema pattern matches is letters, digits, ``_``, ``.`` and ``-`` and
    begins with a letter or a digit: then a cell that passed it holds no control character and no formula. Only
    a plain shape is recognised (``^``, a first letter, digit or class of them, then letters, digits and classes
    of ``A-Za-z0-9_.-`` with counts, ``$``); anything else (a group, an escape, ``.``, a negated class) is not."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        return False
    body = pattern[1:-1]
    first = _PLAIN_FIRST.match(body)
    if first is None or first.group() == "[]" or _OPTIONAL.match(body, first.end()):
        return False
    pos = first.end()
    while pos < len(body):
        atom = _PLAIN_ATOM.match(body, pos)
        if atom is None:
            return False
        pos = atom.end()
    return True


def _plain_constraint(name: str, arg: object) -> bool:
    """A constraint that only plain cells (letters, digits, ``_.-``, a letter or digit first) pass: a plain
    pattern, or an enum of such values."""
    if name == "pattern":
        return _plain_pattern(str(arg))
    if name == "enum" and isinstance(arg, (list, tuple)):
        return all(isinstance(v, str) and _PLAIN_VALUE.fullmatch(v) for v in arg)
    return False


_PLAIN_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _register_findings(ctx: Context) -> Iterator[Finding]:
    """The register's text columns, each filtered once over its distinct values; a column whose every cell
    passed its type (a number, a date) or a plain pattern (the ids, the seals) is passed over."""
    fields = project_schema(ctx.root).fields
    text = {f.name for f in fields if f.type in _TEXT_TYPES}
    plain = {f.name for f in fields if f.type not in _TEXT_TYPES or any(_plain_constraint(name, arg)
                                                                        for name, arg, _ in f.constraints)}
    for rf in register_of(ctx).files:
        for column in rf.table.names:
            if not rf.bad and column in plain:
                continue  # every cell passed its type or its plain pattern: no control character, no formula
            values = rf.column(column)
            if _plainly_safe(values):
                continue
            bad = {v for v in set(values) if unsafe(v, column in text)}
            if bad:
                for i, value in enumerate(values):
                    if value in bad:
                        code = unsafe(value, column in text)
                        assert code is not None
                        yield error(rf.path, rf.table.lines[i], code, _message(code, column, value))


def _plainly_safe(values: Sequence[str]) -> bool:
    """The usual case in C-speed passes: no control character (every one is unprintable) and no cell that
    begins like a formula. A packed column (the seals) is judged from its one text and its cells' first
    characters; another column from its distinct values (a column of repeated values has few)."""
    if isinstance(values, PackedColumn):
        text = values.text
        return text.isprintable() and not _FORMULA_FIRST.intersection(map(text.__getitem__, values.starts()))
    distinct = set(values)
    return "".join(distinct).isprintable() and _FORMULA_AT_START.search("\n" + "\n".join(distinct)) is None


_FORMULA_FIRST = frozenset("=+-@")


@check(scope=(DATA,), reads_register=True)
def table_cells(ctx: Context) -> Iterator[Finding]:
    root = ctx.root
    folder = root / DATA
    if not folder.is_dir():
        return
    types = _types(root)
    yield from _register_findings(ctx)
    for path in sorted(folder.rglob("*.csv")):
        relative = path.relative_to(folder).as_posix()
        if f"{DATA}/{relative}".startswith(REGISTER + "/"):
            continue  # the register: from its columns
        yield from _table_findings(root, relative, types.get(f"{DATA}/{relative}", {}))

