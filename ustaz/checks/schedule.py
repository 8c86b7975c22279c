"""The annual schedule (C-2): each row's program, language, dates, region, format, capacity and its
agreement by the start date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..courses.load import load_courses
from ..courses.schedule import ScheduledCohort
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..model.program import Program
from ..vocab import REGIONS, Event, Form, Language
from . import Context, check

SCHEDULE_PROGRAM = define("schedule-program", "A scheduled program does not exist or is not approved by the start.",
                          "C-2")
SCHEDULE_LANGUAGE = define("schedule-language", "A cohort's language is not one its program offers.", "C-7")
SCHEDULE_DATES = define("schedule-dates", "A cohort's dates are reversed, hold no working day, or lie in another year "
                        "than the file.", "C-2")
SCHEDULE_REGION = define("schedule-region", "A region is not an ISO 3166-2 code of Kazakhstan or Kyrgyzstan.", "C-2")
SCHEDULE_FORMAT = define("schedule-format", "A cohort's format is unknown or differs from its program's form.", "C-2")
SCHEDULE_HOURS = define("schedule-hours", "A cohort has more of its program's hours per course day than the policy's "
                        "maximum.", "C-2")
SCHEDULE_NOT_AGREED = define("schedule-not-agreed", "A cohort starts (or has started) without the schedule being "
                             "agreed.", "C-2")


@check(scope=("data/schedule",))
def schedule_rows(ctx: Context) -> Iterator[Finding]:
    courses = load_courses(ctx)
    programs = ctx.project.program_map
    forms = [f.value for f in Form]
    langs = [v.value for v in Language]
    standing = {pid: _standing(program) for pid, program in programs.items()}
    spans: dict[tuple[dt.date, dt.date], tuple[int, bool]] = {}  # (course days, starts on a working day)
    for c in courses.schedule.cohorts:
        program = programs.get(c.program)
        span = None
        if c.ends >= c.starts:
            span = spans.get((c.starts, c.ends))
            if span is None:
                span = spans[(c.starts, c.ends)] = (len(ctx.calendar.days_in(c.starts, c.ends)),
                                                     ctx.calendar.is_working_day(c.starts))
        yield from _program(c, program, standing.get(c.program), langs)
        yield from _dates(c, span)
        yield from _hours(ctx, c, program, span)
        if c.region not in REGIONS:
            yield error(c.path, c.line, SCHEDULE_REGION,
                        t("region {region!r} is not an ISO 3166-2 code; use e.g. KZ-71 (Astana), KZ-75 (Almaty), KG-GB (Bishkek)", region=c.region))
        elif not c.region.startswith(ctx.policy.country + "-"):
            yield warning(c.path, c.line, SCHEDULE_REGION,
                          t("region {region} ({regions}) is not in {country}, the policy's country; check the code", region=c.region, regions=REGIONS[c.region], country=ctx.policy.country))
        if c.format not in forms:
            yield error(c.path, c.line, SCHEDULE_FORMAT, t("format {format!r} is not one of: {forms}", format=c.format, forms=', '.join(forms)))
        elif program is not None and program.form and c.format != program.form:
            yield warning(c.path, c.line, SCHEDULE_FORMAT,
                          t("cohort {cohort} runs {format} but program {program} is approved as {form}", cohort=c.cohort, format=c.format, program=c.program, form=program.form))
        if c.agreed is False:
            if ctx.today >= c.starts:
                yield error(c.path, c.line, SCHEDULE_NOT_AGREED,
                            t("cohort {cohort} starts on {starts} but its schedule row is not agreed with the authorised body and the education departments (C-2); agree it and set agreed to true", cohort=c.cohort, starts=c.starts))
            elif ctx.calendar.working_days_between(ctx.today, c.starts) <= ctx.policy.deadline_warning_working_days:
                yield warning(c.path, c.line, SCHEDULE_NOT_AGREED,
                              t("cohort {cohort} starts on {starts} and is not agreed yet (C-2)", cohort=c.cohort, starts=c.starts))


def _standing(program: Program) -> tuple[dt.date | None, dt.date | None]:
    """The program's first approval and first revocation, if any (a cohort is taught from the one, not after
    the other): computed once a program, not once a cohort."""
    approved = [e.date for e in program.events(Event.APPROVED)]
    revoked = [e.date for e in program.events(Event.REVOKED)]
    return (min(approved) if approved else None), (min(revoked) if revoked else None)


def _program(c: ScheduledCohort, program: Program | None,
             standing: tuple[dt.date | None, dt.date | None] | None, langs: list[str]) -> Iterator[Finding]:
    if program is None or standing is None:
        yield error(c.path, c.line, SCHEDULE_PROGRAM,
                    t("program {program!r} does not exist in programs/; fix the id", program=c.program))
        return
    approved, revoked = standing
    if approved is None or approved > c.starts:
        yield error(c.path, c.line, SCHEDULE_PROGRAM,
                    t("cohort {cohort} starts on {starts} but program {program} is not approved by then (P-10); only approved programs are taught", cohort=c.cohort, starts=c.starts, program=c.program))
    elif revoked is not None and revoked <= c.starts:
        yield error(c.path, c.line, SCHEDULE_PROGRAM,
                    t("program {program} is revoked before cohort {cohort} starts on {starts}", program=c.program, cohort=c.cohort, starts=c.starts))
    if c.language not in langs:
        yield error(c.path, c.line, SCHEDULE_LANGUAGE, t("language {language!r} is not one of: {langs}", language=c.language, langs=', '.join(langs)))
    elif c.language not in program.languages:
        yield error(c.path, c.line, SCHEDULE_LANGUAGE,
                    t("program {program} is offered in {languages}, not {language!r}", program=c.program, languages=', '.join(program.languages), language=c.language))


def _dates(c: ScheduledCohort, span: tuple[int, bool] | None) -> Iterator[Finding]:
    year = c.path.rsplit("/", 1)[-1].removesuffix(".csv")
    if span is None:
        yield error(c.path, c.line, SCHEDULE_DATES, t("cohort {cohort} ends on {ends}, before it starts on {starts}", cohort=c.cohort, ends=c.ends, starts=c.starts))
        return
    if str(c.starts.year) != year:
        yield error(c.path, c.line, SCHEDULE_DATES,
                    t("cohort {cohort} starts in {year}; move it to data/schedule/{year}.csv", cohort=c.cohort, year=c.starts.year))
    days, starts_working = span
    if not days:
        yield error(c.path, c.line, SCHEDULE_DATES,
                    t("cohort {cohort} has no working day from {starts} to {ends}", cohort=c.cohort, starts=c.starts, ends=c.ends))
    elif not starts_working:
        yield warning(c.path, c.line, SCHEDULE_DATES, t("cohort {cohort} starts on {starts}, not a working day", cohort=c.cohort, starts=c.starts))


def _hours(ctx: Context, c: ScheduledCohort, program: Program | None, span: tuple[int, bool] | None
           ) -> Iterator[Finding]:
    if program is None or program.hours <= 0 or span is None:
        return
    days = span[0]
    per_day = ctx.policy.max_course_hours_per_day
    if days and per_day and program.hours > per_day * days:
        needed = -(-program.hours // per_day)
        yield warning(c.path, c.line, SCHEDULE_HOURS,
                      t("cohort {cohort} has {days} course day(s) for {hours} hours of {program}, more than {per_day} a day; give it at least {needed} course days", cohort=c.cohort, days=days, hours=program.hours, program=c.program, per_day=per_day, needed=needed))
