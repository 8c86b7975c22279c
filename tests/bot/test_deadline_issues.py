"""`ustaz bot deadlines`: one issue per near or overdue deadline, updated, closed when met (P-3, P-6)."""

from __future__ import annotations

from pathlib import Path

from ustaz.bot.deadline_issues import run_deadlines
from ustaz.bot.github import GitHub3Service

from .botkit import context, program_yml
from .fake_github import FakeGitHub


def write_program(centre: Path, lifecycle: list[str]) -> None:
    folder = centre / "programs" / "media-lit"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "program.yml").write_text(program_yml("media-lit", lifecycle), encoding="utf-8")


ORDER = ['{event: needs-analysis, date: 2026-02-20, protocol: "4"}',
         '{event: development-ordered, date: 2026-03-02, order: "9", due: 2026-03-20}']


def deadline_issues(fake: FakeGitHub) -> list[tuple[int, str, str]]:
    return [(n, t.extra["title"], t.extra["state"]) for n, t in sorted(fake.issues.items())
            if "deadline" in fake.labels[n]]


def test_p3_deadline_issue_opens_near_the_due_date_updates_and_closes_when_met(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """P-3: the draft is due by the order's date; the issue follows it without duplicates."""
    write_program(centre, ORDER)
    assert run_deadlines(svc, context(centre, "2026-03-10")).changes == []  # 8 working days left: not near yet

    out = run_deadlines(svc, context(centre, "2026-03-16"))  # 17, 18, 19, 20 March left: within 5
    assert out.changes == ["opened issue #1: P-3 media-lit: draft published for discussion by 2026-03-20"]
    assert "4 working day(s) left as of 2026-03-16" in fake.issues[1].body
    assert "`discussion-opened`" in fake.issues[1].body
    writes = len(fake.writes())
    assert run_deadlines(svc, context(centre, "2026-03-16")).changes == []
    assert len(fake.writes()) == writes

    run_deadlines(svc, context(centre, "2026-03-23"))  # Nauryz: the deadline passed on Friday
    assert deadline_issues(fake) == [(1, "P-3 media-lit: draft published for discussion by 2026-03-20", "open")]
    assert "**Overdue** since 2026-03-20" in fake.issues[1].body

    write_program(centre, [*ORDER, '{event: discussion-opened, date: 2026-03-26, url: "https://example.org/pull/3"}'])
    out = run_deadlines(svc, context(centre, "2026-03-26"))
    assert out.changes == ["closed issue #1"]
    assert deadline_issues(fake) == [(1, "P-3 media-lit: draft published for discussion by 2026-03-20", "closed")]
    assert "**Met** on 2026-03-26" in fake.issues[1].body
    assert run_deadlines(svc, context(centre, "2026-03-27")).changes == []  # P-6's period is no task: no issue


def test_p6_an_unrecorded_closing_opens_one_issue(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """P-6: once the period is over the closing must be recorded; one issue says so, and only one."""
    write_program(centre, [*ORDER, '{event: discussion-opened, date: 2026-03-16, url: "https://example.org/pull/3"}'])
    run_deadlines(svc, context(centre, "2026-04-03"))
    run_deadlines(svc, context(centre, "2026-04-06"))
    assert deadline_issues(fake) == [(1, "P-6 media-lit: public discussion ends by 2026-04-02", "open")]
