"""A program's PR needs an approving review by someone who is not an author (commit status
`ustaz/independent-approval`), and a fork's PR gets the record to commit by hand (P-6)."""

from __future__ import annotations

from pathlib import Path

from ustaz.bot.github import GitHub3Service
from ustaz.bot.pr import run_discussion

from .botkit import at, context, program_yml
from .fake_github import FakeGitHub
from .test_discussion_p6 import BRANCH, FOLDER, PID, latest_status, open_discussion, sticky


def approval(fake: FakeGitHub, sha: str) -> tuple[str, str]:
    s = next(s for s in fake.statuses[sha] if s["context"] == "ustaz/independent-approval")
    return s["state"], s["description"]


def test_p6_a_co_authors_approval_does_not_count(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    n = open_discussion(fake)
    fake.review(n, "ivan-primer", "", state="APPROVED", when=at("2026-03-17"))  # a co-author in program.yml
    fake.review(n, "methodist-demo", "", state="CHANGES_REQUESTED", when=at("2026-03-17"))
    run_discussion(svc, context(centre, "2026-03-18"), n)
    head = fake.branches[BRANCH]
    assert approval(fake, head) == ("pending",
                                    "Needs an approving review by someone who is not an author of the program")
    fake.review(n, "methodist-demo", "", state="APPROVED", when=at("2026-03-19"))
    fake.review(n, "expert-demo", "", state="APPROVED", when=at("2026-03-19"))
    fake.review(n, "expert-demo", "", state="CHANGES_REQUESTED", when=at("2026-03-20"))  # withdrew it
    run_discussion(svc, context(centre, "2026-03-20"), n)
    assert approval(fake, head) == ("success", "Approved by @methodist-demo, not an author")


def test_a_pr_without_programs_needs_no_independent_approval(fake: FakeGitHub, svc: GitHub3Service,
                                                              centre: Path) -> None:
    fake.commit("docs", {"content/en/index.md": "# Hello\n"})
    n = fake.open_pull(head="docs", title="Docs", author="someone")
    run_discussion(svc, context(centre, "2026-03-20"), n)
    assert approval(fake, fake.branches["docs"]) == ("success", "No program in this pull request")


def test_p6_a_forks_pr_gets_the_record_in_the_comment(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    lifecycle = [f'{{event: discussion-opened, date: 2026-03-16, url: "{fake.web}/pull/1"}}']
    fake.commit(BRANCH, {f"{FOLDER}/program.yml": program_yml(PID, lifecycle)})
    n = fake.open_pull(head=BRANCH, title="Program", author="aigerim-test", fork="aigerim-test")
    s1 = fake.comment(n, "teacher-demo", "Add examples.", at("2026-03-17"))
    fake.comment(n, "aigerim-test", f"Accepted {fake.web}/pull/1#issuecomment-{s1.id}", at("2026-03-18"))
    before = dict(fake.tree(BRANCH))
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    assert out.stage.value == "closed"
    assert fake.tree(BRANCH) == before, "nothing is pushed to a fork"
    body = sticky(fake, n)
    assert "this pull request comes from a fork" in body
    assert 'author: "teacher-demo"' in body and "- {event: discussion-closed, date: 2026-04-02}" in body
    assert latest_status(fake, fake.branches[BRANCH])["state"] == "pending"


def test_p6_without_a_validate_workflow_the_bot_says_how_to_run_the_checks(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    fake.workflows.clear()
    n = open_discussion(fake)
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    assert out.stage.value == "closed" and fake.dispatched == []
    assert out.notes == ["no workflow validate.yml to run on the new commit; push to the branch to run the checks"]
    assert run_discussion(svc, context(centre, "2026-04-03"), n).changes == []


def test_p6_every_page_of_comments_is_read(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """GitHub gives at most 100 comments a page; a busy discussion has more, and each one counts."""
    n = open_discussion(fake)
    for i in range(1, 131):
        fake.comment(n, f"teacher-{i:03}", f"Suggestion {i}.", at("2026-03-17"))
    for i in range(1, 131, 2):
        fake.review_comment(n, f"methodist-{i:03}", f"Line note {i}.", at("2026-03-18"), path=f"{FOLDER}/program.yml")
    run_discussion(svc, context(centre, "2026-03-19"), n)
    body = sticky(fake, n)
    assert "| Suggestions | 195, unanswered 195 |" in body
    assert "teacher-130" in body and "methodist-129" in body
    pages = [r.path for r in fake.log if r.path.endswith(f"/issues/{n}/comments") and r.method == "GET"]
    assert len(pages) >= 2
    for i in range(131, 400):  # far more than a comment can list
        fake.comment(n, f"teacher-{i:03}", f"Suggestion {i}: " + "ұзын мәтін " * 30, at("2026-03-19"))
    run_discussion(svc, context(centre, "2026-03-20"), n)
    body = sticky(fake, n)
    assert "| Suggestions | 464, unanswered 464 |" in body and len(body) <= 60_000
    assert "ұсыныс тізілмеген" in body


def test_p6_an_authors_push_is_never_overwritten(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """The bot edits program.yml only if it still holds the text the bot read."""
    import pytest

    from ustaz.bot.service import Conflict

    n = open_discussion(fake)
    path = f"{FOLDER}/program.yml"
    read = fake.tree(BRANCH)[path]
    fake.commit(BRANCH, {path: read + "# the authors' late edit\n"})
    with pytest.raises(Conflict):
        svc.put_file(path=path, text=read + "  - {event: discussion-closed, date: 2026-04-02}\n", branch=BRANCH,
                     message="m", expected=read)
    assert fake.tree(BRANCH)[path].endswith("# the authors' late edit\n")
    assert n == 1
