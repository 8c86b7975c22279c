"""Which version of a program a listener was taught, and where its public discussion is recorded.

A program's version is the SHA-256 of its files (``program.yml`` and every ``program.<lang>.md`` of its folder)
as they were when its approval was recorded: the first commit whose ``program.yml`` lists that ``approved`` event
(read with real ``git``, bounded). Outside a git repository, or before the approval is committed, the files in the
working tree stand in (and say so). A certificate names the last approval on or before its course's end.

The digest: for each file in name order, ``name NUL size NUL bytes``, all hashed together — so a file renamed,
added or dropped changes it too. `digest_of` recomputes it from any copy of the folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..model.program import Program
from ..sourcefile import decode, parse_yaml
from ..vocab import Event

MAX_COMMITS = 2000  # an approval is looked for in at most this many commits of a program's history
MAX_FILE_BYTES = 2_000_000
GIT_TIMEOUT = 60
_FILE = re.compile(r"^program(\.[a-z]{2,3})?\.(yml|md)$")


@dataclass(frozen=True)
class Version:
    program: str
    approved: dt.date
    order: str
    sha256: str
    commit: str  # '' when the working tree stood in
    discussion: str  # the published discussion record's URL

    @property
    def digest(self) -> str:
        return f"sha256:{self.sha256}"


def program_file(name: str) -> bool:
    return bool(_FILE.match(name)) and (name == "program.yml" or name.endswith(".md"))


def digest_of(files: Iterable[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, body in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + str(len(body)).encode("ascii") + b"\0" + body)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    return digest_of((p.name, p.read_bytes()) for p in sorted(folder.iterdir())
                     if p.is_file() and not p.is_symlink() and program_file(p.name))


def _git(root: Path, *args: str) -> bytes | None:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _approvals_in(text: bytes) -> set[dt.date]:
    # a past program.yml is as hostile as today's: the bounded reader (size, nesting, aliases), never a bare parser
    decoded, problems = decode(text[:MAX_FILE_BYTES], "program.yml")
    data, more = parse_yaml(decoded, "program.yml") if decoded is not None else (None, problems)
    if problems or more:
        return set()
    events = data.get("lifecycle") if isinstance(data, dict) else None
    out: set[dt.date] = set()
    for e in events if isinstance(events, list) else []:
        if isinstance(e, dict) and e.get("event") == Event.APPROVED.value:
            day = e.get("date")
            if isinstance(day, dt.date):
                out.add(day)
            elif isinstance(day, str):
                try:
                    out.add(dt.date.fromisoformat(day))
                except ValueError:
                    pass
    return out


def _at_commit(root: Path, folder: str, commit: str) -> str | None:
    names = _git(root, "ls-tree", "--name-only", commit, f"{folder}/")
    if names is None:
        return None
    files = []
    for path in names.decode("utf-8", "replace").splitlines():
        name = path.rsplit("/", 1)[-1]
        if program_file(name):
            body = _git(root, "cat-file", "blob", f"{commit}:{path}")
            if body is None:
                return None
            files.append((name, body))
    return digest_of(files)


def _approval_commit(root: Path, folder: str, day: dt.date) -> str:
    log = _git(root, "log", "--reverse", f"--max-count={MAX_COMMITS}", "--format=%H", "--", f"{folder}/program.yml")
    for commit in (log or b"").decode("ascii", "replace").split():
        body = _git(root, "cat-file", "blob", f"{commit}:{folder}/program.yml")
        if body is not None and day in _approvals_in(body):
            return commit
    return ""


def versions(root: Path, program: Program, discussion_url: str) -> list[Version]:
    """Every approval of the program with the digest of its files at that approval, oldest first."""
    folder = f"programs/{program.id}"
    out = []
    for event in program.events(Event.APPROVED):
        commit = _approval_commit(root, folder, event.date)
        sha = _at_commit(root, folder, commit) if commit else None
        if sha is None:
            commit, sha = "", folder_digest(root / folder)
        out.append(Version(program=program.id, approved=event.date, order=event.order, sha256=sha, commit=commit,
                           discussion=discussion_url))
    return out


def taught(all_versions: list[Version], course_ended: dt.date) -> Version | None:
    """The version in force when the course ended: the last approval on or before that day."""
    before = [v for v in all_versions if v.approved <= course_ended]
    return before[-1] if before else None


def discussion_url(site_url: str, program_id: str) -> str:
    """The program's discussion record on the site (the default language's page, ustaz/site/builder.py)."""
    return f"{site_url.rstrip('/')}/programs/{program_id}/discussion/"


def resolver(root: Path, programs: dict[str, Program], site_url: str) -> Callable[[str], list[Version]]:
    """Versions by program id, each program's history read once."""
    @cache
    def of(program_id: str) -> list[Version]:
        program = programs.get(program_id)
        return versions(root, program, discussion_url(site_url, program_id)) if program else []
    return of
