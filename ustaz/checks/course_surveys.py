"""Surveys (C-13): every file in <private>/surveys/ is a Google Forms export of a known kind for a
scheduled cohort; a finished cohort has its evaluation survey."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.load import load_courses
from ..courses.surveys import KINDS, SURVEY_PLACE, survey_files, survey_path, survey_summary
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..sourcefile import rel
from ..vocab import SurveyKind
from . import Context, check

SURVEY_MISSING = define("survey-missing", "A finished cohort has no course evaluation survey.", "C-13")


@check
def surveys(ctx: Context) -> Iterator[Finding]:
    private = ctx.project.private_dir
    if private is None or not private.is_dir():
        return
    schedule = load_courses(ctx).schedule
    for cohort, kind, path in survey_files(private):
        shown = rel(path, ctx.root)
        if path.suffix != ".csv" or kind not in KINDS:
            yield error(shown, None, SURVEY_PLACE, t("name survey files {items}", items=' or '.join(k + '.csv' for k in KINDS)))
            continue
        if schedule.get(cohort) is None:
            yield error(shown, None, SURVEY_PLACE, t("cohort {cohort!r} is not in the schedule", cohort=cohort))
        _, findings = survey_summary(ctx.root, private, cohort, kind)
        yield from findings
    if not (private / "surveys").is_dir():
        return  # the centre does not keep surveys here
    for c in schedule.cohorts:
        if c.ends < ctx.today and c.cohort in load_courses(ctx).cohorts \
                and not survey_path(private, c.cohort, SurveyKind.EVALUATION.value).is_file():
            yield warning(c.path, c.line, SURVEY_MISSING,
                          t("cohort {cohort} ended on {ends}; import its course evaluation survey (ustaz course surveys import {cohort} evaluation FILE.csv, C-13)", cohort=c.cohort, ends=c.ends))
