"""P-8: the package sent to the authorised body for agreement.

In the order of P-8: the cover letter on the centre's letterhead; the draft program (.docx per
language); the copy of the methodological council's protocol (P-2) and of the director's order (P-3)
— the scanned copy when attachments.yml names one, else a reference (number and date) from the
lifecycle; the active link to the draft as published for public discussion (P-6). A manifest (JSON
and text) says what is included and what is missing; anything missing is an error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, error, warning
from ..i18n import t
from ..model.program import LifecycleEntry, Program
from ..project import Project
from ..vocab import DIRECTION_NAMES, FORM_NAMES, LANGUAGE_NAMES, Event, name_in
from .attachments import load_attachments
from .codes import PACKAGE_COPY, PACKAGE_DISCUSSION_OPEN, PACKAGE_LINK, PACKAGE_MISSING
from .labels import day
from .letters import build_letter
from .program import build_program, organisation_text
from .templates import Raw

_ACTIVE = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")

INCLUDED, REFERENCE, MISSING = "included", "reference", "missing"


@dataclass(frozen=True, kw_only=True)
class Item:
    item: str  # cover-letter | program | protocol | order | discussion-link | attachment
    status: str  # included | reference | missing
    file: str = ""  # the file in the package
    detail: str = ""  # protocol No. 3 of 15.01.2026, the URL, …
    source: str = ""  # where it came from (path:line)

    def as_json(self) -> dict[str, str]:
        return {"item": self.item, "status": self.status, "file": self.file, "detail": self.detail,
                "source": self.source}


@dataclass(frozen=True, kw_only=True)
class Package:
    program: str
    made: dt.date
    items: tuple[Item, ...]
    files: dict[str, bytes | Path] = field(repr=False)  # name in the package → content or a file to copy
    findings: tuple[Finding, ...]

    @property
    def sendable(self) -> bool:
        """No errors: the package may go out (its warnings read first)."""
        return not any(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if not f.is_error)

    @property
    def complete(self) -> bool:
        """Nothing to add: no error and no warning (an item only referenced, not enclosed, is a warning)."""
        return not self.findings

    @property
    def state(self) -> str:
        return "complete" if self.complete else "with-warnings" if self.sendable else "incomplete"

    def manifest(self) -> dict[str, Any]:
        return {"program": self.program, "made": self.made.isoformat(), "complete": self.complete,
                "state": self.state, "items": [i.as_json() for i in self.items],
                "findings": [f.as_json() for f in self.findings]}

    def manifest_text(self) -> str:
        if self.complete:
            head = "COMPLETE"
        elif self.sendable:
            head = t("NOT COMPLETE — {count} warning(s) below: read them before sending (an item only referenced "
                     "is not enclosed)", count=self.warnings)
        else:
            head = "INCOMPLETE — do not send: fix the errors below and run it again"
        lines = [f"Agreement package (P-8) for {self.program}, made {self.made.isoformat()}: {head}", ""]
        for n, i in enumerate(self.items, start=1):
            what = i.file or i.detail
            extra = f" — {i.detail}" if i.file and i.detail else ""
            lines.append(f"{n}. [{i.status}] {i.item}: {what}{extra}")
        if self.findings:
            lines += ["", "Findings:"] + [f"  {f.text()}" for f in self.findings]
        return "\n".join(lines) + "\n"


def _at(program: Program, entry: LifecycleEntry | None, key: str = "lifecycle") -> str:
    return f"{program.path}:{entry.line if entry else program.line_of(key)}"


def build_package(project: Project, program_id: str, letter_lang: str, made: dt.date) -> Package:
    bundle = project.bundle(program_id)
    if bundle is None or bundle.program is None:
        raise LookupError(program_id)
    program = bundle.program
    findings: list[Finding] = []
    items: list[Item] = []
    files: dict[str, bytes | Path] = {}
    attachments, more = load_attachments(project.root / bundle.folder, bundle.folder)
    findings += more
    copies = {a.role: a for a in attachments if a.role in ("protocol", "order")}

    protocol = program.last(Event.NEEDS_ANALYSIS)
    order = program.last(Event.DEVELOPMENT_ORDERED)
    opened = program.last(Event.DISCUSSION_OPENED)
    lifecycle_line = program.line_of("lifecycle")

    # 1. the draft program, one .docx per language (it is the subject of the letter, so it is built first)
    program_files: list[str] = []
    for lang in program.languages:
        built = build_program(project, program_id, lang)
        findings += built.findings
        name = f"02-{program_id}.{lang}.docx"
        if built.content is not None:
            files[name] = built.content
            program_files.append(name)
            items.append(Item(item="program", status=INCLUDED, file=name,
                              detail=program.title_in(lang), source=f"{bundle.folder}/program.{lang}.md"))
        else:
            items.append(Item(item="program", status=MISSING, detail=f"program.{lang}.md could not be printed",
                              source=f"{bundle.folder}/program.{lang}.md"))

    # 2. protocol (P-2) and order (P-3): a copy when attachments.yml names one, else a reference
    for role, entry, number, what, rule in (
        ("protocol", protocol, protocol.protocol if protocol else "", "the methodological council's protocol", "P-2"),
        ("order", order, order.order if order else "", "the director's development order", "P-3"),
    ):
        event = Event.NEEDS_ANALYSIS if role == "protocol" else Event.DEVELOPMENT_ORDERED
        if entry is None or not number:
            key = "protocol" if role == "protocol" else "order"
            findings.append(error(program.path, entry.line if entry else lifecycle_line, PACKAGE_MISSING,
                                  t("the package needs {what} ({rule}, P-8): record it in the lifecycle as `- {{event: {value}, date: YYYY-MM-DD, {key}: \"N\"}}`", what=what, rule=rule, value=event.value, key=key)))
            items.append(Item(item=role, status=MISSING, detail=what, source=_at(program, entry)))
            continue
        detail = f"No. {number} of {day(entry.date)}"
        copy = copies.get(role)
        if copy is not None:
            name = f"{'03' if role == 'protocol' else '04'}-{role}{copy.file.suffix.lower()}"
            files[name] = copy.file
            items.append(Item(item=role, status=INCLUDED, file=name, detail=detail,
                              source=f"{copy.shown}:{copy.line}"))
        else:
            findings.append(warning(program.path, entry.line, PACKAGE_COPY,
                                    t("only a reference to {what} ({detail}) goes into the package; add its scanned copy to {folder}/attachments.yml as `{role}: attachments/FILE.pdf`", what=what, detail=detail, folder=bundle.folder, role=role)))
            items.append(Item(item=role, status=REFERENCE, detail=detail, source=_at(program, entry)))

    # 3. the active link to the public discussion (P-6)
    url = opened.url.strip() if opened else ""
    if opened is None or not url:
        findings.append(error(program.path, opened.line if opened else lifecycle_line, PACKAGE_MISSING,
                              t("the package needs the active link to the draft published for public discussion (P-6, P-8): record `- {{event: discussion-opened, date: YYYY-MM-DD, url: \"https://…\"}}`")))
        items.append(Item(item="discussion-link", status=MISSING, source=_at(program, opened)))
    elif not _ACTIVE.match(url):
        findings.append(error(program.path, opened.line, PACKAGE_LINK,
                              t("the discussion link {url!r} is not an active link; write the full https:// address of the published draft", url=url)))
        items.append(Item(item="discussion-link", status=MISSING, detail=url, source=_at(program, opened)))
    else:
        items.append(Item(item="discussion-link", status=INCLUDED, detail=url, source=_at(program, opened)))
        closed = [e for e in program.events(Event.DISCUSSION_CLOSED) if e.date >= opened.date]
        if not closed:
            findings.append(warning(program.path, opened.line, PACKAGE_DISCUSSION_OPEN,
                                    t("the public discussion opened on {day} has not closed; P-6 sends a draft for agreement after its discussion", day=day(opened.date))))

    for n, a in enumerate((a for a in attachments if a.role == "other"), start=5):
        name = f"{n:02d}-{a.file.name}"
        files[name] = a.file
        items.append(Item(item="attachment", status=INCLUDED, file=name, detail=a.title, source=f"{a.shown}:{a.line}"))

    # 4. the cover letter, last to build and first in the package: it lists what is enclosed
    context = letter_context(project, program, letter_lang, made, items)
    letter = build_letter(project.root, project.policy, "cover-letter", letter_lang, context,
                          title=f"{program.title_in(letter_lang)}")
    findings += letter.findings
    if letter.content is not None:
        name = f"01-cover-letter.{letter_lang}.docx"
        files[name] = letter.content
        items.insert(0, Item(item="cover-letter", status=INCLUDED, file=name, source="cover-letter template"))
    else:
        items.insert(0, Item(item="cover-letter", status=MISSING, source="cover-letter template"))
    return Package(program=program_id, made=made, items=tuple(items), files=files,
                   findings=tuple(sorted(set(findings), key=lambda f: (f.path, f.line or 0, f.code))))


def letter_context(project: Project, program: Program, lang: str, made: dt.date,
                   items: list[Item]) -> dict[str, Any]:
    """What the cover-letter template sees (documented in reference/documents)."""
    org = project.policy.organisation
    by_item = {i.item: i for i in items}

    def event(e: Event, key: str) -> dict[str, str] | None:
        entry = program.last(e)
        if entry is None:
            return None
        return {"number": getattr(entry, key), "date": day(entry.date)}

    opened = program.last(Event.DISCUSSION_OPENED)
    return {
        "lang": lang,
        "date": day(made),
        "organisation": {
            "name": organisation_text(org, "name", lang),
            "director": organisation_text(org, "director", lang),
            "address": organisation_text(org, "address", lang),
            "city": organisation_text(org, "city", lang),
            "authority": organisation_text(org, "authority", lang),
            "site_url": Raw(project.policy.site_url),
        },
        "program": {
            "id": program.id,
            "title": program.title_in(lang),
            "titles": dict(program.title),
            "hours": program.hours,
            "kind": program.kind or "",
            "form": name_in(FORM_NAMES, program.form, lang).lower(),  # printed inside a sentence
            "direction": name_in(DIRECTION_NAMES, program.direction, lang).lower(),
            "languages": [name_in(LANGUAGE_NAMES, code, lang).lower() for code in program.languages],
        },
        "protocol": event(Event.NEEDS_ANALYSIS, "protocol"),
        "order": event(Event.DEVELOPMENT_ORDERED, "order"),
        "discussion": {"url": Raw(opened.url), "opened": day(opened.date)} if opened else None,
        "enclosures": [{"item": i.item, "status": i.status, "file": i.file, "detail": i.detail}
                       for i in items if i.status != MISSING and i.item != "discussion-link"],
        "copies": {role: by_item[role].status == INCLUDED for role in ("protocol", "order") if role in by_item},
    }


PACKAGE_MARK = "manifest.json"


def write_package(package: Package, target: Path) -> list[Path]:
    """Write the package into ``target``: a new folder, or one that holds an earlier ustaz package
    (anything else is refused, so `-o .` never mixes a package into a working folder).
    The new folder is assembled beside the target and swapped in, so readers never see half a package."""
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / PACKAGE_MARK).exists())):
        raise FileExistsError(f"{target} exists and is not an ustaz package; choose a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        written = []
        for name, content in package.files.items():
            dest = staging / name
            if isinstance(content, Path):
                shutil.copyfile(content, dest)
            else:
                dest.write_bytes(content)
            written.append(target / name)
        (staging / PACKAGE_MARK).write_text(json.dumps(package.manifest(), ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
        (staging / "manifest.txt").write_text(package.manifest_text(), encoding="utf-8")
        for f in staging.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return [*written, target / PACKAGE_MARK, target / "manifest.txt"]
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
