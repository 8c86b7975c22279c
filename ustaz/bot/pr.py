"""`ustaz bot discussion`: bring one pull request's comment, labels, status and record up to date.

Every write is compared with what is already there first, so a second run changes nothing.
Program files are read from the PR's head through the API as data; no code of the PR is run.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..i18n import t
from ..model.program import Program
from ..vocab import STAGE_LABELS, DiscussionStage, Event
from ..workspace import Workspace
from .approval import approval_status
from .discussion import STICKY_MARKER, DiscussionState, analyse, opened_in, record
from .facts import establish
from .report import (
    append_lifecycle_event,
    closing_entry,
    commit_status,
    fenced,
    record_yaml,
    simple_status,
    sticky_comment,
)
from .service import Comment, CommitStatus, Conflict, GitHubService, PullRequest
from .sticky import sticky, sync_comment, sync_labels


@dataclass(kw_only=True)
class Outcome:
    """What a run did; `changes` is empty when everything was already up to date."""

    pr: int
    stage: DiscussionStage
    program: str = ""
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def changed_programs(files: Sequence[str]) -> list[str]:
    ids = []
    for f in files:
        parts = f.split("/")
        if len(parts) >= 3 and parts[0] == "programs" and parts[1] not in ids:
            ids.append(parts[1])
    return ids


def load_program_text(program_id: str, text: str) -> Program | None:
    """Parse a program.yml read from the PR (findings are the validate workflow's business)."""
    with tempfile.TemporaryDirectory(prefix="ustaz-bot-") as tmp:
        folder = Path(tmp) / "programs" / program_id
        folder.mkdir(parents=True)
        (folder / "program.yml").write_text(text, encoding="utf-8")
        program, _ = Program.from_yaml(folder / "program.yml", Path(tmp))
    return program


def run_discussion(svc: GitHubService, ctx: Workspace, number: int, *, rerun: str = "validate.yml") -> Outcome:
    """The discussion's comment, label, status and record; then the independent-approval status.

    A commit made with a workflow's GITHUB_TOKEN starts no workflow (GitHub's rule), so after committing
    the record the bot runs `rerun` on the branch itself: its checks then attach to the new head commit,
    where branch protection looks for them."""
    pr = svc.pull_request(number)
    if not pr.open:
        return Outcome(pr=number, stage=DiscussionStage.NOT_A_DISCUSSION, notes=["the pull request is closed"])
    out, head_sha, programs, base_authors = _discussion(svc, ctx, pr)
    _sync_status(svc, head_sha, approval_status(programs, pr, svc.reviews(number), also=base_authors), out)
    if head_sha != pr.head_sha and rerun:
        if svc.dispatch_workflow(rerun, pr.head_ref):
            out.changes.append(t("ran {rerun} on {head_ref}", rerun=rerun, head_ref=pr.head_ref))
        else:
            out.notes.append(t("no workflow {rerun} to run on the new commit; push to the branch to run the checks", rerun=rerun))
    return out


def base_program(svc: GitHubService, pr: PullRequest, program_id: str) -> Program | None:
    """The program as on the pull request's base branch (None for a new program): facts come from there."""
    text = svc.file_text(f"programs/{program_id}/program.yml", pr.base_ref)
    return load_program_text(program_id, text) if text is not None else None


def _discussion(svc: GitHubService, ctx: Workspace,
                pr: PullRequest) -> tuple[Outcome, str, list[Program], frozenset[str]]:
    number = pr.number
    found: list[tuple[Program, str]] = []
    drafts: list[str] = []
    changed: list[Program] = []
    bases: dict[str, Program | None] = {}
    for pid in changed_programs(svc.changed_files(number)):
        path = f"programs/{pid}/program.yml"
        text = svc.file_text(path, pr.head_sha)
        program = load_program_text(pid, text) if text is not None else None
        if program is None:
            continue
        changed.append(program)
        bases[pid] = base_program(svc, pr, pid)
        if opened_in(program, number) is not None:
            found.append((program, text or ""))
        elif not program.events(Event.APPROVED):
            drafts.append(pid)
    comments = svc.comments(number)
    out = Outcome(pr=number, stage=DiscussionStage.NOT_A_DISCUSSION)
    # an author removed in the pull request is still an author: their approval is not independent
    base_authors = frozenset(a.github.casefold() for b in bases.values() if b is not None for a in b.authors
                             if a.github)
    if len(found) > 1:
        ids = ", ".join(p.id for p, _ in found)
        out.notes.append(t("more than one program opens its discussion in this pull request: {ids}", ids=ids))
        _sync_status(svc, pr.head_sha, simple_status(
            "failure", f"One program per discussion pull request; this one has {ids}"), out)
        return out, pr.head_sha, changed, base_authors
    if not found:
        if drafts:
            out.stage = DiscussionStage.DRAFT
            out.program = drafts[0]
            body = _draft_comment(drafts[0], pr)
            _sync_comment(svc, pr, comments, body, out)
            _sync_labels(svc, pr, out.stage, out)
            _sync_status(svc, pr.head_sha, simple_status(
                "pending", t("Not yet published for discussion: record discussion-opened with this PR's link")), out)
        else:
            _sync_comment(svc, pr, comments, None, out)
            _sync_labels(svc, pr, out.stage, out)
            _sync_status(svc, pr.head_sha, simple_status("success", t("No public discussion in this pull request")), out)
        return out, pr.head_sha, changed, base_authors

    program, text = found[0]
    opened = opened_in(program, number)
    assert opened is not None
    facts = establish(program=program, base=bases.get(program.id), pr=pr, opened=opened, comments=comments,
                      timezone=ZoneInfo(ctx.policy.timezone))
    state = analyse(program=program, pr=pr, opened=facts.opened, comments=comments, clock=ctx.clock,
                    authors=facts.authors)
    problems = list(facts.problems)
    closed = state.already_closed
    if closed is not None and (state.unanswered or not state.period_over or closed.date < state.due):
        why = (t("{count} suggestion(s) are unanswered", count=len(state.unanswered)) if state.period_over and state.unanswered
               else t("the period runs to the end of {due}", due=state.due))
        problems.append(t("`discussion-closed` (line {line} of `{path}`) is recorded on {date}, but {why}. Only the bot records `discussion-closed`, once the period is over and every suggestion is answered: remove it.", line=closed.line, path=program.path, date=closed.date, why=why))
        state = dataclasses.replace(state, already_closed=None)
    out.stage = state.stage
    out.program = program.id
    head_sha = pr.head_sha
    note = ""
    if state.stage is DiscussionStage.CLOSED and not problems:
        if state.already_closed is None:
            head_sha, note = _write_record(svc, pr, state, text, out)
        elif pr.from_fork:  # closed as the facts say; the record must say what GitHub says too
            if svc.file_text(f"{program.folder}/discussion.yml", pr.head_sha) != record_yaml(record(state)):
                problems.append(t("`{folder}/discussion.yml` does not match the discussion on GitHub; commit the bot's record (below) unchanged.", folder=program.folder))
                note = f"`{program.folder}/discussion.yml`:\n\n{fenced(record_yaml(record(state)), 'yaml')}"
        else:
            head_sha = _commit_record(svc, pr, state, out)
    out.notes.extend(problems)
    body = sticky_comment(state, record_note=note, languages=ctx.policy.languages, problems=problems)
    _sync_comment(svc, pr, comments, body.rstrip("\n") + "\n\n" + facts.memory.line() + "\n", out)
    _sync_labels(svc, pr, state.stage, out)
    status = commit_status(state, target_url=pr.url)
    if problems:  # whatever the stage, the pull request must stop contradicting GitHub first
        status = simple_status("pending", "The pull request edits facts the discussion takes from GitHub "
                                          "(see the comment)")
    elif note:  # answered, but the record is not in the branch yet
        status = simple_status("pending", "Answered; commit discussion.yml and discussion-closed (see the comment)")
    _sync_status(svc, head_sha, status, out)
    return out, head_sha, changed, base_authors


def _write_record(svc: GitHubService, pr: PullRequest, state: DiscussionState, program_text: str,
                  out: Outcome) -> tuple[str, str]:
    """Commit discussion.yml and the discussion-closed event to the PR's branch; (new head sha, note)."""
    folder = f"programs/{state.program.id}"
    record_text = record_yaml(record(state))
    last = state.program.lifecycle[-1]
    closed_text = append_lifecycle_event(program_text, last.line, closing_entry(state.closed_on))
    if pr.from_fork or closed_text is None:
        why = (t("this pull request comes from a fork, which the bot may not push to") if pr.from_fork
               else t("the bot could not find where to add the event in program.yml"))
        return pr.head_sha, (
            f"**The record could not be committed** ({why}). Commit it yourself:\n\n"
            f"`{folder}/discussion.yml`:\n\n{fenced(record_text, 'yaml')}\n\n"
            f"and add to `lifecycle` in `{folder}/program.yml`: `- {closing_entry(state.closed_on)}`")
    sha = _commit_record(svc, pr, state, out)
    check = load_program_text(state.program.id, closed_text)
    if (check is None or len(check.lifecycle) != len(state.program.lifecycle) + 1
            or check.lifecycle[-1].event != Event.DISCUSSION_CLOSED.value):
        return sha, "**Add the discussion-closed event to program.yml by hand** (the bot's edit did not parse)."
    try:
        sha = svc.put_file(path=f"{folder}/program.yml", text=closed_text, branch=pr.head_ref,
                           message=f"{state.program.id}: discussion closed on {state.closed_on} (P-6)",
                           expected=program_text)
    except Conflict as exc:
        out.notes.append(str(exc))
        return sha, "**program.yml changed while the bot worked**; the next run records the closing."
    out.changes.append(t("committed {folder}/program.yml (discussion-closed {closed_on})", folder=folder, closed_on=state.closed_on))
    return sha, ""


def _commit_record(svc: GitHubService, pr: PullRequest, state: DiscussionState, out: Outcome) -> str:
    """discussion.yml as the discussion on GitHub has it (the bot's record, whoever edited the file since);
    the new head sha."""
    path = f"programs/{state.program.id}/discussion.yml"
    record_text = record_yaml(record(state))
    if svc.file_text(path, pr.head_sha) == record_text:
        return pr.head_sha
    sha = svc.put_file(path=path, text=record_text, branch=pr.head_ref,
                       message=f"{state.program.id}: record of the public discussion (P-6)")
    out.changes.append(t("committed {path}", path=path))
    return sha


def _draft_comment(program_id: str, pr: PullRequest) -> str:
    return (t("{sticky_marker}\n### Public discussion (P-6): `{program_id}`\n\nThis draft is not yet published for discussion. When it is ready, mark the pull request ready for review and add to `lifecycle` in `programs/{program_id}/program.yml`:\n\n```yaml\n  - {{event: discussion-opened, date: YYYY-MM-DD, url: \"{url}\"}}\n```\n\nThe bot then counts the working days of the period and keeps track of the suggestions.\n", sticky_marker=STICKY_MARKER, program_id=program_id, url=pr.url))


def _sync_comment(svc: GitHubService, pr: PullRequest, comments: Sequence[Comment], body: str | None,
                  out: Outcome) -> None:
    if body is None:  # no discussion here: leave no comment, but correct one left from before
        if sticky(comments, STICKY_MARKER) is None:
            return
        body = f"{STICKY_MARKER}\nThis pull request no longer opens a public discussion.\n"
    sync_comment(svc, pr.number, comments, STICKY_MARKER, body, out.changes)


def _sync_labels(svc: GitHubService, pr: PullRequest, stage: DiscussionStage, out: Outcome) -> None:
    sync_labels(svc, pr.number, list(STAGE_LABELS.values()), STAGE_LABELS.get(stage), out.changes)


def _sync_status(svc: GitHubService, sha: str, status: CommitStatus, out: Outcome) -> None:
    latest = next((s for s in svc.statuses(sha) if s.context == status.context), None)
    if latest is not None and (latest.state, latest.description) == (status.state, status.description):
        return
    svc.set_status(sha, status)
    out.changes.append(t("set status {context}={state}", context=status.context, state=status.state))
