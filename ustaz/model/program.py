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
    kind: str
    origin: str
    line: int


@dataclass(frozen=True, kw_only=True)
class LifecycleEntry:
    event: str
    date: dt.date
    line: int
    protocol: str = ""
    order: str = ""
    due: dt.date | None = None
    url: str = ""
    outcome: str = ""
    decision: str = ""


# the extra keys each event carries (contract)
EVENT_KEYS: dict[str, tuple[str, ...]] = {
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
    kind: str
    hours: int
    form: str
    languages: tuple[str, ...]
    authors: tuple[Author, ...]
    modules: tuple[Module, ...]
    literature: tuple[Literature, ...]
    lifecycle: tuple[LifecycleEntry, ...]
    lines: Mapping[str, int] = field(repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def events(self, event: Event | str) -> list[LifecycleEntry]:
        name = event.value if isinstance(event, Event) else event
        return [e for e in self.lifecycle if e.event == name]

    def last(self, event: Event | str) -> LifecycleEntry | None:
        found = self.events(event)
        return found[-1] if found else None

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.id)

    @classmethod
    def from_yaml(cls, path: Path, root: Path) -> tuple[Program | None, list[Finding]]:
        folder = path.parent
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        data, findings = load_yaml(path, shown)
        if data is None:
            if not findings:
                findings.append(error(shown, 1, PROGRAM_FILE, t("program.yml is empty; start from `ustaz new program ID`")))
            return None, findings
        if not isinstance(data, LocMap):
            findings.append(error(shown, 1, PROGRAM_FILE, t("program.yml must be a mapping of keys (id, title, …)")))
            return None, findings
        r = Reader(data, shown, findings)
        r.known_keys(*PROGRAM_KEYS)
        pid = r.text("id")
        if pid is not None:
            if not ID_PATTERN.match(pid):
                r.err("id", PROGRAM_ID, t("id {pid!r} must be 3–64 characters of a-z, 0-9 and '-', starting with a letter or digit", pid=pid))
            elif pid != folder.name:
                r.err("id", PROGRAM_ID, t("id {pid!r} must equal the folder name {name!r}; rename one of them", pid=pid, name=folder.name))
        title = localized(r, "title")
        audience = localized(r, "audience")
        direction = r.text("direction") or ""
        kind = r.choice("kind", ProgramKind) or ""
        hours = r.integer("hours")
        form = r.choice("form", Form) or ""
        langs_raw = r.sequence("languages")
        languages: list[str] = []
        if langs_raw is not None:
            for i, lang in enumerate(langs_raw):
                if not isinstance(lang, str):
                    findings.append(error(shown, langs_raw.line_of(i), WRONG_TYPE, t("language {lang!r} must be a code like kk or ru", lang=lang)))
                else:
                    languages.append(lang)
        authors: list[Author] = []
        for i, m in r.each_mapping("authors"):
            a = r.child(m, f"authors[{i}].")
            a.known_keys("name", "github", "email")
            name = a.text("name")
            login = a.text("github", required=False) or ""
            if name:
                authors.append(Author(name=name, github=login, line=m.line))
        modules: list[Module] = []
        for i, m in r.each_mapping("modules"):
            mr = r.child(m, f"modules[{i}].")
            mr.known_keys("title", "hours")
            mtitle = localized(mr, "title")
            hm = mr.mapping("hours")
            if hm is None:
                continue
            hr = mr.child(hm, f"modules[{i}].hours.")
            hr.known_keys("theory", "practice", "independent")
            th, pr, ind = hr.integer("theory"), hr.integer("practice"), hr.integer("independent", required=False)
            if th is None or pr is None:
                continue
            modules.append(Module(title=mtitle, hours=ModuleHours(theory=th, practice=pr, independent=ind or 0), line=m.line))
        literature: list[Literature] = []
        for i, m in r.each_mapping("literature"):
            lr = r.child(m, f"literature[{i}].")
            lr.known_keys("ref", "year", "kind", "origin")
            ref, year = lr.text("ref"), lr.integer("year")
            lkind, origin = lr.choice("kind", LiteratureKind), lr.choice("origin", Origin)
            if ref and year is not None and lkind and origin:
                literature.append(Literature(ref=ref, year=year, kind=lkind, origin=origin, line=m.line))
        lifecycle: list[LifecycleEntry] = []
        for i, m in r.each_mapping("lifecycle", required=False):
            er = r.child(m, f"lifecycle[{i}].")
            event = er.choice("event", Event)
            when = er.date("date")
            if event is None or when is None:
                continue
            needed = EVENT_KEYS[event]
            er.known_keys("event", "date", *needed, *OPTIONAL_EVENT_KEYS)
            values: dict[str, object] = {}
            for key in needed:
                if key == "due":
                    values["due"] = er.date("due")
                elif key == "outcome":
                    values["outcome"] = er.choice("outcome", Outcome) or ""
                elif key == "decision":
                    values["decision"] = er.choice("decision", ReviewDecision) or ""
                else:
                    values[key] = er.text(key) or ""
            for key in ("protocol", "order", "url"):
                if key not in needed and key in m:
                    values[key] = er.text(key, required=False) or ""
            lifecycle.append(LifecycleEntry(event=event, date=when, line=m.line, **values))  # type: ignore[arg-type]
        program = cls(
            id=pid or folder.name,
            folder=str(Path(shown).parent.as_posix()),
            path=shown,
            title=title,
            direction=direction,
            audience=audience,
            kind=kind,
            hours=hours if hours is not None else -1,
            form=form,
            languages=tuple(languages),
            authors=tuple(authors),
            modules=tuple(modules),
            literature=tuple(literature),
            lifecycle=tuple(lifecycle),
            lines=_lines(data),
        )
        return program, findings


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
