"""Scores of the final assessment (C-14, C-15): within the policy's maxima, one row per listener,
and a row for every listener who finished the course."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.decisions import check_decisions
from ..courses.load import load_courses
from ..courses.scoring import valid_scores
from ..findings import Finding, define, warning
from ..i18n import t
from . import Context, check

SCORE_MISSING = define("score-missing", "A listener of a finished course has no scores (the result is incomplete).",
                       "C-14")


@check
def scores(ctx: Context) -> Iterator[Finding]:
    courses = load_courses(ctx)
    for cohort in courses.cohorts.values():
        _, findings = valid_scores(cohort, ctx.policy.scoring)
        yield from findings
        sched = cohort.schedule
        if sched is None or ctx.today <= sched.ends:
            continue
        decisions, _ = check_decisions(cohort)
        written = {r.listener for r in cohort.scores}
        path = cohort.file("scores.csv")
        malformed = {f.line for f in courses.cohort_findings.get(cohort.id, ()) if f.path == path}
        for row in cohort.scores:
            empty = [c for c in ("test", "activity", "project") if getattr(row, c) is None]
            if empty and row.line not in malformed and row.listener in cohort.listener_map \
                    and decisions.final(row.listener) is None:
                yield warning(path, row.line, SCORE_MISSING,
                              t("listener {listener} has no {empty} points although the course ended on {ends}; their result stays incomplete", listener=row.listener, empty=' and no '.join(empty), ends=sched.ends))
        for lst in cohort.listeners:
            if lst.listener in written or decisions.final(lst.listener) is not None:
                continue
            yield warning(lst.path, lst.line, SCORE_MISSING,
                          t("listener {listener} has no row in scores.csv although the course ended on {ends}; their result stays incomplete (C-18: completion, re-assessment)", listener=lst.listener, ends=sched.ends))
