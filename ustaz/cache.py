"""Content-addressed results that a check may reuse, so that a pull request's check costs what it changes.

An entry is a function of its inputs: the key is the SHA-256 of every byte the result depends on — the
file's own bytes, what else the rule reads (the Table Schema, the policy values, the day), and the code that
made it (every file of the ustaz package and the Python version). A result is taken only under the key of
its current inputs, so it is never stale: any change to any input is another key. What a rule reads across
files (ids unique in the whole register, supersedes) is never cached: the cached part is each file's own
reading, and every check still sees every file.

Where it lives: ``$USTAZ_CACHE_DIR``, else ``$XDG_CACHE_HOME/ustaz``, else ``~/.cache/ustaz`` — outside the
project, on purpose. Entries are pickles, and a pickle runs code when read, so the folder must be one that
no pull request can write: a file committed to the repository never lands there, and in CI the folder is
restored only from caches that the default branch's runs saved (.github/workflows). Each entry carries its
SHA-256, so one torn by a crash is recomputed, never half-read. ``USTAZ_NO_CACHE=1`` turns it off (the
benchmarks' cold figures); deleting the folder is always safe. Entries unused for ``MAX_AGE_DAYS`` are
removed by the next run that stores one.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CACHE_ENV = "USTAZ_CACHE_DIR"
NO_CACHE_ENV = "USTAZ_NO_CACHE"
SUFFIX = ".entry"
MAX_AGE_DAYS = 14  # an entry no run has used for two weeks is removed
_PRUNE_EVERY_S = 3600  # look for old entries at most once an hour per kind
_DIGEST = hashlib.sha256().digest_size
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip() in ("", "0")


def root() -> Path:
    explicit = os.environ.get(CACHE_ENV, "").strip()
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ustaz"


@functools.lru_cache(maxsize=1)
def code_digest() -> bytes:
    """Every file of the ustaz package (sources, presets, schemas, templates) and the Python version: a
    changed rule, even uncommitted, is another key."""
    digest = hashlib.sha256(f"python {sys.version}\0".encode())
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.digest()


def key(kind: str, *parts: bytes | str) -> str:
    """The key of a result of `kind` made from `parts` (each is length-prefixed: no two lists of parts
    give the same bytes) by the current code, in the current language of the messages (a cached finding
    carries its message already translated)."""
    from .i18n import language

    digest = hashlib.sha256(code_digest())
    for part in (kind, language(), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_digested(path: Path) -> bytes | None:
    """The content of a file `write_digested` wrote, if it is there whole (its SHA-256 follows it); None when it
    is missing, empty or torn by a crash."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    content, digest = stored[:-_DIGEST], stored[-_DIGEST:]
    if not content or hashlib.sha256(content).digest() != digest:
        return None
    return content


def write_digested(path: Path, content: bytes) -> None:
    """Store `content` and its SHA-256 by the rename of a complete file (no fsync: a file a crash tore fails
    its digest in `read_digested`). OSError when the folder cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.write(hashlib.sha256(content).digest())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    """The entries of one kind (e.g. ``register``): ``get`` and ``put`` by key; a no-op when disabled."""

    def __init__(self, kind: str, folder: Path | None = None) -> None:
        self.kind = kind
        self.folder = folder if folder is not None else root() / kind
        self.hits = 0
        self.misses = 0

    def _path(self, k: str) -> Path:
        return self.folder / f"{k}{SUFFIX}"

    def get(self, k: str) -> Any | None:
        if not enabled():
            return None
        path = self._path(k)
        content = read_digested(path)
        if content is None:
            self.misses += 1
            return None
        try:
            value = pickle.loads(content)  # written by this code, into a folder outside the project
        except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
            # an entry of an older layout (the key names the code, so this is a rare race): made anew
            self.misses += 1
            return None
        try:
            os.utime(path)  # used: kept by the pruning
        except OSError:
            pass
        self.hits += 1
        return value

    def put(self, k: str, value: Any) -> None:
        """Store by the rename of a complete file; a folder that cannot be written is no error (no cache)."""
        if not enabled():
            return
        try:
            write_digested(self._path(k), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            self.prune()
        except (OSError, pickle.PicklingError):
            pass

    def prune(self, now: float | None = None) -> int:
        """Remove entries unused for MAX_AGE_DAYS (and crash leftovers); at most once an hour. The count."""
        now = time.time() if now is None else now
        stamp = self.folder / ".pruned"
        try:
            if now - stamp.stat().st_mtime < _PRUNE_EVERY_S:
                return 0
        except OSError:
            pass
        removed = 0
        try:
            stamp.touch()
            for path in self.folder.iterdir():
                if path.name == stamp.name:
                    continue
                if now - path.stat().st_mtime > MAX_AGE_DAYS * 86400:
                    path.unlink()
                    removed += 1
        except OSError:
            pass
        return removed
