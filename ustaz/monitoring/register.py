"""The monitoring population built from the project's own tables (M-5), when no CSV is given.

sealed certificate register (`data/certificates/*.csv`: id, program, cohort, status)
  → the cohort's codes (`<private>/cohorts/<cohort>/certificates.csv`: listener, code; a code gives its row's id)
  → the cohort's listeners (`<private>/cohorts/<cohort>/listeners.csv`: listener, organization) to find the
    teacher's organisation
  → `data/organizations.csv` (region, locality) and the program's direction.
These tables belong to other parts of ustaz; they are read defensively here (a row that cannot be
joined is a warning naming the row), so the sample works with whatever exists.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..certificates import codes
from ..certificates.sealing import certificate_id
from ..findings import Finding, define, warning
from ..i18n import t
from ..model.program import Program
from ..policy import Policy
from ..sourcefile import read_text, rel
from ..support.organizations import organization_lookup
from ..vocab import Locality
from .population import Stratum, Teacher

POPULATION_UNMATCHED = define("population-unmatched",
                              "A certificate cannot be placed in a monitoring stratum (listener, organisation or "
                              "program not found).", "M-5")


def _rows(path: Path, shown: str) -> list[tuple[int, dict[str, str]]]:
    text, _ = read_text(path, shown)
    if text is None:
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = []
    try:
        start = 1
        for row in reader:
            out.append((start + 1, {k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str)}))
            start = reader.line_num
    except csv.Error:
        pass
    return out


def _listeners(private: Path | None, cohort: str,
               cache: dict[str, dict[str, tuple[str, str, str]]]) -> dict[str, tuple[str, str, str]]:
    """certificate id → (listener id, organisation, teacher id or ''), for one cohort (its codes tie ids to
    listeners)."""
    if cohort in cache:
        return cache[cohort]
    found: dict[str, tuple[str, str, str]] = {}
    if private is not None and cohort and "/" not in cohort and not cohort.startswith("."):
        path = private / "cohorts" / cohort / "listeners.csv"
        if path.is_file():
            for _, row in _rows(path, path.as_posix()):
                org = row.get("organization", "")
                full = " ".join(x for x in (row.get("surname"), row.get("name"), row.get("patronymic")) if x)
                listener = row.get("listener", "")
                for key in (listener, full):
                    if key:
                        found[key.casefold()] = (listener, org, row.get("teacher", ""))
    by_id: dict[str, tuple[str, str, str]] = {}
    if found:
        assert private is not None
        links = private / "cohorts" / cohort / "certificates.csv"
        for _, row in _rows(links, links.as_posix()) if links.is_file() else ():
            parsed = codes.parse(row.get("code", ""))
            who = found.get(row.get("listener", "").casefold())
            if parsed.code is not None and who is not None:
                by_id[certificate_id(parsed.code)] = who
    cache[cohort] = by_id
    return by_id


def population_from_register(root: Path, private: Path | None, policy: Policy) -> tuple[list[Teacher], list[Finding]]:
    folder = root / "data" / "certificates"
    if not folder.is_dir():
        return [], []
    places = organization_lookup(root)
    directions: dict[str, str] = {}
    programs = root / "programs"
    if programs.is_dir():
        for yml in sorted(programs.glob("*/program.yml")):
            program, _ = Program.from_yaml(yml, root)
            if program is not None:
                directions[program.id] = program.direction
    cache: dict[str, dict[str, tuple[str, str, str]]] = {}
    teachers: dict[str, Teacher] = {}
    findings: list[Finding] = []
    for path in sorted(folder.glob("*.csv")):
        shown = rel(path, root)
        for line, row in _rows(path, shown):
            if row.get("status", "issued") != "issued":
                continue
            cohort = row.get("cohort", "")
            listener, org, teacher_id = _listeners(private, cohort, cache).get(row.get("id", ""), ("", None, ""))
            place = places.get(org or "") or places.get((org or "").casefold())
            direction = directions.get(row.get("program", ""), "")
            problem = (t("no code of the cohort's certificates.csv ties it to a listener") if org is None
                       else t("organisation {org!r} is not in data/organizations.csv", org=org) if place is None
                       else t("program {program!r} has no direction", program=row.get("program"))
                       if direction not in policy.directions
                       else t("organisation {org!r} has locality {locality!r}, not urban or rural", org=org,
                              locality=place.locality)
                       if place.locality not in [x.value for x in Locality] else "")
            if problem:
                findings.append(warning(shown, line, POPULATION_UNMATCHED,
                                        t("certificate {id}: {problem}; it is left out of the population",
                                          id=row.get('id', '?'), problem=problem)))
                continue
            assert place is not None
            # the sample names teachers by their teacher id (the same in every cohort, support plan and survey:
            # ustaz/teachers/identity.py), else by cohort and listener code; never by the name the register holds
            teacher = teacher_id or f"{cohort}:{listener}"
            teachers[teacher_id or teacher.casefold()] = Teacher(
                teacher=teacher, program=row.get("program", ""), line=line,
                stratum=Stratum(region=place.region, direction=direction, locality=place.locality))
    return list(teachers.values()), findings
