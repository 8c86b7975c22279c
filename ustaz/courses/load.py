"""The courses part of the model: the schedule and every cohort of the private tree, read once per workspace
(`Workspace.courses`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding
from .cohort import Cohort, cohort_ids, load_cohort
from .schedule import Schedule, load_schedule

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass(frozen=True, kw_only=True)
class Courses:
    schedule: Schedule
    cohorts: dict[str, Cohort]  # cohorts with a folder in the private tree
    findings: tuple[Finding, ...]  # loading findings (malformed rows) of the schedule and every cohort
    cohort_findings: dict[str, tuple[Finding, ...]]  # each cohort's own loading findings


def read_courses(root: Path, private: Path | None) -> Courses:
    """Read the schedule and every cohort of the private tree (`Workspace.courses` calls this once)."""
    schedule, findings = load_schedule(root)
    cohorts: dict[str, Cohort] = {}
    per_cohort: dict[str, tuple[Finding, ...]] = {}
    if private is not None and private.is_dir():
        by_id = schedule.by_id()
        for cid in cohort_ids(private):
            cohort, more = load_cohort(root, private, cid, by_id.get(cid))
            cohorts[cid] = cohort
            per_cohort[cid] = tuple(more)
            findings.extend(more)
    return Courses(schedule=schedule, cohorts=cohorts, findings=tuple(findings), cohort_findings=per_cohort)


def load_courses(ws: Workspace) -> Courses:
    """The workspace's courses (`ws.courses`): every check reads the same objects."""
    return ws.courses
