"""C-9 (a chat per language and group) and C-10 (practical-session materials prepared with the trainers):
each is a warning from the policy's `course_preparation.days_before_start` before the course starts, and a
row that names another group or an unknown trainer is an error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ustaz.checks import Context, run
from ustaz.project import Project

RU = "examples/private/cohorts/2026-rb-ru-01"  # group 1 in ru, 2026-11-30 … 2026-12-11
KK = "examples/private/cohorts/2026-rb-kk-01"  # ended 2026-10-20


def _found(project: Path, today: str, codes: tuple[str, ...]) -> list[tuple[str, str, int | None, str]]:
    ctx = Context(project=Project.load(project), today=dt.date.fromisoformat(today))
    return [(f.code, f.path, f.line, f.severity.value) for f in run(ctx) if f.code in codes]


CHAT = ("cohort-chat-missing", "cohort-chat-group")
MATERIALS = ("cohort-materials-missing", "cohort-materials-trainer")


def test_c9_the_shipped_cohorts_have_their_chats(project: Path) -> None:
    assert _found(project, "2026-11-23", CHAT) == []


@pytest.mark.parametrize("content", ["", "language,group,platform,url\n",
                                     "language,group,platform,url\nkk,1,Telegram,https://t.me/x\n",
                                     "language,group,platform,url\nru,2,Telegram,https://t.me/x\n"])
def test_c9_a_cohort_without_its_chat_warns_from_a_week_before_the_start(project: Path, content: str) -> None:
    chats = project / RU / "chats.csv"
    if content:
        chats.write_text(content, encoding="utf-8")
    else:
        chats.unlink()
    # the week is the policy's value: 2026-11-30 − 7 days
    assert not [f for f in _found(project, "2026-11-22", CHAT) if f[0] == "cohort-chat-missing"]
    for day in ("2026-11-23", "2026-11-30", "2026-12-11"):
        assert ("cohort-chat-missing", f"{RU}/chats.csv", None, "warning") in _found(project, day, CHAT)
    assert not [f for f in _found(project, "2026-12-12", CHAT) if f[0] == "cohort-chat-missing"]
    wrong = _found(project, "2026-11-01", CHAT)  # a chat of another language or group: an error at any time
    assert wrong == ([("cohort-chat-group", f"{RU}/chats.csv", 2, "error")] if "t.me/x" in content else [])


def test_c9_the_week_is_a_policy_value(project: Path) -> None:
    (project / RU / "chats.csv").unlink()
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "course_preparation:\n  days_before_start: 14\n",
                      encoding="utf-8")
    assert _found(project, "2026-11-16", CHAT) == [("cohort-chat-missing", f"{RU}/chats.csv", None, "warning")]
    assert _found(project, "2026-11-15", CHAT) == []


def test_c10_every_item_must_be_ready_and_agreed_with_a_known_trainer(project: Path) -> None:
    path = project / RU / "materials.csv"
    path.write_text("item,trainer,ready,agreed\nA,ivan-primer,true,true\nB,ivan-primer,false,true\n"
                    "C,ivan-primer,true,false\nD,nobody,true,true\n", encoding="utf-8")
    shown = f"{RU}/materials.csv"
    assert _found(project, "2026-11-23", MATERIALS) == [
        ("cohort-materials-missing", shown, 3, "warning"), ("cohort-materials-missing", shown, 4, "warning"),
        ("cohort-materials-trainer", shown, 5, "error")]
    # before the preparation window only the unknown trainer is reported
    assert _found(project, "2026-11-01", MATERIALS) == [("cohort-materials-trainer", shown, 5, "error")]


def test_c10_a_cohort_without_a_checklist_warns(project: Path) -> None:
    (project / RU / "materials.csv").unlink()
    (project / KK / "materials.csv").unlink()  # ended: nothing to prepare any more
    assert _found(project, "2026-11-23", MATERIALS) == [
        ("cohort-materials-missing", f"{RU}/materials.csv", None, "warning")]
