"""The Table Schemas are the contract (C-2, C-4); the fast csv path reports the same rows."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run_ustaz

from ustaz.ids import iban_problem
from ustaz.vocab import REGIONS


def test_c2_shipped_public_tables_are_valid_against_their_schemas() -> None:
    from frictionless import Package

    package = Package(str(ROOT / "data/datapackage.json"))
    names = {r.name for r in package.resources}
    assert {"schedule", "trainers"} <= names
    for resource in package.resources:
        if resource.name in ("schedule", "trainers"):
            report = resource.validate()
            assert report.valid, report.flatten(["rowNumber", "message"])


def test_c2_datapackage_lists_every_schedule_year() -> None:
    data = json.loads((ROOT / "data/datapackage.json").read_text(encoding="utf-8"))
    schedule = next(r for r in data["resources"] if r["name"] == "schedule")
    paths = schedule["path"] if isinstance(schedule["path"], list) else [schedule["path"]]
    on_disk = sorted(f"schedule/{p.name}" for p in (ROOT / "data/schedule").glob("*.csv"))
    assert sorted(paths) == on_disk


def test_c2_fast_path_flags_the_same_rows_as_frictionless(project: Path) -> None:
    from frictionless import Resource, Schema

    rows = [
        "2026-ok-01,robotics-basics,kk,1,2026-12-01,2026-12-04,KZ-71,blended,20,true",     # 4 fine
        "2026-bad-date,robotics-basics,kk,1,2026-12-32,2026-12-04,KZ-71,blended,20,true",  # 5
        "2026-bad-bool,robotics-basics,kk,1,2026-12-01,2026-12-04,KZ-71,blended,20,yes",   # 6
        "2026-bad-int,robotics-basics,kk,1,2026-12-01,2026-12-04,KZ-71,blended,twenty,true",  # 7
        "2026-bad-region,robotics-basics,kk,1,2026-12-01,2026-12-04,Astana,blended,20,true",  # 8
        "2026-bad-format,robotics-basics,kk,1,2026-12-01,2026-12-04,KZ-71,hybrid,20,true",  # 9
        "Bad Id,robotics-basics,kk,1,2026-12-01,2026-12-04,KZ-71,blended,20,true",          # 10
        "2026-ok-01,robotics-basics,ru,2,2026-12-01,2026-12-04,KZ-75,online,20,true",       # 11 duplicate id
        "2026-no-cap,robotics-basics,ru,3,2026-12-01,2026-12-04,KZ-75,blended,0,true",      # 12 capacity 0
        "2026-bad-lang,robotics-basics,de,3,2026-12-01,2026-12-04,KZ-75,blended,5,true",    # 13
    ]
    path = project / "data/schedule/2026.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    schema = Schema.from_descriptor(json.loads((project / "data/schemas/schedule.json").read_text(encoding="utf-8")))
    report = Resource(path="schedule/2026.csv", basepath=str(project / "data"), schema=schema).validate()
    theirs = {row for (row,) in report.flatten(["rowNumber"])}
    proc = run_ustaz("check", "--today", "2026-11-23", "--format", "json", "data/schedule", cwd=project)
    schema_codes = {"table-value", "table-row", "cohort-id", "schedule-region", "schedule-format", "schedule-language"}
    ours = {f["line"] for f in json.loads(proc.stdout)["findings"]
            if f["code"] in schema_codes and f["severity"] == "error"}
    assert ours == theirs == set(range(5, 14))


def test_c2_region_vocabulary_is_iso_3166_2() -> None:
    import pycountry

    iso = {s.code for c in ("KZ", "KG") for s in pycountry.subdivisions.get(country_code=c)}
    assert set(REGIONS) == iso


def test_c5_account_codes_where_there_is_no_iban() -> None:
    """C-5 under kg-2013: Kyrgyzstan has no IBAN; only length and characters are checked."""
    assert iban_problem("12345678901234567890", "KG", 20) is None
    assert iban_problem("1234567890123456789", "KG", 20) is not None
    assert iban_problem("1234567890123456789?", "KG", 20) is not None
