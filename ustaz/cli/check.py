"""`ustaz check` and `ustaz deadlines`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..calendar import AsOf, as_of
from ..checks import run
from ..findings import render
from ..i18n import N_, labels, t
from ..policy import Policy
from ..project import Project
from ..workspace import Workspace
from .app import fail, lang_option, main, parse_day, project_root


def make_context(today: str | None, private: str | None, base: str | None = None, *,
                 foreign_ok: bool = False) -> Workspace:
    root = project_root()
    project = Project.load(root, Path(private) if private else None)
    if not foreign_ok:  # a command never works on another project's private tree (`check` reports it)
        refused = next((f for f in project.load_findings if f.code == "private-project"), None)
        if refused is not None:
            fail(refused.message)
    return Workspace(project=project, today=project_as_of(today, project.policy).day, base_ref=base)


def project_as_of(today: str | None, policy: Policy) -> AsOf:
    """--today, else $USTAZ_TODAY, else data/policy.yml's checked_as_of, else today (calendar.as_of)."""
    return as_of(parse_day(today), parse_day(os.environ.get("USTAZ_TODAY") or None, "USTAZ_TODAY"),
                 policy.checked_as_of, policy.timezone)


def as_of_note(when: AsOf) -> str:
    """The line every output shows when the day is not today: the example content is checked as of its date."""
    return t("checked as of {day} ({source})", day=when.day.isoformat(), source=when.source)


@main.command("check")
@click.argument("paths", nargs=-1)
@click.option("--today", help="Check as of this date (YYYY-MM-DD); default: today in the policy's time zone.")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
@click.option("--base", envvar="USTAZ_BASE",
              help="Git ref the append-only register and lifecycles are compared with (default: $USTAZ_BASE, "
                   "else the merge base with main).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.option("--engine", type=click.Choice(["ustaz", "frictionless"]), default="ustaz", show_default=True,
              help="frictionless: only the public tables against their Table Schemas, by the reference engine "
                   "(data/datapackage.json), in the same format.")
@lang_option
def check_cmd(paths: tuple[str, ...], today: str | None, private: str | None, base: str | None, fmt: str,
              engine: str = "ustaz") -> None:
    """Check programs, data and the private tree against the formats and the regulation."""
    ctx = make_context(today, private, base, foreign_ok=True)
    root = ctx.root
    rel_paths = []
    for p in paths:
        path = Path(p).resolve()
        try:
            rel_paths.append(path.relative_to(root).as_posix())
        except ValueError:
            rel_paths.append(p)
    if engine == "frictionless":
        from ..tables import reference

        try:
            findings = reference.findings(root, rel_paths)
        except reference.EngineError as exc:
            fail(str(exc))
    else:
        findings = run(ctx, rel_paths)
    when = project_as_of(today, ctx.policy)
    if fmt == "json":  # the contract's {"findings": […]} plus the day they were found as of
        out = json.dumps({"findings": [f.as_json() for f in findings], "checked_as_of": when.day.isoformat()},
                         ensure_ascii=False, indent=2)
    else:
        out = render(findings, fmt)
    if fmt == "github" and when.pinned:  # the runner reads workflow commands on stderr too; stdout stays findings
        click.echo(f"::notice title=ustaz::{as_of_note(when)}", err=True)
    if out:
        click.echo(out)
    errors = sum(1 for f in findings if f.is_error)
    if fmt == "text":
        warnings = len(findings) - errors
        summary = t("{errors} error(s), {warnings} warning(s)", errors=errors, warnings=warnings)
        click.echo(f"{summary}; {as_of_note(when)}" if when.pinned else summary, err=True)
    sys.exit(1 if errors else 0)


# the status column of `ustaz deadlines` (the JSON keeps the values)
DEADLINE_STATUSES = ("open", "met", "overdue", "missed")
DEADLINE_STATUS = N_("open|met|overdue|missed")


@main.command("deadlines")
@click.option("--today", help="As of this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
@click.option("--rule", "rules", multiple=True, help="Only this rule (e.g. S-10, C-20; repeat the option).")
@click.option("--program", "programs", multiple=True, help="Only this program's deadlines (repeat the option).")
@click.option("--school", "schools", multiple=True, help="Only this organisation's (an id of "
              "data/organizations.csv; repeat the option).")
def deadlines_cmd(today: str | None, fmt: str, rules: tuple[str, ...], programs: tuple[str, ...],
                  schools: tuple[str, ...]) -> None:
    """Every deadline with its rule, due date and status, sorted by due date; certificates expiring within a year
    (C-20; every one in force with --rule C-20)."""
    from ..certificates.register import Register
    from ..deadlines import EXPIRY_HORIZON_DAYS, certificate_expiries

    ctx = make_context(today, None)
    wanted = {r.upper() for r in rules}
    horizon = None if "C-20" in wanted else EXPIRY_HORIZON_DAYS
    expiries = certificate_expiries(Register.load(ctx.root).certificates, ctx.clock, horizon=horizon) \
        if not wanted or "C-20" in wanted else []
    items = sorted([*ctx.deadlines, *expiries], key=lambda d: (d.due, d.subject, d.rule))
    if wanted:
        items = [d for d in items if d.rule.upper() in wanted]
    if programs:
        items = [d for d in items if d.subject in programs or d.program in programs]
    if schools:
        items = [d for d in items if d.rule == "S-10" and d.subject in schools]
    when = project_as_of(today, ctx.policy)
    if fmt == "json":
        click.echo(json.dumps({"deadlines": [d.as_json() for d in items], "checked_as_of": when.day.isoformat()},
                              ensure_ascii=False, indent=2))
        return
    if when.pinned:
        click.echo(as_of_note(when), err=True)
    statuses = dict(zip(DEADLINE_STATUSES, labels(DEADLINE_STATUS)))
    width = max(8, *(len(s) for s in statuses.values()))
    for d in items:
        left = ""
        if d.working_days_left is not None:
            left = "  " + (t("{days} working day(s) left", days=d.working_days_left) if d.working_days_left >= 0
                           else t("{days} working day(s) overdue", days=-d.working_days_left))
        met = ("  " + t("met on {date}", date=d.met_on) if d.met_on
               else "  " + t("missed, recorded {date}", date=d.missed_on) if d.missed_on else "")
        status = statuses.get(d.status.value, d.status.value)
        click.echo(f"{d.due}  {status:<{width}} {d.rule:<5} {d.subject}: {d.what}{met}{left}")
