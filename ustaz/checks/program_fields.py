"""program.yml rules: direction (P-1), hours (C-6, K-1, K-3), module sums (P-5 §5), languages."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error
from ..i18n import t
from ..vocab import ProgramKind
from . import Context, check

UNKNOWN_DIRECTION = define("unknown-direction", "A program's direction is not one of the policy's directions.", "P-1")
PROGRAM_HOURS = define("program-hours", "A program's hours differ from the policy's course or retraining hours.", "C-6")
MODULE_HOURS = define("module-hours", "The modules' hours do not add up to the program's hours.", "P-5")
UNKNOWN_LANGUAGE = define("unknown-language", "A program names a language the policy does not offer.")
MISSING_LANGUAGE_FILE = define("missing-language-file", "A language of the program has no program.<lang>.md.")
EXTRA_LANGUAGE_FILE = define("extra-language-file", "A program.<lang>.md exists for a language the program does not list.")
MISSING_TRANSLATION = define("missing-translation", "A title, audience or module title lacks one of the program's languages.")
NO_AUTHORS = define("no-authors", "A program lists no authors.")


@check(scope=("programs",))
def program_fields(ctx: Context) -> Iterator[Finding]:
    policy = ctx.policy
    for bundle in ctx.project.programs:
        p = bundle.program
        if p is None:
            continue
        if p.direction and p.direction not in policy.directions:
            yield error(p.path, p.line_of("direction"), UNKNOWN_DIRECTION,
                        t("direction {direction!r} is not one of the policy's directions (P-1): {directions}", direction=p.direction, directions=", ".join(policy.directions)))
        if p.hours >= 0:
            if p.kind == ProgramKind.COURSE.value and p.hours != policy.course_hours:
                yield error(p.path, p.line_of("hours"), PROGRAM_HOURS,
                            t("a course must last {course_hours} hours under {name}, not {hours}", course_hours=policy.course_hours, name=policy.name, hours=p.hours))
            elif p.kind == ProgramKind.RETRAINING.value and p.hours < policy.retraining_hours:
                yield error(p.path, p.line_of("hours"), PROGRAM_HOURS,
                            t("a retraining program must last at least {retraining_hours} hours under {name}, not {hours}", retraining_hours=policy.retraining_hours, name=policy.name, hours=p.hours))
            if p.modules:
                total = sum(m.hours.total for m in p.modules)
                if total != p.hours:
                    yield error(p.path, p.line_of("modules"), MODULE_HOURS,
                                t("the modules add up to {total} hours (theory + practice + independent) but 'hours' is {hours}; make them equal", total=total, hours=p.hours))
        if not p.authors and "authors" in p.lines:
            yield error(p.path, p.line_of("authors"), NO_AUTHORS, t("list at least one author with name and github login"))
        for lang in p.languages:
            if lang not in policy.program_languages:
                yield error(p.path, p.line_of("languages"), UNKNOWN_LANGUAGE,
                            t("language {lang!r} is not offered by the policy; use one of: {program_languages}", lang=lang, program_languages=", ".join(policy.program_languages)))
            elif lang not in bundle.texts and not _unreadable(ctx, bundle.folder, lang):
                yield error(f"{bundle.folder}/program.{lang}.md", None, MISSING_LANGUAGE_FILE,
                            t("the program lists language {lang!r} but {folder}/program.{lang}.md does not exist; write it or drop the language", lang=lang, folder=bundle.folder))
            for name, values in (("title", p.title), ("audience", p.audience)):
                if name in p.lines and values and lang not in values:
                    yield error(p.path, p.line_of(name), MISSING_TRANSLATION,
                                t("'{name}' has no {lang!r} text; add '{lang}: …'", name=name, lang=lang))
            for i, m in enumerate(p.modules):
                if m.title and lang not in m.title:
                    yield error(p.path, m.line, MISSING_TRANSLATION,
                                t("the title of module {value} has no {lang!r} text; add '{lang}: …'", value=i + 1, lang=lang))
        for lang, text in bundle.texts.items():
            if lang not in p.languages and p.languages:
                yield error(text.path, 1, EXTRA_LANGUAGE_FILE,
                            t("program.{lang}.md exists but 'languages' does not list {lang!r}; add it or remove the file", lang=lang))


def _unreadable(ctx: Context, folder: str, lang: str) -> bool:
    # the file exists but could not be read (it already has an encoding finding)
    return (ctx.root / folder / f"program.{lang}.md").exists()
