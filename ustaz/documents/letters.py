"""Letters on the centre's letterhead: a jinja2 template renders Markdown, printed under a letterhead
made from ``policy.organisation`` (name, address, site, optional extra ``letterhead`` lines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle

from ..policy import Policy
from .format import DocumentFormat
from .markdown import MarkdownWriter, add_hyperlink
from .program import Built, add_page_numbers, document_bytes, new_document, organisation_text
from .styles import APPROVAL, CENTERED, NORMAL, add_paragraph, styled
from .templates import find_template, render


def letterhead(doc: Document, policy: Policy, lang: str) -> None:
    """The centre's name, then its details in one line, above a rule (a bottom border, not a drawing)."""
    org = policy.organisation
    name = add_paragraph(doc, organisation_text(org, "name", lang), style=CENTERED)
    name.runs[0].bold = True
    details = [organisation_text(org, "address", lang)]
    extra = org.get("letterhead", [])
    if isinstance(extra, list):
        details += [str(x) for x in extra]
    elif extra:
        details.append(organisation_text(org, "letterhead", lang))
    line = add_paragraph(doc, style=CENTERED)
    shown = [d for d in details if d]
    if shown:
        line.add_run(" · ".join(shown))
    if policy.site_url:
        if shown:
            line.add_run(" · ")
        add_hyperlink(line, policy.site_url, policy.site_url)
    ppr = line._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(attr), value)
    border.append(bottom)
    ppr.append(border)
    add_paragraph(doc, "", style=CENTERED)


def build_letter(root: Path, policy: Policy, name: str, lang: str, context: dict[str, Any],
                 title: str, with_letterhead: bool = True, landscape: bool = False) -> Built:
    """Render template ``name`` for ``lang`` with ``context`` and print it (on the letterhead, for a letter)."""
    template, findings = find_template(root, name, lang)
    if template is None:
        return Built(content=None, findings=tuple(findings))
    markdown, more = render(template, context)
    findings += more
    if markdown is None:
        return Built(content=None, findings=tuple(findings))
    fmt = DocumentFormat.from_policy(policy)
    doc, numbering = new_document(fmt, template.lang, title, organisation_text(policy.organisation, "name", lang))
    # a letter breathes between paragraphs (P-7 sets font, size, spacing and indent, not the gaps)
    styled(doc.styles[NORMAL], NORMAL, ParagraphStyle).paragraph_format.space_after = Pt(fmt.font_size_pt / 2)
    if landscape:  # wide tables (a results sheet): the same margins, the page turned
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(fmt.page_height_cm), Cm(fmt.page_width_cm)
    if with_letterhead:
        letterhead(doc, policy, template.lang)
    writer = MarkdownWriter(doc, numbering, template.shown, findings)
    writer.heading_shift = 0  # a letter's "#" is its only heading level that matters
    writer.quote_style = APPROVAL  # "> To the authorised body": the addressee block at the right
    writer.write(markdown, 1)
    add_page_numbers(doc, fmt, skip_first=True)
    return Built(content=document_bytes(doc), findings=tuple(findings))

