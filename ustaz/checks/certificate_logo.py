"""The centre's logo (policy organisation.logo) is an image the certificates can draw (#18): `ustaz check` says so
before the day a cohort is certified, when `ustaz course certify` would stop on it."""

from __future__ import annotations

from collections.abc import Iterator

from ..certificates.render import logo_svg
from ..findings import Finding
from . import Context, check


@check
def certificate_logo(ctx: Context) -> Iterator[Finding]:
    yield from logo_svg(ctx.root, ctx.policy.organisation)[1]
