"""Half-year organisation reports on post-course activity (S-10) and their deadline rule.

`<private>/support/reports.csv`: `organization, year, half, submitted, teachers, events, summary`
(`teachers` may be empty: the issue form counts events by kind, not teachers).
`<private>/support/not-received.csv`: `organization, year, half, recorded, reason` — a report that never came,
recorded with `ustaz support report ORG --year Y --half H --not-received --reason TEXT`: its deadline is then a
recorded miss (a warning with its date), no longer an error for ever.
An organisation whose teachers have a support plan active in a reporting period owes a report for it;
the periods end on the policy's `support.report_due` dates (first half-year by 1 June, second by
1 October), and each period runs from the previous due date. The rule is listed in ustaz/deadline_rules.py
with the others, so `ustaz deadlines` lists it and `ustaz check` flags organisations that have not reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..deadlines import Clock, Deadline
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..model.fields import parse_date
from ..sourcefile import read_text, rel
from ..vocab import HalfYear
from .plan import SupportPlan

if TYPE_CHECKING:
    from ..workspace import Workspace

REPORT_COLUMNS = ("organization", "year", "half", "submitted", "teachers", "events", "summary")
SUPPORT_REPORT_ROW = define("support-report-row", "A row of support/reports.csv is malformed.", "S-10")
SUPPORT_REPORT_DUPLICATE = define("support-report-duplicate",
                                  "An organisation's half-year report is recorded twice.", "S-10")


@dataclass(frozen=True, kw_only=True)
class HalfYearReport:
    organization: str
    year: int
    half: str
    submitted: dt.date
    teachers: int | None  # not every report form asks for it
    events: int
    path: str
    line: int


def load_reports(private: Path | None, root: Path) -> tuple[list[HalfYearReport], list[Finding]]:
    if private is None:
        return [], []
    path = private / "support" / "reports.csv"
    if not path.is_file():
        return [], []
    shown = rel(path, root)
    text, findings = read_text(path, shown)
    if text is None:
        return [], findings
    reader = csv.reader(io.StringIO(text, newline=""))
    reports: list[HalfYearReport] = []
    seen: dict[tuple[str, int, str], int] = {}
    try:
        header = next(reader, None)
        if header is None:
            return [], findings
        header = [h.strip() for h in header]
        missing = [c for c in REPORT_COLUMNS if c not in header]
        if missing:
            return [], [error(shown, 1, SUPPORT_REPORT_ROW,
                              t("the header lacks {missing}; use: {report_columns}", missing=', '.join(missing), report_columns=', '.join(REPORT_COLUMNS)))]
        col = {c: header.index(c) for c in REPORT_COLUMNS}
        start = reader.line_num
        for cells in reader:
            line, start = start + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                findings.append(error(shown, line, SUPPORT_REPORT_ROW,
                                      t("the row has {count} cells, the header {count2}; quote text with commas", count=len(cells), count2=len(header))))
                continue
            report = _row(cells, col, shown, line, findings)
            if report is None:
                continue
            key = (report.organization, report.year, report.half)
            if key in seen:
                findings.append(warning(shown, line, SUPPORT_REPORT_DUPLICATE,
                                        t("{organization}'s report for {year} half {half} is already on line {seen}; keep one row per report", organization=report.organization, year=report.year, half=report.half, seen=seen[key])))
                continue
            seen[key] = line
            reports.append(report)
    except csv.Error as exc:
        findings.append(error(shown, reader.line_num, SUPPORT_REPORT_ROW, t("CSV syntax: {exc}", exc=exc)))
    return reports, findings


def _row(cells: list[str], col: dict[str, int], shown: str, line: int,
         findings: list[Finding]) -> HalfYearReport | None:
    v = {c: cells[i].strip() for c, i in col.items()}
    problems: list[str] = []
    if not v["organization"]:
        problems.append(t("'organization' is empty; write the organisation's id from data/organizations.csv"))
    if not v["year"].isdigit() or len(v["year"]) != 4:
        problems.append(t("'year' is {value!r}; write a year like 2026", value=v['year']))
    halves = [h.value for h in HalfYear]
    if v["half"] not in halves:
        problems.append(t("'half' is {value!r}; use {halves}", value=v['half'], halves=' or '.join(halves)))
    counts: dict[str, int | None] = {"teachers": None}
    for c in ("teachers", "events"):
        if c == "teachers" and not v[c]:
            continue  # optional: the issue form counts events, not teachers
        if not v[c].isdigit():
            problems.append(t("'{column}' is {value!r}; write a whole number", column=c, value=v[c]))
        else:
            counts[c] = int(v[c])
    submitted = parse_date(v["submitted"], shown, line, "submitted", findings) if v["submitted"] else None
    if not v["submitted"]:
        problems.append(t("'submitted' is empty; write the date the report arrived (YYYY-MM-DD)"))
    for p in problems:
        findings.append(error(shown, line, SUPPORT_REPORT_ROW, p))
    if problems or submitted is None:
        return None
    return HalfYearReport(organization=v["organization"], year=int(v["year"]), half=v["half"],
                          submitted=submitted, teachers=counts["teachers"], events=int(counts["events"] or 0),
                          path=shown, line=line)


NOT_RECEIVED_FILE = "not-received.csv"
NOT_RECEIVED_COLUMNS = ("organization", "year", "half", "recorded", "reason")


@dataclass(frozen=True, kw_only=True)
class NotReceived:
    """A half-year report recorded as not received (S-10)."""

    organization: str
    year: int
    half: str
    recorded: dt.date
    reason: str
    path: str
    line: int


def load_not_received(private: Path | None, root: Path) -> tuple[list[NotReceived], list[Finding]]:
    from ..tables import plain as table

    if private is None or not (private / "support" / NOT_RECEIVED_FILE).is_file():
        return [], []
    path = private / "support" / NOT_RECEIVED_FILE
    tbl, findings = table.read_table(path, rel(path, root), NOT_RECEIVED_COLUMNS)
    out: list[NotReceived] = []
    halves = [h.value for h in HalfYear]
    for row in tbl.rows if tbl else ():
        org, reason = table.required(row, "organization", findings), table.required(row, "reason", findings)
        recorded = table.date(row, "recorded", findings)
        year = row["year"]
        if not (year.isdigit() and len(year) == 4) or row["half"] not in halves:
            findings.append(error(row.path, row.line, SUPPORT_REPORT_ROW,
                                  t("'year' and 'half' must be like 2026 and {halves}", halves=' or '.join(halves))))
            continue
        if org and reason and recorded:
            out.append(NotReceived(organization=org, year=int(year), half=row["half"], recorded=recorded,
                                   reason=reason, path=row.path, line=row.line))
    return out, findings


def record_not_received(private: Path, organization: str, year: int, half: str, recorded: dt.date,
                        reason: str) -> None:
    from ..writefile import csv_text, write_atomic

    path = private / "support" / NOT_RECEIVED_FILE
    old = path.read_bytes().decode("utf-8-sig") if path.is_file() else ""
    if not old.strip():
        old = ",".join(NOT_RECEIVED_COLUMNS) + "\n"
    elif not old.endswith("\n"):
        old += "\n"
    write_atomic(path, old + csv_text([[organization, year, half, recorded.isoformat(), " ".join(reason.split())]]))


def due_dates(report_due: list[str], year: int) -> list[tuple[str, dt.date]]:
    """The (half, due date) pairs of a year, from the policy's `support.report_due` (MM-DD)."""
    out = []
    for half, mmdd in zip([h.value for h in HalfYear], report_due):
        month, day = (int(x) for x in str(mmdd).split("-"))
        out.append((half, dt.date(year, month, day)))
    return out


def half_year_reports(ws: Workspace, clock: Clock) -> Iterator[Deadline]:
    """S-10: each organisation with an active support plan reports for every period by its due date."""
    data = ws.support
    if not data.plans:
        return
    report_due = list(clock.policy.support.report_due)
    first = min(p.starts for p in data.plans if p.starts is not None) if any(p.starts for p in data.plans) else None
    if first is None:
        return
    periods: list[tuple[int, str, dt.date, dt.date]] = []  # year, half, period start, due
    previous: dt.date | None = None
    for year in range(first.year - 1, clock.today.year + 2):
        for half, due in due_dates(report_due, year):
            if previous is not None and due >= first and previous <= clock.today:
                periods.append((year, half, previous + dt.timedelta(days=1), due))
            previous = due
    submitted = {(r.organization, r.year, r.half): r for r in data.reports}
    missed = {(r.organization, r.year, r.half): r for r in data.missed}
    by_org: dict[str, list[SupportPlan]] = {}
    for plan in data.plans:
        if plan.organization:
            by_org.setdefault(plan.organization, []).append(plan)
    for org, plans in sorted(by_org.items()):
        for year, half, start, due in periods:
            active = [p for p in plans if p.active_between(start, due)]
            if not active:
                continue
            report, miss = submitted.get((org, year, half)), missed.get((org, year, half))
            # the private record that makes the report owed (a plan), or the one that closes it: never the public
            # organizations table
            path, line = (report.path, report.line) if report else (miss.path, miss.line) if miss else \
                (active[0].path, active[0].line_of("organization"))
            yield clock.deadline(subject=org, rule="S-10",
                                 what=t("half-year report {year}-H{half} on post-course support sent", year=year, half=half),
                                 due=due, met_on=report.submitted if report else None, path=path, line=line,
                                 required_event=f"ustaz support report {org} --year {year} --half {half} --events N "
                                                f"(or --not-received --reason TEXT)",
                                 missed_on=miss.recorded if miss else None, missed_reason=miss.reason if miss else "")


def report_row(organization: str, year: int, half: str, submitted: dt.date, teachers: int | None, events: int,
               summary: str) -> str:
    """One CSV line of support/reports.csv (quoted as needed), for appending."""
    from ..writefile import csv_text  # cells neutralised against spreadsheet formulas

    return csv_text([[organization, year, half, submitted.isoformat(), teachers, events, " ".join(summary.split())]])


def append_report(private: Path, row: str) -> None:
    """Append a report row atomically (the file is rewritten whole; earlier rows are kept byte for byte)."""
    from ..writefile import write_atomic

    path = private / "support" / "reports.csv"
    old = path.read_bytes().decode("utf-8-sig") if path.is_file() else ""
    if not old.strip():
        old = ",".join(REPORT_COLUMNS) + "\n"
    elif not old.endswith("\n"):
        old += "\n"
    write_atomic(path, old + row)
