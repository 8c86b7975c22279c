"""The register is read and checked column by column (C-20, C-16); these tests hold the fast paths to
what their references say, on randomly broken registers:

- the column reader (its split fast path and its csv path) reports exactly what frictionless reports;
- the column-wise row rules report exactly what the row-by-row rules (`row_findings` on every
  certificate, and the cross-file rules written out row by row here) report;
- the column-wise check symbols fail exactly the codes `codes.is_valid` fails.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sealed import sealed_cells
from test_register_table import _frictionless

from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS, REGISTER_UNIQUE, Register, packaged_schema
from ustaz.checks import Context
from ustaz.checks.register_rows import REGISTER_SUPERSEDES, register_rows, row_findings
from ustaz.findings import Finding, error
from ustaz.project import Project
from ustaz.tables.columns import read_columns


def _code(rng: random.Random) -> str:
    data = "".join(rng.choice(codes.ALPHABET) for _ in range(codes.DATA_SYMBOLS))
    return codes.display(data + codes.check_symbol(data))


def _good_row(rng: random.Random, year: int) -> dict[str, str]:
    ended = dt.date(year, 1, 10) + dt.timedelta(days=rng.randrange(300))
    issued = ended + dt.timedelta(days=rng.randrange(0, 5))
    until = dt.date(issued.year + 3, issued.month, issued.day) - dt.timedelta(days=1) \
        if not (issued.month == 2 and issued.day == 29) else dt.date(issued.year + 3, 2, 28)
    return {"code": _code(rng), "program": "robotics-basics", "cohort": "2026-rb-kk-01",
            "holder": rng.choice(["Тестова Айгерим", "Мысалов Ерлан", "Үлгіева Дана"]), "hours": "80",
            "course_ended": ended.isoformat(), "issued": issued.isoformat(), "valid_until": until.isoformat(),
            "status": "issued", "revoked_on": "", "revoked_reason": "", "supersedes": ""}


# what can go wrong in a cell: each mutation breaks the schema or a row rule, or neither
_MUTATIONS = [
    ("hours", ["eighty", "0", "-3", "72", "+80", ""]),
    ("issued", ["18.05.2026", "2026-02-30", "2026-5-8", "2025-12-31", ""]),
    ("course_ended", ["2026-13-01", "2027-01-01", ""]),
    ("valid_until", ["2099-01-01", "not a date"]),
    ("status", ["cancelled", "revoked", "Issued", ""]),
    ("revoked_on", ["2026-11-01", "2020-01-01", "yesterday"]),
    ("revoked_reason", ["ошибка в фамилии", "x" * 301, "call +7 701 123 45 67", "a@b.kz"]),
    ("program", ["Robotics", "no-such-program", "digital-music", ""]),
    ("holder", ["", "Тестова Айгерим 850101400001", "y" * 201, "Тестова, Айгерим"]),
    ("cohort", ["bad cohort", "2025-unknown", "", "850101400001", "a@b.kz"]),
    ("supersedes", ["ABCD", "SUPERSEDED"]),
    ("code", ["", "abcd-efgh", "CHECK", "DUP"]),
    ("revocation", ["2026-12-01", "2020-01-01", ""]),  # a whole revocation: status, date (maybe before issue), reason
]


def _broken_register(seed: int, rows: int = 60, year: int = 2026) -> tuple[str, list[str]]:
    """A register file broken at random; also returns its good codes (for supersedes elsewhere)."""
    rng = random.Random(seed)
    out: list[str] = []
    codes_seen: list[str] = []
    for _ in range(rows):
        row = _good_row(rng, year)
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            column, values = rng.choice(_MUTATIONS)
            value = rng.choice(values)
            if value == "SUPERSEDED":
                value = rng.choice(codes_seen) if codes_seen else _code(rng)
            elif value == "CHECK":  # a typo: the check symbol no longer matches
                value = row["code"][:-1] + ("0" if row["code"][-1] != "0" else "1")
            elif value == "DUP":
                value = rng.choice(codes_seen) if codes_seen else row["code"]
            if column == "revocation":
                row.update(status="revoked", revoked_on=value, revoked_reason="ошибка в фамилии")
            else:
                row[column] = value
        codes_seen.append(row["code"])
        sealed = sealed_cells(row)
        cells = [sealed[c] for c in COLUMNS]
        line = ",".join(f'"{c}"' if "," in c else c for c in cells)
        shape = rng.random()
        if shape < 0.03:
            line = ",".join(cells[:rng.randrange(1, 11)])       # a short row
        elif shape < 0.05:
            line += ",extra"                                    # a long row
        elif shape < 0.07:
            line = ""                                           # a blank line
        out.append(line)
    return ",".join(COLUMNS) + "\n" + "\n".join(out) + "\n", codes_seen


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("quoted", [False, True], ids=["split-path", "csv-path"])
def test_c20_column_reader_reports_what_frictionless_reports(tmp_path: Path, seed: int, quoted: bool) -> None:
    text, _ = _broken_register(seed)
    if not quoted:  # no quotes, no blank or ragged lines: the reader's split fast path
        lines = text.splitlines()
        text = "\n".join(line for line in lines if '"' not in line and line.count(",") == 11) + "\n"
    path = tmp_path / "2026.csv"
    path.write_text(text, encoding="utf-8")
    table, problems = read_columns(text, packaged_schema())
    ours = {(p.row, p.kind, p.field if p.kind != "extra-cell" else "",
             p.constraint if p.kind == "constraint-error" else "") for p in problems}
    assert ours == _frictionless(path)
    assert len(ours) >= 5
    assert isinstance(table.lines, range) is (not quoted)  # each case really takes the path it is named for


def _row_by_row(ctx: Context, register: Register) -> list[Finding]:
    """The row rules as they were written before the columns: every certificate, one by one."""
    programs = ctx.project.program_map
    first: dict[str, object] = {}
    out: list[Finding] = []
    certs = list(register.certificates)
    for cert in certs:
        out += row_findings(ctx, cert, programs)
        earlier = first.setdefault(cert.id, cert)
        if earlier is not cert and earlier.path != cert.path:  # type: ignore[attr-defined]
            out.append(error(cert.path, cert.line, REGISTER_UNIQUE, f"the id {cert.id} is already in "
                             f"{earlier.path} line {earlier.line}"))  # type: ignore[attr-defined]
    for cert in certs:
        if cert.supersedes and cert.supersedes not in first:
            out.append(error(cert.path, cert.line, REGISTER_SUPERSEDES,
                             f"supersedes {cert.supersedes}, which is not in the register"))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_c16_c20_column_rules_equal_the_row_by_row_rules(project: Path, seed: int) -> None:
    folder = project / "data/certificates"
    text_a, seen = _broken_register(seed, rows=80, year=2026)
    text_b, _ = _broken_register(seed + 100, rows=40, year=2025)
    # a code of 2026 again in 2025 (the cross-file unique rule), and a supersedes across files
    rows_b = text_b.splitlines()
    seen = [sealed_cells({"code": c})["id"] for c in seen]
    rows_b[3] = rows_b[3].replace(rows_b[3].split(",")[0], seen[5], 1)
    rows_b[4] = ",".join([*rows_b[4].split(",")[:9], seen[7], *rows_b[4].split(",")[10:]]) \
        if rows_b[4].count(",") == 11 else rows_b[4]
    (folder / "2026.csv").write_text(text_a, encoding="utf-8")
    (folder / "2025.csv").write_text("\n".join(rows_b) + "\n", encoding="utf-8")
    ctx = Context(project=Project.load(project), today=dt.date(2026, 11, 23))
    columns = sorted(register_rows(ctx), key=lambda f: (f.path, f.line or 0, f.code, f.message))
    register = Register.load(project)
    rows = sorted(_row_by_row(ctx, register), key=lambda f: (f.path, f.line or 0, f.code, f.message))
    assert [f.text() for f in columns] == [f.text() for f in rows]
    assert len(rows) >= 10  # the random register really breaks row rules


@pytest.mark.parametrize("seed", range(4))
def test_c20_column_check_symbols_fail_exactly_the_invalid_codes(seed: int) -> None:
    rng = random.Random(seed)
    shown = [_code(rng) for _ in range(2000)]
    for i in rng.sample(range(len(shown)), 25):
        code = shown[i]
        k = rng.randrange(len(code))
        if code[k] != "-":
            shown[i] = code[:k] + rng.choice(codes.ALPHABET) + code[k + 1:]  # a typo (sometimes the same symbol)
    expected = [i for i, c in enumerate(shown) if not codes.is_valid(c)]
    assert codes.failing_check_symbols(shown) == expected
    assert expected  # some typos really break the check symbol
    odd = [*shown, "abcd-efgh"]  # a code in another shape: the one-by-one path
    assert codes.failing_check_symbols(odd) == [*expected, len(shown)]
