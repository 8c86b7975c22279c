"""Certificate codes (DESIGN.md contract, C-20): ≥ 80 random bits, Crockford base32, a check symbol
that catches every single-symbol error and every adjacent transposition, proved exhaustively."""

from __future__ import annotations

import random

import pytest

from ustaz.certificates import codes
from ustaz.certificates.codes import ALPHABET, CHECK_ALPHABET, LENGTH, CodeProblem


def _samples(n: int = 40) -> list[str]:
    rng = random.Random(20)
    out = [codes.new_code() for _ in range(n)]
    # corner codes: all zeros, all maximal, and ones whose check symbol is each of the five extra symbols
    out.append("0" * 19 + codes.check_symbol("0" * 19))
    out.append("Z" * 19 + codes.check_symbol("Z" * 19))
    extra = set()
    while len(extra) < 5:
        data = "".join(rng.choice(ALPHABET) for _ in range(19))
        ch = codes.check_symbol(data)
        if ch in "*~$=U" and ch not in extra:
            extra.add(ch)
            out.append(data + ch)
    return out


def test_c20_codes_have_at_least_80_random_bits_and_are_grouped_by_four() -> None:
    assert codes.RANDOM_BITS >= 80
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    for code in list(made)[:50]:
        assert len(code) == LENGTH and codes.is_valid(code)
        shown = codes.display(code)
        assert [len(g) for g in shown.split("-")] == [4] * (LENGTH // 4)
    # every data symbol is used in every position: the bits really are random
    for pos in range(19):
        assert {c[pos] for c in made} == set(ALPHABET)


def test_c20_check_symbol_catches_every_single_substitution_exhaustively() -> None:
    """Every position (the check symbol included), every replacement symbol of the whole alphabet."""
    for code in _samples():
        for pos in range(LENGTH):
            alphabet = CHECK_ALPHABET if pos == LENGTH - 1 else ALPHABET
            for sym in alphabet:
                if sym == code[pos]:
                    continue
                typo = code[:pos] + sym + code[pos + 1:]
                parsed = codes.parse(typo)
                assert not parsed.ok, (code, pos, sym)
                assert parsed.problem is CodeProblem.CHECK


def test_c20_check_symbol_catches_every_adjacent_transposition_exhaustively() -> None:
    """All 32×32 pairs of data symbols at every adjacent position, and every data symbol against
    every check symbol in the last two positions: a proof by enumeration, independent of the code."""
    base = list("0" * 19)
    for pos in range(18):
        for a in ALPHABET:
            for b in ALPHABET:
                if a == b:
                    continue
                data = base.copy()
                data[pos], data[pos + 1] = a, b
                good = "".join(data)
                code = good + codes.check_symbol(good)
                swapped = code[:pos] + b + a + code[pos + 2:]
                assert not codes.is_valid(swapped), (pos, a, b)
    # the last data symbol swapped with the check symbol: try every data symbol in front of every check symbol
    rng = random.Random(7)
    for _ in range(3):
        prefix = "".join(rng.choice(ALPHABET) for _ in range(18))
        for last in ALPHABET:
            code = prefix + last + codes.check_symbol(prefix + last)
            if code[-1] != code[-2]:
                assert not codes.is_valid(code[:-2] + code[-1] + code[-2])


def test_c20_the_algebra_behind_the_proof() -> None:
    """The reason it works: no change (a − b)·32^i, nor a transposition's (a − b)·31·32^i, is ≡ 0 mod 37."""
    for i in range(LENGTH):
        for delta in range(1, 32):
            assert (delta * pow(32, i, 37)) % 37 != 0
            assert (delta * 31 * pow(32, i, 37)) % 37 != 0


@pytest.mark.parametrize("typed", [
    "{g}", "{lower}", "  {spaced}  ", "{nodash}", "{o_for_zero}",
])
def test_c20_lookup_ignores_case_spaces_dashes_and_crockford_lookalikes(typed: str) -> None:
    code = "0123456789ABCDEFGH1"
    code += codes.check_symbol(code)
    g = codes.display(code)
    variants = {"g": g, "lower": g.lower(), "spaced": g.replace("-", " "), "nodash": code,
                "o_for_zero": g.replace("0", "O").replace("1", "l")}
    parsed = codes.parse(typed.format(**variants))
    assert parsed.ok and parsed.code == code
    assert codes.parse(g.replace("1", "I")).code == code


def test_c20_parse_says_why_a_code_is_not_one() -> None:
    assert codes.parse("").problem is CodeProblem.EMPTY
    assert codes.parse("ABCD-EFGH").problem is CodeProblem.LENGTH
    assert codes.parse("ABCD-EFGH-JKMN-PQRS-TVUZ").problem is CodeProblem.SYMBOL  # U is not a data symbol
    assert codes.parse("ABCD-EFGH-JKMN-PQRS-TVW!").problem is CodeProblem.SYMBOL


def test_c20_page_labels_are_complete_in_every_language() -> None:
    from ustaz.certificates.labels import PAGE_LABELS, PDF_LABELS

    for table in (PAGE_LABELS, PDF_LABELS):
        keys = set(table["en"])
        for lang in ("kk", "ru", "ky"):
            assert set(table[lang]) == keys, lang
