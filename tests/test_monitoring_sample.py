"""The monitoring sample (M-5): proportional strata, matched replacements, reproducible by seed."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_ustaz
from sealed import id_of, sealed_line

from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS
from ustaz.monitoring.population import Stratum
from ustaz.monitoring.sample import allocate

REGIONS = ("KZ-71", "KZ-75", "KZ-11", "KZ-79")
DIRECTIONS = ("scientific-technical", "musical", "ecological-biological")


def _population(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["teacher", "region", "direction", "locality"])
        w.writerows(rows)
    return path


def _uneven_rows(seed: int = 7, n: int = 437) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        region = rng.choices(REGIONS, weights=(6, 4, 2, 1))[0]
        direction = rng.choices(DIRECTIONS, weights=(5, 2, 1))[0]
        locality = rng.choices(("urban", "rural"), weights=(3, 1))[0]
        rows.append((f"t-{i:04d}", region, direction, locality))
    return rows


def _sample(project: Path, population: Path, size: int, seed: int) -> tuple[dict[str, object], str]:
    out = run_ustaz("monitoring", "sample", "--population", str(population), "--size", str(size),
                    "--seed", str(seed), "--format", "json", cwd=project)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), out.stderr


def test_m5_largest_remainder_allocation_example() -> None:
    """M-5: 4 over strata of 5, 3, 2 → exact 2, 1.2, 0.8 → 2, 1, 1 (the largest remainder gets the spare)."""
    a, b, c = (Stratum(region=r, direction="musical", locality="urban") for r in ("KZ-11", "KZ-71", "KZ-75"))
    assert allocate({a: 5, b: 3, c: 2}, 4) == {a: 2, b: 1, c: 1}
    assert allocate({a: 1, b: 1, c: 1}, 3) == {a: 1, b: 1, c: 1}
    assert sum(allocate({a: 7, b: 11, c: 13}, 10).values()) == 10


@pytest.mark.parametrize("size", [1, 17, 60, 150])
def test_m5_sample_properties(project: Path, tmp_path: Path, size: int) -> None:
    """M-5: quotas within rounding of the proportion, sizes sum to N, replacement from the same stratum,
    nobody drawn twice."""
    rows = _uneven_rows()
    pop = _population(tmp_path / "pop.csv", rows)
    result, _ = _sample(project, pop, size, 42)
    stratum_of = {t: (r, d, loc) for t, r, d, loc in rows}
    sizes = Counter(stratum_of.values())
    drawn = result["sample"]
    assert isinstance(drawn, list) and len(drawn) == size
    got = Counter(stratum_of[s["teacher"]] for s in drawn)
    for stratum, n in sizes.items():
        exact = size * n / len(rows)
        assert math.floor(exact) <= got.get(stratum, 0) <= math.ceil(exact), stratum
    everyone = [s["teacher"] for s in drawn] + [s["replacement"] for s in drawn if s["replacement"]]
    assert len(everyone) == len(set(everyone))
    for s in drawn:
        if s["replacement"] is not None:
            assert stratum_of[s["replacement"]] == stratum_of[s["teacher"]]
    # a stratum lacks replacements only when it has fewer than 2 × quota teachers
    for info in result["strata"]:
        key = (info["region"], info["direction"], info["locality"])
        assert info["quota"] == got.get(key, 0)
        assert info["replacements"] == min(info["quota"], sizes[key] - info["quota"])


def test_m5_same_seed_same_sample_even_with_rows_reordered(project: Path, tmp_path: Path) -> None:
    rows = _uneven_rows()
    first, _ = _sample(project, _population(tmp_path / "a.csv", rows), 40, 2026)
    again, _ = _sample(project, _population(tmp_path / "b.csv", rows), 40, 2026)
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    reordered, _ = _sample(project, _population(tmp_path / "c.csv", shuffled), 40, 2026)
    assert first["sample"] == again["sample"]
    assert sorted(map(str, first["sample"])) == sorted(map(str, reordered["sample"]))


def test_m5_different_seed_gives_a_different_sample(project: Path, tmp_path: Path) -> None:
    pop = _population(tmp_path / "pop.csv", _uneven_rows())
    a, _ = _sample(project, pop, 40, 1)
    b, _ = _sample(project, pop, 40, 2)
    assert {s["teacher"] for s in a["sample"]} != {s["teacher"] for s in b["sample"]}
    # but the allocation is the same: it depends on the population only
    assert a["strata"] == b["strata"]


def test_m5_csv_output_has_the_strata(project: Path, tmp_path: Path) -> None:
    rows = _uneven_rows(n=50)
    pop = _population(tmp_path / "pop.csv", rows)
    out = run_ustaz("monitoring", "sample", "--population", str(pop), "--size", "10", "--seed", "3", cwd=project)
    assert out.returncode == 0
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(table) == 10 and list(table[0]) == ["teacher", "replacement", "region", "direction", "locality"]
    stratum_of = {t: (r, d, loc) for t, r, d, loc in rows}
    assert all(stratum_of[r["teacher"]] == (r["region"], r["direction"], r["locality"]) for r in table)


def test_m5_size_larger_than_population_exits_2(project: Path, tmp_path: Path) -> None:
    pop = _population(tmp_path / "pop.csv", _uneven_rows(n=12))
    out = run_ustaz("monitoring", "sample", "--population", str(pop), "--size", "13", "--seed", "1", cwd=project)
    assert out.returncode == 2
    assert "--size 13 is larger than the population (12 teachers)" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    zero = run_ustaz("monitoring", "sample", "--population", str(pop), "--size", "0", "--seed", "1", cwd=project)
    assert zero.returncode == 2 and "at least 1" in zero.stderr


def test_m5_singleton_strata_are_reported(project: Path, tmp_path: Path) -> None:
    """M-5: a stratum that cannot supply a replacement is named; its teacher's replacement is null."""
    rows = [(f"u{i}", "KZ-71", "musical", "urban") for i in range(8)] + [("lonely", "KZ-79", "musical", "rural")]
    pop = _population(tmp_path / "pop.csv", rows)
    result, stderr = _sample(project, pop, 9, 5)
    assert {"teacher": "lonely", "replacement": None} in result["sample"]
    assert "stratum KZ-79 × musical × rural has 1 teacher(s) for a quota of 1" in stderr
    assert "stratum KZ-71 × musical × urban has 8 teacher(s) for a quota of 8: 8 sampled" in stderr


def test_m5_malformed_population_rows_are_findings(project: Path, tmp_path: Path) -> None:
    pop = tmp_path / "pop.csv"
    pop.write_text("teacher,region,direction,locality\n"
                   "a,KZ-71,musical,urban\n"
                   "b,Astana,musical,urban\n"
                   "c,KZ-71,dancing,town\n"
                   "a,KZ-71,musical,urban\n"
                   "d,KZ-71\n", encoding="utf-8")
    out = run_ustaz("monitoring", "sample", "--population", str(pop), "--size", "1", "--seed", "1", cwd=project)
    assert out.returncode == 1, out.stderr
    shown = pop.as_posix()
    assert f"{shown}:3: error population-row: 'region' is 'Astana'" in out.stderr
    assert f"{shown}:4: error population-row: 'direction' is 'dancing'" in out.stderr
    assert f"{shown}:4: error population-row: 'locality' is 'town'; use urban or rural" in out.stderr
    assert f"{shown}:5: error population-duplicate: teacher 'a' is already on line 2" in out.stderr
    assert f"{shown}:6: error population-row: the row has 2 cells, the header 4" in out.stderr
    missing = tmp_path / "bad.csv"
    missing.write_text("teacher,region\nx,KZ-71\n", encoding="utf-8")
    out = run_ustaz("monitoring", "sample", "--population", str(missing), "--size", "1", "--seed", "1", cwd=project)
    assert out.returncode == 1 and "the header lacks direction, locality" in out.stderr


def test_m5_population_from_register_organisations_and_programs(project: Path, tmp_path: Path) -> None:
    """M-5: without --population the register, the cohorts' listeners and data/organizations.csv give it
    (a listener's organisation may be written as its id or its name)."""
    (project / "data" / "organizations.csv").write_text(
        "id,name_kk,name_ru,region,locality,network_role,leading\n"
        "s1,А,А,KZ-71,urban,,\ns2,Мектеп Б,Школа Б,KZ-11,rural,,\n", encoding="utf-8")
    certs = project / "data" / "certificates"
    certs.mkdir(exist_ok=True)
    codes_ = {i: codes.new_code() for i in (*range(6), 9, 10)}

    def row(i: int, **kw: str) -> str:
        return sealed_line({"code": codes_[i], "program": "robotics-basics", "cohort": "rb-1", "holder": f"N{i}",
                            "hours": "80", "course_ended": "2026-05-20", "issued": "2026-05-22",
                            "valid_until": "2029-05-21", "status": "issued", **kw})

    (certs / "2026.csv").write_text(",".join(COLUMNS) + "\n" + "".join(row(i) + "\n" for i in range(6))
                                    + row(9, status="revoked", revoked_on="2026-06-01", revoked_reason="error") + "\n"
                                    + row(10) + "\n", encoding="utf-8")
    private = tmp_path / "priv"
    cohort = private / "cohorts" / "rb-1"
    cohort.mkdir(parents=True)
    (cohort / "listeners.csv").write_text(
        "listener,surname,name,patronymic,iin,organization,id_copy,personal_data_form,application,contract\n"
        + "".join(f"L{i},Surname{i},Name{i},,,{'s1' if i < 4 else 'школа б'},true,true,true,true\n"
                  for i in range(6))
        + "L9,S9,N9,,,s1,true,true,true,true\n", encoding="utf-8")
    # the register is sealed: the cohort's codes (certify keeps them) tie its rows to listeners; C10's is lost
    (cohort / "certificates.csv").write_text("listener,code\n" + "".join(
        f"L{i},{codes.display(codes_[i])}\n" for i in (*range(6), 9)), encoding="utf-8")
    out = run_ustaz("monitoring", "sample", "--size", "3", "--seed", "1", "--format", "json",
                    "--private", str(private), cwd=project)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    strata = {(s["region"], s["direction"], s["locality"]): (s["size"], s["quota"]) for s in result["strata"]}
    assert strata == {("KZ-71", "scientific-technical", "urban"): (4, 2),
                      ("KZ-11", "scientific-technical", "rural"): (2, 1)}
    assert f"data/certificates/2026.csv:9: warning population-unmatched: certificate {id_of(codes_[10])}" in out.stderr
    # teachers are named by cohort and listener code, never by the name on the certificate
    assert {s["teacher"] for s in result["sample"]} <= {f"rb-1:L{i}" for i in range(6)}
    assert "Surname" not in out.stdout
