"""The register of a check run, loaded once and shared by the register checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .register import Register, RegisterFile

if TYPE_CHECKING:
    from ..checks import Context


def start_register(ctx: Context, after: Callable[[RegisterFile], Any] | None = None,
                   after_key: str | None = None) -> None:
    """Begin reading the register while the other checks run (a large one is read on the other cores);
    `after` runs on each file where it is read, its results are `register_extras(ctx)`; `after_key` names all
    that `after` reads besides the file, so that its result may be cached (ustaz/cache.py)."""
    if "_certificate_register" not in ctx.__dict__ and "_register_pending" not in ctx.__dict__:
        ctx.__dict__["_register_pending"] = Register.start_loading(ctx.root, after, after_key)


def register_of(ctx: Context) -> Register:
    cached = ctx.__dict__.get("_certificate_register")
    if cached is None:
        pending = ctx.__dict__.pop("_register_pending", None)
        if pending is not None:
            cached, ctx.__dict__["_register_extras"] = pending()
        else:
            cached = Register.load(ctx.root)
        ctx.__dict__["_certificate_register"] = cached
    return cached


def register_extras(ctx: Context) -> list[Any] | None:
    """What `after` of `start_register` gave for each file, in file order; None when it was not run."""
    register_of(ctx)
    return ctx.__dict__.get("_register_extras")
