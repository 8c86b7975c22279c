"""The support data of a project: loaded once per workspace (`Workspace.support`), which the checks and the S-10
deadline rule share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding
from .organizations import ORGANIZATIONS, OrganizationPlace, organization_places
from .plan import SupportPlan, load_plans
from .reports import HalfYearReport, NotReceived, load_not_received, load_reports

if TYPE_CHECKING:
    from ..workspace import Workspace


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


def support_data(ws: Workspace) -> SupportData:
    """The workspace's support data (`ws.support`), read once."""
    return ws.support
