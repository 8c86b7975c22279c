"""The register against its Table Schema (data/schemas/certificates.json), by the fast path (C-20)."""

from __future__ import annotations

from collections.abc import Iterator

from ..certificates.load import register_of
from ..findings import Finding
from . import Context, check


@check(scope=("data/certificates",), reads_register=True)
def register_schema(ctx: Context) -> Iterator[Finding]:
    yield from register_of(ctx).findings
