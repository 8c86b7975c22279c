"""Results of a cohort (C-15 … C-19): the API the certificates and the command line use.

    from ustaz.courses.results import cohort_results
    results, findings = cohort_results(ctx, "2026-rb-kk-01")   # ctx: ustaz.workspace.Workspace
    for r in results.certified():                              # outcome == "certificate"
        r.full_name, r.organization, r.total                    # holder, school, points
    results.program, results.program_title["kk"], results.hours, results.starts, results.ends,
    results.region, results.language

Stable contract: ``cohort_results(ctx, cohort_id) -> (CohortResults, list[Finding])``; it raises
``UnknownCohort`` (a LookupError with a message for the user) when the cohort is not in the schedule
or has no folder in the private tree, and never raises for malformed rows: they become findings, and a
listener whose scores cannot be read gets the outcome ``incomplete``. ``CohortResults.as_json()`` is
the contract of ``ustaz course results --format json``.

Outcome, in order: ``expelled`` (a decision expelled them), ``incomplete`` (transferred away, or a
score is missing or invalid), else ``certificate`` when total ≥ the pass total and test ≥ the test
threshold, else ``reference``. Attendance points: policy maximum × days present ÷ course days, rounded
half up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding
from ..i18n import t
from ..vocab import Decision, ResultOutcome
from .attendance import check_attendance
from .cohort import DecisionRecord
from .dates import future_findings
from .decisions import check_decisions
from .final import load_final
from .load import load_courses
from .scoring import FailedRule, attendance_points, failed_rules, outcome_of, valid_scores

if TYPE_CHECKING:
    from ..workspace import Workspace


class UnknownCohort(LookupError):
    """The cohort is not scheduled or has no private folder (the command cannot run)."""


@dataclass(frozen=True, kw_only=True)
class ListenerResult:
    listener: str
    surname: str
    name: str
    patronymic: str
    organization: str
    days_present: int
    attendance: int  # points
    test: int | None
    activity: int | None
    project: int | None
    total: int | None  # None unless all three scores are known and valid
    outcome: ResultOutcome
    decision: DecisionRecord | None  # the expulsion or transfer behind the outcome
    project_title: str = ""  # C-14: the creative project, from final.yml
    failed: tuple[FailedRule, ...] = ()  # a reference's reasons: the rules of C-15 not met

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    def as_json(self) -> dict[str, object]:
        return {"listener": self.listener, "attendance": self.attendance, "test": self.test,
                "activity": self.activity, "project": self.project, "total": self.total,
                "outcome": self.outcome.value, "reasons": [f.as_json() for f in self.failed]}


@dataclass(frozen=True, kw_only=True)
class CohortResults:
    cohort: str
    program: str  # program id
    program_title: Mapping[str, str]  # {lang: title}; empty if the program is unknown
    hours: int | None
    language: str
    group: str
    region: str  # ISO 3166-2
    format: str
    starts: dt.date
    ends: dt.date
    course_days: int
    results: tuple[ListenerResult, ...]
    final_test: dt.date | None = None  # C-14: the final test's date, from final.yml

    def certified(self) -> list[ListenerResult]:
        return [r for r in self.results if r.outcome is ResultOutcome.CERTIFICATE]

    def with_outcome(self, outcome: ResultOutcome) -> list[ListenerResult]:
        return [r for r in self.results if r.outcome is outcome]

    def as_json(self) -> dict[str, object]:
        return {"results": [r.as_json() for r in self.results]}


def cohort_results(ctx: Workspace, cohort_id: str) -> tuple[CohortResults, list[Finding]]:
    """Every listener's points and outcome in `cohort_id`, with the findings that affect them."""
    courses = load_courses(ctx)
    sched = courses.schedule.get(cohort_id)
    if sched is None:
        raise UnknownCohort(t("cohort {cohort_id!r} is not in data/schedule/<year>.csv; schedule it first", cohort_id=cohort_id))
    private = ctx.project.private_dir
    cohort = courses.cohorts.get(cohort_id)
    if cohort is None:
        folder = f"{private}/cohorts/{cohort_id}" if private else f"<private>/cohorts/{cohort_id}"
        raise UnknownCohort(t("cohort {cohort_id!r} has no folder {folder}; import its listeners first (ustaz course import)", cohort_id=cohort_id, folder=folder))
    findings = list(courses.cohort_findings.get(cohort_id, ()))
    scoring = ctx.policy.scoring
    record, more = check_attendance(cohort, ctx.calendar)
    findings += more
    scores, more = valid_scores(cohort, scoring)
    findings += more
    decisions, more = check_decisions(cohort)
    findings += more
    final = None
    if private is not None:
        final, more = load_final(ctx.root, private, cohort_id)
        findings += more
    findings += future_findings(cohort, ctx.today)
    n_days = len(record.course_days)
    results = []
    for lst in cohort.listeners:
        present = record.days_present(lst.listener)
        points = attendance_points(scoring.attendance_max, present, n_days)
        row = scores.get(lst.listener)
        test = row.test if row else None
        activity = row.activity if row else None
        project = row.project if row else None
        if final is not None and project and not final.presented(lst.listener):
            project = None  # C-14: points for a project never presented do not count (project-not-presented)
        taken = final.project_of(lst.listener) if final is not None else None
        decision = decisions.final(lst.listener)
        total = None
        if test is not None and activity is not None and project is not None:
            total = points + test + activity + project
        if decision is not None and decision.decision == Decision.EXPELLED.value:
            outcome = ResultOutcome.EXPELLED
            total = None
        elif decision is not None or total is None or test is None:
            outcome = ResultOutcome.INCOMPLETE
        else:
            outcome = outcome_of(scoring, test, total)
        failed = failed_rules(scoring, test, total) if outcome is ResultOutcome.REFERENCE and test is not None \
            and total is not None else ()
        results.append(ListenerResult(
            listener=lst.listener, surname=lst.surname, name=lst.name, patronymic=lst.patronymic,
            organization=lst.organization, days_present=present, attendance=points, test=test,
            activity=activity, project=project, total=total, outcome=outcome, decision=decision,
            project_title=taken.title if taken is not None else "", failed=failed))
    program = ctx.project.program_map.get(sched.program)
    return CohortResults(
        cohort=cohort_id, program=sched.program, program_title=dict(program.title) if program else {},
        hours=program.hours if program and program.hours >= 0 else None, language=sched.language,
        group=sched.group, region=sched.region, format=sched.format, starts=sched.starts, ends=sched.ends,
        course_days=n_days, results=tuple(results), final_test=final.test if final is not None else None,
    ), sorted(set(findings), key=lambda f: (f.path, f.line or 0))
