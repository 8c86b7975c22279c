"""Who was asked to answer the impact survey: the monitoring sample (M-5 → M-4).

`survey.yml` may name the sample that `ustaz monitoring sample` printed (CSV, beside survey.yml) and the
population it was drawn from (a CSV with a `program` column, in the same monitoring folder or its parent).
The teachers invited per program are then the sampled teachers of that program — a replacement stands in
for its teacher, so the count is the same — and an answer from a teacher who is neither sampled nor a
replacement is a warning.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import read_text, rel

SURVEY_SAMPLE = define("impact-survey-sample", "The sample or population a survey names cannot be read.", "M-5")


@dataclass(frozen=True, kw_only=True)
class Invitations:
    invited: dict[str, int]  # program → sampled teachers
    asked: frozenset[str]  # sampled teachers and their replacements


def _inside(folder: Path, name: str) -> Path | None:
    """A file named relative to the run folder, kept inside the monitoring folder."""
    path = (folder / name).resolve()
    return path if path.is_file() and path.is_relative_to(folder.parent.resolve()) else None


def _table(path: Path, root: Path) -> tuple[list[dict[str, str]], list[Finding]]:
    text, findings = read_text(path, rel(path, root))
    if text is None:
        return [], findings
    try:
        rows = [{k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str)}
                for row in csv.DictReader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        return [], [error(rel(path, root), None, SURVEY_SAMPLE, t("CSV syntax: {exc}", exc=exc))]
    return rows, findings


def invitations(folder: Path, root: Path, sample: str, population: str, shown: str,
                line: int) -> tuple[Invitations | None, list[Finding]]:
    sample_path, population_path = _inside(folder, sample), _inside(folder, population)
    if sample_path is None or population_path is None:
        missing = sample if sample_path is None else population
        return None, [error(shown, line, SURVEY_SAMPLE,
                            t("{missing!r} is not a file in the monitoring folder; save the sample (`ustaz monitoring sample … > sample.csv`) and its population there", missing=missing))]
    drawn, findings = _table(sample_path, root)
    people, more = _table(population_path, root)
    findings += more
    if drawn and "teacher" not in drawn[0] or people and not {"teacher", "program"} <= set(people[0]):
        findings.append(error(shown, line, SURVEY_SAMPLE,
                              t("the sample needs a 'teacher' column and the population 'teacher' and 'program'")))
        return None, findings
    program_of = {p["teacher"]: p["program"] for p in people}
    invited = Counter(program_of.get(d["teacher"], "") for d in drawn)
    invited.pop("", None)
    asked = {d["teacher"] for d in drawn} | {d.get("replacement", "") for d in drawn}
    asked.discard("")
    return Invitations(invited=dict(invited), asked=frozenset(asked)), findings
