"""The fast path of the one reader: a large, plain table read by pyarrow's multithreaded C++ CSV reader and
its Table Schema checked column by column with pyarrow.compute (issues #16, #22: the register at 10×).

It answers only "this file is clean, here are its columns" or "not for me" (None): a file with a quote, a
carriage return, a NUL, a byte-order mark, a header that is not the schema's, a row of the wrong width, a
blank line, bad UTF-8, or any cell that fails its type or a constraint goes back to ``columns.read_columns``,
which reads that file slowly and names every problem with its line. So the findings never depend on which
path ran; the fast path only has to be right about "no problem at all", and every test it runs is a
sufficient one (a value it cannot judge — a date not written YYYY-MM-DD, a pattern RE2 cannot compile — is
"not for me" too).

The columns come back as ``columns.Columns``: a column of repeated values (dates, program, cohort, status)
as a list holding each distinct value once; a column named in `packed` (the register's seals) as one
``PackedColumn`` made straight from Arrow's buffers.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Sequence
from typing import Any

from .columns import CodedColumn, Columns, Field, PackedColumn, TableSchema

# below this a file is read by the pure-Python reader (pyarrow's import alone costs about 0.2 s)
ARROW_BYTES = 4_000_000

# one thread: the register's year files are read in worker processes, one per core (ustaz/parallel.py), and
# Arrow's own threads then only add switching (measured: 1.6 s CPU for 1M rows on one thread, 2.2 s on two)
_THREADS = False
_SAMPLE = 2048  # a column whose first rows are mostly distinct is taken as one of distinct values
_PLAIN_DATE = r"^\d{4}-\d{2}-\d{2}$"
_INTEGER = r"^[+-]?\d+$"
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def available() -> bool:
    try:
        import pyarrow.compute
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def read_columns(raw: bytes, schema: TableSchema, packed: Sequence[str] = ()) -> Columns | None:
    """The clean table `raw` (UTF-8 bytes of a CSV file) as columns, or None when it is not plain or not clean
    (then the caller reads it with ``columns.read_columns`` for the findings)."""
    names = schema.names
    if not raw or raw.startswith(b"\xef\xbb\xbf") or len(schema.primary_key) > 1:
        return None
    for special in (b'"', b"\r", b"\0"):
        if raw.find(special) >= 0:
            return None
    end = raw.find(b"\n")
    if end < 0 or raw[:end] != ",".join(names).encode():
        return None
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        table = pcsv.read_csv(
            pa.py_buffer(raw),
            read_options=pcsv.ReadOptions(column_names=list(names), skip_rows=1, use_threads=_THREADS),
            parse_options=pcsv.ParseOptions(quote_char=False, escape_char=False, newlines_in_values=False,
                                            ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, check_utf8=True,
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None  # a row of the wrong width, a blank line, bad UTF-8: the slow path says where
    count = table.num_rows
    if count != raw.count(b"\n", end + 1) + (0 if raw.endswith(b"\n") else 1):
        return None  # (every row one line: the line numbers are then a range)
    values: list[list[str] | PackedColumn | CodedColumn] = []
    for f in schema.fields:
        column = _column(f, table.column(f.name).combine_chunks(), f.name in packed)
        if column is None:
            return None
        values.append(column)
    lines = range(2, count + 2)
    return Columns(names=names, values=tuple(values), lines=lines, numbers=lines)


def _column(f: Field, column: Any, pack: bool) -> list[str] | PackedColumn | CodedColumn | None:
    """The clean column as Python values, or None when a cell may break the field's type or constraints.

    One hash pass gives the column's distinct values: a column of repeated values (dates, program, cohort,
    status) is then judged by the Python reader's own tests on its few distinct values and kept as those values
    and Arrow's codes (CodedColumn); a column of distinct values (ids, seals) is judged by Arrow's kernels over the
    whole column (each test a sufficient one)."""
    import pyarrow.compute as pc

    sample = column.slice(0, _SAMPLE)
    if len(column) > _SAMPLE and pc.count_distinct(sample).as_py() > _SAMPLE // 2:
        # (ids, seals: no hash table of every value unless the column must be unique)
        many = pc.count_distinct(column).as_py() if f.unique else len(column)
        if not _clean(f, column, many):
            return None
        return _packed(column) if pack else list(column.to_pylist())
    encoded = pc.dictionary_encode(column)
    distinct = encoded.dictionary
    if len(distinct) <= len(column) // 2:
        words = distinct.to_pylist()
        present = [w for w in words if w]
        if f.required and len(present) < len(words):
            return None
        if present and not all(test(present) for test in f.tests):
            return None
        if f.unique and _repeats(column, present):
            return None
        return CodedColumn(words, _codes(encoded.indices, len(words)))
    if not _clean(f, column, len(distinct)):
        return None
    return _packed(column) if pack else list(column.to_pylist())


def _codes(indices: Any, count: int) -> array[int]:
    """Arrow's dictionary codes as an ``array`` of the smallest unsigned type that holds `count` values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind, arrow_type = ("B", pa.uint8()) if count <= 1 << 8 else ("H", pa.uint16()) if count <= 1 << 16 \
        else ("I", pa.uint32())
    narrow = pc.cast(indices, arrow_type)
    codes = array(kind)
    codes.frombytes(narrow.buffers()[1].to_pybytes()[narrow.offset * codes.itemsize:
                                                      (narrow.offset + len(narrow)) * codes.itemsize])
    return codes


def _repeats(column: Any, present: list[str]) -> bool:
    """Whether a non-empty value of the column appears twice (few distinct values, many rows: surely)."""
    import pyarrow.compute as pc

    return bool(pc.count(pc.filter(column, pc.not_equal(column, ""))).as_py() > len(present))


def _clean(f: Field, column: Any, distinct: int) -> bool:
    """True when no cell of a column of mostly distinct values breaks the field's type or constraints."""
    import pyarrow as pa
    import pyarrow.compute as pc

    empty = pc.equal(column, "")
    empties = pc.sum(empty).as_py() or 0
    if f.required and empties:
        return False
    if f.unique and distinct - (1 if empties else 0) != len(column) - empties:
        return False
    present = pc.filter(column, pc.invert(empty)) if empties else column
    if len(present) == 0:
        return True
    try:
        if not _of_type(f, present):
            return False
        for name, arg, _ in f.constraints:
            if not _meets(f, name, arg, present):
                return False
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError, TypeError):
        return False  # a pattern RE2 does not take, an argument of an odd type: not for the fast path
    return True


def _all(mask: Any) -> bool:
    import pyarrow.compute as pc

    return bool(pc.all(mask).as_py())


def _of_type(f: Field, present: Any) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    if f.type == "string":
        return True
    if f.type == "integer":
        return _all(pc.match_substring_regex(present, _INTEGER))
    if f.type == "number":
        return _all(pc.match_substring_regex(present, _NUMBER))
    if f.type == "boolean":
        words = pa.array(sorted(f.words), pa.string())
        return _all(pc.is_in(present, value_set=words))
    if f.type == "date":
        if not _all(pc.match_substring_regex(present, _PLAIN_DATE)):
            return False
        distinct = pc.unique(present).to_pylist()  # a few thousand days at most: Python judges the calendar
        return all(_calendar_date(v) for v in distinct)
    return False


def _calendar_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _meets(f: Field, name: str, arg: Any, present: Any) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    if name == "pattern":
        if not _python_agrees(arg):
            return False
        regex, cap = _re2(str(arg))
        if cap is not None and pc.max(pc.utf8_length(present)).as_py() > cap:
            return False
        return _all(pc.match_substring_regex(present, regex))
    if name == "enum":
        return _all(pc.is_in(present, value_set=pa.array([str(a) for a in arg], pa.string())))
    if name == "minLength":
        return bool(pc.min(pc.utf8_length(present)).as_py() >= int(arg))
    if name == "maxLength":
        return bool(pc.max(pc.utf8_length(present)).as_py() <= int(arg))
    if name in ("minimum", "maximum"):
        if f.type == "date":
            bound = pc.min(present) if name == "minimum" else pc.max(present)
            value = bound.as_py()
            return bool(value >= str(arg)) if name == "minimum" else bool(value <= str(arg))
        numbers = pc.cast(present, pa.int64() if f.type == "integer" else pa.float64())
        value = (pc.min(numbers) if name == "minimum" else pc.max(numbers)).as_py()
        return bool(value >= float(arg)) if name == "minimum" else bool(value <= float(arg))
    return False


_SIMPLE_PATTERN = re.compile(r"[\w\[\]\-{},.*+?^$|()\\:/@ ]*")


_LONG_COUNT = re.compile(r"\{(\d+),(\d+)\}")
_RE2_MAX_COUNT = 1000


def _re2(pattern: str) -> tuple[str, int | None]:
    """The pattern for RE2, and a length no cell may pass. RE2 takes counts up to 1000: a longer one ``{m,n}``
    becomes ``{m,}``, which is looser; but a cell of at most n characters cannot give that repetition more than
    n, so "matches the looser pattern and is at most n long" is "matches the pattern" (the cap is the least
    such n). A count RE2 still refuses raises ArrowInvalid: the caller leaves the column to Python."""
    caps = [int(n) for _, n in _LONG_COUNT.findall(pattern) if int(n) > _RE2_MAX_COUNT]
    if not caps:
        return f"^(?:{pattern})$", None
    loose = _LONG_COUNT.sub(lambda m: "{" + m.group(1) + ",}" if int(m.group(2)) > _RE2_MAX_COUNT else m.group(0),
                            pattern)
    return f"^(?:{loose})$", min(caps)


def _python_agrees(pattern: str) -> bool:
    """RE2 and Python's re read a simple pattern (classes, counts, groups, alternatives) alike; anything more
    (lookarounds, back references, possessive forms) is left to the Python path."""
    return _SIMPLE_PATTERN.fullmatch(pattern) is not None and "(?" not in pattern and "\\" not in pattern.replace(
        "\\d", "").replace("\\w", "").replace("\\.", "").replace("\\-", "")


def _packed(column: Any) -> PackedColumn | list[str]:
    """A column of long distinct values as one PackedColumn, straight from Arrow's offsets and bytes (ASCII
    only, so a character is a byte: the seals are base64)."""
    import pyarrow.compute as pc

    if len(column) == 0 or not _all(pc.string_is_ascii(column)):
        return list(column.to_pylist())
    offsets_buffer, data_buffer = column.buffers()[1], column.buffers()[2]
    import pyarrow as pa

    offsets = array("q" if column.type == pa.large_string() else "i")
    offsets.frombytes(offsets_buffer.to_pybytes())
    offsets = offsets[column.offset:column.offset + len(column) + 1]
    base = offsets[0]
    text = data_buffer.to_pybytes()[base:offsets[-1]].decode("ascii")
    ends = array("Q", (o - base for o in offsets[1:]))
    packed = PackedColumn.__new__(PackedColumn)
    packed._text, packed._ends = text, ends
    return packed
