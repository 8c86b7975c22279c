"""`ustaz new program ID`: a skeleton that passes `ustaz check` except for the text to write."""

from __future__ import annotations

import click

from ..i18n import t
from ..model.program import ID_PATTERN
from ..policy import load_policy
from ..skeleton import SkeletonValues, program_skeleton
from ..writefile import write_atomic
from .app import fail, main, project_root


@main.group("new")
def new_group() -> None:
    """Create new content from a skeleton."""


@new_group.command("program")
@click.argument("program_id")
@click.option("--lang", "langs", multiple=True, help="Languages of the program (default: the policy's first two).")
def new_program(program_id: str, langs: tuple[str, ...]) -> None:
    """Scaffold programs/PROGRAM_ID with program.yml and one Markdown file per language."""
    if not ID_PATTERN.match(program_id):
        fail(t("{program_id!r} is not a program id: 3–64 characters of a-z, 0-9 and '-'", program_id=program_id))
    root = project_root()
    policy, _ = load_policy(root)
    languages = list(langs) or list(policy.program_languages[:2])
    for lang in languages:
        if not policy.section_titles(lang):
            fail(t("the policy has no section titles for {lang!r}", lang=lang))
    folder = root / "programs" / program_id
    if folder.exists():
        fail(t("programs/{program_id} already exists", program_id=program_id))
    files = program_skeleton(policy, SkeletonValues(program_id=program_id, languages=tuple(languages)))
    for name, text in files.items():
        write_atomic(folder / name, text)
    click.echo(t("created programs/{program_id}: program.yml, {items}", program_id=program_id, items=", ".join(f"program.{lang}.md" for lang in languages)))
    click.echo(t("next: write the ten sections, the literature and the lifecycle, then run `ustaz check`"))
