"""Decisions about listeners (C-18, C-19), the rules of one cohort's decisions.csv.

Expelled: by the director's order on the commission's decision, with the date and the reason (the
employer is notified) — C-19. Transferred to another cohort of the same year for a valid reason;
re-assessment at most the policy's count a year; completion of an unfinished course on supporting
documents — C-18. The rules across cohorts (re-assessments per year, the transfer's target) are in
``ustaz/checks/course_decisions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding, define, error
from ..i18n import t
from ..vocab import Decision
from .cohort import Cohort, DecisionRecord
from .scoring import UNKNOWN_LISTENER

DECISION_INCOMPLETE = define("decision-incomplete",
                             "A decision lacks its order, reason or date (expelled: all three).", "C-19")
DECISION_DATE = define("decision-date", "A decision is dated when it cannot be taken (e.g. expelled after the course).",
                       "C-18")

# what each decision must record besides the date
NEEDED: dict[str, tuple[str, ...]] = {
    Decision.EXPELLED.value: ("order", "reason"),
    Decision.TRANSFERRED.value: ("reason",),
    Decision.REASSESSMENT.value: (),
    Decision.COMPLETION.value: ("reason",),
}


@dataclass(frozen=True, kw_only=True)
class ListenerDecisions:
    """The valid decisions of a cohort by listener, in date order."""

    by_listener: dict[str, tuple[DecisionRecord, ...]]

    def final(self, listener: str) -> DecisionRecord | None:
        """An expulsion or transfer decides the listener's result in this cohort."""
        for d in self.by_listener.get(listener, ()):
            if d.decision in (Decision.EXPELLED.value, Decision.TRANSFERRED.value):
                return d
        return None


def check_decisions(cohort: Cohort) -> tuple[ListenerDecisions, list[Finding]]:
    findings: list[Finding] = []
    known = cohort.listener_map
    sched = cohort.schedule
    by: dict[str, list[DecisionRecord]] = {}
    for d in cohort.decisions:
        if d.listener not in known:
            findings.append(error(d.path, d.line, UNKNOWN_LISTENER,
                                  t("listener {listener!r} is not in listeners.csv; fix the id or add the listener", listener=d.listener)))
            continue
        lacking = [col for col in NEEDED[d.decision] if not getattr(d, col)]
        if lacking:
            why = {"order": "the number of the director's order", "reason": "the reason"}
            findings.append(error(d.path, d.line, DECISION_INCOMPLETE,
                                  t("{decision} {listener!r}: record {items}{value}", decision=d.decision, listener=d.listener, items=' and '.join(why[c] for c in lacking), value=" (C-19: expulsion is by order, and the employer is notified)"
                                     if d.decision == Decision.EXPELLED.value else "")))
        if sched is not None:
            if d.decision == Decision.EXPELLED.value and not sched.starts <= d.date <= sched.ends:
                findings.append(error(d.path, d.line, DECISION_DATE,
                                      t("{listener!r} is expelled on {date}, outside the course ({starts} … {ends}); a listener is expelled during the course", listener=d.listener, date=d.date, starts=sched.starts, ends=sched.ends)))
            if d.decision == Decision.REASSESSMENT.value and d.date <= sched.ends:
                findings.append(error(d.path, d.line, DECISION_DATE,
                                      t("re-assessment of {listener!r} on {date} is not after the course ended on {ends}", listener=d.listener, date=d.date, ends=sched.ends)))
            if d.decision == Decision.COMPLETION.value and d.date <= sched.ends:
                findings.append(error(d.path, d.line, DECISION_DATE,
                                      t("completion of {listener!r} on {date} is not after the course ended on {ends}; completion finishes an unfinished course afterwards", listener=d.listener, date=d.date, ends=sched.ends)))
            if d.decision == Decision.TRANSFERRED.value and d.date > sched.ends:
                findings.append(error(d.path, d.line, DECISION_DATE,
                                      t("{listener!r} is transferred on {date}, after the course ended on {ends}; a transfer moves an unfinished course", listener=d.listener, date=d.date, ends=sched.ends)))
        by.setdefault(d.listener, []).append(d)
    ordered = {k: tuple(sorted(v, key=lambda r: (r.date, r.line))) for k, v in by.items()}
    return ListenerDecisions(by_listener=ordered), findings
