"""bench/generate.py writes a complete, valid, fictional project that `ustaz check` passes (issue 11), and the
bench's seeded-error comparison really finds ustaz and frictionless in agreement (C-20)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz

from bench.generate import SAMPLE_CODES
from ustaz.certificates.register import Register
from ustaz.certificates.sealing import certificate_id
from ustaz.policy import load_policy

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import seeded

DAY = "2026-11-23"


def _generate(out: Path, programs: int, certificates: int, seed: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench.generate", "--programs", str(programs), "--certificates",
                           str(certificates), "--out", str(out), "--seed", str(seed)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "centre"
    r = _generate(out, programs=9, certificates=620)
    assert r.returncode == 0, r.stderr
    assert "9 programs" in r.stdout and "620 certificates" in r.stdout
    return out


def _register(root: Path) -> list[dict[str, str]]:
    rows = []
    for path in sorted((root / "data/certificates").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows += [dict(r, _file=path.stem) for r in csv.DictReader(f)]
    return rows


def test_c20_p4_generated_project_passes_ustaz_check(generated: Path) -> None:
    """The whole check, with no finding at all: programs (P-4 sections, P-5 literature, lifecycle deadlines),
    schedule (C-2), register rows and cohorts (C-16, C-20)."""
    (generated / "no-private").mkdir(exist_ok=True)
    r = run_ustaz("check", "--today", DAY, "--private", "no-private", "--format", "json", cwd=generated,
                  env={"GIT_CEILING_DIRECTORIES": str(generated.parent)})
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["findings"] == []


def test_c20_generated_register_spans_ten_years_sealed(generated: Path) -> None:
    """A sealed register (#16): ids of real codes (the kept sample's rows are there and open), seals, no code."""
    rows = _register(generated)
    assert len(rows) == 620
    assert len({r["_file"] for r in rows}) == 10
    assert all(r["issued"].startswith(r["_file"]) for r in rows)
    assert all(re.fullmatch(r"[0-9a-f]{24}", r["id"]) and r["holder_seal"].startswith("v1") for r in rows)
    assert len({r["id"] for r in rows}) == len(rows) and "code" not in rows[0]
    revoked = [r for r in rows if r["status"] == "revoked"]
    assert revoked and all(r["revoked_on"] and r["reason_seal"] for r in revoked)
    superseded = {r["supersedes"] for r in rows if r["supersedes"]}
    assert superseded == {r["id"] for r in revoked}  # each revoked certificate was issued again
    sample = (generated / "private" / SAMPLE_CODES).read_text(encoding="utf-8").split()
    register = Register.load(generated)
    assert sample and all(register.get(code) is not None and register.get(code).holder for code in sample)
    # a small register keeps every code (the PDF benchmark prints each certificate's QR code): each row opens
    assert len(sample) == len(rows) == len({certificate_id(code) for code in sample})
    assert {certificate_id(code) for code in sample} == {r["id"] for r in rows}


def test_p4_generated_programs_have_both_languages_and_all_sections(generated: Path) -> None:
    policy, _ = load_policy(generated)
    folders = sorted(p for p in (generated / "programs").iterdir())
    assert len(folders) == 9
    for folder in folders:
        for lang in ("kk", "ru"):
            text = (folder / f"program.{lang}.md").read_text(encoding="utf-8")
            titles = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
            assert titles == list(policy.sections[lang])
        assert (folder / "discussion.yml").exists()
    directions = {(f / "program.yml").read_text(encoding="utf-8").split("direction: ")[1].split()[0] for f in folders}
    assert len(directions) == 7  # every direction of P-1


def test_generated_organizations_and_schedule(generated: Path) -> None:
    with (generated / "data/organizations.csv").open(encoding="utf-8", newline="") as f:
        orgs = list(csv.DictReader(f))
    assert list(orgs[0]) == ["id", "name_kk", "name_ru", "region", "locality", "network_role", "leading"]
    ids = {o["id"] for o in orgs}
    assert all(o["leading"] in ids for o in orgs if o["network_role"] == "partner")
    cohorts = {r["cohort"] for r in _register(generated)}
    scheduled = set()
    for path in (generated / "data/schedule").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            scheduled |= {r["cohort"] for r in csv.DictReader(f)}
    assert cohorts <= scheduled


def test_generation_is_reproducible_from_the_seed(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        assert _generate(tmp_path / name, programs=2, certificates=60, seed=seed).returncode == 0
    a, b, c = ((tmp_path / n / "data/certificates/2020.csv").read_text(encoding="utf-8") for n in "abc")
    assert a == b
    assert a != c


def test_generate_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    r = _generate(tmp_path, programs=1, certificates=1)
    assert r.returncode != 0
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_c20_seeded_register_same_findings_as_frictionless(generated: Path, tmp_path: Path) -> None:
    """What `python -m bench register` prints as 'same findings': both tools run for real on one broken file."""
    path = "data/certificates/2026.csv"
    (generated / path).write_text(seeded.seeded_register(), encoding="utf-8")
    try:
        ours = run_ustaz("check", "--today", DAY, "--format", "json", path, cwd=generated,
                         env={"GIT_CEILING_DIRECTORIES": str(generated.parent)})
        theirs = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json", "--schema",
                                 "data/schemas/certificates.json", path], cwd=generated, capture_output=True,
                                text=True, timeout=300, check=False)
    finally:
        (generated / path).unlink()
    assert ours.returncode == 1 and theirs.returncode == 1
    a, b = seeded.ustaz_findings(ours.stdout, path), seeded.frictionless_findings(theirs.stdout)
    assert a == b
    kinds = {code for _, code, _ in a}
    assert kinds == {"table-value", "table-unique", "table-row"}  # (type and constraint errors are both table-value)
    assert len(a) >= 14


def test_the_bare_reference_site_builds_with_our_theme_overrides(generated: Path, tmp_path: Path) -> None:
    """The site benchmark compares ustaz's build with a bare mkdocs-material build of the same pages and the same
    theme overrides (bench/bare.py). The overrides read what ustaz's plugin gives them (the centre's name): the
    bare build must give it too, or the reference build fails and `make bench` stops (it did, unnoticed)."""
    from bench import bare
    from ustaz.policy import load_policy as policy_of

    out = tmp_path / "bare"
    pages = bare.write(generated, out)
    assert pages > 9
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=out,
                       capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr[-3000:]
    policy, _ = policy_of(generated)
    from ustaz.site.centre import Centre

    name = Centre.from_policy(policy).name(policy.languages[0])
    assert re.search(rf"<title>[^<]*{re.escape(name)}", (tmp_path / "site/index.html").read_text(encoding="utf-8"))
