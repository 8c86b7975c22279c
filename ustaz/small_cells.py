"""Small-cell suppression of published counts of people, as statistical offices do it.

A count of people in a small group (1 or 2 supported teachers in a region, 2 survey respondents of a
program) can point at a person. Published counts therefore follow the threshold rule with the policy's
`privacy.min_cell_count` (N):

* **primary suppression** — a count from 1 to N − 1 is shown as "< N" (zero stays 0: nobody is in it);
* **secondary suppression** — where a line (a column with its total) is published with its total, the
  suppressed cells could be worked out by subtraction. So the two next smallest cells are withheld too
  (shown as "x"), always two, whatever the values. If then a hidden cell could still be pinned to a single
  value from the published numbers, or the hidden cells together (total − shown) are fewer than N, or no
  non-zero cell is left to show, every cell and the total are hidden.

"Pinned" is judged against a reader who knows the marks: a "< N" cell lies in [1, N − 1], an "x" cell
in [N, the smallest shown cell] (it was withheld because it was the next smallest; of equal cells the first
is withheld, so it is below every shown cell before it), a shown cell is exact.
In one line these ranges and the total bound every hidden cell exactly (interval arithmetic; the tests
check it against brute force). A reader who also knows the algorithm (which cells it withholds, and when it
hides everything) cannot pin a "< N" cell either: tests/test_small_cells.py enumerates every table of up to
five counts and groups them by the page they give. A second column about the same groups (events held by those teachers)
hides the same cells with `Line.follow`, and then its own total too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

SMALLEST_SAFE_MINIMUM = 3  # with N = 2, "< 2" would say "1"
SECONDARY_AT_LEAST = 2
UNBOUNDED = 10**15  # "no upper bound known" for a hidden cell; far above any count of people

WITHHELD_MARK = "x"  # the mark national statistics offices use for confidential cells

NOTE: Mapping[str, str] = {
    "en": "“< {n}”: fewer than {n} people — not published, so that no one can be identified; "
          "“x”: withheld so that such a number cannot be worked out from a total.",
    "ru": "«< {n}»: меньше {n} человек — не публикуется, чтобы никого нельзя было узнать; "
          "«x»: скрыто, чтобы такое число нельзя было вычислить из итога.",
    "kk": "«< {n}»: {n} адамнан аз — ешкімді тануға болмайтындай жарияланбайды; "
          "«x»: мұндай санды жиынтықтан есептеп шығаруға болмайтындай жасырылды.",
    "ky": "«< {n}»: {n} адамдан аз — эч ким таанылбашы үчүн жарыяланбайт; "
          "«x»: мындай санды жыйынтыктан эсептеп чыгарууга болбошу үчүн жашырылды.",
}

NOT_PUBLISHED: Mapping[str, str] = {
    "en": "Not published in this breakdown: the groups are so small that the numbers could point at a person.",
    "ru": "В этой разбивке не публикуется: группы так малы, что по числам можно узнать человека.",
    "kk": "Бұл бөліністе жарияланбайды: топтар соншалық шағын, сандар бойынша адамды тануға болады.",
    "ky": "Бул бөлүштүрүүдө жарыяланбайт: топтор ушунчалык кичине, сандар боюнча адамды таанып алууга болот.",
}


def not_published(lang: str) -> str:
    """The localised sentence that replaces a breakdown whose total is published elsewhere anyway."""
    return NOT_PUBLISHED.get(lang) or NOT_PUBLISHED["en"]


def note(lang: str, minimum: int) -> str:
    """The localised line under a table that has a "< N" or "x" cell."""
    return (NOTE.get(lang) or NOTE["en"]).format(n=minimum)


class Shown(StrEnum):
    EXACT = "exact"
    SMALL = "small"  # primary: 1 … N − 1, shown as "< N"
    WITHHELD = "withheld"  # secondary (or a companion's hidden cell), shown as "x"


@dataclass(frozen=True, kw_only=True)
class Cell:
    value: int
    shown: Shown
    low: int  # what a reader of the published page knows about the value
    high: int

    @property
    def hidden(self) -> bool:
        return self.shown is not Shown.EXACT

    def text(self, minimum: int) -> str:
        if self.shown is Shown.SMALL:
            return f"< {minimum}"
        return WITHHELD_MARK if self.shown is Shown.WITHHELD else str(self.value)


def _exact(value: int) -> Cell:
    return Cell(value=value, shown=Shown.EXACT, low=value, high=value)


@dataclass(frozen=True, kw_only=True)
class Line:
    """One published column of counts and, if it has one, its published total."""

    cells: tuple[Cell, ...]
    total: Cell | None
    minimum: int

    @property
    def any_hidden(self) -> bool:
        return any(c.hidden for c in self.cells) or (self.total is not None and self.total.hidden)

    def texts(self) -> list[str]:
        return [c.text(self.minimum) for c in self.cells]

    def total_text(self) -> str:
        return self.total.text(self.minimum) if self.total is not None else ""

    def ranges(self) -> list[tuple[int, int]]:
        """Per cell, the values a reader can still think possible from everything the line publishes."""
        return feasible_ranges(self.cells, self.total)

    @classmethod
    def protect(cls, values: Sequence[int], minimum: int, *, with_total: bool = True) -> Line:
        """Counts of people: primary and secondary suppression (see the module's docstring)."""
        if any(v < 0 for v in values):
            raise ValueError("counts of people cannot be negative")
        small = {i for i, v in enumerate(values) if 0 < v < minimum}
        candidates = [i for _, i in sorted((v, i) for i, v in enumerate(values) if v >= minimum)]
        total = sum(values) if with_total else None
        if total is None or not small:
            return cls._build(values, small, [], minimum, total, False)
        # Always the same number of secondary cells, whatever the values: withholding "until it is safe"
        # would tell a reader who knows this rule that the cells before were not (e.g. that two "< 3" are
        # 1 and 1). If that is still not safe, or nothing non-zero is left to show, everything goes — cells
        # and total — which a reader can only tell apart from "unsafe" by the page's pattern.
        withheld = candidates[:SECONDARY_AT_LEAST]
        line = cls._build(values, small, withheld, minimum, total, False)
        if not line.safe() or len(withheld) == len(candidates):
            line = cls._build(values, small, candidates, minimum, total, True)
        return line

    @classmethod
    def follow(cls, values: Sequence[int], leader: Line) -> Line:
        """A second column about the same groups (e.g. the events those teachers held): the leader's hidden
        cells are hidden here too ("x"), and so is the total whenever a cell is hidden — total − shown would
        be the small groups' own number (and 0 would pin every one of them). The rule looks only at which
        cells are hidden, never at the values, so hiding the total tells nothing either."""
        if len(values) != len(leader.cells):
            raise ValueError("a following column has one value per cell of its leader")
        cells = tuple(Cell(value=v, shown=Shown.WITHHELD, low=0, high=UNBOUNDED) if lead.hidden else _exact(v)
                      for v, lead in zip(values, leader.cells, strict=True))
        total: Cell | None = None
        if leader.total is not None:
            total = _exact(sum(values))
            if any(c.hidden for c in cells) or leader.total.hidden:
                total = Cell(value=sum(values), shown=Shown.WITHHELD, low=0, high=UNBOUNDED)
        return cls(cells=cells, total=total, minimum=leader.minimum)

    @classmethod
    def _build(cls, values: Sequence[int], small: set[int], withheld: list[int], minimum: int,
               total: int | None, hide_total: bool) -> Line:
        shown = [(i, v) for i, v in enumerate(values) if i not in small and i not in withheld and v > 0]
        cells = []
        for i, v in enumerate(values):
            if i in small:
                cells.append(Cell(value=v, shown=Shown.SMALL, low=1, high=minimum - 1))
            elif i in withheld:
                # it was the smallest left, the first one of equals: below every shown cell before it,
                # at most every shown cell after it
                cap = min((s - 1 if k < i else s for k, s in shown), default=UNBOUNDED)
                cells.append(Cell(value=v, shown=Shown.WITHHELD, low=minimum, high=cap))
            else:
                cells.append(_exact(v))
        total_cell = None
        if total is not None:
            # a hidden total is "x" and says nothing: "< N" could pin its cells (two "< 3" summing to "< 3")
            total_cell = Cell(value=total, shown=Shown.WITHHELD, low=0, high=UNBOUNDED) if hide_total else _exact(total)
        return cls(cells=tuple(cells), total=total_cell, minimum=minimum)

    def safe(self) -> bool:
        """No hidden cell is pinned to one value, and (with an exact total) the hidden cells together —
        which anyone can compute as total − shown — are not themselves a small group."""
        hidden = [r for r, c in zip(self.ranges(), self.cells, strict=True) if c.hidden]
        if any(lo == hi for lo, hi in hidden):
            return False
        if self.total is not None and not self.total.hidden and hidden:
            rest = sum(c.value for c in self.cells if c.hidden)
            return rest >= self.minimum
        return True


def feasible_ranges(cells: Sequence[Cell], total: Cell | None) -> list[tuple[int, int]]:
    """Interval projection of "every cell within its bounds, and the cells sum to the total": exact for
    one line, because a sum of integer intervals is an integer interval."""
    low_sum = sum(c.low for c in cells)
    high_sum = sum(c.high for c in cells)
    out = []
    for c in cells:
        if total is None:
            out.append((c.low, c.high))
            continue
        lo = max(c.low, total.low - (high_sum - c.high))
        hi = min(c.high, total.high - (low_sum - c.low))
        out.append((lo, hi))
    return out


def min_cell_count(configured: int) -> int:
    """The threshold the site uses for the policy's `privacy.min_cell_count` (``policy.privacy.min_cell_count``):
    never below 3 (a lower value is the finding `policy-min-cell-count`; the site stays safe meanwhile)."""
    return max(SMALLEST_SAFE_MINIMUM, configured)
