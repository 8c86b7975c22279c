"""The support data of a project, loaded once per Project (checks and deadlines share it)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..project import Project
from .organizations import ORGANIZATIONS, OrganizationPlace, organization_places
from .plan import SupportPlan, load_plans
from .reports import HalfYearReport, NotReceived, load_not_received, load_reports


@dataclass(frozen=True, kw_only=True)
class SupportData:
    plans: tuple[SupportPlan, ...]
    reports: tuple[HalfYearReport, ...]
    organizations: dict[str, OrganizationPlace]
    findings: tuple[Finding, ...] = field(default=())
    organizations_path: str = ORGANIZATIONS.as_posix()
    missed: tuple[NotReceived, ...] = ()  # reports recorded as not received


def load_support(root: Path, private: Path | None) -> SupportData:
    plans, findings = load_plans(private, root)
    reports, more = load_reports(private, root)
    missed, more2 = load_not_received(private, root)
    return SupportData(plans=tuple(plans), reports=tuple(reports), organizations=organization_places(root),
                       findings=tuple(findings + more + more2), missed=tuple(missed))


_CACHE: dict[int, tuple[weakref.ref[Project], SupportData]] = {}


def support_data(project: Project) -> SupportData:
    """Load once per Project object: the checks and the S-10 deadline rule both read it."""
    hit = _CACHE.get(id(project))
    if hit is not None and hit[0]() is project:
        return hit[1]
    data = load_support(project.root, project.private_dir)
    _CACHE[id(project)] = (weakref.ref(project), data)
    weakref.finalize(project, _CACHE.pop, id(project), None)
    return data
