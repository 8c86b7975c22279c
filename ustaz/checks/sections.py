"""P-4: exactly the ten sections, in order, titled per language, none empty; P-5 content hints.

The rule is the model's (`ustaz.model.sections.section_findings`), so the renderers apply it without a check.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..model.sections import section_findings
from . import Context, check


@check(scope=("programs",))
def sections(ctx: Context) -> Iterator[Finding]:
    for bundle in ctx.project.programs:
        yield from section_findings(bundle.texts, ctx.policy)
