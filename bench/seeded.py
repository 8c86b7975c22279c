"""A register file with seeded schema errors, and both tools' findings on it as comparable sets.

Both sides are reduced to ``(line, code, field)``: frictionless's error types are mapped to the ustaz
finding codes that report them (type-error → table-value, …). Two reductions are ustaz's documented
choices, applied to frictionless's list the same way: a short row is one finding (its first missing
cell, not one per missing or required cell), and frictionless's primary-key errors are left out: they
repeat the unique and required errors of the same cells (as in tests/test_register_table.py).
"""

from __future__ import annotations

import json
import re

from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS
from ustaz.certificates.sealing import HOLDER, Sealer

Key = tuple[int, str, str]

FRICTIONLESS_TO_USTAZ = {
    "type-error": "table-value", "constraint-error": "table-value", "unique-error": "table-unique",
    "blank-row": "table-row", "missing-cell": "table-row",
    "extra-cell": "table-row", "incorrect-label": "table-header", "missing-label": "table-header",
    "extra-label": "table-header", "duplicate-label": "table-header",
}
SCHEMA_CODES = frozenset(FRICTIONLESS_TO_USTAZ.values())
_ROW_FIELD = frozenset({"table-row", "table-unique", "table-header"})  # findings not about one cell
_FIELD = re.compile(r"^'([a-z_]+)' ")


def _row(n: int, **kw: str) -> str:
    data = f"{n:019d}"
    sealer = Sealer(data + codes.check_symbol(data))
    cells = {"id": sealer.id, "program": "p00001-robot", "cohort": "2026-c00001-kk", "hours": "80",
             "course_ended": "2026-10-20", "issued": "2026-10-23", "valid_until": "2029-10-22", "status": "issued",
             "revoked_on": "", "supersedes": "", "holder_seal": sealer.seal(HOLDER, "Тестова Айгерім"),
             "reason_seal": ""}
    cells.update(kw)
    return ",".join(cells[c] for c in COLUMNS)


def seeded_register() -> str:
    """Good rows around one of each kind of schema error."""
    dup = _row(7).split(",")[0]
    rows = [_row(i) for i in range(1, 6)]
    rows += [
        _row(6, id=dup), _row(7),                             # unique (the second occurrence)
        _row(8, hours="eighty", issued="18.05.2026"),         # two type errors
        _row(9, status="cancelled", program="Robotics"),      # enum, pattern
        _row(10, id="", holder_seal=""),                      # required ×2
        ",,,,,,,,,,,",                                        # blank row
        _row(11, hours="0", supersedes="ABCD"),               # minimum, pattern
        _row(12) + ",extra",                                  # extra cell
        "0123456789abcdef01234567,p00001-robot",              # short row
        _row(13, reason_seal="v1" + "x" * 1701),              # pattern (too long)
        _row(14, course_ended="2026-02-30"),                  # not a date
    ]
    rows += [_row(i) for i in range(15, 20)]
    return ",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n"


def ustaz_findings(check_json: str, path: str) -> set[Key]:
    """The schema findings of `ustaz check --format json` on `path`."""
    out: set[Key] = set()
    for f in json.loads(check_json)["findings"]:
        if f["path"] != path or f["code"] not in SCHEMA_CODES:
            continue
        m = _FIELD.match(f["message"])
        field = "" if f["code"] in _ROW_FIELD or m is None else m.group(1)
        out.add((int(f["line"]), f["code"], field))
    return out


def frictionless_findings(report_json: str) -> set[Key]:
    """`frictionless validate --json`'s errors, reduced as the module docstring says."""
    report = json.loads(report_json)
    errors = [e for task in report.get("tasks", []) for e in task.get("errors", [])]
    missing: dict[int, list[str]] = {}
    for e in errors:
        if e["type"] == "missing-cell":
            missing.setdefault(int(e["rowNumber"]), []).append(e.get("fieldName", ""))
    out: set[Key] = set()
    for e in errors:
        code = FRICTIONLESS_TO_USTAZ.get(e["type"])
        if code is None:
            continue
        row = int(e.get("rowNumber") or 1)
        field = e.get("fieldName", "") or ""
        if e["type"] == "constraint-error" and field in missing.get(row, []):
            continue  # the missing cell already says it
        out.add((row, code, "" if code in _ROW_FIELD else field))
    return out
