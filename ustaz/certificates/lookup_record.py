"""What one certificate's lookup record says, in a compact binary form (DESIGN.md, C-20).

The record is encrypted (lookup.py), so its form is private to ustaz and the /verify/ page's script, which
decodes the same bytes. Binary instead of JSON halves a record (about 100 bytes instead of 200 for a
Kazakh name), and the lookup data is mostly records:

    slots      u8     how many fixed-size slots the record fills (lookup.py splits and encrypts them)
    flags      u8     1: revoked, 2: supersedes another certificate
    hours      u16    (all integers big-endian)
    ended      u16    days since 1970-01-01: the course ended
    issued     u16    days since 1970-01-01
    until      u16    days since 1970-01-01: valid until
    revoked    u16    days since 1970-01-01, only when revoked
    holder     text   every text: its UTF-8 length (one byte below 128, else two: 0x8000 | length), then
    program    text   the bytes
    reason     text   only when revoked
    supersedes text   only with flag 2: the old certificate's code (20 symbols)

then zero bytes up to the slots' size. The page shows the program's title from a small per-program file
(``verify/data/programs/<id>.json``), so titles do not repeat in a million records.
"""

from __future__ import annotations

import datetime as dt
import struct
from typing import Any

from ..i18n import t
from . import codes
from .register import Certificate, Status

EPOCH = dt.date(1970, 1, 1)
REVOKED = 1
SUPERSEDES = 2
_HEAD = struct.Struct(">BHHHH")  # flags, hours, ended, issued, until (the slot count is written in front)
MAX_TEXT = 0x7FFF


class RecordError(ValueError):
    """A certificate that the record's form cannot hold (a date before 1970 or after 2149, absurd hours)."""


def _day(day: dt.date, cert: Certificate) -> int:
    n = (day - EPOCH).days
    if not 0 <= n <= 0xFFFF:
        raise RecordError(t("{path}:{line}: date {day} of {shown_code} is outside 1970–2149", path=cert.path, line=cert.line, day=day, shown_code=cert.shown_code))
    return n


def _text(value: str, cert: Certificate) -> bytes:
    raw = value.encode("utf-8")
    n = len(raw)
    if n < 0x80:
        return bytes((n,)) + raw
    if n > MAX_TEXT:
        raise RecordError(t("{path}:{line}: a text of {shown_code} is too long for its record", path=cert.path, line=cert.line, shown_code=cert.shown_code))
    return struct.pack(">H", 0x8000 | n) + raw


def encode(cert: Certificate) -> bytes:
    """The record without its leading slot count (lookup.py adds it once the slot size is known)."""
    revoked = cert.status is Status.REVOKED
    flags = (REVOKED if revoked else 0) | (SUPERSEDES if cert.supersedes else 0)
    if not 0 <= cert.hours <= 0xFFFF:
        raise RecordError(t("{path}:{line}: {hours} hours of {shown_code} do not fit a record", path=cert.path, line=cert.line, hours=cert.hours, shown_code=cert.shown_code))
    parts = [_HEAD.pack(flags, cert.hours, _day(cert.course_ended, cert), _day(cert.issued, cert),
                        _day(cert.valid_until, cert))]
    if revoked:
        parts.append(struct.pack(">H", _day(cert.revoked_on, cert) if cert.revoked_on else 0))
    parts += [_text(cert.holder, cert), _text(cert.program, cert)]
    if revoked:
        parts.append(_text(cert.revoked_reason, cert))
    if cert.supersedes:
        parts.append(_text(codes.normalize(cert.supersedes), cert))
    return b"".join(parts)


def fields(cert: Certificate) -> dict[str, Any]:
    """What the record says, as `decode` returns it (the keys the page and `ustaz verify` read)."""
    rec: dict[str, Any] = {"s": cert.status.value, "h": cert.holder, "p": cert.program, "n": cert.hours,
                           "e": cert.course_ended.isoformat(), "i": cert.issued.isoformat(),
                           "v": cert.valid_until.isoformat()}
    if cert.status is Status.REVOKED:
        rec["r"] = cert.revoked_on.isoformat() if cert.revoked_on else ""
        rec["rr"] = cert.revoked_reason
    if cert.supersedes:
        rec["sp"] = codes.display(cert.supersedes)
    return rec


def decode(plain: bytes) -> dict[str, Any]:
    """The fields of a decrypted record (slot count first); ValueError if the bytes are not a record."""
    try:
        flags, hours, ended, issued, until = _HEAD.unpack_from(plain, 1)
        at = 1 + _HEAD.size

        def day(n: int) -> str:
            return (EPOCH + dt.timedelta(days=n)).isoformat()

        def text() -> str:
            nonlocal at
            n = plain[at]
            if n & 0x80:
                n = struct.unpack_from(">H", plain, at)[0] & MAX_TEXT
                at += 1
            at += 1
            if at + n > len(plain):
                raise ValueError("a text runs past the record's end")
            value = plain[at:at + n].decode("utf-8")
            at += n
            return value

        rec: dict[str, Any] = {"s": Status.ISSUED.value, "n": hours, "e": day(ended), "i": day(issued),
                               "v": day(until)}
        revoked_on = 0
        if flags & REVOKED:
            rec["s"] = Status.REVOKED.value
            revoked_on = struct.unpack_from(">H", plain, at)[0]
            at += 2
        rec["h"] = text()
        rec["p"] = text()
        if flags & REVOKED:
            rec["r"] = day(revoked_on) if revoked_on else ""
            rec["rr"] = text()
        if flags & SUPERSEDES:
            rec["sp"] = codes.display(text())
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a lookup record: {exc}") from exc
    return rec
