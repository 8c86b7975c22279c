"""program.yml → Program (contract in DESIGN.md "Program files")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import LocMap, load_yaml
from ..vocab import Event, Form, LiteratureKind, Origin, Outcome, ProgramKind, ReviewDecision
from .fields import WRONG_TYPE, Reader, localized

PROGRAM_ID = define("program-id", "A program's id is malformed or differs from its folder name.")
PROGRAM_FILE = define("program-file", "A program folder has no program.yml, or it is not a mapping.")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
PROGRAM_KEYS = ("id", "title", "direction", "audience", "kind", "hours", "form", "languages", "authors",
                "modules", "literature", "lifecycle")


@dataclass(frozen=True, kw_only=True)
class Author:
    name: str
    github: str
    line: int


@dataclass(frozen=True, kw_only=True)
class ModuleHours:
    theory: int
    practice: int
    independent: int

    @property
    def total(self) -> int:
        return self.theory + self.practice + self.independent


@dataclass(frozen=True, kw_only=True)
class Module:
    title: Mapping[str, str]
    hours: ModuleHours
    line: int


@dataclass(frozen=True, kw_only=True)
class Literature:
    ref: str
    year: int
    kind: LiteratureKind
    origin: Origin
    line: int


@dataclass(frozen=True, kw_only=True)
class LifecycleEntry:
    event: Event
    date: dt.date
    line: int
    protocol: str = ""
    order: str = ""
    due: dt.date | None = None
    url: str = ""
    outcome: Outcome | None = None  # expert-conclusion; None when absent or not a known outcome (a finding)
    decision: ReviewDecision | None = None  # reviewed; None when absent or not a known decision (a finding)


# the extra keys each event carries (contract)
EVENT_KEYS: dict[Event, tuple[str, ...]] = {
    Event.NEEDS_ANALYSIS: ("protocol",),
    Event.DEVELOPMENT_ORDERED: ("order", "due"),
    Event.DISCUSSION_OPENED: ("url",),
    Event.DISCUSSION_CLOSED: (),
    Event.SUBMITTED: (),
    Event.EXPERT_CONCLUSION: ("outcome",),
    Event.RESUBMITTED: (),
    Event.APPROVED: ("order",),
    Event.REVIEWED: ("decision", "protocol", "order"),
    Event.REVOKED: ("order",),
}
OPTIONAL_EVENT_KEYS = ("note", "protocol", "order", "url")


@dataclass(frozen=True, kw_only=True)
class Program:
    id: str
    folder: str  # e.g. programs/robotics-basics
    path: str  # programs/<id>/program.yml
    title: Mapping[str, str]
    direction: str
    audience: Mapping[str, str]
    kind: ProgramKind | None  # None when absent or not a known kind (load_findings say why)
    hours: int
    form: Form | None  # None when absent or not a known form (load_findings say why)
    languages: tuple[str, ...]
    authors: tuple[Author, ...]
    modules: tuple[Module, ...]
    literature: tuple[Literature, ...]
    lifecycle: tuple[LifecycleEntry, ...]
    lines: Mapping[str, int] = field(repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def events(self, event: Event | str) -> list[LifecycleEntry]:
        return [e for e in self.lifecycle if e.event == event]

    def last(self, event: Event | str) -> LifecycleEntry | None:
        found = self.events(event)
        return found[-1] if found else None

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.id)

    @classmethod
    def from_yaml(cls, path: Path, root: Path) -> tuple[Program | None, list[Finding]]:
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        data, findings = _mapping(path, shown)
        if data is None:
            return None, findings
        r = Reader(data, shown, findings)
        r.known_keys(*PROGRAM_KEYS)
        pid = _program_id(r, path.parent.name)
        title, audience = localized(r, "title"), localized(r, "audience")
        direction = r.text("direction") or ""
        kind, hours, form = r.choice("kind", ProgramKind), r.integer("hours"), r.choice("form", Form)
        languages = _languages(r)
        authors = _authors(r)
        modules = _modules(r)
        literature = _literature(r)
        lifecycle = _lifecycle(r)
        program = cls(
            id=pid or path.parent.name,
            folder=Path(shown).parent.as_posix(),
            path=shown,
            title=title,
            direction=direction,
            audience=audience,
            kind=kind,
            hours=hours if hours is not None else -1,
            form=form,
            languages=languages,
            authors=authors,
            modules=modules,
            literature=literature,
            lifecycle=lifecycle,
            lines=_lines(data),
        )
        return program, findings


# --- the parts of program.yml, each read by one function (in the file's order, so the findings are too) ---


def _mapping(path: Path, shown: str) -> tuple[LocMap | None, list[Finding]]:
    """program.yml as a mapping; None (with the finding why) when it is unreadable, empty or not a mapping."""
    data, findings = load_yaml(path, shown)
    if data is None:
        if not findings:
            findings.append(error(shown, 1, PROGRAM_FILE, t("program.yml is empty; start from `ustaz new program ID`")))
        return None, findings
    if not isinstance(data, LocMap):
        findings.append(error(shown, 1, PROGRAM_FILE, t("program.yml must be a mapping of keys (id, title, …)")))
        return None, findings
    return data, findings


def _program_id(r: Reader, folder: str) -> str | None:
    pid = r.text("id")
    if pid is not None:
        if not ID_PATTERN.match(pid):
            r.err("id", PROGRAM_ID, t("id {pid!r} must be 3–64 characters of a-z, 0-9 and '-', starting with a letter or digit", pid=pid))
        elif pid != folder:
            r.err("id", PROGRAM_ID, t("id {pid!r} must equal the folder name {name!r}; rename one of them", pid=pid, name=folder))
    return pid


def _languages(r: Reader) -> tuple[str, ...]:
    listed = r.sequence("languages")
    if listed is None:
        return ()
    for i, lang in enumerate(listed):
        if not isinstance(lang, str):
            r.findings.append(error(r.path, listed.line_of(i), WRONG_TYPE, t("language {lang!r} must be a code like kk or ru", lang=lang)))
    return tuple(lang for lang in listed if isinstance(lang, str))


def _authors(r: Reader) -> tuple[Author, ...]:
    authors: list[Author] = []
    for i, m in r.each_mapping("authors"):
        a = r.child(m, f"authors[{i}].")
        a.known_keys("name", "github", "email")
        name = a.text("name")
        login = a.text("github", required=False) or ""
        if name:
            authors.append(Author(name=name, github=login, line=m.line))
    return tuple(authors)


def _modules(r: Reader) -> tuple[Module, ...]:
    modules: list[Module] = []
    for i, m in r.each_mapping("modules"):
        mr = r.child(m, f"modules[{i}].")
        mr.known_keys("title", "hours")
        title = localized(mr, "title")
        hm = mr.mapping("hours")
        hours = _module_hours(mr.child(hm, f"modules[{i}].hours.")) if hm is not None else None
        if hours is not None:
            modules.append(Module(title=title, hours=hours, line=m.line))
    return tuple(modules)


def _module_hours(hr: Reader) -> ModuleHours | None:
    hr.known_keys("theory", "practice", "independent")
    theory, practice, independent = hr.integer("theory"), hr.integer("practice"), hr.integer("independent", required=False)
    if theory is None or practice is None:
        return None
    return ModuleHours(theory=theory, practice=practice, independent=independent or 0)


def _literature(r: Reader) -> tuple[Literature, ...]:
    literature: list[Literature] = []
    for i, m in r.each_mapping("literature"):
        lr = r.child(m, f"literature[{i}].")
        lr.known_keys("ref", "year", "kind", "origin")
        ref, year = lr.text("ref"), lr.integer("year")
        kind, origin = lr.choice("kind", LiteratureKind), lr.choice("origin", Origin)
        if ref and year is not None and kind and origin:
            literature.append(Literature(ref=ref, year=year, kind=kind, origin=origin, line=m.line))
    return tuple(literature)


def _lifecycle(r: Reader) -> tuple[LifecycleEntry, ...]:
    entries = (_lifecycle_entry(r.child(m, f"lifecycle[{i}]."))
               for i, m in r.each_mapping("lifecycle", required=False))
    return tuple(entry for entry in entries if entry is not None)


def _lifecycle_entry(er: Reader) -> LifecycleEntry | None:
    """One event with the keys it carries (EVENT_KEYS); None when its event or date cannot be read."""
    event, when = er.choice("event", Event), er.date("date")
    if event is None or when is None:
        return None
    needed = EVENT_KEYS[event]
    er.known_keys("event", "date", *needed, *OPTIONAL_EVENT_KEYS)
    texts: dict[str, str] = {}
    due: dt.date | None = None
    outcome: Outcome | None = None
    decision: ReviewDecision | None = None
    for key in needed:
        if key == "due":
            due = er.date("due")
        elif key == "outcome":
            outcome = er.choice("outcome", Outcome)
        elif key == "decision":
            decision = er.choice("decision", ReviewDecision)
        else:
            texts[key] = er.text(key) or ""
    for key in ("protocol", "order", "url"):
        if key not in needed and key in er.m:
            texts[key] = er.text(key, required=False) or ""
    return LifecycleEntry(event=event, date=when, line=er.m.line, protocol=texts.get("protocol", ""),
                          order=texts.get("order", ""), url=texts.get("url", ""), due=due, outcome=outcome,
                          decision=decision)


def _lines(data: LocMap) -> dict[str, int]:
    """The line of each top-level key, and of each text of a localized one (`title.kk`, `modules[0].title.ru`),
    so a finding about one language's text points at its line."""
    lines = dict(data.key_lines)
    for key in ("title", "audience"):
        texts = data.get(key)
        if isinstance(texts, LocMap):
            lines.update({f"{key}.{lang}": texts.line_of(lang) for lang in texts})
    modules = data.get("modules")
    for i, module in enumerate(modules if isinstance(modules, list) else []):
        texts = module.get("title") if isinstance(module, LocMap) else None
        if isinstance(texts, LocMap):
            lines.update({f"modules[{i}].title.{lang}": texts.line_of(lang) for lang in texts})
    return lines
