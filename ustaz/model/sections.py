"""P-4: exactly the ten sections, in order, titled per language, none empty (P-5) — a pure rule of the model.

`section_findings` reads one program's texts and the policy's section titles and nothing else, so the
check (`ustaz/checks/sections.py`, per program) and the renderers (the .docx of P-7, the site's download
links) apply the same rule without running a check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ..findings import Finding, define, error
from ..i18n import t
from ..policy import Policy
from .document import LITERATURE_SECTION_INDEX, ProgramText, is_empty, normalize_title

MISSING_SECTION = define("missing-section", "A program text lacks one of the ten sections.", "P-4")
SECTION_ORDER = define("section-order", "The sections are not in the order of P-4.", "P-4")
UNKNOWN_SECTION = define("unknown-section", "A `## ` heading is not one of the ten section titles.", "P-4")
DUPLICATE_SECTION = define("duplicate-section", "A section appears twice.", "P-4")
EMPTY_SECTION = define("empty-section", "A section has no text.", "P-4")
NO_SECTION_TITLES = define("no-section-titles", "The policy has no section titles for a program's language.", "P-4")
TEXT_BEFORE_SECTIONS = define("text-before-sections", "Text stands between the title and the first section.", "P-4")


def section_findings(texts: Mapping[str, ProgramText], policy: Policy) -> Iterator[Finding]:
    """The P-4/P-5 findings of one program's texts (language → text), in the texts' order."""
    for lang, doc in texts.items():
        titles = policy.section_titles(lang)
        if not titles:
            yield error(doc.path, 1, NO_SECTION_TITLES,
                        t("the policy has no section titles for {lang!r}; add 'sections.{lang}' to data/policy.yml", lang=lang))
            continue
        yield from _text_findings(doc, lang, titles)


def _text_findings(doc: ProgramText, lang: str, titles: Sequence[str]) -> Iterator[Finding]:
    position = {normalize_title(title): i for i, title in enumerate(titles)}
    seen: dict[int, int] = {}  # section index → the line it began on
    last = -1
    for sec in doc.sections:
        idx = position.get(normalize_title(sec.title))
        if idx is None:
            expected = titles[last + 1] if last + 1 < len(titles) else None
            hint = t("; expected «{expected}»", expected=expected) if expected else ""
            yield error(doc.path, sec.line, UNKNOWN_SECTION,
                        t("«{title}» is not a section title of P-4 in {lang!r}{hint} (use ### for subsections)", title=sec.title, lang=lang, hint=hint))
            continue
        if idx in seen:
            yield error(doc.path, sec.line, DUPLICATE_SECTION,
                        t("section {value} «{titles}» already began on line {seen}; merge them", value=idx + 1, titles=titles[idx], seen=seen[idx]))
            continue
        seen[idx] = sec.line
        if idx < last:
            yield error(doc.path, sec.line, SECTION_ORDER,
                        t("section {value} «{titles}» must come before section {value2} «{titles2}»", value=idx + 1, titles=titles[idx], value2=last + 1, titles2=titles[last]))
        last = max(last, idx)
        if is_empty(sec.body) and idx != LITERATURE_SECTION_INDEX:  # section 10 comes from program.yml
            yield error(doc.path, sec.line, EMPTY_SECTION,
                        t("section {value} «{titles}» is empty; write its content (P-5)", value=idx + 1, titles=titles[idx]))
    for idx, title in enumerate(titles):
        if idx not in seen:
            yield error(doc.path, None, MISSING_SECTION,
                        t("must have section {value} «## {title}»", value=idx + 1, title=title))
    yield from _text_before_sections(doc, titles)


def _text_before_sections(doc: ProgramText, titles: Sequence[str]) -> Iterator[Finding]:
    if not doc.sections:
        return
    start = doc.title_line or 0
    lines = doc.text.split("\n")[start:doc.sections[0].line - 1]
    stray = [i for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("<!--")]
    if stray:
        yield error(doc.path, start + stray[0] + 1, TEXT_BEFORE_SECTIONS,
                    t("move the text before the first section into «{titles}»", titles=titles[0]))
