"""The reference engine: ``frictionless validate`` run on a project's data package, its errors as ustaz's
``PATH:LINE`` findings (``ustaz check --engine frictionless``).

ustaz's own reader (``columns.py``) gives frictionless's verdicts for the Table Schema subset the tables use, ten
times faster; this runs the reference itself, so that anyone who doubts a verdict (a centre, an auditor, a
pull request that changes a schema) can get the reference engine's word on the same files in the same format.
Each frictionless error becomes the same ``columns.Problem`` ustaz's reader makes and so the same finding
(code and translated message, ``report.py``); the row frictionless counts is turned into the file's line by
reading the file's rows (a quoted cell may span lines).

frictionless reads what a descriptor names, and the data package is input from anyone: before it runs, every
resource's path and schema must be a relative path to a regular file inside ``data/`` (no URL, no absolute path,
no ``..``, no link out); frictionless is run in ``data/`` on the relative name ``datapackage.json`` (it refuses
absolute paths as not safe) and its exit status is checked.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..i18n import t
from ..sourcefile import load_json, read_text
from .columns import Problem, TableSchema, read_columns
from .report import one_per_short_row, problem_finding

DATA = "data"
PACKAGE = "datapackage.json"
TIMEOUT_S = 3600
_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"\Z', re.DOTALL)


class EngineError(Exception):
    """The reference engine could not run (the message says why, translated)."""


@dataclass(frozen=True, kw_only=True)
class _Part:
    shown: str  # the file, relative to the project root
    lines: Mapping[int, int]  # frictionless's row number in the resource → the file's line


def findings(root: Path, paths: Sequence[str] = ()) -> list[Finding]:
    """The reference engine's findings on the project's data package (only the tables under `paths`, if given);
    EngineError when it cannot run."""
    resources = _resources(root)
    report = _run(root)
    out: list[Finding] = []
    for task in report.get("tasks", ()):
        name = str(task.get("name", ""))
        resource = resources.get(name)
        if resource is None:
            continue
        parts, schema = resource
        if paths and not any(p.shown == q or p.shown.startswith(q.rstrip("/") + "/") for p in parts for q in paths):
            continue
        found: dict[str, list[Problem]] = {}
        for err in task.get("errors", ()):
            problem, part = _problem(err, parts)
            found.setdefault(part.shown, []).append(problem)
        for shown, problems in found.items():  # (a short row is one finding, as ustaz's reader says it)
            out += [problem_finding(shown, p, schema.names) for p in one_per_short_row(problems)]
    return sorted(out, key=lambda f: (f.path, f.line or 0))


def _resources(root: Path) -> dict[str, tuple[list[_Part], TableSchema]]:
    """Each table resource of data/datapackage.json: its files (checked to be safe to hand to frictionless)
    with their row-to-line maps, and its schema."""
    shown = f"{DATA}/{PACKAGE}"
    descriptor, problems = load_json(root / DATA / PACKAGE, shown)
    if problems:
        raise EngineError(problems[0].message)
    out: dict[str, tuple[list[_Part], TableSchema]] = {}
    try:
        for res in descriptor["resources"]:
            name = str(res["name"])
            paths = res["path"] if isinstance(res["path"], list) else [res["path"]]
            schema_ref = res.get("schema")
            if not isinstance(schema_ref, str):
                continue  # an inline schema: frictionless reads it; the data package check says what ustaz wants
            schema = TableSchema.from_file(_safe(root, schema_ref), f"{DATA}/{schema_ref}")
            out[name] = (_parts(root, [str(p) for p in paths], schema), schema)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise EngineError(t("the data package cannot be handed to frictionless: {reason}", reason=exc)) from exc
    return out


def _safe(root: Path, relative: str) -> Path:
    """A path of the descriptor as a regular file inside data/, or ValueError."""
    if "://" in relative or relative.startswith(("/", "\\")) or ".." in Path(relative).parts or ":" in relative:
        raise ValueError(t("'{path}' is not a relative path inside data/", path=relative))
    path = root / DATA / relative
    inside = path.resolve().is_relative_to((root / DATA).resolve())
    if not inside or path.is_symlink() or not path.is_file():
        raise ValueError(t("'{path}' is not a regular file inside data/", path=relative))
    return path


def _parts(root: Path, paths: list[str], schema: TableSchema) -> list[_Part]:
    """The files of a resource with frictionless's row numbers mapped to lines: a multi-file resource's rows are
    numbered on from one file to the next (the later files' headers are not rows)."""
    parts: list[_Part] = []
    offset = 0
    for relative in paths:
        path = _safe(root, relative)
        shown = f"{DATA}/{relative}"
        text, _ = read_text(path, shown, limit=1 << 30)
        lines: dict[int, int] = {}
        if text is not None:
            table, _ = read_columns(text.removeprefix("\ufeff"), schema)
            lines = {offset + number: line for number, line in zip(table.numbers, table.lines)}
            offset += (table.numbers[-1] - 1) if len(table) else 0
        parts.append(_Part(shown=shown, lines=lines))
    return parts


def _run(root: Path) -> dict[str, Any]:
    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent)) or shutil.which("frictionless")
    if exe is None:
        raise EngineError(t("frictionless is not installed (it is a dependency of ustaz: reinstall ustaz)"))
    try:
        done = subprocess.run([exe, "validate", "--json", PACKAGE], cwd=root / DATA, capture_output=True,
                              text=True, timeout=TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineError(t("frictionless could not run: {reason}", reason=exc)) from exc
    if done.returncode not in (0, 1):
        raise EngineError(t("frictionless stopped with exit status {status}: {reason}", status=done.returncode,
                            reason=(done.stderr or done.stdout).strip()[-500:]))
    try:
        report = json.loads(done.stdout)
    except ValueError as exc:
        raise EngineError(t("frictionless printed no report: {reason}", reason=exc)) from exc
    if not isinstance(report, dict):
        raise EngineError(t("frictionless printed no report: {reason}", reason=type(report).__name__))
    if report.get("errors"):  # the package itself (not a table) is wrong: frictionless's own words
        first = report["errors"][0]
        raise EngineError(t("frictionless refuses the data package: {reason}", reason=first.get("message", first)))
    return report


_ROW_KINDS = {"blank-row", "missing-cell", "extra-cell", "type-error", "constraint-error", "unique-error",
              "primary-key"}


def _problem(err: Mapping[str, Any], parts: list[_Part]) -> tuple[Problem, _Part]:
    """A frictionless error as the Problem ustaz's reader makes, and the file it is in."""
    kind = str(err.get("type", ""))
    number = err.get("rowNumber")
    part, line = parts[0], 1
    if isinstance(number, int):
        for p in parts:
            if number in p.lines:
                part, line = p, p.lines[number]
                break
    field = str(err.get("fieldName", ""))
    cell = str(err.get("cell", ""))
    note = str(err.get("note", ""))
    if kind == "type-error":
        return Problem(kind=kind, row=number, line=line, field=field, constraint=note.split('"')[1].split("/")[0]
                       if note.count('"') >= 2 else "", value=cell), part
    if kind == "constraint-error":
        m = _CONSTRAINT.search(note)
        name, arg = (m.group(1), m.group(2)) if m else (note, "")
        return Problem(kind=kind, row=number, line=line, field=field, constraint=name, value=arg), part
    if kind == "unique-error":
        return Problem(kind=kind, row=number, line=line, field=field, value=cell,
                       other_line=_first_line(note, part)), part
    if kind == "primary-key":
        return Problem(kind=kind, row=number, line=line, field=field, other_line=_first_line(note, part)), part
    if kind in _ROW_KINDS:
        return Problem(kind=kind, row=number, line=line, field=field, value=",".join(map(str, err.get("cells", ())))
                       if kind == "extra-cell" else cell), part
    if kind in ("incorrect-label", "missing-label", "extra-label", "duplicate-label", "blank-label"):
        return Problem(kind="incorrect-label", row=None, line=1, value=",".join(map(str, err.get("labels", ())))), part
    return Problem(kind="source-error", row=number, line=line, value=str(err.get("message", kind))), part


def _first_line(note: str, part: _Part) -> int | None:
    """The line of the row a unique or primary-key error repeats (frictionless: 'the same as in the row at
    position N')."""
    m = re.search(r"position (\d+)", note)
    return part.lines.get(int(m.group(1))) if m else None
