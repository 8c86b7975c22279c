"""Preparing a cohort (C-9, C-10): its chat per language and group, and its practical-session materials
agreed with the trainers, both due from the policy's `course_preparation.days_before_start` days before the
course starts (warnings: a gap in the preparation, not wrong data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..courses.chats import load_chats
from ..courses.load import load_courses
from ..courses.materials import load_materials
from ..courses.schedule import ScheduledCohort
from ..courses.trainers import load_roster
from ..findings import Finding, define, error, warning
from ..i18n import t
from . import Context, check

CHAT_MISSING = define("cohort-chat-missing", "A cohort about to start has no chat for its language and group.", "C-9")
CHAT_OTHER_GROUP = define("cohort-chat-group", "A chat of a cohort is for another language or group than the "
                          "cohort's schedule row.", "C-9")
MATERIALS_MISSING = define("cohort-materials-missing", "A cohort about to start has practical-session materials "
                           "not ready or not agreed with the trainers, or no checklist.", "C-10")
MATERIALS_TRAINER = define("cohort-materials-trainer", "A materials item names a trainer who is not in "
                           "data/trainers.csv.", "C-10")


def preparation_due(sched: ScheduledCohort, days_before: int) -> dt.date:
    """The day from which a cohort's chat and materials must be ready."""
    return sched.starts - dt.timedelta(days=days_before)


def in_preparation_window(sched: ScheduledCohort, today: dt.date, days_before: int) -> bool:
    return preparation_due(sched, days_before) <= today <= sched.ends


@check
def cohort_preparation(ctx: Context) -> Iterator[Finding]:
    private = ctx.project.private_dir
    if private is None:
        return
    days_before = ctx.policy.course_preparation.days_before_start
    roster, _ = load_roster(ctx.root)  # trainers.py reports the roster's own findings
    trainers = {t.id for t in roster} if roster is not None else None
    for cohort in load_courses(ctx).cohorts.values():
        sched = cohort.schedule
        if sched is None:  # cohort-unscheduled says so
            continue
        due = preparation_due(sched, days_before)
        window = in_preparation_window(sched, ctx.today, days_before)
        chats, chats_path, findings = load_chats(ctx.root, private, cohort.id)
        yield from findings
        for chat in chats or ():
            if (chat.language, chat.group) != (sched.language, sched.group):
                yield error(chat.path, chat.line, CHAT_OTHER_GROUP,
                            t("cohort {id} is group {group} in {language!r} ({path}:{line}), not group {group2} in {language2!r}; record each group's chat in its own cohort folder", id=cohort.id, group=sched.group, language=sched.language, path=sched.path, line=sched.line, group2=chat.group, language2=chat.language))
        if window and not any((c.language, c.group) == (sched.language, sched.group) for c in chats or ()):
            yield warning(chats_path, None, CHAT_MISSING,
                          t("cohort {id} starts on {starts} and has no chat for group {group} in {language!r} (due by {due}, C-9); add a row '{language},{group},PLATFORM,URL' to {chats_path}", id=cohort.id, starts=sched.starts, group=sched.group, language=sched.language, due=due, chats_path=chats_path))
        items, materials_path, findings = load_materials(ctx.root, private, cohort.id)
        yield from findings
        for item in items or ():
            if trainers is not None and item.trainer not in trainers:
                yield error(item.path, item.line, MATERIALS_TRAINER,
                            t("trainer {trainer!r} of «{item}» is not in data/trainers.csv", trainer=item.trainer, item=item.item))
            if window and not item.done:
                lacking = " and ".join(w for w, ok in (("ready", item.ready), ("agreed with the trainer", item.agreed))
                                       if not ok)
                yield warning(item.path, item.line, MATERIALS_MISSING,
                              t("«{item}» for cohort {id} is not {lacking} ({trainer}); practical materials are prepared with the trainers by {due} (C-10)", item=item.item, id=cohort.id, lacking=lacking, trainer=item.trainer, due=due))
        if window and not items:
            yield warning(materials_path, None, MATERIALS_MISSING,
                          t("cohort {id} starts on {starts} and has no checklist of practical-session materials agreed with its trainers (due by {due}, C-10); write {materials_path}", id=cohort.id, starts=sched.starts, due=due, materials_path=materials_path))
