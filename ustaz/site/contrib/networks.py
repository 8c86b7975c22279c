"""Site pages of the leading-school networks (N-1 … N-5, N-6 openness): an index and one page per network
with its schools, coordination centre, events and resources, and the centres' monitoring research (N-5),
in every site language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ...courses.trainers import load_roster
from ...networks.model import Networks, Organization, Study
from ...vocab import (
    DIRECTION_NAMES,
    NETWORK_EVENT_NAMES,
    REGION_NAMES,
    RESEARCH_METHOD_NAMES,
    RESEARCH_STATUS_NAMES,
    RESOURCE_KIND_NAMES,
    name_in,
)
from ..extensions import GeneratedPage, page_generator
from ..markdown import md_text
from ..publish import symlink_on_way

if TYPE_CHECKING:
    from ...workspace import Workspace

LABELS: dict[str, dict[str, str]] = {
    "networks": {"kk": "Желілік қоғамдастықтар", "ru": "Сетевые сообщества", "ky": "Тармактык коомдоштуктар",
                 "en": "Network communities"},
    "intro": {"kk": "Жетекші мектептер серіктес мектептермен бірге кәсіби желілік қоғамдастықтарды ұйымдастырады.",
              "ru": "Ведущие школы вместе с партнёрскими школами организуют профессиональные сетевые сообщества.",
              "ky": "Жетектөөчү мектептер өнөктөш мектептер менен бирге кесиптик тармактык коомдоштуктарды уюштурат.",
              "en": "Leading schools organise professional network communities together with their partner schools."},
    "network": {"kk": "Желі", "ru": "Сеть", "ky": "Тармак", "en": "Network"},
    "leading": {"kk": "Жетекші мектеп", "ru": "Ведущая школа", "ky": "Жетектөөчү мектеп", "en": "Leading school"},
    "partner": {"kk": "Серіктес мектеп", "ru": "Партнёрская школа", "ky": "Өнөктөш мектеп", "en": "Partner school"},
    "partners": {"kk": "Серіктес мектептер", "ru": "Партнёрские школы", "ky": "Өнөктөш мектептер",
                 "en": "Partner schools"},
    "centre": {"kk": "Үйлестіру орталығы", "ru": "Координационный центр", "ky": "Координациялык борбор",
               "en": "Coordination centre"},
    "schools": {"kk": "Желі мектептері", "ru": "Школы сети", "ky": "Тармактын мектептери", "en": "Schools of the network"},
    "school": {"kk": "Мектеп", "ru": "Школа", "ky": "Мектеп", "en": "School"},
    "role": {"kk": "Рөлі", "ru": "Роль", "ky": "Ролу", "en": "Role"},
    "region": {"kk": "Өңір", "ru": "Регион", "ky": "Аймак", "en": "Region"},
    "locality": {"kk": "Елді мекен", "ru": "Местность", "ky": "Жайгашкан жери", "en": "Locality"},
    "urban": {"kk": "қала", "ru": "город", "ky": "шаар", "en": "urban"},
    "rural": {"kk": "ауыл", "ru": "село", "ky": "айыл", "en": "rural"},
    "events": {"kk": "Желілік іс-шаралар", "ru": "Сетевые мероприятия", "ky": "Тармактык иш-чаралар",
               "en": "Network events"},
    "date": {"kk": "Күні", "ru": "Дата", "ky": "Күнү", "en": "Date"},
    "kind": {"kk": "Түрі", "ru": "Вид", "ky": "Түрү", "en": "Kind"},
    "topic": {"kk": "Тақырыбы", "ru": "Тема", "ky": "Темасы", "en": "Topic"},
    "participants": {"kk": "Қатысушылар", "ru": "Участники", "ky": "Катышуучулар", "en": "Participants"},
    "materials": {"kk": "материалдар", "ru": "материалы", "ky": "материалдар", "en": "materials"},
    "resources": {"kk": "Ресурс базасы", "ru": "База ресурсов", "ky": "Ресурстук база", "en": "Resource base"},
    "none": {"kk": "Әзірге жоқ.", "ru": "Пока нет.", "ky": "Азырынча жок.", "en": "None yet."},
    "research": {"kk": "Мониторингтік зерттеулер", "ru": "Мониторинговые исследования",
                 "ky": "Мониторингдик изилдөөлөр", "en": "Monitoring research"},
    "research_intro": {"kk": "Үйлестіру орталығы оқытылған мұғалімдердің негізгі идеяларды бейімдеуіне мониторингтік "
                             "зерттеу жүргізеді.",
                       "ru": "Координационный центр проводит мониторинговые исследования адаптации ключевых идей "
                             "обученными учителями.",
                       "ky": "Координациялык борбор окутулган мугалимдердин негизги идеяларды ыңгайлаштыруусуна "
                             "мониторингдик изилдөө жүргүзөт.",
                       "en": "The coordination centre monitors how trained teachers adapt the key ideas."},
    "study": {"kk": "Зерттеу", "ru": "Исследование", "ky": "Изилдөө", "en": "Study"},
    "studies": {"kk": "Бағдарлама немесе бағыт", "ru": "Программа или направление", "ky": "Программа же багыт",
                "en": "Program or direction"},
    "method": {"kk": "Әдісі", "ru": "Метод", "ky": "Ыкмасы", "en": "Method"},
    "period": {"kk": "Мерзімі", "ru": "Сроки", "ky": "Мөөнөтү", "en": "Period"},
    "teachers": {"kk": "Мұғалімдер", "ru": "Учителя", "ky": "Мугалимдер", "en": "Teachers"},
    "status": {"kk": "Күйі", "ru": "Статус", "ky": "Абалы", "en": "Status"},
    "report": {"kk": "Есеп", "ru": "Отчёт", "ky": "Отчёт", "en": "Report"},
    "leaders": {"kk": "Желі көшбасшылары (орталық тренерлері)", "ru": "Лидеры сети (тренеры центра)",
                "ky": "Тармактын лидерлери (борбордун тренерлери)", "en": "Network leaders (the centre's trainers)"},
    "users": {"kk": "Пайдаланушылар", "ru": "Пользователи", "ky": "Колдонуучулар", "en": "Users"},
    "users_text": {"kk": "желі мектептерінің іс-шараларға қатысатын барлық педагогтері",
                   "ru": "все педагоги школ сети, участвующие в её мероприятиях",
                   "ky": "тармактын мектептеринин иш-чараларга катышкан бардык мугалимдери",
                   "en": "every teacher of the network's schools who takes part in its events"},
}


def label(key: str, lang: str) -> str:
    names = LABELS[key]
    return names.get(lang) or names["en"]


def md_link(text: str, url: str) -> str:
    """A link to an http(s) address (the Table Schema only lets those in); anything else stays text."""
    if not url.startswith(("https://", "http://")):
        return md_text(text)
    return f"[{md_text(text)}]({quote(url, safe=':/?#=&%@+,;~-._!$*')})"


def _page_path(lang: str, default: str, name: str) -> str:
    return f"networks/{name}.md" if lang == default else f"{lang}/networks/{name}.md"


def region_name(code: str, lang: str) -> str:
    return md_text(name_in(REGION_NAMES, code, lang))


def _school_row(org: Organization, lang: str) -> str:
    role = label("leading" if org.is_leading else "partner", lang)
    return f"| {md_text(org.name(lang))} | {role} | {region_name(org.region, lang)} | {label(org.locality, lang)} |"


def _program_name(code: str, programs: dict[str, str], lang: str) -> str:
    return md_text(programs.get(code) or name_in(DIRECTION_NAMES, code, lang))


def research_table(studies: list[Study], nets: Networks, programs: dict[str, str], lang: str, today: dt.date,
                   depth: int, with_centre: bool, published: frozenset[str] = frozenset()) -> list[str]:
    """The N-5 studies as a Markdown table; `depth` is how many folders the page is below the docs
    root, so a report's path under content/ (one of `published`) becomes a link relative to the page."""
    if not studies:
        return [label("none", lang)]
    head = [label("study", lang), label("studies", lang), label("method", lang), label("period", lang),
            label("teachers", lang), label("status", lang), label("report", lang)]
    if with_centre:
        head.insert(0, label("centre", lang))
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    centres = {c.id: c for c in nets.centres}
    for s in studies:
        period = s.started.isoformat() + " – " + (s.ended.isoformat() if s.ended else "…")
        status = name_in(RESEARCH_STATUS_NAMES, s.status(today).value, lang)
        if not s.report:
            report = ""
        elif s.report.startswith("https://"):
            report = md_link(label("report", lang), s.report)
        elif s.report in published:  # a file under content/ that the site publishes
            report = f"[{md_text(label('report', lang))}]({quote('../' * depth + s.report, safe='/.-_~')})"
        else:  # `ustaz check` reports the missing file; a dead link would stop the strict build
            report = ""
        cells = [md_text(s.title(lang)), _program_name(s.program, programs, lang),
                 md_text(name_in(RESEARCH_METHOD_NAMES, s.method, lang)), period,
                 "" if s.teachers is None else str(s.teachers), md_text(status), report]
        if with_centre:
            centre = centres.get(s.centre)
            cells.insert(0, md_text(centre.name(lang) if centre else s.centre))
        out.append("| " + " | ".join(cells) + " |")
    return out


def network_page(nets: Networks, lead: Organization, partners: list[Organization], lang: str,
                 programs: dict[str, str] | None = None, today: dt.date | None = None, depth: int = 1,
                 published: frozenset[str] = frozenset(), leaders: dict[str, str] | None = None) -> str:
    out = [f"# {label('network', lang)}: {md_text(lead.name(lang))}", ""]
    out.append(f"**{label('leading', lang)}:** {md_text(lead.name(lang))} ({region_name(lead.region, lang)})")
    centre = nets.centre_of(lead.region)
    if centre is not None:
        out += ["", f"**{label('centre', lang)}:** {md_text(centre.name(lang))}"]
        if centre.leaders:  # N-3: the centre's trainers lead the networks (names from the public data/trainers.csv)
            names = ", ".join(md_text((leaders or {}).get(t) or t) for t in centre.leaders)
            out += ["", f"**{label('leaders', lang)}:** {names}"]
    out += ["", (f"**{label('partners', lang)}:** {len(partners)} · **{label('users', lang)}:** "
                 f"{label('users_text', lang)}")]
    out += ["", f"## {label('schools', lang)}", "",
            f"| {label('school', lang)} | {label('role', lang)} | {label('region', lang)} | {label('locality', lang)} |",
            "|---|---|---|---|", _school_row(lead, lang)]
    out += [_school_row(p, lang) for p in sorted(partners, key=lambda p: p.name(lang))]
    out += ["", f"## {label('events', lang)}", ""]
    events = nets.events_of(lead.id)
    if events:
        out += [(f"| {label('date', lang)} | {label('kind', lang)} | {label('topic', lang)} | "
                 f"{label('participants', lang)} |"), "|---|---|---|---|"]
        for e in events:
            kind = NETWORK_EVENT_NAMES.get(e.kind, {}).get(lang) or e.kind
            topic = md_link(e.title(lang), e.url) if e.url else md_text(e.title(lang))
            count = "" if e.participants is None else str(e.participants)
            out.append(f"| {e.date.isoformat()} | {md_text(kind)} | {topic} | {count} |")
    else:
        out.append(label("none", lang))
    out += ["", f"## {label('resources', lang)}", ""]
    resources = nets.resources_of(lead.id)
    for r in resources:
        kind = RESOURCE_KIND_NAMES.get(r.kind, {}).get(lang) or r.kind
        out.append(f"- {md_text(kind)}: {md_link(r.title(lang), r.url)}")
    if not resources:
        out.append(label("none", lang))
    if centre is not None and today is not None:
        out += ["", f"## {label('research', lang)}", "", label("research_intro", lang), ""]
        out += research_table(nets.research_of(centre.id), nets, programs or {}, lang, today, depth, False,
                              published)
    return "\n".join(out) + "\n"


def index_page(nets: Networks, partners: dict[str, list[Organization]], lang: str,
               programs: dict[str, str] | None = None, today: dt.date | None = None, depth: int = 1,
               published: frozenset[str] = frozenset()) -> str:
    out = [f"# {label('networks', lang)}", "", label("intro", lang), "",
           (f"| {label('leading', lang)} | {label('region', lang)} | {label('partners', lang)} | "
            f"{label('events', lang)} |"), "|---|---|---|---|"]
    for lead in sorted(nets.leading_schools, key=lambda o: (o.region, o.name(lang))):
        out.append(f"| [{md_text(lead.name(lang))}]({lead.id}.md) | {region_name(lead.region, lang)} | "
                   f"{len(partners.get(lead.id, []))} | {len(nets.events_of(lead.id))} |")
    if nets.research and today is not None:
        order = {c.id: n for n, c in enumerate(nets.centres)}
        studies = sorted(nets.research, key=lambda s: (order.get(s.centre, len(order)), -s.started.toordinal(), s.id))
        out += ["", f"## {label('research', lang)}", "", label("research_intro", lang), ""]
        out += research_table(studies, nets, programs or {}, lang, today, depth, True, published)
    return "\n".join(out) + "\n"


@page_generator
def network_pages(ctx: Workspace) -> Iterator[GeneratedPage]:
    nets = ctx.networks  # `ustaz check` reports the tables' findings
    if not nets.leading_schools or not nets.organizations_read:
        return
    partners = nets.partners_by_leading()
    default = ctx.policy.default_language
    published = _published_reports(nets, ctx.root / "content")
    roster, _ = load_roster(ctx.root)
    leaders = {t.id: t.name for t in roster or ()}
    for lang in ctx.policy.languages:
        programs = {pid: p.title_in(lang) for pid, p in ctx.project.program_map.items()}
        index = _page_path(lang, default, "index")
        yield GeneratedPage(path=index, lang=lang, title=label("networks", lang),
                            content=index_page(nets, partners, lang, programs, ctx.today, index.count("/"), published))
        for lead in nets.leading_schools:
            path = _page_path(lang, default, lead.id)
            yield GeneratedPage(path=path, lang=lang, title=f"{label('network', lang)}: {lead.name(lang)}",
                                content=network_page(nets, lead, partners.get(lead.id, []), lang, programs,
                                                     ctx.today, path.count("/"), published, leaders))


def _published_reports(nets: Networks, content: Path) -> frozenset[str]:
    """The studies' report paths that name a file under content/ (never one that leaves it, never a symlink:
    the build does not publish those, publish.py)."""
    return frozenset(s.report for s in nets.research
                     if s.report and not s.report.startswith("https://") and ".." not in s.report.split("/")
                     and (content / s.report).is_file() and symlink_on_way(content / s.report, content) is None)
