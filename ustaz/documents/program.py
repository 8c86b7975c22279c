"""The program as a .docx in the format of P-7: title page, the ten sections of P-4, the module table
in section 5 and the literature in section 10, page numbers in the footer.

It reads the same model as the site (Program, ProgramText, Policy); the writer never sees a raw dict.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from ..findings import Finding, error
from ..i18n import t
from ..model.document import ProgramText, normalize_title
from ..model.program import Program
from ..model.sections import section_findings
from ..project import ProgramBundle, Project
from ..vocab import DIRECTION_NAMES, FORM_NAMES, LANGUAGE_NAMES, Event, LiteratureKind, name_in
from .codes import DOCX_NO_TEXT
from .docxzip import docx_bytes
from .format import DocumentFormat
from .labels import day, label
from .markdown import MarkdownWriter, keep_rows_whole, mark_header_row, set_widths
from .numbering import Numbering, set_numbering
from .styles import (
    APPROVAL,
    CAPTION,
    CENTERED,
    FOOTER,
    HEADINGS,
    LIST_NUMBER,
    TABLE_TEXT,
    TITLE,
    add_paragraph,
    apply_format,
    set_style,
    set_table_style,
    style_id,
)
from .wordxml import (
    W_R,
    W_TC,
    RowMaker,
    add_formatted,
    add_text,
    cell_paragraph,
    merge_with_next,
    set_alignment,
    set_paragraph_style,
)

LITERATURE_SECTION = 9  # index of «Main and additional literature» among the ten (P-4)
STRUCTURE_SECTION = 4  # index of «Structure and content» (P-4, P-5 (5))


@dataclass(frozen=True, kw_only=True)
class Built:
    """A rendered document: its bytes (None when errors kept it from being written) and the findings."""

    content: bytes | None
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return self.content is not None


def organisation_text(organisation: Mapping[str, Any], key: str, lang: str) -> str:
    """An organisation value that is either text or a {lang: text} mapping."""
    value = organisation.get(key, "")
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("ru") or next(iter(value.values()), ""))
    return str(value or "")


@functools.lru_cache(maxsize=16)
def styled_base(fmt: DocumentFormat, lang: str) -> Document:
    """The empty document with P-7 applied: built once per format and language in a process, never handed out.

    Applying the styles takes ~30 ms, a deep copy of the result ~0.7 ms, and a site build prints two documents
    per program (bench/RESULTS.md). It is saved and opened again so that no python-docx object has cached a
    reference into its XML yet (a copy would keep such a reference to the original); ``new_document`` gives
    each document its own deep copy, so nothing one document changes (a letter's paragraph spacing, its
    footers) reaches another (tests/test_documents_xml.py).
    """
    doc = docx.Document()
    apply_format(doc, fmt, lang)
    return docx.Document(io.BytesIO(document_bytes(doc)))


def new_document(fmt: DocumentFormat, lang: str, title: str, author: str) -> tuple[Document, Numbering]:
    doc = copy.deepcopy(styled_base(fmt, lang))
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = "ustaz"
    props.language = lang
    props.comments = ""
    return doc, Numbering(doc, fmt)


def add_page_numbers(doc: Document, fmt: DocumentFormat, skip_first: bool) -> None:
    """A PAGE field in the footer; none on the first page when it is a title page."""
    if fmt.page_numbers == "none":
        return
    section = doc.sections[0]
    section.different_first_page_header_footer = skip_first
    p = section.footer.paragraphs[0]
    set_style(p, FOOTER)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)


def document_bytes(doc: Document) -> bytes:
    return docx_bytes(doc)


def program_findings(project: Project, bundle: ProgramBundle, text: ProgramText) -> list[Finding]:
    """Errors that keep the program from being printed: its files' load errors and the P-4 sections."""
    own = {f"{bundle.folder}/program.yml", text.path}
    found = [f for f in project.load_findings if f.path in own]
    # the P-4 rule of this text alone (a pure function of the model: no check runs here, and the site's
    # .docx downloads stay linear in the number of programs, bench/RESULTS.md)
    found += section_findings({text.lang: text}, project.policy)
    return found


def build_program(project: Project, program_id: str, lang: str) -> Built:
    bundle = project.bundle(program_id)
    if bundle is None or bundle.program is None:
        raise LookupError(program_id)
    program = bundle.program
    text = bundle.texts.get(lang)
    if text is None:
        have = ", ".join(sorted(bundle.texts)) or "none"
        return Built(content=None, findings=(error(program.path, program.line_of("languages"), DOCX_NO_TEXT,
                                                   t("{folder}/program.{lang}.md does not exist (texts: {have}); write it or choose --lang", folder=bundle.folder, lang=lang, have=have)),))
    findings = program_findings(project, bundle, text)
    if any(f.is_error for f in findings):
        return Built(content=None, findings=tuple(findings))
    fmt = DocumentFormat.from_policy(project.policy)
    org = organisation_text(project.policy.organisation, "name", lang)
    doc, numbering = new_document(fmt, lang, program.title_in(lang), org)
    title_page(doc, project, program, lang)
    writer = MarkdownWriter(doc, numbering, text.path, findings)
    titles = project.policy.section_titles(lang)
    by_title = {normalize_title(s.title): s for s in text.sections}
    for index, canonical in enumerate(titles):
        section = by_title[normalize_title(canonical)]
        heading = add_paragraph(doc, f"{index + 1}. {canonical}", style=HEADINGS[0])
        if index == 0:
            heading.paragraph_format.page_break_before = True
        writer.write(section.body, section.body_line)
        if index == STRUCTURE_SECTION:
            module_table(doc, fmt, program, lang)
        elif index == LITERATURE_SECTION:
            literature(doc, numbering, program, lang)
    add_page_numbers(doc, fmt, skip_first=True)
    return Built(content=document_bytes(doc), findings=tuple(findings))


def approval(program: Program) -> tuple[dt.date, str] | None:
    """The approval order in force: the last `approved` event, unless the program was revoked after it."""
    current: tuple[dt.date, str] | None = None
    for entry in program.lifecycle:
        if entry.event == Event.APPROVED.value:
            current = (entry.date, entry.order)
        elif entry.event == Event.REVOKED.value or (entry.event == Event.REVIEWED.value
                                                     and entry.decision == "revoke"):
            current = None
    return current


def title_page(doc: Document, project: Project, program: Program, lang: str) -> None:
    org = project.policy.organisation
    _bold_line(doc, organisation_text(org, "name", lang), CENTERED)
    add_paragraph(doc, "", style=CENTERED)
    approved = approval(program)
    if approved is not None:
        date, order = approved
        _bold_line(doc, label("approved", lang), APPROVAL)
        add_paragraph(doc, label("approved_by", lang).format(date=day(date), order=order), style=APPROVAL)
        director = organisation_text(org, "director", lang)
        if director:
            add_paragraph(doc, f"{label('director', lang)} ____________ {director}", style=APPROVAL)
    else:
        _bold_line(doc, label("draft", lang), APPROVAL)
    for _ in range(5):
        add_paragraph(doc, "", style=CENTERED)
    add_paragraph(doc, label(program.kind if program.kind in ("course", "retraining") else "course", lang),
                      style=CENTERED)
    add_paragraph(doc, f"«{program.title_in(lang)}»", style=TITLE)
    add_paragraph(doc, "", style=CENTERED)
    rows = [
        (label("direction", lang), name_in(DIRECTION_NAMES, program.direction, lang)),
        (label("audience", lang), program.audience.get(lang, "")),
        (label("hours", lang), str(program.hours)),
        (label("form", lang), name_in(FORM_NAMES, program.form, lang)),
        (label("language", lang), name_in(LANGUAGE_NAMES, lang, lang).lower()),
    ]
    for name, value in rows:
        if value:
            p = add_paragraph(doc, style=APPROVAL)
            p.paragraph_format.left_indent = Cm(0)  # the details run the full width
            add_formatted(p._p, f"{name}: ", bold=True)
            add_text(p._p, value)
    authors = ", ".join(a.name for a in program.authors)
    if authors:
        p = add_paragraph(doc, style=APPROVAL)
        p.paragraph_format.left_indent = Cm(0)
        add_formatted(p._p, f"{label('authors', lang)}: ", bold=True)
        add_text(p._p, authors)
    # the city and year stand at the foot of the title page: its own first-page footer
    year = (approved[0] if approved else (program.lifecycle[-1].date if program.lifecycle else dt.date.today())).year
    city = organisation_text(org, "city", lang)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    foot = section.first_page_footer.paragraphs[0]
    set_style(foot, FOOTER)
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(foot._p, f"{city}, {year}" if city else str(year))


def module_table(doc: Document, fmt: DocumentFormat, program: Program, lang: str) -> None:
    """P-5 (5): the plan — theory, practice, independent work and total per module, and the totals."""
    add_paragraph(doc, f"{label('table', lang)} 1 – {label('plan', lang)}", style=CAPTION)
    heads = ["№", label("module", lang), label("theory", lang), label("practice", lang),
             label("independent", lang), label("total", lang)]
    table = doc.add_table(rows=1, cols=len(heads))
    set_table_style(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for tc, text in zip(table._tbl.tr_lst[0].findall(W_TC), heads):
        _cell(tc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    mark_header_row(table.rows[0])
    rows = RowMaker(table)
    sums = [0, 0, 0]
    for n, module in enumerate(program.modules, start=1):
        h = module.hours
        values = [h.theory, h.practice, h.independent]
        sums = [a + b for a, b in zip(sums, values)]
        cells = rows.append()
        _cell(cells[0], str(n), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(cells[1], module.title.get(lang) or next(iter(module.title.values()), ""))
        for tc, value in zip(cells[2:], [*values, h.total]):
            _cell(tc, str(value), align=WD_ALIGN_PARAGRAPH.CENTER)
    cells = rows.append()
    _cell(merge_with_next(cells[0]), label("totals", lang), bold=True)
    for tc, value in zip(cells[2:], [*sums, sum(sums)]):
        _cell(tc, str(value), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    set_widths(table, fmt, MODULE_COLUMNS)
    keep_rows_whole(table)


MODULE_COLUMNS = (0.9, 4.6, 2.1, 2.7, 4.4, 2.3)  # proportions of the text width


def _bold_line(doc: Document, text: str, style: str) -> None:
    add_formatted(add_paragraph(doc, style=style)._p, text, bold=True)


def _cell(tc: Any, text: str, bold: bool = False, align: Any = None) -> None:
    """The text of a table cell (``w:tc``) in Table Text, replacing what it held."""
    p = cell_paragraph(tc)
    set_paragraph_style(p, style_id(TABLE_TEXT))
    for run in p.findall(W_R):
        p.remove(run)
    add_formatted(p, text, bold=bold or None)
    if align is not None:
        set_alignment(p, align)


def literature(doc: Document, numbering: Numbering, program: Program, lang: str) -> None:
    """P-5 (10): main and additional literature from program.yml, each list numbered from 1."""
    for kind, key in ((LiteratureKind.MAIN.value, "main_literature"),
                      (LiteratureKind.ADDITIONAL.value, "additional_literature")):
        items = [lit for lit in program.literature if lit.kind == kind]
        if not items:
            continue
        add_paragraph(doc, label(key, lang), style=HEADINGS[1])
        num_id = numbering.new_list("decimal")
        for lit in items:
            p = add_paragraph(doc, lit.ref, style=LIST_NUMBER)
            set_numbering(p, num_id, 0)
