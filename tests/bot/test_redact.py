"""Personal data in a comment does not reach discussion.yml (the public tree)."""

from __future__ import annotations

import pytest

from ustaz.bot.redact import REMOVED, redact


@pytest.mark.parametrize(("text", "left"), [
    ("write to aigerim.t@mail.example.kz", "write to "), ("ИИН 900101300123 менің", "ИИН  менің"),
    ("call +7 701 123 45 67", "call "), ("тел. 8 (701) 123-45-67.", "тел. ."), ("iin:900101300123", "iin:"),
    ("87011234567 or +996 555 123 456", " or ")])
def test_personal_data_is_replaced(text: str, left: str) -> None:
    assert redact(text).replace(REMOVED, "") == left


@pytest.mark.parametrize("text", ["see https://github.com/o/r/pull/1#issuecomment-1234567890123",
                                  "80 hours, 2026-03-17, module 2", "@aigerim-test please", "ISBN 978-601-7000-00",
                                  "2020-2026 жылдар, 80 сағат"])
def test_other_text_is_left_alone(text: str) -> None:
    assert redact(text) == text
