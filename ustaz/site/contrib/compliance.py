"""The compliance page, in every site language: each clause of the regulations by id with its title and note in
the page's language (ustaz/compliance_titles.yml; English where one is missing, marked lang="en"), what ustaz
does for it (ustaz/compliance.py is the one registry), where it is computed, and the centre's standing as counts. Built
from the public tree alone: P-6 and P-11 from programs/, S-10 from the counts staff published."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ...compliance import REGISTRY, clause_note, clause_title, public_standing
from ..extensions import GeneratedPage, page_generator, post_build
from ..htmlblock import html_block, page_path

if TYPE_CHECKING:
    from ...workspace import Workspace

PAGE = "compliance/index.md"
GROUPS = ("P", "C", "S", "M", "K", "N")

WORDS: dict[str, dict[str, str]] = {
    "title": {"kk": "Ережелерге сәйкестік", "ru": "Соответствие регламенту", "ky": "Жобого ылайыктуулук",
              "en": "Compliance with the regulations"},
    "intro": {"kk": "Ережелердің әр тармағы: ustaz оны қалай тексереді (тексеру кодтары, командалар, беттер) және "
                    "қай жерде есептеледі. Орталықтың ағымдағы жағдайы — тек сандар, есімдерсіз.",
              "ru": "Каждый пункт регламентов: что делает для него ustaz (коды проверок, команды, страницы) и где "
                    "это вычисляется. Текущее положение центра — только числа, без имён.",
              "ky": "Жоболордун ар бир пункту: ustaz ал үчүн эмне кылат (текшерүү коддору, буйруктар, барактар) "
                    "жана ал кайда эсептелет. Борбордун учурдагы абалы — сандар гана, аттарсыз.",
              "en": "Every clause of the regulations: what ustaz does for it (finding codes, commands, pages) and "
                    "where it is computed. The centre's standing now — counts only, never names."},
    "standing": {"kk": "Орталықтың жағдайы", "ru": "Положение центра", "ky": "Борбордун абалы",
                 "en": "The centre's standing"},
    "rule": {"kk": "Тармақ", "ru": "Пункт", "ky": "Пункт", "en": "Clause"},
    "what": {"kk": "Не", "ru": "Что", "ky": "Эмне", "en": "What"},
    "open": {"kk": "Мерзімі келмеген", "ru": "В сроке", "ky": "Мөөнөтү келе элек", "en": "Open"},
    "overdue": {"kk": "Мерзімі өткен", "ru": "Просрочено", "ky": "Мөөнөтү өткөн", "en": "Overdue"},
    "as_of": {"kk": "Күні", "ru": "На дату", "ky": "Күнү", "en": "As of"},
    "published": {"kk": "орталық жариялаған", "ru": "опубликовано центром", "ky": "борбор жарыялаган",
                  "en": "published by the centre"},
    "not_published": {"kk": "жарияланбаған", "ru": "не опубликовано", "ky": "жарыяланган эмес",
                      "en": "not published"},
    "standing_P-6": {"kk": "Талқылаудағы жобалар", "ru": "Проекты на обсуждении", "ky": "Талкуудагы долбоорлор",
                     "en": "Drafts in public discussion"},
    "standing_P-11": {"kk": "Қайта қарауы күтілетін бағдарламалар", "ru": "Программы, ожидающие пересмотра",
                      "ky": "Кайра кароону күткөн программалар", "en": "Programs whose review is due"},
    "standing_S-10": {"kk": "Ұйымдардың жартыжылдық есептері", "ru": "Полугодовые отчёты организаций",
                      "ky": "Уюмдардын жарым жылдык отчёттору", "en": "Organisations' half-year reports not sent"},
    "clause": {"kk": "Тармақ", "ru": "Пункт", "ky": "Пункт", "en": "Clause"},
    "findings": {"kk": "Тексеру кодтары", "ru": "Коды проверок", "ky": "Текшерүү коддору", "en": "Findings"},
    "commands": {"kk": "Командалар", "ru": "Команды", "ky": "Буйруктар", "en": "Commands"},
    "pages": {"kk": "Беттер", "ru": "Страницы", "ky": "Барактар", "en": "Pages"},
    "where": {"kk": "Қай жерде есептеледі", "ru": "Где вычисляется", "ky": "Кайда эсептелет",
              "en": "Where it is computed"},
    "where_public": {"kk": "ашық деректер", "ru": "открытые данные", "ky": "ачык маалыматтар", "en": "public tree"},
    "where_private": {"kk": "орталықтың жабық деректері", "ru": "закрытые данные центра",
                      "ky": "борбордун жабык маалыматтары", "en": "the centre's private tree"},
    "where_both": {"kk": "ашық және жабық деректер", "ru": "открытые и закрытые данные",
                   "ky": "ачык жана жабык маалыматтар", "en": "public and private trees"},
    "where_judgement": {"kk": "адам шешеді; ustaz тіркейді", "ru": "решает человек; ustaz фиксирует",
                        "ky": "адам чечет; ustaz каттайт", "en": "a person judges; ustaz records"},
    "group_P": {"kk": "Бағдарламалар", "ru": "Программы", "ky": "Программалар", "en": "Programs"},
    "group_C": {"kk": "Курстар", "ru": "Курсы", "ky": "Курстар", "en": "Courses"},
    "group_S": {"kk": "Курстан кейінгі қолдау", "ru": "Посткурсовое сопровождение", "ky": "Курстан кийинки колдоо",
                "en": "Post-course support"},
    "group_M": {"kk": "Бағдарламалардың тиімділігін мониторингтеу", "ru": "Мониторинг эффективности программ",
                "ky": "Программалардын натыйжалуулугун мониторинг кылуу", "en": "Monitoring of effectiveness"},
    "group_K": {"kk": "Қырғыз мектебі (002)", "ru": "Кыргызская школа (002)", "ky": "Кыргыз мектеби (002)",
                "en": "Kyrgyz school (002)"},
    "group_N": {"kk": "Жетекші мектептер желілері", "ru": "Сети ведущих школ", "ky": "Жетектөөчү мектептердин тармактары",
                "en": "Leading-school networks"},
}


def words(lang: str) -> dict[str, str]:
    return {key: names.get(lang) or names["en"] for key, names in WORDS.items()}


def page_url(page: str) -> str:
    """A docs path as its directory URL: programs/index.md → programs/, rules.md → rules/."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def published_pages(ctx: Workspace) -> set[str]:
    """The registry's pages this build publishes (docs paths without a language prefix): the catalogue,
    drafts, schedule, lookup, support and monitoring pages always; news and networks when their public data
    exist; hand-written pages when content/ has them (in the default language at least)."""
    from ...courses.diary import load_diaries
    from ...courses.schedule import load_schedule

    pages = {"programs/index.md", "drafts/index.md", "schedule/index.md", "verify/index.md", "support/index.md",
             "monitoring/index.md", PAGE}  # monitoring needs published surveys (data/aggregates/): see unlink_missing
    pages |= {c_page for c in REGISTRY for c_page in c.pages if (ctx.root / "content" / c_page).is_file()}
    diaries, _ = load_diaries(ctx.root, ctx.policy.diary.languages)
    scheduled = load_schedule(ctx.root)[0].by_id()
    if any(d.cohort in scheduled for d in diaries):
        pages.add("news/index.md")
    nets = ctx.networks
    if nets.leading_schools and nets.organizations_read:
        pages.add("networks/index.md")
    return pages


@page_generator
def compliance_pages(ctx: Workspace) -> Iterator[GeneratedPage]:
    standing, _ = public_standing(ctx)  # `ustaz check` reports data/compliance.yml's findings
    default = ctx.policy.default_language
    published = published_pages(ctx)
    for lang in ctx.policy.languages:
        w = words(lang)
        path = page_path(lang, default, PAGE)
        up = "../" * path.count("/")
        prefix = "" if lang == default else f"{lang}/"
        groups = [{"letter": g, "title": w[f"group_{g}"], "clauses": [c for c in REGISTRY if c.id.startswith(g + "-")]}
                  for g in GROUPS]

        def href(page: str, up: str = up, prefix: str = prefix, lang: str = lang) -> str:
            if page not in published:
                return ""
            # a hand-written page missing in this language falls back to the default language's
            here = prefix if page.startswith(("programs/", "drafts/", "schedule/", "verify/", "support/", "monitoring/",
                                              "news/", "networks/", "compliance/")) or \
                (ctx.root / "content" / prefix / page).is_file() else ""
            return f"{up}{here}{page_url(page)}"

        html = html_block("compliance.html", w=w, lang=lang, standing=standing, groups=groups,
                          title=lambda c, lang=lang: clause_title(c, lang), note=lambda c, lang=lang: clause_note(c, lang),
                          page_href=href,
                          page_name=lambda p: page_url(p).rstrip("/"))
        yield GeneratedPage(path=path, lang=lang, title=w["title"], content="\n".join([f"# {w['title']}", "", w["intro"]]),
                            html=html)


_PAGE_LINK = re.compile(r'<a class="ustaz-page" href="([^"#?]+)">([^<]*)</a>')


@post_build
def unlink_missing(ctx: Workspace, site_dir: Path) -> None:
    """The monitoring page exists only where data/aggregates/ holds a published survey (`ustaz publish
    aggregates`); this page does not read the aggregates, so once the site is written a link to a page that was
    not built becomes its plain name."""
    default = ctx.policy.default_language
    for lang in ctx.policy.languages:
        page = site_dir / page_path(lang, default, PAGE).replace("index.md", "index.html")
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")

        def keep(m: re.Match[str], folder: Path = page.parent) -> str:
            target = (folder / m.group(1)).resolve()
            exists = (target / "index.html").is_file() or target.is_file()
            return m.group(0) if exists and target.is_relative_to(site_dir.resolve()) else m.group(2)

        fixed = _PAGE_LINK.sub(keep, html)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")
