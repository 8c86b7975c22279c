"""P-5 (10): literature of the last N years (policy), not from the future, domestic and foreign."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..vocab import Event, Origin
from . import Context, check

STALE_LITERATURE = define("stale-literature", "A publication is older than the policy's freshness window.", "P-5")
FUTURE_LITERATURE = define("future-literature", "A publication's year is in the future.", "P-5")
LITERATURE_ORIGIN = define("literature-origin", "The literature lacks a domestic or a foreign publication.", "P-5")
NO_LITERATURE = define("no-literature", "A program lists no literature.", "P-5")


_HANDED_IN = {Event.SUBMITTED.value, Event.RESUBMITTED.value, Event.REVIEWED.value}


@check(scope=("programs",))
def literature(ctx: Context) -> Iterator[Finding]:
    years = ctx.policy.literature_freshness_years
    for bundle in ctx.project.programs:
        p = bundle.program
        if p is None:
            continue
        # freshness is judged when the text was last handed in (submitted, resubmitted, reviewed);
        # an approved program does not go stale in the checker — its review (P-11) renews it
        handed_in = [e.date for e in p.lifecycle if e.event in _HANDED_IN]
        as_of = max(handed_in) if handed_in else ctx.today
        this_year = as_of.year
        oldest = this_year - years + 1  # "the last 5 years" = this year and the 4 before
        if not p.literature:
            if "literature" in p.lines:
                yield error(p.path, p.line_of("literature"), NO_LITERATURE,
                            t("list the main and additional literature (section 10)"))
            continue
        for item in p.literature:
            if item.year > ctx.today.year:
                yield error(p.path, item.line, FUTURE_LITERATURE,
                            t("year {year} is in the future; correct the year of «{ref}»", year=item.year, ref=item.ref[:50]))
            elif item.year < oldest:
                yield error(p.path, item.line, STALE_LITERATURE,
                            t("«{ref}» ({year}) is older than {years} years; cite publications from {oldest} or later (as of {as_of})", ref=item.ref[:50], year=item.year, years=years, oldest=oldest, as_of=as_of))
        origins = {item.origin for item in p.literature}
        for origin in (Origin.DOMESTIC.value, Origin.FOREIGN.value):
            if origin not in origins:
                yield warning(p.path, p.line_of("literature"), LITERATURE_ORIGIN,
                              t("the literature has no {origin} publication; P-5 asks for current domestic and foreign ones", origin=origin))
