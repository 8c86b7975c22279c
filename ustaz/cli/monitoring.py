"""`ustaz monitoring …`: the sample (M-5), the impact survey (M-4), the report and the council's
decision (M-6), and the anonymous support summary (S-8, S-11)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..findings import Finding, render
from ..i18n import t
from ..monitoring.population import Teacher, read_population
from ..monitoring.register import population_from_register
from ..monitoring.sample import Sample, SampleError, draw
from ..policy import load_policy
from ..sourcefile import rel
from .app import fail, main, project_root
from .groups import monitoring_group

if TYPE_CHECKING:
    from ..monitoring.report import MonitoringReport


def _print_findings(findings: list[Finding]) -> None:
    if findings:
        click.echo(render(findings, "text"), err=True)


def _population(population: str | None, private: str | None) -> tuple[list[Teacher], list[Finding]]:
    root = project_root()
    policy, _ = load_policy(root)
    if population:
        path = Path(population)
        if not path.is_file():
            fail(t("--population {population}: no such file", population=population))
        return read_population(path, rel(path, root), policy.directions)
    from ..project import private_dir

    teachers, findings = population_from_register(root, private_dir(root, Path(private) if private else None),
                                                  policy)
    if not teachers and not findings:
        fail(t("no --population CSV was given and the register (data/certificates/*.csv), data/organizations.csv and the cohorts' listeners do not give a population; pass --population FILE"))
    return teachers, findings


def sample_csv(sample: Sample) -> str:
    from ..writefile import csv_text  # cells neutralised against spreadsheet formulas

    return csv_text([["teacher", "replacement", "region", "direction", "locality"],
                     *([s.teacher, s.replacement or "", s.stratum.region, s.stratum.direction, s.stratum.locality]
                       for s in sample.drawn)])


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
        click.echo(t("ustaz: warning: stratum {label} has {size} teacher(s) for a quota of {quota}: {short} sampled teacher(s) have no replacement", label=a.stratum.label(), size=a.size, quota=a.quota, short=a.short), err=True)


def _run_folder(run: str, private: str | None) -> tuple[Path, Path | None]:
    from ..project import private_dir

    root = project_root()
    given = Path(run)
    if (given / "survey.yml").is_file():
        return given.resolve(), private_dir(root, Path(private) if private else None)
    pdir = private_dir(root, Path(private) if private else None)
    if pdir is None or "/" in run or not (pdir / "monitoring" / run / "survey.yml").is_file():
        where = f"{pdir}/monitoring/" if pdir else "the private tree's monitoring/ folder"
        fail(t("no survey run {run!r}: give a folder with survey.yml, or a run name under {where}", run=run, where=where))
    return pdir / "monitoring" / run, pdir


def _load_run(run: str, private: str | None, lang: str | None, prepared: str | None
              ) -> tuple[MonitoringReport, list[Finding]]:
    from ..calendar import today_in
    from ..monitoring.council import load_council
    from ..monitoring.report import MonitoringReport
    from ..monitoring.stats import program_stats
    from ..monitoring.survey import load_survey
    from ..project import Project
    from .app import parse_day

    folder, pdir = _run_folder(run, private)
    project = Project.load(project_root(), pdir)
    policy = project.policy
    language = lang or policy.default_language
    survey, findings = load_survey(folder, project.root, set(project.program_map))
    council, more = load_council(folder, project.root)
    findings += more
    _print_findings(findings)
    if survey is None:
        sys.exit(1)
    titles = {pid: p.title_in(language) for pid, p in project.program_map.items()}
    stats = program_stats(survey, titles)
    centre = str(policy.organisation.get("name", {}).get(language, "")) if isinstance(
        policy.organisation.get("name"), dict) else ""
    report = MonitoringReport(survey=survey, stats=tuple(stats), council=council, lang=language, centre=centre,
                              prepared=parse_day(prepared, "--date") or today_in(policy.timezone))
    return report, findings


@monitoring_group.command("survey")
@click.argument("run")
@click.option("--private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def survey_cmd(run: str, private: str | None, fmt: str) -> None:
    """Import a Google Forms export of the impact survey (M-4) and print statistics per program."""
    from ..monitoring.stats import as_json

    report, findings = _load_run(run, private, None, None)
    if fmt == "json":
        click.echo(json.dumps(as_json(list(report.stats)), ensure_ascii=False, indent=2))
    else:
        for p in report.stats:
            rate = f"{100 * p.response_rate:.0f}%" if p.response_rate is not None else "—"
            met, judged = p.targets
            apart = t(", {count} more outside the sample or without a code (counted apart)", count=p.stray) \
                if p.stray else ""
            click.echo(t("{program}: {responses} response(s) of {value} invited ({rate}){apart}; expected results reached {met}/{judged}", program=p.program, responses=p.responses, value=p.invited or '?', rate=rate, apart=apart, met=met, judged=judged))
            for q in p.questions:
                mean = t("average {mean:.2f}", mean=q.mean) if q.mean is not None else ""
                target = "" if q.met is None or q.question.target is None else \
                    t(", target {target:.1f} reached", target=q.question.target) if q.met else \
                    t(", target {target:.1f} not reached", target=q.question.target)
                dist = ", ".join(f"{k}: {v}" for k, v in q.distribution)
                click.echo(t("  {id}: {answered} answer(s) {mean}{target} [{dist}]", id=q.question.id, answered=q.answered, mean=mean, target=target, dist=dist))
    sys.exit(1 if any(f.is_error for f in findings) else 0)


@monitoring_group.command("report")
@click.argument("run")
@click.option("--out", "out_dir", help="Folder for report.html, report.docx and the SVG charts "
                                       "(default: <run>/report/ in the private tree).")
@click.option("--lang", help="Language of the report (default: the policy's first language).")
@click.option("--date", "prepared", help="Date printed on the report (YYYY-MM-DD; default: today).")
@click.option("--private", help="The private tree.")
def report_cmd(run: str, out_dir: str | None, lang: str | None, prepared: str | None, private: str | None) -> None:
    """Write the monitoring report for the methodological council (M-6): HTML, .docx and SVG charts."""
    from ..monitoring.report import to_docx, to_html
    from ..writefile import write_atomic

    report, findings = _load_run(run, private, lang, prepared)
    folder, _ = _run_folder(run, private)
    out = Path(out_dir) if out_dir else folder / "report"
    for name, svg in report.charts().items():
        write_atomic(out / "charts" / name, svg)
    write_atomic(out / "report.html", to_html(report))
    to_docx(report, out / "report.docx")
    click.echo(t("wrote {value}, {value2} and {count} chart(s) in {value3}", value=out / 'report.html', value2=out / 'report.docx', count=len(report.charts()), value3=out / 'charts'))
    sys.exit(1 if any(f.is_error for f in findings) else 0)


@monitoring_group.command("support-summary")
@click.option("--private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--lang", help="Language of the Markdown (default: the policy's first language).")
def support_summary_cmd(private: str | None, fmt: str, lang: str | None) -> None:
    """The anonymous summary of post-course support the site publishes: counts only (S-8, S-11); small
    counts of teachers suppressed as on the site (Markdown) or exact for the centre's own use (JSON)."""
    from ..project import Project
    from ..small_cells import min_cell_count
    from ..support.data import load_support
    from ..support.summary import summarize, to_markdown

    project = Project.load(project_root(), Path(private) if private else None)
    data = load_support(project.root, project.private_dir)
    summary = summarize(data.plans, data.organizations)
    if fmt == "json":
        click.echo(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
        return
    language = lang or project.policy.default_language
    titles = {pid: p.title_in(language) for pid, p in project.program_map.items()}
    click.echo(to_markdown(summary, language, titles, min_cell_count(project.policy.privacy.min_cell_count)))


@main.group("support")
def support_group() -> None:
    """Post-course support (S-1 … S-11): plans and half-year reports live in the private tree."""


@support_group.command("report")
@click.argument("organization")
@click.option("--year", type=int, required=True, help="The year the half-year belongs to.")
@click.option("--half", type=click.Choice(["1", "2"]), required=True, help="1: due 1 June; 2: due 1 October.")
@click.option("--submitted", help="The day the report arrived (YYYY-MM-DD; default: today).")
@click.option("--teachers", type=click.IntRange(min=0), help="Teachers in post-course support (optional).")
@click.option("--events", type=click.IntRange(min=0), help="Events they held in the half-year (required unless "
              "--not-received).")
@click.option("--summary", default="", help="The report's summary text.")
@click.option("--not-received", "not_received", is_flag=True,
              help="The report never came: record it as missed (support/not-received.csv), with --reason.")
@click.option("--reason", default="", help="Why the report was not received (with --not-received).")
@click.option("--private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
def support_report_cmd(organization: str, year: int, half: str, submitted: str | None, teachers: int | None,
                       events: int | None, summary: str, not_received: bool, reason: str,
                       private: str | None) -> None:
    """Record an organisation's half-year report (S-10) in support/reports.csv (the bot calls this), or with
    --not-received that it never came: the deadline is then a recorded miss, not an error for ever."""
    from ..project import Project
    from ..support.data import load_support
    from ..support.organizations import organization_lookup
    from ..support.reports import append_report, record_not_received, report_row
    from .app import parse_day
    from .check import project_as_of

    project = Project.load(project_root(), Path(private) if private else None)
    if project.private_dir is None:
        fail(t("there is no private tree: pass --private DIR or set USTAZ_PRIVATE"))
    data = load_support(project.root, project.private_dir)
    lookup = organization_lookup(project.root)
    place = lookup.get(organization) or lookup.get(organization.strip().casefold())
    organization = place.id if place else organization.strip()  # the issue form allows the name
    known = {p.organization for p in data.plans} | set(data.organizations)
    if organization not in known:
        fail(t("organisation {organization!r} has no support plan and is not in data/organizations.csv", organization=organization))
    if not 2000 <= year <= 2100:
        fail(t("--year {year} is not a plausible year", year=year))
    if any((r.organization, r.year, r.half) == (organization, year, half) for r in data.reports):
        fail(t("{organization}'s report for {year} half {half} is already recorded", organization=organization, year=year, half=half))
    if any((r.organization, r.year, r.half) == (organization, year, half) for r in data.missed):
        fail(t("{organization}'s report for {year} half {half} is already recorded as not received", organization=organization, year=year, half=half))
    today = project_as_of(None, project.policy).day
    day = parse_day(submitted, "--submitted") or today
    if day > today:
        fail(t("{day} is after today ({today}); record a report once it has arrived", day=day, today=today))
    if not_received:
        if not reason.strip():
            fail(t("--not-received needs --reason TEXT (why the report did not come)"))
        record_not_received(project.private_dir, organization, year, half, day, reason)
        click.echo(t("recorded {organization}'s report for {year} half {half} as not received on {day}: {split}", organization=organization, year=year, half=half, day=day, split=' '.join(reason.split())))
        return
    if events is None:
        fail(t("give --events N (the events held in the half-year), or --not-received --reason TEXT"))
    append_report(project.private_dir,
                  report_row(organization, year, half, day, teachers, events, summary))
    click.echo(t("recorded {organization}'s report for {year} half {half}, submitted {day}", organization=organization, year=year, half=half, day=day))
