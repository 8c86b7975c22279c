"""One teacher id across the staff's files (ustaz/teachers/identity.py): a listener's `teacher` must be the id its
IIN gives under the centre's key; a support plan that names a teacher by such an id must find it in a cohort."""

from __future__ import annotations

from collections.abc import Iterator

from ..courses.load import load_courses
from ..findings import Finding, define, error, warning
from ..i18n import t
from ..teachers.identity import KEY_FILE, TEACHER_ID, TeacherKeyError, load_key, teacher_id
from . import Context, check

TEACHER_ID_MISMATCH = define("teacher-id", "A listener's teacher id is not the one derived from their IIN with the "
                                           "centre's key (or there is no key to derive it).", "C-3")
TEACHER_ID_UNKNOWN = define("teacher-id-unknown", "A support plan names a teacher id that no cohort's listener has.",
                            "S-1")


@check
def teacher_ids(ctx: Context) -> Iterator[Finding]:
    private = ctx.project.private_dir
    if private is None:
        return
    try:
        key = load_key(private)
    except TeacherKeyError as exc:
        yield error(f"{private.name}/{KEY_FILE}", None, TEACHER_ID_MISMATCH, str(exc))
        return
    known: set[str] = set()
    for cohort in load_courses(ctx).cohorts.values():
        for lst in cohort.listeners:
            if not lst.teacher:
                continue
            known.add(lst.teacher)
            if key is None:
                yield error(lst.path, lst.line, TEACHER_ID_MISMATCH,
                            t("listener {listener} has a teacher id but the private tree has no {key_file}, so it cannot be checked; restore the key from the private tree's backup", listener=lst.listener, key_file=KEY_FILE))
            elif lst.iin and lst.teacher != teacher_id(lst.iin, key):
                yield error(lst.path, lst.line, TEACHER_ID_MISMATCH,
                            t("listener {listener}: the teacher id {teacher!r} is not the one their IIN gives ({teacher_id}); write that one (`ustaz teachers id IIN` prints it)", listener=lst.listener, teacher=lst.teacher, teacher_id=teacher_id(lst.iin, key)))
    for plan in ctx.support.plans:
        if TEACHER_ID.match(plan.teacher) and plan.teacher not in known:
            yield warning(plan.path, plan.line_of("teacher"), TEACHER_ID_UNKNOWN,
                          t("the plan's teacher {teacher!r} is no listener's teacher id in any cohort; take the id from the cohort's listeners.csv (or `ustaz teachers id IIN`)", teacher=plan.teacher))
