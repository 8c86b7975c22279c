"""`GitHubService` implemented with github3.py (api.github.com, or GitHub Enterprise / a fake at a URL)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import github3
from github3 import exceptions as gh_errors

from .service import (
    UNKNOWN_TIME,
    Comment,
    CommentKind,
    CommitStatus,
    Conflict,
    GitHubError,
    GitHubService,
    Issue,
    NotFound,
    PermissionDenied,
    PullRequest,
    Review,
    Unreachable,
)

PUBLIC_API = "https://api.github.com"


@contextmanager
def _errors(what: str) -> Iterator[None]:
    """Turn github3's exceptions into the interface's, saying what the bot was doing."""
    try:
        yield
    except gh_errors.NotFoundError as exc:
        raise NotFound(f"{what}: not found ({exc.msg})") from exc
    except (gh_errors.ForbiddenError, gh_errors.AuthenticationFailed) as exc:
        raise PermissionDenied(f"{what}: permission denied ({exc.msg}); check the token and the workflow's "
                               "`permissions:`") from exc
    except gh_errors.TransportError as exc:
        raise Unreachable(f"{what}: GitHub did not answer ({exc})") from exc
    except gh_errors.IncompleteResponse as exc:
        raise GitHubError(f"{what}: GitHub's answer lacks a field ({exc})") from exc
    except gh_errors.GitHubError as exc:
        raise GitHubError(f"{what}: GitHub answered {exc.code} ({exc.msg})") from exc


def _utc(value: dt.datetime | None) -> dt.datetime:
    if value is None:
        return UNKNOWN_TIME
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _is_bot(user: Any) -> bool:
    return getattr(user, "type", "") == "Bot" or str(getattr(user, "login", "")).endswith("[bot]")


def connect(api_url: str, token: str) -> github3.GitHub:
    """api.github.com, else a GitHub Enterprise server (github3 appends /api/v3 to its URL)."""
    base = api_url.rstrip("/")
    if base in ("", PUBLIC_API):
        return github3.GitHub(token=token)
    base = base.removesuffix("/api/v3")
    return github3.GitHubEnterprise(base, token=token)


class GitHub3Service(GitHubService):
    def __init__(self, repo: str, token: str, api_url: str = PUBLIC_API) -> None:
        owner, _, name = repo.partition("/")
        if not owner or not name:
            raise GitHubError(f"{repo!r} is not a repository name; write OWNER/NAME")
        self.repo = repo
        self._gh = connect(api_url, token)
        with _errors(f"reading the repository {repo}"):
            self._repo = self._gh.repository(owner, name)

    # pull requests
    def _pull(self, p: Any) -> PullRequest:
        head_repo = "/".join(p.head.repo) if all(p.head.repo) else ""
        return PullRequest(number=p.number, url=p.html_url, title=p.title, author=p.user.login,
                           draft=bool(getattr(p, "draft", False)), open=p.state == "open",
                           head_sha=p.head.sha, head_ref=p.head.ref, head_repo=head_repo,
                           base_repo="/".join(p.base.repo), base_ref=p.base.ref, created=_utc(p.created_at))

    def pull_request(self, number: int) -> PullRequest:
        with _errors(f"reading pull request #{number}"):
            return self._pull(self._repo.pull_request(number))

    def open_pull_requests(self) -> list[PullRequest]:
        with _errors("listing open pull requests"):
            return [self._pull(p) for p in self._repo.pull_requests(state="open")]

    def find_pull_request(self, head_branch: str) -> PullRequest | None:
        owner = self.repo.split("/")[0]
        with _errors(f"looking for a pull request from {head_branch}"):
            for p in self._repo.pull_requests(state="all", head=f"{owner}:{head_branch}"):
                if p.head.ref == head_branch:
                    return self._pull(p)
        return None

    def create_pull_request(self, *, title: str, body: str, head: str, base: str, draft: bool) -> PullRequest:
        with _errors(f"opening a pull request from {head}"):
            # github3's create_pull has no `draft`; its helper posts the same payload with it
            created = self._repo._create_pull({"title": title, "body": body, "head": head, "base": base,
                                               "draft": draft})
            if created is None:
                raise GitHubError(f"GitHub did not open the pull request from {head}")
            return self._pull(created)

    def changed_files(self, number: int) -> list[str]:
        with _errors(f"listing the files of pull request #{number}"):
            return [f.filename for f in self._repo.pull_request(number).files()]

    def reviews(self, number: int) -> list[Review]:
        with _errors(f"reading the reviews of pull request #{number}"):
            return [Review(id=r.id, author=r.user.login, state=r.state, submitted=_utc(r.submitted_at))
                    for r in self._repo.pull_request(number).reviews()]

    def comments(self, number: int) -> list[Comment]:
        out: list[Comment] = []
        with _errors(f"reading the comments of pull request #{number}"):
            pr = self._repo.pull_request(number)
            for c in pr.review_comments():
                out.append(Comment(id=c.id, kind=CommentKind.THREAD, author=c.user.login, author_is_bot=_is_bot(c.user),
                                   body=c.body or "", created=_utc(c.created_at), url=c.html_url,
                                   reply_to=c.as_dict().get("in_reply_to_id")))
            for c in pr.issue_comments():
                out.append(Comment(id=c.id, kind=CommentKind.CONVERSATION, author=c.user.login,
                                   author_is_bot=_is_bot(c.user), body=c.body or "", created=_utc(c.created_at),
                                   url=c.html_url))
            for r in pr.reviews():
                if (r.body or "").strip() and r.state != "PENDING":
                    out.append(Comment(id=r.id, kind=CommentKind.REVIEW, author=r.user.login,
                                       author_is_bot=_is_bot(r.user), body=r.body, created=_utc(r.submitted_at),
                                       url=r.html_url))
        return out

    def issue_comments(self, number: int) -> list[Comment]:
        with _errors(f"reading the comments of #{number}"):
            return [Comment(id=c.id, kind=CommentKind.CONVERSATION, author=c.user.login, author_is_bot=_is_bot(c.user),
                            body=c.body or "", created=_utc(c.created_at), url=c.html_url)
                    for c in self._repo.issue(number).comments()]

    def create_comment(self, number: int, body: str) -> int:
        with _errors(f"commenting on #{number}"):
            return int(self._repo.issue(number).create_comment(body).id)

    def edit_comment(self, comment_id: int, body: str) -> None:
        with _errors(f"editing comment {comment_id}"):
            url = self._repo._build_url("issues", "comments", str(comment_id), base_url=self._repo._api)
            self._repo._json(self._repo._patch(url, data=json.dumps({"body": body})), 200)

    # labels
    def labels(self, number: int) -> frozenset[str]:
        with _errors(f"reading the labels of #{number}"):
            return frozenset(label.name for label in self._repo.issue(number).labels())

    def add_labels(self, number: int, names: Sequence[str]) -> None:
        with _errors(f"labelling #{number}"):
            self._repo.issue(number).add_labels(*names)

    def remove_label(self, number: int, name: str) -> None:
        with _errors(f"removing label {name!r} from #{number}"):
            self._repo.issue(number).remove_label(name)

    # statuses
    def statuses(self, sha: str) -> list[CommitStatus]:
        with _errors(f"reading the statuses of {sha[:12]}"):
            return [CommitStatus(context=s.context, state=s.state, description=s.description or "",
                                 target_url=s.target_url or "") for s in self._repo.statuses(sha)]

    def set_status(self, sha: str, status: CommitStatus) -> None:
        with _errors(f"setting status {status.context} on {sha[:12]}"):
            self._repo.create_status(sha, status.state, target_url=status.target_url or None,
                                     description=status.description, context=status.context)

    # files and branches
    def default_branch(self) -> str:
        return str(self._repo.default_branch)

    def branch_sha(self, branch: str) -> str | None:
        try:
            with _errors(f"reading branch {branch}"):
                return str(self._repo.ref(f"heads/{branch}").object.sha)
        except NotFound:
            return None

    def create_branch(self, branch: str, sha: str) -> None:
        with _errors(f"creating branch {branch}"):
            self._repo.create_ref(f"refs/heads/{branch}", sha)

    def file_text(self, path: str, ref: str) -> str | None:
        try:
            with _errors(f"reading {path} at {ref}"):
                found = self._repo.file_contents(path, ref=ref)
        except NotFound:
            return None
        try:
            return bytes(found.decoded).decode("utf-8")
        except UnicodeDecodeError:
            raise GitHubError(f"{path} at {ref} is not UTF-8 text") from None

    def put_file(self, *, path: str, text: str, branch: str, message: str, expected: str | None = None) -> str:
        data = text.encode("utf-8")
        try:
            with _errors(f"reading {path} on {branch}"):
                existing = self._repo.file_contents(path, ref=branch)
        except NotFound:
            existing = None
        if expected is not None and (existing is None or bytes(existing.decoded) != expected.encode("utf-8")):
            raise Conflict(f"{path} changed on {branch} while the bot worked; it was left as it is")
        with _errors(f"committing {path} to {branch}"):
            if existing is None:
                result = self._repo.create_file(path, message, data, branch=branch)
            else:
                result = existing.update(message, data, branch=branch)
        if not result or "commit" not in result:
            raise GitHubError(f"GitHub did not commit {path} to {branch}")
        return str(result["commit"].sha)

    def dispatch_workflow(self, workflow: str, ref: str) -> bool:
        url = self._repo._build_url("actions", "workflows", workflow, "dispatches", base_url=self._repo._api)
        with _errors(f"running the workflow {workflow} on {ref}"):
            response = self._repo._post(url, data={"ref": ref})
            if response.status_code == 404:
                return False
            if response.status_code not in (200, 204):
                raise gh_errors.error_for(response)
        return True

    # issues
    def _issue(self, i: Any) -> Issue:
        return Issue(number=i.number, title=i.title, body=i.body or "", open=i.state == "open",
                     labels=frozenset(label.name for label in i.original_labels), url=i.html_url,
                     author=i.user.login)

    def issue(self, number: int) -> Issue:
        with _errors(f"reading issue #{number}"):
            return self._issue(self._repo.issue(number))

    def issues_with_label(self, label: str) -> list[Issue]:
        with _errors(f"listing issues labelled {label!r}"):
            return [self._issue(i) for i in self._repo.issues(state="all", labels=label)
                    if not i.pull_request_urls]

    def create_issue(self, *, title: str, body: str, labels: Iterable[str]) -> Issue:
        with _errors(f"opening the issue {title!r}"):
            return self._issue(self._repo.create_issue(title, body=body, labels=list(labels)))

    def edit_issue(self, number: int, *, title: str | None = None, body: str | None = None,
                   open: bool | None = None) -> None:
        state = None if open is None else ("open" if open else "closed")
        with _errors(f"editing issue #{number}"):
            self._repo.issue(number).edit(title=title, body=body, state=state)
