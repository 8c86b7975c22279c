"""Checks read the loaded project and yield findings. One small module per concern; each
registers its check functions with ``@check`` and its finding codes with ``define``.

Other parts of ustaz (courses, register, support, networks) add their own modules here; the
package imports every module in it, so registering is all a new check has to do.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from typing import TypeVar, overload

from ..findings import Finding, sort_key
from ..workspace import Workspace

Context = Workspace  # the name the check modules use for the workspace they read

CheckFn = Callable[[Context], Iterable[Finding]]
CHECKS: list[CheckFn] = []


SCOPES: dict[CheckFn, tuple[str, ...]] = {}
READS_REGISTER: set[CheckFn] = set()
F = TypeVar("F", bound=CheckFn)


@overload
def check(fn: F, *, scope: tuple[str, ...] = (), reads_register: bool = False) -> F: ...
@overload
def check(fn: None = None, *, scope: tuple[str, ...] = (), reads_register: bool = False) -> Callable[[F], F]: ...
def check(fn: F | None = None, *, scope: tuple[str, ...] = (), reads_register: bool = False
          ) -> F | Callable[[F], F]:
    """Register a check. `scope`: the folders (relative to the project root) a check reports on, when
    it never reports elsewhere; `ustaz check PATH` then skips it for a PATH outside them
    (tests/test_check_scopes.py holds every scoped check to its scope). `reads_register`: the check reads the
    certificate register (`Workspace.register`); such checks run after the others, so that those run while the
    register is read on the other cores (tests/test_check_order.py holds every other check to not reading it)."""
    def register(f: F) -> F:
        CHECKS.append(f)
        if scope:
            SCOPES[f] = scope
        if reads_register:
            READS_REGISTER.add(f)
        return f
    return register(fn) if fn is not None else register


def _overlaps(a: str, b: str) -> bool:
    """One of the two paths is the other or a folder holding it."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def relevant(fn: CheckFn, wanted: list[str]) -> bool:
    """Whether a check can report on one of the `wanted` paths."""
    scope = SCOPES.get(fn)
    return not wanted or not scope or any(_overlaps(w, s) for w in wanted for s in scope)


_loaded = False


def load_all() -> None:
    """Import every check module so that it registers itself."""
    global _loaded
    if _loaded:
        return
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


def run(ctx: Context, paths: Iterable[str] = ()) -> list[Finding]:
    load_all()
    findings: list[Finding] = list(ctx.project.load_findings)
    findings.extend(ctx.calendar_findings)
    wanted = [p.rstrip("/") for p in paths if p not in ("", ".")]
    # those that wait for the register last: the others run while it is read on the other cores
    checks = sorted((fn for fn in CHECKS if relevant(fn, wanted)), key=lambda fn: fn in READS_REGISTER)
    for fn in checks:  # a check may start slow work (reading the register) to run beside the others
        prepare = getattr(fn, "prepare", None)
        if prepare is not None:
            prepare(ctx)
    for fn in checks:
        findings.extend(fn(ctx))
    if wanted:
        findings = [f for f in findings if any(f.path == w or f.path.startswith(w + "/") for w in wanted)]
    unique = sorted(set(findings), key=sort_key)
    return unique
