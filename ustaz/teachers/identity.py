"""One teacher id across the staff's files: derived from the identity number (IIN), never the number itself.

    teacher id = "t-" + base32(HMAC-SHA256(key, "ustaz-teacher-id|" + IIN))[:16], lower case

The key is 32 random bytes kept in the private tree (`<private>/keys/teacher-id.key`, hex, mode 0600), made on
first use (`ustaz teachers id`, `ustaz course import`). A plain hash of a 12-digit IIN could be reversed by
trying every IIN (about 10^11 with the date of birth and the check digit, hours on a laptop); without the
centre's key nobody who knows an IIN can compute the id, nor tell whose id it is. The same key gives the same
id in every cohort, support plan, monitoring population and survey; a new key would give new ids, so the key is
backed up with the private tree and never replaced.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from pathlib import Path

from ..i18n import t
from ..writefile import write_atomic

KEY_FILE = "keys/teacher-id.key"
KEY_BYTES = 32
LABEL = b"ustaz-teacher-id|"
ID_CHARS = 16  # base32 characters: 80 bits, no collision among any centre's teachers
TEACHER_ID = re.compile(r"^t-[a-z2-7]{16}$")


class TeacherKeyError(Exception):
    """The key file is missing or not a key; the message says which file and why."""


def key_path(private: Path) -> Path:
    return private / KEY_FILE


def load_key(private: Path, *, create: bool = False) -> bytes | None:
    """The centre's teacher-id key; None when there is none (and `create` is off)."""
    path = key_path(private)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise TeacherKeyError(t("{path} is not a regular file", path=path))
    if not path.exists():
        if not create:
            return None
        key = secrets.token_bytes(KEY_BYTES)
        write_atomic(path, key.hex() + "\n", mode=0o600)
        return key
    try:
        text = path.read_text(encoding="ascii", errors="strict")[:4 * KEY_BYTES].strip()
        key = bytes.fromhex(text)
    except (OSError, UnicodeError, ValueError) as exc:
        raise TeacherKeyError(t("{path} is not a teacher-id key ({key_bytes} bytes in hex): {exc}", path=path, key_bytes=KEY_BYTES, exc=exc)) from exc
    if len(key) != KEY_BYTES:
        raise TeacherKeyError(t("{path} holds {count} bytes, not {key_bytes}", path=path, count=len(key), key_bytes=KEY_BYTES))
    return key


def teacher_id(iin: str, key: bytes) -> str:
    digest = hmac.new(key, LABEL + iin.encode("ascii"), hashlib.sha256).digest()
    return "t-" + base64.b32encode(digest).decode("ascii").lower()[:ID_CHARS]
