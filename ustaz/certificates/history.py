"""The register only grows: compare it with a git base (``ustaz check --base REF`` or $USTAZ_BASE).

The base defaults to the merge base with the main branch (on main itself: the parent commit, so
the last commit is checked too); under CI (``GITHUB_ACTIONS=true``) a base that cannot be found is
an error, not a warning, so a shallow checkout cannot pass a pull request unchecked. An issued row
may only turn ``revoked`` with a date and a reason; nothing else in a row may change, and no row may
disappear. This reads git with real ``git`` subprocess calls: no library stands between the check
and what reviewers see.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..sourcefile import read_bytes
from ..tables.columns import read_columns
from .register import MAX_REGISTER_BYTES, REGISTER_DIR, Register, RegisterFile, Status, packaged_schema

REGISTER_APPEND_ONLY = define("register-append-only",
                              "A register row that exists at the git base was changed or deleted.", "C-20")
REGISTER_BASE = define("register-base", "The git base for the append-only check cannot be read.", "C-20")

MAIN_BRANCHES = ("main", "origin/main", "master", "origin/master")
# what an issued row may gain when it is revoked; every other column is frozen once written
REVOCATION_COLUMNS = ("status", "revoked_on", "reason_seal")


class GitError(Exception):
    pass


def git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60, check=False,
                              encoding="utf-8", errors="replace")
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(str(exc)) from exc
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} failed")
    return proc.stdout


def under_ci() -> bool:
    """Running in GitHub Actions, where a rule that cannot be checked is an error (DESIGN.md)."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def base_missing(path: str, code: str, what: str) -> Finding:
    """No base to compare `what` with: a warning on a person's machine, an error under CI."""
    hint = (t("the workflow must fetch the pull request's base and pass it (USTAZ_BASE, see validate.yml)")
            if under_ci() else t("fetch main (fetch-depth: 0) or pass --base REF"))
    message = t("no main branch to compare {what} with (a shallow clone?), so the append-only rule was not checked; {hint}", what=what, hint=hint)
    return (error if under_ci() else warning)(path, None, code, message)


def resolve_bases(root: Path, base_ref: str | None) -> tuple[list[str], str]:
    """The refs to compare with, and why there are none: '' (bases found), 'no-git' or 'no-main'."""
    if not is_repository(root):
        return [], "no-git"
    bases = [base_ref] if base_ref is not None else default_bases(root)
    return bases, "" if bases else "no-main"


def is_repository(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except GitError:
        return False


def default_bases(root: Path) -> list[str]:
    """The merge base with the main branch. On main itself (HEAD is the merge base): HEAD's parent,
    so the last commit is checked, and HEAD, so uncommitted edits of an already revoked row are too."""
    try:
        head = git(root, "rev-parse", "HEAD").strip()
    except GitError:
        return []  # no commit yet
    for branch in MAIN_BRANCHES:
        try:
            base = git(root, "merge-base", "HEAD", branch).strip()
        except GitError:
            continue
        if base != head:
            return [base]
        try:
            return [git(root, "rev-parse", "HEAD^").strip(), head]
        except GitError:
            return [head]  # the first commit
    return []


@dataclass(frozen=True, kw_only=True)
class OldRow:
    path: str
    line: int
    cells: Mapping[str, str]


def rows_at(root: Path, ref: str, *, unchanged: Callable[[str, str], bool] | None = None) -> Iterator[OldRow]:
    """Every row of the register at `ref` (rows the schema could not read are skipped), except the
    files `unchanged(path, text at ref)` says have only grown since."""
    listing = git(root, "ls-tree", "-r", "--name-only", ref, "--", REGISTER_DIR)
    schema = packaged_schema()
    for path in listing.splitlines():
        if not path.endswith(".csv"):
            continue
        text = git(root, "show", f"{ref}:./{path}")
        if unchanged is not None and unchanged(path, text):
            continue
        table, _ = read_columns(text.lstrip("\ufeff"), schema)
        for r in table.rows():
            yield OldRow(path=path, line=r.line, cells=r.cells)


def only_appended(root: Path, path: str, old: str) -> bool:
    """The file now is the file at the base with rows added at its end: every base row is still there,
    on its line, unchanged (the usual pull request; then its rows need no comparison one by one)."""
    raw, _ = read_bytes(root / path, path, limit=MAX_REGISTER_BYTES)  # the loader reports a bad file
    try:
        now = raw.decode("utf-8") if raw is not None else None
    except UnicodeDecodeError:
        return False
    if now is None:
        return False
    if not now.startswith(old):
        return False
    return old.endswith("\n") or len(now) == len(old) or now[len(old)] in "\r\n"


def check_append_only(root: Path, register: Register, base_ref: str | None) -> Iterator[Finding]:
    bases, why = resolve_bases(root, base_ref)
    written = any(len(rf.table) for rf in register.files)
    if why == "no-git":
        if base_ref is not None:
            yield error(REGISTER_DIR, None, REGISTER_BASE,
                        t("--base {base_ref} was given but {root} is not in a git repository", base_ref=base_ref, root=root))
        elif under_ci() and written:
            yield error(REGISTER_DIR, None, REGISTER_BASE,
                        t("the project is not a git repository, so the append-only rule cannot be checked under CI"))
        return
    if why == "no-main" and written:
        yield base_missing(REGISTER_DIR, REGISTER_BASE, "the register")
    reported: set[tuple[str, int]] = set()
    for ref in bases:
        found = [f for f in _compare(root, register, ref) if (f.path, f.line or 0) not in reported]
        yield from found  # a row another base already reported is not reported twice
        reported.update((f.path, f.line or 0) for f in found)


def _compare(root: Path, register: Register, ref: str) -> Iterator[Finding]:
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        old_rows = list(rows_at(root, ref, unchanged=lambda path, text: only_appended(root, path, text)))
    except GitError as exc:
        yield error(REGISTER_DIR, None, REGISTER_BASE, t("cannot read the register at {ref!r}: {exc}", ref=ref, exc=exc))
        return
    if not old_rows:
        return  # nothing was written at the base: nothing to compare
    short = ref[:12]
    current: dict[str, tuple[RegisterFile, int]] = {}
    for rf in register.files:
        for i, id_ in enumerate(rf.column("id")):
            current.setdefault(id_, (rf, i))
    for old in old_rows:
        key = old.cells.get("id", "")
        now = current.get(key)
        if now is None:
            yield error(old.path, old.line, REGISTER_APPEND_ONLY,
                        t("the certificate {id} (line {line} at {short}) was deleted; the register only grows: restore the row, and revoke it if it was issued in error", id=old.cells.get('id'), line=old.line, short=short))
            continue
        rf, i = now
        row = rf.table.row(i)
        path, line, cells = rf.path, row.line, row.cells  # only for the rows that were there at the base
        if path != old.path:
            yield error(path, line, REGISTER_APPEND_ONLY,
                        t("the certificate {id} moved from {path}; rows stay in their file", id=old.cells.get('id'), path=old.path))
        changed = [c for c in old.cells if c not in REVOCATION_COLUMNS and cells.get(c, "") != old.cells[c]]
        if changed:
            yield error(path, line, REGISTER_APPEND_ONLY,
                        t("{changed} of the certificate {id} changed since {short}; a written row is never edited: revoke it and issue a new one that supersedes it", changed=', '.join(changed), id=old.cells.get('id'), short=short))
        was, now_status = old.cells.get("status"), cells.get("status")
        if was == Status.REVOKED.value:
            revocation = [c for c in REVOCATION_COLUMNS if cells.get(c, "") != old.cells.get(c, "")]
            if revocation:
                yield error(path, line, REGISTER_APPEND_ONLY,
                            t("the certificate {id} was already revoked at {short}; {revocation} may not change any more", id=old.cells.get('id'), short=short, revocation=', '.join(revocation)))
        elif was == Status.ISSUED.value and now_status == Status.ISSUED.value:
            touched = [c for c in ("revoked_on", "reason_seal") if cells.get(c, "") != old.cells.get(c, "")]
            if touched:
                yield error(path, line, REGISTER_APPEND_ONLY,
                            t("{touched} changed but the status is still 'issued'; revoke with `ustaz register revoke CODE --reason TEXT`", touched=', '.join(touched)))
        # issued → revoked: the row check makes sure the date and the reason are there

