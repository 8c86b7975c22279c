"""`ustaz export docx` (P-7) and `ustaz export package` (P-8): thin adapters over ustaz.documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..documents import codes as _codes  # noqa: F401  (registers the finding codes)
from ..findings import Finding, render, sort_key
from ..project import Project
from ..writefile import write_atomic
from .app import fail, project_root
from .groups import export_group


def load_program(program_id: str) -> tuple[Project, list[Finding]]:
    """The project, or exit: 2 when there is no such program folder, 1 when its program.yml is unusable."""
    root = project_root()
    project = Project.load(root)
    if project.bundle(program_id) is not None:
        return project, []
    folder = f"programs/{program_id}"
    if not (root / folder).is_dir():
        known = ", ".join(sorted(project.program_map)) or "none"
        fail(f"there is no program {program_id!r} (no folder {folder}/); programs: {known}")
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
        fail(f"cannot write {target}: {exc.strerror}")
    click.echo(f"wrote {relative(target)}", err=True)
    sys.exit(status)


@export_group.command("package")
@click.argument("program")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (default: out/package/<program>/).")
@click.option("--lang", help="The language of the cover letter (default: the policy's first language).")
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
        fail(f"cannot write {target}: {exc.strerror}")
    state = "complete" if package.complete else "INCOMPLETE (see the errors above and manifest.txt)"
    click.echo(f"wrote {relative(target)}/: {len(package.files)} file(s) and the manifest; {state}", err=True)
    sys.exit(status)
