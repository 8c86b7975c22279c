"""One identity per person across the cohorts of the private tree (courses/identity.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.identity import identity_findings
from ..courses.load import load_courses
from ..findings import Finding
from . import Context, check


@check
def course_identity(ctx: Context) -> Iterator[Finding]:
    yield from identity_findings(load_courses(ctx).cohorts.values())
