"""The policy's `privacy.min_cell_count` must be at least 3 (C-8, M-2): with 2, a published "< 2" would say
"exactly 1" and small-cell suppression would protect no one. The site then uses 3 anyway."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error
from ..i18n import t
from ..small_cells import SMALLEST_SAFE_MINIMUM
from ..sourcefile import LocMap, load_yaml
from . import Context, check

POLICY_MIN_CELL_COUNT = define("policy-min-cell-count",
                               "privacy.min_cell_count is below 3, so \"< N\" would reveal the number.", "C-8")


@check(scope=("data/policy.yml",))
def min_cell_count(ctx: Context) -> Iterator[Finding]:
    value = ctx.policy.privacy.min_cell_count
    if not isinstance(value, int) or value >= SMALLEST_SAFE_MINIMUM:
        return
    line = None
    path = ctx.root / "data" / "policy.yml"
    if path.is_file():
        data, _ = load_yaml(path, "data/policy.yml")
        privacy = data.get("privacy") if isinstance(data, LocMap) else None
        if isinstance(privacy, LocMap):
            line = privacy.line_of("min_cell_count")
    yield error("data/policy.yml", line, POLICY_MIN_CELL_COUNT,
                t("privacy.min_cell_count is {value}; it must be at least {smallest_safe_minimum}, or a published \"< {value}\" tells the reader the exact number (the site uses {smallest_safe_minimum})", value=value, smallest_safe_minimum=SMALLEST_SAFE_MINIMUM))
