"""`ustaz export docx` (P-7) and `ustaz export package` (P-8): thin adapters over ustaz.documents."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..documents import codes as _codes  # noqa: F401  (registers the finding codes)
from ..findings import Finding, render, sort_key
from ..i18n import N_, t
from ..project import Project
from ..vocab import Language
from ..writefile import write_atomic
from .app import fail, project_root
from .groups import export_group

if TYPE_CHECKING:
    from ..checks import Context

LANGUAGES = [lang.value for lang in Language]


def load_program(program_id: str) -> tuple[Project, list[Finding]]:
    """The project, or exit: 2 when there is no such program folder, 1 when its program.yml is unusable."""
    root = project_root()
    project = Project.load(root)
    if project.bundle(program_id) is not None:
        return project, []
    folder = f"programs/{program_id}"
    if not (root / folder).is_dir():
        known = ", ".join(sorted(project.program_map)) or "none"
        fail(t("there is no program {program_id!r} (no folder {folder}/); programs: {known}", program_id=program_id, folder=folder, known=known))
    broken = [f for f in project.load_findings if f.path.startswith(folder + "/")]
    return project, broken


def report(findings: list[Finding] | tuple[Finding, ...], fmt: str = "text") -> int:
    """Print findings like `ustaz check`; return the exit status (1 when any is an error)."""
    items = sorted(set(findings), key=sort_key)
    out = render(items, fmt)
    if out:
        click.echo(out)
    return 1 if any(f.is_error for f in items) else 0


def relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@export_group.command("docx")
@click.argument("program")
@click.option("--lang", help="The language of the text (default: the program's first language).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .docx to write (default: out/<program>.<lang>.docx).")
def export_docx(program: str, lang: str | None, output: Path | None) -> None:
    """The program as a .docx in the regulation's format (P-7)."""
    from ..documents.program import build_program

    project, broken = load_program(program)
    if broken:
        sys.exit(report(broken))
    bundle = project.bundle(program)
    assert bundle is not None and bundle.program is not None
    language = lang or (bundle.program.languages[0] if bundle.program.languages else project.policy.default_language)
    built = build_program(project, program, language)
    status = report(built.findings)
    if built.content is None:
        sys.exit(status or 1)
    target = output or project.root / "out" / f"{program}.{language}.docx"
    try:
        write_atomic(target, built.content)
    except OSError as exc:
        fail(t("cannot write {target}: {strerror}", target=target, strerror=exc.strerror))
    click.echo(t("wrote {relative}", relative=relative(target)), err=True)
    sys.exit(status)


@export_group.command("package")
@click.argument("program")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (default: out/package/<program>/).")
@click.option("--lang", type=click.Choice(LANGUAGES), help="The language of the cover letter (default: the policy's first language).")
@click.option("--date", "date", help="The date of the cover letter (default: today in the policy's time zone).")
def export_package(program: str, output: Path | None, lang: str | None, date: str | None) -> None:
    """The package for the authorised body (P-8): cover letter, program, protocol, order, discussion link."""
    from ..calendar import today_in
    from ..documents.package import build_package, write_package
    from .app import parse_day

    project, broken = load_program(program)
    if broken:
        sys.exit(report(broken))
    made = parse_day(date, "--date") or today_in(project.policy.timezone)
    language = lang or project.policy.default_language
    package = build_package(project, program, language, made)
    status = report(package.findings)
    target = output or project.root / "out" / "package" / program
    try:
        write_package(package, target)
    except FileExistsError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(t("cannot write {target}: {strerror}", target=target, strerror=exc.strerror))
    if package.complete:
        state = t("complete")
    elif package.sendable:
        state = t("not complete: {count} warning(s) above (see manifest.txt)", count=package.warnings)
    else:
        state = t("INCOMPLETE (see the errors above and manifest.txt)")
    click.echo(t("wrote {relative}/: {count} file(s) and the manifest; {state}", relative=relative(target), count=len(package.files), state=state), err=True)
    sys.exit(status)


# -- course documents (C-3, C-15, C-19): personal data, so only to -o or into the private tree ---------------
PRIVATE_HELP = N_("The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")


def _course_context(private: str | None, today: str | None = None) -> Context:
    from .check import make_context

    ctx = make_context(today, private)
    if ctx.project.private_dir is None:
        fail(t("no private tree: give --private DIR or set USTAZ_PRIVATE"))
    return ctx


def _private_target(ctx: Context, cohort: str, name: str) -> Path:
    """Course documents hold personal data: by default they go next to the cohort's private files."""
    assert ctx.project.private_dir is not None  # _course_context refused a project without one
    return Path(ctx.project.private_dir) / "cohorts" / cohort / "documents" / name


def _refuse_trackable(root: Path, target: Path) -> None:
    """Course documents name listeners: never where git would add them, nor into examples/private/."""
    from ..writefile import private_target_problem

    problem = private_target_problem(root, target)
    if problem:
        fail(t("course documents hold personal data: {problem}", problem=problem))


def _write_course_document(content: bytes | None, findings: list[Finding], target: Path, root: Path) -> None:
    status = report(findings)
    if content is None or status:
        sys.exit(status or 1)
    _refuse_trackable(root, target)
    try:
        write_atomic(target, content)
    except OSError as exc:
        fail(t("cannot write {target}: {strerror}", target=target, strerror=exc.strerror))
    click.echo(t("wrote {relative}", relative=relative(target)), err=True)


def _cohort_lang(ctx: Context, cohort: str, lang: str | None) -> str:
    from ..courses.load import load_courses

    sched = load_courses(ctx).schedule.get(cohort)
    return lang or (sched.language if sched else ctx.policy.default_language)


_Command = TypeVar("_Command", bound=Callable[..., Any])


def _course_options(fn: _Command) -> _Command:
    fn = click.option("--private", "private", help=PRIVATE_HELP)(fn)
    fn = click.option("--date", "date", help="The document's date (default: today in the policy's time zone).")(fn)
    fn = click.option("--lang", type=click.Choice(LANGUAGES),
                      help="The document's language (default: the cohort's language).")(fn)
    return fn


@export_group.command("admission-lists")
@click.argument("cohort")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .docx to write (default: <private>/cohorts/COHORT/documents/admission-lists.LANG.docx).")
@_course_options
def export_admission_lists(cohort: str, output: Path | None, lang: str | None, date: str | None,
                           private: str | None) -> None:
    """The lists of listeners and lecturers the admission order approves (C-3)."""
    from ..courses.results import UnknownCohort
    from ..documents.courses import admission_lists
    from .app import parse_day

    ctx = _course_context(private)
    language = _cohort_lang(ctx, cohort, lang)
    try:
        doc = admission_lists(ctx, cohort, language, parse_day(date, "--date") or ctx.today)
    except UnknownCohort as exc:
        fail(str(exc))
    target = output or _private_target(ctx, cohort, f"admission-lists.{language}.docx")
    _write_course_document(doc.built.content, list(doc.built.findings), target, ctx.root)


@export_group.command("results-sheet")
@click.argument("cohort")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .docx to write (default: <private>/cohorts/COHORT/documents/results-sheet.LANG.docx).")
@_course_options
def export_results_sheet(cohort: str, output: Path | None, lang: str | None, date: str | None,
                         private: str | None) -> None:
    """The listeners' results sheet: points and outcome per listener (C-15)."""
    from ..courses.results import UnknownCohort
    from ..documents.courses import results_sheet
    from .app import parse_day

    ctx = _course_context(private)
    language = _cohort_lang(ctx, cohort, lang)
    try:
        doc = results_sheet(ctx, cohort, language, parse_day(date, "--date") or ctx.today)
    except UnknownCohort as exc:
        fail(str(exc))
    target = output or _private_target(ctx, cohort, f"results-sheet.{language}.docx")
    _write_course_document(doc.built.content, list(doc.built.findings), target, ctx.root)


@export_group.command("expulsion-notice")
@click.argument("cohort")
@click.argument("listener", required=False)
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write into (default: <private>/cohorts/COHORT/documents/).")
@_course_options
def export_expulsion_notice(cohort: str, listener: str | None, output: Path | None, lang: str | None,
                            date: str | None, private: str | None) -> None:
    """The letter to the employer of each expelled listener, or of LISTENER (C-19)."""
    from ..courses.results import UnknownCohort
    from ..documents.courses import expulsion_notices
    from .app import parse_day

    ctx = _course_context(private)
    language = _cohort_lang(ctx, cohort, lang)
    try:
        docs, findings = expulsion_notices(ctx, cohort, language, parse_day(date, "--date") or ctx.today, listener)
    except UnknownCohort as exc:
        fail(str(exc))
    if not docs:
        who = f"listener {listener!r} was not" if listener else "no listener was"
        fail(t("{who} expelled from {cohort} (decisions.csv records expulsions, C-19)", who=who, cohort=cohort))
    folder = output or _private_target(ctx, cohort, "")
    status = report([*findings, *(f for d in docs for f in d.built.findings)])
    if status or any(d.built.content is None for d in docs):
        sys.exit(status or 1)
    _refuse_trackable(ctx.root, folder)
    for d in docs:
        target = folder / f"{d.name}.{language}.docx"
        try:
            write_atomic(target, d.built.content or b"")
        except OSError as exc:
            fail(t("cannot write {target}: {strerror}", target=target, strerror=exc.strerror))
        click.echo(t("wrote {relative}", relative=relative(target)), err=True)


# -- Open Badges 3.0 credentials (C-20): they name the holder, so only to --out or into the private tree -------
@export_group.command("badge")
@click.argument("code", required=False)
@click.option("--cohort", "cohort", help="Every valid certificate of this cohort instead of one CODE.")
@click.option("--out", "out", type=click.Path(file_okay=False),
              help="Where to write them (default: <private>/certificates/badges); never the public tree.")
@click.option("--lang", "lang", help="The language of the names (default: the policy's first language).")
@click.option("--private", "private", help=PRIVATE_HELP)
def export_badge(code: str | None, cohort: str | None, out: str | None, lang: str | None,
                 private: str | None) -> None:
    """Certificates as Open Badges 3.0 credentials: JSON with an eddsa-rdfc-2022 proof and a VC-JWT when the
    centre has its signing key, else unsigned JSON."""
    import json

    from ..certificates import codes, signing
    from ..certificates.badge import issue
    from ..certificates.issuer import IssuerError
    from ..certificates.register import Register, Status
    from ..courses.issued import private_codes
    from ..i18n import t
    from .register import _code_or_fail, _private_out

    if (code is None) == (cohort is None):
        fail(t("give one certificate CODE or --cohort COHORT"))
    root = project_root()
    project = Project.load(root, Path(private) if private else None)
    register = Register.load(root)  # sealed: a credential names the holder, so its row is opened with its code
    if project.private_dir is not None:
        register = register.with_codes(private_codes(project.private_dir))
    if code is not None:
        normalized = _code_or_fail(code)
        cert = register.get(normalized)
        if cert is None:
            fail(t("no certificate {display} in the register", display=codes.display(normalized)))
        if cert.status is Status.REVOKED:
            fail(t("{shown_code} was revoked on {revoked_on}: {revoked_reason}; it cannot be exported", shown_code=cert.shown_code, revoked_on=cert.revoked_on, revoked_reason=cert.revoked_reason))
        selected = [cert]
    else:
        in_cohort = [c for c in register.certificates if c.cohort == cohort]
        if not in_cohort:
            fail(t("no certificate of cohort {cohort!r} in the register", cohort=cohort))
        for c in in_cohort:
            if c.status is Status.REVOKED:
                click.echo(t("{shown_code}: revoked on {revoked_on}, not exported", shown_code=c.shown_code,
                             revoked_on=c.revoked_on), err=True)
        for c in in_cohort:
            if not c.is_open:
                click.echo(t("{id}: no code for it in the private tree, not exported", id=c.id), err=True)
        selected = [c for c in in_cohort if c.status is not Status.REVOKED and c.is_open]
    try:
        key = signing.load_signer(project.private_dir)
        pinned = signing.pinned_key(root)
    except signing.SigningError as exc:
        fail(str(exc))
    if key is not None and signing.public_bytes(key) != pinned:
        fail(t("the signing key is not the one {public_key_file} pins: a verifier would not accept it", public_key_file=signing.PUBLIC_KEY_FILE))
    folder = _private_out(root, project.private_dir, "badges", out)
    language = lang or project.policy.default_language
    try:
        for cert, vc, token in issue(project, register.certificates, selected, lang=language, key=key):
            target = folder / f"{cert.shown_code}.json"
            write_atomic(target, json.dumps(vc, ensure_ascii=False, indent=2) + "\n")
            click.echo(f"{target}")
            if token is not None and key is not None:
                jwt_path = folder / f"{cert.shown_code}.jwt"
                write_atomic(jwt_path, token + "\n")
                click.echo(t("{jwt_path} (signed, key {fingerprint})", jwt_path=jwt_path, fingerprint=signing.fingerprint(signing.public_bytes(key))))
    except IssuerError as exc:
        fail(str(exc))
