"""`ustaz bot …`: the entry points the GitHub workflows run (P-6).

The token comes from $GITHUB_TOKEN, the repository from --repo or $GITHUB_REPOSITORY, the API from
$GITHUB_API_URL (Actions sets all three; a URL ending in /api/v3 is a GitHub Enterprise server).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..bot.service import GitHubError, GitHubService
from ..i18n import t
from .app import fail
from .check import make_context
from .groups import bot_group


def _service(repo: str | None) -> GitHubService:
    from ..bot.github import PUBLIC_API, GitHub3Service

    name = repo or os.environ.get("GITHUB_REPOSITORY", "")
    if not name:
        fail(t("which repository? give --repo OWNER/NAME or set GITHUB_REPOSITORY"))
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        fail(t("set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{{{ github.token }}}})"))
    try:
        return GitHub3Service(name, token, os.environ.get("GITHUB_API_URL") or PUBLIC_API)
    except GitHubError as exc:
        fail(str(exc))


@contextmanager
def _github_errors() -> Iterator[None]:
    """GitHub's refusals and silences become the CLI's one error path (exit 2, one line)."""
    try:
        yield
    except GitHubError as exc:
        fail(str(exc))


def _report(changes: list[str], what: str) -> None:
    for line in changes:
        click.echo(f"{what}: {line}")
    if not changes:
        click.echo(t("{what}: up to date, nothing changed", what=what))


_repo_option = click.option("--repo", help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
_today_option = click.option("--today", help="As of this date (YYYY-MM-DD); default: today in the policy's time zone.")


@bot_group.command("discussion")
@click.option("--pr", "number", type=int, help="The pull request.")
@click.option("--all", "every", is_flag=True, help="Every open pull request (the daily run).")
@click.option("--rerun", default="validate.yml", show_default=True,
              help="Workflow to run on the branch after committing the record ('' for none).")
@_repo_option
@_today_option
def discussion_cmd(number: int | None, every: bool, rerun: str, repo: str | None, today: str | None) -> None:
    """Update a pull request's public discussion: status comment, labels, commit status, record (P-6)."""
    from ..bot.pr import run_discussion

    if (number is None) == (not every):
        fail(t("give either --pr N or --all"))
    ctx = make_context(today, None)
    svc = _service(repo)
    with _github_errors():
        numbers = [number] if number is not None else [p.number for p in svc.open_pull_requests()]
    failed: list[str] = []
    for n in numbers:
        try:
            outcome = run_discussion(svc, ctx, n, rerun=rerun)
        except GitHubError as exc:  # one pull request's trouble does not stop the daily run for the others
            click.echo(t("ustaz: #{n}: {exc}", n=n, exc=exc), err=True)
            failed.append(f"#{n}")
            continue
        label = f"#{n}" + (f" {outcome.program}" if outcome.program else "") + f" [{outcome.stage.value}]"
        for note in outcome.notes:
            click.echo(t("{label}: note: {note}", label=label, note=note))
        _report(outcome.changes, label)
    if failed:
        fail(t("GitHub refused or did not answer for {failed}; see above", failed=', '.join(failed)))


@bot_group.command("scaffold")
@click.option("--issue", "number", type=int, required=True, help="The proposal issue (opened with the form).")
@_repo_option
def scaffold_cmd(number: int, repo: str | None) -> None:
    """Turn a proposal issue into a branch and a draft PR with the program skeleton, or say what to fix."""
    from ..bot.scaffold import run_scaffold

    ctx = make_context(None, None)
    svc = _service(repo)
    with _github_errors():
        outcome = run_scaffold(svc, ctx.policy, number)
    for p in outcome.problems:
        click.echo(t("#{number}: to fix: {field}: {message}", number=number, field=p.field, message=p.message))
    _report(outcome.changes, f"#{number}")


@bot_group.command("deadlines")
@_repo_option
@_today_option
def deadlines_cmd(repo: str | None, today: str | None) -> None:
    """Open, update or close one issue per overdue or near deadline (no duplicates)."""
    from ..bot.deadline_issues import run_deadlines

    ctx = make_context(today, None)
    svc = _service(repo)
    with _github_errors():
        outcome = run_deadlines(svc, ctx)
    _report(outcome.changes, t("deadline issues"))
