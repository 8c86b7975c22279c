"""The lifecycle only grows, checked against git history like the register (`ustaz check --base REF`).

Compared with the base (the pull request's base branch), a program's `lifecycle` may gain events at
its end; the events already on the base branch may not be changed, removed, reordered or re-dated, and
program.yml may not disappear. The dates the public discussion and every deadline count from are these
events, so a pull request could otherwise move a deadline it is judged by (P-6, P-9, P-10).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..certificates.history import GitError, base_missing, git, resolve_bases, under_ci
from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import LocList, LocMap, parse_yaml, read_text
from . import Context, check

LIFECYCLE_APPEND_ONLY = define(
    "lifecycle-append-only", "A lifecycle event on the git base was changed, removed or moved.", "P-6")
LIFECYCLE_BASE = define("lifecycle-base", "The git base for the lifecycle's append-only check cannot be read.", "P-6")

PROGRAMS_DIR = "programs"


def _describe(item: Mapping[str, Any]) -> str:
    return f"'{item.get('event', '?')}' of {item.get('date', '?')}"


def _differences(old: Mapping[str, Any], now: Mapping[str, Any]) -> str:
    keys = [*old, *(k for k in now if k not in old)]
    return ", ".join(f"{k} {old.get(k, '(none)')} → {now.get(k, '(none)')}" for k in keys if old.get(k) != now.get(k))


def _lifecycle(data: Any) -> LocList | None:
    items = data.get("lifecycle") if isinstance(data, dict) else None
    return items if isinstance(items, LocList) else None


def _base_programs(root: Path, ref: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every programs/<id>/program.yml at `ref`."""
    for path in git(root, "ls-tree", "-r", "--name-only", ref, "--", PROGRAMS_DIR).splitlines():
        parts = path.split("/")
        if len(parts) == 3 and parts[2] == "program.yml":
            yield path, git(root, "show", f"{ref}:./{path}")


def compare_lifecycles(root: Path, ref: str) -> Iterator[Finding]:
    short = ref[:12]
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        programs = list(_base_programs(root, ref))
    except GitError as exc:
        yield error(PROGRAMS_DIR, None, LIFECYCLE_BASE, t("cannot read the programs at {ref!r}: {exc}", ref=ref, exc=exc))
        return
    for path, text in programs:
        old_data, _ = parse_yaml(text.lstrip("\ufeff"), path)
        old = _lifecycle(old_data)
        if not old:
            continue  # nothing recorded at the base: nothing to keep
        file = root / path
        if not file.is_file():
            yield error(path, None, LIFECYCLE_APPEND_ONLY,
                        t("program.yml was removed, but {count} lifecycle event(s) were recorded in it at {short}; a program is never deleted: record `revoked` or a review instead", count=len(old), short=short))
            continue
        current, _ = read_text(file, path)  # bounded and strict; the program checks report a bad file
        if current is None or current == text.lstrip("\ufeff"):
            continue  # unreadable (reported elsewhere), or unchanged since the base
        now_data, _ = parse_yaml(current, path)
        if not isinstance(now_data, LocMap):
            continue  # not a mapping now: the program checks report it
        now = _lifecycle(now_data) or LocList()
        for i, item in enumerate(old):
            was = f"{_describe(item)} (line {old.line_of(i)} at {short})"
            if i >= len(now):
                yield error(path, now_data.line_of("lifecycle"), LIFECYCLE_APPEND_ONLY,
                            t("the lifecycle event {was} was removed; events on the base branch are never removed: record a new event after them instead", was=was))
            elif now[i] != item:
                diff = _differences(item, now[i]) if isinstance(now[i], dict) else "it is no longer an event"
                yield error(path, now.line_of(i), LIFECYCLE_APPEND_ONLY,
                            t("the lifecycle event {was} changed ({diff}); events on the base branch are never edited, moved or re-dated: add new events after them", was=was, diff=diff))


@check(scope=(PROGRAMS_DIR,))
def lifecycle_append_only(ctx: Context) -> Iterator[Finding]:
    root = ctx.root
    recorded = any(b.program is not None and b.program.lifecycle for b in ctx.project.programs)
    bases, why = resolve_bases(root, ctx.base_ref)
    if why == "no-git":
        if recorded and (ctx.base_ref is not None or under_ci()):
            yield error(PROGRAMS_DIR, None, LIFECYCLE_BASE,
                        t("{root} is not in a git repository, so the lifecycle's append-only rule cannot be checked", root=root))
        return
    if why == "no-main":
        if recorded:
            yield base_missing(PROGRAMS_DIR, LIFECYCLE_BASE, "the lifecycles")
        return
    reported: set[tuple[str, int]] = set()
    for ref in bases:
        found = [f for f in compare_lifecycles(root, ref) if (f.path, f.line or 0) not in reported]
        yield from found  # an event another base already reported is not reported twice
        reported.update((f.path, f.line or 0) for f in found)
