"""The register of a check run, loaded once and shared by the register checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .register import Register

if TYPE_CHECKING:
    from ..checks import Context


def register_of(ctx: Context) -> Register:
    cached = ctx.__dict__.get("_certificate_register")
    if cached is None:
        cached = Register.load(ctx.root)
        ctx.__dict__["_certificate_register"] = cached
    return cached
