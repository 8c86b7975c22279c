"""Leading-school networks (N-1 … N-4): data/organizations.csv and data/networks/*.csv."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, run_ustaz

from ustaz.vocab import Locality, NetworkEventKind, NetworkRole, ResourceKind

TODAY = "2026-11-23"
HEADER = "id,name_kk,name_ru,region,locality,network_role,leading\n"


def findings(project: Path, *args: str) -> list[dict[str, object]]:
    res = run_ustaz("check", "--today", TODAY, "--format", "json", *args, cwd=project)
    assert "Traceback" not in res.stderr, res.stderr
    # the example private tree (courses, staff) has its own findings: they are not these tests' subject
    return [f for f in json.loads(res.stdout)["findings"] if f["path"].startswith("data/")]


def org(i: str, role: str = "", leading: str = "", region: str = "KZ-71") -> str:
    return f"{i},Мектеп {i},Школа {i},{region},urban,{role},{leading}\n"


def write_orgs(project: Path, *rows: str) -> None:
    """Replace the organisations, and drop the shipped events and resources that name them."""
    (project / "data" / "organizations.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    for table in ("events", "resources"):
        path = project / "data" / "networks" / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")


def test_shipped_networks_are_clean_N1_N2_N3(project: Path) -> None:
    res = run_ustaz("check", "--today", TODAY, "--format", "json", cwd=project)
    assert res.returncode == 0
    assert [f for f in json.loads(res.stdout)["findings"]
            if f["path"].startswith(("data/", "examples/private/staff"))] == []


def test_leading_school_with_eleven_partners_is_an_error_on_its_row_N2(project: Path) -> None:
    """N-2: 1 leading : 10 partners. Line 2 is the leading school, lines 3–13 its 11 partners."""
    write_orgs(project, org("lead-school", "leading"),
               *[org(f"partner-{n:02d}", "partner", "lead-school") for n in range(1, 12)])
    got = [f for f in findings(project) if f["code"] == "network-ratio"]
    assert len(got) == 1
    assert got[0]["path"] == "data/organizations.csv" and got[0]["line"] == 2
    assert "11 partner schools" in got[0]["message"] and "at most 10" in got[0]["message"]
    assert "lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13" in got[0]["message"]
    text = run_ustaz("check", "--today", TODAY, cwd=project)
    assert text.returncode == 1
    assert "data/organizations.csv:2: error network-ratio: leading school lead-school has 11" in text.stdout


def test_ten_partners_are_allowed_N2(project: Path) -> None:
    write_orgs(project, org("lead-school", "leading"),
               *[org(f"partner-{n:02d}", "partner", "lead-school") for n in range(1, 11)])
    assert [f for f in findings(project) if f["severity"] == "error"] == []


def test_the_ratio_is_the_policys_value_N2(project: Path) -> None:
    """With network.partners_per_leading: 3 the shipped Astana network (4 partners) is too big,
    Almaty and Akmola (3 each) are not."""
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "network:\n  partners_per_leading: 3\n", encoding="utf-8")
    got = [f for f in findings(project) if f["code"] == "network-ratio"]
    assert [(f["line"], f["message"].split(" has ")[0]) for f in got] == [(2, "leading school ast-school-101")]


def test_partner_attached_to_a_school_that_is_not_leading_names_the_row_N2(project: Path) -> None:
    write_orgs(project,
               org("lead-school", "leading"),       # line 2
               org("plain-school"),                  # line 3: not in a network
               org("partner-a", "partner", "lead-school"),   # line 4
               org("partner-b", "partner", "plain-school"),  # line 5: wrong
               org("partner-c", "partner", "partner-a"),     # line 6: a partner is not leading either
               org("partner-d", "partner", "no-such-school"),  # line 7
               org("partner-e", "partner"),                  # line 8: names none
               org("plain-two", "", "lead-school"))          # line 9: not a partner but names one
    got = {(f["code"], f["line"]) for f in findings(project) if f["severity"] == "error"}
    assert got == {
        ("network-leading-not-leading", 5),
        ("network-leading-not-leading", 6),
        ("network-leading-unknown", 7),
        ("network-partner-without-leading", 8),
        ("network-leading-on-non-partner", 9),
    }
    msg = next(f["message"] for f in findings(project) if f["line"] == 5)
    assert "partner-b is attached to plain-school (line 3), which is not a leading school" in msg


def test_partner_in_another_region_is_a_warning_N3(project: Path) -> None:
    write_orgs(project, org("lead-school", "leading"), org("partner-a", "partner", "lead-school", region="KZ-75"))
    got = findings(project)
    assert [(f["code"], f["severity"], f["line"]) for f in got] == [("network-region-mismatch", "warning", 3)]


def test_a_region_with_a_leading_school_needs_a_coordination_centre_N3(project: Path) -> None:
    centres = project / "data" / "networks" / "centres.csv"
    lines = centres.read_text(encoding="utf-8").splitlines(keepends=True)
    centres.write_text("".join(line for line in lines if ",KZ-75," not in line), encoding="utf-8")
    got = [f for f in findings(project) if f["code"] == "network-no-centre"]
    assert [(f["path"], f["line"]) for f in got] == [("data/organizations.csv", 8)]  # alm-gymnasium-21
    assert "KZ-75" in got[0]["message"]


def test_two_centres_for_one_region_are_a_duplicate_N3(project: Path) -> None:
    centres = project / "data" / "networks" / "centres.csv"
    centres.write_text(centres.read_text(encoding="utf-8") + "centre-astana-2,KZ-71,Екінші,Второй,\n", encoding="utf-8")
    got = [f for f in findings(project) if f["code"] == "table-unique"]
    assert [(f["path"], f["line"]) for f in got] == [("data/networks/centres.csv", 5)]
    assert "'region' 'KZ-71' is already on line 2" in got[0]["message"]


def test_events_and_resources_belong_to_a_leading_school_N4(project: Path) -> None:
    events = project / "data" / "networks" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8")
                      + "x-seminar,ast-school-102,seminar,2026-06-01,Семинар,Семинар,,\n"
                      + "y-seminar,nowhere-school,seminar,2026-06-02,Семинар,Семинар,,\n", encoding="utf-8")
    got = [(f["code"], f["line"]) for f in findings(project)]
    assert got == [("network-unknown", 9), ("network-unknown", 10)]


def test_bad_cells_are_findings_with_the_row_line_not_tracebacks(project: Path) -> None:
    write_orgs(project,
               org("lead-school", "leading"),
               "bad-locality,А,Б,KZ-71,village,,\n",                    # line 3
               'quoted-name,"Аты, көп\nжолды",Б,KZ-71,urban,,\n',       # lines 4–5: a multi-line cell is fine
               "Bad Id,А,Б,KZ-71,urban,,\n",                            # line 6
               "lead-school,А,Б,KZ-71,urban,,\n",                       # line 7: duplicate id
               "no-region,А,Б,,urban,,\n",                              # line 8
               "odd-region,А,Б,KZ-99,urban,,\n",                        # line 9: well-formed, unknown
               "short-row,А,Б\n",                                       # line 10
               "helper-role,А,Б,KZ-71,urban,helper,\n")                 # line 11
    got = [(f["code"], f["line"]) for f in findings(project)]
    assert got == [
        ("network-no-partners", 2),
        ("table-value", 3),
        ("table-value", 6),
        ("table-unique", 7),
        ("table-value", 8),
        ("organization-region", 9),
        ("table-row", 10),  # a short row is the row's finding (was data-table-value before issue #20)
        ("table-value", 11),
    ]


def test_wrong_header_is_one_finding_on_line_1(project: Path) -> None:
    (project / "data" / "organizations.csv").write_text("id,name,region\nx-school,X,KZ-71\n", encoding="utf-8")
    got = findings(project)  # and no cascade of "unknown network" findings for the events
    assert [(f["code"], f["line"]) for f in got] == [("table-header", 1)]
    assert "missing name_kk, name_ru, locality, network_role, leading" in got[0]["message"]
    assert "unknown name" in got[0]["message"]


def test_not_utf8_is_a_finding(project: Path) -> None:
    (project / "data" / "organizations.csv").write_bytes(HEADER.encode() + "x-school,Мектеп,Школа,KZ-71,urban,,\n".encode("cp1251"))
    assert [(f["code"], f["line"]) for f in findings(project)] == [("encoding", 2)]


def test_schema_enums_are_the_vocabularies() -> None:
    """The Table Schemas (the contract) and ustaz/vocab.py say the same."""
    def enum(schema: str, name: str) -> list[str]:
        data = json.loads((ROOT / "data" / "schemas" / f"{schema}.json").read_text(encoding="utf-8"))
        return next(f["constraints"]["enum"] for f in data["fields"] if f["name"] == name)

    assert enum("organizations", "network_role") == [r.value for r in NetworkRole]
    assert enum("organizations", "locality") == [x.value for x in Locality]
    assert enum("network-events", "kind") == [k.value for k in NetworkEventKind]
    assert enum("network-resources", "kind") == [k.value for k in ResourceKind]


def test_frictionless_agrees_with_the_fast_path(project: Path) -> None:
    """The Table Schema is the contract: frictionless finds the shipped tables valid, and flags the
    same broken rows as ustaz (type, enum, pattern, unique, and the partner's foreign key)."""
    from frictionless import Package

    assert Package(str(project / "data" / "datapackage.json")).validate().valid
    write_orgs(project, org("lead-school", "leading"),
               "bad-locality,А,Б,KZ-71,village,,\n",       # line 3
               "Bad Id,А,Б,KZ-71,urban,,\n",               # line 4
               "lead-school,А,Б,KZ-71,urban,,\n",          # line 5
               org("partner-x", "partner", "nowhere"))     # line 6
    report = Package(str(project / "data" / "datapackage.json")).validate()
    theirs = sorted({e.row_number for t in report.tasks for e in t.errors if hasattr(e, "row_number")})
    ours = sorted({f["line"] for f in findings(project) if f["severity"] == "error"})
    assert theirs == ours == [3, 4, 5, 6]


def test_a_broken_schema_is_a_finding(project: Path) -> None:
    (project / "data" / "schemas" / "organizations.json").write_text("{not json", encoding="utf-8")
    got = findings(project)
    assert [(f["path"], f["code"]) for f in got] == [("data/schemas/organizations.json", "table-schema")]


def test_without_published_schemas_ustaz_uses_its_own(project: Path) -> None:
    shutil.rmtree(project / "data" / "schemas")
    assert findings(project) == []
    write_orgs(project, org("lead-school", "leading"), "bad-locality,А,Б,KZ-71,village,,\n")
    assert [(f["code"], f["line"]) for f in findings(project)] == [
        ("network-no-partners", 2), ("table-value", 3)]


def test_published_schemas_are_ustazs_own() -> None:
    for own in sorted((ROOT / "ustaz" / "networks" / "schemas").glob("*.json")):
        assert (ROOT / "data" / "schemas" / own.name).read_text(encoding="utf-8") == own.read_text(encoding="utf-8")


def test_semicolon_separated_file_gets_a_clear_finding(project: Path) -> None:
    """Spreadsheets in Russian locales save CSV with ';'."""
    (project / "data" / "organizations.csv").write_text(HEADER.replace(",", ";") + "x-school;А;Б;KZ-71;urban;;\n",
                                                       encoding="utf-8")
    got = findings(project)
    assert [(f["code"], f["line"]) for f in got] == [("table-header", 1)]
    assert "separated by ';'" in got[0]["message"]
