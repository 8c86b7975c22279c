"""The public, anonymous summary of post-course support (S-8, S-11): held events counted by kind and
level, per program and region. Counts only — never a teacher's name or id, an organisation, a date,
a title or an evidence link — so it may go on the public site."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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


def to_markdown(summary: SupportSummary, lang: str, program_titles: Mapping[str, str], minimum: int) -> str:
    """Per program, teachers and events per region, then one table per region: rows are event kinds, columns
    the levels (S-8). Teachers per region are counts of people: below `minimum` (the policy's
    `privacy.min_cell_count`) a region shows "< N", more cells are withheld ("x") so the total cannot give it
    away, and a region whose count is hidden gets no table of its events (C-8)."""
    w = WORDS.get(lang, WORDS["en"])
    levels = [lv.value for lv in SupportLevel]
    out = [f"# {w['title']}", "", w["intro"], ""]
    if not summary.teachers:
        return "\n".join(out + [w["none"], ""])
    held: dict[tuple[str, str], list[SupportCount]] = {}
    for c in summary.counts:
        held.setdefault((c.program, c.region), []).append(c)
    for program in sorted({p for p, _ in summary.teachers}):
        regions = sorted(r for p, r in summary.teachers if p == program)
        people = Line.protect([summary.teachers[(program, r)] for r in regions], minimum)
        events = Line.follow([sum(c.held for c in held.get((program, r), [])) for r in regions], people)
        out += [f"## {program_titles.get(program, program)}", "",
                f"| {w['region']} | {w['teachers'].capitalize()} | {w['events'].capitalize()} |", "|---|---:|---:|"]
        out += [f"| {_place(r, lang)} | {n} | {e} |" for r, n, e in zip(regions, people.texts(), events.texts(),
                                                                        strict=True)]
        out += [f"| {w['total']} | {people.total_text()} | {events.total_text()} |", ""]
        if people.any_hidden:
            out += [note(lang, minimum), ""]
        for region, cell in zip(regions, people.cells, strict=True):
            rows = held.get((program, region), [])
            if cell.hidden or not rows:
                continue
            header = [w["kind"], *(LEVEL_NAMES[lv].get(lang, LEVEL_NAMES[lv]["en"]) for lv in levels), w["total"]]
            out += [f"### {_place(region, lang)}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            for kind in [k.value for k in SupportEventKind]:
                by_level = {c.level: c.held for c in rows if c.kind == kind}
                if by_level:
                    name = EVENT_KIND_NAMES[kind].get(lang, EVENT_KIND_NAMES[kind]["en"])
                    cells = [name, *(str(by_level.get(lv, 0)) for lv in levels), str(sum(by_level.values()))]
                    out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return "\n".join(out)


def _place(region: str, lang: str) -> str:
    place = REGION_NAMES.get(region, {}).get(lang) or REGIONS.get(region) or region
    return f"{place} ({region})" if place != region else region
