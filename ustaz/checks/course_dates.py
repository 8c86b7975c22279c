"""Nothing in a cohort's private files is dated after today (courses/dates.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.dates import future_findings
from ..courses.load import load_courses
from ..findings import Finding
from . import Context, check


@check
def course_dates(ctx: Context) -> Iterator[Finding]:
    for cohort in load_courses(ctx).cohorts.values():
        yield from future_findings(cohort, ctx.today)
