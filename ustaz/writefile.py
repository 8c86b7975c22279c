"""Atomic writes: a file is replaced whole or not at all, so an interrupted command loses nothing."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask (mkstemp's 0600
    would make site files unreadable to a web server)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    final_mode = _mode_for(path) if mode is None else mode
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, final_mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


# CSV injection (OWASP): a spreadsheet runs a cell that begins with one of these as a formula
# (=HYPERLINK(…), +cmd|…, @SUM(…); a tab or carriage return first hides one)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


# C0 and C1 controls except tab, line feed and carriage return (which a quoted cell may hold), DEL, and the
# bidirectional overrides and isolates, which make a name display as another
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def formula_cell(value: str) -> bool:
    """Whether a spreadsheet would read the text cell `value` as a formula."""
    return value.startswith(FORMULA_START)


def neutralise(value: object) -> object:
    """A cell as ustaz writes it into a CSV file or a spreadsheet: a text that a spreadsheet would run as a
    formula gets an apostrophe in front (OWASP's rule: the spreadsheet then shows the text, the apostrophe
    hidden), so a name like `=HYPERLINK(…)` from a department's list stays text. Numbers (not text) and text
    that is a signed number (`-5`, `+7.5`) are kept: a spreadsheet reads those as the numbers they are."""
    if isinstance(value, str) and formula_cell(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (no header added), every cell neutralised: what ustaz writes for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return out.getvalue()


EXAMPLE_PRIVATE = ("examples", "private")
GIT_TIMEOUT_SECONDS = 30


def private_target_problem(root: Path, target: Path, *, documents: bool = True) -> str | None:
    """Why `target` must not receive secrets or personal data, or None when it may (DESIGN.md: personal data
    and secrets never enter the public tree).

    Refused: a path that git would add to the public repository (`git check-ignore` says it is not ignored,
    or it is tracked), and, for secrets and personal documents (`documents`), anything in the fictional
    `examples/private/` (read-only examples; git-ignored outputs there are refused too). A project that is no
    git repository, or a target outside it, cannot be committed by git: allowed. Without git on the machine
    the same holds (nothing here can commit it)."""
    root = root.resolve()
    path = target.resolve()
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if documents and path.is_relative_to(root.joinpath(*EXAMPLE_PRIVATE)):
        return (f"{shown} is in examples/private/, the fictional example tree (read-only): give --private DIR "
                f"(private/, which git ignores, or a folder outside the repository)")
    try:
        done = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", str(path)], capture_output=True,
                              timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode == 1:  # 0: ignored; 128: no repository, or the path is outside it
        return (f"{shown} is not git-ignored: git would add it to the public repository; write it to private/ "
                f"(which .gitignore ignores) or outside the repository (--private DIR)")
    return None
