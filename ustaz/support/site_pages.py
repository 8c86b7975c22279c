"""What the public site shows of support and monitoring (registered in ustaz/site/contrib/support.py).

Only aggregates leave the private tree: support events counted by program, region, kind and level,
and the impact survey's statistics and charts per program. No page carries a teacher's name or id,
an organisation, a date of a teacher's event, an evidence link or a single answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from ..monitoring.charts import chart_title
from ..monitoring.report import MonitoringReport
from ..monitoring.stats import ProgramStats, program_stats
from ..monitoring.survey import load_survey, survey_folders
from ..monitoring.words import words as monitoring_words
from ..project import Project
from ..site.markdown import md_text
from ..small_cells import WITHHELD_MARK, Line, min_cell_count, note
from .data import support_data
from .summary import WORDS, summarize, to_markdown


@dataclass(frozen=True, kw_only=True)
class SitePage:
    path: str  # docs-relative
    lang: str
    title: str
    content: str


def _prefix(project: Project, lang: str) -> str:
    return "" if lang == project.policy.languages[0] else f"{lang}/"


def support_pages(project: Project) -> Iterator[SitePage]:
    data = support_data(project)
    summary = summarize(data.plans, data.organizations)
    minimum = min_cell_count(project.policy.raw)
    for lang in project.policy.languages:
        titles = {pid: md_text(p.title_in(lang)) for pid, p in project.program_map.items()}
        yield SitePage(path=f"{_prefix(project, lang)}support/index.md", lang=lang,
                       title=WORDS.get(lang, WORDS["en"])["title"],
                       content=to_markdown(summary, lang, titles, minimum))


def _hidden(stats: ProgramStats, minimum: int) -> ProgramStats:
    """A program with too few answers keeps its counts but loses its averages and distributions."""
    if stats.responses >= minimum:
        return stats
    return replace(stats, questions=())


@dataclass(frozen=True, kw_only=True)
class PublicCounts:
    """A survey's responses and invitations per program as the site may show them (C-8, M-2): counts of
    people, so below the policy's `privacy.min_cell_count` they are "< N". No total is published, so no
    secondary suppression is needed; a rate is not shown beside a hidden count (rate × invited = responses)."""

    responses: Line
    invited: Line

    @classmethod
    def of(cls, stats: tuple[ProgramStats, ...], minimum: int) -> PublicCounts:
        return cls(responses=Line.protect([p.responses for p in stats], minimum, with_total=False),
                   invited=Line.protect([p.invited or 0 for p in stats], minimum, with_total=False))

    def masked(self, stats: tuple[ProgramStats, ...]) -> dict[str, str]:
        """program → what the response-rate chart writes instead of its numbers."""
        out = {}
        for p, answered, asked in zip(stats, self.responses.cells, self.invited.cells, strict=True):
            if answered.hidden or asked.hidden:
                invited = asked.text(self.invited.minimum) if p.invited else "—"
                out[p.program] = f"{answered.text(self.responses.minimum)} / {invited}"
        return out


def monitoring_reports(project: Project, lang: str) -> list[MonitoringReport]:
    """The survey statistics the site may show: programs with fewer answers than the policy's
    `monitoring.public_min_responses` (and never fewer than `privacy.min_cell_count`) show their response
    counts only, and small counts show as "< N"."""
    cells = min_cell_count(project.policy.raw)
    minimum = max(int(project.policy.raw["monitoring"]["public_min_responses"]), cells)
    out = []
    for folder in survey_folders(project.private_dir):
        survey, _ = load_survey(folder, project.root, set(project.program_map))
        if survey is None:
            continue
        titles = {pid: p.title_in(lang) for pid, p in project.program_map.items()}
        stats = tuple(_hidden(s, minimum) for s in program_stats(survey, titles))
        out.append(MonitoringReport(survey=survey, stats=stats, council=None, lang=lang, centre="",
                                    prepared=dt.date.min,  # the site shows no date
                                    masked=PublicCounts.of(stats, cells).masked(stats)))
    return out


def monitoring_pages(project: Project) -> Iterator[SitePage]:
    cells = min_cell_count(project.policy.raw)
    minimum = max(int(project.policy.raw["monitoring"]["public_min_responses"]), cells)
    for lang in project.policy.languages:
        w = monitoring_words(lang)
        reports = monitoring_reports(project, lang)
        lines = [f"# {w['report']}", ""]
        for r in reports:
            lines += [f"## {md_text(r.survey.title_in(lang))}", "",
                      (f"| {w['program']} | {w['responses']} | {w['invited']} | {w['response_rate']} | "
                      f"{w['targets_met']} |"), "|---|---|---|---|---|"]
            counts = PublicCounts.of(r.stats, cells)
            for p, answered, asked in zip(r.stats, counts.responses.texts(), counts.invited.texts(), strict=True):
                if p.program in r.masked:
                    rate = WITHHELD_MARK
                else:
                    rate = f"{100 * p.response_rate:.0f}%" if p.response_rate is not None else "—"
                met, judged = p.targets
                reached = f"{met} / {judged}" if p.questions else f"— ({w['too_few'].format(n=minimum)})"
                lines.append(f"| {md_text(p.title)} | {answered} | {asked if p.invited else '—'} | {rate} | {reached} |")
            lines.append("")
            if r.masked:
                lines += [note(lang, cells), ""]
            for name, svg in r.charts().items():  # the image's text is the chart's title (its question)
                alt = md_text(chart_title(svg) or name.removesuffix(".svg"))
                lines += [f"![{alt}](charts/{quote(r.survey.run)}/{quote(name)})", ""]
        if reports:
            yield SitePage(path=f"{_prefix(project, lang)}monitoring/index.md", lang=lang, title=w["report"],
                           content="\n".join(lines))


def monitoring_charts(project: Project) -> Iterator[tuple[str, str]]:
    """(docs path, SVG) of every chart the monitoring pages show (generated with the pages, so the strict
    build knows the images the pages link)."""
    for lang in project.policy.languages:
        for r in monitoring_reports(project, lang):
            for name, svg in r.charts().items():
                yield f"{_prefix(project, lang)}monitoring/charts/{r.survey.run}/{name}", svg


def write_monitoring_charts(project: Project, site_dir: Path) -> None:
    from ..writefile import write_atomic

    for path, svg in monitoring_charts(project):
        write_atomic(site_dir / path, svg)
