"""The monitoring sample (M-5; contract in DESIGN.md "Monitoring sample").

Proportional allocation over the joint strata region × direction × urban/rural with largest-remainder
rounding (each stratum gets its exact quota rounded down or up; the sizes add up to N), then in each
stratum a seeded shuffle: the first `quota` teachers are the sample, the next `quota` their
replacements, so no teacher is drawn twice and every replacement matches its teacher's stratum.
Each stratum has its own random stream (seeded by the seed and the stratum), and members are sorted
by id before shuffling, so the sample depends only on the population and the seed — not on row order.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import i18n
from .population import Stratum, Teacher


class SampleError(ValueError):
    """The sample cannot be drawn (size out of range); the message says why."""


@dataclass(frozen=True, kw_only=True)
class SampledTeacher:
    teacher: str
    replacement: str | None
    stratum: Stratum


@dataclass(frozen=True, kw_only=True)
class StratumAllocation:
    stratum: Stratum
    size: int
    quota: int
    replacements: int

    @property
    def short(self) -> int:
        """Sampled teachers of this stratum without a replacement."""
        return self.quota - self.replacements


@dataclass(frozen=True, kw_only=True)
class Sample:
    seed: int
    size: int
    drawn: tuple[SampledTeacher, ...]
    strata: tuple[StratumAllocation, ...]

    @property
    def short_strata(self) -> list[StratumAllocation]:
        return [s for s in self.strata if s.short > 0]


def allocate(sizes: Mapping[Stratum, int], n: int) -> dict[Stratum, int]:
    """Largest-remainder (Hamilton) allocation of n over strata proportional to their sizes.

    Integer arithmetic, so there is no float tie noise; equal remainders go to the larger stratum,
    then in stratum order, so the allocation is deterministic."""
    total = sum(sizes.values())
    if total == 0:
        return {s: 0 for s in sizes}
    quota = {s: n * k // total for s, k in sizes.items()}
    remainder = {s: n * k % total for s, k in sizes.items()}
    left = n - sum(quota.values())
    for s in sorted(sizes, key=lambda s: (-remainder[s], -sizes[s], s))[:left]:
        quota[s] += 1
    return quota


def draw(population: Iterable[Teacher], n: int, seed: int) -> Sample:
    members: dict[Stratum, list[str]] = {}
    for t in population:
        members.setdefault(t.stratum, []).append(t.teacher)
    total = sum(len(m) for m in members.values())
    if total == 0:
        raise SampleError(i18n.t("the population is empty; give a CSV with teacher, region, direction, locality rows"))
    if n < 1:
        raise SampleError(i18n.t("--size must be at least 1, not {n}", n=n))
    if n > total:
        raise SampleError(i18n.t("--size {n} is larger than the population ({total} teachers); choose {total} or fewer", n=n, total=total))
    quotas = allocate({s: len(m) for s, m in members.items()}, n)
    drawn: list[SampledTeacher] = []
    strata: list[StratumAllocation] = []
    for stratum in sorted(members):
        ids = sorted(members[stratum])
        rng = random.Random(f"{seed}|{stratum.region}|{stratum.direction}|{stratum.locality}")
        rng.shuffle(ids)
        q = quotas[stratum]
        chosen, spare = ids[:q], ids[q:2 * q]
        for i, teacher in enumerate(chosen):
            drawn.append(SampledTeacher(teacher=teacher, replacement=spare[i] if i < len(spare) else None,
                                        stratum=stratum))
        strata.append(StratumAllocation(stratum=stratum, size=len(ids), quota=q, replacements=len(spare)))
    return Sample(seed=seed, size=n, drawn=tuple(drawn), strata=tuple(strata))
