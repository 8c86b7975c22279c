"""S-2: a support plan names the aims its events serve — continuity between the course and the
post-course period, putting the competences into practice, an individual development trajectory, expert
review of the teacher's practice — so the curator reads the plan against them."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..vocab import SupportAim
from . import Context, check

SUPPORT_AIMS = define("support-plan-aims", "A support plan names no aim of S-2, or an aim that is not one of "
                      "continuity, practice, trajectory, expert-review.", "S-2")


@check
def support_aims(ctx: Context) -> Iterator[Finding]:
    allowed = [a.value for a in SupportAim]
    for plan in ctx.support.plans:
        if not plan.aims:
            yield warning(plan.path, plan.line_of("aims") if plan.aims is not None else 1, SUPPORT_AIMS,
                          t("the plan of {teacher} names no aim of post-course support (S-2); add 'aims: [{allowed}]' — those its events serve", teacher=plan.teacher, allowed=', '.join(allowed)))
            continue
        seen: set[str] = set()
        for aim in plan.aims:
            if aim not in allowed or aim in seen:
                yield error(plan.path, plan.line_of("aims"), SUPPORT_AIMS,
                            t("aim {aim!r} of {teacher}'s plan must be named once, one of: {allowed}", aim=aim, teacher=plan.teacher, allowed=', '.join(allowed)))
            seen.add(aim)
