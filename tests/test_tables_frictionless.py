"""The one table reader (issue #20 part C): its fast path (pyarrow) and its pure-Python path say the same thing,
and `ustaz check --engine frictionless` runs the reference engine with the same findings as ustaz's reader
(C-20 for the register, N-1 for the organisations' table)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_ustaz
from sealed import sealed_line

from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS, PACKED, packaged_schema, parse_file
from ustaz.tables import arrow
from ustaz.tables.columns import CodedColumn, PackedColumn, distinct, distinct_rows, read_columns

pytestmark = pytest.mark.skipif(not arrow.available(), reason="pyarrow is not installed")

TODAY = "2026-11-23"


def _row(**kw: str) -> str:
    cells = {"code": codes.display(codes.new_code()), "program": "robotics-basics", "cohort": "2026-rb-kk-01",
             "holder": "Тестова Айгерим", "hours": "80", "course_ended": "2026-10-20", "issued": "2026-10-23",
             "valid_until": "2029-10-22", "status": "issued", "revoked_on": "", "revoked_reason": "",
             "supersedes": ""}
    cells.update(kw)
    return sealed_line(cells, None)


@pytest.fixture(scope="module")
def clean() -> list[str]:
    """A clean register's rows: some repeated values (program, dates), distinct ids and seals, and revocations."""
    rows = [_row() for _ in range(3000)]
    rows += [_row(status="revoked", revoked_on="2026-11-01", revoked_reason="ошибка") for _ in range(20)]
    return rows


def _text(rows: list[str]) -> str:
    return ",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n"


def test_c20_fast_path_reads_a_clean_register_as_the_python_reader_does(clean: list[str]) -> None:
    text = _text(clean)
    fast = arrow.read_columns(text.encode(), packaged_schema(), PACKED)
    slow, problems = read_columns(text, packaged_schema())
    assert problems == [] and fast is not None
    assert fast.names == slow.names and list(fast.lines) == list(slow.lines) == list(range(2, len(clean) + 2))
    for name, a, b in zip(fast.names, fast.values, slow.values):
        assert list(a) == list(b), name
    assert isinstance(fast.values[COLUMNS.index("holder_seal")], PackedColumn)
    program = fast.column("program")
    assert len({id(v) for v in program}) == 1  # a repeated value is one string object
    # the repeated columns are kept as codes, and pickle (the way back from a worker) keeps them so
    import pickle

    for name in ("program", "cohort", "hours", "issued", "status", "revoked_on"):
        column = fast.column(name)
        assert isinstance(column, CodedColumn), name
        again = pickle.loads(pickle.dumps(column))
        assert isinstance(again, CodedColumn) and again == column == slow.column(name), name


@pytest.mark.parametrize("seed", range(5))
def test_a_coded_column_is_the_list_it_stands_for(seed: int) -> None:
    """Every operation of a sequence, on random columns of few distinct values (an empty one too)."""
    import pickle
    import random

    rng = random.Random(seed)
    words = [f"w{i}" for i in range(rng.choice([1, 3, 300, 70_000]))] + [""]
    values = [rng.choice(words) for _ in range(rng.choice([0, 1, 50, 5_000]))]
    column = CodedColumn.of(values)
    assert len(column) == len(values) and list(column) == values and column == values
    assert pickle.loads(pickle.dumps(column)) == values
    for i in [0, 1, len(values) - 1, -1, -len(values)] + [rng.randrange(-len(values) - 1, len(values) + 1)
                                                          for _ in range(50)] if values else [0, -1]:
        if -len(values) <= i < len(values):
            assert column[i] == values[i]
        else:
            with pytest.raises(IndexError):
                column[i]
    for a, b, step in [(None, None, None), (2, 40, 3), (-10, None, None), (None, None, -1), (5, 2, None)]:
        assert column[a:b:step] == values[a:b:step]
    for probe in [*words[:5], "absent", ""]:
        assert (probe in column) is (probe in values)
        assert column.count(probe) == values.count(probe)
        if probe in values:
            assert column.index(probe) == values.index(probe)
    assert set(column) == set(values) == distinct(column) == distinct(values)
    unused = CodedColumn([*column.words, "never used"], column._codes)  # a word no cell uses is not a value
    assert distinct(unused) == set(values) and "never used" not in unused
    assert column != [*values, "x"] and column != "".join(values)
    other = [rng.choice(words[:7]) for _ in values]
    expected = set(zip(values, other, values))
    for kinds in [(CodedColumn.of, CodedColumn.of, CodedColumn.of), (CodedColumn.of, list, CodedColumn.of),
                  (list, list, list)]:
        a, b, c = (make(v) for make, v in zip(kinds, (values, other, values)))
        assert distinct_rows(a, b, c) == expected, kinds


BROKEN = {
    "a bad date": lambda rows: rows[:5] + [_row(issued="18.05.2026")] + rows[5:],
    "a day that is not in the calendar": lambda rows: rows[:5] + [_row(issued="2026-02-30")] + rows[5:],
    "a bad hours": lambda rows: rows[:5] + [_row(hours="eighty")] + rows[5:],
    "hours below the minimum": lambda rows: rows[:5] + [_row(hours="0")] + rows[5:],
    "a status not in the enum": lambda rows: rows + [_row(status="cancelled")],
    "a program that breaks the pattern": lambda rows: rows + [_row(program="Robotics")],
    "a repeated id": lambda rows: rows + [rows[7]],
    "a short row": lambda rows: rows + [rows[3].rsplit(",", 3)[0]],
    "an extra cell": lambda rows: rows + [rows[3] + ",extra"],
    "a blank line": lambda rows: rows[:9] + [""] + rows[9:],
    "a quoted cell": lambda rows: rows + ['"' + rows[3].replace(",", '",', 1)],
    "an empty required cell": lambda rows: rows + [",".join([""] + rows[3].split(",")[1:])],
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_c20_fast_path_hands_every_problem_to_the_python_reader(clean: list[str], case: str) -> None:
    """On anything unusual the fast path says "not for me", and the findings are the Python reader's."""
    text = _text(BROKEN[case](list(clean)))
    assert arrow.read_columns(text.encode(), packaged_schema(), PACKED) is None
    if case != "a quoted cell":  # (a quoted cell that is valid is no problem: only the fast path declines it)
        _, findings = parse_file(text, "data/certificates/2026.csv")
        assert findings, case


def test_c20_fast_path_declines_bad_utf8_and_a_byte_order_mark(clean: list[str]) -> None:
    raw = _text(clean).encode()
    assert arrow.read_columns(raw.replace(b"robotics-basics", b"robotics-b\xffsics", 1), packaged_schema()) is None
    assert arrow.read_columns(b"\xef\xbb\xbf" + raw, packaged_schema()) is None
    assert arrow.read_columns(raw.replace(b"id,", b"code,", 1), packaged_schema()) is None  # another header


def test_c20_long_pattern_counts_are_judged_exactly() -> None:
    """RE2 takes counts up to 1000; the seals' {80,1700} is loosened, with the length cap that keeps it exact."""
    regex, cap = arrow._re2("^v1[A-Za-z0-9_-]{80,1700}$")
    assert cap == 1700 and "{80,}" in regex
    assert arrow._re2("^[0-9a-f]{24}$") == ("^(?:^[0-9a-f]{24}$)$", None)


def _break_organizations(project: Path) -> None:
    path = project / "data" / "organizations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",urban,", ",village,").replace(",rural,", ",village,")
    path.write_text("".join(lines) + "bad-row,x\n", encoding="utf-8")


def test_n1_reference_engine_gives_ustaz_findings(project: Path) -> None:
    """`ustaz check --engine frictionless` runs frictionless on data/datapackage.json and says what ustaz's
    reader says, in the same PATH:LINE format."""
    _break_organizations(project)
    ref = run_ustaz("check", "--today", TODAY, "--engine", "frictionless", "--format", "json", "--lang", "en",
                    cwd=project, timeout=300)
    assert ref.returncode == 1, ref.stderr
    theirs = [(f["path"], f["line"], f["code"], f["message"]) for f in json.loads(ref.stdout)["findings"]]
    ours_run = run_ustaz("check", "--today", TODAY, "--format", "json", "--lang", "en", "data/organizations.csv",
                         cwd=project)
    ours = [(f["path"], f["line"], f["code"], f["message"]) for f in json.loads(ours_run.stdout)["findings"]
            if f["code"].startswith("table-")]
    assert theirs == ours
    assert [(p, line, code) for p, line, code, _ in theirs] == [("data/organizations.csv", 3, "table-value"),
                                                               ("data/organizations.csv", 17, "table-row")]


def test_n1_reference_engine_on_a_clean_package_and_a_path_filter(project: Path) -> None:
    res = run_ustaz("check", "--today", TODAY, "--engine", "frictionless", cwd=project, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    _break_organizations(project)
    other = run_ustaz("check", "--today", TODAY, "--engine", "frictionless", "data/networks", cwd=project,
                      timeout=300)
    assert other.returncode == 0, other.stdout  # the broken table is not under the path asked for


@pytest.mark.parametrize("path", ["/etc/passwd", "https://example.org/x.csv", "../programs/x.csv"])
def test_n1_reference_engine_refuses_a_path_outside_data(project: Path, path: str) -> None:
    """The data package is anyone's input: frictionless is never handed a URL or a path out of data/."""
    package = project / "data" / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    package.write_text(json.dumps(descriptor), encoding="utf-8")
    res = run_ustaz("check", "--today", TODAY, "--engine", "frictionless", "--lang", "en", cwd=project)
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
    assert "inside data/" in res.stderr
