"""Course documents a centre prints from the private course data (templates the centre may edit):

- ``admission-lists``: the lists the admission order approves (C-3) — the listeners of the group and
  its lecturers (trainers of the program who teach in the cohort's language);
- ``results-sheet``: the listeners' results (C-15): attendance, test, activity, project, total, outcome;
- ``expulsion-notice``: the letter to an expelled listener's employer (C-19).

They hold personal data: the command line writes them only where the user says or into the private
tree, never into the project.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..courses.cohort import Cohort
from ..courses.load import load_courses
from ..courses.results import CohortResults, ListenerResult, UnknownCohort, cohort_results
from ..courses.trainers import load_roster
from ..findings import Finding
from ..i18n import t
from ..vocab import FORM_NAMES, LANGUAGE_NAMES, Decision, ResultOutcome, name_in
from .labels import day, label
from .letters import build_letter
from .program import Built, organisation_text

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass(frozen=True, kw_only=True)
class CourseDocument:
    name: str  # file stem, e.g. admission-lists, expulsion-notice-L06
    built: Built


def _cohort(ctx: Workspace, cohort_id: str) -> tuple[Cohort, list[Finding]]:
    courses = load_courses(ctx)
    if courses.schedule.get(cohort_id) is None:
        raise UnknownCohort(t("cohort {cohort_id!r} is not in data/schedule/<year>.csv; schedule it first", cohort_id=cohort_id))
    cohort = courses.cohorts.get(cohort_id)
    if cohort is None:
        raise UnknownCohort(t("cohort {cohort_id!r} has no folder in the private tree; import its listeners first (ustaz course import)", cohort_id=cohort_id))
    return cohort, list(courses.cohort_findings.get(cohort_id, ()))


def _course(ctx: Workspace, cohort: Cohort, lang: str) -> dict[str, Any]:
    sched = cohort.schedule
    assert sched is not None
    program = ctx.project.program_map.get(sched.program)
    return {
        "id": cohort.id,
        "program": sched.program,
        "program_title": program.title_in(lang) if program else sched.program,
        "hours": program.hours if program and program.hours >= 0 else "",
        "language": name_in(LANGUAGE_NAMES, sched.language, lang).lower(),
        "group": sched.group,
        "starts": day(sched.starts),
        "ends": day(sched.ends),
        "format": name_in(FORM_NAMES, sched.format, lang).lower(),  # printed inside a sentence
    }


def _common(ctx: Workspace, lang: str, made: dt.date) -> dict[str, Any]:
    org = ctx.policy.organisation
    return {
        "lang": lang,
        "date": day(made),
        "organisation": {key: organisation_text(org, key, lang) for key in ("name", "director", "address", "city")},
    }


def admission_lists(ctx: Workspace, cohort_id: str, lang: str, made: dt.date) -> CourseDocument:
    """C-3: the lists of listeners and lecturers that the admission order approves."""
    cohort, findings = _cohort(ctx, cohort_id)
    sched = cohort.schedule
    assert sched is not None
    roster, more = load_roster(ctx.root)
    findings += more
    trainers = [t for t in (roster or []) if sched.program in t.programs and sched.language in t.languages]
    org = organization_namer(ctx, lang)
    context = {
        **_common(ctx, lang, made),
        "cohort": _course(ctx, cohort, lang),
        "listeners": [{"full_name": lst.full_name, "organization": org(lst.organization)} for lst in cohort.listeners],
        "trainers": [{"name": t.name, "category": t.category} for t in trainers],
    }
    return _render(ctx, "admission-lists", lang, context, f"{cohort_id}: admission lists", findings,
                   with_letterhead=False)


def results_sheet(ctx: Workspace, cohort_id: str, lang: str, made: dt.date) -> CourseDocument:
    """C-15: each listener's points and outcome, with the policy's maxima in the header."""
    results, findings = cohort_results(ctx, cohort_id)
    sc = ctx.policy.scoring
    org = organization_namer(ctx, lang)
    rows = [_row(r, outcome_name(ctx, r.outcome.value, lang), org(r.organization)) for r in results.results]
    counts = {o.value: len(results.with_outcome(o)) for o in ResultOutcome}
    context = {
        **_common(ctx, lang, made),
        "cohort": _course(ctx, _cohort(ctx, cohort_id)[0], lang),
        "course_days": results.course_days,
        "max": {"attendance": sc.attendance_max, "test": sc.test_max, "activity": sc.activity_max,
                "project": sc.project_max, "total": sc.total_max, "pass_total": sc.pass_total,
                "test_threshold": sc.test_threshold},
        "rows": rows,
        "counts": counts,
        "outcomes": {o.value: outcome_name(ctx, o.value, lang) for o in ResultOutcome},
    }
    return _render(ctx, "results-sheet", lang, context, f"{cohort_id}: results", findings, with_letterhead=False,
                   landscape=True)


def outcome_name(ctx: Workspace, outcome: str, lang: str) -> str:
    """The document a listener receives, as the policy names it (C-16, C-17), or what happened."""
    if outcome in (ResultOutcome.CERTIFICATE.value, ResultOutcome.REFERENCE.value):
        names = ctx.policy.documents.get(outcome, {})
        return names.get(lang) or names.get("ru") or outcome
    return label(f"outcome_{outcome}", lang)


def organization_namer(ctx: Workspace, lang: str) -> Callable[[str], str]:
    """A listener's organisation as a document prints it: the name in `lang` of its id in data/organizations.csv
    (`course import` stores the id), or the text as listeners.csv has it."""
    from ..support.organizations import organization_places

    places = organization_places(ctx.root)
    return lambda value: places[value].name(lang) if value in places else value


def _row(r: ListenerResult, outcome: str, organization: str) -> dict[str, Any]:
    def cell(v: int | None) -> str:
        return "–" if v is None else str(v)

    return {"listener": r.listener, "full_name": r.full_name, "organization": organization,
            "days_present": r.days_present, "attendance": r.attendance, "test": cell(r.test),
            "activity": cell(r.activity), "project": cell(r.project), "total": cell(r.total),
            "outcome": r.outcome.value, "outcome_name": outcome}


def expelled(results: CohortResults) -> list[ListenerResult]:
    return [r for r in results.results if r.outcome is ResultOutcome.EXPELLED and r.decision is not None
            and r.decision.decision == Decision.EXPELLED.value]


def expulsion_notices(ctx: Workspace, cohort_id: str, lang: str, made: dt.date,
                      only: str | None = None) -> tuple[list[CourseDocument], list[Finding]]:
    """C-19: one letter per expelled listener (or the one named) to the employer, on the letterhead."""
    results, findings = cohort_results(ctx, cohort_id)
    cohort, _ = _cohort(ctx, cohort_id)
    documents = []
    org = organization_namer(ctx, lang)
    for r in expelled(results):
        if only is not None and r.listener != only:
            continue
        assert r.decision is not None
        context = {
            **_common(ctx, lang, made),
            "cohort": _course(ctx, cohort, lang),
            "listener": {"id": r.listener, "full_name": r.full_name,
                         "organization": org(r.organization)},
            "decision": {"date": day(r.decision.date), "order": r.decision.order, "reason": r.decision.reason},
        }
        doc = _render(ctx, "expulsion-notice", lang, context, f"{cohort_id}: expulsion of {r.listener}", [])
        documents.append(CourseDocument(name=f"expulsion-notice-{r.listener}", built=doc.built))
    return documents, findings


def _render(ctx: Workspace, name: str, lang: str, context: dict[str, Any], title: str, findings: list[Finding],
            with_letterhead: bool = True, landscape: bool = False) -> CourseDocument:
    built = build_letter(ctx.root, ctx.policy, name, lang, context, title, with_letterhead=with_letterhead,
                         landscape=landscape)
    return CourseDocument(name=name, built=Built(content=built.content, findings=(*findings, *built.findings)))
