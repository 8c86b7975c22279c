"""The workspace: one session over a project, which every part of ustaz reads.

A `Workspace` is the project as of a day: the loaded project (programs, policy), and each other part of the
model — the working calendar, the deadlines, the courses, the certificate register, the support data, the
networks' tables, the staff list, the printable program texts — loaded once, on first use, into a typed
attribute. Checks, renderers, the site, the bot and the commands all read the same objects, so a table is
parsed once per run and every output shows the same due dates.

The workspace sits above the model and the domain loaders and below everything that reads them: it imports
the domain loaders inside its properties (they import `Workspace` only for typing), and nothing under
ustaz/checks. See content/en/reference/architecture.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .calendar import WorkingCalendar, load_calendar
from .deadline_rules import compute
from .deadlines import Clock, Deadline
from .findings import Finding
from .policy import Policy
from .project import Project

if TYPE_CHECKING:
    from .certificates.register import Register, RegisterFile
    from .courses.load import Courses
    from .networks.model import Networks
    from .support.data import SupportData
    from .teachers.model import Staff

RegisterAfter = Callable[["RegisterFile"], Any]
"""What `start_register` runs on each register file where it is read (its results: `register_extras`)."""


@dataclass(frozen=True, kw_only=True)
class _PendingRegister:
    wait: Callable[[], tuple[Register, list[Any] | None]]


@dataclass(frozen=True, kw_only=True)
class _ReadRegister:
    register: Register
    extras: list[Any] | None


@dataclass(kw_only=True)
class Workspace:
    project: Project
    today: dt.date
    base_ref: str | None = None  # git ref for append-only checks of the register
    _pending: _PendingRegister | None = field(default=None, init=False, repr=False, compare=False)
    _register: _ReadRegister | None = field(default=None, init=False, repr=False, compare=False)

    # --- the project itself -------------------------------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        return self.project.policy

    @property
    def root(self) -> Path:
        return self.project.root

    # --- the working calendar and the deadlines -----------------------------------------------------------------

    @cached_property
    def calendar_and_findings(self) -> tuple[WorkingCalendar, list[Finding]]:
        """The working calendar (data/calendar.yml over the country's holidays) and its loading findings."""
        return load_calendar(self.project.root, self.project.policy.country)

    @property
    def calendar(self) -> WorkingCalendar:
        return self.calendar_and_findings[0]

    @property
    def calendar_findings(self) -> list[Finding]:
        return self.calendar_and_findings[1]

    @cached_property
    def clock(self) -> Clock:
        return Clock(policy=self.project.policy, calendar=self.calendar, today=self.today)

    @cached_property
    def deadlines(self) -> list[Deadline]:
        """Every deadline of the project (the rules of ustaz/deadline_rules.py), in due-date order."""
        return compute(self)

    # --- the parts of the model besides the programs ------------------------------------------------------------

    @cached_property
    def courses(self) -> Courses:
        """The schedule and every cohort of the private tree."""
        from .courses.load import read_courses

        return read_courses(self.project.root, self.project.private_dir)

    def start_register(self, after: RegisterAfter | None = None, after_key: str | None = None) -> None:
        """Begin reading the certificate register while other work goes on (a large one is read on the other
        cores); `after` runs on each file where it is read, its results are `register_extras`; `after_key`
        names all that `after` reads besides the file, so that its result may be cached (ustaz/cache.py).
        Nothing happens when the register is being read or was read already."""
        if self._pending is not None or self._register is not None:
            return
        from .certificates.register import Register

        self._pending = _PendingRegister(wait=Register.start_loading(self.project.root, after, after_key))

    def _read_register(self) -> _ReadRegister:
        if self._register is None:
            pending, self._pending = self._pending, None
            if pending is not None:
                register, extras = pending.wait()
            else:
                from .certificates.register import Register

                register, extras = Register.load(self.project.root), None
            self._register = _ReadRegister(register=register, extras=extras)
        return self._register

    @property
    def register(self) -> Register:
        """The certificate register (waits for `start_register`'s reading, or reads it now)."""
        return self._read_register().register

    @property
    def register_extras(self) -> list[Any] | None:
        """What `after` of `start_register` gave for each file, in file order; None when it was not run."""
        return self._read_register().extras

    @cached_property
    def support(self) -> SupportData:
        """Support plans, half-year reports and organisations (the checks and the S-10 rule share it)."""
        from .support.data import load_support

        return load_support(self.project.root, self.project.private_dir)

    @cached_property
    def _networks_read(self) -> tuple[Networks, tuple[Finding, ...]]:
        from .networks.model import Networks

        nets, findings = Networks.load(self.project.root)
        return nets, tuple(findings)

    @property
    def networks(self) -> Networks:
        """The networks' public tables (organisations, centres, events, research)."""
        return self._networks_read[0]

    @property
    def network_findings(self) -> tuple[Finding, ...]:
        return self._networks_read[1]

    @cached_property
    def _staff_read(self) -> tuple[Staff | None, tuple[Finding, ...]]:
        private = self.project.private_dir
        if private is None:
            return None, ()
        from .teachers.model import Staff

        staff, findings = Staff.load(private, self.project.root)
        return staff, tuple(findings)

    @property
    def staff(self) -> Staff | None:
        """The private staff list and the courses its teachers took; None without one."""
        return self._staff_read[0]

    @property
    def staff_findings(self) -> tuple[Finding, ...]:
        return self._staff_read[1]

    @cached_property
    def printable(self) -> frozenset[tuple[str, str]]:
        """(program id, language) of every program text that prints without errors (P-7: the site offers
        those for download)."""
        # the section rule (P-4/P-5) is a pure function of the texts and the policy (ustaz/model/sections.py)
        from .model.sections import section_findings

        found = [f for b in self.project.programs for f in section_findings(b.texts, self.policy)]
        broken = {f.path for f in (*self.project.load_findings, *found) if f.is_error}
        out = set()
        for bundle in self.project.programs:
            program = bundle.program
            if program is None or program.path in broken:
                continue
            for lang in program.languages:
                text = bundle.texts.get(lang)
                if text is not None and text.path not in broken:
                    out.add((program.id, lang))
        return frozenset(out)
