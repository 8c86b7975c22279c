"""`ustaz course …`: results, import, attendance, documents, surveys (C-2 … C-19).

Thin adapters over ustaz.courses; `certify` lives with the certificates.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from ..courses import importer
from ..courses.results import CohortResults, UnknownCohort, cohort_results
from ..courses.schedule import ScheduledCohort
from ..findings import Finding, render
from ..i18n import N_, labels, t
from .app import fail
from .check import make_context
from .groups import course_group

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ..courses.cohort import Cohort
    from ..workspace import Workspace

PRIVATE_HELP = N_("The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")


def report_findings(findings: list[Finding]) -> None:
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
    findings = _as_checked(ctx, cohort, findings)
    report_findings(findings)
    if fmt == "json":
        click.echo(json.dumps(results.as_json(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_results_csv(results), nl=False)
    else:
        click.echo(_results_text(results))
    sys.exit(1 if any(f.is_error for f in findings) else 0)


def _as_checked(ctx: Workspace, cohort: str, findings: list[Finding]) -> list[Finding]:
    """The results' findings with everything `ustaz check` says about the cohort's folder (documents, decisions
    across cohorts, …), so that the command and the check agree on whether the cohort has errors."""
    from ..checks import run
    from ..courses.load import load_courses
    from ..findings import sort_key

    found = load_courses(ctx).cohorts.get(cohort)
    if found is None:
        return findings
    return sorted(set(findings) | set(run(ctx, [found.folder])), key=sort_key)


COLUMNS = ("listener", "attendance", "test", "activity", "project", "total", "outcome")


def _results_csv(results: CohortResults) -> str:
    from ..writefile import csv_text

    return csv_text([COLUMNS, *([r.as_json()[c] for c in COLUMNS] for r in results.results)])


# the words of `ustaz course results`' text table; the JSON and CSV keep the English keys (a contract)
OUTCOMES = ("certificate", "reference", "expelled", "incomplete")
OUTCOME_LABELS = N_("certificate|reference|expelled|incomplete")
OUTCOME_COUNTS = {"certificate": N_("{count} certificate"), "reference": N_("{count} reference"),
                  "expelled": N_("{count} expelled"), "incomplete": N_("{count} incomplete")}
RESULT_HEADERS = N_("listener|days|att|test|act|proj|total|outcome")
RESULT_WIDTHS = (-10, 4, 4, 4, 4, 4, 5, 0)


def _pad(text: str, width: int) -> str:
    """`text` in a column `width` wide (negative: left-aligned), a wider word pushing the column out."""
    return text.ljust(-width) if width < 0 else text.rjust(width)


def _results_text(results: CohortResults) -> str:
    def cell(v: object) -> str:
        return "–" if v is None else str(v)

    heading = t("{cohort}: {program} ({language}), {starts} … {ends}, {days} course day(s)", cohort=results.cohort,
                program=results.program, language=results.language, starts=results.starts, ends=results.ends,
                days=results.course_days)
    if results.final_test is not None:
        heading += t(", final test on {date} (C-14)", date=results.final_test)
    headers = labels(RESULT_HEADERS)
    outcomes = dict(zip(OUTCOMES, labels(OUTCOME_LABELS)))
    widths = [w if w <= 0 else max(w, len(h)) for w, h in zip(RESULT_WIDTHS, headers)]
    widths[0] = -max(-widths[0], len(headers[0]))

    def row(cells: list[str]) -> str:
        return " ".join(_pad(c, w) for c, w in zip(cells[:-1], widths[:-1])) + "  " + cells[-1]

    lines = [heading, row(headers)]
    for r in results.results:
        lines.append(row([r.listener, str(r.days_present), str(r.attendance), cell(r.test), cell(r.activity),
                          cell(r.project), cell(r.total), outcomes[r.outcome.value]])
                     + (f"  «{r.project_title}»" if r.project_title else "")
                     + (f"  ({'; '.join(f.text() for f in r.failed)})" if r.failed else ""))
    counts: dict[str, int] = {}
    for r in results.results:
        counts[r.outcome.value] = counts.get(r.outcome.value, 0) + 1
    lines.append(", ".join(t(OUTCOME_COUNTS[k], count=n) for k, n in sorted(counts.items())) or t("no listeners"))
    return "\n".join(lines)


@course_group.command("import")
@click.argument("cohort")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--sheet", help="The sheet of the workbook (default: the first).")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--private", "private", help=PRIVATE_HELP)
def import_cmd(cohort: str, file: str, sheet: str | None, dry_run: bool, private: str | None) -> None:
    """Add the listeners of an education department's list (.xlsx or .csv) to a cohort (C-3)."""
    from pathlib import Path

    from ..courses.cohort import LISTENER_COLUMNS, LISTENER_OPTIONAL, cohort_folder
    from ..courses.load import load_courses
    from ..sourcefile import rel
    from ..tables import plain as table
    from ..teachers.identity import TeacherKeyError, key_path, load_key
    from ..writefile import private_target_problem, write_atomic

    ctx = make_context(None, private)
    sched = load_courses(ctx).schedule.get(cohort)
    if sched is None:
        fail(t("cohort {cohort!r} is not in data/schedule/<year>.csv; schedule it first", cohort=cohort))
    pdir = ctx.project.private_dir
    if pdir is None:
        fail(t("there is no private tree; create private/ or give --private DIR"))
    source = Path(file)
    if not source.is_file():
        fail(t("{file} does not exist", file=file))
    shown = rel(source, ctx.root)
    rows, findings = importer.read_sheet(source, shown, sheet)
    result = importer.parse_listeners(rows, shown) if rows is not None else importer.ImportResult()
    result.findings += _known_identities(load_courses(ctx).cohorts.values(), result, shown)
    from ..support.organizations import organization_lookup

    names = {key: place.id for key, place in organization_lookup(ctx.root).items()}
    result.listeners, more = importer.resolve_organizations(result.listeners, names, shown)
    result.findings += more
    findings += result.findings
    target = cohort_folder(pdir, cohort) / "listeners.csv"
    existing: list[dict[str, str]] = []
    if target.exists():
        tbl, problems = table.read_table(target, rel(target, ctx.root), LISTENER_COLUMNS, LISTENER_OPTIONAL)
        if tbl is None or problems:
            report_findings(problems)
            fail(t("{target} cannot be read whole; fix it before importing (nothing was written)", target=rel(target, ctx.root)))
        existing = [dict(r.cells) for r in tbl.rows]
    try:  # every listener gets the teacher id derived from the IIN (the key is made on the first import)
        key = load_key(pdir, create=not dry_run and not private_target_problem(ctx.root, target, documents=False)
                       and not private_target_problem(ctx.root, key_path(pdir), documents=False))
    except TeacherKeyError as exc:
        fail(str(exc))
    before = [dict(r) for r in existing]
    merged, added, skipped = importer.merge(existing, result.listeners, key)
    filled = merged[:len(before)] != before  # teacher ids recorded for listeners imported before
    report_findings(findings)
    problem = private_target_problem(ctx.root, target, documents=False)
    if (added or filled) and not dry_run and problem:
        fail(t("listeners.csv holds identity numbers: {problem}", problem=problem))
    if (added or filled) and not dry_run:
        from ..private_owner import claim

        write_atomic(target, importer.render_listeners(merged))
        claim(pdir, ctx.policy)  # the tree now holds this project's personal data: it names the project
    if sched.capacity is not None and len(merged) > sched.capacity:
        click.echo(t("ustaz: cohort {cohort} now lists {count} listeners for {capacity} places", cohort=cohort, count=len(merged), capacity=sched.capacity), err=True)
    verb = t("would add") if dry_run else t("added")
    click.echo(t("{cohort}: {verb} {added} listener(s) to {target}; {skipped} already listed; {bad_rows} row(s) with errors not imported", cohort=cohort, verb=verb, added=added, target=rel(target, ctx.root), skipped=skipped, bad_rows=result.bad_rows), err=True)
    if rows is None:
        sys.exit(2)
    sys.exit(1 if any(f.is_error for f in findings) else 0)


def _known_identities(cohorts: Iterable[Cohort], result: importer.ImportResult, shown: str) -> list[Finding]:
    """A row that gives a known IIN to another name is refused (listener-identity), the others are imported."""
    from ..courses.identity import LISTENER_IDENTITY, conflict, known_people, same_name
    from ..findings import error

    known = known_people(cohorts)
    findings, keep = [], []
    for person in result.listeners:
        name = " ".join(p for p in (person.surname, person.name, person.patronymic) if p)
        other = known.get(person.iin)
        if other is not None and not same_name(other.full_name, name):
            findings.append(error(shown, person.row, LISTENER_IDENTITY, t("not imported: {conflict}", conflict=conflict(other, name))))
        else:
            keep.append(person)
    result.listeners[:] = keep
    return findings


def _cohort(ctx: Workspace, cohort: str) -> tuple[Cohort, ScheduledCohort, list[Finding]]:
    """The cohort's private files, its row of the schedule, and the findings of its files."""
    from ..courses.load import load_courses

    courses = load_courses(ctx)
    found = courses.cohorts.get(cohort)
    scheduled = courses.schedule.get(cohort)
    if scheduled is None:
        fail(t("cohort {cohort!r} is not in data/schedule/<year>.csv", cohort=cohort))
    if found is None:
        fail(t("cohort {cohort!r} has no folder in the private tree; import its listeners first (ustaz course import)", cohort=cohort))
    # the row the cohort was loaded with (the last of a cohort scheduled twice, which is a finding)
    return found, found.schedule or scheduled, list(courses.cohort_findings.get(cohort, ()))


@course_group.command("attendance")
@click.argument("cohort")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--private", "private", help=PRIVATE_HELP)
@click.option("--today", help="As of this date (YYYY-MM-DD).")
def attendance_cmd(cohort: str, fmt: str, private: str | None, today: str | None) -> None:
    """Daily attendance summary: present, absent and unmarked per course day (C-11)."""
    from ..courses.attendance import check_attendance
    from ..courses.decisions import check_decisions
    from ..courses.scoring import attendance_points

    ctx = make_context(today, private)
    found, _, findings = _cohort(ctx, cohort)
    record, more = check_attendance(found, ctx.calendar)
    findings += more
    decisions, _ = check_decisions(found)
    days = []
    for day in record.course_days:
        active = [lst.listener for lst in found.listeners
                  if (d := decisions.final(lst.listener)) is None or d.date > day]
        marked = record.marked.get(day, frozenset())
        present = sum(1 for lid in active if day in record.present.get(lid, ()))
        unmarked = sum(1 for lid in active if lid not in marked)
        days.append({"date": day.isoformat(), "listed": len(active), "present": present,
                     "absent": len(active) - present - unmarked, "unmarked": unmarked,
                     "future": day > ctx.today})
    n = len(record.course_days)
    people = [{"listener": lst.listener, "days_present": record.days_present(lst.listener), "course_days": n,
               "points": attendance_points(ctx.policy.scoring.attendance_max, record.days_present(lst.listener), n)}
              for lst in found.listeners]
    report_findings(findings)
    if fmt == "json":
        click.echo(json.dumps({"cohort": cohort, "days": days, "listeners": people}, ensure_ascii=False, indent=2))
    else:
        click.echo(t("{cohort}: {n} course day(s)", cohort=cohort, n=n))
        headers = labels(ATTENDANCE_HEADERS)
        widths = [-10, *(max(w, len(h)) for w, h in zip((6, 7, 6, 8), headers[1:]))]
        click.echo(_attendance_row(headers, widths))
        for row in days:
            numbers = ("listed", "present", "absent", "unmarked") if not row["future"] else ("listed",)
            cells = [str(row["date"]), *(str(row[k]) for k in numbers)]
            click.echo(_attendance_row(cells + ["–"] * (5 - len(cells)), widths))
    sys.exit(1 if any(f.is_error for f in findings) else 0)


ATTENDANCE_HEADERS = N_("date|listed|present|absent|unmarked")


def _attendance_row(cells: list[str], widths: list[int]) -> str:
    return _pad(cells[0], widths[0]) + "  " + " ".join(_pad(c, w) for c, w in zip(cells[1:], widths[1:]))


@course_group.command("documents")
@click.argument("cohort")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--private", "private", help=PRIVATE_HELP)
def documents_cmd(cohort: str, fmt: str, private: str | None) -> None:
    """What each listener still has to hand in before the course starts (C-3, C-8)."""
    from ..vocab import LISTENER_DOCUMENTS

    ctx = make_context(None, private)
    found, scheduled, findings = _cohort(ctx, cohort)
    missing = [{"listener": lst.listener, "name": lst.full_name, "missing": lst.missing_documents}
               for lst in found.listeners if lst.missing_documents]
    report_findings(findings)
    if fmt == "json":
        click.echo(json.dumps({"cohort": cohort, "starts": scheduled.starts.isoformat(),
                               "listeners": len(found.listeners), "incomplete": missing},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(t("{cohort} starts on {starts}: {count} listener(s), {count2} with documents missing", cohort=cohort, starts=scheduled.starts, count=len(found.listeners), count2=len(missing)))
        for m in missing:
            names = ", ".join(t(LISTENER_DOCUMENTS[c]) for c in m["missing"])
            click.echo(f"  {m['listener']:<8} {m['name']}: {names}")
    sys.exit(1 if any(f.is_error for f in findings) else 0)


@course_group.command("attend")
@click.argument("cohort")
@click.option("--date", "day", help="The course day (default: today in the policy's time zone).")
@click.option("--absent", multiple=True, help="A listener id absent that day (repeat the option).")
@click.option("--private", "private", help=PRIVATE_HELP)
def attend_cmd(cohort: str, day: str | None, absent: tuple[str, ...], private: str | None) -> None:
    """Record one course day's attendance: everyone present except --absent (C-11)."""
    from ..courses.attendance import check_attendance
    from ..courses.cohort import ATTENDANCE_COLUMNS, cohort_folder
    from ..courses.decisions import check_decisions
    from ..sourcefile import rel
    from ..tables import plain as table
    from ..writefile import private_target_problem, write_atomic
    from .app import parse_day

    ctx = make_context(day, private)
    when = parse_day(day, "--date") or ctx.today
    found, scheduled, _ = _cohort(ctx, cohort)
    record, _ = check_attendance(found, ctx.calendar)
    if when not in record.course_days:
        fail(t("{when} is not a course day of {cohort} ({starts} … {ends}, working days)", when=when, cohort=cohort, starts=scheduled.starts, ends=scheduled.ends))
    if when in record.marked:
        fail(t("{cohort} already has attendance for {when}; edit {file} to correct it", cohort=cohort, when=when, file=found.file('attendance.csv')))
    unknown = [a for a in absent if found.listener(a) is None]  # ids compare without case: l01 is L01
    if unknown:
        fail(t("not listeners of {cohort}: {unknown}", cohort=cohort, unknown=', '.join(unknown)))
    absent = tuple(lst.listener for a in absent if (lst := found.listener(a)) is not None)
    decisions, _ = check_decisions(found)
    assert ctx.project.private_dir is not None  # _cohort found the cohort's folder there
    path = cohort_folder(ctx.project.private_dir, cohort) / "attendance.csv"
    existing: list[Mapping[str, str]] = []
    if path.exists():
        tbl, problems = table.read_table(path, rel(path, ctx.root), ATTENDANCE_COLUMNS)
        if tbl is None or problems:
            report_findings(problems)
            fail(t("{path} cannot be read whole; fix it first (nothing was written)", path=rel(path, ctx.root)))
        existing = [dict(r.cells) for r in tbl.rows]
    added: list[Mapping[str, str]] = []
    for lst in found.listeners:
        final = decisions.final(lst.listener)
        if final is not None and final.date <= when:
            continue  # expelled or transferred
        added.append({"listener": lst.listener, "date": when.isoformat(),
                      "present": "false" if lst.listener in absent else "true"})
    problem = private_target_problem(ctx.root, path, documents=False)
    if problem:
        fail(t("attendance is personal data: {problem}", problem=problem))
    write_atomic(path, table.to_csv(ATTENDANCE_COLUMNS, [*existing, *added]))
    present = sum(1 for a in added if a["present"] == "true")
    click.echo(t("{cohort} {when}: {present} present, {value} absent", cohort=cohort, when=when, present=present, value=len(added) - present), err=True)
