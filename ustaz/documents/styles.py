"""P-7 on styles, not run by run: the font, size, spacing and indent live in the document defaults and
in the Normal style, which every other style inherits; the page geometry lives in the section.

A reviewer who opens the .docx and looks at «Normal» sees the regulation's numbers; a run never
carries its own font or size, so editing the style re-formats the whole document.
"""

from __future__ import annotations

from typing import Any, TypeVar

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph

from .format import DocumentFormat
from .wordxml import append_paragraph, set_paragraph_style

S = TypeVar("S", bound=BaseStyle)

# style names used by the writers (Word's built-in names where one exists, so Word localises them)
NORMAL = "Normal"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
TITLE = "Title"
LIST_BULLET = "List Bullet"
LIST_NUMBER = "List Number"
LIST_CONTINUE = "List Continue"
QUOTE = "Quote"
CAPTION = "Caption"
FOOTER = "Footer"
HEADER = "Header"
# our own paragraph styles, all based on Normal
CENTERED = "Centered"  # title page lines, table captions
PLAIN = "Plain"  # no first-line indent: letterhead, signatures, code
TABLE_TEXT = "Table Text"
APPROVAL = "Approval"  # the approval block at the top right of the title page
HYPERLINK = "Hyperlink"

LANG_TAGS = {"kk": "kk-KZ", "ru": "ru-RU", "ky": "ky-KG", "en": "en-GB"}


def _set_fonts(style: BaseStyle, font: str) -> None:
    """Name the font in every script slot and drop theme fonts (which would win over the name)."""
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def _doc_defaults(doc: Document, fmt: DocumentFormat, lang: str) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        return
    for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    rfonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), fmt.font)
    rpr.insert(0, rfonts)
    half_points = str(round(fmt.font_size_pt * 2))
    for tag in ("w:sz", "w:szCs"):
        sz = OxmlElement(tag)
        sz.set(qn("w:val"), half_points)
        rpr.append(sz)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), LANG_TAGS.get(lang, lang))
    lang_el.set(qn("w:eastAsia"), LANG_TAGS.get(lang, lang))
    lang_el.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang_el)


def styled(style: object, name: str, kind: type[S]) -> S:
    """A style python-docx gives untyped, as the kind it must be (the base document's own styles: a mismatch is
    a broken template, never input)."""
    if not isinstance(style, kind):
        raise TypeError(f"the style {name!r} of the base document is not a {kind.__name__}")
    return style


def _paragraph_style(doc: Document, name: str, base: str = NORMAL) -> ParagraphStyle:
    styles = doc.styles
    try:
        style = styled(styles[name], name, ParagraphStyle)
    except KeyError:
        style = styled(styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH), name, ParagraphStyle)
        style.base_style = styles[base]
    style.hidden = False
    style.quick_style = True
    return style


def _black(style: CharacterStyle) -> None:
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            if color.get(qn(attr)) is not None:
                del color.attrib[qn(attr)]


def apply_format(doc: Document, fmt: DocumentFormat, lang: str) -> None:
    """Set P-7 on the document's defaults, styles and sections."""
    _doc_defaults(doc, fmt, lang)
    size = Pt(fmt.font_size_pt)
    indent = Cm(fmt.first_line_indent_cm)

    normal = styled(doc.styles[NORMAL], NORMAL, ParagraphStyle)
    _set_fonts(normal, fmt.font)
    normal.font.size = size
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.line_spacing = fmt.line_spacing
    pf.first_line_indent = indent
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    for level, name in enumerate(HEADINGS, start=1):
        h = _paragraph_style(doc, name)
        h.base_style = normal
        _set_fonts(h, fmt.font)
        h.font.size = size
        h.font.bold = True
        h.font.italic = False
        _black(h)
        hp = h.paragraph_format
        hp.line_spacing = fmt.line_spacing
        hp.space_before = Pt(fmt.font_size_pt if level == 1 else fmt.font_size_pt / 2)
        hp.space_after = Pt(fmt.font_size_pt / 2)
        hp.keep_with_next = True
        if level == 1:  # the ten sections of P-4: centred, no indent
            hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            hp.first_line_indent = Cm(0)
        else:  # subsections: like a paragraph, bold
            hp.alignment = WD_ALIGN_PARAGRAPH.LEFT
            hp.first_line_indent = indent

    title = _paragraph_style(doc, TITLE)
    title.base_style = normal
    _set_fonts(title, fmt.font)
    title.font.size = size
    title.font.bold = True
    title.font.all_caps = True
    _black(title)
    tpf = title.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.first_line_indent = Cm(0)
    tpf.space_before = Pt(fmt.font_size_pt)
    tpf.space_after = Pt(fmt.font_size_pt)
    # the template's Title has a bottom border and expanded spacing: drop them
    ppr = title.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing"):
        old = ppr.find(qn(tag))
        if old is not None:
            ppr.remove(old)
    trpr = title.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):
        old = trpr.find(qn(tag))
        if old is not None:
            trpr.remove(old)

    for name, first_line, align in (
        (CENTERED, Cm(0), WD_ALIGN_PARAGRAPH.CENTER),
        (PLAIN, Cm(0), WD_ALIGN_PARAGRAPH.LEFT),
        (TABLE_TEXT, Cm(0), WD_ALIGN_PARAGRAPH.LEFT),
        (APPROVAL, Cm(0), WD_ALIGN_PARAGRAPH.LEFT),
        (CAPTION, Cm(0), WD_ALIGN_PARAGRAPH.CENTER),
        (HEADER, Cm(0), WD_ALIGN_PARAGRAPH.CENTER),
        (FOOTER, Cm(0), WD_ALIGN_PARAGRAPH.RIGHT if fmt.page_numbers == "bottom-right"
         else WD_ALIGN_PARAGRAPH.CENTER),
    ):
        st = _paragraph_style(doc, name)
        st.base_style = normal
        _set_fonts(st, fmt.font)
        st.font.size = Pt(fmt.table_font_size_pt) if name == TABLE_TEXT else size
        st.font.italic = False
        st.font.bold = name == CAPTION
        _black(st)
        sp = st.paragraph_format
        sp.first_line_indent = first_line
        sp.alignment = align
        sp.line_spacing = fmt.line_spacing
        sp.space_before = Pt(0)
        sp.space_after = Pt(0)
        if name == APPROVAL:
            sp.left_indent = Cm(fmt.text_width_cm / 2)
        if name == CAPTION:
            sp.space_before = Pt(fmt.font_size_pt / 2)
            sp.space_after = Pt(fmt.font_size_pt / 2)
            sp.keep_with_next = True

    for name in (LIST_BULLET, LIST_NUMBER, LIST_CONTINUE, QUOTE):
        st = _paragraph_style(doc, name)
        st.base_style = normal
        _set_fonts(st, fmt.font)
        st.font.size = size
        st.font.italic = False
        _black(st)
        sp = st.paragraph_format
        sp.line_spacing = fmt.line_spacing
        sp.space_before = Pt(0)
        sp.space_after = Pt(0)
        sp.first_line_indent = Cm(0) if name != QUOTE else indent
        if name == QUOTE:
            sp.left_indent = indent
            sp.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif name == LIST_CONTINUE:
            sp.left_indent = Cm(fmt.first_line_indent_cm + LIST_STEP_CM)
        # the template's list styles carry their own numbering; ours is set per list (numbering.py)
        ppr = st.element.get_or_add_pPr()
        old = ppr.find(qn("w:numPr"))
        if old is not None:
            ppr.remove(old)

    try:
        link = styled(doc.styles[HYPERLINK], HYPERLINK, CharacterStyle)
    except KeyError:
        link = styled(doc.styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER), HYPERLINK, CharacterStyle)
    link.font.underline = True
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.hidden = False

    for section in doc.sections:
        apply_page(section, fmt)
    _prune_styles(doc)
    for name in (NORMAL, *HEADINGS, TITLE, LIST_BULLET, LIST_NUMBER, LIST_CONTINUE, QUOTE, CAPTION, FOOTER, HEADER,
                 CENTERED, PLAIN, TABLE_TEXT, APPROVAL, HYPERLINK, TABLE_GRID):
        if doc.styles.element.get_by_id(style_id(name)) is None:  # our template, our bug
            raise RuntimeError(f"style {name!r} has no id {style_id(name)!r}")


LIST_STEP_CM = 0.75  # hanging indent of a list item: where its text starts after the marker
TABLE_GRID = "Table Grid"
_KEEP_TABLE_STYLES = ("Normal Table", TABLE_GRID)


def style_id(name: str) -> str:
    """The id of a style name: python-docx's template and ``add_style`` both drop the spaces."""
    return name.replace(" ", "")


def add_paragraph(container: Any, text: str = "", style: str = NORMAL) -> Paragraph:
    """A paragraph in ``style``, referenced by id, at the end of a document, cell, header or footer.

    python-docx looks a style name up by scanning every style and places each element by searching for
    its successors; wordxml writes the same XML directly (a site build prints two documents per program)."""
    parent = container.element.body if isinstance(container, Document) else container._element
    return Paragraph(append_paragraph(parent, text, _style_ref(style)), container)


def set_style(paragraph: Paragraph, style: str) -> None:
    set_paragraph_style(paragraph._p, _style_ref(style))


def _style_ref(style: str) -> str | None:
    """Normal is the default: a paragraph in it names no style."""
    return None if style == NORMAL else style_id(style)


def set_table_style(table: Any) -> None:
    table._tbl.tblStyle_val = style_id(TABLE_GRID)


def _prune_styles(doc: Document) -> None:
    """Drop the template's dozens of coloured table styles: a ministry's document has grid tables only."""
    root = doc.styles.element
    for el in list(root.findall(qn("w:style"))):
        if el.get(qn("w:type")) == "table":
            name = el.find(qn("w:name"))
            if name is not None and name.get(qn("w:val")) not in _KEEP_TABLE_STYLES:
                root.remove(el)


def apply_page(section: Section, fmt: DocumentFormat) -> None:
    s = section
    s.start_type = WD_SECTION.NEW_PAGE
    s.page_width = Cm(fmt.page_width_cm)
    s.page_height = Cm(fmt.page_height_cm)
    s.left_margin = Cm(fmt.margin_left_cm)
    s.right_margin = Cm(fmt.margin_right_cm)
    s.top_margin = Cm(fmt.margin_top_cm)
    s.bottom_margin = Cm(fmt.margin_bottom_cm)
    s.header_distance = Cm(fmt.header_distance_cm)
    s.footer_distance = Cm(fmt.footer_distance_cm)
    s.gutter = Cm(0)
