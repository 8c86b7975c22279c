"""C-1: the aim of a course (acquire new knowledge; maintain, widen and deepen professional knowledge and
skills) is stated in section 4 of every program text, «Aim, objectives and expected results» (P-4, P-5).
The check holds section 4 present and non-empty in every language; whether its words serve C-1 is for the
expert council to judge (content/en/reference/programs.md says why no check reads the words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ustaz.checks import Context, run
from ustaz.policy import preset
from ustaz.project import Project

PROGRAMS = ("robotics-basics", "digital-music", "eco-project-learning")


def _texts(root: Path) -> list[tuple[str, str, Path]]:
    return [(pid, md.name.split(".")[1], md) for pid in PROGRAMS
            for md in sorted((root / "programs" / pid).glob("program.*.md"))]


def _found(root: Path, path: Path) -> list[tuple[str, int | None, str]]:
    ctx = Context(project=Project.load(root), today=dt.date(2026, 11, 23))
    shown = path.relative_to(root).as_posix()
    return [(f.code, f.line, f.message) for f in run(ctx) if f.path == shown]


def _section4(text: str, lang: str) -> tuple[int, int]:
    """The line index of section 4's heading and of the next section's heading."""
    titles = preset().section_titles(lang)
    lines = text.split("\n")
    start = lines.index(f"## {titles[3]}")
    end = lines.index(f"## {titles[4]}")
    return start, end


@pytest.mark.parametrize("which", range(len(PROGRAMS) * 2))
def test_c1_section_4_states_the_aim_in_every_text(project: Path, which: int) -> None:
    texts = _texts(project)
    if which >= len(texts):
        pytest.skip("fewer texts")
    _, lang, md = texts[which]
    original = md.read_text(encoding="utf-8")
    start, end = _section4(original, lang)
    lines = original.split("\n")
    assert any(line.strip() for line in lines[start + 1:end]), "the shipped text states the aim"
    assert _found(project, md) == []
    # an empty section 4: the aim is not stated
    md.write_text("\n".join(lines[:start + 1] + [""] + lines[end:]), encoding="utf-8")
    assert [(c, line) for c, line, _ in _found(project, md)] == [("empty-section", start + 1)]
    # no section 4 at all
    md.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    found = _found(project, md)
    assert [c for c, _, _ in found] == ["missing-section"]
    assert preset().section_titles(lang)[3] in found[0][2]
