"""The support data of a project, loaded once per Project (checks and deadlines share it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from .organizations import ORGANIZATIONS, OrganizationPlace, organization_places
from .plan import SupportPlan, load_plans
from .reports import HalfYearReport, load_reports


@dataclass(frozen=True, kw_only=True)
class SupportData:
    plans: tuple[SupportPlan, ...]
    reports: tuple[HalfYearReport, ...]
    organizations: dict[str, OrganizationPlace]
    findings: tuple[Finding, ...] = field(default=())
    organizations_path: str = ORGANIZATIONS.as_posix()


def load_support(root: Path, private: Path | None) -> SupportData:
    plans, findings = load_plans(private, root)
    reports, more = load_reports(private, root)
    return SupportData(plans=tuple(plans), reports=tuple(reports), organizations=organization_places(root),
                       findings=tuple(findings + more))


def support_data(project: object) -> SupportData:
    """Load once per Project object: the check and the deadline rule both read it."""
    cached = getattr(project, "_support_data", None)
    if isinstance(cached, SupportData):
        return cached
    data = load_support(getattr(project, "root"), getattr(project, "private_dir", None))
    try:
        setattr(project, "_support_data", data)
    except AttributeError:  # a frozen stand-in: just do not cache
        pass
    return data
