"""The generated pages and files of the site, per language, rendered by our own jinja2 templates.

The mkdocs plugin only places what this module returns (pages, files, nav); Material is the shell.
Nothing here depends on Material, so moving to another theme means rewriting plugin.py, not this.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypedDict
from urllib.parse import urlparse

import jinja2
import markupsafe

from ..vocab import (
    DIRECTION_NAMES,
    FORM_NAMES,
    KIND_NAMES,
    LANGUAGE_NAMES,
    REGION_NAMES,
    REGIONS,
    STATUS_NAMES,
    LiteratureKind,
    ProgramStatus,
    name_in,
)
from ..workspace import Workspace
from . import ics
from .extensions import PROGRAM_LINKS
from .languages import SiteLanguages, label
from .markdown import render_markdown, safe_url
from .schedule import ScheduleRow, YearSchedule
from .urls import Urls
from .views import ProgramView

JSON_PATH = "programs.json"
_HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)


class TocToken(TypedDict):
    """A heading as mkdocs' table of contents takes it (mkdocs.structure.toc.get_toc)."""

    level: int
    id: str
    name: str
    children: list[TocToken]



def filled_label(lang: str, key: str, values: dict[str, Any]) -> str:
    """A label of labels.yml; with values, its {named} places filled, each value escaped unless it is HTML the
    templates made (Markup), so a language can put the words in its own order ("{date} жылғы № {order} …")."""
    text = label(lang, key)
    return markupsafe.Markup(markupsafe.escape(text)).format(**values) if values else text

@dataclass(frozen=True, kw_only=True)
class SitePage:
    """A generated page: its docs path, language, plain-text title, body HTML and nav placement."""

    src_uri: str
    lang: str
    title: str
    html: str
    nav_group: str  # home | catalogue | program | drafts | pr-draft | schedule | "" (linked, not in nav)

    def toc_tokens(self) -> list[TocToken]:
        """mkdocs toc tokens from the rendered headings (search splits pages by them)."""
        root: list[TocToken] = []
        stack: list[TocToken] = []
        for level, anchor, inner in _HEADING.findall(self.html):
            token: TocToken = {"level": int(level), "id": anchor, "name": re.sub(r"<[^>]+>", "", inner).strip(),
                               "children": []}
            while stack and stack[-1]["level"] >= token["level"]:
                stack.pop()
            (stack[-1]["children"] if stack else root).append(token)
            stack.append(token)
        return root


@dataclass(frozen=True, kw_only=True)
class SiteFile:
    """A generated file that is not a page (programs.json, schedule/<year>.ics)."""

    path: str
    content: str


@dataclass(frozen=True, kw_only=True)
class RenderedSection:
    title: str
    html: str
    modules: bool
    literature: bool


_ENV = jinja2.Environment(loader=jinja2.PackageLoader("ustaz.site", "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


@dataclass(kw_only=True)
class SiteBuilder:
    ctx: Workspace
    languages: SiteLanguages
    urls: Urls
    views: list[ProgramView]
    pr_views: list[ProgramView] = field(default_factory=list)
    schedules: list[YearSchedule] = field(default_factory=list)
    site_url: str = ""
    content_pages: frozenset[str] = frozenset()  # hand-written pages (docs paths) the generated ones link to
    _program_pages: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    # paths ---------------------------------------------------------------------------------------
    def path(self, lang: str, rest: str) -> str:
        return f"{self.languages.prefix(lang)}{rest}"

    def program_page(self, lang: str, program_id: str) -> str:
        return self.path(lang, f"programs/{program_id}.md")

    def discussion_page(self, lang: str, program_id: str) -> str:
        return self.path(lang, f"programs/{program_id}/discussion.md")

    def pr_page(self, lang: str, view: ProgramView) -> str:
        assert view.pull_request is not None
        return self.path(lang, f"drafts/pr-{view.pull_request.number}/{view.id}.md")

    def _page_of(self, program_id: str, lang: str) -> str:
        return self.program_page(lang, program_id)

    def _pr_page_of(self, view: ProgramView, lang: str) -> str:
        return self.pr_page(lang, view)

    def common_pages(self, lang: str) -> dict[str, str]:
        return {"home": self.path(lang, "index.md"), "catalogue": self.path(lang, "programs/index.md"),
                "drafts": self.path(lang, "drafts/index.md"), "schedule": self.path(lang, "schedule/index.md"),
                "comment": self.content_page(lang, "comment.md"), "json": JSON_PATH}

    def content_page(self, lang: str, name: str) -> str:
        """A hand-written page in the language, else in the default language, else '' (no link)."""
        for path in (self.path(lang, name), self.path(self.languages.default, name)):
            if path in self.content_pages:
                return path
        return ""

    # rendering -----------------------------------------------------------------------------------
    def fmt_date(self, lang: str) -> Callable[[dt.date], str]:
        return (lambda d: d.isoformat()) if lang == "en" else (lambda d: d.strftime("%d.%m.%Y"))

    def render(self, template: str, lang: str, src_uri: str, **values: Any) -> str:
        def href(target: str) -> str:
            return self.urls.href(target, src_uri)

        context = {
            "lang": lang, "today": self.ctx.today, "timezone": self.ctx.policy.timezone, "pages": self.common_pages(lang), "href": href, "safe_url": safe_url,
            "t": lambda key, **values: filled_label(lang, key, values), "fmt_date": self.fmt_date(lang),
            "status_name": lambda code: name_in(STATUS_NAMES, code, lang),
            "direction_name": lambda code: name_in(DIRECTION_NAMES, code, lang),
            "form_name": lambda code: name_in(FORM_NAMES, code, lang),
            "kind_name": lambda code: name_in(KIND_NAMES, code, lang),
            "language_name": lambda code: name_in(LANGUAGE_NAMES, code, lang),
            "region_name": lambda code: region_name(code, lang),
            "program_title": lambda pid: self.titles.get(pid, {}).get(lang) or pid,
            "program_pages": self.program_pages(lang),
            # a draft's discussion record (none for a pull request's draft: its record is the pull request)
            "record_page": lambda view: "" if view.pull_request else self.discussion_page(lang, view.id),
        }
        context.update(values)
        return _ENV.get_template(template).render(context)

    def program_pages(self, lang: str) -> dict[str, str]:
        """Program id → its page, per language (computed once: every page links programs)."""
        if lang not in self._program_pages:
            self._program_pages[lang] = {v.id: self.program_page(lang, v.id) for v in self.views}
        return self._program_pages[lang]

    @cached_property
    def titles(self) -> dict[str, dict[str, str]]:
        return {v.id: {lang: v.program.title_in(lang) for lang in self.languages.codes} for v in self.views}

    def sections(self, view: ProgramView, lang: str) -> list[RenderedSection]:
        text = view.bundle.texts.get(lang)
        if text is None:
            return []
        count = len(text.sections)
        modules_at = min(5, count) - 1  # P-4: the plan is section 5; literature section 10
        literature_at = min(10, count) - 1
        return [RenderedSection(title=s.title, html=render_markdown(s.body), modules=i == modules_at,
                                literature=i == literature_at) for i, s in enumerate(text.sections)]

    def program_html(self, view: ProgramView, lang: str, src_uri: str, page_for: Callable[[str], str],
                     discussion_page: str | None) -> str:
        program = view.program
        others = {code: page_for(code) for code in program.languages
                  if code in self.languages.codes and code != lang and code in view.bundle.texts}
        totals = {"theory": sum(m.hours.theory for m in program.modules),
                  "practice": sum(m.hours.practice for m in program.modules),
                  "independent": sum(m.hours.independent for m in program.modules),
                  "total": sum(m.hours.total for m in program.modules)}
        literature = [(k.value, [item for item in program.literature if item.kind == k.value])
                      for k in LiteratureKind]
        # links that contributions offer (e.g. the .docx); not on pull-request drafts, whose files differ
        links = [] if view.pull_request else [link for fn in PROGRAM_LINKS for link in fn(self.ctx, program, lang)]
        return self.render("program.html", lang, src_uri, view=view, program=program,
                           title=program.title_in(lang), sections=self.sections(view, lang),
                           other_versions=others, totals=totals, literature=literature,
                           discussion_page=discussion_page, program_links=links)

    # pages ---------------------------------------------------------------------------------------
    def pages(self) -> list[SitePage]:
        out: list[SitePage] = []
        for lang in self.languages.codes:
            out.extend(self.language_pages(lang))
        return out

    @property
    def drafts(self) -> list[ProgramView]:
        return sorted((v for v in self.views if v.under_discussion),
                      key=lambda v: (v.discussion_end or dt.date.max, v.id))

    def language_pages(self, lang: str) -> Iterable[SitePage]:
        common = self.common_pages(lang)
        if common["home"] not in self.content_pages:  # every language has a home: the switcher links it
            yield SitePage(src_uri=common["home"], lang=lang, title=label(lang, "home"), nav_group="home",
                           html=self.home_block(lang, common["home"], generated_title=self.organisation_name(lang)))
        for view in self.views:
            src = self.program_page(lang, view.id)
            title = view.program.title_in(lang)
            dpage = self.discussion_page(lang, view.id)
            yield SitePage(src_uri=src, lang=lang, title=title, nav_group="program",
                           html=self.program_html(view, lang, src, functools.partial(self._page_of, view.id), dpage))
            yield SitePage(src_uri=dpage, lang=lang, title=f"{label(lang, 'discussion')}: {title}", nav_group="",
                           html=self.render("discussion.html", lang, dpage, view=view, title=title,
                                            discussion=view.bundle.discussion, program_page=src))
        pr_pages = []
        for view in self.pr_views:
            src = self.pr_page(lang, view)
            pr_pages.append((view, src))
            yield SitePage(src_uri=src, lang=lang, title=f"#{view.pull_request.number}: {view.program.title_in(lang)}"
                           if view.pull_request else view.program.title_in(lang), nav_group="pr-draft",
                           html=self.program_html(view, lang, src, functools.partial(self._pr_page_of, view), None))
        groups: dict[str, list[ProgramView]] = {}
        for view in self.views:
            groups.setdefault(view.program.direction, []).append(view)
        order = {code: i for i, code in enumerate(self.ctx.policy.directions)}
        grouped = sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
        program_languages = sorted({c for v in self.views for c in v.program.languages},
                                   key=lambda c: (c not in self.languages.codes, c))
        statuses = [s.value for s in ProgramStatus if any(v.status is s for v in self.views)]
        yield SitePage(src_uri=common["catalogue"], lang=lang, title=label(lang, "catalogue"), nav_group="catalogue",
                       html=self.render("catalogue.html", lang, common["catalogue"], groups=grouped,
                                        statuses=statuses, program_languages=program_languages))
        yield SitePage(src_uri=common["drafts"], lang=lang, title=label(lang, "drafts"), nav_group="drafts",
                       html=self.render("drafts.html", lang, common["drafts"], drafts=self.drafts,
                                        pr_drafts=pr_pages))
        ics_paths = {y.year: f"schedule/{y.year}.ics" for y in self.schedules}
        yield SitePage(src_uri=common["schedule"], lang=lang, title=label(lang, "schedule"), nav_group="schedule",
                       html=self.render("schedule.html", lang, common["schedule"], years=self.schedules,
                                        ics=ics_paths))

    def organisation_name(self, lang: str) -> str:
        names = self.ctx.policy.organisation.get("name") or {}
        return str(names.get(lang) or names.get(self.languages.default) or label(lang, "home")) \
            if isinstance(names, dict) else str(names)

    def home_block(self, lang: str, src_uri: str, generated_title: str = "") -> str:
        approved = [v for v in self.views if v.status is ProgramStatus.APPROVED]
        return self.render("home.html", lang, src_uri, drafts=self.drafts, approved=approved,
                           generated_title=generated_title)

    # files ---------------------------------------------------------------------------------------
    def files(self) -> list[SiteFile]:
        out = [SiteFile(path=JSON_PATH, content=self.catalogue_json())]
        host = urlparse(self.site_url).hostname or "ustaz.invalid"
        default = self.languages.default
        for year in self.schedules:
            out.append(SiteFile(path=f"schedule/{year.year}.ics", content=ics.calendar(
                year.rows, year=year.year, host=host, stamp=self.ctx.today,
                name=f"{label(default, 'schedule')} {year.year}", summary=self.cohort_summary,
                description=self.cohort_description, url=self.cohort_url,
                location=lambda r: f"{region_name(r.region, default)} ({r.region})" if r.region else "")))
        return out

    def cohort_summary(self, row: ScheduleRow) -> str:
        titles = self.titles.get(row.program, {})
        return f"{titles.get(row.language) or titles.get(self.languages.default) or row.program} ({row.cohort})"

    def cohort_description(self, row: ScheduleRow) -> str:
        """The cohort's facts in the site's default language, one per line."""
        lang = self.languages.default
        facts = [("cohort", row.cohort), ("program", row.program),
                 ("languages", name_in(LANGUAGE_NAMES, row.language, lang)), ("group", row.group),
                 ("form", name_in(FORM_NAMES, row.format, lang)),
                 ("capacity", str(row.capacity) if row.capacity is not None else ""),
                 ("agreed", label(lang, "word_yes" if row.agreed else "word_no"))]
        return "\n".join(f"{label(lang, key)}: {value}" for key, value in facts if value)

    def cohort_url(self, row: ScheduleRow) -> str:
        if row.program not in self.titles:
            return ""
        lang = row.language if row.language in self.languages.codes else self.languages.default
        return self.absolute(self.program_page(lang, row.program))

    def absolute(self, path: str) -> str:
        base = self.site_url.rstrip("/")
        return f"{base}/{self.urls.url(path)}" if base else self.urls.url(path)

    def catalogue_json(self) -> str:
        """programs.json: one entry per program, keyed by id (as python/peps' peps.json)."""
        data: dict[str, Any] = {}
        for v in self.views:
            p = v.program
            data[p.id] = {
                "id": p.id, "title": dict(p.title), "direction": p.direction, "status": v.status.value,
                "kind": p.kind or "", "hours": p.hours, "form": p.form or "", "languages": list(p.languages),
                "authors": [a.name for a in p.authors],
                "approval": {"order": v.approval.order, "date": v.approval.date.isoformat()} if v.approval else None,
                "next_review": v.next_review.isoformat() if v.next_review else None,
                "discussion": {"opened": v.discussion_opened.date.isoformat(),
                               "ends": v.discussion_end.isoformat() if v.discussion_end else None,
                               "thread": v.thread} if v.discussion_opened else None,
                "url": {lang: self.absolute(self.program_page(lang, p.id)) for lang in self.languages.codes},
                "discussion_record": self.absolute(self.discussion_page(self.languages.default, p.id)),
            }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def region_name(code: str, lang: str) -> str:
    """A region in the page's language, else its English name, else its ISO code."""
    return REGION_NAMES.get(code, {}).get(lang) or REGIONS.get(code) or code
