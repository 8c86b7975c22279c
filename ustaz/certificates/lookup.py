"""The private static lookup data behind the site's /verify/ page (DESIGN.md, C-20).

No one without a code can read a name: every record sits under an id derived from the code and is
encrypted with a key derived from the code; the browser derives the same with WebCrypto.

    okm       = HKDF-SHA256(ikm = the normalised code, salt = SALT, info = INFO, 80 bytes)
    id        = okm[0:16]     (published: which record to fetch)
    key       = okm[16:48]    (AES-256-GCM key, never published)
    nonce_key = okm[48:80]    (HMAC key for the nonce)
    nonce     = HMAC-SHA256(nonce_key, plaintext)[0:12]

The nonce is synthetic (derived from the plaintext), so rebuilding the same register gives the
same records and a changed record (a revocation) never reuses a nonce under the same key.

Layout: ``verify/data/index.json`` (the manifest: format, "data as of", sizes, program titles) and
``verify/data/<shard>.bin``, where the shard is the first ``shard_bits`` bits of the id. One lookup
fetches the manifest and one shard: two small files. Every plaintext is padded to the same size and
every shard to the same number of records with random dummies, so no file size says anything about
who is in it. A shard is the records sorted by id: ``id | nonce | ciphertext`` of fixed size.
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import enum
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import codes, signing
from .register import Certificate, Status

FORMAT = "ustaz-verify/1"
SALT = b"ustaz certificate lookup v1"
INFO = b"id|aes-256-gcm key|nonce key"
DATA_DIR = "verify/data"
ID_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
TARGET_PER_SHARD = 64  # about 20 kB per shard: small enough for a phone, big enough to hide in
MIN_SHARD_BITS = 4
MIN_PLAIN = 256


@dataclass(frozen=True, kw_only=True)
class Keys:
    id: bytes
    key: bytes
    nonce_key: bytes

    @classmethod
    def for_code(cls, code: str) -> Keys:
        okm = HKDF(algorithm=hashes.SHA256(), length=80, salt=SALT, info=INFO).derive(code.encode("ascii"))
        return cls(id=okm[:16], key=okm[16:48], nonce_key=okm[48:80])


def record_plaintext(cert: Certificate) -> bytes:
    """What the page shows once the code is known; short keys keep every record small."""
    rec: dict[str, Any] = {"s": cert.status.value, "h": cert.holder, "p": cert.program, "k": cert.cohort,
                           "n": cert.hours, "e": cert.course_ended.isoformat(), "i": cert.issued.isoformat(),
                           "v": cert.valid_until.isoformat()}
    if cert.status is Status.REVOKED:
        rec["r"] = cert.revoked_on.isoformat() if cert.revoked_on else ""
        rec["rr"] = cert.revoked_reason
    if cert.supersedes:
        rec["sp"] = codes.display(cert.supersedes)
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encrypt(keys: Keys, plaintext: bytes, size: int) -> bytes:
    padded = plaintext + b" " * (size - len(plaintext))
    nonce = hmac.new(keys.nonce_key, padded, hashlib.sha256).digest()[:NONCE_BYTES]
    return keys.id + nonce + AESGCM(keys.key).encrypt(nonce, padded, None)


@dataclass(frozen=True, kw_only=True)
class LookupStats:
    certificates: int
    shards: int
    shard_bytes: int
    record_bytes: int
    total_bytes: int


def _round_up(n: int, step: int) -> int:
    return (n + step - 1) // step * step


def shard_bits_for(count: int) -> int:
    bits = MIN_SHARD_BITS
    while count > TARGET_PER_SHARD * (1 << bits):
        bits += 1
    return bits


def shard_name(ident: bytes, bits: int) -> str:
    n = int.from_bytes(ident[:4], "big") >> (32 - bits)
    return format(n, "x").rjust((bits + 3) // 4, "0")


def build(certificates: Iterable[Certificate], out: Path, *, as_of: dt.date,
          programs: Mapping[str, Mapping[str, Any]], issuer: Mapping[str, str],
          signer: Ed25519PrivateKey | None = None) -> LookupStats:
    """Write the manifest and the shards under `out` (the site directory), signed if a key is given."""
    plain = [(cert.code, record_plaintext(cert)) for cert in certificates]  # codes and texts only: 1M fit
    size = max([MIN_PLAIN, *(_round_up(len(p), 64) for _, p in plain)])
    bits = shard_bits_for(len(plain))
    count = len(plain)
    shards: dict[str, list[bytes]] = {}
    for i, (code, text) in enumerate(plain):
        keys = Keys.for_code(code)
        shards.setdefault(shard_name(keys.id, bits), []).append(encrypt(keys, text, size))
        plain[i] = ("", b"")  # let the plaintext go as its record is made
    per_shard = _round_up(max([1, *(len(v) for v in shards.values())]), 8)
    record = ID_BYTES + NONCE_BYTES + size + TAG_BYTES
    data = out / DATA_DIR
    data.mkdir(parents=True, exist_ok=True)
    for old in data.glob("*.bin"):
        old.unlink()
    for n in range(1 << bits):
        name = format(n, "x").rjust((bits + 3) // 4, "0")
        records = shards.get(name, [])
        prefix = n << (32 - bits)
        while len(records) < per_shard:
            dummy = bytearray(os.urandom(record))  # random: indistinguishable from ciphertext
            dummy[:4] = (prefix | int.from_bytes(dummy[:4], "big") & ((1 << (32 - bits)) - 1)).to_bytes(4, "big")
            records.append(bytes(dummy))
        records.sort(key=lambda r: r[:ID_BYTES])
        body = b"".join(records)
        if signer is not None:
            body = signer.sign(signing.shard_message(as_of.isoformat(), name, body)) + body
        (data / f"{name}.bin").write_bytes(body)
    header = signing.SIGNATURE_BYTES if signer is not None else 0
    manifest = {"format": FORMAT, "as_of": as_of.isoformat(), "shard_bits": bits, "shard_records": per_shard,
                "shard_header": header, "plain_size": size, "record_size": record, "salt": SALT.decode(),
                "info": INFO.decode(), "programs": programs, "issuer": issuer}
    # the manifest travels as a string, so the page verifies exactly the bytes that were signed
    manifest_text = json.dumps(manifest, ensure_ascii=False, sort_keys=True)
    wrapper = {"manifest": manifest_text, "signature": "", "public_key": ""}
    if signer is not None:
        wrapper["signature"] = base64.b64encode(signer.sign(manifest_text.encode("utf-8"))).decode("ascii")
        wrapper["public_key"] = base64.b64encode(signing.public_bytes(signer)).decode("ascii")
    # a plain write: site files must be readable by the web server (write_atomic's temp files are 0600)
    (data / "index.json").write_text(json.dumps(wrapper, ensure_ascii=False, indent=1), encoding="utf-8")
    shard_bytes = header + per_shard * record
    return LookupStats(certificates=count, shards=1 << bits, shard_bytes=shard_bytes, record_bytes=record,
                       total_bytes=shard_bytes << bits)


class Verdict(str, enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_FOUND = "not-found"


@dataclass(frozen=True, kw_only=True)
class LookupResult:
    verdict: Verdict
    record: Mapping[str, Any]
    as_of: str = ""
    signed_by: str = ""  # the signing key's fingerprint, if the data is signed


def verdict_of(record: Mapping[str, Any], today: dt.date) -> Verdict:
    if record.get("s") == Status.REVOKED.value:
        return Verdict.REVOKED
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
        raise LookupDataError(f"no lookup data in {data}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise LookupDataError(f"{data}/index.json is not {FORMAT}")
    if public is not None and not signing.verify(public, signature, text.encode("utf-8")):
        raise LookupDataError(f"the signature of {data}/index.json does not verify: the data was altered")
    if pinned is not None and public != pinned:
        raise LookupDataError("the lookup data is not signed with the centre's key "
                              f"({signing.PUBLIC_KEY_FILE}: {signing.fingerprint(pinned)})")
    return manifest, public


def lookup(site: Path, code: str, today: dt.date, *, pinned: bytes | None = None) -> LookupResult:
    """Read one record the way the page does: the manifest, one shard, decrypt with the code's key.

    Signed data is verified (and must be signed with `pinned` when given)."""
    data = site / DATA_DIR
    manifest, public = _manifest(data, pinned)
    keys = Keys.for_code(code)
    size = int(manifest["record_size"])
    header = int(manifest.get("shard_header", 0))
    name = shard_name(keys.id, int(manifest["shard_bits"]))
    try:
        blob = (data / f"{name}.bin").read_bytes()
    except OSError as exc:
        raise LookupDataError(str(exc)) from exc
    as_of = str(manifest.get("as_of", ""))
    if public is not None and not signing.verify(public, blob[:header],
                                                  signing.shard_message(as_of, name, blob[header:])):
        raise LookupDataError(f"the signature of {data}/{name}.bin does not verify: the data was altered")
    blob = blob[header:]
    ids = [blob[i:i + ID_BYTES] for i in range(0, len(blob), size)]
    at = bisect.bisect_left(ids, keys.id)
    signed_by = signing.fingerprint(public) if public else ""
    if at == len(ids) or ids[at] != keys.id:
        return LookupResult(verdict=Verdict.NOT_FOUND, record={}, as_of=as_of, signed_by=signed_by)
    rec = blob[at * size:(at + 1) * size]
    nonce, sealed = rec[ID_BYTES:ID_BYTES + NONCE_BYTES], rec[ID_BYTES + NONCE_BYTES:]
    try:
        record = json.loads(AESGCM(keys.key).decrypt(nonce, sealed, None).decode("utf-8"))
    except (InvalidTag, ValueError) as exc:
        raise LookupDataError(f"the record for this code does not decrypt: {exc}") from exc
    return LookupResult(verdict=verdict_of(record, today), record=record, as_of=as_of, signed_by=signed_by)
