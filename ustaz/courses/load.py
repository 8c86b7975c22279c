"""The courses part of the model, loaded once per check run: the schedule and every cohort of the
private tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding
from .cohort import Cohort, cohort_ids, load_cohort
from .schedule import Schedule, load_schedule

if TYPE_CHECKING:
    from ..checks import Context


@dataclass(frozen=True, kw_only=True)
class Courses:
    schedule: Schedule
    cohorts: dict[str, Cohort]  # cohorts with a folder in the private tree
    findings: tuple[Finding, ...]  # loading findings (malformed rows) of the schedule and every cohort
    cohort_findings: dict[str, tuple[Finding, ...]]  # each cohort's own loading findings


def load_courses(ctx: Context) -> Courses:
    """Schedule + private cohorts, cached on the context so every check reads the same objects."""
    cached = ctx.__dict__.get("_ustaz_courses")
    if isinstance(cached, Courses):
        return cached
    schedule, findings = load_schedule(ctx.root)
    cohorts: dict[str, Cohort] = {}
    per_cohort: dict[str, tuple[Finding, ...]] = {}
    private = ctx.project.private_dir
    if private is not None and private.is_dir():
        by_id = schedule.by_id()
        for cid in cohort_ids(private):
            cohort, more = load_cohort(ctx.root, private, cid, by_id.get(cid))
            cohorts[cid] = cohort
            per_cohort[cid] = tuple(more)
            findings.extend(more)
    courses = Courses(schedule=schedule, cohorts=cohorts, findings=tuple(findings),
                      cohort_findings=per_cohort)
    ctx.__dict__["_ustaz_courses"] = courses
    return courses
