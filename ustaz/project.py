"""The project: a repository of a centre's content, loaded once into the model.

Loading never raises for bad input: what cannot be read becomes a finding, and the rest of the
project is still loaded so one broken file does not hide the others' problems.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding, error
from .i18n import t
from .model.discussion import Discussion
from .model.document import ProgramText
from .model.program import PROGRAM_FILE, Program
from .policy import Policy, load_policy
from .private_owner import OWNER_FILE, PRIVATE_PROJECT, foreign


@dataclass(frozen=True, kw_only=True)
class ProgramBundle:
    """A program folder: program.yml, its texts per language, its discussion record."""

    folder: str
    program: Program | None
    texts: dict[str, ProgramText] = field(default_factory=dict)
    discussion: Discussion | None = None


@dataclass(kw_only=True)
class Project:
    root: Path
    policy: Policy
    programs: list[ProgramBundle]
    load_findings: list[Finding]
    private_dir: Path | None = None

    @property
    def program_map(self) -> dict[str, Program]:
        return {b.program.id: b.program for b in self.programs if b.program is not None}

    def bundle(self, program_id: str) -> ProgramBundle | None:
        for b in self.programs:
            if b.program is not None and b.program.id == program_id:
                return b
        return None

    @classmethod
    def load(cls, root: Path, private: Path | None = None, *, public_only: bool = False) -> Project:
        """`public_only`: the public tree alone (the site): the private tree is not even looked for."""
        root = root.resolve()
        policy, findings = load_policy(root)
        programs: list[ProgramBundle] = []
        pdir = root / "programs"
        if pdir.is_dir():
            for folder in sorted(p for p in pdir.iterdir() if p.is_dir() and not p.name.startswith(".")):
                bundle, more = load_program_folder(folder, root)
                programs.append(bundle)
                findings.extend(more)
        chosen = None if public_only else private_dir(root, private)
        problem = foreign(chosen, policy)
        if problem and chosen is not None:  # another project's tree: not read at all
            findings.append(error(f"{chosen}/{OWNER_FILE}", 1, PRIVATE_PROJECT, problem))
            chosen = None
        return cls(root=root, policy=policy, programs=programs, load_findings=findings, private_dir=chosen)


def load_program_folder(folder: Path, root: Path) -> tuple[ProgramBundle, list[Finding]]:
    shown_folder = folder.relative_to(root).as_posix()
    yml = folder / "program.yml"
    if not yml.exists():
        return ProgramBundle(folder=shown_folder, program=None), [
            error(f"{shown_folder}/program.yml", None, PROGRAM_FILE,
                  t("the program folder has no program.yml; create it with `ustaz new program ID`"))]
    program, findings = Program.from_yaml(yml, root)
    texts: dict[str, ProgramText] = {}
    for md in sorted(folder.glob("program.*.md")):
        lang = md.name[len("program."):-len(".md")]
        text, more = ProgramText.from_file(md, f"{shown_folder}/{md.name}", lang)
        findings.extend(more)
        if text is not None:
            texts[lang] = text
    discussion = None
    dpath = folder / "discussion.yml"
    if dpath.exists():
        discussion, more = Discussion.from_yaml(dpath, f"{shown_folder}/discussion.yml")
        findings.extend(more)
    return ProgramBundle(folder=shown_folder, program=program, texts=texts, discussion=discussion), findings


def private_dir(root: Path, given: Path | None) -> Path | None:
    """--private DIR, else $USTAZ_PRIVATE, else private/ if present, else examples/private/."""
    if given is not None:
        return given.resolve()
    env = os.environ.get("USTAZ_PRIVATE")
    if env:
        return Path(env).resolve()
    for candidate in (root / "private", root / "examples" / "private"):
        if candidate.is_dir():
            return candidate
    return None
