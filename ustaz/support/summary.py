"""The public, anonymous summary of post-course support (S-8, S-11): held events counted by kind and
level, per program and region. Counts only — never a teacher's name or id, an organisation, a date,
a title or an evidence link — so it may go on the public site."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..aggregates.tables import TOTAL, PublishedCount, written
from ..small_cells import Line, note
from ..vocab import EVENT_KIND_NAMES, LEVEL_NAMES, REGION_NAMES, REGIONS, SupportEventKind, SupportLevel
from .organizations import OrganizationPlace
from .plan import SupportPlan

UNKNOWN_REGION = "—"

WORDS: dict[str, dict[str, str]] = {
    "en": {"title": "Post-course support", "intro": "Events held by teachers after the courses, counted by kind "
           "and level (organisation → district/city → region → republic). Counts only; no names.",
           "teachers": "teachers supported", "events": "events held", "region": "Region", "kind": "Kind",
           "total": "Total", "none": "No support events are recorded yet."},
    "ru": {"title": "Посткурсовое сопровождение", "intro": "Мероприятия педагогов после курсов по видам и уровням "
           "(организация → район/город → область → республика). Только количество, без имён.",
           "teachers": "педагогов на сопровождении", "events": "проведено мероприятий", "region": "Регион",
           "kind": "Вид", "total": "Всего", "none": "Мероприятий сопровождения пока нет."},
    "kk": {"title": "Курстан кейінгі қолдау", "intro": "Педагогтердің курстан кейінгі іс-шаралары түрі мен деңгейі "
           "бойынша (ұйым → аудан/қала → облыс → республика). Тек сандар, есімдер жоқ.",
           "teachers": "қолдаудағы педагогтер", "events": "өткізілген іс-шаралар", "region": "Өңір",
           "kind": "Түрі", "total": "Барлығы", "none": "Қолдау іс-шаралары әлі тіркелмеген."},
    "ky": {"title": "Курстан кийинки колдоо", "intro": "Педагогдордун курстан кийинки иш-чаралары түрү жана деңгээли "
           "боюнча (уюм → район/шаар → облус → республика). Сандар гана, аттар жок.",
           "teachers": "колдоодогу педагогдор", "events": "өткөрүлгөн иш-чаралар", "region": "Аймак",
           "kind": "Түрү", "total": "Баары", "none": "Колдоо иш-чаралары азырынча жок."},
}


@dataclass(frozen=True, kw_only=True)
class SupportCount:
    program: str
    region: str
    kind: str
    level: str
    held: int


@dataclass(frozen=True, kw_only=True)
class SupportSummary:
    counts: tuple[SupportCount, ...]
    teachers: Mapping[tuple[str, str], int]  # (program, region) → teachers with a plan

    def as_json(self) -> dict[str, object]:
        return {"support": [{"program": c.program, "region": c.region, "kind": c.kind, "level": c.level,
                             "held": c.held} for c in self.counts],
                "teachers": [{"program": p, "region": r, "count": n} for (p, r), n in sorted(self.teachers.items())]}


def summarize(plans: Iterable[SupportPlan], places: Mapping[str, OrganizationPlace]) -> SupportSummary:
    held: Counter[tuple[str, str, str, str]] = Counter()
    teachers: Counter[tuple[str, str]] = Counter()
    for plan in plans:
        place = places.get(plan.organization)
        region = plan.region or (place.region if place else "") or UNKNOWN_REGION
        teachers[(plan.program, region)] += 1
        for e in plan.events:
            if e.held:
                held[(plan.program, region, e.kind, e.level)] += 1
    counts = tuple(SupportCount(program=p, region=r, kind=k, level=lv, held=n)
                   for (p, r, k, lv), n in sorted(held.items()))
    return SupportSummary(counts=counts, teachers=dict(teachers))


@dataclass(frozen=True, kw_only=True)
class RegionLine:
    """One row of a program's published table: a region (or the total) with its teachers and their events as
    the page writes them — a number, "<N" or "x" (ustaz/small_cells.py)."""

    program: str
    region: str  # an ISO 3166-2 code, UNKNOWN_REGION, or TOTAL
    teachers: str
    events: str


@dataclass(frozen=True, kw_only=True)
class PublicSupport:
    """What the site may show of support (S-8, C-8): per program the lines of teachers and events per region
    with small cells suppressed, and the events by kind and level of the regions whose count is shown."""

    lines: tuple[RegionLine, ...]
    held: tuple[SupportCount, ...]


def _cell(text: str) -> str:
    """A page's form of a published cell: "<3" is written "< 3"."""
    return PublishedCount(text=text).shown()


def protect(summary: SupportSummary, minimum: int) -> PublicSupport:
    """Teachers per region are counts of people: below `minimum` (the policy's `privacy.min_cell_count`) a
    region shows "<N", more cells are withheld ("x") so the total cannot give it away, and a region whose
    count is hidden gets no table of its events (C-8)."""
    held: dict[tuple[str, str], list[SupportCount]] = {}
    for c in summary.counts:
        held.setdefault((c.program, c.region), []).append(c)
    lines: list[RegionLine] = []
    shown: list[SupportCount] = []

    for program in sorted({p for p, _ in summary.teachers}):
        regions = sorted(r for p, r in summary.teachers if p == program)
        people = Line.protect([summary.teachers[(program, r)] for r in regions], minimum)
        events = Line.follow([sum(c.held for c in held.get((program, r), [])) for r in regions], people)
        lines += [RegionLine(program=program, region=r, teachers=written(n), events=written(e))
                  for r, n, e in zip(regions, people.texts(), events.texts(), strict=True)]
        lines.append(RegionLine(program=program, region=TOTAL, teachers=written(people.total_text()),
                                events=written(events.total_text())))
        for region, cell in zip(regions, people.cells, strict=True):
            if not cell.hidden:
                shown += held.get((program, region), [])
    return PublicSupport(lines=tuple(lines), held=tuple(shown))


def to_markdown(summary: SupportSummary, lang: str, program_titles: Mapping[str, str], minimum: int) -> str:
    """The page of the summary with small cells suppressed (see `protect`)."""
    return public_markdown(protect(summary, minimum), lang, program_titles, minimum)


def public_markdown(public: PublicSupport, lang: str, program_titles: Mapping[str, str], minimum: int) -> str:
    """Per program, teachers and events per region, then one table per region whose count is shown: rows are
    event kinds, columns the levels (S-8). `minimum` names the threshold in the note unless a cell names its
    own ("<N" as it was published)."""
    w = WORDS.get(lang, WORDS["en"])
    levels = [lv.value for lv in SupportLevel]
    out = [f"# {w['title']}", "", w["intro"], ""]
    if not public.lines:
        return "\n".join(out + [w["none"], ""])
    held: dict[tuple[str, str], list[SupportCount]] = {}
    for c in public.held:
        held.setdefault((c.program, c.region), []).append(c)
    for program in sorted({x.program for x in public.lines}):
        rows = [x for x in public.lines if x.program == program and x.region != TOTAL]
        total = next((x for x in public.lines if x.program == program and x.region == TOTAL), None)
        out += [f"## {program_titles.get(program, program)}", "",
                f"| {w['region']} | {w['teachers'].capitalize()} | {w['events'].capitalize()} |", "|---|---:|---:|"]
        out += [f"| {_place(x.region, lang)} | {_cell(x.teachers)} | {_cell(x.events)} |" for x in rows]
        if total is not None:
            out.append(f"| {w['total']} | {_cell(total.teachers)} | {_cell(total.events)} |")
        out.append("")
        cells = [x.teachers for x in rows] + ([total.teachers] if total else [])
        if any(not c.isdigit() for c in cells):
            stated = next((c[1:] for c in cells if c.startswith("<")), "")
            out += [note(lang, int(stated) if stated.isdigit() else minimum), ""]
        for x in rows:
            region_rows = held.get((program, x.region), [])
            if not x.teachers.isdigit() or not region_rows:
                continue
            header = [w["kind"], *(LEVEL_NAMES[lv].get(lang, LEVEL_NAMES[lv]["en"]) for lv in levels), w["total"]]
            out += [f"### {_place(x.region, lang)}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            for kind in [k.value for k in SupportEventKind]:
                by_level = {c.level: c.held for c in region_rows if c.kind == kind}
                if by_level:
                    name = EVENT_KIND_NAMES[kind].get(lang, EVENT_KIND_NAMES[kind]["en"])
                    cells_ = [name, *(str(by_level.get(lv, 0)) for lv in levels), str(sum(by_level.values()))]
                    out.append("| " + " | ".join(cells_) + " |")
            out.append("")
    return "\n".join(out)


def _place(region: str, lang: str) -> str:
    place = REGION_NAMES.get(region, {}).get(lang) or REGIONS.get(region) or region
    return f"{place} ({region})" if place != region else region
