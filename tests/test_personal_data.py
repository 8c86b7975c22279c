"""Personal-data patterns in published files are findings (C-8, issue #15). Numbers are generated with
valid and with every wrong check digit, not hand-picked."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY, copy_project

from ustaz.checks.personal_data import (
    PERSONAL_EMAIL,
    PERSONAL_IBAN,
    PERSONAL_ID,
    PERSONAL_PHONE,
    find_personal_data,
    iban_ok,
)
from ustaz.ids import iin_check_digit

rng = random.Random(15)
TODAY = dt.date(2026, 12, 3)


def _kinds(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    return [f.kind for f in find_personal_data(text, allowed, TODAY)]


def _random_date(start: int = 1930, end: int = 2020) -> dt.date:
    return dt.date(start, 1, 1) + dt.timedelta(days=rng.randrange((dt.date(end, 12, 31) - dt.date(start, 1, 1)).days))


def _iin_bodies(count: int) -> list[str]:
    bodies = []
    while len(bodies) < count:
        born = _random_date()
        century = {18: "12", 19: "34", 20: "56"}[born.year // 100]
        body = born.strftime("%y%m%d") + rng.choice(century) + f"{rng.randrange(10_000):04d}"
        if iin_check_digit(body) is not None:
            bodies.append(body)
    return bodies


def test_an_iin_is_found_only_when_its_check_digit_holds() -> None:
    for body in _iin_bodies(200):
        check = iin_check_digit(body)
        assert _kinds(f"ЖСН: {body}{check}.") == [PERSONAL_ID], body
        for wrong in set(range(10)) - {check}:
            assert _kinds(f"ЖСН: {body}{wrong}.") == [], (body, wrong)


def test_twelve_digit_numbers_that_are_not_dates_are_not_iins() -> None:
    """A valid check digit on a number whose first six digits are no birth date (a BIN, an order
    number) is not reported."""
    for _ in range(300):
        body = f"{rng.randrange(100):02d}{rng.randrange(13, 100):02d}{rng.randrange(10**7):07d}"  # month 13-99
        check = iin_check_digit(body)
        if check is not None:
            assert _kinds(f"order {body}{check}") == []


def test_a_kyrgyz_pin_is_its_sex_digit_and_a_real_birth_date() -> None:
    for _ in range(200):
        born = _random_date()
        serial = f"{rng.randrange(100_000):05d}"
        for sex in "12":
            assert _kinds(f"ПИН {sex}{born:%d%m%Y}{serial}") == [PERSONAL_ID]
        assert _kinds(f"ПИН {rng.choice('03456789')}{born:%d%m%Y}{serial}") == []
    assert _kinds("ПИН 23102199912345") == []  # 31 February
    assert _kinds(f"ПИН 1{TODAY + dt.timedelta(days=400):%d%m%Y}12345") == []  # not born yet


def _kg_iban(body: str) -> str:
    check = 98 - int("".join(str(int(c, 36)) for c in body + "KG00")) % 97
    return f"KG{check:02d}{body}"


def test_an_iban_is_found_only_when_its_mod97_check_holds() -> None:
    from schwifty import IBAN

    for _ in range(100):
        bank = f"{rng.randrange(1000):03d}"
        account = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(13))
        iban = str(IBAN.generate("KZ", bank_code=bank, account_code=account))
        kg = _kg_iban(f"{rng.randrange(10**16):016d}")
        for good in (iban, kg):
            spaced = " ".join(good[i:i + 4] for i in range(0, len(good), 4))
            assert _kinds(f"IBAN {good}") == [PERSONAL_IBAN], good
            assert _kinds(f"IBAN {spaced} (bank)") == [PERSONAL_IBAN], spaced
            wrong = f"{good[:2]}{(int(good[2:4]) + rng.randrange(1, 97)) % 100:02d}{good[4:]}"
            assert not iban_ok(wrong) or wrong == good
            if wrong != good:
                assert _kinds(f"IBAN {wrong}") == [], wrong


def _phone_forms(digits: str) -> list[str]:
    a, b, c, d = digits[:3], digits[3:6], digits[6:8], digits[8:10]
    return [f"+7 {a} {b} {c} {d}", f"+7 ({a}) {b}-{c}-{d}", f"8 {a} {b} {c} {d}", f"8({a}){b}{c}{d}",
            f"+7{a}{b}{c}{d}", f"8-{a}-{b}-{c}-{d}", f"+7.{a}.{b}.{c}.{d}"]


def test_phone_numbers_in_every_common_form_are_found() -> None:
    for _ in range(50):
        kz = "7" + f"{rng.randrange(10**9):09d}"
        for form in _phone_forms(kz):
            assert _kinds(f"тел.: {form}, звоните") == [PERSONAL_PHONE], form
        kg = f"{rng.randrange(10**9):09d}"
        for form in (f"+996 {kg[:3]} {kg[3:6]} {kg[6:]}", f"+996({kg[:3]}){kg[3:6]}-{kg[6:]}", f"+996{kg}"):
            assert _kinds(f"тел.: {form}") == [PERSONAL_PHONE], form


def test_dates_hours_isbns_and_counts_are_not_phones() -> None:
    text = ("date: 2026-01-15, hours: 80, 8 modules, ISBN 978-601-7654-32-1, 9786017654321, "
            "order No. 87 of 12.03.2024, 80 hours, 1 000 000 rows, 8 700 listeners")
    assert _kinds(text) == []


def test_a_public_contact_is_allowed_in_any_spelling() -> None:
    allowed = ("info@centre.kz", "+7 7172 12 34 56")
    assert _kinds("write to Info@Centre.kz or call 8 (717) 212-34-56", allowed) == []
    assert _kinds("write to ivan@centre.kz or call 8 717 212 34 57", allowed) == [PERSONAL_EMAIL, PERSONAL_PHONE]


def test_reserved_example_domains_belong_to_no_one() -> None:
    assert _kinds("a@example.org b@x.example c@mail.test d@example.com") == []
    assert _kinds("ivan.petrov@mail.kz") == [PERSONAL_EMAIL]


def test_each_finding_has_its_line_and_column() -> None:
    found = find_personal_data("one\ntwo ivan@mail.kz\n\nx +996 555 123 456\n", (), TODAY)
    assert [(f.line, f.column) for f in found] == [(2, 5), (4, 3)]


# the CLI on a copy of the shipped project: every kind, in every kind of published file

@pytest.fixture(scope="module")
def examples_ok() -> None:
    for where in (ROOT, ROOT / "examples" / "kg-school"):
        done = run_ustaz("check", cwd=where, env={"USTAZ_TODAY": BUILD_DAY}, timeout=120)
        assert "personal-data" not in done.stdout, done.stdout


def test_c8_the_quick_hints_miss_no_candidate() -> None:
    """C-8: the scan skips a text in which none of the quick hints occurs (most published files), so every text
    the full pattern finds a candidate in must show a hint. Random texts over the characters the candidates are
    made of, the same joined by a piece of every kind (phone prefixes, an IBAN start, e-mail), IINs whose check
    digit holds, and IBAN-like runs."""
    from ustaz.checks.personal_data import _CANDIDATE, _may_hold

    alphabet = "0123456789 +-.()@KZGBA7896abcxyz\n,/:"
    pieces = ["+7", "8 (7", "+996", "KZ86", "@", "ivan@mail.kz", "8-701-123-45-67", "+996 555 123 456"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 60))) for _ in range(20_000)]
    texts += [rng.choice(pieces).join(rng.choice(texts) for _ in range(2)) for _ in range(5_000)]
    texts += [f"{body}{iin_check_digit(body)}" for body in _iin_bodies(200)]
    upper = "ABCKZT0123456789 "
    texts += [rng.choice(["", "x ", "7"]) + rng.choice(["KZ", "KG", "DE"]) + f"{rng.randrange(100):02d}"
              + "".join(rng.choice(upper) for _ in range(rng.randrange(8, 34))) for _ in range(2_000)]
    kinds: dict[str, int] = {}
    for text in texts:
        for m in _CANDIDATE.finditer(text):
            kinds[str(m.lastgroup)] = kinds.get(str(m.lastgroup), 0) + 1
            assert _may_hold(text), text
    # candidates of every kind were among the texts, so the line above was tried on each
    assert min(kinds.get(kind, 0) for kind in ("number", "iban", "phone", "email")) > 50, kinds
    assert not _may_hold("cohort,program,starts\n2026-rb-kk-01,robotics-basics,2026-10-05\n")


def test_the_shipped_projects_hold_no_personal_data(examples_ok: None) -> None:
    pass


def test_check_reports_personal_data_in_every_published_file_with_its_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    iin = _iin_bodies(1)[0]
    iin += str(iin_check_digit(iin))
    from schwifty import IBAN

    samples = {PERSONAL_ID: iin, PERSONAL_IBAN: str(IBAN.generate("KZ", bank_code="125", account_code="KZT5004100100")),
               PERSONAL_PHONE: "+7 701 234 56 78", PERSONAL_EMAIL: "aigerim.s@mail.kz"}
    targets = ["programs/robotics-basics/program.ru.md", "data/organizations.csv", "content/en/index.md",
               "programs/robotics-basics/program.yml"]
    expected = []
    for n, (code, value) in enumerate(samples.items()):
        shown = targets[n]
        path = root / shown
        lines = path.read_text(encoding="utf-8").split("\n")
        at = min(len(lines) - 1, 3)
        if shown.endswith(".yml"):
            lines.insert(at, f"# contact {value}")
        elif shown.endswith(".csv"):
            lines.insert(at, f'"{value}"')  # a row of one cell: a table-row finding too
        else:
            lines.insert(at, f"Contact: {value}")
        path.write_text("\n".join(lines), encoding="utf-8")
        expected.append(f"{shown}:{at + 1}: error {code}:")
    done = run_ustaz("check", cwd=root, env={"USTAZ_TODAY": BUILD_DAY}, timeout=120)
    assert "Traceback" not in done.stderr
    for line in expected:
        assert line in done.stdout, (line, done.stdout[-3000:])
    for value in samples.values():
        assert value not in done.stdout  # the finding does not repeat the number in the CI log
