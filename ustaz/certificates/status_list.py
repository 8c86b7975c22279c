"""Revocation as a W3C Bitstring Status List (C-20): signed ``BitstringStatusListCredential``s published on the
site at ``credentials/status/<year>-<n>.json``, one per issue year and, past `MAX_PER_LIST` certificates in a
year, one more for each further `MAX_PER_LIST` (in register order).

Each list has `LIST_BITS` entries (the specification's minimum, 16 KB, for herd privacy). A certificate's entry is
derived, not drawn: SHA-256 of the code picks a place in its year's list, so nobody without the code can tell which
entry is whose, and two builds of the same register give the same bytes. Two codes that pick the same place are
settled in register order (the register is append-only, so an entry, once given, never moves): the later one
takes the next free place. A revoked certificate's bit is 1.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from .dataintegrity import VC_V2
from .issuer import base_url, did_web
from .register import Certificate, Status

LIST_BITS = 131_072  # W3C Bitstring Status List: at least 16 KB uncompressed
MAX_PER_LIST = LIST_BITS // 4  # a year's list stays sparse, so it hides its entries and places stay cheap
STATUS_DIR = "credentials/status"
PURPOSE = "revocation"
_DOMAIN = b"ustaz status list entry|"


class Entry(NamedTuple):
    year: int
    part: int  # 1, 2, …: the year's list
    bit: int  # the entry: its bit in the list

    @property
    def list_name(self) -> str:
        return f"{self.year}-{self.part}"


def list_url(site_url: str, name: str) -> str:
    return f"{base_url(site_url)}{STATUS_DIR}/{name}.json"


def _start(code: str) -> int:
    return int.from_bytes(hashlib.sha256(_DOMAIN + code.encode("ascii")).digest()[:8], "big") % LIST_BITS


def entries(certificates: Iterable[Certificate]) -> dict[str, Entry]:
    """Every certificate's entry, by its id (the sealed register's key), in register order (an id twice: its first
    row). A tight loop: a
    register of a million certificates is placed in seconds."""
    taken: dict[int, list[set[int]]] = {}
    out: dict[str, Entry] = {}
    start = _start
    for cert in certificates:
        code = cert.id
        if code in out:
            continue
        year = cert.issued.year
        parts = taken.get(year)
        if parts is None:
            parts = taken[year] = [set()]
        used = parts[-1]
        if len(used) >= MAX_PER_LIST:
            used = set()
            parts.append(used)
        index = start(code)
        while index in used:
            index = (index + 1) % LIST_BITS
        used.add(index)
        out[code] = Entry(year, len(parts), index)
    return out


def credential_status(site_url: str, entry: Entry) -> dict[str, Any]:
    url = list_url(site_url, entry.list_name)
    return {"id": f"{url}#{entry.bit}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(entry.bit), "statusListCredential": url}


def encode(revoked: Iterable[int]) -> str:
    """The list: bit i (big-endian within each byte: index 0 is the first byte's highest bit) is entry i;
    GZIP (no file name, time 0: the same bits give the same bytes), base64url without padding, multibase 'u'."""
    bits = bytearray(LIST_BITS // 8)
    for i in revoked:
        bits[i // 8] |= 0x80 >> (i % 8)
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def lists(certificates: Iterable[Certificate], site_url: str) -> dict[str, dict[str, Any]]:
    """Every unsigned status list credential, keyed by its name (``<year>-<n>``). Its validity starts on the last
    change of a certificate it holds (an issue or a revocation), so the bytes follow the register only."""
    certs = list(certificates)
    placed = entries(certs)
    revoked: dict[str, list[int]] = {}
    changed: dict[str, str] = {}
    seen: set[str] = set()
    for cert in certs:
        if cert.id in seen:
            continue
        seen.add(cert.id)
        entry = placed[cert.id]
        days = [cert.issued] + ([cert.revoked_on] if cert.status is Status.REVOKED and cert.revoked_on else [])
        last = max(d.isoformat() for d in days)
        name = entry.list_name
        changed[name] = max(changed.get(name, last), last)
        if cert.status is Status.REVOKED:
            revoked.setdefault(name, []).append(entry.bit)
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(changed):
        url = list_url(site_url, name)
        out[name] = {"@context": [VC_V2], "id": url, "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                     "issuer": did_web(site_url), "validFrom": f"{changed[name]}T00:00:00Z",
                     "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList",
                                           "statusPurpose": PURPOSE,
                                           "encodedList": encode(revoked.get(name, []))}}
    return out


def is_revoked(status_list: Mapping[str, Any], index: int) -> bool:
    """Read one bit back (for `ustaz` and the tests' own cross-check)."""
    text = str(status_list["credentialSubject"]["encodedList"])
    packed = base64.urlsafe_b64decode(text[1:] + "=" * (-len(text[1:]) % 4))
    bits = gzip.decompress(packed)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))

