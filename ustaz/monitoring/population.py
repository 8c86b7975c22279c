"""The population of certified teachers the monitoring sample is drawn from (M-5).

Contract (DESIGN.md "Monitoring sample"): a CSV with `teacher, region, direction, locality`; other
columns (e.g. `program`) are kept but not used for the strata.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import read_text
from ..vocab import Locality

POPULATION_COLUMNS = ("teacher", "region", "direction", "locality")
POPULATION_ROW = define("population-row", "A row of the monitoring population is malformed.", "M-5")
POPULATION_DUPLICATE = define("population-duplicate", "A teacher appears twice in the monitoring population.", "M-5")
REGION_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


@dataclass(frozen=True, kw_only=True, order=True)
class Stratum:
    """M-5: region × direction × urban/rural."""

    region: str
    direction: str
    locality: str

    def label(self) -> str:
        return f"{self.region} × {self.direction} × {self.locality}"


@dataclass(frozen=True, kw_only=True)
class Teacher:
    teacher: str
    stratum: Stratum
    program: str
    line: int


def read_population(path: Path, shown: str, directions: tuple[str, ...]) -> tuple[list[Teacher], list[Finding]]:
    text, findings = read_text(path, shown)
    if text is None:
        return [], findings
    reader = csv.reader(io.StringIO(text, newline=""))
    teachers: list[Teacher] = []
    seen: dict[str, int] = {}
    strata: dict[tuple[str, str, str], Stratum] = {}  # one Stratum object per stratum, not per row
    known_directions = set(directions)
    localities = {x.value for x in Locality}
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in POPULATION_COLUMNS if c not in header]
        if missing:
            return [], [error(shown, 1, POPULATION_ROW,
                              t("the header lacks {missing}; the columns are {population_columns}", missing=', '.join(missing), population_columns=', '.join(POPULATION_COLUMNS)))]
        col = {c: header.index(c) for c in header}
        wanted = [(c, col[c]) for c in (*POPULATION_COLUMNS, "program") if c in col]
        start = reader.line_num
        for cells in reader:
            line, start = start + 1, reader.line_num
            if not "".join(cells).strip():
                continue
            if len(cells) != len(header):
                findings.append(error(shown, line, POPULATION_ROW,
                                      t("the row has {count} cells, the header {count2}", count=len(cells), count2=len(header))))
                continue
            v = {c: cells[i].strip() for c, i in wanted}
            problems = []
            if not v["teacher"]:
                problems.append(t("'teacher' is empty"))
            key = (v["region"], v["direction"], v["locality"])
            stratum = strata.get(key)
            if stratum is None and not REGION_CODE.match(v["region"]):
                problems.append(t("'region' is {v!r}; write an ISO 3166-2 code like KZ-71", v=v['region']))
            if stratum is None and v["direction"] not in known_directions:
                problems.append(t("'direction' is {v!r}; use one of: {directions}", v=v['direction'], directions=', '.join(directions)))
            if stratum is None and v["locality"] not in localities:
                problems.append(t("'locality' is {v!r}; use urban or rural", v=v['locality']))
            if problems:
                findings.extend(error(shown, line, POPULATION_ROW, p) for p in problems)
                continue
            if v["teacher"] in seen:
                findings.append(error(shown, line, POPULATION_DUPLICATE,
                                      t("teacher {v!r} is already on line {seen}; list each teacher once", v=v['teacher'], seen=seen[v['teacher']])))
                continue
            seen[v["teacher"]] = line
            if stratum is None:
                stratum = strata[key] = Stratum(region=key[0], direction=key[1], locality=key[2])
            teachers.append(Teacher(teacher=v["teacher"], program=v.get("program", ""), line=line, stratum=stratum))
    except csv.Error as exc:
        findings.append(error(shown, reader.line_num, POPULATION_ROW, t("CSV syntax: {exc}", exc=exc)))
    return teachers, findings
