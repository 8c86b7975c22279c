"""The certificate lookup data behind the site's /verify/ page, built from the sealed public register alone
(DESIGN.md "Certificate codes and lookup", C-20).

The register holds no code and no name: each row is keyed by the id derived from its code and carries its
holder's name and revocation reason sealed with the code's key (sealing.py). The lookup data is those rows,
sharded by id, so CI builds it without the private tree and without a single code, and only someone who
has a code finds its row (the id) and opens its seals (the key); the page derives both with WebCrypto.

Layout under ``verify/data/`` (``ustaz-verify/4``):

    index.json          {"manifest": TEXT, "signature": base64, "public_key": base64}; TEXT is the manifest
                        (format, as_of, salt, info, the digest of every group file and of programs.json), signed
                        as the exact bytes of TEXT
    g/<gg>.bin          a group: 256 digests of 16 bytes, of shards <gg>00 … <gg>ff (zeros: an empty shard)
    s/<gggg>.csv        a shard: the rows whose id starts with <gggg>, sorted by id, one line each:
                        id,program,hours,course_ended,issued,valid_until,status,revoked_on,supersedes,
                        holder_seal,reason_seal
    programs.json       every program's titles by language (and its approved versions), by the program's id

    digest = SHA-256(file bytes)[0:16]

A lookup reads the manifest, one group, one shard and programs.json, each checked against the digest above
it, up to the signed manifest. The names of all four follow from the code alone (the id is HKDF of the code
with the format's fixed salt and info), so the page asks for them at once, in parallel, before the manifest
has arrived, and checks them when it has: one round trip for the data after the page itself (#18). A shard's
name and bytes depend on its own rows only, and a group's on its shards': appending a day's certificates
rewrites the shards they fall in, their groups and the manifest, never the other shards — a deployment uploads
only what changed (#22). Nothing is drawn at random and ``as_of`` is the register's latest date (issue or
revocation), so the same register gives the same bytes (Ed25519 signatures are deterministic too).

Signing happens where the site is built, CI, with the centre's key given as a secret (``$USTAZ_SIGNING_KEY``,
signing.py); the page pins the public key committed in the repository and refuses data it cannot verify.
"""

from __future__ import annotations

import base64
import bisect
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..i18n import t
from . import codes, signing
from .register import COLUMNS, Certificate, RegisterFile, Status
from .sealing import HOLDER, INFO, REASON, SALT, Sealer, SealError

FORMAT = "ustaz-verify/4"
DATA_DIR = "verify/data"
_OLD_PROGRAMS_DIR = "programs"
PROGRAMS_FILE = "programs.json"  # every program's titles and versions, one file the page fetches with the rest
GROUPS_DIR = "g"
SHARDS_DIR = "s"
GROUP_DIGITS = 2  # hex digits of the id naming a group (256 groups)
SHARD_DIGITS = 4  # hex digits naming a shard (65,536: about 15 rows each at a million certificates)
DIGEST_BYTES = 16
EMPTY = bytes(DIGEST_BYTES)
# the shard's columns: the register's public facts a page shows, and the seals (the cohort stays out)
SHARD_COLUMNS = ("id", "program", "hours", "course_ended", "issued", "valid_until", "status", "revoked_on",
                 "supersedes", "holder_seal", "reason_seal")
_PROGRAM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()[:DIGEST_BYTES]


@dataclass(frozen=True, kw_only=True)
class LookupStats:
    certificates: int
    shards: int
    groups: int
    total_bytes: int
    largest_shard: int


def _shard_lines(files: Iterable[RegisterFile]) -> list[str]:
    """Every well-formed row as its shard line, sorted by id, the first of a repeated id only; column by
    column at C speed (a million rows are a million joins, no objects)."""
    at = [COLUMNS.index(c) for c in SHARD_COLUMNS]
    lines: list[str] = []
    for rf in files:
        if rf.table.names != COLUMNS:  # a project schema in another column order
            columns = [rf.column(c) for c in SHARD_COLUMNS]
        else:
            columns = [rf.table.values[j] for j in at]
        rows: Iterator[str] = map(",".join, zip(*columns))
        if rf.bad:
            rows = (r for i, r in enumerate(rows) if i not in rf.bad)
        lines.extend(rows)
    lines.sort()
    out: list[str] = []
    last = ""
    for line in lines:  # a repeated id (an error `ustaz check` reports): the first row in id order
        id_ = line[:24]
        if id_ != last:
            out.append(line)
            last = id_
    return out


def as_of(lines: Iterable[str]) -> str:
    """The register's latest date: of an issue or a revocation (the data is as of that day)."""
    latest = ""
    for line in lines:
        cells = line.split(",", 8)
        latest = max(latest, cells[4], cells[7])
    return latest


def build(files: Iterable[RegisterFile], out: Path, *, programs: Mapping[str, Mapping[str, str]],
          signer: Ed25519PrivateKey | None = None,
          program_extra: Mapping[str, Mapping[str, Any]] | None = None) -> LookupStats:
    """Write the manifest, groups, shards and programs.json under `out` (the site directory) from the sealed
    register's files, signed if a key is given. `programs` maps a program's id to its title by language."""
    lines = _shard_lines(files)
    data = out / DATA_DIR
    for sub in (GROUPS_DIR, SHARDS_DIR):
        (data / sub).mkdir(parents=True, exist_ok=True)
    # ustaz-verify/3's programs/ folder too (a site directory built before, e.g. `mkdocs build --dirty`)
    for old in [*(data / GROUPS_DIR).glob("*.bin"), *(data / SHARDS_DIR).glob("*.csv"),
                *(data / _OLD_PROGRAMS_DIR).glob("*.json")]:
        old.unlink()
    if (data / _OLD_PROGRAMS_DIR).is_dir() and not any((data / _OLD_PROGRAMS_DIR).iterdir()):
        (data / _OLD_PROGRAMS_DIR).rmdir()
    groups: dict[str, bytearray] = {}
    total = largest = shards = 0
    start = 0
    while start < len(lines):
        name = lines[start][:SHARD_DIGITS]
        end = start
        while end < len(lines) and lines[end].startswith(name):
            end += 1
        blob = ("\n".join(lines[start:end]) + "\n").encode("ascii")
        (data / SHARDS_DIR / f"{name}.csv").write_bytes(blob)
        group = groups.setdefault(name[:GROUP_DIGITS], bytearray(EMPTY * 256))
        slot = int(name[GROUP_DIGITS:], 16) * DIGEST_BYTES
        group[slot:slot + DIGEST_BYTES] = digest(blob)
        total += len(blob)
        largest = max(largest, len(blob))
        shards += 1
        start = end
    index = bytearray(EMPTY * 256)
    for name, group in groups.items():
        (data / GROUPS_DIR / f"{name}.bin").write_bytes(bytes(group))
        at = int(name, 16) * DIGEST_BYTES
        index[at:at + DIGEST_BYTES] = digest(bytes(group))
        total += len(group)
    programs_digest, programs_size = _write_programs(programs, data / PROGRAMS_FILE, extra=program_extra or {})
    total += programs_size
    manifest = {"format": FORMAT, "as_of": as_of(lines), "salt": SALT.decode(), "info": INFO.decode(),
                "group_digits": GROUP_DIGITS, "shard_digits": SHARD_DIGITS,
                "groups": base64.b64encode(bytes(index)).decode("ascii"), "programs": programs_digest}
    # the manifest travels as a string, so the page verifies exactly the bytes that were signed
    text = json.dumps(manifest, sort_keys=True, separators=(",", ":"))
    wrapper = {"manifest": text,
               "signature": base64.b64encode(signer.sign(text.encode("utf-8"))).decode("ascii") if signer else "",
               "public_key": base64.b64encode(signing.public_bytes(signer)).decode("ascii") if signer else ""}
    # a plain write: site files must be readable by the web server (write_atomic's temp files are 0600)
    (data / "index.json").write_text(json.dumps(wrapper, separators=(",", ":")), encoding="utf-8")
    return LookupStats(certificates=len(lines), shards=shards, groups=len(groups), total_bytes=total,
                       largest_shard=largest)


def _write_programs(programs: Mapping[str, Mapping[str, str]], path: Path,
                    extra: Mapping[str, Mapping[str, Any]]) -> tuple[str, int]:
    """`programs.json`: each program's titles by language (and `extra`'s fields, e.g. its approved versions), by
    its id; returns the file's digest (hex) for the manifest and its size. One file for every program, so the
    page can ask for it before it knows which program a record names (a hundred programs: about 6 KB gzipped)."""
    body = {pid: {**extra.get(pid, {}), "title": dict(title)} for pid, title in sorted(programs.items())
            if _PROGRAM_ID.match(pid)}
    raw = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    path.write_bytes(raw)
    return digest(raw).hex(), len(raw)


def record_of(cert: Certificate) -> dict[str, Any]:
    """What a certificate's record says (an opened row: with its holder and reason), as `lookup` returns it:
    the keys the page and `ustaz verify` read."""
    rec: dict[str, Any] = {"s": cert.status.value, "h": cert.holder, "p": cert.program, "n": cert.hours,
                           "e": cert.course_ended.isoformat(), "i": cert.issued.isoformat(),
                           "v": cert.valid_until.isoformat()}
    if cert.status is Status.REVOKED:
        rec["r"] = cert.revoked_on.isoformat() if cert.revoked_on else ""
        rec["rr"] = cert.revoked_reason
    if cert.supersedes:
        rec["sp"] = cert.supersedes
    return rec


class Verdict(str, enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_FOUND = "not-found"
    NOT_YET_VALID = "not-yet-valid"  # issued after the day asked about: a row from the future (register-dates)


@dataclass(frozen=True, kw_only=True)
class LookupResult:
    verdict: Verdict
    record: Mapping[str, Any]
    as_of: str = ""
    signed_by: str = ""  # the signing key's fingerprint, if the data is signed
    title: Mapping[str, str] = dataclasses.field(default_factory=dict)  # the program's, by language


def verdict_of(record: Mapping[str, Any], today: dt.date) -> Verdict:
    if record.get("s") == Status.REVOKED.value:
        return Verdict.REVOKED
    if dt.date.fromisoformat(str(record["i"])) > today:
        return Verdict.NOT_YET_VALID
    if dt.date.fromisoformat(str(record["v"])) < today:
        return Verdict.EXPIRED
    return Verdict.VALID


class LookupDataError(Exception):
    """The site's lookup data is missing or not in the expected format."""


def _manifest(data: Path, pinned: bytes | None) -> tuple[dict[str, Any], bytes | None]:
    try:
        wrapper = json.loads((data / "index.json").read_text(encoding="utf-8"))
        text = wrapper["manifest"]
        manifest = json.loads(text)
        public = base64.b64decode(wrapper.get("public_key") or "") or None
        signature = base64.b64decode(wrapper.get("signature") or "")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LookupDataError(t("no lookup data in {data}: {exc}", data=data, exc=exc)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise LookupDataError(t("{data}/index.json is not {format}", data=data, format=FORMAT))
    if public is not None and not signing.verify(public, signature, text.encode("utf-8")):
        raise LookupDataError(t("the signature of {data}/index.json does not verify: the data was altered", data=data))
    if pinned is not None and public != pinned:
        raise LookupDataError(t("the lookup data is not signed with the centre's key ({public_key_file}: {fingerprint})",
                                public_key_file=signing.PUBLIC_KEY_FILE, fingerprint=signing.fingerprint(pinned)))
    return manifest, public


def _checked(path: Path, want: bytes) -> bytes | None:
    """The file's bytes if its digest is `want`; None for an empty slot (no file)."""
    if want == EMPTY:
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LookupDataError(str(exc)) from exc
    if digest(raw) != want:
        raise LookupDataError(t("{path} does not verify against the signed manifest: the data was altered", path=path))
    return raw


def _program_title(data: Path, program: str, manifest: Mapping[str, Any]) -> dict[str, str]:
    """The program's titles by language, or {} when the site has none for it (the page then shows the id)."""
    want = manifest.get("programs")
    if not isinstance(want, str) or not re.fullmatch(r"[0-9a-f]{32}", want):
        raise LookupDataError(t("{data}/index.json lacks {exc}", data=data, exc="programs"))
    raw = _checked(data / PROGRAMS_FILE, bytes.fromhex(want))
    try:
        entry = json.loads(raw or b"{}").get(program) or {}
        title = entry.get("title") or {}
        return {str(k): str(v) for k, v in title.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LookupDataError(t("{program}.json is not a program's titles: {exc}", program=Path(PROGRAMS_FILE).stem,
                                exc=exc)) from exc


def find_row(shard: bytes, id_: str) -> list[str] | None:
    """The shard line of this id, split into its cells (lines are sorted by id: a binary search)."""
    lines = shard.decode("ascii").splitlines()
    at = bisect.bisect_left(lines, id_)
    if at == len(lines) or not lines[at].startswith(id_ + ","):
        return None
    cells = lines[at].split(",")
    if len(cells) != len(SHARD_COLUMNS):
        raise LookupDataError(t("a shard line has the wrong number of cells"))
    return cells


def lookup(site: Path, code: str, today: dt.date, *, pinned: bytes | None = None) -> LookupResult:
    """Read one record the way the page does: the manifest, one group, one shard, open the seals with the code's
    key, and the program's titles from programs.json. Signed data is verified (and must be signed with `pinned` when given)."""
    data = site / DATA_DIR
    manifest, public = _manifest(data, pinned)
    try:
        groups = base64.b64decode(manifest["groups"])
        stamp = str(manifest.get("as_of", ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise LookupDataError(t("{data}/index.json lacks {exc}", data=data, exc=exc)) from exc
    signed_by = signing.fingerprint(public) if public else ""
    sealer = Sealer(codes.normalize(code))
    gname, sname = sealer.id[:GROUP_DIGITS], sealer.id[:SHARD_DIGITS]
    g = int(gname, 16) * DIGEST_BYTES
    group = _checked(data / GROUPS_DIR / f"{gname}.bin", groups[g:g + DIGEST_BYTES])
    s = int(sname[GROUP_DIGITS:], 16) * DIGEST_BYTES
    shard = _checked(data / SHARDS_DIR / f"{sname}.csv", group[s:s + DIGEST_BYTES]) if group else None
    cells = find_row(shard, sealer.id) if shard else None
    if cells is None:
        return LookupResult(verdict=Verdict.NOT_FOUND, record={}, as_of=stamp, signed_by=signed_by)
    row = dict(zip(SHARD_COLUMNS, cells))
    try:
        rec: dict[str, Any] = {"s": row["status"], "h": sealer.open(HOLDER, row["holder_seal"]), "p": row["program"],
                               "n": int(row["hours"]), "e": row["course_ended"], "i": row["issued"],
                               "v": row["valid_until"]}
        if row["status"] == Status.REVOKED.value:
            rec["r"] = row["revoked_on"]
            rec["rr"] = sealer.open(REASON, row["reason_seal"])
    except (SealError, ValueError) as exc:
        raise LookupDataError(t("the record for this code does not open: {exc}", exc=exc)) from exc
    if row["supersedes"]:
        rec["sp"] = row["supersedes"]
    return LookupResult(verdict=verdict_of(rec, today), record=rec, as_of=stamp, signed_by=signed_by,
                        title=_program_title(data, row["program"], manifest))
