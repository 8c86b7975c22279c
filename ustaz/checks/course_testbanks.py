"""Test banks (C-7): size and shape of each bank, a bank per language of every program that a
current cohort is taught in."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.load import load_courses
from ..courses.testbank import bank_paths, load_test_bank
from ..findings import Finding, define, error, warning
from ..i18n import t
from . import Context, check

TESTBANK_MISSING = define("testbank-missing", "A cohort that has not ended yet has no test bank for its program and "
                          "language.", "C-7")
TESTBANK_LANGUAGE = define("testbank-language", "A test bank is for a program or language that does not exist.", "C-7")


@check
def check_test_banks(ctx: Context) -> Iterator[Finding]:
    private = ctx.project.private_dir
    if private is None or not private.is_dir():
        return
    programs = ctx.project.program_map
    have: set[tuple[str, str]] = set()
    for program_id, lang, path in bank_paths(private):
        bank, findings = load_test_bank(ctx.root, path, program_id, lang, ctx.policy)
        yield from findings
        shown = bank.path if bank else path.as_posix()
        program = programs.get(program_id)
        if program is None:
            yield error(shown, None, TESTBANK_LANGUAGE, t("there is no program {program_id!r} in programs/", program_id=program_id))
        elif lang not in program.languages:
            yield error(shown, None, TESTBANK_LANGUAGE,
                        t("program {program_id} is offered in {languages}, not {lang!r}", program_id=program_id, languages=', '.join(program.languages), lang=lang))
        have.add((program_id, lang))
    for c in load_courses(ctx).schedule.cohorts:
        offered = c.program in programs and c.language in programs[c.program].languages  # else schedule-*
        if c.ends >= ctx.today and (c.program, c.language) not in have and offered:
            yield warning(c.path, c.line, TESTBANK_MISSING,
                          t("cohort {cohort} has no test bank <private>/programs/{program}/tests.{language}.yml ({test_bank_questions} questions × {test_bank_options} options, C-7)", cohort=c.cohort, program=c.program, language=c.language, test_bank_questions=ctx.policy.test_bank_questions, test_bank_options=ctx.policy.test_bank_options))
