"""P-6: the bot takes the discussion's facts from GitHub and the base branch, never from the pull request.

Each test is an attack a pull request can make on its own program.yml — back-dating `discussion-opened`,
naming a commenter as an author, recording `discussion-closed` itself — that would turn the status green
while a suggestion is unanswered if the bot believed the file. Over HTTP against the fake GitHub.
"""

from __future__ import annotations

from pathlib import Path

from ustaz.bot.github import GitHub3Service
from ustaz.bot.pr import run_discussion

from .botkit import at, context, program_yml
from .fake_github import BOT_LOGIN, FakeGitHub
from .test_discussion_p6 import BRANCH, FOLDER, PID, latest_status, sticky

PROGRAM = f"{FOLDER}/program.yml"
NEEDS = '{event: needs-analysis, date: 2026-02-10, protocol: "3"}'
ORDERED = '{event: development-ordered, date: 2026-02-12, order: "7", due: 2026-03-16}'
AUTHORS = ("aigerim-test", "ivan-primer")


def opened(fake: FakeGitHub, day: str, number: int = 1) -> str:
    return f'{{event: discussion-opened, date: {day}, url: "{fake.web}/pull/{number}"}}'


def push(fake: FakeGitHub, lifecycle: list[str], authors: tuple[str, ...] = AUTHORS) -> str:
    return fake.commit(BRANCH, {PROGRAM: program_yml(PID, lifecycle, authors)})


def pull_request(fake: FakeGitHub, day: str, lifecycle: list[str], *, on_main: bool = False,
                 authors: tuple[str, ...] = AUTHORS) -> int:
    """The program's pull request, opened on `day` by aigerim-test; with `on_main`, the program (without
    the discussion) is on main already, so its authors there are the base's."""
    if on_main:
        fake.commit(fake.default_branch, {PROGRAM: program_yml(PID, [NEEDS, ORDERED], AUTHORS)})
    push(fake, lifecycle, authors)
    fake.now = at(day, 9)
    return fake.open_pull(head=BRANCH, title="Program", author="aigerim-test")


def status(fake: FakeGitHub) -> dict[str, str]:
    return latest_status(fake, fake.branches[BRANCH])


def test_p6_a_discussion_opened_before_the_pull_request_counts_from_the_pull_request(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """Back-dated a month, the period would have ended before the suggestion, which would then not count."""
    n = pull_request(fake, "2026-03-16", [NEEDS, ORDERED, opened(fake, "2026-02-16")])
    fake.comment(n, "teacher-demo", "Add a module on sensors.", at("2026-03-17"))
    out = run_discussion(svc, context(centre, "2026-03-20"), n)
    assert out.stage.value == "open"
    body = sticky(fake, n)
    assert "| Published | 2026-03-16 |" in body and "to the end of 2026-04-02" in body
    assert "| Suggestions | 1, unanswered 1 |" in body
    assert ("`discussion-opened` (line 19 of `programs/digital-literacy/program.yml`) is dated 2026-02-16, but this "
            "pull request was opened on 2026-03-16; the period counts from 2026-03-16") in body
    assert status(fake)["state"] == "pending"
    assert "edits facts" in status(fake)["description"]
    # after the true period, still unanswered: no record, no green
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    assert out.stage.value == "answers-due" and status(fake)["state"] == "pending"
    assert f"{FOLDER}/discussion.yml" not in fake.tree(BRANCH)


def test_p6_the_bot_remembers_the_opening_date_it_saw(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """Opened as a draft on 2 March, published on 16 March; moving the date back to 2 March later (still not
    before the pull request) does not move the period either. A copy of the bot's memory by someone else is
    not its memory."""
    n = pull_request(fake, "2026-03-02", [NEEDS, ORDERED, opened(fake, "2026-03-16")])
    run_discussion(svc, context(centre, "2026-03-16"), n)
    assert '"opened":"2026-03-16"' in sticky(fake, n)
    fake.comment(n, "teacher-demo", "Add a module on sensors.", at("2026-03-17"))
    fake.comment(n, "prankster", '<!-- ustaz:public-discussion -->\n<!-- ustaz:facts {"program":"digital-literacy",'
                                 '"opened":"2026-03-02","authors":["teacher-demo"]} -->', at("2026-03-17"))
    push(fake, [NEEDS, ORDERED, opened(fake, "2026-03-02")])
    out = run_discussion(svc, context(centre, "2026-03-20"), n)
    body = sticky(fake, n)
    assert out.stage.value == "open" and "| Published | 2026-03-16 |" in body
    assert "is dated 2026-03-02, but the bot saw 2026-03-16 recorded when the discussion opened" in body
    assert "| Suggestions | 1, unanswered 1 |" in body
    assert status(fake)["state"] == "pending"
    # restored: the problem is gone, the discussion goes on as before
    push(fake, [NEEDS, ORDERED, opened(fake, "2026-03-16")])
    run_discussion(svc, context(centre, "2026-03-20"), n)
    assert "contradicts" not in sticky(fake, n)
    assert status(fake)["description"].startswith("2026-04-02 дейін ашық")


def test_p6_a_commenter_named_an_author_in_the_pull_request_is_not_an_author(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """The program is on main with its authors; the pull request adds the commenter, who then 'accepts'."""
    n = pull_request(fake, "2026-03-16", [NEEDS, ORDERED, opened(fake, "2026-03-16")], on_main=True)
    s1 = fake.review_comment(n, "teacher-demo", "Add a module on sensors.", at("2026-03-17"), path=PROGRAM)
    push(fake, [NEEDS, ORDERED, opened(fake, "2026-03-16")], (*AUTHORS, "teacher-demo"))
    fake.review_comment(n, "teacher-demo", "Accepted", at("2026-03-18"), reply_to=s1)
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    body = sticky(fake, n)
    assert out.stage.value == "answers-due"
    assert "| Suggestions | 1, unanswered 1 |" in body
    assert "`teacher-demo` is named in `authors` of this pull request but was not on the base branch" in body
    assert status(fake)["state"] == "pending"
    assert f"{FOLDER}/discussion.yml" not in fake.tree(BRANCH)


def test_p6_a_new_programs_authors_are_those_named_when_the_discussion_opened(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """No base: the names at the bot's first sight count, and are remembered; one added later does not."""
    n = pull_request(fake, "2026-03-16", [NEEDS, ORDERED, opened(fake, "2026-03-16")])
    run_discussion(svc, context(centre, "2026-03-16"), n)
    assert '"authors":["aigerim-test","ivan-primer"]' in sticky(fake, n)
    fake.comment(n, "teacher-demo", "Add a module on sensors.", at("2026-03-17"))
    fake.comment(n, "ivan-primer", "Thank you, we will look at every suggestion.", at("2026-03-17", 12))
    push(fake, [NEEDS, ORDERED, opened(fake, "2026-03-16")], (*AUTHORS, "teacher-demo"))
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    body = sticky(fake, n)
    assert out.stage.value == "answers-due" and "| Suggestions | 1, unanswered 1 |" in body  # ivan's note is not one
    assert "`teacher-demo` is named in `authors` of this pull request but was not when the discussion opened" in body
    assert status(fake)["state"] == "pending"


def test_p6_only_the_bot_records_discussion_closed(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """The pull request closes its own discussion after the period, with a suggestion unanswered; then answered,
    its own closing is accepted when it agrees with the facts."""
    lifecycle = [NEEDS, ORDERED, opened(fake, "2026-03-16")]
    n = pull_request(fake, "2026-03-16", lifecycle)
    s1 = fake.comment(n, "teacher-demo", "Add a module on sensors.", at("2026-03-17"))
    push(fake, [*lifecycle, "{event: discussion-closed, date: 2026-04-03}"])
    head = fake.branches[BRANCH]
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    body = sticky(fake, n)
    assert out.stage.value == "answers-due"
    assert ("`discussion-closed` (line 20 of `programs/digital-literacy/program.yml`) is recorded on 2026-04-03, "
            "but 1 suggestion(s) are unanswered") in body
    assert status(fake)["state"] == "pending" and fake.branches[BRANCH] == head  # nothing committed
    fake.comment(n, "aigerim-test", f"Accepted {fake.web}/pull/{n}#issuecomment-{s1.id}", at("2026-04-03", 10))
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    assert out.stage.value == "closed" and "contradicts" not in sticky(fake, n)
    assert status(fake)["state"] == "success"
    # the record is the bot's: written from GitHub's comments, and written again when the pull request edits it
    record = fake.tree(BRANCH)[f"{FOLDER}/discussion.yml"]
    assert 'response: "accepted"' in record and 'answered_by: "aigerim-test"' in record
    assert fake.tree(BRANCH)[PROGRAM].count("discussion-closed") == 1
    fake.commit(BRANCH, {f"{FOLDER}/discussion.yml": record.replace("Add a module on sensors.", "Thanks!")})
    run_discussion(svc, context(centre, "2026-04-06"), n)
    assert fake.tree(BRANCH)[f"{FOLDER}/discussion.yml"] == record
    assert status(fake)["state"] == "success"


def test_p6_closing_before_the_period_ends_is_not_believed(fake: FakeGitHub, svc: GitHub3Service,
                                                           centre: Path) -> None:
    lifecycle = [NEEDS, ORDERED, opened(fake, "2026-03-16")]
    n = pull_request(fake, "2026-03-16", [*lifecycle, "{event: discussion-closed, date: 2026-03-18}"])
    out = run_discussion(svc, context(centre, "2026-03-20"), n)
    assert out.stage.value == "open"
    assert "is recorded on 2026-03-18, but the period runs to the end of 2026-04-02" in sticky(fake, n)
    assert status(fake)["state"] == "pending"


def test_p6_removing_ones_name_in_the_pull_request_does_not_make_an_approval_independent(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    n = pull_request(fake, "2026-03-16", [NEEDS, ORDERED, opened(fake, "2026-03-16")], on_main=True,
                     authors=("aigerim-test",))
    fake.review(n, "ivan-primer", "", state="APPROVED", when=at("2026-03-17"))
    run_discussion(svc, context(centre, "2026-03-17"), n)
    approval = next(s for s in fake.statuses[fake.branches[BRANCH]] if s["context"] == "ustaz/independent-approval")
    assert approval["state"] == "pending"
    fake.review(n, "expert-demo", "", state="APPROVED", when=at("2026-03-18"))
    run_discussion(svc, context(centre, "2026-03-18"), n)
    approval = next(s for s in fake.statuses[fake.branches[BRANCH]] if s["context"] == "ustaz/independent-approval")
    assert approval["state"] == "success" and "expert-demo" in approval["description"]
    assert all(c.author != BOT_LOGIN or "ivan-primer" not in c.body.split("ustaz:facts")[0].split("| # |")[0]
               for c in fake.issue_comments)


def test_p6_a_forks_record_must_be_the_bots(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """The bot cannot push to a fork: a closing the facts agree with is accepted, but a record that differs
    from the comments on GitHub keeps the status pending, and the comment shows the record to commit."""
    lifecycle = [NEEDS, ORDERED, opened(fake, "2026-03-16")]
    push(fake, [*lifecycle, "{event: discussion-closed, date: 2026-04-03}"])
    fake.commit(BRANCH, {f"{FOLDER}/discussion.yml": 'thread: "x"\nsuggestions: []\n'})
    fake.now = at("2026-03-16", 9)
    n = fake.open_pull(head=BRANCH, title="Program", author="aigerim-test", fork="aigerim-test")
    s1 = fake.comment(n, "teacher-demo", "Add a module on sensors.", at("2026-03-17"))
    fake.comment(n, "aigerim-test", f"Accepted {fake.web}/pull/{n}#issuecomment-{s1.id}", at("2026-03-18"))
    head = fake.branches[BRANCH]
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    body = sticky(fake, n)
    assert out.stage.value == "closed" and fake.branches[BRANCH] == head
    assert "`programs/digital-literacy/discussion.yml` does not match the discussion on GitHub" in body
    assert 'text: "Add a module on sensors."' in body
    assert status(fake)["state"] == "pending"
