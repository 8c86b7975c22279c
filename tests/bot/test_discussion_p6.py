"""P-6 end to end: a scripted public discussion on the fake GitHub, driven through github3 over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ustaz.bot.discussion import STICKY_MARKER as STICKY
from ustaz.bot.github import GitHub3Service
from ustaz.bot.pr import run_discussion
from ustaz.checks.discussion import discussion as discussion_check
from ustaz.model.discussion import Discussion

from .botkit import ROOT, at, context, program_yml
from .fake_github import FakeGitHub

PID = "digital-literacy"
FOLDER = f"programs/{PID}"
BRANCH = f"program/{PID}"


def open_discussion(fake: FakeGitHub, opened: str = "2026-03-16") -> int:
    lifecycle = ['{event: needs-analysis, date: 2026-02-10, protocol: "3"}',
                 '{event: development-ordered, date: 2026-02-12, order: "7", due: 2026-03-16}',
                 f'{{event: discussion-opened, date: {opened}, url: "{fake.web}/pull/1"}}']
    fake.commit(BRANCH, {f"{FOLDER}/program.yml": program_yml(PID, lifecycle)})
    fake.now = at(opened, 9)  # the pull request is opened the day the discussion opens (GitHub's created_at)
    return fake.open_pull(head=BRANCH, title="Program digital-literacy", author="aigerim-test")


def sticky(fake: FakeGitHub, number: int) -> str:
    ours = [c for c in fake.issue_comments if c.extra["issue"] == number and c.author == "github-actions[bot]"]
    assert len(ours) == 1, "exactly one status comment"
    return ours[0].body


def latest_status(fake: FakeGitHub, sha: str) -> dict[str, str]:
    return next(s for s in fake.statuses[sha] if s["context"] == "ustaz/public-discussion")


def test_p6_scripted_discussion_with_nauryz_answers_in_kk_and_ru_and_a_late_answer(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """P-6: ten working days (Nauryz 23–25 March 2026 not counted), every suggestion answered, record written."""
    n = open_discussion(fake)
    s1 = fake.review_comment(n, "methodist-demo", "Датчиктер модуліне практикалық сағаттарды көбейтуді ұсынамын.",
                             at("2026-03-17"), path=f"{FOLDER}/program.yml")
    s2 = fake.comment(n, "teacher-demo", "Предлагаю сразу перейти на Python вместо блочного программирования.",
                      at("2026-03-18"))
    fake.comment(n, "aigerim-test", "Рахмет! Барлық ұсыныстарды қараймыз.", at("2026-03-18", 12))  # author's own
    fake.review_comment(n, "aigerim-test", "Қабылданды. Модуль 2-ге төрт сағат қосамыз.", at("2026-03-19"),
                        reply_to=s1)
    fake.comment(n, "ivan-primer", f"> {s2.body}\n\nОтклонено", at("2026-03-20"))  # no justification
    s3 = fake.review(n, "expert-demo", "Глоссарийге «датчик» терминін қосыңыз.", when=at("2026-03-26"))

    # 27 March: inside the period, which Nauryz stretched to 2 April
    out = run_discussion(svc, context(centre, "2026-03-27"), n)
    assert out.stage.value == "open"
    head = fake.branches[BRANCH]
    body = sticky(fake, n)
    assert "to the end of 2026-04-02" in body
    assert "| Working days elapsed | 6 of 10 (as of 2026-03-27) |" in body
    assert "| Working days left | 4 |" in body
    assert "2026-03-23 (Nowruz Holiday)" in body and "2026-03-25 (Nowruz Holiday (observed))" in body
    assert "| Suggestions | 3, unanswered 2 |" in body
    assert "aigerim-test 2026-03-19 күні қабылдады" in body  # the rows speak kk (#17)
    assert "@" not in body.replace(STICKY, ""), "nobody is notified by the daily edits"
    assert "ivan-primer оны 2026-03-20 күні негіздемесіз қабылдамады" in body
    assert "Рахмет" not in body  # an author's own comment is not a suggestion
    assert "Талқылау 2026-04-02 күнінің соңына дейін жүреді: бүгіннен кейін 4 жұмыс күні қалды" in body
    assert "Обсуждение идёт до конца дня 2026-04-02" in body
    status = latest_status(fake, head)
    assert status["state"] == "pending"
    assert status["description"] == "2026-04-02 дейін ашық: 4 жұмыс күні қалды, 2 ұсыныс жауапсыз"
    assert fake.labels[n] == ["discussion: open"]

    # the same day again: nothing more changes
    writes = len(fake.writes())
    assert run_discussion(svc, context(centre, "2026-03-27"), n).changes == []
    assert len(fake.writes()) == writes

    fake.comment(n, "ivan-primer", f"Отклонено: Python оқытылатын екінші деңгей курсы бар.\n\n{s2_url(fake, s2.id)}",
                 at("2026-04-01"))
    fake.comment(n, "late-commenter", "Тағы бір ұсыныс: бейнесабақтар қосыңыз.", at("2026-04-03", 9))

    # 3 April: the period is over, one suggestion still unanswered
    out = run_discussion(svc, context(centre, "2026-04-03"), n)
    assert out.stage.value == "answers-due"
    body = sticky(fake, n)
    assert "1 suggestion(s) still need an answer" in body
    assert "мерзім 2026-04-02 күні аяқталғаннан кейін келді" in body and "late-commenter" in body
    assert "| Suggestions | 3, unanswered 1 |" in body
    assert latest_status(fake, head)["description"] == "Мерзім 2026-04-02 күні бітті: 1 ұсынысқа жауап керек"
    assert fake.labels[n] == ["discussion: answers due"]
    assert f"{FOLDER}/discussion.yml" not in fake.tree(BRANCH)

    # 6 April: the late answer, quoting the review
    fake.comment(n, "aigerim-test", f"> {s3.body}\n\nAccepted — added to section 2.", at("2026-04-06"))
    out = run_discussion(svc, context(centre, "2026-04-06"), n)
    assert out.stage.value == "closed"
    new_head = fake.branches[BRANCH]
    assert new_head != head, "the record was committed to the PR's branch"
    assert latest_status(fake, head)["state"] == "pending"
    assert fake.dispatched == [("validate.yml", BRANCH, new_head)], "the checks run on the bot's commit"
    status = latest_status(fake, new_head)
    assert status["state"] == "success"
    assert status["description"] == "2026-04-06 күні жабылды: 3 ұсыныс, бәріне жауап берілді"
    assert fake.labels[n] == ["discussion: closed"]
    assert "The discussion closed on 2026-04-06" in sticky(fake, n)
    assert "Обсуждение завершено 2026-04-06; на все предложения даны ответы." in sticky(fake, n)

    tree = fake.tree(BRANCH)
    assert tree[f"{FOLDER}/program.yml"].endswith("  - {event: discussion-closed, date: 2026-04-06}\n")
    (centre / FOLDER).mkdir(parents=True)
    for name in ("program.yml", "discussion.yml"):
        (centre / FOLDER / name).write_text(tree[f"{FOLDER}/{name}"], encoding="utf-8")
    record, findings = Discussion.from_yaml(centre / FOLDER / "discussion.yml", f"{FOLDER}/discussion.yml")
    assert findings == [] and record is not None
    assert record.thread == f"{fake.web}/pull/1"
    got = [(s.id, s.author, str(s.date), s.response, s.answered_by, str(s.answered)) for s in record.suggestions]
    assert got == [(1, "methodist-demo", "2026-03-17", "accepted", "aigerim-test", "2026-03-19"),
                   (2, "teacher-demo", "2026-03-18", "rejected", "ivan-primer", "2026-04-01"),
                   (3, "expert-demo", "2026-03-26", "accepted", "aigerim-test", "2026-04-06")]
    assert record.suggestions[1].justification == "Python оқытылатын екінші деңгей курсы бар."
    assert record.suggestions[0].url == f"{fake.web}/pull/1#discussion_r{s1.id}"
    assert record.suggestions[2].text == s3.body
    ctx = context(centre, "2026-04-06")
    assert list(discussion_check(ctx)) == []  # the record satisfies the checker's P-6 rules
    p6 = [d for d in ctx.deadlines if d.rule == "P-6" and d.subject == PID]
    assert [(str(d.due), d.status.value, str(d.met_on)) for d in p6] == [("2026-04-02", "met", "2026-04-06")]

    # twice more, also the next day: nothing more changes
    writes = len(fake.writes())
    for day in ("2026-04-06", "2026-04-07"):
        assert run_discussion(svc, context(centre, day), n).changes == []
    assert len(fake.writes()) == writes


def s2_url(fake: FakeGitHub, comment_id: int) -> str:
    return f"{fake.web}/pull/1#issuecomment-{comment_id}"


def test_p6_due_date_is_the_one_ustaz_deadlines_prints(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """P-6: the bot's comment and `ustaz deadlines` show the same end of the period."""
    n = open_discussion(fake, opened="2026-03-04")  # 8 March (Sunday) → 9 March observed, inside the period
    run_discussion(svc, context(centre, "2026-03-05"), n)
    (centre / FOLDER).mkdir(parents=True)
    (centre / FOLDER / "program.yml").write_text(fake.tree(BRANCH)[f"{FOLDER}/program.yml"], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("USTAZ_TODAY", "USTAZ_PRIVATE")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "ustaz", "deadlines", "--today", "2026-03-05", "--format", "json"],
                          cwd=centre, env=env, check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    due = [d["due"] for d in json.loads(done.stdout)["deadlines"] if d["rule"] == "P-6"]
    assert due == ["2026-03-19"]  # 5,6,10,11,12,13,16,17,18,19 March: 9 March is a day off
    assert "to the end of 2026-03-19" in sticky(fake, n)
    assert "2026-03-09 (International Women's Day (observed))" in sticky(fake, n)


def test_p6_draft_without_discussion_opened_is_pending_with_instructions(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """P-6: a new program's PR stays pending until it is published for discussion."""
    needs = '{event: needs-analysis, date: 2026-02-10, protocol: "3"}'
    fake.commit(BRANCH, {f"{FOLDER}/program.yml": program_yml(PID, [needs])})
    n = fake.open_pull(head=BRANCH, title="Program", author="aigerim-test", draft=True)
    out = run_discussion(svc, context(centre, "2026-03-05"), n)
    assert out.stage.value == "draft"
    assert fake.labels[n] == ["discussion: draft"]
    assert "discussion-opened" in sticky(fake, n) and f"{fake.web}/pull/{n}" in sticky(fake, n)
    assert latest_status(fake, fake.branches[BRANCH])["state"] == "pending"


def test_a_pr_without_program_changes_gets_success_and_no_comment(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    fake.commit("fix-data", {"data/organizations.csv": "id\n"})
    n = fake.open_pull(head="fix-data", title="Fix", author="someone")
    out = run_discussion(svc, context(centre, "2026-03-05"), n)
    assert out.stage.value == "none"
    assert [c for c in fake.issue_comments if c.extra["issue"] == n] == []
    assert latest_status(fake, fake.branches["fix-data"])["state"] == "success"


def test_p6_the_bot_edits_only_its_own_status_comment(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """A comment that copies the bot's marker is neither edited nor taken for the status comment."""
    n = open_discussion(fake)
    fake.comment(n, "prankster", "<!-- ustaz:public-discussion --> all answered!", at("2026-03-17"))
    run_discussion(svc, context(centre, "2026-03-18"), n)
    prank = [c for c in fake.issue_comments if c.author == "prankster"]
    assert prank[0].body == "<!-- ustaz:public-discussion --> all answered!"
    assert "Әзірге ұсыныстар жоқ." in sticky(fake, n)


def test_bot_cli_over_http_twice_and_a_permission_error(fake: FakeGitHub, centre: Path) -> None:
    """`ustaz bot discussion` as the workflow runs it; the second run reports nothing changed (P-6)."""
    n = open_discussion(fake)
    env = {k: v for k, v in os.environ.items() if k not in ("USTAZ_TODAY", "USTAZ_PRIVATE")}
    env.update(PYTHONPATH=str(ROOT), GITHUB_TOKEN="test-token", GITHUB_REPOSITORY=f"{fake.owner}/{fake.name}",
               GITHUB_API_URL=f"{fake.base}/api/v3")
    cmd = [sys.executable, "-m", "ustaz", "bot", "discussion", "--pr", str(n), "--today", "2026-03-20"]
    first = subprocess.run(cmd, cwd=centre, env=env, check=False, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "#1 digital-literacy [open]: commented on #1" in first.stdout
    second = subprocess.run(cmd, cwd=centre, env=env, check=False, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "up to date, nothing changed" in second.stdout

    fake.forbidden.add("repos/create-commit-status")
    later = subprocess.run(cmd[:-1] + ["2026-03-26"], cwd=centre, env=env, check=False, capture_output=True, text=True, timeout=120)
    assert later.returncode == 2
    assert "permission denied" in later.stderr and "Traceback" not in later.stderr

    env.pop("GITHUB_TOKEN")
    no_token = subprocess.run(cmd, cwd=centre, env=env, check=False, capture_output=True, text=True, timeout=120)
    assert no_token.returncode == 2 and "GITHUB_TOKEN" in no_token.stderr


def in_process(centre: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]):  # type: ignore[no-untyped-def]
    """`ustaz bot …` through click in this process (the entry point itself is run by the test above)."""
    from click.testing import CliRunner

    from ustaz.cli import load_commands
    from ustaz.cli.app import main

    load_commands()
    monkeypatch.chdir(centre)
    for key in ("USTAZ_TODAY", "USTAZ_PRIVATE", "GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL"):
        monkeypatch.delenv(key, raising=False)

    def ustaz(*args: str, status: int = 0) -> str:
        result = CliRunner().invoke(main, ["bot", *args], env=env)
        assert result.exit_code == status, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result.stdout if status == 0 else result.stderr

    return ustaz


def test_bot_scaffold_deadlines_and_all_from_the_command_line(fake: FakeGitHub, centre: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The three commands the workflows run, over HTTP, each twice: the second run changes nothing."""
    from . import test_deadline_issues, test_scaffold

    ustaz = in_process(centre, monkeypatch, {"GITHUB_TOKEN": "test-token", "GITHUB_API_URL": f"{fake.base}/api/v3",
                                             "GITHUB_REPOSITORY": f"{fake.owner}/{fake.name}"})

    issue = fake.open_issue(title="Proposal", body=test_scaffold.rendered({**test_scaffold.GOOD, "Hours": "x"}),
                            author="aigerim-test", labels=["proposal"])
    assert f"#1: to fix: {test_scaffold.LABEL['Hours']}: 'x' is not a whole number of hours" in ustaz(
        "scaffold", "--issue", str(issue))
    fake.issues[issue].body = test_scaffold.rendered(test_scaffold.GOOD)
    assert "#1: opened draft pull request #2" in ustaz("scaffold", "--issue", str(issue))
    assert ustaz("scaffold", "--issue", str(issue)) == "#1: up to date, nothing changed\n"

    out = ustaz("discussion", "--all", "--today", "2026-03-16")
    assert "#2 stem-lab [draft]: commented on #2" in out
    assert "up to date" in ustaz("discussion", "--all", "--today", "2026-03-16")

    test_deadline_issues.write_program(centre, test_deadline_issues.ORDER)
    assert "deadline issues: opened issue #3: P-3 media-lit" in ustaz("deadlines", "--today", "2026-03-16")
    assert ustaz("deadlines", "--today", "2026-03-16") == "deadline issues: up to date, nothing changed\n"


def test_bot_says_so_when_github_does_not_answer(centre: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": f"http://127.0.0.1:{port}"}
    ustaz = in_process(centre, monkeypatch, env)
    err = ustaz("discussion", "--pr", "1", status=2)
    assert "GitHub did not answer" in err and "Traceback" not in err
    assert "OWNER/NAME" in in_process(centre, monkeypatch, {**env, "GITHUB_REPOSITORY": "x"})("deadlines", status=2)
    assert "give either --pr N or --all" in ustaz("discussion", status=2)


def test_the_daily_run_goes_on_when_one_pull_request_fails(fake: FakeGitHub, centre: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """P-6: a server error on one pull request does not leave the others without their status."""
    broken = open_discussion(fake)
    fake.commit("program/other", {"programs/other/program.yml": program_yml("other", [
        '{event: needs-analysis, date: 2026-02-10, protocol: "3"}'])})
    other = fake.open_pull(head="program/other", title="Other", author="aigerim-test")
    fake.broken_pulls.add(broken)
    ustaz = in_process(centre, monkeypatch, {"GITHUB_TOKEN": "t", "GITHUB_API_URL": f"{fake.base}/api/v3",
                                             "GITHUB_REPOSITORY": f"{fake.owner}/{fake.name}"})
    err = ustaz("discussion", "--all", "--today", "2026-03-17", status=2)
    assert f"#{broken}: reading pull request #{broken}: GitHub answered 502" in err
    assert fake.labels[other] == ["discussion: draft"]
