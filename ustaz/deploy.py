"""What a deploy uploads: the built site's files by content hash, and the difference from the last deploy.

A site build writes every file anew, so every file has a new modification time, and a sync that compares
times and sizes (``aws s3 sync``, rsync without ``--checksum``) sends the whole site — at a million
certificates, the lookup's 200 MB — every day. The manifest names each file by its SHA-256; compared with
the manifest of the last deploy it gives the files to upload (new or changed) and those to delete, and a
day's change of a few hundred certificates costs the files those certificates touch.

The manifest is published with the site (``deploy-manifest.json`` at its root, public: file names and hashes
of public files), so the next deploy can fetch the live one and trust nothing else; it is uploaded after
the changed files, and deletions come last, so a reader never meets a page whose files are not there yet.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .findings import Finding, define, error
from .i18n import t
from .sourcefile import parse_json, read_bytes

MANIFEST_NAME = "deploy-manifest.json"
FORMAT = "ustaz-deploy/1"
MAX_MANIFEST_BYTES = 256 * 1024 * 1024  # about two million files' entries
MAX_FILES = 2_000_000  # a site larger than this is not one ustaz builds
_CHUNK = 1 << 20

DEPLOY_MANIFEST = define("deploy-manifest", "The last deploy's manifest is not one `ustaz deploy` wrote.")


@dataclass(frozen=True)
class Entry:
    sha256: str
    size: int


Manifest = dict[str, Entry]


@dataclass(frozen=True)
class Plan:
    """What to do on the host: upload `upload` (then the manifest), delete `delete`."""

    upload: tuple[str, ...]
    delete: tuple[str, ...]
    upload_bytes: int
    unchanged: int
    unchanged_bytes: int


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def scan(site: Path) -> Manifest:
    """Every regular file under `site` by its path (POSIX, relative) — links are not followed and not listed:
    a site build writes none, and a link could lead outside. The manifest itself is left out."""
    out: Manifest = {}
    for top, dirs, files in os.walk(site, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(top) / name
            rel = path.relative_to(site).as_posix()
            if rel == MANIFEST_NAME or path.is_symlink() or not path.is_file():
                continue
            if len(out) >= MAX_FILES:
                raise ValueError(t("the site has more than {limit} files", limit=MAX_FILES))
            out[rel] = Entry(_digest(path), path.stat().st_size)
    return out


def dumps(manifest: Manifest) -> str:
    files = [[p, e.sha256, e.size] for p, e in sorted(manifest.items())]
    return json.dumps({"format": FORMAT, "files": files}, separators=(",", ":")) + "\n"


def _safe_path(text: object) -> bool:
    if not isinstance(text, str) or not text or len(text) > 1024 or "\\" in text or "\0" in text:
        return False
    p = PurePosixPath(text)
    return not p.is_absolute() and ".." not in p.parts and "." not in p.parts and str(p) == text


def load(path: Path, shown: str) -> tuple[Manifest | None, list[Finding]]:
    """A manifest written by `dumps` (the last deploy's: fetched from the live site, so it is checked as
    untrusted input: size, depth, shape, and every path relative and inside the site)."""
    raw, findings = read_bytes(path, shown, limit=MAX_MANIFEST_BYTES)
    if raw is None:
        return None, findings
    data, findings = parse_json(raw.decode("utf-8", "replace"), shown)
    if findings:
        return None, findings
    bad = error(shown, 1, DEPLOY_MANIFEST, t("not a deploy manifest of format {format}", format=FORMAT))
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), list):
        return None, [bad]
    out: Manifest = {}
    for item in data["files"]:
        if not (isinstance(item, list) and len(item) == 3 and _safe_path(item[0]) and isinstance(item[1], str)
                and len(item[1]) == 64 and all(c in "0123456789abcdef" for c in item[1])
                and isinstance(item[2], int) and not isinstance(item[2], bool) and item[2] >= 0):
            return None, [error(shown, 1, DEPLOY_MANIFEST,
                                t("entry {entry} is not [path, sha256, size]", entry=json.dumps(item)[:200]))]
        out[item[0]] = Entry(item[1], item[2])
    return out, []


def plan(current: Manifest, previous: Manifest | None) -> Plan:
    """The files to upload (new or changed, in path order) and to delete; without a previous manifest, all."""
    before = previous or {}
    upload = tuple(p for p, e in sorted(current.items()) if before.get(p) != e)
    delete = tuple(sorted(set(before) - set(current)))
    kept = [e.size for p, e in current.items() if before.get(p) == e]
    return Plan(upload=upload, delete=delete, upload_bytes=sum(current[p].size for p in upload),
                unchanged=len(kept), unchanged_bytes=sum(kept))
