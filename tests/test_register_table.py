"""The register's fast reader reports what frictionless reports for the same Table Schema (C-20), and
the rules of each row beyond the schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import ROOT, run_ustaz
from frictionless import Resource, Schema
from sealed import sealed_line

from ustaz.calendar import valid_until
from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS, Register, packaged_schema, parse_file
from ustaz.tables.columns import read

SCHEMA = json.loads((ROOT / "data/schemas/certificates.json").read_text(encoding="utf-8"))


def _code() -> str:
    return codes.display(codes.new_code())


def _row(raw: dict[str, str] | None = None, **kw: str) -> str:
    cells = {"code": _code(), "program": "robotics-basics", "cohort": "2026-rb-kk-01", "holder": "Тестова Айгерим",
             "hours": "80", "course_ended": "2026-10-20", "issued": "2026-10-23", "valid_until": "2029-10-22",
             "status": "issued", "revoked_on": "", "revoked_reason": "", "supersedes": ""}
    cells.update(kw)
    return sealed_line(cells, raw)


def _broken() -> str:
    dup = _code()
    rows = [
        _row(),
        _row(code=dup),
        _row(code=dup),                                    # unique
        _row(hours="eighty", issued="18.05.2026"),         # types
        _row(status="cancelled", program="Robotics"),      # enum, pattern
        _row(code="", holder=""),                          # required (id, holder_seal)
        ",,,,,,,,,,,",                                     # blank
        _row(hours="0", supersedes="ABCD"),                # minimum, pattern
        _row() + ",extra",                                 # extra cell
        "only-one-cell",                                   # missing cells (and more)
        _row(raw={"reason_seal": "v1" + "x" * 1701}),      # pattern (too long)
    ]
    return ",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n"


def _frictionless(path: Path) -> set[tuple[int, str, str]]:
    report = Resource(path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(SCHEMA)).validate()
    out = set()
    for kind, row, field, note in report.flatten(["type", "rowNumber", "fieldName", "note"]):
        if kind == "primary-key":  # the same cells' unique/required errors, said again
            continue
        constraint = note.split('"')[1] if kind == "constraint-error" else ""
        out.add((row, kind, field or "" if kind != "extra-cell" else "", constraint))
    return out


def test_c20_fast_reader_reports_what_frictionless_reports(tmp_path: Path) -> None:
    path = tmp_path / "2026.csv"
    path.write_text(_broken(), encoding="utf-8")
    _, problems = read(path.read_text(encoding="utf-8"), packaged_schema())
    ours = {(p.row, p.kind, p.field if p.kind != "extra-cell" else "",
             p.constraint if p.kind == "constraint-error" else "") for p in problems}
    theirs = _frictionless(path)
    assert ours == theirs
    assert len(ours) >= 12  # the fixture really is broken in many ways


def test_c20_packaged_schema_is_the_projects_contract() -> None:
    packaged = (ROOT / "ustaz/certificates/certificates.schema.json").read_text(encoding="utf-8")
    assert json.loads(packaged) == SCHEMA
    assert tuple(f["name"] for f in SCHEMA["fields"]) == COLUMNS
    package = json.loads((ROOT / "data/datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"]: r for r in package["resources"]}
    assert names["certificates"]["schema"] == "schemas/certificates.json"


def test_c20_findings_name_the_line_and_say_what_to_fix(tmp_path: Path) -> None:
    _, findings = parse_file(_broken(), "data/certificates/2026.csv")
    text = "\n".join(f.text() for f in findings)
    assert "data/certificates/2026.csv:4: error table-unique: " in text
    assert "data/certificates/2026.csv:5: error table-value: 'issued' must be a date YYYY-MM-DD, not '18.05.2026'" \
        in text
    assert "data/certificates/2026.csv:6: error table-value: 'status' must be one of ['issued', 'revoked']" \
        in text
    assert "data/certificates/2026.csv:8: error table-row: the row is blank" in text
    assert "data/certificates/2026.csv:10: error table-row: the row has more than 12 cells" in text


def test_c16_c20_row_rules(project: Path) -> None:
    good = codes.new_code()
    rows = [
        _row(code=codes.display(good)),
        _row(valid_until="2029-10-23"),                                             # C-20: 3 years − 1 day
        _row(status="revoked", revoked_on="2026-11-01"),                            # no reason
        _row(revoked_on="2026-11-01", revoked_reason="x"),                          # issued with a revocation
        _row(issued="2026-10-15", valid_until=valid_until(dt.date(2026, 10, 15), 3).isoformat()),  # before the end
        _row(hours="72"),                                                           # not the program's hours
        _row(program="no-such-program"),
        _row(cohort="850101400001"),                                                # an IIN in a public cell
        _row(holder="Тестова Айгерим 850101400001"),                                # sealed: nothing in clear
        _row(supersedes=_code()),                                                   # not in the register
        _row(raw={"reason_seal": _row().split(",")[-2]}),                           # issued with a reason seal
        _row(issued="2025-12-20", valid_until="2028-12-19", course_ended="2025-12-19"),  # wrong year's file
        _row(issued="2026-11-24", valid_until="2029-11-23"),                        # issued after --today
        _row(status="revoked", revoked_on="2026-11-24", revoked_reason="x"),        # revoked after --today
        _row(issued="2026-11-23", valid_until="2029-11-22"),                        # today itself: fine
    ]
    path = project / "data/certificates/2026.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    # without the private tree (a public checkout): holders are not compared with listeners
    (project / "no-private").mkdir()
    r = run_ustaz("check", "--today", "2026-11-23", "--private", "no-private", "data/certificates", cwd=project)
    got = {tuple(line.split(": ")[0:2]) for line in r.stdout.splitlines()}
    expected = {
        ("data/certificates/2026.csv:3", "error register-valid-until"),
        ("data/certificates/2026.csv:4", "error register-revocation"),
        ("data/certificates/2026.csv:5", "error register-revocation"),
        ("data/certificates/2026.csv:6", "error register-dates"),
        ("data/certificates/2026.csv:7", "error register-hours"),
        ("data/certificates/2026.csv:8", "error register-program"),
        ("data/certificates/2026.csv:8", "error register-cohort"),                 # the cohort studied another
        ("data/certificates/2026.csv:9", "error register-personal-data"),
        ("data/certificates/2026.csv:9", "error register-cohort"),                 # no such cohort either
        ("data/certificates/2026.csv:11", "error register-supersedes"),
        ("data/certificates/2026.csv:12", "error register-revocation"),
        ("data/certificates/2026.csv:13", "error register-year"),
        ("data/certificates/2026.csv:13", "error register-cohort"),                # ended 2026-10-20
        ("data/certificates/2026.csv:14", "error register-dates"),
        ("data/certificates/2026.csv:15", "error register-dates"),
    }
    assert got == expected, r.stdout
    assert r.returncode == 1
    assert len(list(Register.load(project).certificates)) == len(rows)


def test_c16_holders_are_listeners_of_their_cohort_and_hold_one_certificate(project: Path) -> None:
    """C-16 on the sealed register: where the private tree holds the cohort, each row is opened with its code
    from the cohort's certificates.csv and its holder compared with the listener the code is tied to."""
    codes_ = [codes.new_code() for _ in range(8)]
    rows = [
        _row(code=codes_[0], holder="Тестова Айгерим Болатқызы (вымышленная)"),
        _row(code=codes_[1], holder="Тестова Айгерим Болатқызы (вымышленная)"),  # a second one for the same listener
        _row(code=codes_[2], holder="Мысалов Ерлан Серікұлы (вымышленный)"),     # sealed under another name than L03's
        _row(code=codes_[3], holder="Мысалов Ерлан Серікұлы (вымышленный)", program="digital-music", hours="72"),
        _row(code=codes_[4], holder="Жорамалова Гүлнар Ерікқызы (вымышленная)", course_ended="2026-10-21"),
        _row(code=codes_[5], cohort="2025-unknown", holder="Кім де болса"),
        _row(code=codes_[6], holder="Жорамалова Гүлнар Ерікқызы (вымышленная)"),  # no code in the private tree
        _row(code=codes_[7], holder="Үлгіева Дана Маратқызы (вымышленная)"),
    ]
    links = ["L01", "L01", "L03", "L02", "L05", None, None, "L04"]
    cohort = project / "examples/private/cohorts/2026-rb-kk-01/certificates.csv"
    cohort.write_text("listener,code\n" + "".join(f"{who},{codes.display(c)}\n" for who, c in zip(links, codes_) if who),
                      encoding="utf-8")
    # the last row's seal is another row's: it does not open with its own code
    rows[7] = ",".join(rows[7].split(",")[:-2] + [rows[4].split(",")[-2], ""])
    path = project / "data/certificates/2026.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    r = run_ustaz("check", "--today", "2026-11-23", "data/certificates", cwd=project)
    got = [tuple(line.split(": ")[0:2]) for line in r.stdout.splitlines()
           if "register-cohort" in line or "register-holder" in line or "register-seal" in line]
    assert got == [
        ("data/certificates/2026.csv:3", "error register-holder"),  # L01 already holds line 2's
        ("data/certificates/2026.csv:4", "error register-holder"),  # L03 is not the name sealed
        ("data/certificates/2026.csv:5", "error register-cohort"),
        ("data/certificates/2026.csv:6", "error register-cohort"),
        ("data/certificates/2026.csv:7", "error register-cohort"),
        ("data/certificates/2026.csv:8", "warning register-seal"),  # no code
        ("data/certificates/2026.csv:9", "error register-seal"),    # the seal does not open
    ], r.stdout
    assert "Тестова Айгерим Болатқызы (вымышленная)' already holds" in r.stdout  # opened: the staff see the name
    # without the private tree (a public checkout, CI): no seal is opened, no name compared, nothing said
    (project / "no-private").mkdir()
    public = run_ustaz("check", "--today", "2026-11-23", "--private", "no-private", "data/certificates", cwd=project)
    assert "register-holder" not in public.stdout and "register-seal" not in public.stdout
    assert "Тестова" not in public.stdout


def test_hostile_rows_are_errors_on_one_printable_line_each(project: Path) -> None:
    """Issue 15: a forged or dangerous row (no such cohort, dated after today, a NUL or a formula in the holder)
    is an error at its line, and every finding stays one printable line."""
    rows = [
        _row(cohort="2026-forged-01"),                                              # not in the schedule
        _row(issued="2027-01-10", valid_until="2030-01-09"),                        # after --today
        _row(raw={"holder_seal": "v1Тестова\x00Айгерим"}),                           # NUL
        _row(raw={"holder_seal": '"=HYPERLINK(""http://evil.example"",""click"")"'}),  # a formula
        _row(raw={"reason_seal": "@SUM(1+1)*cmd|' /C calc'!A0"}, status="revoked", revoked_on="2026-11-01"),
    ]
    path = project / "data/certificates/2026.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (project / "no-private").mkdir()
    r = run_ustaz("check", "--today", "2026-11-23", "--private", "no-private", "data", cwd=project)
    got = {tuple(line.split(": ")[0:2]) for line in r.stdout.splitlines() if line.startswith("data/certificates")}
    assert got == {
        ("data/certificates/2026.csv:2", "error register-cohort"),
        ("data/certificates/2026.csv:3", "error register-dates"),
        ("data/certificates/2026.csv:3", "error register-year"),
        ("data/certificates/2026.csv:4", "error csv-control-character"),
        ("data/certificates/2026.csv:4", "error table-value"),             # not a seal
        ("data/certificates/2026.csv:5", "error csv-formula"),
        ("data/certificates/2026.csv:5", "error table-value"),
        ("data/certificates/2026.csv:6", "error csv-formula"),
        ("data/certificates/2026.csv:6", "error table-value"),
    }, r.stdout
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert all(line.isprintable() for line in r.stdout.splitlines())
