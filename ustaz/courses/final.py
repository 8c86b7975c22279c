"""The end of a course (C-14): ``<private>/cohorts/<cohort>/final.yml`` records the final test's date and
each listener's creative project, its title and the day it was presented::

    test: 2026-10-19
    projects:
      - {listener: L01, title: "Robot that sorts colours", presented: 2026-10-20}
      - {listener: L08, title: "Smart greenhouse"}          # not presented (yet)

Scoring reads it (results.py): where the file exists, project points count only for a project that was
presented, and `ustaz course results` shows each listener's project title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define
from ..model.fields import read_mapping
from ..sourcefile import rel
from .cohort import cohort_folder

FINAL_FILE = "final.yml"
FINAL_FORMAT = define("final-file", "A cohort's final.yml is not a mapping of the final test's date and the "
                      "listeners' projects.", "C-14")


@dataclass(frozen=True, kw_only=True)
class Project:
    """A listener's creative project (C-14)."""

    listener: str
    title: str
    presented: dt.date | None  # None: not presented
    line: int


@dataclass(frozen=True, kw_only=True)
class FinalAssessment:
    path: str
    test: dt.date | None
    test_line: int
    projects: tuple[Project, ...]

    def project_of(self, listener: str) -> Project | None:
        return next((p for p in self.projects if p.listener == listener), None)

    def presented(self, listener: str) -> bool:
        project = self.project_of(listener)
        return project is not None and project.presented is not None


def load_final(root: Path, private: Path, cohort: str) -> tuple[FinalAssessment | None, list[Finding]]:
    """The cohort's final.yml, or None when it has none (or it cannot be read: the findings say why)."""
    path = cohort_folder(private, cohort) / FINAL_FILE
    if not path.is_file():
        return None, []
    shown = rel(path, root)
    r, findings = read_mapping(path, shown, FINAL_FORMAT, "test: DATE, projects: […]")
    if r is None:
        return None, findings
    r.known_keys("test", "projects")
    test = r.date("test", required=False)
    projects: list[Project] = []
    for i, m in r.each_mapping("projects", required=False):
        pr = r.child(m, f"projects[{i}].")
        pr.known_keys("listener", "title", "presented")
        listener = pr.text("listener")
        title = pr.text("title")
        presented = pr.date("presented", required=False)
        if listener is not None and title is not None:
            projects.append(Project(listener=listener, title=title, presented=presented, line=m.line))
    return FinalAssessment(path=shown, test=test, test_line=r.line("test") if "test" in r.m else 1,
                           projects=tuple(projects)), findings
