"""P-7: the program .docx, read back with python-docx, holds every number of the document format,
the ten sections of P-4 in order, the module table (P-5 (5)) and the literature (P-5 (10))."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, run_ustaz
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ustaz.documents.labels import label
from ustaz.project import Project

TWIP = 635  # EMU: Word stores lengths in twentieths of a point, so a length is exact to one twip


def close(length: int | None, expected: int) -> bool:
    return length is not None and abs(length - expected) <= TWIP


def export(project: Path, lang: str, tmp_path: Path) -> Path:
    out = tmp_path / f"program.{lang}.docx"
    res = run_ustaz("export", "docx", "robotics-basics", "--lang", lang, "-o", str(out), cwd=project)
    assert res.returncode == 0, res.stdout + res.stderr
    assert out.exists()
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the shipped example for the tests that only read the exported documents."""
    dest = tmp_path_factory.mktemp("shipped") / "project"
    dest.mkdir()
    for name in ("programs", "data"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="module", params=["kk", "ru"])
def exported(request: pytest.FixtureRequest, shipped: Path,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Project]:
    lang = request.param
    return lang, export(shipped, lang, tmp_path_factory.mktemp(lang)), Project.load(shipped)


def style_value(style, attr: str):  # type: ignore[no-untyped-def]
    """The value a style gets for a font attribute, following its base styles."""
    while style is not None:
        value = getattr(style.font, attr)
        if value is not None:
            return value
        style = style.base_style
    return None


def test_p7_numbers_are_set_on_the_styles(exported: tuple[str, Path, Project]) -> None:
    """P-7: Times New Roman 14 pt, single spacing, first-line indent 1.25 cm — on Normal, inherited by all."""
    _, path, _ = exported
    d = docx.Document(str(path))
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):  # Cyrillic text uses hAnsi
        assert rfonts.get(qn(slot)) == "Times New Roman"
    assert rfonts.get(qn("w:asciiTheme")) is None and rfonts.get(qn("w:hAnsiTheme")) is None
    assert normal.font.size == Pt(14)
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert pf.line_spacing == 1.0
    assert close(pf.first_line_indent, Cm(1.25))
    # every style the text uses resolves to the same font and size, and no run overrides them
    used = {p.style.name for p in d.paragraphs}
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                used |= {p.style.name for p in cell.paragraphs}
    assert {"Heading 1", "List Number", "List Bullet", "Table Text"} <= used
    for name in used:
        st = d.styles[name]
        assert style_value(st, "name") == "Times New Roman", name
        assert style_value(st, "size") == Pt(14), name
        s, spacing = st, None
        while s is not None and spacing is None:
            spacing = s.paragraph_format.line_spacing
            s = s.base_style
        assert spacing == 1.0, name
    runs = [r for p in d.paragraphs for r in p.runs]
    runs += [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs
    assert all(r.font.name is None and r.font.size is None for r in runs), "a run carries its own font"
    # body paragraphs keep the indent of Normal (no per-paragraph override)
    body = [p for p in d.paragraphs if p.style.name == "Normal" and p.text.strip()]
    assert body and all(p.paragraph_format.first_line_indent is None for p in body)


def test_p7_page_geometry_and_page_numbers(exported: tuple[str, Path, Project]) -> None:
    """P-7: left margin 2.5 cm, right 1.5 cm, header/footer 2.5 cm; pages numbered by a PAGE field."""
    _, path, _ = exported
    d = docx.Document(str(path))
    assert len(d.sections) == 1
    s = d.sections[0]
    assert close(s.left_margin, Cm(2.5))
    assert close(s.right_margin, Cm(1.5))
    assert close(s.header_distance, Cm(2.5))
    assert close(s.footer_distance, Cm(2.5))
    assert close(s.page_width, Cm(21.0)) and close(s.page_height, Cm(29.7))
    footer_xml = s.footer._element.xml
    assert re.search(r'w:instr="\s*PAGE\s*"', footer_xml), "no PAGE field in the footer"
    assert s.different_first_page_header_footer  # no number on the title page
    assert "PAGE" not in s.first_page_footer._element.xml


def test_p4_ten_headings_in_order(exported: tuple[str, Path, Project]) -> None:
    """P-4: the ten section titles of the policy, numbered, in order, as Heading 1."""
    lang, path, project = exported
    d = docx.Document(str(path))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    titles = project.policy.section_titles(lang)
    assert len(titles) == 10
    assert headings == [f"{i}. {t}" for i, t in enumerate(titles, start=1)]
    first = next(p for p in d.paragraphs if p.style.name == "Heading 1")
    assert first.paragraph_format.page_break_before  # the title page stands alone


def _between(d: docx.document.Document, start: str, stop: str | None) -> list:  # type: ignore[type-arg]
    """Body elements (paragraphs and tables) between two Heading 1 texts."""
    out, inside = [], False
    body = d.element.body
    for el in body.iterchildren():
        if el.tag == qn("w:p"):
            p = docx.text.paragraph.Paragraph(el, d)
            if p.style.name == "Heading 1":
                if p.text == start:
                    inside = True
                    continue
                if inside and (stop is None or p.text == stop):
                    break
            if inside:
                out.append(p)
        elif el.tag == qn("w:tbl") and inside:
            out.append(docx.table.Table(el, d))
    return out


def test_p5_module_table_in_section_5_with_correct_totals(exported: tuple[str, Path, Project]) -> None:
    """P-5 (5): theory / practice / independent / total per module and the totals, in section 5."""
    lang, path, project = exported
    d = docx.Document(str(path))
    titles = project.policy.section_titles(lang)
    inside = _between(d, f"5. {titles[4]}", f"6. {titles[5]}")
    tables = [el for el in inside if isinstance(el, docx.table.Table)]
    assert len(tables) == 1, "the module table belongs to section 5"
    rows = [[c.text for c in row.cells] for row in tables[0].rows]
    assert rows[0] == ["№", label("module", lang), label("theory", lang), label("practice", lang),
                       label("independent", lang), label("total", lang)]
    program = project.program_map["robotics-basics"]
    assert len(rows) == 1 + len(program.modules) + 1
    for n, (row, module) in enumerate(zip(rows[1:-1], program.modules), start=1):
        h = module.hours
        assert row == [str(n), module.title[lang], str(h.theory), str(h.practice), str(h.independent),
                       str(h.theory + h.practice + h.independent)]
    totals = rows[-1]
    assert totals[0] == totals[1] == label("totals", lang)  # merged cell
    body = [[int(x) for x in r[2:]] for r in rows[1:-1]]
    assert [int(x) for x in totals[2:]] == [sum(col) for col in zip(*body)]
    assert int(totals[-1]) == program.hours == 80
    header = tables[0].rows[0]._tr
    assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeats on a new page


def test_p5_literature_in_section_10_main_then_additional(exported: tuple[str, Path, Project]) -> None:
    """P-5 (10): the main and the additional literature of program.yml, each as a numbered list."""
    lang, path, project = exported
    d = docx.Document(str(path))
    titles = project.policy.section_titles(lang)
    inside = [p for p in _between(d, f"10. {titles[9]}", None) if not isinstance(p, docx.table.Table)]
    texts = [p.text for p in inside]
    program = project.program_map["robotics-basics"]
    main = [lit.ref for lit in program.literature if lit.kind == "main"]
    extra = [lit.ref for lit in program.literature if lit.kind == "additional"]
    assert main and extra
    i_main, i_extra = texts.index(label("main_literature", lang)), texts.index(label("additional_literature", lang))
    assert texts[i_main + 1:i_main + 1 + len(main)] == main
    assert texts[i_extra + 1:i_extra + 1 + len(extra)] == extra
    numbered = [p for p in inside if p.text in main + extra]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) == 2, "main and additional literature are numbered separately, each from 1"


def test_title_page_has_centre_title_hours_form_and_approval(exported: tuple[str, Path, Project]) -> None:
    """P-10: an approved program's title page names the approval order; the centre comes from the policy."""
    lang, path, project = exported
    d = docx.Document(str(path))
    first = []
    for p in d.paragraphs:
        if p.style.name == "Heading 1":
            break
        first.append(p.text)
    page = "\n".join(first)
    program = project.program_map["robotics-basics"]
    assert project.policy.organisation["name"][lang] in page
    assert program.title[lang] in page
    assert "07.05.2026" in page and "41" in page  # the approved event of the lifecycle
    assert label("approved", lang) in page
    assert f"{label('hours', lang)}: 80" in page
    assert label("draft", lang) not in page
    city = project.policy.organisation["city"][lang]
    assert d.sections[0].first_page_footer.paragraphs[0].text == f"{city}, 2026"  # the year of approval


def test_unapproved_program_is_marked_as_a_draft(project: Path, tmp_path: Path) -> None:
    """P-8: the draft sent for agreement has no approval block (and says it is a draft)."""
    yml = project / "programs" / "robotics-basics" / "program.yml"
    text = yml.read_text(encoding="utf-8")
    cut = text.index("  - {event: discussion-closed")
    yml.write_text(text[:cut], encoding="utf-8")
    d = docx.Document(str(export(project, "ru", tmp_path)))
    page = "\n".join(p.text for p in d.paragraphs[:20])
    assert label("draft", "ru") in page and label("approved", "ru") not in page


def test_p7_numbers_come_from_the_policy(project: Path, tmp_path: Path) -> None:
    """P-7 values are policy values: an override in data/policy.yml changes the document."""
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + (
        "document_format:\n  font_size_pt: 12\n  margin_left_cm: 3.0\n  first_line_indent_cm: 1.0\n"),
        encoding="utf-8")
    d = docx.Document(str(export(project, "ru", tmp_path)))
    assert d.styles["Normal"].font.size == Pt(12)
    assert close(d.styles["Normal"].paragraph_format.first_line_indent, Cm(1.0))
    assert close(d.sections[0].left_margin, Cm(3.0))
    assert close(d.sections[0].right_margin, Cm(1.5))  # not overridden: the preset's


def _soffice_pdf(docx_path: Path, tmp_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/install-system-deps.sh"
    outdir = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    res = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
        check=False, capture_output=True, text=True, timeout=180)
    pdf = outdir / (docx_path.stem + ".pdf")
    assert res.returncode == 0 and pdf.exists(), res.stdout + res.stderr
    return pdf


def test_p7_libreoffice_converts_the_docx_to_pdf(exported: tuple[str, Path, Project], tmp_path: Path) -> None:
    """P-7: the .docx opens in LibreOffice (headless) and prints as A4 pages with the sections and numbers."""
    lang, path, project = exported
    pdf = _soffice_pdf(path, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 3
    w, h = (float(x) for x in re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())  # type: ignore[union-attr]
    assert abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5  # A4
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for i, title in enumerate(project.policy.section_titles(lang), start=1):
        assert f"{i}. {title}" in flat, title
    page_texts = text.split("\f")
    # the footer's PAGE field prints 2, 3, … on the pages after the title page
    assert page_texts[1].strip().splitlines()[-1].strip() == "2"
    assert page_texts[0].strip().splitlines()[-1].strip() == "Астана, 2026"  # the title page's foot: no number
    # the PNG of the first pages renders (looked at by hand when the format changes: see the docs)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                   check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_docx_is_a_valid_package_with_external_hyperlink_relationships(project: Path, tmp_path: Path) -> None:
    """Links in the Markdown become active hyperlinks (external relationships), not bare text."""
    md = project / "programs" / "robotics-basics" / "program.ru.md"
    md.write_text(md.read_text(encoding="utf-8").replace(
        "материалы размещаются на учебной платформе центра.",
        "материалы размещаются на [учебной платформе](https://learn.example.org/robotics) центра."),
        encoding="utf-8")
    out = export(project, "ru", tmp_path)
    with zipfile.ZipFile(out) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://learn.example.org/robotics" TargetMode="External"' in rels
    d = docx.Document(str(out))
    para = next(p for p in d.paragraphs if "учебной платформе" in p.text)
    assert para.text.endswith("учебной платформе (https://learn.example.org/robotics) центра.")
    assert para._p.find(qn("w:hyperlink")) is not None


def test_program_with_errors_is_not_exported(project: Path, tmp_path: Path) -> None:
    """P-4: a text missing a section is not printed; the finding names the file, exit 1, no file written."""
    md = project / "programs" / "robotics-basics" / "program.ru.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## Глоссарий", "## Словарь"), encoding="utf-8")
    out = tmp_path / "x.docx"
    res = run_ustaz("export", "docx", "robotics-basics", "--lang", "ru", "-o", str(out), cwd=project)
    assert res.returncode == 1
    assert "programs/robotics-basics/program.ru.md:7: error unknown-section:" in res.stdout
    assert not out.exists()


def test_unknown_program_and_missing_language(project: Path) -> None:
    res = run_ustaz("export", "docx", "no-such-program", cwd=project)
    assert res.returncode == 2 and "no-such-program" in res.stderr and "Traceback" not in res.stderr
    res = run_ustaz("export", "docx", "robotics-basics", "--lang", "en", cwd=project)
    assert res.returncode == 1
    assert "error docx-no-text: programs/robotics-basics/program.en.md does not exist" in res.stdout


def test_default_output_path(project: Path) -> None:
    res = run_ustaz("export", "docx", "robotics-basics", cwd=project)
    assert res.returncode == 0, res.stderr
    assert (project / "out" / "robotics-basics.kk.docx").exists()
    assert "wrote out/robotics-basics.kk.docx" in res.stderr


def test_p7_kyrgyz_text_under_the_kg_preset(project: Path, tmp_path: Path) -> None:
    """P-4, P-7 under kg-2013: a Kyrgyz text prints with the Kyrgyz section titles, in the same format."""
    (project / "data" / "policy.yml").write_text("preset: kg-2013\n", encoding="utf-8")
    folder = project / "programs" / "robotics-basics"
    yml = folder / "program.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("languages: [kk, ru]", "languages: [ky, ru]"),
                   encoding="utf-8")
    project_ = Project.load(project)
    ru, ky = project_.policy.section_titles("ru"), project_.policy.section_titles("ky")
    text = (folder / "program.ru.md").read_text(encoding="utf-8")
    for a, b in zip(ru, ky):
        text = text.replace(f"## {a}\n", f"## {b}\n")
    (folder / "program.ky.md").write_text(text, encoding="utf-8")
    d = docx.Document(str(export(project, "ky", tmp_path)))
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == [
        f"{i}. {t}" for i, t in enumerate(ky, start=1)]
    assert d.styles["Normal"].font.size == Pt(14) and close(d.sections[0].left_margin, Cm(2.5))
    page = "\n".join(p.text for p in d.paragraphs[:12])
    assert label("approved", "ky") in page and "Борбор" in page  # the kg-2013 preset's centre name


def test_approval_is_the_last_order_in_force() -> None:
    """P-10, P-11: the title page names the last approval, and none once the program is revoked."""
    import datetime as dt

    from ustaz.documents.program import approval
    from ustaz.model.program import LifecycleEntry
    from ustaz.vocab import Event, ReviewDecision

    class P:
        def __init__(self, *events: LifecycleEntry) -> None:
            self.lifecycle = events

    day = dt.date(2026, 5, 7)
    approved = LifecycleEntry(event=Event.APPROVED, date=day, line=1, order="41")
    again = LifecycleEntry(event=Event.APPROVED, date=dt.date(2029, 5, 7), line=2, order="9")
    revoked = LifecycleEntry(event=Event.REVOKED, date=dt.date(2030, 1, 10), line=3, order="2")
    review_revoke = LifecycleEntry(event=Event.REVIEWED, date=dt.date(2029, 4, 1), line=4, decision=ReviewDecision.REVOKE)
    assert approval(P(approved)) == (day, "41")  # type: ignore[arg-type]
    assert approval(P(approved, again)) == (dt.date(2029, 5, 7), "9")  # type: ignore[arg-type]
    assert approval(P(approved, revoked)) is None  # type: ignore[arg-type]
    assert approval(P(approved, review_revoke)) is None  # type: ignore[arg-type]
