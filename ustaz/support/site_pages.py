"""What the public site shows of support and monitoring (registered in ustaz/site/contrib/support.py).

The site reads the public tree only: these pages are drawn from the aggregate tables that the staff's
`ustaz publish aggregates` wrote into data/aggregates/ (small cells already suppressed there; see
ustaz/aggregates/). Support events counted by program, region, kind and level, and the impact survey's
statistics and charts per program. No page carries a teacher's name or id, an organisation, a date of a
teacher's event, an evidence link or a single answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..aggregates.tables import (
    ANSWERS,
    QUESTIONS,
    SUPPORT,
    SUPPORT_EVENTS,
    SURVEY_PROGRAMS,
    SURVEYS,
    AggregateTables,
    PublishedCount,
    count,
)
from ..monitoring.charts import chart_title
from ..monitoring.report import charts_of
from ..monitoring.stats import ProgramStats, QuestionStats
from ..monitoring.survey import Question
from ..monitoring.words import words as monitoring_words
from ..project import Project
from ..site.markdown import md_text
from ..small_cells import WITHHELD_MARK, Line, min_cell_count, note
from .summary import WORDS, PublicSupport, RegionLine, SupportCount, public_markdown


@dataclass(frozen=True, kw_only=True)
class SitePage:
    path: str  # docs-relative
    lang: str
    title: str
    content: str


def _prefix(project: Project, lang: str) -> str:
    return "" if lang == project.policy.languages[0] else f"{lang}/"


def public_support(tables: AggregateTables) -> PublicSupport:
    lines = tuple(RegionLine(program=r.get("program"), region=r.get("region"), teachers=r.get("teachers"),
                             events=r.get("events")) for r in tables.of(SUPPORT))
    held = tuple(SupportCount(program=r.get("program"), region=r.get("region"), kind=r.get("kind"),
                              level=r.get("level"), held=r.get("held")) for r in tables.of(SUPPORT_EVENTS))
    return PublicSupport(lines=lines, held=held)


def support_pages(project: Project) -> Iterator[SitePage]:
    public = public_support(AggregateTables.load(project.root))
    minimum = min_cell_count(project.policy.privacy.min_cell_count)
    for lang in project.policy.languages:
        titles = {pid: md_text(p.title_in(lang)) for pid, p in project.program_map.items()}
        yield SitePage(path=f"{_prefix(project, lang)}support/index.md", lang=lang,
                       title=WORDS.get(lang, WORDS["en"])["title"],
                       content=public_markdown(public, lang, titles, minimum))


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


@dataclass(frozen=True, kw_only=True)
class PublishedProgram:
    stats: ProgramStats  # exact counts where published, 0 / None where not
    responses: PublishedCount
    invited: PublishedCount | None  # None: invitations not recorded

    @property
    def masked(self) -> str | None:
        """What the response-rate chart writes instead of numbers where a count is hidden (else None)."""
        if not self.responses.hidden and not (self.invited and self.invited.hidden):
            return None
        return f"{self.responses.shown()} / {self.invited.shown() if self.invited else '—'}"


@dataclass(frozen=True, kw_only=True)
class PublishedSurvey:
    run: str
    titles: dict[str, str]
    programs: tuple[PublishedProgram, ...]

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()), self.run)

    @property
    def stats(self) -> tuple[ProgramStats, ...]:
        return tuple(p.stats for p in self.programs)

    @property
    def masked(self) -> dict[str, str]:
        return {p.stats.program: p.masked for p in self.programs if p.masked is not None}

    def charts(self, lang: str) -> dict[str, str]:
        return charts_of(self.stats, monitoring_words(lang), self.masked)


def _questions(tables: AggregateTables, run: str) -> list[Question]:
    out = []
    for r in tables.of(QUESTIONS):
        if r.get("survey") != run:
            continue
        low, high = r.get("scale_min"), r.get("scale_max")
        target = r.get("target")
        out.append(Question(id=r.get("question"), column=r.get("label"), expected=r.get("expected") or "",
                            scale=(low, high) if low is not None and high is not None and low <= high else None,
                            choices=(), target=float(target) if target is not None else None, line=0))
    return out


def _question_stats(q: Question, distribution: list[tuple[str, int]]) -> QuestionStats:
    answered = sum(n for _, n in distribution)
    mean = None
    if q.scale is not None and answered and all(v.isdigit() for v, _ in distribution):
        mean = sum(int(v) * n for v, n in distribution) / answered
    return QuestionStats(question=q, answered=answered, distribution=tuple(distribution), mean=mean)


def published_surveys(project: Project, lang: str) -> list[PublishedSurvey]:
    """The surveys of data/aggregates/ with their programs' statistics, program titles in `lang`."""
    tables = AggregateTables.load(project.root)
    titles: dict[str, dict[str, str]] = {}
    for r in tables.of(SURVEYS):
        titles.setdefault(r.get("survey"), {})[r.get("lang")] = r.get("title")
    answers: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
    for r in tables.of(ANSWERS):
        answers.setdefault((r.get("survey"), r.get("program"), r.get("question")), []).append(
            (r.get("value"), r.get("count")))
    out = []
    for run, names in titles.items():
        questions = _questions(tables, run)
        programs = []
        for r in tables.of(SURVEY_PROGRAMS):
            if r.get("survey") != run:
                continue
            pid = r.get("program")
            responses = count(r, "responses") or PublishedCount(text="0")
            invited = count(r, "invited")
            published = [q for q in questions if (run, pid, q.id) in answers]
            qstats = tuple(_question_stats(q, answers[(run, pid, q.id)]) for q in published)
            program = project.program_map.get(pid)
            stats = ProgramStats(program=pid, title=program.title_in(lang) if program else pid,
                                 responses=responses.value or 0, invited=invited.value if invited else None,
                                 questions=qstats)
            programs.append(PublishedProgram(stats=stats, responses=responses, invited=invited))
        out.append(PublishedSurvey(run=run, titles=names, programs=tuple(programs)))
    return out


def monitoring_pages(project: Project) -> Iterator[SitePage]:
    cells = min_cell_count(project.policy.privacy.min_cell_count)
    minimum = max(project.policy.monitoring.public_min_responses, cells)
    for lang in project.policy.languages:
        w = monitoring_words(lang)
        surveys = published_surveys(project, lang)
        lines = [f"# {w['report']}", ""]
        for s in surveys:
            lines += [f"## {md_text(s.title_in(lang))}", "",
                      (f"| {w['program']} | {w['responses']} | {w['invited']} | {w['response_rate']} | "
                      f"{w['targets_met']} |"), "|---|---|---|---|---|"]
            stated = None
            for pp in s.programs:
                p = pp.stats
                if pp.masked is not None:
                    rate = WITHHELD_MARK
                else:
                    rate = f"{100 * p.response_rate:.0f}%" if p.response_rate is not None else "—"
                met, judged = p.targets
                reached = f"{met} / {judged}" if p.questions else f"— ({w['too_few'].format(n=minimum)})"
                asked = pp.invited.shown() if pp.invited else "—"
                lines.append(f"| {md_text(p.title)} | {pp.responses.shown()} | {asked} | {rate} | {reached} |")
                stated = stated or pp.responses.small_below or (pp.invited.small_below if pp.invited else None)
            lines.append("")
            if s.masked:
                lines += [note(lang, stated or cells), ""]
            for name, svg in s.charts(lang).items():  # the image's text is the chart's title (its question)
                alt = md_text(chart_title(svg) or name.removesuffix(".svg"))
                lines += [f"![{alt}](charts/{quote(s.run)}/{quote(name)})", ""]
        if surveys:
            yield SitePage(path=f"{_prefix(project, lang)}monitoring/index.md", lang=lang, title=w["report"],
                           content="\n".join(lines))


def monitoring_charts(project: Project) -> Iterator[tuple[str, str]]:
    """(docs path, SVG) of every chart the monitoring pages show (generated with the pages, so the strict
    build knows the images the pages link)."""
    for lang in project.policy.languages:
        for s in published_surveys(project, lang):
            for name, svg in s.charts(lang).items():
                yield f"{_prefix(project, lang)}monitoring/charts/{s.run}/{name}", svg


def write_monitoring_charts(project: Project, site_dir: Path) -> None:
    from ..writefile import write_atomic

    for path, svg in monitoring_charts(project):
        write_atomic(site_dir / path, svg)
