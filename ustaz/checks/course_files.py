"""The private tree's cohort folders: malformed rows (from loading), unscheduled folders, capacity,
and listeners' documents before the start (C-3, C-8)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..courses.cohort import Cohort
from ..courses.load import load_courses
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..vocab import LISTENER_DOCUMENTS
from . import Context, check

COHORT_UNSCHEDULED = define("cohort-unscheduled", "A cohort folder of the private tree is not in the schedule.", "C-2")
COHORT_CAPACITY = define("cohort-capacity", "A cohort lists more listeners than its capacity.", "C-2")
LISTENER_DOCUMENTS_MISSING = define("listener-documents",
                                    "A listener's documents are incomplete (a warning before the start, an error "
                                    "from the start on).", "C-8")


@check
def cohort_files(ctx: Context) -> Iterator[Finding]:
    courses = load_courses(ctx)
    yield from courses.findings
    carried = _transferred_documents(courses.cohorts.values())
    for cohort in courses.cohorts.values():
        sched = cohort.schedule
        if sched is None:
            yield error(cohort.folder, None, COHORT_UNSCHEDULED,
                        t("cohort folder {id} has no row in data/schedule/<year>.csv; schedule it or rename the folder to a scheduled cohort id", id=cohort.id))
            continue
        if sched.capacity is not None and len(cohort.listeners) > sched.capacity:
            yield error(cohort.file("listeners.csv"), None, COHORT_CAPACITY,
                        t("cohort {id} lists {count} listeners but has {capacity} places ({path}:{line})", id=cohort.id, count=len(cohort.listeners), capacity=sched.capacity, path=sched.path, line=sched.line))
        started = ctx.today >= sched.starts
        for lst in cohort.listeners:
            # a listener transferred here brings the documents they handed in to their first cohort (C-18)
            missing = [m for m in lst.missing_documents if m not in carried.get(lst.iin, ())]
            if not missing:
                continue
            names = ", ".join(t(LISTENER_DOCUMENTS[m]) for m in missing)
            message = (t("listener {listener} lacks: {names} (C-3, C-8); the documents go to the procurement specialist before the course starts on {starts}", listener=lst.listener, names=names, starts=sched.starts))
            make = error if started else warning
            yield make(lst.path, lst.line, LISTENER_DOCUMENTS_MISSING, message)


def _transferred_documents(cohorts: Iterable[Cohort]) -> dict[str, set[str]]:
    """IIN → the documents a listener handed in to a cohort they were transferred out of."""
    from ..vocab import Decision

    out: dict[str, set[str]] = {}
    for cohort in cohorts:
        moved = {d.listener for d in cohort.decisions if d.decision == Decision.TRANSFERRED.value}
        for lst in cohort.listeners:
            if lst.listener in moved and lst.iin:
                out.setdefault(lst.iin, set()).update(c for c, given in lst.documents.items() if given)
    return out
