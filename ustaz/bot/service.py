"""The interface the bot needs from GitHub, with its own value types and error types.

Nothing outside `github.py` imports github3: the discussion logic sees only these frozen values,
so it can be read (and tested) without a network, and another forge could implement the same.
"""

from __future__ import annotations

import datetime as dt
import enum
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

UNKNOWN_TIME = dt.datetime.min.replace(tzinfo=dt.UTC)  # a time GitHub did not give


class GitHubError(Exception):
    """GitHub could not do what the bot asked; the message says what and why."""


class NotFound(GitHubError):
    pass


class PermissionDenied(GitHubError):
    """401/403: the token lacks a permission (see the workflow's `permissions:`)."""


class Conflict(GitHubError):
    """The file changed on the branch since the bot read it; nothing was written."""


class Unreachable(GitHubError):
    """The API did not answer (network, DNS, timeout)."""


class CommentKind(str, enum.Enum):
    THREAD = "thread"  # a pull-request review comment (on a line of the diff); replies form a thread
    CONVERSATION = "conversation"  # a comment in the PR's conversation tab (an issue comment)
    REVIEW = "review"  # the summary body of a submitted review


@dataclass(frozen=True, kw_only=True)
class Comment:
    id: int
    kind: CommentKind
    author: str
    author_is_bot: bool
    body: str
    created: dt.datetime  # aware, UTC
    url: str
    reply_to: int | None = None  # THREAD replies: the id of the thread's first comment


@dataclass(frozen=True, kw_only=True)
class Review:
    id: int
    author: str
    state: str  # APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING
    submitted: dt.datetime  # aware, UTC


@dataclass(frozen=True, kw_only=True)
class PullRequest:
    number: int
    url: str  # the page people read (html_url)
    title: str
    author: str
    draft: bool
    open: bool
    head_sha: str
    head_ref: str
    head_repo: str  # owner/name; differs from base_repo for a PR from a fork
    base_repo: str
    base_ref: str
    created: dt.datetime = UNKNOWN_TIME  # when it was opened (GitHub's created_at)

    @property
    def from_fork(self) -> bool:
        return self.head_repo.lower() != self.base_repo.lower()


@dataclass(frozen=True, kw_only=True)
class CommitStatus:
    context: str
    state: str  # pending | success | failure | error
    description: str
    target_url: str = ""


@dataclass(frozen=True, kw_only=True)
class Issue:
    number: int
    title: str
    body: str
    open: bool
    labels: frozenset[str]
    url: str
    author: str = ""


class GitHubService(ABC):
    """One repository on GitHub, as the bot uses it."""

    repo: str  # owner/name

    # pull requests
    @abstractmethod
    def pull_request(self, number: int) -> PullRequest: ...

    @abstractmethod
    def open_pull_requests(self) -> list[PullRequest]: ...

    @abstractmethod
    def find_pull_request(self, head_branch: str) -> PullRequest | None: ...

    @abstractmethod
    def create_pull_request(self, *, title: str, body: str, head: str, base: str, draft: bool) -> PullRequest: ...

    @abstractmethod
    def changed_files(self, number: int) -> list[str]: ...

    @abstractmethod
    def reviews(self, number: int) -> list[Review]: ...

    @abstractmethod
    def comments(self, number: int) -> list[Comment]:
        """Every comment of a PR: review threads, the conversation, and review summaries."""

    # comments in the conversation (PRs and issues alike)
    @abstractmethod
    def issue_comments(self, number: int) -> list[Comment]: ...

    @abstractmethod
    def create_comment(self, number: int, body: str) -> int: ...

    @abstractmethod
    def edit_comment(self, comment_id: int, body: str) -> None: ...

    # labels
    @abstractmethod
    def labels(self, number: int) -> frozenset[str]: ...

    @abstractmethod
    def add_labels(self, number: int, names: Sequence[str]) -> None: ...

    @abstractmethod
    def remove_label(self, number: int, name: str) -> None: ...

    # commit statuses
    @abstractmethod
    def statuses(self, sha: str) -> list[CommitStatus]:
        """Statuses of a commit, newest first (GitHub keeps every one ever posted)."""

    @abstractmethod
    def set_status(self, sha: str, status: CommitStatus) -> None: ...

    # files and branches
    @abstractmethod
    def default_branch(self) -> str: ...

    @abstractmethod
    def branch_sha(self, branch: str) -> str | None: ...

    @abstractmethod
    def create_branch(self, branch: str, sha: str) -> None: ...

    @abstractmethod
    def file_text(self, path: str, ref: str) -> str | None:
        """The file at `ref`, or None if it does not exist there."""

    @abstractmethod
    def put_file(self, *, path: str, text: str, branch: str, message: str, expected: str | None = None) -> str:
        """Create or replace a file on a branch with one commit; return the new commit's sha.

        With `expected`, the file must still hold that text on the branch (else `Conflict`), so an
        author's push made while the bot worked is never overwritten."""

    @abstractmethod
    def dispatch_workflow(self, workflow: str, ref: str) -> bool:
        """Run a workflow (file name) on a branch; False if the repository has no such workflow."""

    # issues
    @abstractmethod
    def issue(self, number: int) -> Issue: ...

    @abstractmethod
    def issues_with_label(self, label: str) -> list[Issue]:
        """Open and closed issues (not PRs) that carry the label."""

    @abstractmethod
    def create_issue(self, *, title: str, body: str, labels: Iterable[str]) -> Issue: ...

    @abstractmethod
    def edit_issue(self, number: int, *, title: str | None = None, body: str | None = None,
                   open: bool | None = None) -> None: ...
