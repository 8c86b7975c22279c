"""The final test and the presentation of creative projects (C-14): final.yml is well formed, names the
cohort's listeners, and no listener is scored for a project that was never presented."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.final import FINAL_FILE, load_final
from ..courses.load import load_courses
from ..courses.scoring import UNKNOWN_LISTENER
from ..findings import Finding, define, error, warning
from ..i18n import t
from . import Context, check

FINAL_DATE = define("final-date", "The final test or a project's presentation is dated before the course starts.",
                    "C-14")
FINAL_DUPLICATE = define("final-project-duplicate", "A listener has two projects in final.yml.", "C-14")
PROJECT_NOT_PRESENTED = define("project-not-presented", "A listener has project points for a project that was "
                               "never presented.", "C-14")
FINAL_MISSING = define("final-missing", "A finished course with project points has no final.yml (the final test's "
                       "date and the projects).", "C-14")


@check
def final_assessment(ctx: Context) -> Iterator[Finding]:
    private = ctx.project.private_dir
    if private is None:
        return
    for cohort in load_courses(ctx).cohorts.values():
        final, findings = load_final(ctx.root, private, cohort.id)
        yield from findings
        sched = cohort.schedule
        scored = [r for r in cohort.scores if r.project]  # points above 0: a project was defended
        if final is None:
            if sched is not None and ctx.today > sched.ends and scored and not findings:
                yield warning(cohort.file(FINAL_FILE), None, FINAL_MISSING,
                              t("cohort {id} ended on {ends} and {count} listener(s) have project points; record the final test's date and each project's title and presentation day in {file} (C-14)", id=cohort.id, ends=sched.ends, count=len(scored), file=cohort.file(FINAL_FILE)))
            continue
        if sched is not None:
            if final.test is not None and final.test < sched.starts:
                yield error(final.path, final.test_line, FINAL_DATE,
                            t("the final test on {test} is before the course starts on {starts}", test=final.test, starts=sched.starts))
            for p in final.projects:
                if p.presented is not None and p.presented < sched.starts:
                    yield error(final.path, p.line, FINAL_DATE,
                                t("{listener}'s project is presented on {presented}, before the course starts on {starts}", listener=p.listener, presented=p.presented, starts=sched.starts))
        known = cohort.listener_map
        seen: dict[str, int] = {}
        for p in final.projects:
            if p.listener not in known:
                yield error(final.path, p.line, UNKNOWN_LISTENER,
                            t("listener {listener!r} is not in listeners.csv; fix the id or add the listener", listener=p.listener))
            elif p.listener in seen:
                yield error(final.path, p.line, FINAL_DUPLICATE,
                            t("listener {listener!r} already has a project on line {seen}; keep one", listener=p.listener, seen=seen[p.listener]))
            seen.setdefault(p.listener, p.line)
        for row in scored:
            if row.listener in known and not final.presented(row.listener):
                project = final.project_of(row.listener)
                what = t("«{title}» has no presentation date", title=project.title) if project else t("has no project in final.yml")
                yield error(cohort.file("scores.csv"), row.line, PROJECT_NOT_PRESENTED,
                            t("{listener} has {project} project points, but their project {what}; points are given for a presented project (C-14): record the day it was presented in {path} or set the points to 0", listener=row.listener, project=row.project, what=what, path=final.path))
