"""The private static lookup data behind the site's /verify/ page (DESIGN.md, C-20).

No one without a code can read a name: every record sits where a hash of the code says and is encrypted
with a key derived from the code; the browser derives the same with WebCrypto.

    okm       = HKDF-SHA256(ikm = the normalised code, salt = SALT, info = INFO, 68 + 8 × max_slots bytes)
    place     = okm[0:4]      (a number below 2³²: the shard is place × shards / 2³²)
    key       = okm[4:36]     (AES-256-GCM key, never published)
    nonce_key = okm[36:68]    (HMAC key for the nonces)
    tag j     = okm[68 + 8j : 76 + 8j]   (published: which slot of the shard holds part j of the record)

A record (lookup_record.py) is split into fixed-size slots of `plain_size` bytes; slot j is stored as

    tag j | nonce | AES-256-GCM(key, nonce, part j, associated data = the byte j)
    nonce = HMAC-SHA256(nonce_key, the byte j | part j)[0:12]

The nonce is synthetic (derived from the plaintext), so rebuilding the same register gives the same
slots and a changed record (a revocation) never reuses a nonce under the same key. Almost every record
fits one slot; a long name or revocation reason takes more, in the same shard, under tags nobody can link
without the code. The slot size is chosen per build for the fewest bytes in all.

Layout: ``verify/data/index.json`` (the manifest: format, "data as of", sizes, KDF parameters; a few
hundred bytes whatever the register and the catalogue), ``verify/data/<shard>.bin`` (slots sorted by
tag) and ``verify/data/programs/<program>.json`` (the program's titles, fetched once a record names it).
Every shard holds the same number of slots, filled up with padding slots, so no file's size says anything
about who is in it. A lookup fetches the manifest and one shard, and the program's titles if found.

The padding is derived, not drawn, so the same register gives byte-identical files (a diff of two
deployments shows only what the register changed, never which slots are real):

    padding key = HMAC-SHA256(the signing key's 32 raw bytes, PADDING_LABEL)      (signed data)
                = HMAC-SHA256(SALT, PADDING_LABEL)                                (unsigned data: not secret)
    padding     = AES-256-CTR(padding key, nonce = SHA-256(shard name | round)[0:16]) over zero bytes

AES-CTR under a secret key is a pseudorandom function, so without the centre's key the padding cannot be
told from sealed slots (which are AES-GCM output under keys nobody has without the codes). Unsigned data has
no secret to key it with: anyone can recompute its padding and so count the real slots of each shard (about
the number of certificates, which the statistics page publishes anyway); no name, code or shard of a code is
revealed. A centre that makes a key (``ustaz register keygen``) gets both the signatures and hidden padding.
"""

from __future__ import annotations

import base64
import bisect
import dataclasses
import datetime as dt
import enum
import hashlib
import hmac
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..i18n import t
from . import lookup_record, signing
from .register import Certificate, Status

FORMAT = "ustaz-verify/2"
SALT = b"ustaz certificate lookup v2"
INFO = b"place|aes-256-gcm key|nonce key|slot tags"
DATA_DIR = "verify/data"
PROGRAMS_DIR = "programs"
TAG_BYTES = 8
NONCE_BYTES = 12
GCM_TAG_BYTES = 16
SLOT_OVERHEAD = TAG_BYTES + NONCE_BYTES + GCM_TAG_BYTES
KEY_BYTES = 68  # place, key, nonce key: the tags follow
MIN_PLAIN = 64
MAX_SLOTS = 255  # the slot count is one byte
# the mean shard; the fullest (which every shard is padded to) is about 1.7 times it at 1M certificates, so
# that a lookup (manifest, shard, program titles) stays well under 16 KB
TARGET_SHARD_BYTES = 6144
MIN_SHARDS = 16
PADDING_LABEL = b"ustaz-verify/2 padding slots"
_PROGRAM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def derive(code: str, slots: int) -> bytes:
    """HKDF-SHA256 (RFC 5869) of the normalised code, with one-shot HMACs (a million of them at build)."""
    prk = hmac.digest(SALT, code.encode("ascii"), "sha256")
    length = KEY_BYTES + TAG_BYTES * slots
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.digest(prk, block + INFO + bytes((i,)), "sha256")
        out += block
        i += 1
    return out[:length]


@dataclass(frozen=True, kw_only=True)
class Keys:
    place: int
    key: bytes
    nonce_key: bytes
    tags: tuple[bytes, ...]

    @classmethod
    def for_code(cls, code: str, slots: int) -> Keys:
        okm = derive(code, slots)
        return cls(place=int.from_bytes(okm[:4], "big"), key=okm[4:36], nonce_key=okm[36:KEY_BYTES],
                   tags=tuple(okm[KEY_BYTES + TAG_BYTES * j:KEY_BYTES + TAG_BYTES * (j + 1)] for j in range(slots)))


def seal(key: bytes, nonce_key: bytes, plain: bytes, size: int) -> list[bytes]:
    """The record's parts, each `nonce | ciphertext+tag` (the slot's tag goes in front when placed)."""
    aes = AESGCM(key)
    out = []
    for j in range(len(plain) // size):
        part, ad = plain[j * size:(j + 1) * size], bytes((j,))
        nonce = hmac.digest(nonce_key, ad + part, "sha256")[:NONCE_BYTES]
        out.append(nonce + aes.encrypt(nonce, part, ad))
    return out


def slot_size(lengths: Mapping[int, int]) -> int:
    """The slot's plaintext size (a multiple of 16) that gives the fewest bytes for records of these lengths."""
    longest = max(lengths, default=0)
    best: tuple[int, int] | None = None
    for size in range(MIN_PLAIN, max(MIN_PLAIN, -(-longest // 16) * 16) + 1, 16):
        cost = sum(n * -(-length // size) for length, n in lengths.items()) * (size + SLOT_OVERHEAD)
        if -(-longest // size) <= MAX_SLOTS and (best is None or cost < best[0]):
            best = (cost, size)
    if best is None:
        raise lookup_record.RecordError(t("a record of {longest} bytes is too long for the lookup data", longest=longest))
    return best[1]


def shard_count(slots: int, slot_bytes: int) -> int:
    return max(MIN_SHARDS, -(-slots * slot_bytes // TARGET_SHARD_BYTES))


def shard_of(place: int, shards: int) -> int:
    return (place * shards) >> 32


def shard_name(index: int, shards: int) -> str:
    return format(index, "x").rjust(len(format(shards - 1, "x")), "0")


@dataclass(frozen=True, kw_only=True)
class LookupStats:
    certificates: int
    shards: int
    shard_slots: int
    shard_bytes: int
    slot_bytes: int
    total_bytes: int


def _signed(signer: Ed25519PrivateKey | None, message: bytes) -> str:
    return base64.b64encode(signer.sign(message)).decode("ascii") if signer is not None else ""


def padding_key(signer: Ed25519PrivateKey | None) -> bytes:
    """The key the padding is derived with: secret when the data is signed (from the signing key), else a
    public constant (see the module's docstring)."""
    if signer is None:
        return hmac.digest(SALT, PADDING_LABEL, "sha256")
    raw = signer.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                               serialization.NoEncryption())
    return hmac.digest(raw, PADDING_LABEL, "sha256")


def padding(key: bytes, name: str, count: int, slot: int, taken: set[bytes]) -> list[bytes]:
    """`count` padding slots for shard `name`: AES-256-CTR keystream under `key`, cut into slots; a slot whose
    tag is already taken (a chance of one in 2⁵⁰) is skipped and the next round's keystream fills in."""
    out: list[bytes] = []
    rounds = 0
    while len(out) < count:
        nonce = hashlib.sha256(f"{name}|{rounds}".encode("ascii")).digest()[:16]
        stream = Cipher(algorithms.AES(key), modes.CTR(nonce)).encryptor().update(bytes((count - len(out)) * slot))
        for at in range(0, len(stream), slot):
            dummy = stream[at:at + slot]
            if dummy[:TAG_BYTES] not in taken:
                taken.add(dummy[:TAG_BYTES])
                out.append(dummy)
        rounds += 1
    return out


def _write_shards(placed: list[bytearray], data: Path, *, slot: int, per_shard: int, stamp: str,
                  signer: Ed25519PrivateKey | None) -> None:
    """Each shard: its slots and padding up to `per_shard`, sorted by tag, signed if a key is given."""
    pad = padding_key(signer)
    for index, body in enumerate(placed):
        name = shard_name(index, len(placed))
        slots = [bytes(body[at:at + slot]) for at in range(0, len(body), slot)]
        placed[index] = bytearray()  # let the sealed slots go shard by shard
        tags = {s[:TAG_BYTES] for s in slots}
        if len(tags) != len(slots):
            raise ValueError(f"two codes share a slot tag in shard {name} (a chance of one in 2⁵⁰)")
        slots += padding(pad, name, per_shard - len(slots), slot, tags)
        slots.sort()
        blob = b"".join(slots)
        if signer is not None:
            blob = signer.sign(signing.shard_message(FORMAT, stamp, name, blob)) + blob
        (data / f"{name}.bin").write_bytes(blob)


def _write_titles(programs: Mapping[str, Mapping[str, str]], folder: Path, *, stamp: str,
                  signer: Ed25519PrivateKey | None, extra: Mapping[str, Mapping[str, Any]]) -> None:
    """`programs/<id>.json`: the program's titles (and `extra`'s fields, e.g. its approved versions) as a string
    (the signed bytes) and their signature."""
    for pid, title in sorted(programs.items()):
        if _PROGRAM_ID.match(pid):
            text = json.dumps({**extra.get(pid, {}), "title": dict(title)}, ensure_ascii=False, sort_keys=True,
                              separators=(",", ":"))
            message = signing.shard_message(FORMAT, stamp, f"{PROGRAMS_DIR}/{pid}", text.encode("utf-8"))
            wrapper = {"program": text, "signature": _signed(signer, message)}
            (folder / f"{pid}.json").write_text(json.dumps(wrapper, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")


def build(certificates: Iterable[Certificate], out: Path, *, as_of: dt.date,
          programs: Mapping[str, Mapping[str, str]], signer: Ed25519PrivateKey | None = None,
          program_extra: Mapping[str, Mapping[str, Any]] | None = None) -> LookupStats:
    """Write the manifest, the shards and the programs' titles under `out` (the site directory), signed if a
    key is given. `programs` maps a program's id to its title by language."""
    certs: list[Certificate] = []
    seen: set[str] = set()
    for cert in certificates:  # a code twice in the register (an error `ustaz check` reports): the first row
        if cert.code not in seen:
            seen.add(cert.code)
            certs.append(cert)
    del seen
    bodies = [lookup_record.encode(cert) for cert in certs]
    size = slot_size(Counter(len(b) + 1 for b in bodies))
    slot = SLOT_OVERHEAD + size
    counts = [-(-(len(b) + 1) // size) for b in bodies]
    max_slots = max(counts, default=1)
    shards = shard_count(sum(counts), slot)
    placed = [bytearray() for _ in range(shards)]
    for i, cert in enumerate(certs):
        k = counts[i]
        okm = derive(cert.code, k)
        plain = bytes((k,)) + bodies[i]
        plain += bytes(k * size - len(plain))
        bodies[i] = b""  # let the plaintext go as its slots are made
        into = placed[shard_of(int.from_bytes(okm[:4], "big"), shards)]
        for j, sealed in enumerate(seal(okm[4:36], okm[36:KEY_BYTES], plain, size)):
            into += okm[KEY_BYTES + TAG_BYTES * j:KEY_BYTES + TAG_BYTES * (j + 1)]
            into += sealed
    per_shard = max(len(b) for b in placed) // slot
    data = out / DATA_DIR
    (data / PROGRAMS_DIR).mkdir(parents=True, exist_ok=True)
    for old in [*data.glob("*.bin"), *(data / PROGRAMS_DIR).glob("*.json")]:
        old.unlink()
    stamp = as_of.isoformat()
    _write_shards(placed, data, slot=slot, per_shard=per_shard, stamp=stamp, signer=signer)
    _write_titles(programs, data / PROGRAMS_DIR, stamp=stamp, signer=signer, extra=program_extra or {})
    header = signing.SIGNATURE_BYTES if signer is not None else 0
    manifest = {"format": FORMAT, "as_of": stamp, "shards": shards, "shard_slots": per_shard,
                "shard_header": header, "plain_size": size, "slot_size": slot, "max_slots": max_slots,
                "salt": SALT.decode(), "info": INFO.decode()}
    # the manifest travels as a string, so the page verifies exactly the bytes that were signed
    text = json.dumps(manifest, sort_keys=True, separators=(",", ":"))
    wrapper = {"manifest": text, "signature": _signed(signer, text.encode("utf-8")),
               "public_key": base64.b64encode(signing.public_bytes(signer)).decode("ascii") if signer else ""}
    # a plain write: site files must be readable by the web server (write_atomic's temp files are 0600)
    (data / "index.json").write_text(json.dumps(wrapper, separators=(",", ":")), encoding="utf-8")
    shard_bytes = header + per_shard * slot
    return LookupStats(certificates=len(certs), shards=shards, shard_slots=per_shard, shard_bytes=shard_bytes,
                       slot_bytes=slot, total_bytes=shard_bytes * shards)


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
        raise LookupDataError(t("the lookup data is not signed with the centre's key ({public_key_file}: {fingerprint})", public_key_file=signing.PUBLIC_KEY_FILE, fingerprint=signing.fingerprint(pinned)))
    return manifest, public


def _program_title(data: Path, program: str, as_of: str, public: bytes | None) -> dict[str, str]:
    """The program's titles by language, or {} when the site has none for it (the page then shows the id)."""
    path = data / PROGRAMS_DIR / f"{program}.json"
    if not _PROGRAM_ID.match(program) or not path.is_file():
        return {}
    try:
        wrapper = json.loads(path.read_text(encoding="utf-8"))
        text = wrapper["program"]
        signature = base64.b64decode(wrapper.get("signature") or "")
        title = json.loads(text)["title"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LookupDataError(t("{path} is not a program's titles: {exc}", path=path, exc=exc)) from exc
    message = signing.shard_message(FORMAT, as_of, f"{PROGRAMS_DIR}/{program}", text.encode("utf-8"))
    if public is not None and not signing.verify(public, signature, message):
        raise LookupDataError(t("the signature of {path} does not verify: the data was altered", path=path))
    return {str(k): str(v) for k, v in title.items()}


def lookup(site: Path, code: str, today: dt.date, *, pinned: bytes | None = None) -> LookupResult:
    """Read one record the way the page does: the manifest, one shard, decrypt with the code's key, then the
    program's titles.

    Signed data is verified (and must be signed with `pinned` when given)."""
    data = site / DATA_DIR
    manifest, public = _manifest(data, pinned)
    try:
        shards, slot = int(manifest["shards"]), int(manifest["slot_size"])
        header, max_slots = int(manifest.get("shard_header", 0)), int(manifest["max_slots"])
        as_of = str(manifest.get("as_of", ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise LookupDataError(t("{data}/index.json lacks {exc}", data=data, exc=exc)) from exc
    keys = Keys.for_code(code, max_slots)
    name = shard_name(shard_of(keys.place, shards), shards)
    try:
        blob = (data / f"{name}.bin").read_bytes()
    except OSError as exc:
        raise LookupDataError(str(exc)) from exc
    if public is not None and not signing.verify(public, blob[:header],
                                                  signing.shard_message(FORMAT, as_of, name, blob[header:])):
        raise LookupDataError(t("the signature of {data}/{name}.bin does not verify: the data was altered", data=data, name=name))
    blob = blob[header:]
    tags = [blob[i:i + TAG_BYTES] for i in range(0, len(blob), slot)]
    signed_by = signing.fingerprint(public) if public else ""

    def part(j: int) -> bytes | None:
        at = bisect.bisect_left(tags, keys.tags[j])
        if at == len(tags) or tags[at] != keys.tags[j]:
            return None
        rec = blob[at * slot:(at + 1) * slot]
        nonce = rec[TAG_BYTES:TAG_BYTES + NONCE_BYTES]
        try:
            return AESGCM(keys.key).decrypt(nonce, rec[TAG_BYTES + NONCE_BYTES:], bytes((j,)))
        except InvalidTag as exc:
            raise LookupDataError(t("part {j} of the record for this code does not decrypt", j=j)) from exc

    first = part(0)
    if first is None:
        return LookupResult(verdict=Verdict.NOT_FOUND, record={}, as_of=as_of, signed_by=signed_by)
    parts = [first]
    for j in range(1, min(first[0], max_slots)):
        more = part(j)
        if more is None:
            raise LookupDataError(t("part {j} of the record for this code is missing from {data}/{name}.bin", j=j, data=data, name=name))
        parts.append(more)
    try:
        record = lookup_record.decode(b"".join(parts))
    except ValueError as exc:
        raise LookupDataError(t("the record for this code does not read: {exc}", exc=exc)) from exc
    title = _program_title(data, str(record["p"]), as_of, public)
    return LookupResult(verdict=verdict_of(record, today), record=record, as_of=as_of, signed_by=signed_by,
                        title=title)
