"""P-6: how an author's reply is read — accepted, or rejected with a justification, in kk/ru/en/ky."""

from __future__ import annotations

import pytest

from ustaz.bot.answers import parse_answer
from ustaz.vocab import Response


@pytest.mark.parametrize("body", ["Accepted", "accepted.", "Accepted — will add it.", "Қабылданды. Қосамыз.",
                                  "ПРИНЯТО!", "Принято, спасибо", "Кабыл алынды", "  \nAccepted",
                                  "@teacher-demo Принято", "@a, @b: **Accepted**", "_Қабылданды_"])
def test_p6_acceptance_keywords(body: str) -> None:
    answer = parse_answer(body)
    assert answer is not None and answer.response is Response.ACCEPTED and answer.valid


@pytest.mark.parametrize(("body", "reason"), [
    ("Rejected: out of scope for an 80-hour course.", "out of scope for an 80-hour course."),
    ("Қабылданбады: бұл тақырып 3-модульде бар.", "бұл тақырып 3-модульде бар."),
    ("Отклонено:\nPython изучается во второй части.\nСм. модуль 3.", "Python изучается во второй части.\nСм. модуль 3."),
    ("rejected : see https://example.org/standard", "see https://example.org/standard"),
    ("Четке кагылды: программа башка деңгээлге арналган.", "программа башка деңгээлге арналган."),
    ("@teacher-demo **Rejected**: out of scope.", "out of scope."),
])
def test_p6_rejection_with_a_justification(body: str, reason: str) -> None:
    answer = parse_answer(body)
    assert answer is not None and answer.response is Response.REJECTED
    assert answer.justification == reason and answer.valid


@pytest.mark.parametrize("body", ["Rejected", "Отклонено.", "Қабылданбады:", "Rejected: ...",
                                  "Rejected: https://github.com/o/r/pull/1#issuecomment-5"])
def test_p6_rejection_without_a_justification_is_not_an_answer(body: str) -> None:
    answer = parse_answer(body)
    assert answer is not None and answer.response is Response.REJECTED
    assert answer.justification == "" and not answer.valid


@pytest.mark.parametrize("body", ["Thanks, we will think about it", "Acceptedly so", "I have accepted it",
                                  "> Accepted\n", "Принятое решение", ""])
def test_p6_other_replies_are_not_answers(body: str) -> None:
    assert parse_answer(body) is None


def test_quote_and_links_say_which_suggestion_is_answered() -> None:
    answer = parse_answer("> Add   a module\n> on sensors.\n\nAccepted, see #discussion_r12 and #issuecomment-34")
    assert answer is not None
    assert answer.quoted == "add a module on sensors."
    assert answer.links == frozenset({12, 34})
