"""`ustaz monitoring …`: the sample (M-5), the impact survey (M-4), the report and the council's
decision (M-6), and the anonymous support summary (S-8, S-11)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from ..findings import Finding, render
from ..monitoring.population import Teacher, read_population
from ..monitoring.sample import Sample, SampleError, draw
from ..policy import load_policy
from ..sourcefile import rel
from ..support import reports as _reports  # noqa: F401  (registers the S-10 deadline rule)
from .app import fail, project_root
from .groups import monitoring_group


def _print_findings(findings: list[Finding]) -> None:
    if findings:
        click.echo(render(findings, "text"), err=True)


def _population(population: str | None, private: str | None) -> tuple[list[Teacher], list[Finding]]:
    root = project_root()
    policy, _ = load_policy(root)
    if population:
        path = Path(population)
        if not path.is_file():
            fail(f"--population {population}: no such file")
        return read_population(path, rel(path, root), policy.directions)
    from ..monitoring.register import population_from_register
    from ..project import private_dir

    teachers, findings = population_from_register(root, private_dir(root, Path(private) if private else None),
                                                  policy)
    if not teachers and not findings:
        fail("no --population CSV was given and the register (data/certificates/*.csv), data/organizations.csv "
             "and the cohorts' listeners do not give a population; pass --population FILE")
    return teachers, findings


def sample_csv(sample: Sample) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["teacher", "replacement", "region", "direction", "locality"])
    for s in sample.drawn:
        w.writerow([s.teacher, s.replacement or "", s.stratum.region, s.stratum.direction, s.stratum.locality])
    return out.getvalue()


def sample_json(sample: Sample) -> str:
    return json.dumps({
        "sample": [{"teacher": s.teacher, "replacement": s.replacement} for s in sample.drawn],
        "seed": sample.seed,
        "strata": [{"region": a.stratum.region, "direction": a.stratum.direction, "locality": a.stratum.locality,
                    "size": a.size, "quota": a.quota, "replacements": a.replacements} for a in sample.strata],
    }, ensure_ascii=False, indent=2)


@monitoring_group.command("sample")
@click.option("--population", help="CSV with teacher, region, direction, locality (default: built from the "
                                   "register, data/organizations.csv and the cohorts' listeners).")
@click.option("--size", type=int, required=True, help="Teachers in the main sample.")
@click.option("--seed", type=int, required=True, help="Random seed: the same seed gives the same sample.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--private", help="The private tree (for the population built from the register).")
def sample_cmd(population: str | None, size: int, seed: int, fmt: str, private: str | None) -> None:
    """Draw a proportional stratified sample with one matched replacement per teacher (M-5)."""
    teachers, findings = _population(population, private)
    _print_findings(findings)
    if any(f.is_error for f in findings):
        sys.exit(1)
    try:
        sample = draw(teachers, size, seed)
    except SampleError as exc:
        fail(str(exc))
    click.echo(sample_json(sample) if fmt == "json" else sample_csv(sample), nl=fmt == "json")
    for a in sample.short_strata:
        click.echo(f"ustaz: warning: stratum {a.stratum.label()} has {a.size} teacher(s) for a quota of "
                   f"{a.quota}: {a.short} sampled teacher(s) have no replacement", err=True)
