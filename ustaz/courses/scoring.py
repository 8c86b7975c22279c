"""Scoring of the final assessment (C-15), every number from ``policy.scoring``.

Attendance points are the policy's maximum × days present ÷ course days, rounded half up; this is
done in integers (``(2·max·present + days) // (2·days)``), never with float ``round`` (which rounds
half to even: 2.5 → 2 would fail a listener the regulation passes).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..policy import Scoring
from ..vocab import ResultOutcome
from .cohort import Cohort, ScoreRow

UNKNOWN_LISTENER = define("cohort-unknown-listener",
                          "A row of attendance, scores or decisions names a listener not in listeners.csv.", "C-11")
SCORE_DUPLICATE = define("score-duplicate", "A listener has more rows in scores.csv than attempts (one, plus one per "
                                            "re-assessment decision).", "C-15")
SCORE_RANGE = define("score-range", "A score is below 0 or above the policy's maximum for it.", "C-15")
SCORE_TEST_POINTS = define("score-test-points",
                           "Test points are not a multiple of the policy's points per question.", "C-15")


def attendance_points(maximum: int, days_present: int, course_days: int) -> int:
    """maximum × days_present ÷ course_days, rounded half up (C-15). 0 when there are no course days."""
    if course_days <= 0 or days_present <= 0:
        return 0
    days_present = min(days_present, course_days)
    return (2 * maximum * days_present + course_days) // (2 * course_days)


class PassRule(str, enum.Enum):
    """The two rules of C-15 a certificate needs; a reference names those that failed."""

    TEST_THRESHOLD = "test-threshold"  # the test's points at least the policy's test_threshold
    PASS_TOTAL = "pass-total"  # the total at least the policy's pass_total


@dataclass(frozen=True, kw_only=True)
class FailedRule:
    """Why a listener got a reference: a rule of C-15, the listener's points and the points it asks for."""

    rule: PassRule
    points: int
    required: int

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule.value, "points": self.points, "required": self.required}

    def text(self) -> str:
        if self.rule is PassRule.TEST_THRESHOLD:
            return t("test {points} below the threshold {required}", points=self.points, required=self.required)
        return t("total {points} below the pass mark {required}", points=self.points, required=self.required)


def failed_rules(scoring: Scoring, test: int, total: int) -> tuple[FailedRule, ...]:
    """The rules of C-15 the listener's points do not meet (none: a certificate)."""
    checks = ((PassRule.TEST_THRESHOLD, test, scoring.test_threshold), (PassRule.PASS_TOTAL, total, scoring.pass_total))
    return tuple(FailedRule(rule=rule, points=points, required=required)
                 for rule, points, required in checks if points < required)


def outcome_of(scoring: Scoring, test: int, total: int) -> ResultOutcome:
    """A certificate at total ≥ the pass total and test ≥ the test threshold; else a reference (C-15 … C-17)."""
    return ResultOutcome.REFERENCE if failed_rules(scoring, test, total) else ResultOutcome.CERTIFICATE


def maxima(scoring: Scoring) -> dict[str, int]:
    return {"test": scoring.test_max, "activity": scoring.activity_max, "project": scoring.project_max}


def valid_scores(cohort: Cohort, scoring: Scoring) -> tuple[dict[str, ScoreRow], list[Finding]]:
    """The row that counts for each listener; unknown listeners, extra rows and out-of-range points are findings
    and the row is left out (its listener's result is then incomplete).

    Every attempt is kept (C-18): a listener has one row per attempt, the first assessment and one more for
    each `reassessment` decision in decisions.csv, in the order taken; the last attempt counts."""
    from ..vocab import Decision

    findings: list[Finding] = []
    path = cohort.file("scores.csv")
    known = cohort.listener_map
    limits = maxima(scoring)
    out: dict[str, ScoreRow] = {}
    seen: dict[str, list[int]] = {}
    allowed: dict[str, int] = {}
    for d in cohort.decisions:
        if d.decision == Decision.REASSESSMENT.value:
            allowed[d.listener] = allowed.get(d.listener, 1) + 1
    for row in cohort.scores:
        if row.listener not in known:
            findings.append(error(path, row.line, UNKNOWN_LISTENER,
                                  t("listener {listener!r} is not in listeners.csv; fix the id or add the listener", listener=row.listener)))
            continue
        earlier = seen.setdefault(row.listener, [])
        if len(earlier) >= allowed.get(row.listener, 1):
            findings.append(error(path, row.line, SCORE_DUPLICATE,
                                  t("listener {listener!r} already has scores on line {earlier}; keep one row per attempt: a re-assessment's row follows its decision in decisions.csv (C-18)", listener=row.listener, earlier=earlier[0])))
            continue
        earlier.append(row.line)
        ok = True
        for column, top in limits.items():
            value = getattr(row, column)
            if value is not None and not 0 <= value <= top:
                findings.append(error(path, row.line, SCORE_RANGE,
                                      t("{column} of {listener!r} is {value}; it must be from 0 to {top} (C-15)", column=column, listener=row.listener, value=value, top=top)))
                ok = False
        if row.test is not None and scoring.points_per_question > 1 and row.test % scoring.points_per_question:
            findings.append(warning(path, row.line, SCORE_TEST_POINTS,
                                    t("test of {listener!r} is {test} points, but each of the {test_questions} questions gives {points_per_question}; write points, not the number of correct answers", listener=row.listener, test=row.test, test_questions=scoring.test_questions, points_per_question=scoring.points_per_question)))
        if ok:
            out[row.listener] = row  # a later attempt replaces an earlier one
        else:
            out.pop(row.listener, None)  # the last attempt is unreadable: no earlier one stands in for it
    return out, findings


def total_of(parts: Iterable[int]) -> int:
    return sum(parts)
