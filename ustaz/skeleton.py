"""The program skeleton: program.yml and one Markdown file per language (P-4, P-5).

`ustaz new program` writes it to disk; `ustaz bot scaffold` commits it to a branch with the values an
author gave in the proposal form. Both call `program_skeleton`, so the two never drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .policy import Policy

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


@dataclass(frozen=True, kw_only=True)
class SkeletonAuthor:
    name: str
    github: str


@dataclass(frozen=True, kw_only=True)
class SkeletonValues:
    """What is known about a new program; anything left empty becomes a placeholder to fill in."""

    program_id: str
    languages: tuple[str, ...]
    title: Mapping[str, str] = field(default_factory=dict)
    audience: Mapping[str, str] = field(default_factory=dict)
    direction: str = ""
    kind: str = "course"
    hours: int | None = None
    form: str = "blended"
    authors: tuple[SkeletonAuthor, ...] = ()
    needs_analysis: tuple[dt.date, str] | None = None  # (date, protocol number), P-2


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _localized(values: Mapping[str, str], languages: Sequence[str], indent: str) -> str:
    return "".join(f"\n{indent}{lang}: {_q(values.get(lang, '…'))}" for lang in languages)


def program_skeleton(policy: Policy, v: SkeletonValues) -> dict[str, str]:
    """File name → text for programs/<id>/."""
    hours = v.hours if v.hours is not None else policy.course_hours
    theory = hours // 4
    direction = v.direction or policy.directions[0]
    authors = v.authors or (SkeletonAuthor(name="…", github="your-login"),)
    author_lines = "".join(f"\n  - {{name: {_q(a.name)}, github: {_q(a.github)}}}" for a in authors)
    if v.needs_analysis is not None:
        day, protocol = v.needs_analysis
        lifecycle = f"lifecycle:\n  - {{event: needs-analysis, date: {day.isoformat()}, protocol: {_q(protocol)}}}\n"
    else:
        lifecycle = "lifecycle: []               # - {event: needs-analysis, date: YYYY-MM-DD, protocol: \"N\"}\n"
    yml = f"""id: {v.program_id}
title:{_localized(v.title, v.languages, '  ')}
direction: {direction}   # one of: {', '.join(policy.directions)}
audience:{_localized(v.audience, v.languages, '  ')}
kind: {v.kind}                # course | retraining
hours: {hours}
form: {v.form}               # in-person | online | blended
languages: [{', '.join(v.languages)}]
authors:{author_lines}
modules:                    # theory + practice + independent add up to hours
  - title:{_localized({}, v.languages, '      ')}
    hours: {{theory: {theory}, practice: {hours - theory}, independent: 0}}
literature: []              # - {{ref: "Author. Title. — City: Publisher, YEAR.", year: YEAR, kind: main, origin: domestic}}
{lifecycle}"""
    files = {"program.yml": yml}
    for lang in v.languages:
        parts = [f"# {v.title.get(lang, '…')}", ""]
        for title, hint in zip(policy.section_titles(lang), SECTION_HINTS):
            parts += [f"## {title}", "", f"<!-- {hint} -->", ""]
        files[f"program.{lang}.md"] = "\n".join(parts)
    return files
