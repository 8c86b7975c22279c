"""`ustaz teachers due`: who must take courses and by when (K-2), missing documents (K-4), attestation (K-6)."""

from __future__ import annotations

import json
import sys

import click

from .. import i18n
from ..checks.teachers import HANDED_IN_EARLY, staff_rules
from ..findings import render
from ..policy import Policy
from ..teachers.cycle import CycleReport, CycleStatus
from ..teachers.model import STAFF_FILE, Staff
from ..teachers.plan import CoursePlan
from .app import fail
from .check import make_context
from .groups import teachers_group


@teachers_group.command("due")
@click.option("--today", help="As of this date (YYYY-MM-DD); default: today in the policy's time zone.")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def due_cmd(today: str | None, private: str | None, fmt: str) -> None:
    """Teachers without the cycle's hours and by when they must take a course; documents not handed in."""
    ctx = make_context(today, private)
    pdir = ctx.project.private_dir
    if pdir is None:
        fail(i18n.t("no private tree: pass --private DIR or set USTAZ_PRIVATE"))
    staff, findings = Staff.load(pdir, ctx.root)
    if staff is None:
        fail(i18n.t("no staff list: {value} does not exist (see the docs: reference/teachers)", value=pdir / STAFF_FILE))
    # as of a past day the list may already record later hand-ins: that is not an error here
    findings += [f for f in staff_rules(staff, ctx) if f.is_error and f.code != HANDED_IN_EARLY]
    errors = [f for f in findings if f.is_error]
    if errors:
        click.echo(render(errors, "text"), err=True)
        click.echo(i18n.t("{count} error(s) in the staff list; fix them first", count=len(errors)), err=True)
        sys.exit(1)
    plan, more = CoursePlan.load(pdir, ctx.root)
    if any(f.is_error for f in more):
        click.echo(render(more, "text"), err=True)
        sys.exit(1)
    report = CycleReport.compute(staff, ctx.policy, ctx.today)
    if fmt == "json":
        data = report.as_json()
        if plan is not None:  # K-5: each teacher's own choice of course and program
            data["teachers"] = [{**cycle.as_json(), "plan": [c.as_json() for c in plan.of(cycle.teacher.id, ctx.today.year)]}
                                for cycle in report.teachers]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_text(report, ctx.policy, plan))


def _choices(plan: CoursePlan | None, teacher: str, year: int) -> list[str]:
    """K-5: the teacher's chosen courses in the school's plan, one line each."""
    if plan is None:
        return []
    lines = [f"             chosen {c.year}: «{c.topic}», program {c.program}"
             + (f", {c.provider}" if c.provider else "") + (f", from {c.starts}" if c.starts else "")
             + (f" — needs: {c.needs}" if c.needs else "") for c in plan.of(teacher, year)]
    return lines or ["             no course chosen in the school's plan yet (K-5)"]


def _text(report: CycleReport, policy: Policy, plan: CoursePlan | None = None) -> str:
    hours, years = policy.teacher_cycle_hours, policy.teacher_cycle_years
    lang = policy.default_language
    out = [i18n.t("Teachers' course cycle (K-2): at least {hours} hours in any {years} years ({preset}), as of "
                  "{today}", hours=hours, years=years, preset=policy.name, today=report.today)]
    overdue = report.with_status(CycleStatus.OVERDUE)
    out.append("\n" + i18n.t("Overdue — fewer than {hours} hours in the last {years} years ({count}):", hours=hours,
                           years=years, count=len(overdue)))
    for t in overdue:
        since = (i18n.t("window ran out on {date}", date=t.window_ends) if t.window_ends
                 else i18n.t("never had {hours} hours within {years} years", hours=hours, years=years))
        out.append(f"  {t.teacher.id:<10} {t.teacher.full_name}: {since} ("
                   + i18n.t("{done} of {hours} hours", done=t.hours_in_window, hours=hours) + ")")
        out.extend(_choices(plan, t.teacher.id, report.today.year))
    due = report.with_status(CycleStatus.DUE)
    months = policy.teacher_cycle.notice_months
    out.append("\n" + i18n.t("Due within {months} months — a course must end by the date ({count}):", months=months,
                           count=len(due)))
    for t in sorted(due, key=lambda t: (t.window_ends, t.teacher.id)):
        out.append(f"  {t.teacher.id:<10} {t.teacher.full_name}: "
                   + i18n.t("by {date} ({hours} hours in the window)", date=t.window_ends, hours=t.hours_in_window))
        out.extend(_choices(plan, t.teacher.id, report.today.year))
    ok = report.with_status(CycleStatus.OK)
    out.append("\n" + i18n.t("In order ({count}):", count=len(ok)))
    for t in sorted(ok, key=lambda t: (t.window_ends, t.teacher.id)):
        out.append(f"  {t.teacher.id:<10} {t.teacher.full_name}: " + i18n.t("covered until {date}", date=t.window_ends))
    missing = report.missing_documents
    out.append("\n" + i18n.t("Documents not handed in to the administration (K-4) ({count}):",
                           count=report.summary['documents_missing']))
    for t in missing:
        for c in t.missing_documents:
            name = policy.documents.get(c.document, {}).get(lang, c.document)
            out.append(f"  {t.teacher.id:<10} {t.teacher.full_name}: "
                       + i18n.t("{document} — «{title}», ended {ended}", document=name, title=c.title, ended=c.ended))
    s = report.summary
    out.append("\n" + i18n.t("Attestation (K-6): {teachers} teachers — {ok} in order, {due} due, {overdue} overdue; "
                           "{missing} document(s) not handed in.", teachers=s['teachers'], ok=s['ok'], due=s['due'],
                           overdue=s['overdue'], missing=s['documents_missing']))
    return "\n".join(out)


@teachers_group.command("id")
@click.argument("iin")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
def id_cmd(iin: str, private: str | None) -> None:
    """The teacher id of an identity number (IIN): the same in cohorts, support plans, the monitoring population and
    surveys, never the number itself (a keyed hash; the key is made in the private tree on first use)."""
    from ..ids import iin_problem
    from ..teachers.identity import TeacherKeyError, key_path, load_key, teacher_id
    from ..writefile import private_target_problem

    number = "".join(iin.split())
    problem = iin_problem(number)
    if problem:
        fail(i18n.t("{problem}; copy the IIN from the identity document", problem=problem))
    ctx = make_context(None, private)
    pdir = ctx.project.private_dir
    if pdir is None:
        fail(i18n.t("no private tree: pass --private DIR or set USTAZ_PRIVATE"))
    problem = private_target_problem(ctx.root, key_path(pdir), documents=False)
    try:
        key = load_key(pdir, create=not problem)
    except TeacherKeyError as exc:
        fail(str(exc))
    if key is None:  # a secret is never written where git would add it
        fail(i18n.t("the teacher-id key is a secret: {problem}", problem=problem))
    click.echo(teacher_id(number, key))
