"""One identity per person (issue 23): an identity number (IIN) names one person, under one name, in every
cohort of the private tree and in every list a department sends. Transfers and the once-a-year
re-assessment (C-18) follow people by IIN; a second name under the same number is either a typo in the
number (two people merged) or a name written two ways (one person with two certificates' names)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import Finding, define, error
from ..i18n import t
from .cohort import Cohort, Listener

LISTENER_IDENTITY = define("listener-identity", "One identity number is listed under different names (across "
                                                "cohorts, or in an imported list).", "C-3")


def same_name(a: str, b: str) -> bool:
    """Names compare without case and extra spaces."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def known_people(cohorts: Iterable[Cohort]) -> dict[str, Listener]:
    """IIN → the first listener listed with it (cohorts in id order)."""
    first: dict[str, Listener] = {}
    for cohort in sorted(cohorts, key=lambda c: c.id):
        for lst in cohort.listeners:
            if lst.iin:
                first.setdefault(lst.iin, lst)
    return first


def conflict(known: Listener, name: str) -> str:
    """The message part naming the other place (the number itself is never repeated: findings get pasted)."""
    return (f"its IIN is '{known.full_name}' in {known.path}:{known.line}, here '{name}'; one person has one "
            f"name in every cohort: correct the wrong one (a certificate under it: ustaz register reissue)")


def identity_findings(cohorts: Iterable[Cohort]) -> Iterator[Finding]:
    ordered = sorted(cohorts, key=lambda c: c.id)
    first = known_people(ordered)
    for cohort in ordered:
        for lst in cohort.listeners:
            known = first.get(lst.iin) if lst.iin else None
            # within one cohort a repeated IIN is listener-duplicate's
            if known is not None and known.path != lst.path and not same_name(known.full_name, lst.full_name):
                yield error(lst.path, lst.line, LISTENER_IDENTITY,
                            t("listener {listener}: {conflict}", listener=lst.listener, conflict=conflict(known, lst.full_name)))
