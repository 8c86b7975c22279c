"""The same pages as ustaz's site, as plain Markdown for a bare mkdocs-material build (the reference).

Every page the ustaz plugin generates (program page and discussion record per program and site
language, catalogue, drafts, schedule) is written as a Markdown file at the same path, with the same
text: the program's own sections, its module table and literature, the discussion's suggestions.
The hand-written pages (content/) and the theme overrides are copied as they are; mkdocs.yml is the
project's without the ustaz plugin. So the difference between the two builds is what ustaz adds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ustaz.courses.schedule import ScheduledCohort
from ustaz.project import Project

_CONFIG_KEYS = ("site_name", "site_url", "theme", "markdown_extensions")


def _program_md(bundle, lang: str) -> str:  # type: ignore[no-untyped-def]
    p = bundle.program
    text = bundle.texts.get(lang) or next(iter(bundle.texts.values()), None)
    lines = [f"# {p.title_in(lang)}", "", "| | |", "|---|---|", f"| id | {p.id} |", f"| direction | {p.direction} |",
             f"| hours | {p.hours} |", f"| form | {p.form} |", f"| languages | {', '.join(p.languages)} |", ""]
    if text is not None:
        for i, s in enumerate(text.sections):
            lines += [f"## {s.title}", "", s.body.strip(), ""]
            if i == 4:
                lines += ["| module | theory | practice | independent | total |", "|---|---|---|---|---|"]
                lines += [f"| {m.title.get(lang) or next(iter(m.title.values()))} | {m.hours.theory} | "
                          f"{m.hours.practice} | {m.hours.independent} | {m.hours.total} |" for m in p.modules]
                lines.append("")
            if i == 9:
                lines += [f"- {item.ref} ({item.kind}, {item.origin})" for item in p.literature]
                lines.append("")
    lines += [f"[discussion]({p.id}/discussion.md)", ""]
    return "\n".join(lines)


def _discussion_md(bundle, lang: str) -> str:  # type: ignore[no-untyped-def]
    p = bundle.program
    lines = [f"# {p.title_in(lang)}: discussion", "", f"[{p.title_in(lang)}](../{p.id}.md)", ""]
    d = bundle.discussion
    if d is not None:
        lines += [f"Thread: <{d.thread}>", ""] if getattr(d, "thread", "") else []
        for s in d.suggestions:
            answer = f"**{s.response}** ({s.answered_by}, {s.answered}) {s.justification}"
            lines += [f"### {s.id}. {s.author}, {s.date}", "", s.text, "", answer, ""]
    return "\n".join(lines)


def _schedule_md(cohorts: list[ScheduledCohort]) -> str:
    lines = ["# Schedule", "", "| cohort | program | language | starts | ends | region | format | capacity |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {c.cohort} | [{c.program}](../programs/{c.program}.md) | {c.language} | {c.starts} | {c.ends} | "
              f"{c.region} | {c.format} | {c.capacity} |" for c in cohorts]
    return "\n".join(lines) + "\n"


def write(project_root: Path, out: Path) -> int:
    """Write the bare project (mkdocs.yml + docs/) under `out`; returns the number of Markdown pages."""
    from ustaz.checks import Context
    from ustaz.courses.load import load_courses

    project = Project.load(project_root)
    docs = out / "docs"
    shutil.copytree(project_root / "content", docs)
    if (project_root / "overrides").is_dir():
        shutil.copytree(project_root / "overrides", out / "overrides")
    config = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8"))
    bare = {k: config[k] for k in _CONFIG_KEYS if k in config}
    bare["docs_dir"] = "docs"
    bare["plugins"] = [{"search": {"lang": "ru"}}]
    # the theme overrides name the centre in every page's title, header and footer; ustaz's plugin gives them the
    # centre from the policy, so the bare build is given the same as a fixed value (the same header, no plugin)
    from ustaz.site.centre import Centre

    bare["extra"] = {"ustaz_centre": Centre.from_policy(project.policy).for_page(project.policy.languages[0], "")}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(bare, allow_unicode=True, sort_keys=False), encoding="utf-8")
    langs = list(project.policy.languages)
    ctx = Context(project=project, today=__import__("datetime").date.today())
    cohorts = list(load_courses(ctx).schedule.cohorts)
    bundles = [b for b in project.programs if b.program is not None]
    for lang in langs:
        prefix = docs if lang == langs[0] else docs / lang
        (prefix / "programs").mkdir(parents=True, exist_ok=True)
        for b in bundles:
            (prefix / "programs" / f"{b.program.id}.md").write_text(_program_md(b, lang), encoding="utf-8")
            (prefix / "programs" / b.program.id).mkdir(exist_ok=True)
            (prefix / "programs" / b.program.id / "discussion.md").write_text(_discussion_md(b, lang),
                                                                              encoding="utf-8")
        catalogue = ["# Catalogue", ""] + [f"- [{b.program.title_in(lang)}]({b.program.id}.md) — "
                                           f"{b.program.direction}, {b.program.hours} h" for b in bundles]
        (prefix / "programs" / "index.md").write_text("\n".join(catalogue) + "\n", encoding="utf-8")
        (prefix / "drafts").mkdir(exist_ok=True)
        (prefix / "drafts" / "index.md").write_text("# Drafts\n\nNo program is under discussion.\n", encoding="utf-8")
        (prefix / "schedule").mkdir(exist_ok=True)
        (prefix / "schedule" / "index.md").write_text(_schedule_md(cohorts), encoding="utf-8")
    return sum(1 for _ in docs.rglob("*.md"))
