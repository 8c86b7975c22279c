"""The commit status `ustaz/independent-approval`: a program's pull request needs an approving review by
someone who is not one of its authors.

GitHub's branch protection never counts the approval of the person who opened a pull request, but it does
count a co-author's; the program's `authors` are known only to ustaz, so the bot checks them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model.program import Program
from .discussion import authors_of
from .service import CommitStatus, PullRequest, Review

APPROVAL_CONTEXT = "ustaz/independent-approval"
_DECISIVE = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")  # a reviewer's latest of these stands


def independent_approvers(programs: Iterable[Program], pr: PullRequest, reviews: Sequence[Review],
                          also: frozenset[str] = frozenset()) -> list[str]:
    """Approvers who are not authors: of the programs as the PR has them, nor `also` (casefolded logins: the
    authors on the base branch, so that removing one's name in the pull request does not make one independent)."""
    authors: set[str] = set(also)
    for program in programs:
        authors |= authors_of(program, pr)
    latest: dict[str, tuple[str, str]] = {}
    for r in sorted(reviews, key=lambda r: (r.submitted, r.id)):
        if r.state in _DECISIVE:
            latest[r.author.casefold()] = (r.author, r.state)
    return sorted(login for login, state in latest.values() if state == "APPROVED" and login.casefold() not in authors)


def approval_status(programs: Sequence[Program], pr: PullRequest, reviews: Sequence[Review],
                    also: frozenset[str] = frozenset()) -> CommitStatus:
    if not programs:
        return CommitStatus(context=APPROVAL_CONTEXT, state="success", description="No program in this pull request")
    approvers = independent_approvers(programs, pr, reviews, also)
    if approvers:
        who = ", ".join(f"@{a}" for a in approvers)
        return CommitStatus(context=APPROVAL_CONTEXT, state="success",
                            description=f"Approved by {who}, not an author"[:140])
    return CommitStatus(context=APPROVAL_CONTEXT, state="pending",
                        description="Needs an approving review by someone who is not an author of the program")
