"""Personal data has no place in a file the site publishes (C-8; DESIGN.md "Personal data").

Every text file under programs/, content/ and data/ is searched for what identifies a person: an
identity number that passes its rule, a bank account code (IBAN) whose mod-97 check holds, a phone
number, an e-mail address. Numbers are held to their check digits, so dates, hours, order numbers
and statistics are not mistaken for them. The centre's own public contacts (the policy's
`privacy.public_contacts`) and the reserved example domains are allowed. The register
(data/certificates/) has its own, stricter rule for its free-text cells (register-personal-data,
checks/register_rows.py), so it is not searched twice.

- IIN (Kazakhstan): 12 digits whose check digit holds and whose first seven digits are a birth date
  and a century digit (ustaz.ids). A BIN has the same check digit but names an organisation (digits
  5–6 are not a day), and an organisation's BIN is public: it is not reported.
- PIN (Kyrgyzstan): 14 digits, 1 or 2 (sex), the birth date DDMMYYYY, five serial digits. No check
  digit is published, so the sex digit and a real birth date are the rule.
- IBAN: two letters, two check digits, 11–30 letters or digits (groups of four may be spaced); the
  ISO 13616 mod-97 check holds, and the length is the country's where the IBAN registry knows it.
- Phone: Kazakh numbers (+7 or 8, then 7xx and seven digits) and Kyrgyz ones (+996 and nine digits),
  with spaces, dashes, dots or brackets between the groups.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..certificates.register import REGISTER_DIR
from ..findings import Finding, define, error
from ..i18n import t
from ..ids import iin_problem
from ..sourcefile import read_text
from . import Context, check

PERSONAL_ID = define("personal-data-id", "A published file holds an identity number (IIN, PIN) that passes its rule.",
                     "C-8")
PERSONAL_IBAN = define("personal-data-iban", "A published file holds a bank account code (IBAN) whose check holds.",
                       "C-8")
PERSONAL_PHONE = define("personal-data-phone", "A published file holds a phone number that is not a public contact.",
                        "C-8")
PERSONAL_EMAIL = define("personal-data-email",
                        "A published file holds an e-mail address that is not a public contact.", "C-8")

PUBLISHED = ("programs", "content", "data")
TEXT_SUFFIXES = (".md", ".yml", ".yaml", ".csv", ".json", ".txt")
# documentation names (RFC 2606, RFC 6761): they belong to no one
_RESERVED_DOMAINS = re.compile(r"(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$")

_SEP = r"[ \-.]?"
_CANDIDATE = re.compile(
    r"(?P<number>(?<![\d.,/:-])\d{12}(?:\d{2})?(?![\d]|[.,/:-]\d))"
    r"|(?P<iban>\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b)"
    rf"|(?P<phone>(?<![\w+])(?:\+7|8){_SEP}\(?7\d\d\)?{_SEP}\d{{3}}{_SEP}\d\d{_SEP}\d\d(?!\d)"
    rf"|\+996{_SEP}\(?\d{{3}}\)?{_SEP}\d{{3}}{_SEP}\d{{3}}(?!\d))"
    r"|(?P<email>\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b)"
)

# What every candidate above contains, found by patterns that start with a plain character class and so run
# several times faster than _CANDIDATE (whose look-behinds are tried at every position): a text in which none of
# them occurs has no candidate, and most published files (the schedule, the programs) are such texts.
_HINTS = (re.compile(r"\d{12}"), re.compile(r"[A-Z]{2}\d{2}"), re.compile(r"\+7|\+996|8[ \-.]?\(?7\d\d"))


def _may_hold(text: str) -> bool:
    return "@" in text or any(hint.search(text) for hint in _HINTS)


@dataclass(frozen=True, kw_only=True)
class Found:
    kind: str  # the finding code
    line: int
    column: int
    what: str  # a phrase naming it without repeating it


def iin_ok(value: str) -> bool:
    """A Kazakh IIN: its check digit holds and its first six digits are a birth date YYMMDD (also when
    the century digit is 0, where ustaz.ids accepts any date)."""
    if iin_problem(value) is not None:
        return False
    try:
        dt.date(2000, int(value[2:4]), int(value[4:6]))  # 2000: a leap year, so 29 February passes
    except ValueError:
        return False
    return True


def kg_pin_ok(value: str, today: dt.date | None = None) -> bool:
    """A Kyrgyz personal number: sex digit 1 or 2, a birth date DDMMYYYY not in the future, 5 serial digits."""
    if len(value) != 14 or not value.isdigit() or value[0] not in "12":
        return False
    try:
        born = dt.date(int(value[5:9]), int(value[3:5]), int(value[1:3]))
    except ValueError:
        return False
    return 1900 <= born.year and born <= (today or dt.date.today())


def iban_ok(value: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10…35, the number mod 97 is 1;
    and the country's length where the IBAN registry knows the country."""
    compact = value.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    from schwifty.exceptions import SchwiftyException
    from schwifty.registry import get_iban_spec

    try:
        length = get_iban_spec(compact[:2]).iban_length
    except (KeyError, SchwiftyException):
        length = len(compact)  # no IBAN registry entry (KG): the check alone
    if len(compact) != length:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "7" + digits[1:] if len(digits) == 11 and digits.startswith("8") else digits


def _iban_in(text: str) -> str | None:
    """The IBAN a candidate starts with: the whole run, or it with trailing spaced groups dropped."""
    groups = text.split(" ")
    for end in range(len(groups), 0, -1):
        candidate = " ".join(groups[:end])
        if iban_ok(candidate):
            return candidate
    return None


def find_personal_data(text: str, allowed: Iterable[str] = (), today: dt.date | None = None) -> list[Found]:
    """Every identity number, IBAN, phone number and e-mail address in `text` not in `allowed`."""
    allow = {a.strip().lower() for a in allowed if "@" in a}
    allow_phones = {_phone_key(a) for a in allowed if "@" not in a}
    found: list[Found] = []
    if not _may_hold(text):
        return found
    line, line_start, scanned = 1, 0, 0
    for m in _CANDIDATE.finditer(text):
        newlines = text.count("\n", scanned, m.start())
        if newlines:
            line += newlines
            line_start = text.rindex("\n", scanned, m.start()) + 1
        scanned = m.start()
        column = m.start() - line_start + 1
        value = m.group()
        if m.group("number"):
            if len(value) == 12 and iin_ok(value):
                found.append(Found(kind=PERSONAL_ID, line=line, column=column, what=t("an IIN (its check digit holds)")))
            elif len(value) == 14 and kg_pin_ok(value, today):
                found.append(Found(kind=PERSONAL_ID, line=line, column=column,
                                   what=t("a personal number (PIN: sex digit and birth date)")))
        elif m.group("iban"):
            if _iban_in(value) is not None:
                found.append(Found(kind=PERSONAL_IBAN, line=line, column=column,
                                   what=t("an IBAN ({value}, its check digits hold)", value=value[:2])))
        elif m.group("phone"):
            if _phone_key(value) not in allow_phones:
                found.append(Found(kind=PERSONAL_PHONE, line=line, column=column, what=t("a phone number")))
        else:
            domain = value.rsplit("@", 1)[1].lower()
            if value.lower() not in allow and not _RESERVED_DOMAINS.search(domain):
                found.append(Found(kind=PERSONAL_EMAIL, line=line, column=column, what=t("an e-mail address")))
    return found


def published_files(root: Path) -> Iterator[tuple[Path, str]]:
    """The text files under programs/, content/ and data/ (hidden ones left out), without following
    symlinked folders; a symlinked file is read only inside the project (read_text)."""
    for top in PUBLISHED:
        base = root / top
        if not base.is_dir() or base.is_symlink():
            continue
        for folder, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(TEXT_SUFFIXES) and not name.startswith("."):
                    path = Path(folder) / name
                    yield path, path.relative_to(root).as_posix()


@check(scope=PUBLISHED)
def personal_data(ctx: Context) -> Iterator[Finding]:
    allowed = list(ctx.policy.privacy.public_contacts)
    for path, shown in published_files(ctx.root):
        if shown.startswith(REGISTER_DIR + "/"):
            continue  # register-personal-data holds the register's cells to a stricter rule
        text, _ = read_text(path, shown)
        if text is None:
            continue  # the file's own loader (or the site's content check) says why it cannot be read
        for f in find_personal_data(text, allowed, ctx.today):
            yield error(shown, f.line, f.kind,
                        t("column {column} holds {what}; personal data stays in the private tree — remove it{value}", column=f.column, what=f.what, value="" if f.kind in (PERSONAL_ID, PERSONAL_IBAN)
                           else ", or list the centre's public contact in the policy's privacy.public_contacts"))
