"""Program documents kept by what they are made of, so that a site rebuild prints only the programs that changed.

A program's .docx is a function of: the files in its folder (program.yml, the program texts, everything
else there), the effective policy (document format, section titles, organisation), the language, the
year (the title page falls back to the current year), and the code that prints it — every file of the
ustaz package and the versions of python-docx and lxml. The cache key is the SHA-256 of all of them;
a document is taken from the cache only under the key of its current inputs, so it is never stale: any
change to any input is a new key, and the document is printed anew.

The cache lives in ``.cache/ustaz/docx/`` in the project (git-ignored). Whether a text prints at all
(errors keep it from the site) is decided before the cache is asked, on every build. Entries the last
build did not use are removed at its end. ``USTAZ_NO_CACHE=1`` turns the cache off (the benchmarks
measure a cold build); deleting the folder is always safe.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..cache import read_digested, write_digested

CACHE_DIR = Path(".cache") / "ustaz" / "docx"
SUFFIX = ".docx-entry"  # the document's bytes, then their SHA-256
NO_CACHE_ENV = "USTAZ_NO_CACHE"
_PACKAGE = Path(__file__).resolve().parent.parent  # the ustaz package

log = logging.getLogger("mkdocs.plugins.ustaz.documents")


@functools.lru_cache(maxsize=1)
def code_digest() -> bytes:
    """Every file of the ustaz package (sources, presets, templates) and the writer's libraries' versions."""
    digest = hashlib.sha256()
    for lib in ("python-docx", "lxml"):
        digest.update(f"{lib}=={metadata.version(lib)}\n".encode())
    files = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        _add_file(digest, path.relative_to(_PACKAGE).as_posix(), path)
    return digest.digest()


def _add_file(digest: hashlib._Hash, name: str, path: Path) -> None:
    data = path.read_bytes()
    digest.update(f"{name}\0{len(data)}\0".encode())
    digest.update(data)


@dataclass(kw_only=True)
class DocumentCache:
    """One build's use of the cache folder: ``get``/``put`` by key, then ``prune`` what was not used."""

    folder: Path
    used: set[str] = field(default_factory=set)
    hits: int = 0

    @classmethod
    def for_project(cls, root: Path) -> DocumentCache | None:
        if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
            return None
        return cls(folder=root / CACHE_DIR)

    @staticmethod
    def key(folder: Path, policy_raw: object, lang: str, today: dt.date | None = None) -> str:
        """The key of a program text's document: its folder's files, the policy, the language, the year, the code."""
        digest = hashlib.sha256(code_digest())
        policy = json.dumps(policy_raw, sort_keys=True, ensure_ascii=False, default=str)
        year = (today or dt.date.today()).year
        digest.update(f"\0policy\0{policy}\0lang\0{lang}\0year\0{year}\0".encode())
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            _add_file(digest, path.relative_to(folder).as_posix(), path)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def get(self, key: str) -> bytes | None:
        """The document stored under ``key``, if it is there whole (its SHA-256 follows it in the file)."""
        self.used.add(key)
        content = read_digested(self._path(key))
        if content is None:  # missing, or torn by a crash: printed anew
            return None
        self.hits += 1
        return content

    def put(self, key: str, content: bytes) -> None:
        """Store by a rename of a complete file; no fsync — a file a crash tore fails its digest in ``get``."""
        self.used.add(key)
        try:
            write_digested(self._path(key), content)
        except OSError as exc:  # a read-only checkout builds without the cache
            log.debug("ustaz: document cache not written (%s)", exc)

    def prune(self) -> None:
        """Remove what this build did not use: older versions of changed programs, leftovers of crashes."""
        keep = {self._path(key).name for key in self.used}
        try:
            entries = [p for p in self.folder.iterdir() if p.name not in keep]
        except OSError:
            return
        for path in entries:
            try:
                path.unlink()
            except OSError:
                pass
