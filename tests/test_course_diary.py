"""C-12: the course diary — a post for every course day in the policy's two diary languages — is checked
(missing days, dates off the course, listeners named in a public post) and published as the course's news
with an Atom feed, every value escaped."""

from __future__ import annotations

import csv
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from ustaz.checks import Context, run
from ustaz.project import Project
from ustaz.site.contrib.diary import diary_pages
from ustaz.site.extensions import PAGE_GENERATORS, load_contrib

DIARY = "data/diary/2026-rb-kk-01.yml"
CODES = ("diary-day-missing", "diary-date", "diary-cohort", "diary-personal-data", "diary-file")
ATOM = "{http://www.w3.org/2005/Atom}"


def _ctx(project: Path, today: str = "2026-11-23") -> Context:
    return Context(project=Project.load(project), today=dt.date.fromisoformat(today))


def _found(project: Path, today: str = "2026-11-23") -> list[tuple[str, str, int | None, str]]:
    return [(f.code, f.path, f.line, f.message) for f in run(_ctx(project, today)) if f.code in CODES]


def _edit(project: Path, old: str, new: str) -> None:
    path = project / DIARY
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_c12_the_shipped_diary_covers_every_course_day_in_both_languages(project: Path) -> None:
    assert _found(project) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_c12_a_course_day_without_a_post_in_one_language_warns(project: Path, lang: str) -> None:
    text = (project / DIARY).read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if "2026-10-07" in line)
    del text[at + (1 if lang == "kk" else 2)]
    (project / DIARY).write_text("\n".join(text) + "\n", encoding="utf-8")
    found = _found(project)
    assert [(c, p, line) for c, p, line, _ in found] == [("diary-day-missing", DIARY, at + 1)]
    assert f"2026-10-07 of 2026-rb-kk-01 has no diary post in {lang}" in found[0][3]


def test_c12_a_missing_day_and_a_cohort_without_a_diary(project: Path) -> None:
    text = (project / DIARY).read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if "2026-10-08" in line)
    del text[at:at + 3]
    (project / DIARY).write_text("\n".join(text) + "\n", encoding="utf-8")
    assert [(c, line) for c, _, line, _ in _found(project)] == [("diary-day-missing", None)]
    # the ru cohort starts on 2026-11-30: no diary is due before it starts, then one day at a time
    assert not [f for f in _found(project, "2026-11-27") if "2026-rb-ru-01" in f[1]]
    later = [f for f in _found(project, "2026-12-01") if "2026-rb-ru-01" in f[1]]
    assert [(c, p) for c, p, _, _ in later] == [("diary-day-missing", "data/diary/2026-rb-ru-01.yml")]
    assert "2 course day(s)" in later[0][3]


def test_c12_dates_off_the_course_twice_or_for_an_unknown_cohort(project: Path) -> None:
    _edit(project, "date: 2026-10-06", "date: 2026-10-10")  # a Saturday
    _edit(project, "date: 2026-10-07", "date: 2026-10-05")  # twice
    (project / "data/diary/2099-nope-01.yml").write_text("entries: []\n", encoding="utf-8")
    found = {(c, p) for c, p, _, _ in _found(project)}
    assert {("diary-date", DIARY), ("diary-cohort", "data/diary/2099-nope-01.yml")} <= found
    assert len([c for c, _, _, _ in _found(project) if c == "diary-date"]) == 2


def test_c12_the_public_diary_names_no_listener(project: Path) -> None:
    listeners = project / "examples/private/cohorts/2026-rb-kk-01/listeners.csv"
    rows = list(csv.DictReader(listeners.open(encoding="utf-8")))
    for row in rows:  # every listener's surname, in any case, is caught; the finding names the id only
        _edit(project, "text: \"Команды собрали прототипы.\"", f"text: \"Команды собрали прототипы. "
                                                               f"{row['surname'].upper()} молодец.\"")
        found = [f for f in _found(project) if f[0] == "diary-personal-data"]
        assert len(found) == 1 and row["listener"] in found[0][3] and row["surname"] not in found[0][3]
        _edit(project, f" {row['surname'].upper()} молодец.", "")
    _edit(project, "text: \"Команды собрали прототипы.\"", "text: \"ИИН 850101400001\"")
    assert [c for c, _, _, _ in _found(project)] == ["diary-personal-data"]


@pytest.mark.parametrize("text", ["- a list\n", "entries: 3\n", "entries:\n  - {date: soon}\n",
                                  "entries:\n  - {date: 2026-10-05, kk: {title: x}}\n", "{{", "x" * 10 + ": [",
                                  "entries:\n  - {date: 2026-10-05, links: [\"javascript:alert(1)\"]}\n"])
def test_c12_a_malformed_diary_is_a_finding_not_a_crash(project: Path, text: str) -> None:
    (project / DIARY).write_text(text, encoding="utf-8")
    found = [f for f in run(_ctx(project)) if f.path == DIARY and f.is_error]
    assert found, text
    list(diary_pages(_ctx(project)))  # the site still builds


def _pages(project: Path) -> dict[str, str]:
    return {p.path: p.content + p.html for p in diary_pages(_ctx(project))}


def test_c12_news_pages_per_language_and_an_atom_feed_per_diary_language(project: Path) -> None:
    load_contrib()
    assert diary_pages in PAGE_GENERATORS
    got = _pages(project)
    for prefix in ("", "ru/", "en/"):
        assert f"{prefix}news/index.md" in got and f"{prefix}news/2026-rb-kk-01.md" in got
    ru = markdown.markdown(got["ru/news/2026-rb-kk-01.md"])
    assert ru.count('class="ustaz-diary-entry"') == 12 and "Защита творческих проектов" in ru
    assert "Шығармашылық жобалар қорғалды" not in ru  # the ru page shows the ru posts
    for lang in ("kk", "ru"):
        feed = ET.fromstring(got[f"news/2026-rb-kk-01.{lang}.xml"].encode())
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 12
        assert entries[0].find(f"{ATOM}updated").text == "2026-10-20T00:00:00Z"  # newest first
    # a post dated after the build day is not published yet
    assert len(ET.fromstring(diary_pages_on(project, "2026-10-09")["news/2026-rb-kk-01.kk.xml"].encode())
               .findall(f"{ATOM}entry")) == 5  # 5 … 9 October


def diary_pages_on(project: Path, day: str) -> dict[str, str]:
    return {p.path: p.content + p.html for p in diary_pages(_ctx(project, day))}


PAYLOAD = "<script>alert(1)</script>\"'&<b>x</b>]]>"


def test_c12_every_field_is_escaped_in_pages_and_feeds(project: Path) -> None:
    quoted = PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')
    for old in ('title: "Курс начался: введение в робототехнику"',
                'text: "В первый день слушатели познакомились с наборами и запустили первый мотор."'):
        key = old.split(":")[0]
        _edit(project, old, f'{key}: "{quoted}"')
    _edit(project, '"https://example.org/ustaz-centre/posts/2026-rb-kk-01-projects"',
          '"https://example.org/\\"><script>alert(2)</script>"')
    for path, content in _pages(project).items():
        assert "<script>" not in content and "<b>x</b>" not in content, path
        if path.endswith(".xml"):
            root = ET.fromstring(content.encode())  # still well-formed
            if path.endswith(".ru.xml"):
                assert PAYLOAD in [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


def test_c12_days_are_due_from_the_first_diary_on(project: Path) -> None:
    """Cohorts that started before the centre's first diary are not held to it; without any diary only a
    running course is reminded (a centre starting with ustaz is not flooded by its history)."""
    schedule = project / "data/schedule/2026.csv"
    schedule.write_text(schedule.read_text(encoding="utf-8") +
                        "2026-rb-kk-00,robotics-basics,kk,2,2026-09-07,2026-09-18,KZ-71,blended,25,true\n",
                        encoding="utf-8")
    assert not [f for f in _found(project) if "2026-rb-kk-00" in f[1]]  # before the first diary (5 October)
    (project / DIARY).unlink()
    assert _found(project, "2026-11-23") == []  # no diary at all, no course running
    running = _found(project, "2026-10-07")
    assert [(c, p) for c, p, _, _ in running] == [("diary-day-missing", DIARY)]
    assert "3 course day(s)" in running[0][3]
