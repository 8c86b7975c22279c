"""Personal data never enters the public tree: the record of a discussion copies people's comments, so
e-mail addresses, phone numbers and 12-digit identity numbers (IIN) in them are replaced first."""

from __future__ import annotations

import re

REMOVED = "[personal data removed]"
_NOT_IN_A_LINK = r"(?<![\w/#=.\-])"  # comment ids in URLs are long numbers too
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_IIN = re.compile(_NOT_IN_A_LINK + r"\d{12}(?!\d)")
# +7 701 123 45 67, 8 (701) 123-45-67, 87011234567, +996 555 123 456 — not an ISBN or a year range
_PHONE = re.compile(_NOT_IN_A_LINK + r"(?:\+\d{1,3}|(?<!\d)8)[\s\-]?\(?\d{3}\)?[\s\-]?\d{3}[\s\-]?\d{2,3}(?:[\s\-]?\d{2,3})?(?!\d)")


def redact(text: str) -> str:
    text = _EMAIL.sub(REMOVED, text)
    text = _IIN.sub(REMOVED, text)
    return _PHONE.sub(REMOVED, text)
