"""The checks that read the certificate register run after the others (`checks.run`), so that the others run
while a large register is read on the other cores: at a million certificates the main process would otherwise
wait about 2.7 s doing nothing. That holds only if a check not declared `reads_register` never reads it: each
one is run here on every project the tests ship with a workspace whose register cannot be read, and each
declared one is shown to read it (a declaration no check needs would only slow the check down)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES, ROOT

from ustaz.checks import CHECKS, READS_REGISTER, Context, load_all, run
from ustaz.project import Project
from ustaz.workspace import Workspace

PROJECTS = {
    "broken": (FIXTURES / "broken", None),
    "broken-courses": (FIXTURES / "broken-courses", FIXTURES / "broken-courses/private"),
    "example": (ROOT, ROOT / "examples/private"),
    "kg-school": (ROOT / "examples/kg-school", None),
}


class RegisterRead(Exception):
    pass


def _forbid(self: Workspace) -> None:
    raise RegisterRead


def _workspace(name: str) -> Context:
    root, private = PROJECTS[name]
    return Context(project=Project.load(root, private), today=dt.date(2026, 11, 23))


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_a_check_not_declared_to_read_the_register_never_reads_it(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    load_all()
    monkeypatch.setattr(Workspace, "_read_register", _forbid)
    ctx = _workspace(name)
    ran = 0
    for fn in CHECKS:
        if fn in READS_REGISTER:
            continue
        try:
            list(fn(ctx))
        except RegisterRead:
            pytest.fail(f"{fn.__name__} reads the register: declare it with @check(reads_register=True)")
        ran += 1
    assert ran > 20


def test_every_declared_check_reads_the_register(monkeypatch: pytest.MonkeyPatch) -> None:
    load_all()
    assert READS_REGISTER
    monkeypatch.setattr(Workspace, "_read_register", _forbid)
    for fn in READS_REGISTER:
        reads = False
        for name in PROJECTS:
            ctx = _workspace(name)
            try:
                list(fn(ctx))
            except RegisterRead:
                reads = True
                break
        assert reads, f"{fn.__name__} is declared reads_register but reads no register"


def test_run_starts_the_register_checks_after_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check that does not read the register has run before the register is first waited for."""
    from ustaz import checks

    load_all()
    order: list[str] = []
    real = Workspace._read_register

    def noted(self: Workspace):  # type: ignore[no-untyped-def]
        order.append("(register)")
        return real(self)

    def spy(fn):  # type: ignore[no-untyped-def]
        def one(ctx: Context):  # type: ignore[no-untyped-def]
            order.append(fn.__name__)
            return fn(ctx)
        one.__name__ = fn.__name__
        return one

    wrapped = {fn: spy(fn) for fn in CHECKS}
    monkeypatch.setattr(Workspace, "_read_register", noted)
    monkeypatch.setattr(checks, "CHECKS", [wrapped[fn] for fn in reversed(CHECKS)])  # any order of registration
    monkeypatch.setattr(checks, "READS_REGISTER", {wrapped[fn] for fn in READS_REGISTER})
    run(_workspace("example"))
    first = order.index("(register)")
    assert first > 0  # a check asked for it
    others = {fn.__name__ for fn in CHECKS if fn not in READS_REGISTER}
    assert others <= set(order[:first]), others - set(order[:first])
    assert order[first - 1] not in others  # the read was a declared check's
