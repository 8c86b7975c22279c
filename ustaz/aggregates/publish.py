"""`ustaz publish aggregates`: the staff's command that turns the private tree into the public aggregate
tables the site shows (data/aggregates/, ustaz/aggregates/tables.py).

It runs on the staff's machine, where the private tree is. Small cells are suppressed here, when written
(ustaz/small_cells.py), so the public tree — and its history — never holds a count that could point at a
person; the tables then go into a pull request and are reviewed like any data. Every table is rewritten
whole each time (a row that is gone from the private tree is gone from the public one), the Table Schemas
are copied into data/schemas/ and data/datapackage.json lists every table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..certificates.load import register_of
from ..certificates.sealing import certificate_id
from ..courses.load import load_courses
from ..monitoring.stats import ProgramStats, program_stats
from ..monitoring.survey import Survey, load_survey, survey_folders
from ..small_cells import Line, min_cell_count
from ..sourcefile import load_json
from ..support.organizations import organization_lookup
from ..support.site_pages import PublicCounts
from ..support.summary import UNKNOWN_REGION, protect, summarize
from ..workspace import Workspace
from ..writefile import csv_text, write_atomic
from .tables import (
    ANSWERS,
    CERTIFICATES,
    QUESTIONS,
    SUPPORT,
    SUPPORT_EVENTS,
    SURVEY_PROGRAMS,
    SURVEYS,
    TABLES,
    TOTAL,
    own_schema_text,
    schema_name,
    table_path,
    written,
)

PACKAGE = "data/datapackage.json"
TITLES = {SUPPORT: "Post-course support per program and region (S-8), small cells suppressed",
          SUPPORT_EVENTS: "Support events held per program, region, kind and level (S-8)",
          SURVEYS: "Impact surveys the site reports (M-4)",
          SURVEY_PROGRAMS: "Survey responses and invitations per program (M-2, M-4), small cells suppressed",
          QUESTIONS: "Impact survey questions (M-3)",
          ANSWERS: "Impact survey answers counted per value (M-3)",
          CERTIFICATES: "Certificates per region of the holder's organisation (C-20), small cells suppressed"}


@dataclass(frozen=True, kw_only=True)
class Published:
    """What one run wrote: table → rows (without the header)."""

    rows: dict[str, int]


def support_rows(ctx: Workspace) -> dict[str, list[list[str]]]:
    data = ctx.support
    public = protect(summarize(data.plans, data.organizations), min_cell_count(ctx.policy.privacy.min_cell_count))
    return {SUPPORT: [[x.program, x.region, x.teachers, x.events] for x in public.lines],
            SUPPORT_EVENTS: [[c.program, c.region, c.kind, c.level, str(c.held)] for c in public.held]}


def public_min_responses(ctx: Workspace) -> int:
    """Below this many answers a program's averages and distributions are not published (M-2, C-8)."""
    return max(ctx.policy.monitoring.public_min_responses, min_cell_count(ctx.policy.privacy.min_cell_count))


def _surveys(ctx: Workspace) -> Iterator[tuple[Survey, list[ProgramStats]]]:
    for folder in survey_folders(ctx.project.private_dir):
        survey, _ = load_survey(folder, ctx.root, set(ctx.project.program_map))  # `ustaz check` reports findings
        if survey is not None:
            yield survey, program_stats(survey, {})


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def monitoring_rows(ctx: Workspace) -> dict[str, list[list[str]]]:
    cells = min_cell_count(ctx.policy.privacy.min_cell_count)
    minimum = public_min_responses(ctx)
    out: dict[str, list[list[str]]] = {SURVEYS: [], SURVEY_PROGRAMS: [], QUESTIONS: [], ANSWERS: []}
    for survey, stats in _surveys(ctx):
        run = survey.run
        out[SURVEYS] += [[run, lang, survey.title_in(lang)] for lang in ctx.policy.languages]
        counts = PublicCounts.of(tuple(stats), cells)  # "<N" below the threshold; no total to work out from
        for p, answered, asked in zip(stats, counts.responses.texts(), counts.invited.texts(), strict=True):
            out[SURVEY_PROGRAMS].append([run, p.program, written(answered), written(asked) if p.invited else ""])
        for q in survey.questions:
            low, high = q.scale if q.scale is not None else (None, None)
            out[QUESTIONS].append([run, q.id, q.column, q.expected, "" if low is None else str(low),
                                   "" if high is None else str(high), _number(q.target)])
        for p in stats:
            if p.responses < minimum:
                continue  # too few answers: the program keeps its counts, not its averages and distributions
            for qs in p.questions:
                out[ANSWERS] += [[run, p.program, qs.question.id, value, str(n)] for value, n in qs.distribution]
    return out


def certificate_rows(ctx: Workspace) -> list[list[str]]:
    """Certificates of the register per region of the holder's organisation (the row's id → its code in the
    cohort's certificates.csv → the listener's organisation → data/organizations.csv); a holder not found there counts in the region of the course's cohort (the
    schedule), else in the unknown region."""
    places = organization_lookup(ctx.root)
    courses = load_courses(ctx)
    scheduled = courses.schedule.by_id()
    by_region: Counter[str] = Counter()
    # the register holds no names: a row reaches its listener through the private codes (each cohort's
    # certificates.csv: code → listener), by the id each code gives
    listener_of = {certificate_id(code): who for cohort in courses.cohorts.values()
                   for code, who in cohort.certificates.items()}
    for c in register_of(ctx).certificates:
        cohort = courses.cohorts.get(c.cohort)
        who = listener_of.get(c.id)
        listener = cohort.listener(who) if cohort is not None and who else None
        org = listener.organization if listener else ""
        place = places.get(org) or places.get(org.casefold())
        # where the holder's organisation is unknown, the region the course was held in (the public schedule)
        region = place.region if place and place.region else \
            (scheduled[c.cohort].region if c.cohort in scheduled else "")
        by_region[region or UNKNOWN_REGION] += 1
    regions = sorted(by_region)
    line = Line.protect([by_region[r] for r in regions], min_cell_count(ctx.policy.privacy.min_cell_count))
    rows = [[r, written(text)] for r, text in zip(regions, line.texts(), strict=True)]
    return rows + [[TOTAL, written(line.total_text())]] if regions else []


def _header(table: str) -> list[str]:
    return [f["name"] for f in json.loads(own_schema_text(table))["fields"]]


def _list_in_package(ctx: Workspace, tables: Sequence[str]) -> None:
    """Each aggregate table is a resource of data/datapackage.json (frictionless and `ustaz check` read it)."""
    path = ctx.root / PACKAGE
    package, problems = load_json(path, PACKAGE) if path.exists() else ({"name": "ustaz-public-data",
                                                                         "resources": []}, [])
    if problems or not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise ValueError(f"{PACKAGE} cannot be read; mend it (`ustaz check`) and publish again")
    names = {r.get("name") for r in package["resources"] if isinstance(r, dict)}
    for table in tables:
        name = schema_name(table)
        if name in names:
            continue
        package["resources"].append({"name": name, "title": TITLES[table],
                                     "path": table_path(table).removeprefix("data/"),
                                     "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
                                     "schema": f"schemas/{name}.json"})
    write_atomic(path, json.dumps(package, ensure_ascii=False, indent=2) + "\n")


def publish(ctx: Workspace) -> Published:
    """Write every aggregate table (whole), its schema, and its entry in the data package."""
    tables = {**support_rows(ctx), **monitoring_rows(ctx), CERTIFICATES: certificate_rows(ctx)}
    for table in TABLES:
        write_atomic(ctx.root / table_path(table), csv_text([_header(table), *tables[table]]))
        write_atomic(ctx.root / "data" / "schemas" / f"{schema_name(table)}.json", own_schema_text(table))
    _list_in_package(ctx, TABLES)
    return Published(rows={t: len(tables[t]) for t in TABLES})
