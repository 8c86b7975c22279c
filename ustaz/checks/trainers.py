"""Trainers (C-4, C-5): categories and experience, languages and programs against the schedule,
bank account codes (IBAN) and documents before the courses they teach start."""

from __future__ import annotations

from collections.abc import Iterator

from .. import i18n
from ..courses.load import load_courses
from ..courses.trainers import TRAINER_ID, Trainer, load_details, load_roster
from ..findings import Finding, define, error, warning
from ..ids import iban_problem
from ..vocab import TrainerCategory
from . import Context, check

TRAINER_EXPERIENCE = define("trainer-experience", "A specialist trainer has less experience than the policy requires.",
                            "C-4")
TRAINER_PROGRAM = define("trainer-program", "A trainer's program does not exist or is not offered in any of the "
                         "trainer's languages.", "C-4")
TRAINER_IBAN = define("trainer-iban", "A trainer's bank account code is not a valid IBAN of the policy's length and "
                      "country.", "C-5")
TRAINER_DOCUMENTS_MISSING = define("trainer-documents", "A trainer's documents are incomplete (an error once a course "
                                   "they teach has started).", "C-5")
SCHEDULE_NO_TRAINER = define("schedule-no-trainer", "No trainer of the roster teaches a scheduled cohort's program in "
                             "its language.", "C-4")


@check
def trainers(ctx: Context) -> Iterator[Finding]:
    roster, findings = load_roster(ctx.root)
    yield from findings
    if roster is None:
        return
    policy = ctx.policy
    programs = ctx.project.program_map
    for t in roster:
        if t.category == TrainerCategory.SPECIALIST.value and t.experience_years is not None \
                and t.experience_years < policy.trainer_min_experience_years:
            yield error(t.path, t.line, TRAINER_EXPERIENCE,
                        i18n.t("trainer {id} is a specialist with {experience_years} year(s) of experience; specialists need at least {trainer_min_experience_years} (C-4)", id=t.id, experience_years=t.experience_years, trainer_min_experience_years=policy.trainer_min_experience_years))
        if t.category == TrainerCategory.TEACHER.value and t.experience_years == 0:
            yield warning(t.path, t.line, TRAINER_EXPERIENCE,
                          i18n.t("trainer {id} is a teacher with no experience in the program's profile; C-4 asks for teachers with work experience in it", id=t.id))
        for pid in t.programs:
            program = programs.get(pid)
            if program is None:
                yield error(t.path, t.line, TRAINER_PROGRAM, i18n.t("trainer {id}: there is no program {pid!r}", id=t.id, pid=pid))
            elif t.languages and not set(t.languages) & set(program.languages):
                yield error(t.path, t.line, TRAINER_PROGRAM,
                            i18n.t("trainer {id} teaches in {languages} but {pid} is offered in {languages2} (C-4: trainers per language of instruction)", id=t.id, languages=', '.join(t.languages), pid=pid, languages2=', '.join(program.languages)))
    schedule = load_courses(ctx).schedule
    for c in schedule.cohorts:
        offered = c.program in programs and c.language in programs[c.program].languages  # else schedule-*
        if offered and c.ends >= ctx.today and not any(_teaches(t, c.program, c.language) for t in roster):
            yield warning(c.path, c.line, SCHEDULE_NO_TRAINER,
                          i18n.t("no trainer in data/trainers.csv teaches {program} in {language!r} for cohort {cohort}", program=c.program, language=c.language, cohort=c.cohort))
    details, findings = load_details(ctx.root, ctx.project.private_dir)
    yield from findings
    if details is None:
        return
    by_id = {t.id: t for t in roster}
    have: set[str] = set()
    for d in details:
        if d.trainer not in by_id:
            yield error(d.path, d.line, TRAINER_ID, i18n.t("trainer {trainer!r} is not in data/trainers.csv", trainer=d.trainer))
            continue
        have.add(d.trainer)
        problem = iban_problem(d.iban, policy.country, policy.iban_length) if d.iban else i18n.t("the IBAN is empty")
        if problem:
            yield error(d.path, d.line, TRAINER_IBAN,
                        i18n.t("trainer {trainer}: {problem} (C-5); copy the account code from the bank's letter", trainer=d.trainer, problem=problem))
        missing = d.missing_documents
        if missing:
            yield from _documents(ctx, by_id[d.trainer], missing, d.path, d.line)
    for t in roster:
        if t.id not in have:
            yield from _documents(ctx, t, ["identity document, diploma and IBAN (no row in the private trainers.csv)"],
                                  t.path, t.line)


def _teaches(t: Trainer, program: str, language: str) -> bool:
    return program in t.programs and language in t.languages


def _documents(ctx: Context, t: Trainer, missing: list[str], path: str, line: int) -> Iterator[Finding]:
    cohorts = [c for c in load_courses(ctx).schedule.cohorts if _teaches(t, c.program, c.language) and c.ends >= ctx.today]
    if not cohorts:
        return
    first = min(cohorts, key=lambda c: c.starts)
    message = (i18n.t("trainer {id} lacks: {missing}; the documents go to the procurement specialist before cohort {cohort} starts on {starts} (C-5)", id=t.id, missing=', '.join(missing), cohort=first.cohort, starts=first.starts))
    yield (error if first.starts <= ctx.today else warning)(path, line, TRAINER_DOCUMENTS_MISSING, message)
