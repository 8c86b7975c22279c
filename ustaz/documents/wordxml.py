"""Paragraphs, runs and table rows written straight into the document's XML.

python-docx places a new child element by searching its parent for each tag that may follow it
(``insert_element_before``: a ``find`` per possible successor, three dozen for a paragraph's
properties), builds every table cell by parsing a string and recomputes a table's whole cell grid for
``table.cell(r, c)``. For a program of a few pages that was most of the time the site build spent on
its .docx downloads (bench/RESULTS.md). These helpers write the very XML python-docx writes for the
same calls — element for element, so the document does not change — without the searching:

- ``append_paragraph`` = ``container.add_paragraph(text)`` then ``paragraph.style = …`` (by id);
- ``add_text`` = ``paragraph.add_run(text)``;
- ``add_formatted`` = ``paragraph.add_run(text)`` then ``run.bold = …`` and ``run.italic = …``
  (python-docx writes a ``w:rPr`` as soon as either is set, even to None; so does this);
- ``set_alignment`` = ``paragraph.alignment = …``;
- ``RowMaker.append`` = ``table.add_row()``, as a copy of a blank row python-docx made once per table;
- ``merge_with_next`` = ``cell.merge(next cell in the row)``;
- ``set_cell_width`` = ``cell.width = …``.

tests/test_documents_xml.py builds the same documents both ways and compares them part by part.
"""

from __future__ import annotations

import copy
from typing import Protocol

from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Length
from docx.table import Table, _Row
from lxml import etree

W_P = qn("w:p")
W_PPR = qn("w:pPr")
W_PSTYLE = qn("w:pStyle")
W_R = qn("w:r")
W_RPR = qn("w:rPr")
W_T = qn("w:t")
W_TAB = qn("w:tab")
W_BR = qn("w:br")
W_B = qn("w:b")
W_I = qn("w:i")
W_VAL = qn("w:val")
W_SECTPR = qn("w:sectPr")
W_TR = qn("w:tr")
W_TC = qn("w:tc")
W_JC = qn("w:jc")
W_TCPR = qn("w:tcPr")
W_TCW = qn("w:tcW")
XML_SPACE = qn("xml:space")
# what may follow w:jc inside w:pPr (the schema's order, as python-docx's CT_PPr lists it)
_AFTER_JC = frozenset(qn(tag) for tag in ("w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                                          "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                          "w:pPrChange"))


def append_paragraph(parent: etree._Element, text: str = "", style_id: str | None = None) -> etree._Element:
    """A new ``w:p`` at the end of a body (before its final ``w:sectPr``), cell, header or footer,
    with ``text`` in one run and a ``w:pPr`` naming ``style_id`` (an empty ``w:pPr`` for Normal)."""
    p = OxmlElement("w:p")
    last = parent[-1] if len(parent) else None
    if last is not None and last.tag == W_SECTPR:
        last.addprevious(p)
    else:
        parent.append(p)
    if text:
        _append_text(etree.SubElement(p, W_R), text)
    set_paragraph_style(p, style_id)
    return p


def _paragraph_properties(p: etree._Element) -> etree._Element:
    """The paragraph's ``w:pPr``, made first in it when it has none."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    return ppr


def set_paragraph_style(p: etree._Element, style_id: str | None) -> None:
    """``paragraph.style = style_id``: ``w:pPr`` first in the paragraph, ``w:pStyle`` first in it."""
    ppr = _paragraph_properties(p)
    pstyle = ppr.find(W_PSTYLE)
    if style_id is None:
        if pstyle is not None:
            ppr.remove(pstyle)
        return
    if pstyle is None:
        pstyle = etree.Element(W_PSTYLE)
        ppr.insert(0, pstyle)
    pstyle.set(W_VAL, style_id)


def set_alignment(p: etree._Element, alignment: WD_PARAGRAPH_ALIGNMENT | None) -> None:
    """``paragraph.alignment = alignment``: a ``w:jc`` in its place among the paragraph's properties."""
    ppr = _paragraph_properties(p)
    jc = ppr.find(W_JC)
    if alignment is None:
        if jc is not None:
            ppr.remove(jc)
        return
    if jc is None:
        jc = etree.Element(W_JC)
        follower = next((child for child in ppr if child.tag in _AFTER_JC), None)
        if follower is not None:
            follower.addprevious(jc)
        else:
            ppr.append(jc)
    jc.set(W_VAL, WD_PARAGRAPH_ALIGNMENT.to_xml(alignment))


def add_text(p: etree._Element, text: str) -> etree._Element:
    """A run holding ``text`` and no run properties."""
    r = etree.SubElement(p, W_R)
    if text:
        _append_text(r, text)
    return r


def add_formatted(p: etree._Element, text: str, bold: bool | None = None, italic: bool | None = None) -> etree._Element:
    """A run with run properties: bold and italic when True, nothing for None (an empty ``w:rPr``)."""
    r = add_text(p, text)
    rpr = etree.Element(W_RPR)
    r.insert(0, rpr)
    for tag, value in ((W_B, bold), (W_I, italic)):
        if value is not None:
            flag = etree.SubElement(rpr, tag)
            if not value:
                flag.set(W_VAL, "0")
    return r


def _append_text(r: etree._Element, text: str) -> None:
    """Tabs become ``w:tab``, line ends ``w:br``, the rest ``w:t`` (kept as is when it has outer spaces)."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        _append_t(r, text)
        return
    chunk: list[str] = []
    for char in text:
        if char in "\t\r\n":
            if chunk:
                _append_t(r, "".join(chunk))
                chunk.clear()
            etree.SubElement(r, W_TAB if char == "\t" else W_BR)
        else:
            chunk.append(char)
    if chunk:
        _append_t(r, "".join(chunk))


def _append_t(r: etree._Element, text: str) -> None:
    t = etree.SubElement(r, W_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(XML_SPACE, "preserve")


class _AddsRows(Protocol):
    """``Table.add_row`` as python-docx 1.2 defines it, which it leaves unannotated."""

    def add_row(self) -> _Row: ...


class RowMaker:
    """Rows for one table: the first by python-docx's ``add_row``, each further one a copy of it as it
    was before anything was written into it."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self._blank: etree._Element | None = None

    def append(self) -> list[etree._Element]:
        """A new last row; its cells (``w:tc``) in order."""
        tr: etree._Element
        if self._blank is None:
            rows: _AddsRows = self.table
            tr = rows.add_row()._tr
            self._blank = copy.deepcopy(tr)
        else:
            tr = copy.deepcopy(self._blank)
            self.table._tbl.append(tr)
        cells: list[etree._Element] = tr.findall(W_TC)
        return cells


def cell_paragraph(tc: etree._Element) -> etree._Element:
    """The cell's first paragraph (a new cell has exactly one)."""
    p = tc.find(W_P)
    if p is None:  # python-docx always writes one; a cell without a paragraph is not valid
        raise ValueError("a table cell without a paragraph")
    return p


def merge_with_next(tc: etree._Element) -> etree._Element:
    """``cell.merge(the cell to its right)`` for two empty cells of one row: the left one spans both
    columns, takes their widths, and the right one goes."""
    right = tc.getnext()
    if right is None or right.tag != W_TC or cell_paragraph(right).getnext() is not None or len(cell_paragraph(right)):
        raise ValueError("merge_with_next joins a cell with an empty cell to its right")
    if tc.width and right.width:
        tc.width = Length(tc.width + right.width)
    tc.grid_span += right.grid_span
    right.getparent().remove(right)
    return tc


def set_cell_width(tc: etree._Element, width: Length) -> None:
    """``cell.width = width``; python-docx's own setter when the cell has no ``w:tcW`` yet."""
    tcpr = tc.find(W_TCPR)
    tcw = tcpr.find(W_TCW) if tcpr is not None else None
    if tcw is None:
        tc.width = width
    else:
        tcw.width = width
