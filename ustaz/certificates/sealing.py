"""The sealed register's cryptography: a certificate's public id and its sealed cells (DESIGN.md, C-20).

The public register holds no code and no name. Everything below is derived from the normalised code with
the lookup's key derivation (``derive``: HKDF-SHA256, RFC 5869), so only someone who has the code
finds its row and opens its seals:

    okm        = HKDF-SHA256(ikm = the normalised code, salt = SALT, info = INFO, 76 bytes)
    id         = hex(okm[0:4] | okm[68:76])     24 hex digits, the row's key (public; the lookup's shard
                                                 is its first 4 digits)
    key        = okm[4:36]                       AES-256-GCM key (never published)
    nonce_key  = okm[36:68]                      HMAC key for the nonces

A sealed cell (``holder_seal``, ``reason_seal``) is ``v1`` (the seal's format, and a first character no
spreadsheet runs as a formula) then base64url (no padding) of

    nonce | AES-256-GCM(key, nonce, text padded with zero bytes to a multiple of PAD, ad = cell | id)
    nonce = HMAC-SHA256(nonce_key, ad | padded text)[0:12]

The nonce is synthetic (derived from what is sealed), so the same text seals to the same bytes — the
lookup data is byte-identical for the same register — and a different text never reuses a nonce under the
same key. The associated data names the cell and the row, so a seal cannot be moved to another column or
row. The padding hides a name's exact length; the lookup page opens the same seals with WebCrypto.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import codes

ID_BYTES = 12
ID_PATTERN = re.compile(r"[0-9a-f]{24}")
NONCE_BYTES = 12
SEAL_PREFIX = "v1"
MAX_TEXT = 300  # characters: the longest revocation reason (a holder's name is at most 200)
PAD = 32  # sealed texts are padded to a multiple of this, so a seal's length says little about a name's
HOLDER = "holder"
REASON = "reason"
MAX_SEAL_CHARS = 1700  # a seal of the longest holder (200 characters) or reason (300, 4 UTF-8 bytes each)


# the lookup's key derivation (its first release's names, kept: they are in every sealed row)
SALT = b"ustaz certificate lookup v2"
INFO = b"place|aes-256-gcm key|nonce key|slot tags"
KEY_BYTES = 68  # place, AES key, nonce key; the tags follow
TAG_BYTES = 8


class SealError(ValueError):
    """A seal that does not open with this code (altered, moved, or another code's)."""


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


def _okm(code: str) -> bytes:
    return derive(codes.normalize(code), 1)


def certificate_id(code: str) -> str:
    """The public id of the certificate with this code (any spelling a lookup accepts)."""
    okm = _okm(code)
    return (okm[0:4] + okm[68:76]).hex()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise SealError(f"not base64url: {exc}") from exc


class Sealer:
    """The keys of one code: its id, and sealing and opening its cells."""

    def __init__(self, code: str) -> None:
        okm = _okm(code)
        self.id = (okm[0:4] + okm[68:76]).hex()
        self._aes = AESGCM(okm[4:36])
        self._nonce_key = okm[36:68]

    def _ad(self, cell: str) -> bytes:
        return f"{cell}|{self.id}".encode("ascii")

    def seal(self, cell: str, text: str) -> str:
        """The sealed cell; "" for an empty text (an issued row has no reason)."""
        if not text:
            return ""
        raw = text.encode("utf-8")
        padded = raw + bytes(-len(raw) % PAD)
        ad = self._ad(cell)
        nonce = hmac.digest(self._nonce_key, ad + padded, "sha256")[:NONCE_BYTES]
        return SEAL_PREFIX + _b64(nonce + self._aes.encrypt(nonce, padded, ad))

    def open(self, cell: str, sealed: str) -> str:
        if not sealed:
            return ""
        if not sealed.startswith(SEAL_PREFIX):
            raise SealError(f"the {cell} seal is not of format {SEAL_PREFIX}")
        raw = _unb64(sealed[len(SEAL_PREFIX):])
        try:
            plain = self._aes.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._ad(cell))
        except (InvalidTag, ValueError) as exc:
            raise SealError(f"the {cell} seal does not open with this code") from exc
        try:
            return plain.rstrip(b"\0").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SealError(f"the {cell} seal holds no text") from exc
