"""The workspace (issue #20): one typed session that loads each part of a project once and that every part of
ustaz reads; deadline rules in one explicit registry; the data path runs one way (load → check → render)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ustaz import checks
from ustaz.project import Project
from ustaz.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)  # the example centre's checked_as_of


def test_s10_rule_is_listed_without_importing_the_cli_or_the_checks() -> None:
    """S-10: the half-year report rule is in the registry itself, not registered by an import of the CLI
    (it was: `cli/monitoring.py` imported support.reports for that side effect). A fresh interpreter that
    imports only the workspace and the registry computes the example centre's S-10 deadlines."""
    code = f"""
import datetime as dt, json, sys
from pathlib import Path
import ustaz.deadline_rules as rules
from ustaz.project import Project
from ustaz.workspace import Workspace
root = Path({str(ROOT)!r})
names = [f"{{r.__module__}}.{{r.__name__}}" for r in rules.PROJECT_RULES]
ws = Workspace(project=Project.load(root, root / "examples" / "private"), today=dt.date(2026, 11, 23))
s10 = [d for d in ws.deadlines if d.rule == "S-10"]
loaded = sorted(m for m in sys.modules if m == "ustaz.checks" or m.startswith(("ustaz.checks.", "ustaz.cli")))
print(json.dumps([names, len(s10), loaded]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    names, count, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert "ustaz.support.reports.half_year_reports" in names
    assert count > 0, "the example centre owes S-10 reports: the rule computed none"
    assert loaded == [], f"the workspace pulled in {loaded}"


def test_the_registry_lists_every_program_rule_once() -> None:
    """P-3, P-6, P-9, P-10, P-11 come from the registry's program rules; each rule is listed once."""
    from ustaz import deadline_rules

    assert len(set(deadline_rules.PROGRAM_RULES)) == len(deadline_rules.PROGRAM_RULES)
    project = Project.load(ROOT)
    ws = Workspace(project=project, today=TODAY)
    from_rules = {d.rule for p in project.program_map.values() for r in deadline_rules.PROGRAM_RULES
                  for d in r(p, ws.clock)}
    assert from_rules <= {"P-3", "P-6", "P-9", "P-10", "P-11"}
    assert {d.rule for d in ws.deadlines} >= from_rules


def test_context_is_the_workspace() -> None:
    assert checks.Context is Workspace


class _Counter:
    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return fn(*args, **kwargs)
        return counted


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Counter]:
    """Every loader the workspace calls, counted."""
    import ustaz.workspace as ws_module
    from ustaz.calendar import load_calendar
    from ustaz.certificates.register import Register
    from ustaz.courses import load as courses_load
    from ustaz.deadline_rules import compute
    from ustaz.networks.model import Networks
    from ustaz.support import data as support_data
    from ustaz.teachers.model import Staff

    counter = _Counter()
    monkeypatch.setattr(courses_load, "read_courses", counter.wrap("courses", courses_load.read_courses))
    monkeypatch.setattr(support_data, "load_support", counter.wrap("support", support_data.load_support))
    monkeypatch.setattr(ws_module, "load_calendar", counter.wrap("calendar", load_calendar))
    monkeypatch.setattr(ws_module, "compute", counter.wrap("deadlines", compute))
    # a plain function on the class, called on the class, calls the bound class method it wraps
    monkeypatch.setattr(Networks, "load", counter.wrap("networks", Networks.load))
    monkeypatch.setattr(Staff, "load", counter.wrap("staff", Staff.load))
    monkeypatch.setattr(Register, "start_loading", counter.wrap("register", Register.start_loading))
    yield counter


def test_each_part_loads_once_in_a_whole_check_run(project: Path, counted: _Counter) -> None:
    """`ustaz check` with the private tree: every check, the deadlines and the S-10 rule read the same
    courses, register, support data, networks, staff list and calendar — each loaded exactly once."""
    ws = Workspace(project=Project.load(project, project / "examples" / "private"), today=TODAY)
    checks.run(ws)
    assert ws.deadlines is ws.deadlines
    assert (ws.courses, ws.support, ws.networks, ws.staff, ws.register, ws.calendar) == \
        (ws.courses, ws.support, ws.networks, ws.staff, ws.register, ws.calendar)
    assert ws.staff is not None, "the example private tree has a staff list"
    assert counted.calls == {"courses": 1, "support": 1, "calendar": 1, "deadlines": 1, "networks": 1,
                             "staff": 1, "register": 1}


def test_each_part_is_the_same_object_on_every_access(project: Path) -> None:
    ws = Workspace(project=Project.load(project, project / "examples" / "private"), today=TODAY)
    assert ws.courses is ws.courses
    assert ws.support is ws.support
    assert ws.networks is ws.networks
    assert ws.staff is ws.staff
    assert ws.register is ws.register
    assert ws.calendar is ws.calendar
    assert ws.clock is ws.clock
    assert ws.deadlines is ws.deadlines
    assert ws.printable is ws.printable
    other = Workspace(project=ws.project, today=TODAY)
    assert other.courses is not ws.courses  # a cache per workspace, not per project object or process


def test_register_read_in_the_background_is_the_register(project: Path) -> None:
    """C-20: `start_register` begins reading (a large register on other cores); `register` waits for that
    reading and `register_extras` holds what ran on each file; a second start is a no-op."""
    ws = Workspace(project=Project.load(project), today=TODAY)
    ws.start_register(after=lambda rf: rf.path)
    ws.start_register(after=lambda rf: "never")
    register = ws.register
    assert register is ws.register
    assert len(register) == len(Workspace(project=ws.project, today=TODAY).register)
    extras = ws.register_extras
    assert extras is None or extras == [rf.path for rf in register.files]  # None: small, read in this process
    ws.start_register()  # after the reading: nothing starts again
    assert ws.register is register


def test_printable_lists_texts_without_errors(project: Path) -> None:
    """P-7: a program text with a broken section is not printable; the others are."""
    ws = Workspace(project=Project.load(project), today=TODAY)
    printable = ws.printable
    assert printable, "the example programs print"
    program_id, lang = min(printable)
    text = project / "programs" / program_id / f"program.{lang}.md"
    text.write_text(text.read_text(encoding="utf-8").replace("\n## ", "\n### ", 1), encoding="utf-8")
    broken = Workspace(project=Project.load(project), today=TODAY).printable
    assert (program_id, lang) not in broken
    assert broken == printable - {(program_id, lang)}


# the renderers, the site and the domain packages read the workspace; only the CLI, the bot and the build
# (ustaz/build.py) run the checker
NO_CHECKS = ("documents", "site", "courses", "certificates", "support", "networks", "teachers", "monitoring",
             "aggregates", "model")


def _imports(path: Path, module: str) -> Iterator[tuple[int, str]]:
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:  # `from .. import checks`
                yield node.lineno, f"{target}.{alias.name}"


def test_no_renderer_or_domain_module_imports_the_checks() -> None:
    """The data path runs one way: load → check → render. No module under these packages imports
    ustaz.checks (a rule both a check and a renderer need is a pure function of the model)."""
    offenders = []
    for folder in NO_CHECKS:
        for path in sorted((ROOT / "ustaz" / folder).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for line, target in _imports(path, module):
                if target == "ustaz.checks" or target.startswith("ustaz.checks."):
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: {target}")
    assert offenders == []
