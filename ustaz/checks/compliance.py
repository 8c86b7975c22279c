"""data/compliance.yml, the standing the centre published for the compliance page (S-10 counts)."""

from __future__ import annotations

from collections.abc import Iterator

from ..compliance import load_published
from ..findings import Finding
from . import Context, check


@check(scope=("data",))
def published_standing(ctx: Context) -> Iterator[Finding]:
    _, findings = load_published(ctx.root)
    yield from findings
