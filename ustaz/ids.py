"""Identity numbers: the Kazakh IIN (C-3) and bank account codes, IBAN (C-5).

IIN (ЖСН / ИИН), 12 digits: ``YYMMDD`` birth date, one digit for century and sex (1/2: 1800s,
3/4: 1900s, 5/6: 2000s; odd male, even female; 0 for some foreign citizens), four serial digits and a
check digit. The check digit is the weighted sum of the first eleven digits modulo 11 with weights
1…11; if that is 10, the sum is taken again with weights 3…11, 1, 2; if that is 10 too, the number
is never issued. (python-stdnum has no Kazakh IIN, so it is written here.)
"""

from __future__ import annotations

import datetime as dt

from .i18n import t

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def iin_check_digit(first11: str) -> int | None:
    """The check digit for eleven digits, or None if no valid IIN starts with them."""
    digits = [int(c) for c in first11]
    for weights in (_W1, _W2):
        rest = sum(d * w for d, w in zip(digits, weights)) % 11
        if rest != 10:
            return rest
    return None


def iin_problem(value: str) -> str | None:
    """Why `value` is not a valid IIN (a phrase), or None if it is valid."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return t("an IIN has exactly 12 digits")
    check = iin_check_digit(value[:11])
    if check is None or check != int(value[11]):
        return t("the check digit (the 12th) does not match; a digit is mistyped")
    century = _CENTURY.get(value[6])
    if century is None:
        if value[6] == "0":
            return None
        return t("the 7th digit (century and sex) must be 0–6")
    try:
        dt.date(century + int(value[:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return t("the first six digits {value} are not a birth date YYMMDD", value=value[:6])
    return None


def make_iin(first11: str) -> str:
    """Complete eleven digits with their check digit (for fictional examples and tests)."""
    check = iin_check_digit(first11)
    if check is None:
        raise ValueError(f"no IIN starts with {first11}")
    return first11 + str(check)


def iban_problem(value: str, country: str, length: int) -> str | None:
    """Why `value` is not a valid account code (IBAN) of `country` with `length` characters (C-5).

    Where the country has no IBAN (Kyrgyzstan), only the length and the characters are checked."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException
    from schwifty.registry import get_iban_spec

    compact = value.replace(" ", "").upper()
    if len(compact) != length:
        return t("an IBAN has {length} characters, this one has {count}", length=length, count=len(compact))
    if not compact.isascii() or not compact.isalnum():
        return t("an account code has only Latin letters and digits")
    try:
        get_iban_spec(country)
    except (KeyError, SchwiftyException):
        return None  # no IBAN in this country: the bank's account code is checked by length only
    if compact[:2] != country:
        return t("the IBAN must start with the country code {country}", country=country)
    try:
        IBAN(compact, validate_bban=False)
    except SchwiftyException as exc:
        return t("not a valid IBAN ({exc})", exc=exc)
    return None
