"""`ustaz new program ID`: a skeleton that passes `ustaz check` except for the text to write."""

from __future__ import annotations

import click

from ..model.program import ID_PATTERN
from ..policy import load_policy
from ..writefile import write_atomic
from .app import fail, main, project_root

# what P-5 asks each section to say, shown as a comment in the skeleton
SECTION_HINTS = (
    "P-5 (1): relevance, links to state priorities and world trends.",
    "P-5 (2): the terms used in the program.",
    "P-5 (3): degree of novelty; analysis of existing analogues.",
    "P-5 (4): practical significance; effect on teachers' practice.",
    "P-5 (5): the plan (the module table from program.yml is rendered here); how results map to aims.",
    "P-5 (6): format, number of hours, forms of training.",
    "P-5 (7): didactic approach and effective methods.",
    "P-5 (8): assessment methods (C-15: test, attendance, activity, project).",
    "P-5 (9): format, forms and methods of post-course support.",
    "P-5 (10): current domestic and foreign publications (listed in program.yml).",
)


@main.group("new")
def new_group() -> None:
    """Create new content from a skeleton."""


@new_group.command("program")
@click.argument("program_id")
@click.option("--lang", "langs", multiple=True, help="Languages of the program (default: the policy's first two).")
def new_program(program_id: str, langs: tuple[str, ...]) -> None:
    """Scaffold programs/PROGRAM_ID with program.yml and one Markdown file per language."""
    if not ID_PATTERN.match(program_id):
        fail(f"{program_id!r} is not a program id: 3–64 characters of a-z, 0-9 and '-'")
    root = project_root()
    policy, _ = load_policy(root)
    languages = list(langs) or list(policy.program_languages[:2])
    for lang in languages:
        if not policy.section_titles(lang):
            fail(f"the policy has no section titles for {lang!r}")
    folder = root / "programs" / program_id
    if folder.exists():
        fail(f"programs/{program_id} already exists")
    hours = policy.course_hours
    theory = hours // 4
    titles = "".join(f'\n  {lang}: "…"' for lang in languages)
    yml = f"""id: {program_id}
title:{titles}
direction: {policy.directions[0]}   # one of: {', '.join(policy.directions)}
audience:{titles}
kind: course                # course | retraining
hours: {hours}
form: blended               # in-person | online | blended
languages: [{', '.join(languages)}]
authors:
  - {{name: "…", github: "your-login"}}
modules:                    # theory + practice + independent add up to hours
  - title:{''.join(f'{chr(10)}      {lang}: "…"' for lang in languages)}
    hours: {{theory: {theory}, practice: {hours - theory}, independent: 0}}
literature: []              # - {{ref: "Author. Title. — City: Publisher, YEAR.", year: YEAR, kind: main, origin: domestic}}
lifecycle: []               # - {{event: needs-analysis, date: YYYY-MM-DD, protocol: "N"}}
"""
    write_atomic(folder / "program.yml", yml)
    for lang in languages:
        parts = ["# …", ""]
        for title, hint in zip(policy.section_titles(lang), SECTION_HINTS):
            parts += [f"## {title}", "", f"<!-- {hint} -->", ""]
        write_atomic(folder / f"program.{lang}.md", "\n".join(parts))
    click.echo(f"created programs/{program_id}: program.yml, " + ", ".join(f"program.{lang}.md" for lang in languages))
    click.echo("next: write the ten sections, the literature and the lifecycle, then run `ustaz check`")
