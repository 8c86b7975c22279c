"""The course diary (C-12): a post for every course day in each of the policy's `diary.languages`, on
course days of a scheduled cohort, and no listener named in it (the diary is public; the names are in the
cohort's private list). Days are due from the first cohort that has a diary on; before a centre keeps any,
only a running course is reminded."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..courses.attendance import course_days
from ..courses.cohort import Cohort
from ..courses.diary import DIARY_DIR, Diary, load_diaries
from ..courses.load import load_courses
from ..findings import Finding, define, error, warning
from ..i18n import t
from . import Context, check

DIARY_COHORT = define("diary-cohort", "A course diary is for a cohort that is not in the schedule.", "C-12")
DIARY_DATE = define("diary-date", "A diary entry is dated on a day that is not a course day, or twice.", "C-12")
DIARY_DAY_MISSING = define("diary-day-missing", "A course day so far has no diary post in one of the policy's "
                           "diary languages.", "C-12")
DIARY_PERSONAL = define("diary-personal-data", "A diary post names a listener of the cohort or holds an identity "
                        "number.", "C-12")

_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
MIN_NAME_CHARS = 3  # shorter surnames would match ordinary words


def diary_languages(ctx: Context) -> tuple[str, ...]:
    return ctx.policy.diary.languages


@check(scope=("data",))
def course_diary(ctx: Context) -> Iterator[Finding]:
    languages = diary_languages(ctx)
    diaries, findings = load_diaries(ctx.root, languages)
    yield from findings
    courses = load_courses(ctx)
    by_cohort = {d.cohort: d for d in diaries}
    for diary in diaries:
        sched = courses.schedule.get(diary.cohort)
        if sched is None:
            yield error(diary.path, 1, DIARY_COHORT,
                        t("cohort {cohort!r} is not in data/schedule/<year>.csv; name the file after a cohort", cohort=diary.cohort))
            continue
        days = set(course_days(ctx.calendar, sched.starts, sched.ends))
        seen: dict[object, int] = {}
        for e in diary.entries:
            if e.date not in days:
                yield error(diary.path, e.line, DIARY_DATE,
                            t("{date} is not a course day of {cohort} ({starts} … {ends}, working days)", date=e.date, cohort=diary.cohort, starts=sched.starts, ends=sched.ends))
            elif e.date in seen:
                yield error(diary.path, e.line, DIARY_DATE,
                            t("{date} already has an entry on line {seen}; merge them", date=e.date, seen=seen[e.date]))
            seen.setdefault(e.date, e.line)
        cohort = courses.cohorts.get(diary.cohort)
        if cohort is not None:
            yield from _personal_data(diary, cohort)
    # Cohorts that started before the centre's first diary are history from before it kept one; a centre that
    # keeps none yet is reminded while a course runs.
    kept = [s.starts for s in courses.schedule.cohorts if s.cohort in by_cohort]
    since = min(kept) if kept else None
    for sched in courses.schedule.cohorts:
        if sched.starts > ctx.today or sched.starts > sched.ends:
            continue
        if since is None and sched.ends < ctx.today or since is not None and sched.starts < since:
            continue
        found = by_cohort.get(sched.cohort)
        due = list(course_days(ctx.calendar, sched.starts, min(sched.ends, ctx.today)))
        if found is None:
            if due:
                yield warning(f"{DIARY_DIR}/{sched.cohort}.yml", None, DIARY_DAY_MISSING,
                              t("cohort {cohort} has had {count} course day(s) since {starts} and no diary; post about every course day in {languages} (C-12)", cohort=sched.cohort, count=len(due), starts=sched.starts, languages=', '.join(languages)))
            continue
        for day in due:
            entry = found.entry_on(day)
            lacking = [lang for lang in languages if entry is None or lang not in entry.posts]
            if lacking:
                yield warning(found.path, entry.line if entry else None, DIARY_DAY_MISSING,
                              t("course day {day} of {cohort} has no diary post in {lacking} (C-12)", day=day, cohort=sched.cohort, lacking=', '.join(lacking)))


def _personal_data(diary: Diary, cohort: Cohort) -> Iterator[Finding]:
    names = [(lst.listener, re.compile(rf"(?<!\w){re.escape(lst.surname)}(?!\w)", re.IGNORECASE))
             for lst in cohort.listeners if len(lst.surname) >= MIN_NAME_CHARS]
    for e in diary.entries:
        for lang, post in e.posts.items():
            text = f"{post.title}\n{post.text}"
            # the finding names the listener's id, never the name: findings may be pasted into public issues
            for listener, pattern in names:
                if pattern.search(text):
                    yield error(diary.path, e.line, DIARY_PERSONAL,
                                t("the {lang} post of {date} names listener {listener} of {id}; the diary is public: write about the course, not about a person", lang=lang, date=e.date, listener=listener, id=cohort.id))
            if _IIN.search(text):
                yield error(diary.path, e.line, DIARY_PERSONAL,
                            t("the {lang} post of {date} holds a 12-digit number like an identity number; remove it", lang=lang, date=e.date))
