"""List numbering: one abstract definition per kind (bullet, decimal), one instance per list.

Each Markdown list gets its own numbering instance that restarts at its first number, so two ordered
lists in a row count 1, 2, 3 and 1, 2 — not 1 … 5 as the template's single «List Number» would.
The marker of level 0 sits at the first-line indent of P-7, so a list lines up with the paragraphs.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from .format import DocumentFormat
from .styles import LIST_STEP_CM

LEVELS = 9
BULLETS = ("–", "○", "▪")  # an en dash is how bulleted lists are printed in KZ/KG documents


def _twips(cm: float) -> str:
    return str(round(Cm(cm).twips))


@functools.lru_cache(maxsize=8)
def _abstract_definition(kind: str, indent_cm: float) -> Any:
    """The nine levels of a list kind, built once per process and copied into each document (without its id)."""
    ab = OxmlElement("w:abstractNum")
    mlt = OxmlElement("w:multiLevelType")
    mlt.set(qn("w:val"), "multilevel")
    ab.append(mlt)
    for lvl in range(LEVELS):
        ab.append(_level(kind, lvl, indent_cm))
    return ab


def _level(kind: str, lvl: int, indent_cm: float) -> Any:
    el = OxmlElement("w:lvl")
    el.set(qn("w:ilvl"), str(lvl))
    start = OxmlElement("w:start")
    start.set(qn("w:val"), "1")
    el.append(start)
    fmt_el = OxmlElement("w:numFmt")
    text = OxmlElement("w:lvlText")
    if kind == "bullet":
        fmt_el.set(qn("w:val"), "bullet")
        text.set(qn("w:val"), BULLETS[lvl % len(BULLETS)])
    else:
        fmt_el.set(qn("w:val"), "decimal" if lvl % 2 == 0 else "lowerLetter")
        text.set(qn("w:val"), f"%{lvl + 1}." if lvl % 2 == 0 else f"%{lvl + 1})")
    el.append(fmt_el)
    el.append(text)
    jc = OxmlElement("w:lvlJc")
    jc.set(qn("w:val"), "left")
    el.append(jc)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    marker_at = indent_cm + lvl * LIST_STEP_CM
    ind.set(qn("w:left"), _twips(marker_at + LIST_STEP_CM))
    ind.set(qn("w:hanging"), _twips(LIST_STEP_CM))
    ppr.append(ind)
    el.append(ppr)
    return el


class Numbering:
    def __init__(self, doc: Document, fmt: DocumentFormat) -> None:
        self.root = doc.part.numbering_part.element
        self.fmt = fmt
        self._abstract: dict[str, int] = {}

    def _next_id(self, tag: str, attr: str) -> int:
        ids = [int(el.get(qn(attr))) for el in self.root.findall(qn(tag))]
        return max(ids, default=0) + 1

    def _abstract_id(self, kind: str) -> int:
        if kind in self._abstract:
            return self._abstract[kind]
        aid = self._next_id("w:abstractNum", "w:abstractNumId")
        ab = copy.deepcopy(_abstract_definition(kind, self.fmt.first_line_indent_cm))
        ab.set(qn("w:abstractNumId"), str(aid))
        # abstractNum elements must come before every num element
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(ab)
        else:
            self.root.append(ab)
        self._abstract[kind] = aid
        return aid

    def new_list(self, kind: str, start: int = 1) -> int:
        """A fresh numbering instance of ``kind`` ('bullet' or 'decimal') starting at ``start``."""
        aid = self._abstract_id(kind)
        nid = self._next_id("w:num", "w:numId")
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(nid))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(aid))
        num.append(ref)
        for lvl in range(LEVELS):
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), str(lvl))
            so = OxmlElement("w:startOverride")
            so.set(qn("w:val"), str(start if lvl == 0 else 1))
            override.append(so)
            num.append(override)
        self.root.append(num)
        return nid


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(min(level, LEVELS - 1)))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(nid)
    # numPr comes right after pStyle in the schema's order
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(numpr)
    else:
        ppr.insert(0, numpr)
