"""`ustaz course …`: results, import, attendance, documents, surveys (C-2 … C-19).

Thin adapters over ustaz.courses; `certify` lives with the certificates.
"""

from __future__ import annotations

import csv
import io
import json
import sys

import click

from ..courses.results import CohortResults, UnknownCohort, cohort_results
from ..findings import Finding, render
from .app import fail
from .check import make_context
from .groups import course_group

PRIVATE_HELP = "The private tree (default: $USTAZ_PRIVATE, private/, examples/private/)."


def _report(findings: list[Finding]) -> None:
    """Findings go to standard error so that the JSON/CSV on standard output stays parseable."""
    if findings:
        click.echo(render(findings, "text"), err=True)


@course_group.command("results")
@click.argument("cohort")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--private", "private", help=PRIVATE_HELP)
@click.option("--today", help="As of this date (YYYY-MM-DD).")
def results_cmd(cohort: str, fmt: str, private: str | None, today: str | None) -> None:
    """Each listener's points and outcome: certificate, reference, expelled or incomplete (C-15 … C-19)."""
    ctx = make_context(today, private)
    try:
        results, findings = cohort_results(ctx, cohort)
    except UnknownCohort as exc:
        fail(str(exc))
    _report(findings)
    if fmt == "json":
        click.echo(json.dumps(results.as_json(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_results_csv(results), nl=False)
    else:
        click.echo(_results_text(results))
    sys.exit(1 if any(f.is_error for f in findings) else 0)


COLUMNS = ("listener", "attendance", "test", "activity", "project", "total", "outcome")


def _results_csv(results: CohortResults) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in results.results:
        row = r.as_json()
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return out.getvalue()


def _results_text(results: CohortResults) -> str:
    def cell(v: object) -> str:
        return "–" if v is None else str(v)

    heading = (f"{results.cohort}: {results.program} ({results.language}), {results.starts} … {results.ends}, "
               f"{results.course_days} course day(s)")
    lines = [heading,
             f"{'listener':<10} {'days':>4} {'att':>4} {'test':>4} {'act':>4} {'proj':>4} {'total':>5}  outcome"]
    for r in results.results:
        lines.append(f"{r.listener:<10} {r.days_present:>4} {r.attendance:>4} {cell(r.test):>4} "
                     f"{cell(r.activity):>4} {cell(r.project):>4} {cell(r.total):>5}  {r.outcome.value}")
    counts: dict[str, int] = {}
    for r in results.results:
        counts[r.outcome.value] = counts.get(r.outcome.value, 0) + 1
    lines.append(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no listeners")
    return "\n".join(lines)
