"""Small-cell suppression of published counts of people (C-8 personal data, M-2 processing survey data;
S-8 and C-20 pages): primary "< N", secondary "x", checked against an attacker who knows the algorithm."""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import run_ustaz

from ustaz.small_cells import Line, Shown, feasible_ranges, min_cell_count, note


def _published(line: Line) -> tuple[tuple[str, ...], str]:
    return tuple(line.texts()), line.total_text()


def _attack(length: int, top: int, minimum: int, *, with_total: bool = True
            ) -> dict[tuple[tuple[str, ...], str], list[tuple[int, ...]]]:
    """Every table of `length` counts 0 … `top`, grouped by what the site would publish for it: a reader
    who sees one page can only tell which group the true table is in."""
    groups: dict[tuple[tuple[str, ...], str], list[tuple[int, ...]]] = defaultdict(list)
    for values in itertools.product(range(top + 1), repeat=length):
        groups[_published(Line.protect(values, minimum, with_total=with_total))].append(values)
    return groups


def test_c8_primary_small_counts_are_shown_as_fewer_than_n() -> None:
    """C-8: a count from 1 to N − 1 is "< N"; 0 and counts from N are exact when nothing else needs hiding."""
    line = Line.protect([0, 1, 2, 3, 4], 3, with_total=False)
    assert line.texts() == ["0", "< 3", "< 3", "3", "4"]
    assert [c.shown for c in line.cells] == [Shown.EXACT, Shown.SMALL, Shown.SMALL, Shown.EXACT, Shown.EXACT]
    assert line.total is None
    assert Line.protect([5, 6, 7], 5).texts() == ["5", "6", "7"] and Line.protect([5, 6, 7], 5).total_text() == "18"


def test_c8_a_small_cell_beside_a_total_takes_the_two_next_smallest_with_it() -> None:
    """C-8 secondary suppression: 35 − 9 − 5 − 20 would give away the 1, so the next smallest (5, then 9) are
    withheld too. Always two, whatever the values, so that how many were withheld tells nothing."""
    line = Line.protect([9, 1, 5, 20], 3)
    assert line.texts() == ["x", "< 3", "x", "20"] and line.total_text() == "35"
    assert line.ranges()[1] == (1, 2)
    assert Line.protect([9, 1, 5], 3).texts() == ["x", "< 3", "x"]
    assert Line.protect([9, 1, 5], 3).total_text() == "x"  # every non-zero cell hidden: the total goes too


def test_c8_two_small_cells_that_sum_below_n_take_more() -> None:
    """C-8: 1 + 1 = 62 − 30 would tell "both are 1" (and the two teachers together are a small group)."""
    line = Line.protect([1, 1, 10, 20, 30], 3)
    assert line.texts() == ["< 3", "< 3", "x", "x", "30"] and line.total_text() == "62"
    line = Line.protect([1, 1, 10], 3)
    assert line.texts() == ["< 3", "< 3", "x"] and line.total_text() == "x"


def test_c8_a_line_of_one_small_cell_hides_its_total() -> None:
    line = Line.protect([2], 3)
    assert line.texts() == ["< 3"] and line.total_text() == "x"
    line = Line.protect([1, 1], 3)
    assert line.texts() == ["< 3", "< 3"] and line.total_text() == "x"  # "< 3" would pin both to 1


@pytest.mark.parametrize(("length", "top", "minimum"), [(4, 10, 3), (4, 10, 4), (5, 8, 3), (5, 9, 4)])
def test_c8_m2_no_small_count_can_be_derived_by_a_reader_who_knows_the_algorithm(length: int, top: int,
                                                                                  minimum: int) -> None:
    """C-8, M-2: brute force over every table of `length` counts 0 … `top` − 1. For each page the site could
    publish, every table that would give that page is a possibility — the reader knows the algorithm, so
    which cells were withheld, and whether everything was hidden, tells them something too. Every "< N" cell
    must keep at least two possible values, all of them 1 … N − 1."""
    groups = _attack(length, top - 1, minimum)
    checked = 0
    for (texts, total), tables in groups.items():
        if max(max(t) for t in tables) >= top - 2:
            continue  # its alternatives may lie beyond the enumerated range
        for i, text in enumerate(texts):
            if text.startswith("<"):
                possible = {t[i] for t in tables}
                assert len(possible) >= 2, (texts, total, tables)
                assert possible <= set(range(1, minimum)), (texts, possible)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("minimum", [3, 4])
def test_c8_m2_no_hidden_count_can_be_derived_from_the_published_numbers(minimum: int) -> None:
    """C-8, M-2: from the page alone — shown cells exact, "< N" is 1 … N − 1, "x" is at least N and no more
    than the shown cells (it was the next smallest), the total exact — every hidden cell, "< N" or "x",
    keeps at least two possible values. Enumerated independently of the algorithm's own bounds."""
    checked = 0
    for values in itertools.product(range(7), repeat=4):
        line = Line.protect(values, minimum)
        if not any(c.hidden for c in line.cells):
            continue
        shown = [(j, c.value) for j, c in enumerate(line.cells) if not c.hidden and c.value > 0]
        options = []
        for j, c in enumerate(line.cells):
            if c.shown is Shown.SMALL:
                options.append(range(1, minimum))
            elif c.shown is Shown.WITHHELD:
                cap = min((v - 1 if k < j else v for k, v in shown), default=40)
                options.append(range(minimum, cap + 1))
            else:
                options.append(range(c.value, c.value + 1))
        possible: list[set[int]] = [set() for _ in values]
        for guess in itertools.product(*options):
            if line.total is None or line.total.hidden or sum(guess) == line.total.value:
                for j, v in enumerate(guess):
                    possible[j].add(v)
        for j, c in enumerate(line.cells):
            if c.hidden:
                assert c.value in possible[j] and len(possible[j]) >= 2, (values, line.texts(), j, possible[j])
                checked += 1
    assert checked > 1000


def test_c8_the_hidden_cells_together_are_never_a_small_group() -> None:
    """With an exact total, total − shown is the hidden cells' sum: it must be 0 or reach N."""
    for values in itertools.product(range(8), repeat=3):
        line = Line.protect(values, 3)
        if line.total is not None and not line.total.hidden:
            rest = sum(c.value for c in line.cells if c.hidden)
            assert rest == 0 or rest >= 3, (values, line.texts())


def test_c8_without_a_total_only_small_cells_are_hidden() -> None:
    groups = _attack(3, 6, 3, with_total=False)
    for texts, total in groups:
        assert "x" not in texts and total == ""


def test_c8_a_following_column_hides_the_same_groups_and_never_pins_them() -> None:
    """Events held by the teachers of each region: hidden where the teachers' count is; every hidden events
    cell keeps two possible values for a reader who sees both columns and both totals."""
    groups: dict[tuple[object, ...], list[tuple[tuple[int, ...], tuple[int, ...]]]] = defaultdict(list)
    for teachers in itertools.product(range(6), repeat=3):
        lead = Line.protect(teachers, 3)
        for events in itertools.product(range(5), repeat=3):
            follow = Line.follow(events, lead)
            assert [c.hidden for c in follow.cells] == [c.hidden for c in lead.cells]
            groups[(*_published(lead), *_published(follow))].append((teachers, events))
    for key, tables in groups.items():
        texts = key[2]
        assert isinstance(texts, tuple)
        for i, text in enumerate(texts):
            if text == "x" and max(max(e) for _, e in tables) < 4:
                assert len({e[i] for _, e in tables}) >= 2, (key, tables)


def test_feasible_ranges_agree_with_brute_force() -> None:
    """The interval projection the algorithm relies on, against enumeration."""
    for values in itertools.product(range(7), repeat=3):
        line = Line.protect(values, 3)
        ranges = feasible_ranges(line.cells, line.total)
        for i, cell in enumerate(line.cells):
            if not cell.hidden or cell.high > 50:
                continue
            others = [c for j, c in enumerate(line.cells) if j != i]
            possible = set()
            for v in range(cell.low, cell.high + 1):
                for rest in itertools.product(*(range(c.low, min(c.high, 50) + 1) for c in others)):
                    if line.total is None or line.total.hidden or v + sum(rest) == line.total.value:
                        possible.add(v)
                        break
            assert (min(possible), max(possible)) == ranges[i], (values, i)


def test_c8_policy_min_cell_count_is_read_and_never_below_three() -> None:
    assert min_cell_count(5) == 5
    assert min_cell_count(2) == 3
    assert min_cell_count(0) == 3


def test_c8_note_is_localised() -> None:
    texts = {lang: note(lang, 3) for lang in ("kk", "ru", "en", "ky")}
    assert len(set(texts.values())) == 4 and all("< 3" in t and "x" in t for t in texts.values())
    assert "адамнан аз" in texts["kk"] and "меньше 3" in texts["ru"] and "адамдан аз" in texts["ky"]


def test_c8_policy_min_cell_count_below_three_is_a_finding(project: Path) -> None:
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "privacy:\n  min_cell_count: 2\n", encoding="utf-8")
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    line = len(policy.read_text(encoding="utf-8").splitlines())
    assert f"data/policy.yml:{line}: error policy-min-cell-count:" in out.stdout, out.stdout
