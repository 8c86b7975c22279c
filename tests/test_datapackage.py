"""The data package lists every public table and frictionless validates the example's package (issue 23, C-2)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run_ustaz


def test_c2_frictionless_validates_every_table_of_the_example_package() -> None:
    from frictionless import Package

    package = Package(str(ROOT / "data/datapackage.json"))
    listed = {f"data/{p}" for r in package.resources for p in ([r.path] if isinstance(r.path, str) else r.paths)}
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.csv")}
    assert listed == on_disk
    report = package.validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "message"])


def test_c2_a_new_schedule_year_outside_the_package_is_an_error(project: Path) -> None:
    from frictionless import Package

    (project / "data/schedule/2027.csv").write_text(
        "cohort,program,language,group,starts,ends,region,format,capacity,agreed\n"
        "2027-rb-kk-01,robotics-basics,kk,1,2027-13-01,2027-02-12,KZ-71,blended,25,true\n", encoding="utf-8")
    assert Package(str(project / "data/datapackage.json")).validate().valid  # frictionless alone: "valid"
    done = run_ustaz("check", "--today", "2026-11-23", "--format", "json", "data", cwd=project)
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "datapackage-unlisted"]
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [("data/datapackage.json", 1, "error")]
    assert "data/schedule/2027.csv" in found[0]["message"] and "'schedule' resource" in found[0]["message"]
    package = json.loads((project / "data/datapackage.json").read_text(encoding="utf-8"))
    next(r for r in package["resources"] if r["name"] == "schedule")["path"].append("schedule/2027.csv")
    (project / "data/datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert not Package(str(project / "data/datapackage.json")).validate().valid  # now frictionless sees the bad date
    again = run_ustaz("check", "--today", "2026-11-23", "--format", "json", "data", cwd=project)
    assert not [f for f in json.loads(again.stdout)["findings"] if f["code"] == "datapackage-unlisted"]
