"""Issue 16, C-8: the public aggregate tables (data/aggregates/) — written by `ustaz publish aggregates`, read by
`ustaz check` like any data and by the site. A pull request may write anything into them: every column gets a
payload, and the answer is a finding with its path and line (never a traceback) or text shown as text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY, copy_project

from ustaz.aggregates.tables import PEOPLE_COLUMNS, TABLES, own_schema_text, table_path

VALID = {"support": ["robotics-basics", "KZ-71", "5", "7"],
         "support-events": ["robotics-basics", "KZ-71", "webinar", "organisation", "3"],
         "monitoring-surveys": ["2026-impact", "ru", "Title"],
         "monitoring-programs": ["2026-impact", "robotics-basics", "11", "14"],
         "monitoring-questions": ["2026-impact", "q1", "Label", "Expected", "1", "5", "4"],
         "monitoring-answers": ["2026-impact", "robotics-basics", "q1", "4", "6"],
         "certificates-by-region": ["KZ-71", "5"]}
PAYLOAD = '<script>alert("x")</script> | [a](javascript:alert(1)) ![i](http://evil.example/i.png)'


def _rows(root: Path, table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((root / table_path(table)).read_text(encoding="utf-8"), newline="")))


def _write(root: Path, table: str, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (root / table_path(table)).write_text(out.getvalue(), encoding="utf-8")


def _check(root: Path) -> list[dict[str, object]]:
    done = run_ustaz("check", "data", "--format", "json", cwd=root, env={"USTAZ_PRIVATE": str(root / "none")})
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)["findings"]


def test_the_shipped_aggregates_are_what_the_command_writes_from_the_example(project: Path) -> None:
    """data/aggregates/ ships the example's aggregates: publishing again from examples/private changes nothing."""
    before = {t: (project / table_path(t)).read_bytes() for t in TABLES}
    package = (project / "data" / "datapackage.json").read_bytes()
    done = run_ustaz("publish", "aggregates", "--private", str(project / "examples" / "private"), cwd=project)
    assert done.returncode == 0, done.stderr
    assert {t: (project / table_path(t)).read_bytes() for t in TABLES} == before
    assert (project / "data" / "datapackage.json").read_bytes() == package
    for t in TABLES:  # the published schema is ustaz's own
        assert (project / "data" / "schemas" / f"aggregate-{t}.json").read_text(encoding="utf-8") == own_schema_text(t)
    assert not [f for f in _check(project) if str(f["path"]).startswith("data/aggregates")]


def test_publish_needs_a_private_tree(project: Path) -> None:
    """A mistyped --private must not rewrite every table empty."""
    before = {t: (project / table_path(t)).read_bytes() for t in TABLES}
    done = run_ustaz("publish", "aggregates", "--private", str(project / "nowhere"), cwd=project)
    assert done.returncode == 2 and "no private tree" in done.stderr and "Traceback" not in done.stderr
    assert {t: (project / table_path(t)).read_bytes() for t in TABLES} == before


@pytest.mark.parametrize("table", sorted(PEOPLE_COLUMNS))
def test_c8_a_small_count_of_people_in_clear_is_an_error(project: Path, table: str) -> None:
    """C-8: every column that counts people, every value from 1 to N − 1, and a '<M' with another threshold."""
    rows = _rows(project, table)
    header = rows[0]
    template = rows[1] if len(rows) > 1 else None
    if template is None:  # the example has no certificates: a row of its own
        template = ["KZ-71", "5"] if table.startswith("certificates") else [""] * len(header)
    planted = []
    for column in PEOPLE_COLUMNS[table]:
        for value in ("1", "2", "<5"):
            row = list(template)
            row[header.index(column)] = value
            row[0] = row[0] if table != "certificates-by-region" else f"KZ-{10 + len(planted)}"
            if table == "support":
                row[1] = f"KZ-{10 + len(planted)}"
            if table == "monitoring-programs":
                row[1] = f"program-{len(planted)}"
            planted.append(row)
    _write(project, table, [header, *planted])
    found = [f for f in _check(project) if f["code"] == "aggregate-small-cell"]
    assert sorted((f["path"], f["line"]) for f in found) == [(table_path(table), line)
                                                             for line in range(2, 2 + len(planted))]


def test_every_column_refuses_what_its_schema_does_not_allow(project: Path) -> None:
    """A formula, a path or a control character in every column of every table (one row each, one check run):
    the constrained columns report table-value, the text ones at least csv-formula / csv-control-character
    — each on its row's line; nothing is a traceback."""
    expected: dict[tuple[str, int], tuple[str, str]] = {}
    for table in TABLES:
        fields = json.loads(own_schema_text(table))["fields"]
        names = [f["name"] for f in fields]
        free = {f["name"] for f in fields if f.get("type") == "string"
                and not f.get("constraints", {}).get("pattern") and not f.get("constraints", {}).get("enum")}
        rows = [VALID[table]]  # the control: a valid row, no finding on line 2
        for column in names:
            for payload in ('=HYPERLINK("http://evil")', "../../etc/passwd", "a\x1bb"):
                if column in free and payload.startswith("../"):
                    continue  # plain text: shown as text on the site (test_text_of_the_tables_is_text…)
                row = list(VALID[table])  # every other cell valid: the finding is the payload's
                row[names.index(column)] = payload
                rows.append(row)
                expected[(table_path(table), len(rows) + 1)] = (column, payload)
        _write(project, table, [names, *rows])
    found: dict[tuple[str, int], set[str]] = {}
    for f in _check(project):
        found.setdefault((str(f["path"]), int(f["line"] or 0)), set()).add(str(f["code"]))
    assert not [k for k in found if k[0].startswith("data/aggregates/") and k[1] == 2], found
    for (path, line), (column, payload) in expected.items():
        codes = found.get((path, line), set())
        assert codes & {"table-value", "csv-formula", "csv-control-character"}, (path, line, column, payload)


def test_a_link_a_folder_or_a_huge_file_in_place_of_a_table_is_a_finding(project: Path) -> None:
    aggregates = project / "data" / "aggregates"
    (aggregates / "support.csv").unlink()
    os.symlink("/etc/passwd", aggregates / "support.csv")
    (aggregates / "support-events.csv").unlink()
    (aggregates / "support-events.csv").mkdir()
    big = aggregates / "monitoring-answers.csv"
    big.write_text(big.read_text(encoding="utf-8") + "x" * (60 * 1024 * 1024), encoding="utf-8")
    found = {(f["path"], f["code"]) for f in _check(project)}
    assert any(p == "data/aggregates/support.csv" and c.startswith("file-") for p, c in found), found
    assert any(p == "data/aggregates/support-events.csv" for p, _ in found), found
    assert any(p == "data/aggregates/monitoring-answers.csv" for p, _ in found), found


def test_text_of_the_tables_is_text_on_the_built_site(tmp_path: Path) -> None:
    """Every free-text column (survey titles, question labels, expected results, answer values) carries a
    payload; the built site escapes it everywhere (pages, charts)."""
    project = copy_project(tmp_path / "project")
    for table, column in (("monitoring-surveys", "title"), ("monitoring-questions", "label"),
                          ("monitoring-questions", "expected"), ("monitoring-answers", "value")):
        rows = _rows(project, table)
        i = rows[0].index(column)
        for row in rows[1:]:
            if table != "monitoring-answers" or row[3] == "Вебинары центра":
                row[i] = f"mark-{table}-{column} {PAYLOAD}"
        _write(project, table, rows)
    done = run_ustaz("build", "--site-dir", str(tmp_path / "site"), cwd=project, env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 0, done.stderr[-2000:]
    pages = [p for p in (tmp_path / "site").rglob("*") if p.suffix in (".html", ".svg")]
    monitoring = (tmp_path / "site" / "monitoring" / "index.html").read_text(encoding="utf-8")
    assert "alert(&quot;x&quot;)" in monitoring or "alert(\"x\")" in re.sub(r"<[^>]+>", "", monitoring)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and 'src="http://evil' not in text and 'href="javascript' not in text, page
    shown = " ".join(p.read_text(encoding="utf-8") for p in pages)
    for mark in ("monitoring-surveys-title", "monitoring-questions-label", "monitoring-questions-expected",
                 "monitoring-answers-value"):  # every planted column reached a page (so its escaping is tested)
        assert f"mark-{mark}" in shown, mark


def test_the_root_ships_its_aggregates() -> None:
    for table in TABLES:
        assert (ROOT / table_path(table)).is_file(), table


def test_c20_aggregates_not_published_again_after_certifying_are_stale(project: Path) -> None:
    """C-20: the statistics page prints the register's total beside the published regions."""
    import datetime as dt

    from ustaz.calendar import valid_until
    from ustaz.certificates import codes
    from ustaz.certificates.register import Certificate
    from ustaz.certificates.writer import append

    assert not [f for f in _check(project) if f["code"] == "aggregate-stale"]
    issued = dt.date(2026, 10, 23)
    append(project, [Certificate.issue(code=codes.new_code(), program="robotics-basics", cohort="2026-rb-kk-01",
                                       holder=f"Holder {i} (fictional)", hours=80, course_ended=dt.date(2026, 10, 20),
                                       issued=issued, valid_until=valid_until(issued, 3)) for i in range(4)])
    stale = [f for f in _check(project) if f["code"] == "aggregate-stale"]
    assert [(f["path"], f["severity"]) for f in stale] == [("data/aggregates/certificates-by-region.csv", "warning")]
    assert run_ustaz("publish", "aggregates", cwd=project).returncode == 0
    assert not [f for f in _check(project) if f["code"] == "aggregate-stale"]
    rows = _rows(project, "certificates-by-region")
    assert rows[-1] == ["total", "4"]


def test_c20_certificates_count_in_the_region_of_the_holders_organisation(project: Path) -> None:
    """C-20: the region is the holder's organisation's (listeners.csv → data/organizations.csv), not the course's
    (2026-rb-kk-01 is held in Astana, KZ-71); a holder whose organisation is not listed counts in the course's."""
    listeners = project / "examples" / "private" / "cohorts" / "2026-rb-kk-01" / "listeners.csv"
    rows = _rows_of(listeners)
    for row in rows[1:]:
        if row[0] in ("L01", "L02", "L05"):  # the three who pass: two from Almaty schools, one from an unlisted one
            row[5] = {"L01": "alm-gymnasium-21", "L02": "alm-school-22", "L05": row[5]}[row[0]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    listeners.write_text(out.getvalue(), encoding="utf-8")
    done = run_ustaz("course", "certify", "2026-rb-kk-01", "--date", "2026-10-23", "--out", str(project.parent / "o"),
                     cwd=project)
    assert done.returncode == 0, done.stderr
    assert run_ustaz("publish", "aggregates", cwd=project).returncode == 0
    # KZ-75: 2 → "<3"; then the two next smallest withheld: KZ-71's 1 is "<3" too, so everything hides
    assert _rows(project, "certificates-by-region") == [["region", "certificates"], ["KZ-71", "<3"], ["KZ-75", "<3"],
                                                         ["total", "x"]]


def _rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
