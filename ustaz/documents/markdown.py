"""Markdown (markdown-it tokens) → python-docx paragraphs, lists and tables.

Written: headings (### → Heading 2, …), paragraphs, bullet and ordered lists (nested, each list
numbered afresh), emphasis and strong, inline code (as text), tables, block quotes, links as
«text (URL)» with the URL an active hyperlink, line breaks.
Reported, never dropped silently (``docx-unsupported`` warnings with the source line): images
(printed as «alt (URL)»), code blocks (printed as plain lines), horizontal rules and raw HTML
(left out; `ustaz check` already reports raw HTML as an error). HTML comments are authors' notes
and are left out without a word, as on the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import i18n
from ..findings import Finding, warning
from ..i18n import t
from .codes import DOCX_UNSUPPORTED
from .format import DocumentFormat
from .numbering import Numbering, set_numbering
from .styles import (
    HEADINGS,
    HYPERLINK,
    LIST_BULLET,
    LIST_CONTINUE,
    LIST_NUMBER,
    LIST_STEP_CM,
    PLAIN,
    QUOTE,
    TABLE_TEXT,
    add_paragraph,
    set_style,
    set_table_style,
    style_id,
)
from .wordxml import W_TC, add_formatted, add_text, cell_paragraph, set_cell_width

_md = MarkdownIt("commonmark").enable("table")
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
               "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _is_comment(html: str) -> bool:
    h = html.strip()
    return h.startswith("<!--") and h.endswith("-->")


@dataclass
class _List:
    kind: str  # bullet | decimal
    num_id: int


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """An active link: a w:hyperlink with an external relationship, in the Hyperlink character style."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), style_id(HYPERLINK))
    rpr.append(style)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def shown_url(href: str) -> str:
    return href[len("mailto:"):] if href.lower().startswith("mailto:") else href


class MarkdownWriter:
    """Appends Markdown to a document; ``findings`` collects what could not be written as such."""

    def __init__(self, doc: Document, numbering: Numbering, path: str, findings: list[Finding]) -> None:
        self.doc = doc
        self.numbering = numbering
        self.path = path
        self.findings = findings
        self.heading_shift = 1  # "###" (h3) is a subsection of a "##" section: Heading 2
        self.quote_style = QUOTE  # letters print a block quote as the addressee block

    def write(self, markdown: str, first_line: int) -> None:
        """Write ``markdown`` whose first line is line ``first_line`` of ``self.path``."""
        self.first_line = first_line
        self.lists: list[_List] = []
        self.item_starts = False
        self.quote = 0
        tokens = _md.parse(markdown)
        i = 0
        while i < len(tokens):
            i = self._block(tokens, i)

    # -- blocks -------------------------------------------------------------------------------
    def _line(self, tok: Token) -> int:
        return self.first_line + (tok.map[0] if tok.map else 0)

    def _warn(self, tok: Token, message: str) -> None:
        self.findings.append(warning(self.path, self._line(tok), DOCX_UNSUPPORTED, message))

    def _block(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            level = max(1, int(tok.tag[1]) - self.heading_shift)
            p = add_paragraph(self.doc, style=HEADINGS[min(level, len(HEADINGS)) - 1])
            self._inline(p, tokens[i + 1])
            return i + 3
        if kind == "paragraph_open":
            p = self._paragraph()
            self._inline(p, tokens[i + 1])
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_kind = "bullet" if kind == "bullet_list_open" else "decimal"
            start = int(tok.attrs.get("start", 1) or 1) if list_kind == "decimal" else 1
            self.lists.append(_List(kind=list_kind, num_id=self.numbering.new_list(list_kind, start)))
            return i + 1
        if kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            return i + 1
        if kind == "list_item_open":
            self.item_starts = True
            return i + 1
        if kind == "blockquote_open":
            self.quote += 1
            return i + 1
        if kind == "blockquote_close":
            self.quote -= 1
            return i + 1
        if kind == "table_open":
            j = i
            while tokens[j].type != "table_close":
                j += 1
            self._table(tokens[i:j + 1])
            return j + 1
        if kind in ("fence", "code_block"):
            self._warn(tok, t("a code block is printed as plain lines (a document has no code font under P-7)"))
            for line in tok.content.rstrip("\n").split("\n"):
                add_paragraph(self.doc, line, style=PLAIN)
            return i + 1
        if kind == "hr":
            self._warn(tok, t("a horizontal rule (---) has no place in the document and is left out"))
            return i + 1
        if kind == "html_block":
            if not _is_comment(tok.content):
                self._warn(tok, t("raw HTML is left out of the document: {content!r}", content=tok.content.strip()[:40]))
            return i + 1
        return i + 1  # list_item_close and other closing tokens

    def _paragraph(self) -> Paragraph:
        if self.lists:
            current = self.lists[-1]
            level = len(self.lists) - 1
            if self.item_starts:
                self.item_starts = False
                p = add_paragraph(self.doc, style=LIST_BULLET if current.kind == "bullet" else LIST_NUMBER)
                set_numbering(p, current.num_id, level)
                return p
            # a further paragraph of the same item: aligned with the item's text, no marker
            p = add_paragraph(self.doc, style=LIST_CONTINUE)
            if level:
                p.paragraph_format.left_indent = Cm(
                    self.numbering.fmt.first_line_indent_cm + (level + 1) * LIST_STEP_CM)
            return p
        if self.quote:
            return add_paragraph(self.doc, style=self.quote_style)
        return add_paragraph(self.doc)

    def _table(self, tokens: list[Token]) -> None:
        rows: list[list[tuple[Token, str]]] = []
        header_rows = 0
        in_head = False
        for k, tok in enumerate(tokens):
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                rows.append([])
                if in_head:
                    header_rows += 1
            elif tok.type in ("th_open", "td_open"):
                m = _ALIGN.search(str(tok.attrs.get("style", "")))
                rows[-1].append((tokens[k + 1], m.group(1) if m else ""))
        if not rows:
            return
        cols = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=cols)
        set_table_style(table)
        # the cells of each row once: table.cell(r, c) recomputes the table's whole grid at every call
        for r, (row, tr) in enumerate(zip(rows, table._tbl.tr_lst)):
            tcs = tr.findall(W_TC)
            for c, (inline, align) in enumerate(row):
                p = Paragraph(cell_paragraph(tcs[c]), _Cell(tcs[c], table))
                set_style(p, TABLE_TEXT)
                if align:
                    p.alignment = _ALIGNMENTS[align]
                self._inline(p, inline, bold=r < header_rows)
        for r in range(header_rows):
            mark_header_row(table.rows[r])
        keep_rows_whole(table)
        fmt = self.numbering.fmt
        page = self.doc.sections[-1].page_width
        width = (page.cm if page is not None else fmt.page_width_cm) - fmt.margin_left_cm - fmt.margin_right_cm
        set_widths(table, fmt, column_widths([[inline.content for inline, _ in row] for row in rows], fmt, width), width)

    # -- inline -------------------------------------------------------------------------------
    def _inline(self, p: Paragraph, inline: Token, bold: bool = False) -> None:
        strong = 1 if bold else 0
        em = 0
        href: str | None = None  # inside a link: its text is gathered and written at link_close
        link_text: list[str] = []
        line = self._line(inline)
        for child in inline.children or []:
            t = child.type
            if t in ("text", "code_inline"):
                if href is not None:
                    link_text.append(child.content)
                    continue
                add_formatted(p._p, child.content, bool(strong) or None, bool(em) or None)
            elif t == "softbreak":
                if href is not None:
                    link_text.append(" ")
                else:
                    add_text(p._p, " ")
                line += 1
            elif t == "hardbreak":
                p.add_run().add_break(WD_BREAK.LINE)
                line += 1
            elif t == "strong_open":
                strong += 1
            elif t == "strong_close":
                strong -= 1
            elif t == "em_open":
                em += 1
            elif t == "em_close":
                em -= 1
            elif t == "link_open":
                href = str(child.attrs.get("href") or "")
                link_text = []
            elif t == "link_close":
                self._link(p, href or "", "".join(link_text), line, bool(strong), bool(em))
                href = None
            elif t == "image":
                url = str(child.attrs.get("src") or "")
                alt = child.content or ""
                self.findings.append(warning(self.path, line, DOCX_UNSUPPORTED,
                                             i18n.t("the image {url!r} is not embedded; its description and address are printed instead", url=url)))
                add_text(p._p, f"{alt} ({url})" if alt else url)
            elif t == "html_inline" and not _is_comment(child.content):
                self.findings.append(warning(self.path, line, DOCX_UNSUPPORTED,
                                             i18n.t("raw HTML is left out of the document: {content!r}", content=child.content[:40])))

    def _link(self, p: Paragraph, href: str, text: str, line: int, strong: bool, em: bool) -> None:
        """A link on paper: «text (URL)», the URL an active hyperlink; just the URL when the text is it."""
        shown = shown_url(href)
        if text.strip() in (href, shown) and href:
            add_hyperlink(p, href, shown)
            return
        if text:
            add_formatted(p._p, text, strong or None, em or None)
        if not href:
            return
        if ":" not in href.split("/", 1)[0]:
            self.findings.append(warning(self.path, line, DOCX_UNSUPPORTED,
                                         t("the relative link {href!r} means nothing on paper; only its text is printed (link to a full https:// address instead)", href=href)))
            return
        add_text(p._p, " (")
        add_hyperlink(p, href, shown)
        add_text(p._p, ")")


def mark_header_row(row: _Row) -> None:
    """Repeat the row at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def keep_rows_whole(table: Table) -> None:
    """A row never breaks across pages (a module's numbers stay on one line with its title)."""
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        trpr.insert(0, el)


def column_widths(rows: list[list[str]], fmt: DocumentFormat, width_cm: float) -> tuple[float, ...]:
    """Column widths (cm) that fit what the columns hold: each gets at least its longest word (so no word
    breaks when the page allows), and the rest of the width goes to the columns with longer text."""
    char_cm = fmt.table_font_size_pt * 0.0353 * 0.66  # a wide letter of a serif font, bold headers included
    pad_cm = 0.4  # the cell's left and right margins
    cols = max(len(r) for r in rows)
    least, wish = [], []
    for c in range(cols):
        cells = [r[c] for r in rows if c < len(r)]
        word = max((len(w) for text in cells for w in text.split()), default=1)
        longest = max((len(text) for text in cells), default=1)
        least.append(word * char_cm + pad_cm)
        wish.append(max(word, min(longest, 60)) * char_cm + pad_cm)
    if sum(least) >= width_cm:  # even the words do not fit: share the width by the words
        return tuple(w * width_cm / sum(least) for w in least)
    if sum(wish) <= width_cm:  # everything fits on one line: widen in proportion
        return tuple(w * width_cm / sum(wish) for w in wish)
    spare = width_cm - sum(least)
    extra = [w - m for w, m in zip(wish, least)]
    return tuple(m + spare * e / sum(extra) for m, e in zip(least, extra))


def set_widths(table: Any, fmt: DocumentFormat, proportions: tuple[float, ...], width_cm: float | None = None) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word reads those)."""
    scale = (width_cm or fmt.text_width_cm) / sum(proportions)
    widths = [share * scale for share in proportions]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        col = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            set_cell_width(tc, Cm(sum(widths[col:col + span])))
            col += span
