"""The register is append-only, checked against git history (`ustaz check --base REF`, C-20)."""

from __future__ import annotations

from collections.abc import Iterator

from ..certificates.history import check_append_only
from ..certificates.load import register_of
from ..findings import Finding
from . import Context, check


@check(reads_register=True)
def register_append_only(ctx: Context) -> Iterator[Finding]:
    yield from check_append_only(ctx.root, register_of(ctx), ctx.base_ref)
