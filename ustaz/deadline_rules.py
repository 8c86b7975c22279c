"""Every deadline rule, listed once: `ustaz check`, `ustaz deadlines`, the site and the bot compute their due
dates from these lists (through `Workspace.deadlines`), so they always agree.

A new rule is a function `(program, clock)` (ustaz/deadlines.py) or `(workspace, clock)` (a rule over other
data, kept beside that data) added to a list here. Nothing registers itself on import: importing this module
is all it takes to have every rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .deadlines import (
    Deadline,
    ProgramRule,
    ProjectRule,
    approval,
    discussion_period,
    draft_ready,
    resubmission,
    review,
)
from .support.reports import half_year_reports

if TYPE_CHECKING:
    from .workspace import Workspace

PROGRAM_RULES: tuple[ProgramRule, ...] = (
    draft_ready,  # P-3
    discussion_period,  # P-6
    resubmission,  # P-9
    approval,  # P-10
    review,  # P-11
)
PROJECT_RULES: tuple[ProjectRule, ...] = (
    half_year_reports,  # S-10
)


def compute(ws: Workspace) -> list[Deadline]:
    """Every deadline of the workspace's programs and other data, by due date."""
    out: list[Deadline] = []
    for program in ws.project.program_map.values():
        for rule in PROGRAM_RULES:
            out.extend(rule(program, ws.clock))
    for prule in PROJECT_RULES:
        out.extend(prule(ws, ws.clock))
    out.sort(key=lambda d: (d.due, d.subject, d.rule))
    return out
