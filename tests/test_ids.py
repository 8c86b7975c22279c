"""IIN check digit (C-3) and IBAN (C-5)."""

from __future__ import annotations

import pytest

from ustaz.ids import iban_problem, iin_check_digit, iin_problem, make_iin

# fictional IINs: born on 01.01.1985 etc., serial 0000
GOOD = ["850101400001", "900202300006", "880303400005"]


@pytest.mark.parametrize("iin", GOOD)
def test_c3_valid_iin_passes(iin: str) -> None:
    assert iin_problem(iin) is None


def test_c3_check_digit_worked_by_hand() -> None:
    # 8·1+5·2+0·3+1·4+0·5+1·6+4·7+0·8+0·9+0·10+0·11 = 8+10+4+6+28 = 56; 56 mod 11 = 1
    assert iin_check_digit("85010140000") == 1
    # 90020230000: the first pass gives 9+0+0+8+0+12+21 = 50 → 6; the example L02 ends in 6
    assert iin_check_digit("90020230000") == 6


def test_c3_second_weights_when_the_first_sum_gives_10() -> None:
    first11 = "88030240000"
    digits = [int(c) for c in first11]
    assert sum(d * w for d, w in zip(digits, range(1, 12))) % 11 == 10
    second = sum(d * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))) % 11
    assert second != 10 and iin_check_digit(first11) == second
    assert iin_problem(first11 + str(second)) is None


@pytest.mark.parametrize("iin", GOOD)
def test_c3_single_digit_errors_are_caught(iin: str) -> None:
    """A wrong check digit is always caught; other single-digit errors nearly always (the 11th digit weighs
    11 ≡ 0 in the first sum, and a sum that moves into the second pass may match by chance)."""
    caught = total = 0
    for pos in range(12):
        for d in "0123456789":
            if d != iin[pos]:
                wrong = iin[:pos] + d + iin[pos + 1:]
                total += 1
                caught += iin_problem(wrong) is not None
                if pos == 11:
                    assert iin_problem(wrong) is not None, wrong
    assert caught / total > 0.85


def test_c3_malformed_iins() -> None:
    assert "12 digits" in (iin_problem("85010140000") or "")
    assert "12 digits" in (iin_problem("85010140000a") or "")
    assert "12 digits" in (iin_problem("８５０１０１４００００１") or "")  # full-width digits
    assert "birth date" in (iin_problem(make_iin("85023140000")) or "")  # 31 February
    assert "7th digit" in (iin_problem(make_iin("85010190000")) or "")


def test_c3_number_with_no_valid_check_digit_is_never_issued() -> None:
    unissued = next(f"{n:011d}" for n in range(85010140000, 85010150000) if iin_check_digit(f"{n:011d}") is None)
    with pytest.raises(ValueError):
        make_iin(unissued)
    assert all(iin_problem(unissued + d) for d in "0123456789")


def test_c5_iban_kz_20_characters() -> None:
    assert iban_problem("KZ86125KZT5004100100", "KZ", 20) is None
    assert iban_problem("KZ86 125K ZT50 0410 0100", "KZ", 20) is None
    assert "20 characters" in (iban_problem("KZ86125KZT500410010", "KZ", 20) or "")
    assert "not a valid IBAN" in (iban_problem("KZ87125KZT5004100100", "KZ", 20) or "")
    assert "country code KZ" in (iban_problem("DE89370400440532013000", "KZ", 22) or "")
