"""Certificate codes (DESIGN.md "Certificate codes and lookup", C-20).

A code is 95 random bits written as 19 Crockford base32 symbols plus one check symbol: 20 symbols,
shown in five groups of four (``XXXX-XXXX-XXXX-XXXX-XXXX``). 95 bits leave no room to guess a
code, so the lookup data keyed by a hash of the code cannot be harvested.

The check symbol is Crockford's: the code's value modulo 37, written with the 32 data symbols
plus ``*~$=U``. Because 37 is prime and larger than every symbol value, and no power of 32 and
no ``31`` is a multiple of 37, it catches

* every single-symbol substitution: the value changes by ``(a − b)·32^i``, never ≡ 0 (mod 37);
* every transposition of adjacent data symbols: the change is ``(a − b)·32^i·31``, never ≡ 0;
* a swap of the last data symbol with the check symbol (``2c − d ≡ d`` only when ``c = d``).

``tests/test_certificate_codes.py`` proves all three exhaustively over the alphabet.
Input is normalised as Crockford says: case, spaces and dashes are ignored, O reads as 0 and
I/L read as 1.
"""

from __future__ import annotations

import enum
import re
import secrets
from dataclasses import dataclass
from itertools import repeat

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
DATA_SYMBOLS = 19
RANDOM_BITS = DATA_SYMBOLS * 5  # 95 ≥ 80 (the contract's floor)
LENGTH = DATA_SYMBOLS + 1
GROUP = 4

_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_CHECK_VALUE = {ch: i for i, ch in enumerate(CHECK_ALPHABET)}
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None, "\t": None,
                            "\u2010": None, "\u2011": None, "\u2012": None, "\u2013": None, "\u2014": None})


class CodeProblem(str, enum.Enum):
    """Why a typed code is not a code: each has a message in the lookup page's languages."""

    EMPTY = "empty"
    LENGTH = "length"
    SYMBOL = "symbol"
    CHECK = "check"


@dataclass(frozen=True, kw_only=True)
class ParsedCode:
    """The result of reading a typed code: the normalised code, or why it is not one."""

    code: str | None
    problem: CodeProblem | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.code is not None


_DATA = re.compile(f"[{re.escape(ALPHABET)}]+")
_AS_BASE32 = str.maketrans(ALPHABET, "0123456789abcdefghijklmnopqrstuv")


def check_symbol(data: str) -> str:
    """Crockford's check symbol of `data` (data symbols only, normalised): its value modulo 37.

    The symbols are Python's base-32 digits in another spelling, so int() reads the value at C
    speed (the register check computes this a million times); a symbol outside the alphabet is a
    KeyError, as a lookup in the symbol table would be."""
    if not data:
        return CHECK_ALPHABET[0]
    if not _DATA.fullmatch(data):
        bad = next((ch for ch in data if ch not in _VALUE), "")
        raise KeyError(bad)
    return CHECK_ALPHABET[int(data.translate(_AS_BASE32), 32) % 37]


def new_code() -> str:
    """A fresh random code in normalised form (20 symbols, no dashes)."""
    n = secrets.randbits(RANDOM_BITS)
    data = "".join(ALPHABET[(n >> (5 * i)) & 31] for i in reversed(range(DATA_SYMBOLS)))
    return data + check_symbol(data)


def normalize(text: str) -> str:
    """Upper case, without spaces and dashes, O→0 and I/L→1 (not validated)."""
    return text.strip().upper().translate(_TRANSLATE)


def parse(text: str) -> ParsedCode:
    """Read a typed code; the check symbol catches a typo before any lookup."""
    raw = normalize(text)
    if not raw:
        return ParsedCode(code=None, problem=CodeProblem.EMPTY)
    if len(raw) != LENGTH:
        return ParsedCode(code=None, problem=CodeProblem.LENGTH,
                          detail=f"a code has {LENGTH} symbols, this has {len(raw)}")
    bad = [ch for ch in raw[:-1] if ch not in _VALUE]
    if bad or raw[-1] not in _CHECK_VALUE:
        shown = bad[0] if bad else raw[-1]
        return ParsedCode(code=None, problem=CodeProblem.SYMBOL, detail=f"{shown!r} is not a code symbol")
    if check_symbol(raw[:-1]) != raw[-1]:
        return ParsedCode(code=None, problem=CodeProblem.CHECK,
                          detail="the check symbol does not match: a symbol is mistyped or two are swapped")
    return ParsedCode(code=raw)


def is_valid(text: str) -> bool:
    return parse(text).ok


def display(code: str) -> str:
    """Groups of four: ``XXXX-XXXX-XXXX-XXXX-XXXX``."""
    raw = normalize(code)
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


_AS_BASE32_BYTES = bytes.maketrans(ALPHABET.encode("ascii"), b"0123456789abcdefghijklmnopqrstuv")
_S, _C = re.escape(ALPHABET), re.escape(CHECK_ALPHABET)
_DISPLAYED_CODES = re.compile(f"(?:[{_S}]{{4}}-[{_S}]{{4}}-[{_S}]{{4}}-[{_S}]{{4}}-[{_S}]{{3}}[{_C}])*")


def failing_check_symbols(shown: list[str]) -> list[int]:
    """The indices of the codes whose check symbol does not match, for a whole register column.

    When every code is written as ``display`` writes it (one regular expression over the joined
    column says so), the column is worked on as one string: dashes dropped, the symbols read as
    base-32 digits, each code's value modulo 37 spelled as its check symbol, and the spelled symbols
    compared with the written ones at once — about half a microsecond per code instead of a Python
    call each. Otherwise the codes are checked one by one."""
    joined = "".join(shown)
    if _DISPLAYED_CODES.fullmatch(joined):
        plain = joined.replace("-", "")
        digits = plain.encode("ascii").translate(_AS_BASE32_BYTES)
        values = map(int, [digits[k:k + DATA_SYMBOLS] for k in range(0, len(digits), LENGTH)], repeat(32))
        spelled = "".join(map(CHECK_ALPHABET.__getitem__, map((37).__rmod__, values)))
        written = plain[DATA_SYMBOLS::LENGTH]
        if spelled == written:
            return []
        return [i for i, (a, b) in enumerate(zip(spelled, written)) if a != b]
    return [i for i, code in enumerate(shown) if not is_valid(code)]
