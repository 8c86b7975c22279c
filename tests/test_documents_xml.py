"""P-7 documents made fast are the documents python-docx makes: the XML helpers (wordxml), the styled base
document copied per document, and the zip writer (docxzip) give, part for part, what python-docx's own
calls give — on the example program in both languages and on Markdown with every construct the writer knows.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.blkcntnr import BlockItemContainer
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree
from test_documents_markdown import SOURCE

from ustaz.documents import docxzip, markdown, numbering, program, styles, wordxml
from ustaz.documents.format import DocumentFormat
from ustaz.documents.markdown import MarkdownWriter
from ustaz.documents.numbering import Numbering
from ustaz.documents.program import build_program, new_document
from ustaz.policy import preset
from ustaz.project import Project

ROOT = Path(__file__).resolve().parent.parent

MORE = """\
Tabs\tin\ttext, a hard break  
the next line, and a non-breaking\u00a0space.

*  leading spaces* and **bold *both* bold** [**strong link**](https://example.org/s) [relative](../x)
[mail](mailto:someone@example.org) <https://example.org/plain>

1. one
   its second paragraph

   - nested
2. two

> a quote with **bold**
>
> - and a list

| a | b | c |
|---|:-:|--:|
| 1 | 2 |
| x | [l](https://example.org/l) | *e* |

#### Deep
##### Deeper
"""


# python-docx's own calls, which the helpers in wordxml replace -------------------------------------------
def ref_append_paragraph(parent: Any, text: str = "", style_id: str | None = None) -> Any:
    p = BlockItemContainer(parent, None).add_paragraph(text)  # type: ignore[arg-type]
    p._p.style = style_id
    return p._p


def ref_set_paragraph_style(p: Any, style_id: str | None) -> None:
    p.style = style_id


def ref_set_alignment(p: Any, alignment: Any) -> None:
    p.alignment = alignment


def ref_add_text(p: Any, text: str) -> Any:
    return Paragraph(p, None).add_run(text)._r  # type: ignore[arg-type]


def ref_add_formatted(p: Any, text: str, bold: bool | None = None, italic: bool | None = None) -> Any:
    run = Paragraph(p, None).add_run(text)  # type: ignore[arg-type]
    run.bold = bold
    run.italic = italic
    return run._r


class RefRowMaker:
    def __init__(self, table: Any) -> None:
        self.table = table

    def append(self) -> list[Any]:
        return list(self.table.add_row()._tr.tc_lst)


def ref_merge_with_next(tc: Any) -> Any:
    return _Cell(tc, None).merge(_Cell(tc.getnext(), None))._tc  # type: ignore[arg-type]


def ref_set_cell_width(tc: Any, width: Any) -> None:
    tc.width = width


def ref_new_document(fmt: DocumentFormat, lang: str, title: str, author: str) -> tuple[Any, Numbering]:
    """What new_document did before the base document was kept: the styles applied to each document."""
    doc = docx.Document()
    styles.apply_format(doc, fmt, lang)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, author, "ustaz"
    props.language, props.comments = lang, ""
    return doc, Numbering(doc, fmt)


def ref_document_bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


REFERENCE: dict[str, Callable[..., Any] | type] = {
    "append_paragraph": ref_append_paragraph, "set_paragraph_style": ref_set_paragraph_style,
    "set_alignment": ref_set_alignment, "add_text": ref_add_text, "add_formatted": ref_add_formatted,
    "RowMaker": RefRowMaker, "merge_with_next": ref_merge_with_next, "set_cell_width": ref_set_cell_width,
    "new_document": ref_new_document, "document_bytes": ref_document_bytes,
}


def use_python_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put python-docx's own calls back wherever the documents' modules use the fast ones."""
    for module in (styles, markdown, program):
        for name, ref in REFERENCE.items():
            if hasattr(module, name):
                monkeypatch.setattr(module, name, ref)
    # the list definitions built for each document, not copied from the ones built once
    monkeypatch.setattr(numbering, "_abstract_definition", numbering._abstract_definition.__wrapped__)


def parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return {name: z.read(name) for name in z.namelist()}


def same_parts(fast: bytes, reference: bytes) -> None:
    a, b = parts(fast), parts(reference)
    assert list(a) == list(b)  # the same parts in the same order
    for name in a:
        assert a[name] == b[name], f"{name} differs"


def markdown_document() -> bytes:
    fmt = DocumentFormat.from_policy(preset("kz-2023"))
    doc, numbering = program.new_document(fmt, "ru", "t", "a")
    findings: list[Any] = []
    MarkdownWriter(doc, numbering, "programs/x/program.ru.md", findings).write(SOURCE + "\n" + MORE, 1)
    return program.document_bytes(doc)


def example_documents() -> list[bytes]:
    project = Project.load(ROOT)
    out = []
    for lang in ("kk", "ru"):
        built = build_program(project, "robotics-basics", lang)
        assert built.content is not None, built.findings
        out.append(built.content)
    return out


def test_p7_fast_program_documents_are_python_docx_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """P-7: the example program (kk, ru; title page, ten sections, module table, literature) is the same XML,
    part for part, whether written by the fast helpers or by python-docx's calls they stand for."""
    fast = example_documents()
    use_python_docx(monkeypatch)
    reference = example_documents()
    for one, other in zip(fast, reference):
        same_parts(one, other)
    # the comparison has teeth: the documents hold what they should
    body = parts(fast[1])["word/document.xml"].decode("utf-8")
    assert "Учебно-тематический план" in body and 'w:gridSpan w:val="2"' in body


def test_p7_fast_markdown_is_python_docx_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """P-7: lists, tables with alignments and short rows, links, quotes, breaks, tabs and outer spaces."""
    fast = markdown_document()
    use_python_docx(monkeypatch)
    same_parts(fast, markdown_document())
    body = parts(fast)["word/document.xml"].decode("utf-8")
    assert "<w:tab/>" in body and "<w:br/>" in body and 'xml:space="preserve"' in body and "<w:jc " in body


TEXTS = ["", "plain", " outer spaces ", "tab\tbetween", "line\nbreak\r\nand\rmore", "\u00a0nbsp", "\t", "\n"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("bold,italic", [(None, None), (True, None), (None, True), (True, True), (False, True)])
def test_runs_are_python_docx_runs(text: str, bold: bool | None, italic: bool | None) -> None:
    """A run of text (tabs, line ends, outer spaces) with and without run properties."""
    made = []
    for add_text, add_formatted in ((wordxml.add_text, wordxml.add_formatted), (ref_add_text, ref_add_formatted)):
        p = docx.Document().add_paragraph()._p
        add_text(p, text)
        add_formatted(p, text, bold, italic)
        made.append(etree.tostring(p))
    assert made[0] == made[1]


def test_styles_and_alignment_on_existing_properties_are_python_docx() -> None:
    """A style and an alignment set on a paragraph that already has properties (indent, numbering, spacing)
    go where python-docx puts them, and setting them to None removes them the same way."""
    made = []
    for set_style, set_alignment in ((wordxml.set_paragraph_style, wordxml.set_alignment),
                                     (ref_set_paragraph_style, ref_set_alignment)):
        doc = docx.Document()
        out = []
        for steps in (("style", "align"), ("align", "style"), ("style", "none"), ("align", "unalign")):
            para = doc.add_paragraph("x")
            para.paragraph_format.left_indent = Cm(1)
            para.paragraph_format.space_after = Pt(3)
            para.paragraph_format.keep_with_next = True
            for step in steps:
                if step == "style":
                    set_style(para._p, "Heading1")
                elif step == "none":
                    set_style(para._p, None)
                elif step == "align":
                    set_alignment(para._p, WD_ALIGN_PARAGRAPH.RIGHT)
                else:
                    set_alignment(para._p, None)
            out.append(etree.tostring(para._p))
        made.append(out)
    assert made[0] == made[1]


def test_documents_from_the_base_share_nothing() -> None:
    """Each document is its own copy of the styled base: what one changes (a letter widens Normal's spacing,
    a program adds paragraphs and footers) is not in the next one."""
    fmt = DocumentFormat.from_policy(preset("kz-2023"))
    first, _ = new_document(fmt, "ru", "first", "a")
    first.styles["Normal"].paragraph_format.space_after = Pt(7)
    styles.add_paragraph(first, "only in the first")
    first.sections[0].footer.paragraphs[0].add_run("foot")
    second, _ = new_document(fmt, "ru", "second", "b")
    assert second.styles["Normal"].paragraph_format.space_after == Pt(0)
    assert [p.text for p in second.paragraphs] == []
    assert "only in the first" in [p.text for p in first.paragraphs]
    assert second.core_properties.title == "second" and first.core_properties.title == "first"
    assert "foot" not in "".join(p.text for p in second.sections[0].footer.paragraphs)
    # the body a document writes to is the one it saves
    assert first.element.body.getroottree().getroot() is first.element
    untouched = parts(program.document_bytes(new_document(fmt, "ru", "third", "c")[0]))["word/styles.xml"]
    assert parts(program.document_bytes(second))["word/styles.xml"] == untouched
    assert parts(program.document_bytes(first))["word/styles.xml"] != untouched


def test_docx_bytes_are_what_zipfile_writes_dated_1980(monkeypatch: pytest.MonkeyPatch) -> None:
    """The zip holds what python-docx's save writes through zipfile — the same bytes once zipfile dates
    its entries 1980-01-01 too — and the same document always gives the same bytes."""
    doc = docx.Document(io.BytesIO(example_documents()[0]))
    ours = docxzip.docx_bytes(doc)
    assert ours == docxzip.docx_bytes(copy.deepcopy(doc))
    writestr = zipfile.ZipFile.writestr

    def dated(self: zipfile.ZipFile, name: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        writestr(self, info, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", dated)
    buf = io.BytesIO()
    doc.save(buf)
    assert ours == buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(ours)) as z:
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_same_program_gives_the_same_bytes() -> None:
    """A program whose files did not change prints to the identical file (nothing new to upload)."""
    assert example_documents() == example_documents()


def test_merge_refuses_a_cell_with_content() -> None:
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[1].paragraphs[0].add_run("kept")
    with pytest.raises(ValueError):
        wordxml.merge_with_next(table._tbl.tr_lst[0].tc_lst[0])
    assert qn("w:gridSpan") not in etree.tostring(table._tbl).decode()
