"""The program skeleton: program.yml and one Markdown file per language (P-4, P-5).

`ustaz new program` writes it to disk; `ustaz bot scaffold` commits it to a branch with the values an
author gave in the proposal form. Both call `program_skeleton`, so the two never drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .policy import Policy

_T = TypeVar("_T")

# What the skeleton leaves for the author to replace. The check `skeleton-placeholder` reports each one left as it
# is, so an untouched skeleton never reaches the site or the .docx sent to the authorised body.
PLACEHOLDER = "…"
PLACEHOLDER_LOGIN = "your-login"

# What P-5 asks each section to say, written into program.<lang>.md in the program's own language as a comment
# (a comment is not text: a section holding only its hint is still empty). Section 10 is printed from
# program.yml's `literature`, so its hint says to write nothing there.
SECTION_HINTS: Mapping[str, tuple[str, ...]] = {
    "kk": (
        "P-5 (1): бағдарламаның өзектілігі, мемлекеттік басымдықтармен және әлемдік үрдістермен байланысы.",
        "P-5 (2): бағдарламада қолданылатын терминдер мен олардың анықтамалары.",
        "P-5 (3): бағдарламаның жаңашылдық дәрежесі; бар ұқсас бағдарламаларды талдау.",
        "P-5 (4): мақсаты, міндеттері, күтілетін нәтижелері; практикалық маңызы, педагогтардың тәжірибесіне әсері.",
        ("P-5 (5): бағдарламаның жоспары (модульдер кестесі program.yml файлынан осында қойылады); "
        "нәтижелердің мақсаттарға сәйкестігі."),
        "P-5 (6): оқыту форматы, сағат саны, оқыту нысандары.",
        "P-5 (7): дидактикалық тәсіл және тиімді әдістер.",
        "P-5 (8): бағалау әдістері (C-15: тест, сабаққа қатысу, белсенділік, жоба).",
        "P-5 (9): курстан кейінгі қолдаудың форматы, нысандары мен әдістері.",
        ("P-5 (10): мұнда ештеңе жазбаңыз — тізім сайтта және .docx құжатында program.yml файлының "
        "literature өрісінен басылады."),
    ),
    "ru": (
        "P-5 (1): актуальность программы, связь с государственными приоритетами и мировыми тенденциями.",
        "P-5 (2): термины, используемые в программе, и их определения.",
        "P-5 (3): степень новизны программы; анализ существующих аналогов.",
        "P-5 (4): цель, задачи, ожидаемые результаты; практическая значимость, влияние на практику педагогов.",
        ("P-5 (5): план программы (таблица модулей подставляется сюда из program.yml); "
        "как результаты соотносятся с целями."),
        "P-5 (6): формат, количество часов, формы обучения.",
        "P-5 (7): дидактический подход и эффективные методы.",
        "P-5 (8): методы оценивания (C-15: тест, посещаемость, активность, проект).",
        "P-5 (9): формат, формы и методы посткурсового сопровождения.",
        ("P-5 (10): здесь ничего не пишите — список выводится на сайте и в .docx из поля literature "
        "файла program.yml."),
    ),
    "ky": (
        "P-5 (1): программанын актуалдуулугу, мамлекеттик артыкчылыктар жана дүйнөлүк тенденциялар менен байланышы.",
        "P-5 (2): программада колдонулган терминдер жана алардын аныктамалары.",
        "P-5 (3): программанын жаңылык даражасы; бар болгон окшош программаларды талдоо.",
        ("P-5 (4): максаты, милдеттери, күтүлүүчү натыйжалары; практикалык мааниси, мугалимдердин практикасына "
        "таасири."),
        ("P-5 (5): программанын планы (модулдардын таблицасы program.yml файлынан ушул жерге коюлат); "
        "натыйжалардын максаттарга шайкештиги."),
        "P-5 (6): окутуунун форматы, сааттардын саны, окутуунун формалары.",
        "P-5 (7): дидактикалык мамиле жана натыйжалуу ыкмалар.",
        "P-5 (8): баалоо ыкмалары (тест, катышуу, активдүүлүк, долбоор).",
        "P-5 (9): курстан кийинки колдоонун форматы, формалары жана ыкмалары.",
        ("P-5 (10): бул жерге эч нерсе жазбаңыз — тизме сайтта жана .docx документинде program.yml файлындагы "
        "literature талаасынан чыгарылат."),
    ),
    "en": (
        "P-5 (1): relevance, links to state priorities and world trends.",
        "P-5 (2): the terms used in the program.",
        "P-5 (3): degree of novelty; analysis of existing analogues.",
        "P-5 (4): aim, objectives, expected results; practical significance, effect on teachers' practice.",
        "P-5 (5): the plan (the module table from program.yml is rendered here); how results map to aims.",
        "P-5 (6): format, number of hours, forms of training.",
        "P-5 (7): didactic approach and effective methods.",
        "P-5 (8): assessment methods (C-15: test, attendance, activity, project).",
        "P-5 (9): format, forms and methods of post-course support.",
        ("P-5 (10): write nothing here — the list is printed on the site and in the .docx from program.yml's "
        "literature."),
    ),
}

# the first lines of program.<lang>.md: how to write it
TEXT_GUIDANCE: Mapping[str, str] = {
    "kk": "Әр бөлімнің мәтінін оның тақырыбының астындағы түсініктеменің орнына жазыңыз. Бөлім тақырыптарын "
          "өзгертпеңіз (P-4). Бірінші жолдағы «…» орнына бағдарламаның атауын жазыңыз.",
    "ru": "Пишите текст каждого раздела вместо комментария под его заголовком. Заголовки разделов не меняйте "
          "(P-4). Вместо «…» в первой строке напишите название программы.",
    "ky": "Ар бир бөлүмдүн текстин анын аталышынын астындагы түшүндүрмөнүн ордуна жазыңыз. Бөлүмдөрдүн "
          "аталыштарын өзгөртпөңүз (P-4). Биринчи саптагы «…» ордуна программанын аталышын жазыңыз.",
    "en": "Write each section's text in place of the comment under its heading. Keep the section titles (P-4). "
          "Replace «…» on the first line with the program's title.",
}

# program.yml's guidance, as a comment at its top, in the program's first language
YAML_GUIDANCE: Mapping[str, str] = {
    "kk": "Әрбір «…» және your-login орнына нақты мәнін жазыңыз; модульдер мен әдебиеттерді толтырыңыз.",
    "ru": "Замените каждое «…» и your-login настоящим значением; заполните модули и литературу.",
    "ky": "Ар бир «…» жана your-login ордуна чыныгы маанисин жазыңыз; модулдарды жана адабияттарды толтуруңуз.",
    "en": "Replace every «…» and your-login with the real value; fill in the modules and the literature.",
}


@dataclass(frozen=True, kw_only=True)
class SkeletonAuthor:
    name: str
    github: str


@dataclass(frozen=True, kw_only=True)
class SkeletonValues:
    """What is known about a new program; anything left empty becomes a placeholder to fill in."""

    program_id: str
    languages: tuple[str, ...]
    title: Mapping[str, str] = field(default_factory=dict)
    audience: Mapping[str, str] = field(default_factory=dict)
    direction: str = ""
    kind: str = "course"
    hours: int | None = None
    form: str = "blended"
    authors: tuple[SkeletonAuthor, ...] = ()
    needs_analysis: tuple[dt.date, str] | None = None  # (date, protocol number), P-2


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _localized(values: Mapping[str, str], languages: Sequence[str], indent: str) -> str:
    return "".join(f"\n{indent}{lang}: {_q(values.get(lang, PLACEHOLDER))}" for lang in languages)


def _in(texts: Mapping[str, _T], lang: str) -> _T:
    """The text in `lang`, else in English (a language the policy adds without guidance)."""
    return texts.get(lang, texts["en"])


def program_skeleton(policy: Policy, v: SkeletonValues) -> dict[str, str]:
    """File name → text for programs/<id>/."""
    hours = v.hours if v.hours is not None else policy.course_hours
    theory = hours // 4
    direction = v.direction or policy.directions[0]
    authors = v.authors or (SkeletonAuthor(name=PLACEHOLDER, github=PLACEHOLDER_LOGIN),)
    author_lines = "".join(f"\n  - {{name: {_q(a.name)}, github: {_q(a.github)}}}" for a in authors)
    if v.needs_analysis is not None:
        day, protocol = v.needs_analysis
        lifecycle = f"lifecycle:\n  - {{event: needs-analysis, date: {day.isoformat()}, protocol: {_q(protocol)}}}\n"
    else:
        lifecycle = "lifecycle: []               # - {event: needs-analysis, date: YYYY-MM-DD, protocol: \"N\"}\n"
    guide = _in(YAML_GUIDANCE, v.languages[0] if v.languages else "en")
    yml = f"""# {guide}
id: {v.program_id}
title:{_localized(v.title, v.languages, '  ')}
direction: {direction}   # one of: {', '.join(policy.directions)}
audience:{_localized(v.audience, v.languages, '  ')}
kind: {v.kind}                # course | retraining
hours: {hours}
form: {v.form}               # in-person | online | blended
languages: [{', '.join(v.languages)}]
authors:{author_lines}
modules:                    # theory + practice + independent add up to hours
  - title:{_localized({}, v.languages, '      ')}
    hours: {{theory: {theory}, practice: {hours - theory}, independent: 0}}
literature: []              # - {{ref: "Author. Title. — City: Publisher, YEAR.", year: YEAR, kind: main, origin: domestic}}
{lifecycle}"""
    files = {"program.yml": yml}
    for lang in v.languages:
        parts = [f"# {v.title.get(lang, PLACEHOLDER)}", "", f"<!-- {_in(TEXT_GUIDANCE, lang)} -->", ""]
        for title, hint in zip(policy.section_titles(lang), _in(SECTION_HINTS, lang)):
            parts += [f"## {title}", "", f"<!-- {hint} -->", ""]
        files[f"program.{lang}.md"] = "\n".join(parts)
    return files
