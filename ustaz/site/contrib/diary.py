"""The course diaries (C-12) on the site: a news page per cohort in every site language, a list of them,
and an Atom feed per cohort and diary language. Built from the public tree alone (data/diary/,
data/schedule/, programs/); every value from a file goes through an autoescaping template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from ...courses.diary import Diary, DiaryEntry, Post, load_diaries
from ...courses.schedule import ScheduledCohort, load_schedule
from ..extensions import GeneratedPage, page_generator
from ..htmlblock import html_block, page_path, render_text

if TYPE_CHECKING:
    from ...workspace import Workspace

WORDS: dict[str, dict[str, str]] = {
    "news": {"kk": "Курс жаңалықтары", "ru": "Новости курсов", "ky": "Курстардын жаңылыктары", "en": "Course news"},
    "intro": {"kk": "Курстың әр күні туралы екі тілдегі жазбалар.", "ru": "Заметки о каждом дне курса на двух языках.",
              "ky": "Курстун ар бир күнү тууралуу эки тилдеги жазуулар.",
              "en": "A post about every day of a course, in two languages."},
    "diary": {"kk": "Курс күнделігі", "ru": "Дневник курса", "ky": "Курстун күндөлүгү", "en": "Course diary"},
    "cohort": {"kk": "Топ", "ru": "Группа", "ky": "Топ", "en": "Cohort"},
    "program": {"kk": "Бағдарлама", "ru": "Программа", "ky": "Программа", "en": "Program"},
    "dates": {"kk": "Мерзімі", "ru": "Сроки", "ky": "Мөөнөтү", "en": "Dates"},
    "posts": {"kk": "Жазбалар", "ru": "Записи", "ky": "Жазуулар", "en": "Posts"},
    "post": {"kk": "Жазба", "ru": "Публикация", "ky": "Жазуу", "en": "Post"},
    "feed": {"kk": "Atom арнасы", "ru": "Лента Atom", "ky": "Atom тасмасы", "en": "Atom feed"},
    "none": {"kk": "Әзірге жазба жоқ.", "ru": "Пока записей нет.", "ky": "Азырынча жазуулар жок.",
             "en": "No posts yet."},
    "all": {"kk": "Барлық жаңалықтар", "ru": "Все новости", "ky": "Бардык жаңылыктар", "en": "All news"},
}


def words(lang: str) -> dict[str, str]:
    return {key: names.get(lang) or names["en"] for key, names in WORDS.items()}


@dataclass(frozen=True, kw_only=True)
class FeedEntry:
    date: dt.date
    title: str
    text: str


def feed_path(cohort: str, lang: str) -> str:
    return f"news/{cohort}.{lang}.xml"


def _shown_posts(entry: DiaryEntry, lang: str, languages: tuple[str, ...]) -> list[tuple[str, Post]]:
    """The page's language where the diary has it, else every diary language."""
    if lang in entry.posts:
        return [(lang, entry.posts[lang])]
    return [(code, entry.posts[code]) for code in languages if code in entry.posts]


@page_generator
def diary_pages(ctx: Workspace) -> Iterator[GeneratedPage]:
    languages = ctx.policy.diary.languages
    diaries, _ = load_diaries(ctx.root, languages)  # `ustaz check` reports the files' findings
    schedule, _ = load_schedule(ctx.root)
    scheduled = schedule.by_id()
    shown: list[tuple[Diary, ScheduledCohort, list[DiaryEntry]]] = []
    for diary in diaries:
        sched = scheduled.get(diary.cohort)
        if sched is not None:
            shown.append((diary, sched, [e for e in diary.entries if e.date <= ctx.today]))
    if not shown:
        return
    default = ctx.policy.default_language
    programs = ctx.project.program_map
    site = ctx.policy.site_url
    for lang in ctx.policy.languages:
        w = words(lang)

        def title_of(program: str, lang: str = lang) -> str:
            p = programs.get(program)
            return p.title_in(lang) if p is not None else program

        rows = [{"cohort": s.cohort, "program_title": title_of(s.program), "starts": s.starts,
                 "ends": s.ends, "count": len(entries)} for _, s, entries in shown]
        index = page_path(lang, default, "news/index.md")
        body = [f"# {w['news']}", "", w["intro"], "", *[f"- [{r['cohort']}]({r['cohort']}.md)" for r in rows], ""]
        yield GeneratedPage(path=index, lang=lang, title=w["news"], content="\n".join(body),
                            html=html_block("news.html", words=w, rows=rows))
        depth = "../" * index.count("/")
        for diary, sched, entries in shown:
            path = page_path(lang, default, f"news/{diary.cohort}.md")
            feeds = " · ".join(f"[{w['feed']} ({code})]({depth}{feed_path(diary.cohort, code)})" for code in languages)
            view = [{"date": e.date, "links": e.links, "posts": _shown_posts(e, lang, languages)}
                    for e in reversed(entries)]
            body = [f"# {w['diary']}: {diary.cohort}", "", f"[{w['all']}](index.md) · {feeds}", ""]
            yield GeneratedPage(path=path, lang=lang, title=f"{w['diary']}: {diary.cohort}", content="\n".join(body),
                                html=html_block("diary.html", words=w, cohort=diary.cohort,
                                                program_title=title_of(sched.program), starts=sched.starts,
                                                ends=sched.ends, entries=view))
    host = urlparse(site).hostname or "ustaz.invalid"
    author = ctx.policy.organisation.get("name")
    for diary, sched, entries in shown:
        for code in languages:
            posts = [FeedEntry(date=e.date, title=e.posts[code].title, text=e.posts[code].text)
                     for e in reversed(entries) if code in e.posts]
            prefix = "" if code == default or code not in ctx.policy.languages else f"{code}/"
            name = author.get(code) or author.get(default) if isinstance(author, dict) else author
            updated = (posts[0].date if posts else sched.starts).isoformat() + "T00:00:00Z"
            yield GeneratedPage(path=feed_path(diary.cohort, code), lang=code, content=render_text(
                "diary.atom.xml", lang=code, feed_id=f"tag:{host},{sched.starts.year}:news/{diary.cohort}/{code}",
                title=f"{words(code)['diary']}: {diary.cohort}", updated=updated,
                self_url=f"{site}/{feed_path(diary.cohort, code)}", page_url=f"{site}/{prefix}news/{diary.cohort}/",
                author=str(name or site), entries=posts))
