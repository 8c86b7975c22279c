"""Decisions across cohorts (C-18, C-19): re-assessment at most the policy's count a year per
person (by IIN), and a transfer lands in a cohort of the same year."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.cohort import Cohort, DecisionRecord
from ..courses.decisions import check_decisions
from ..courses.load import load_courses
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..vocab import Decision
from . import Context, check

REASSESSMENT_LIMIT = define("decision-reassessment-limit",
                            "A person is re-assessed more often in a year than the policy allows.", "C-18")
TRANSFER_TARGET = define("decision-transfer",
                         "A transferred listener is not in another cohort of the same year.", "C-18")


@check
def decisions(ctx: Context) -> Iterator[Finding]:
    cohorts = load_courses(ctx).cohorts
    # person (IIN) → cohorts listing them, to follow transfers and count re-assessments
    listed: dict[str, list[Cohort]] = {}
    for cohort in cohorts.values():
        for lst in cohort.listeners:
            if lst.iin:
                listed.setdefault(lst.iin, []).append(cohort)
    reassessments: dict[tuple[str, int], list[DecisionRecord]] = {}
    for cohort in cohorts.values():
        valid, findings = check_decisions(cohort)
        yield from findings
        by_id = cohort.listener_map
        for listener, records in valid.by_listener.items():
            iin = by_id[listener].iin
            for d in records:
                if d.decision == Decision.REASSESSMENT.value and iin:
                    reassessments.setdefault((iin, d.date.year), []).append(d)
                if d.decision == Decision.TRANSFERRED.value:
                    yield from _transfer(cohort, d, listed.get(iin, []) if iin else [])
    limit = ctx.policy.reassessments_per_year
    for (_, year), found in sorted(reassessments.items(), key=lambda kv: kv[0][1]):
        found.sort(key=lambda r: (r.date, r.path, r.line))
        first = found[0]
        for extra in found[limit:]:
            yield error(extra.path, extra.line, REASSESSMENT_LIMIT,
                        t("listener {listener!r} is re-assessed again in {year} (first on {date}, {path}:{line}); at most {limit} re-assessment(s) a year (C-18)", listener=extra.listener, year=year, date=first.date, path=first.path, line=first.line, limit=limit))


def _transfer(cohort: Cohort, d: DecisionRecord, others: list[Cohort]) -> Iterator[Finding]:
    targets = [c for c in others if c.id != cohort.id and c.schedule is not None]
    same_year = [c for c in targets if c.schedule is not None and c.schedule.year == d.date.year]
    if same_year:
        return
    if targets:
        where = ", ".join(f"{c.id} ({c.schedule.starts})" for c in targets if c.schedule)
        yield error(d.path, d.line, TRANSFER_TARGET,
                    t("{listener!r} is transferred on {date} but is listed only in {where}; a transfer moves a listener to a cohort of the same year (C-18)", listener=d.listener, date=d.date, where=where))
    else:
        yield warning(d.path, d.line, TRANSFER_TARGET,
                      t("{listener!r} is transferred on {date}; add them (same IIN) to the target cohort of {year}", listener=d.listener, date=d.date, year=d.date.year))
