"""Atomic writes: a file is replaced whole or not at all, so an interrupted command loses nothing."""

from __future__ import annotations

import os
import re
import tempfile
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
