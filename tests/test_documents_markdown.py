"""P-7: Markdown → docx. Each construct is written as such, or reported with its line (never dropped silently)."""

from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from ustaz.documents.format import DocumentFormat
from ustaz.documents.markdown import MarkdownWriter
from ustaz.documents.program import new_document
from ustaz.findings import Finding
from ustaz.policy import preset

SOURCE = """\
Text with *emphasis*, **strong** and `code`.
A soft break.

- apple
- pear
  - nested pear
- plum

3. three
4. four

Between the lists.

1. one again

> A quotation.

| Term | Hours |
|:-----|------:|
| Robot | **12** |

![logo](https://example.org/logo.png)

```
print("hi")
```

---

<div>raw</div>

<!-- an author's note -->

### Subsection

See [the portal](https://example.org/p) or <https://example.org/direct>.
"""


def write(source: str, first_line: int = 10) -> tuple[docx.document.Document, list[Finding]]:
    fmt = DocumentFormat.from_policy(preset("kz-2023"))
    doc, numbering = new_document(fmt, "ru", "t", "a")
    findings: list[Finding] = []
    MarkdownWriter(doc, numbering, "programs/x/program.ru.md", findings).write(source, first_line)
    return doc, findings


def num(p) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    numpr = p._p.pPr.numPr if p._p.pPr is not None else None
    if numpr is None:
        return None
    return numpr.numId.val, numpr.ilvl.val


def test_paragraphs_emphasis_and_soft_breaks() -> None:
    doc, _ = write(SOURCE)
    p = doc.paragraphs[0]
    assert p.text == "Text with emphasis, strong and code. A soft break."
    runs = {r.text: r for r in p.runs}
    assert runs["emphasis"].italic and not runs["emphasis"].bold
    assert runs["strong"].bold and not runs["strong"].italic
    assert p.style.name == "Normal"


def test_lists_are_numbered_afresh_and_nested() -> None:
    doc, _ = write(SOURCE)
    by_text = {p.text: p for p in doc.paragraphs}
    apple, pear, nested, plum = (by_text[t] for t in ("apple", "pear", "nested pear", "plum"))
    assert apple.style.name == "List Bullet"
    assert num(apple) is not None and num(apple) == num(pear) == num(plum)
    assert num(nested)[1] == 1 and num(nested)[0] != num(apple)[0]  # type: ignore[index]
    three, four, one = by_text["three"], by_text["four"], by_text["one again"]
    assert three.style.name == "List Number"
    assert num(three) == num(four)
    assert num(one)[0] != num(three)[0]  # type: ignore[index]  # a new list starts again at 1
    numbering = doc.part.numbering_part.element
    nums = {int(n.get(qn("w:numId"))): n for n in numbering.findall(qn("w:num"))}

    def start(num_id: int) -> int:
        override = nums[num_id].find(qn("w:lvlOverride"))
        return int(override.find(qn("w:startOverride")).get(qn("w:val")))

    assert start(num(three)[0]) == 3  # type: ignore[index]  # "3." starts at three, as written
    assert start(num(one)[0]) == 1  # type: ignore[index]


def test_table_quote_heading_and_links() -> None:
    doc, _ = write(SOURCE)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert [[c.text for c in r.cells] for r in t.rows] == [["Term", "Hours"], ["Robot", "12"]]
    assert all(r.bold for r in t.rows[0].cells[0].paragraphs[0].runs)
    assert t.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert all(r.bold for r in t.rows[1].cells[1].paragraphs[0].runs if r.text == "12")
    assert not any(r.bold for r in t.rows[1].cells[0].paragraphs[0].runs)
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["A quotation."].style.name == "Quote"
    assert by_text["Subsection"].style.name == "Heading 2"
    link = next(p for p in doc.paragraphs if p.text.startswith("See "))
    assert link.text == "See the portal (https://example.org/p) or https://example.org/direct."
    targets = {r.target_ref for r in doc.part.rels.values() if r.is_external}
    assert {"https://example.org/p", "https://example.org/direct"} <= targets


def test_unsupported_constructs_are_reported_with_their_lines() -> None:
    doc, findings = write(SOURCE, first_line=10)
    lines = {f.line: f.message for f in findings}
    assert all(f.code == "docx-unsupported" and not f.is_error for f in findings)
    source = SOURCE.splitlines()

    def at(line: str) -> int:  # the file line of a SOURCE line: SOURCE starts at line 10
        return 10 + source.index(line)

    assert "image" in lines[at("![logo](https://example.org/logo.png)")]
    assert "logo.png" in lines[at("![logo](https://example.org/logo.png)")]
    assert "code block" in lines[at("```")]
    assert "horizontal rule" in lines[at("---")]
    assert "raw HTML" in lines[at("<div>raw</div>")]
    assert len(findings) == 4, findings  # the HTML comment is an author's note: nothing to report
    texts = [p.text for p in doc.paragraphs]
    assert "logo (https://example.org/logo.png)" in texts  # approximated, not lost
    assert 'print("hi")' in texts
    assert not any("author's note" in t for t in texts)


def test_relative_link_keeps_its_text_and_is_reported() -> None:
    doc, findings = write("See [the rules](../rules/).\n", first_line=3)
    assert doc.paragraphs[0].text == "See the rules."
    assert [(f.line, f.code) for f in findings] == [(3, "docx-unsupported")]
    assert "relative link" in findings[0].message
