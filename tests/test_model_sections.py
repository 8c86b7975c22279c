"""P-4/P-5: the sections rule as a pure function of the model (issue #20), every finding code of it from
crafted texts, without a project, a workspace or a check."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import ustaz
from ustaz.model.document import ProgramText
from ustaz.model.sections import (
    DUPLICATE_SECTION,
    EMPTY_SECTION,
    MISSING_SECTION,
    NO_SECTION_TITLES,
    SECTION_ORDER,
    TEXT_BEFORE_SECTIONS,
    UNKNOWN_SECTION,
    section_findings,
)
from ustaz.policy import preset

POLICY = preset("kz-2023")
TITLES = POLICY.section_titles("ru")


def text(*sections: str, before: str = "", lang: str = "ru") -> ProgramText:
    """A program text with a title, optional text before the sections, and the given `## ` sections."""
    body = "".join(f"## {title}\n\nТекст раздела.\n\n" for title in sections)
    return ProgramText.parse(f"# Программа\n\n{before}{body}", f"programs/x/program.{lang}.md", lang)


def codes(doc: ProgramText) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in section_findings({doc.lang: doc}, POLICY)]


def test_the_ten_sections_in_order_give_no_finding() -> None:  # P-4
    assert len(TITLES) == 10
    assert codes(text(*TITLES)) == []


def test_titles_match_ignoring_case_spaces_and_a_full_stop() -> None:  # P-4
    loose = [f"{title.upper().replace(' ', '  ')}." for title in TITLES]
    assert codes(text(*loose)) == []


def test_a_missing_section_is_named_without_a_line() -> None:  # P-4
    found = list(section_findings({"ru": text(*TITLES[:8], TITLES[9])}, POLICY))
    assert [(f.code, f.line) for f in found] == [(MISSING_SECTION, None)]
    assert TITLES[8] in found[0].message


def test_sections_out_of_order() -> None:  # P-4
    swapped = [TITLES[1], TITLES[0], *TITLES[2:]]
    # the title line, a blank line, then four lines per section: section 1 stands on line 7
    assert codes(text(*swapped)) == [(SECTION_ORDER, 7)]


def test_an_unknown_section_hints_at_the_expected_title() -> None:  # P-4
    found = list(section_findings({"ru": text(TITLES[0], "Итоги", *TITLES[1:])}, POLICY))
    assert [(f.code, f.line) for f in found] == [(UNKNOWN_SECTION, 7)]
    assert TITLES[1] in found[0].message


def test_a_duplicate_section_names_where_it_began() -> None:  # P-4
    found = list(section_findings({"ru": text(*TITLES, TITLES[2])}, POLICY))
    assert [(f.code, f.line) for f in found] == [(DUPLICATE_SECTION, 43)]
    assert "11" in found[0].message  # section 3 began on line 11


def test_an_empty_section_but_not_the_literature() -> None:  # P-4, P-5
    source = "# Программа\n\n" + "".join(
        f"## {title}\n\n{'' if i in (3, 9) else 'Текст.'}\n\n" for i, title in enumerate(TITLES))
    doc = ProgramText.parse(source, "programs/x/program.ru.md", "ru")
    assert codes(doc) == [(EMPTY_SECTION, 15)]  # section 4; section 10 is written from program.yml


def test_text_between_the_title_and_the_first_section() -> None:  # P-4
    assert codes(text(*TITLES, before="<!-- a comment is fine -->\nБродячий абзац.\n\n")) == [(TEXT_BEFORE_SECTIONS, 4)]
    assert codes(text(*TITLES, before="<!-- a comment is fine -->\n\n")) == []


def test_a_language_without_section_titles() -> None:  # P-4
    doc = text("Allgemeines", lang="de")
    assert codes(doc) == [(NO_SECTION_TITLES, 1)]


def test_every_text_of_a_program_is_checked_in_its_own_language() -> None:  # P-4
    kk = ProgramText.parse("# Бағдарлама\n\n" + "".join(f"## {t}\n\nМәтін.\n\n" for t in POLICY.section_titles("kk")),
                           "programs/x/program.kk.md", "kk")
    ru = text(*TITLES[:9])
    found = list(section_findings({"kk": kk, "ru": ru}, POLICY))
    assert [(f.path, f.code) for f in found] == [("programs/x/program.ru.md", MISSING_SECTION)]


def _runtime_imports(tree: ast.Module) -> Iterator[str]:
    """The modules a file imports when it runs (an `if TYPE_CHECKING:` block imports nothing)."""
    skipped = {id(node) for stmt in ast.walk(tree) if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test)
               for node in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_documents_never_run_a_check() -> None:  # P-4, P-7: load → check → render, one way
    package = Path(ustaz.__file__).parent / "documents"
    offenders = [(path.name, name) for path in sorted(package.glob("*.py"))
                 for name in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
                 if name in ("..checks", "ustaz.checks") or name.startswith(("..checks.", "ustaz.checks."))]
    assert offenders == []
    assert list(_runtime_imports(ast.parse("from ..checks import Context\n"))) == ["..checks"]  # the test can fail
