"""The course diary (C-12): ``data/diary/<cohort>.yml``, public — the daily posts about a course in the
policy's `diary.languages`, published on the site as the course's news with an Atom feed::

    entries:
      - date: 2026-10-05
        kk: {title: "…", text: "…"}
        ru: {title: "…", text: "…"}
        links: ["https://…"]        # the same post on the centre's social networks (optional)

The diary is public, so it names no listener (`ustaz check` compares it with the cohort's private list).
Text is plain: the site escapes it and shows paragraphs, never Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..model.fields import read_mapping

DIARY_DIR = "data/diary"
DIARY_FILE = define("diary-file", "A course diary file is malformed, misnamed or too long.", "C-12")
MAX_TITLE_CHARS = 200  # engineering limits: a post is a short daily note
MAX_TEXT_CHARS = 4000
MAX_LINKS = 10
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}\.yml$")


@dataclass(frozen=True, kw_only=True)
class Post:
    title: str
    text: str


@dataclass(frozen=True, kw_only=True)
class DiaryEntry:
    date: dt.date
    posts: Mapping[str, Post]  # language → post
    links: tuple[str, ...]
    line: int


@dataclass(frozen=True, kw_only=True)
class Diary:
    cohort: str
    path: str
    entries: tuple[DiaryEntry, ...]  # sorted by date

    def entry_on(self, day: dt.date) -> DiaryEntry | None:
        return next((e for e in self.entries if e.date == day), None)


def load_diaries(root: Path, languages: tuple[str, ...]) -> tuple[list[Diary], list[Finding]]:
    """Every data/diary/<cohort>.yml; a malformed entry is a finding and is left out."""
    folder = root / DIARY_DIR
    diaries: list[Diary] = []
    findings: list[Finding] = []
    if not folder.is_dir():
        return diaries, findings
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.is_symlink():
            continue
        shown = f"{DIARY_DIR}/{path.name}"
        if not _NAME.match(path.name):
            findings.append(error(shown, 1, DIARY_FILE, t("a diary is named after its cohort: data/diary/<cohort>.yml")))
            continue
        diary, more = _load(path, shown, languages)
        findings.extend(more)
        if diary is not None:
            diaries.append(diary)
    return diaries, findings


def _load(path: Path, shown: str, languages: tuple[str, ...]) -> tuple[Diary | None, list[Finding]]:
    r, findings = read_mapping(path, shown, DIARY_FILE, "entries: [{date, " + ", ".join(languages) + "}, …]")
    if r is None:
        return None, findings
    r.known_keys("entries")
    entries: list[DiaryEntry] = []
    for i, m in r.each_mapping("entries"):
        er = r.child(m, f"entries[{i}].")
        er.known_keys("date", "links", *languages)
        day = er.date("date")
        posts: dict[str, Post] = {}
        for lang in languages:
            pm = er.mapping(lang, required=False)
            if pm is None:
                continue
            pr = er.child(pm, f"entries[{i}].{lang}.")
            pr.known_keys("title", "text")
            title, text = pr.text("title"), pr.text("text")
            if title is None or text is None:
                continue
            if len(title) > MAX_TITLE_CHARS or len(text) > MAX_TEXT_CHARS:
                findings.append(error(shown, pm.line, DIARY_FILE,
                                      t("a post has at most {max_title_chars} characters of title and {max_text_chars} of text; shorten the {lang} post of entry {value}", max_title_chars=MAX_TITLE_CHARS, max_text_chars=MAX_TEXT_CHARS, lang=lang, value=i + 1)))
                continue
            posts[lang] = Post(title=title.strip(), text=text.strip())
        links: list[str] = []
        seq = er.sequence("links", required=False)
        for j, value in enumerate(seq or ()):
            if not isinstance(value, str) or not value.startswith("https://") or len(links) >= MAX_LINKS:
                findings.append(error(shown, seq.line_of(j) if seq is not None else m.line, DIARY_FILE,
                                      t("entries[{i}].links: at most {max_links} https:// addresses", i=i, max_links=MAX_LINKS)))
                continue
            links.append(value)
        if day is not None:
            entries.append(DiaryEntry(date=day, posts=posts, links=tuple(links), line=m.line))
    return Diary(cohort=path.stem, path=shown, entries=tuple(sorted(entries, key=lambda e: e.date))), findings
