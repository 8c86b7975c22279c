"""`ustaz course surveys …`: Google Forms exports of the needs and evaluation surveys (C-13)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

import click

from ..findings import Finding
from ..i18n import t
from .app import fail
from .check import make_context
from .course import PRIVATE_HELP, report_findings
from .groups import course_group


@course_group.group("surveys")
def surveys_group() -> None:
    """Needs and course-evaluation surveys from Google Forms (C-13)."""


@surveys_group.command("import")
@click.argument("cohort")
@click.argument("kind", type=click.Choice(["needs", "evaluation"]))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a saved export that has more responses than this one.")
@click.option("--private", "private", help=PRIVATE_HELP)
def surveys_import_cmd(cohort: str, kind: str, file: str, force: bool, private: str | None) -> None:
    """Save a Google Forms CSV export as <private>/surveys/COHORT/KIND.csv (C-13)."""
    from pathlib import Path

    from ..courses.load import load_courses
    from ..courses.surveys import parse_export, survey_path, survey_summary
    from ..sourcefile import read_text, rel
    from ..writefile import write_atomic

    ctx = make_context(None, private)
    if load_courses(ctx).schedule.get(cohort) is None:
        fail(t("cohort {cohort!r} is not in data/schedule/<year>.csv", cohort=cohort))
    pdir = ctx.project.private_dir
    if pdir is None:
        fail(t("there is no private tree; create private/ or give --private DIR"))
    source = Path(file)
    if not source.is_file():
        fail(t("{file} does not exist", file=file))
    shown = rel(source, ctx.root)
    text, findings = read_text(source, shown)
    questions: list[str] = []
    rows: Sequence[object] = []
    if text is not None:
        questions, rows, more = parse_export(text, shown)
        findings += more
    report_findings(findings)
    if text is None or not questions or any(f.is_error for f in findings):
        click.echo(t("ustaz: nothing was saved; fix the export and import it again"), err=True)
        sys.exit(1)
    target = survey_path(pdir, cohort, kind)
    before, _ = survey_summary(ctx.root, pdir, cohort, kind)
    if before is not None and before.responses > len(rows) and not force:
        fail(t("{target} already holds {responses} responses and this export only {count}; Google Forms exports are cumulative — use the newest one, or --force", target=rel(target, ctx.root), responses=before.responses, count=len(rows)))
    from ..writefile import private_target_problem

    problem = private_target_problem(ctx.root, target, documents=False)
    if problem:
        fail(t("survey responses are personal data: {problem}", problem=problem))
    write_atomic(target, text.replace("\r\n", "\n"))
    click.echo(t("{cohort}: saved {count} response(s) to {count2} question(s) in {target}", cohort=cohort, count=len(rows), count2=len(questions), target=rel(target, ctx.root)), err=True)



@surveys_group.command("summary")
@click.argument("cohort")
@click.option("--kind", type=click.Choice(["needs", "evaluation"]), help="One survey (default: both).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--private", "private", help=PRIVATE_HELP)
def surveys_summary_cmd(cohort: str, kind: str | None, fmt: str, private: str | None) -> None:
    """Responses, averages of scales and counts of choices per question (C-13, M-4)."""
    from ..courses.surveys import KINDS, survey_summary

    ctx = make_context(None, private)
    pdir = ctx.project.private_dir
    if pdir is None:
        fail(t("there is no private tree; create private/ or give --private DIR"))
    summaries = []
    findings: list[Finding] = []
    for k in ([kind] if kind else list(KINDS)):
        summary, more = survey_summary(ctx.root, pdir, cohort, k)
        findings += more
        if summary is not None:
            summaries.append(summary)
    report_findings(findings)
    if not summaries and not findings:
        fail(t("cohort {cohort!r} has no survey in {pdir}/surveys/{cohort}/; import one with ustaz course surveys import", cohort=cohort, pdir=pdir))
    if fmt == "json":
        click.echo(json.dumps({"surveys": [s.as_json() for s in summaries]}, ensure_ascii=False, indent=2))
    else:
        for s in summaries:
            click.echo(t("{cohort} {kind}: {responses} response(s)", cohort=s.cohort, kind=s.kind, responses=s.responses))
            for q in s.questions:
                avg = f", average {q.average}" if q.average is not None else ""
                counts = "; ".join(f"{a}: {n}" for a, n in q.counts)
                click.echo(t("  {question} — {answered} answered{avg}{value}", question=q.question, answered=q.answered, avg=avg, value=f" ({counts})" if counts else ""))
    sys.exit(1 if any(f.is_error for f in findings) else 0)
