"""P-6 rules of the discussion, worked on comments directly (no HTTP): who suggests, who answers, what counts."""

from __future__ import annotations

import datetime as dt
import itertools

from ustaz.bot.discussion import analyse, refers_to
from ustaz.bot.service import Comment, CommentKind, PullRequest
from ustaz.calendar import WorkingCalendar
from ustaz.deadlines import Clock
from ustaz.model.program import Author, LifecycleEntry, Program
from ustaz.policy import preset
from ustaz.vocab import Event, Form, ProgramKind

from .botkit import at

_ids = itertools.count(1)
OPENED = LifecycleEntry(event=Event.DISCUSSION_OPENED, date=dt.date(2026, 3, 16), line=3, url="https://x/o/r/pull/1")
PROGRAM = Program(id="p-1", folder="programs/p-1", path="programs/p-1/program.yml", title={}, direction="", audience={},
                  kind=ProgramKind.COURSE, hours=80, form=Form.BLENDED, languages=("kk",),
                  authors=(Author(name="A", github="Aigerim-Test", line=1), Author(name="I", github="ivan-primer", line=2)),
                  modules=(), literature=(), lifecycle=(OPENED,), lines={})
PR = PullRequest(number=1, url="https://x/o/r/pull/1", title="t", author="aigerim-test", draft=False, open=True,
                 head_sha="0" * 40, head_ref="program/p-1", head_repo="o/r", base_repo="o/r", base_ref="main")


def c(author: str, body: str, day: str, kind: CommentKind = CommentKind.CONVERSATION, reply_to: Comment | None = None,
      bot: bool = False) -> Comment:
    n = next(_ids)
    return Comment(id=n, kind=kind, author=author, author_is_bot=bot, body=body, created=at(day, 10),
                   url=f"{PR.url}#c{n}", reply_to=reply_to.id if reply_to else None)


def state(comments: list[Comment], today: str = "2026-04-10"):  # type: ignore[no-untyped-def]
    clock = Clock(policy=preset("kz-2023"), calendar=WorkingCalendar(country="KZ"), today=dt.date.fromisoformat(today))
    return analyse(program=PROGRAM, pr=PR, opened=OPENED, comments=comments, clock=clock)


def test_p6_only_authors_answer_and_only_non_authors_suggest() -> None:
    s1 = c("teacher", "Add a module.", "2026-03-17", CommentKind.THREAD)
    others = [c("someone-else", "Accepted", "2026-03-18", CommentKind.THREAD, reply_to=s1),  # not an author
              c("IVAN-PRIMER", "Our own note on the plan.", "2026-03-18"),  # an author (case ignored): no suggestion
              c("github-actions[bot]", "status", "2026-03-18", bot=True)]
    st = state([s1, *others])
    assert [s.comment.author for s in st.suggestions] == ["teacher"]
    assert st.unanswered and st.stage.value == "answers-due"


def test_p6_the_latest_answer_counts() -> None:
    s1 = c("teacher", "Add a module.", "2026-03-17", CommentKind.THREAD)
    first = c("aigerim-test", "Accepted", "2026-03-18", CommentKind.THREAD, reply_to=s1)
    then = c("ivan-primer", "Rejected", "2026-03-19", CommentKind.THREAD, reply_to=s1)  # no reason
    st = state([s1, first, then])
    assert st.suggestions[0].answer is None and st.suggestions[0].unjustified is not None
    fixed = c("ivan-primer", "Rejected: covered by module 3.", "2026-03-20", CommentKind.THREAD, reply_to=s1)
    st = state([s1, first, then, fixed])
    answer = st.suggestions[0].answer
    assert answer is not None and answer.answer.justification == "covered by module 3."
    assert st.stage.value == "closed" and st.closed_on == dt.date(2026, 4, 2)  # the period's end, after the answer


def test_p6_a_conversation_answer_must_say_which_suggestion() -> None:
    s1 = c("teacher", "Add a module on sensors.", "2026-03-17")
    s2 = c("methodist", "Shorten the glossary.", "2026-03-17")
    vague = c("aigerim-test", "Accepted", "2026-03-18")
    st = state([s1, s2, vague])
    assert [r.comment.id for r in st.stray_answers] == [vague.id] and len(st.unanswered) == 2
    quoting = c("aigerim-test", "> add a module\n> on SENSORS\n\nҚабылданды", "2026-03-19")
    linking = c("ivan-primer", f"Принято, см. {PR.url}#issuecomment-{s2.id}", "2026-03-19")
    st = state([s1, s2, vague, quoting, linking])
    assert not st.unanswered


def test_p6_a_reply_in_an_authors_thread_is_not_a_suggestion_and_nothing_after_the_period_counts() -> None:
    own = c("aigerim-test", "Should module 2 be longer?", "2026-03-17", CommentKind.THREAD)
    reply = c("teacher", "Yes, twice as long.", "2026-03-18", CommentKind.THREAD, reply_to=own)
    late = c("teacher", "One more idea.", "2026-04-03")  # the period ended on 2 April
    early = c("methodist", "Before publication.", "2026-03-16")  # on the day of publication: counts
    st = state([own, reply, late, early])
    assert [s.comment.body for s in st.suggestions] == ["Before publication."]
    assert [x.body for x in st.after_period] == ["One more idea."]


def test_p6_the_period_is_counted_by_the_working_calendar() -> None:
    st = state([], today="2026-03-20")
    assert (st.due, st.elapsed, st.left) == (dt.date(2026, 4, 2), 4, 6)
    assert [str(d) for d, _ in st.days_off] == ["2026-03-23", "2026-03-24", "2026-03-25"]
    assert st.stage.value == "open"
    st = state([], today="2026-04-02")  # the last day is still inside the period
    assert (st.elapsed, st.left, st.stage.value) == (10, 0, "open")
    assert state([], today="2026-04-03").stage.value == "closed"  # no suggestions: nothing to answer


def test_discussion_opened_url_must_name_this_pull_request() -> None:
    assert refers_to("https://github.com/o/r/pull/12", 12)
    assert refers_to("https://github.com/o/r/pull/12/", 12) and refers_to("https://github.com/o/r/pull/12#x", 12)
    assert not refers_to("https://github.com/o/r/pull/112", 12) and not refers_to("https://github.com/o/r/issues/12", 12)


def test_the_record_leaves_personal_data_out() -> None:
    from ustaz.bot.discussion import record

    s1 = c("teacher", "Call me on +7 701 123 45 67 about module 2.", "2026-03-17", CommentKind.THREAD)
    answer = c("aigerim-test", "Rejected: write to aigerim@example.kz instead.", "2026-03-18", CommentKind.THREAD,
               reply_to=s1)
    [item] = record(state([s1, answer]))["suggestions"]  # type: ignore[misc]
    assert item["text"] == "Call me on [personal data removed] about module 2."
    assert item["justification"] == "write to [personal data removed] instead."


def test_the_status_comment_speaks_the_centres_languages() -> None:
    from ustaz.bot.report import sticky_comment

    # issue #17: the program's first language (kk) first and open, the centre's others folded below, in order
    body = sticky_comment(state([], today="2026-03-20"), languages=("ky", "ru", "en"))
    kk = body.index("Талқылау 2026-04-02 күнінің соңына дейін жүреді: бүгіннен кейін 6 жұмыс күні қалды")
    ky = body.index("Талкуу 2026-04-02 күнүнүн аягына чейин жүрөт: бүгүндөн кийин 6 жумуш күнү калды")
    ru = body.index("Обсуждение идёт до конца дня 2026-04-02: после сегодняшнего дня осталось рабочих дней: 6")
    en = body.index("The discussion is open until the end of 2026-04-02: 6 working day(s) left after today")
    assert kk < body.index("<details><summary>Кыргызча</summary>") < ky < ru < en
    assert "<details>" not in body[:kk] and body.count("<details>") == 3
    for heading in ("### Қоғамдық талқылау (P-6): `p-1`", "### Коомдук талкуу (P-6): `p-1`",
                    "### Общественное обсуждение (P-6): `p-1`", "### Public discussion (P-6): `p-1`"):
        assert body.count(heading) == 1
    assert body.startswith("<!-- ustaz:public-discussion -->\n### Қоғамдық талқылау")
