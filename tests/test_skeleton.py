"""Issue 17: the skeleton is honest. `ustaz new program` writes its guidance in the program's languages; every
placeholder left untouched is one error naming its field (skeleton-placeholder); section 10 is printed from
program.yml's literature (P-5 stays checked on the data), so an author who writes the sections' text and real
metadata passes, and the site page and the .docx carry the list in section 10."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from conftest import ROOT, run_ustaz

from ustaz.skeleton import PLACEHOLDER, PLACEHOLDER_LOGIN, SECTION_HINTS, TEXT_GUIDANCE

KG_SCHOOL = ROOT / "examples" / "kg-school"
LITERATURE = [
    {"ref": "Ахметова А. Робототехника мектепте. — Астана: Білім, 2025.", "year": 2025, "kind": "main",
     "origin": "domestic"},
    {"ref": "Papert S. Mindstorms. — New York: Basic Books, 2024.", "year": 2024, "kind": "additional",
     "origin": "foreign"},
]


@pytest.fixture(params=["kz-2023", "kg-2013"])
def centre(request: pytest.FixtureRequest, project: Path, tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    """A project of each preset and the languages `ustaz new program` gives a program there by default."""
    if request.param == "kz-2023":
        return project, ("kk", "ru")
    school = tmp_path / "kg-school"
    shutil.copytree(KG_SCHOOL, school)
    return school, ("ky", "ru")


def _new(root: Path, pid: str = "stem-lab") -> Path:
    done = run_ustaz("new", "program", pid, cwd=root)
    assert done.returncode == 0, done.stderr
    return root / "programs" / pid


def _findings(root: Path, where: str) -> list[dict[str, object]]:
    done = run_ustaz("check", "--format", "json", where, cwd=root)
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)["findings"]


def _placeholders_in(folder: Path) -> list[tuple[str, int]]:
    """Where the skeleton's files hold a placeholder value, read from the files themselves (comments aside)."""
    spots = []
    rel = folder.relative_to(folder.parent.parent).as_posix()
    for i, line in enumerate((folder / "program.yml").read_text(encoding="utf-8").splitlines(), 1):
        value = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        spots += [(f"{rel}/program.yml", i)] * (value.count(f'"{PLACEHOLDER}"') + value.count(f'"{PLACEHOLDER_LOGIN}"'))
    for md in sorted(folder.glob("program.*.md")):
        for i, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() == f"# {PLACEHOLDER}":
                spots.append((f"{rel}/{md.name}", i))
    return sorted(spots)


def test_an_untouched_skeleton_fails_with_one_error_per_placeholder(centre: tuple[Path, tuple[str, ...]]) -> None:
    root, languages = centre
    folder = _new(root)
    found = _findings(root, "programs/stem-lab")
    placeholders = sorted((f["path"], f["line"]) for f in found if f["code"] == "skeleton-placeholder")
    assert placeholders == _placeholders_in(folder)
    # title and audience per language, the author's name and login, the example module's title per language,
    # each Markdown file's title line
    assert len(placeholders) == 2 * len(languages) + 2 + len(languages) + len(languages)
    named = {re.search(r"'([^']+)'", str(f["message"])).group(1)  # type: ignore[union-attr]
             for f in found if f["code"] == "skeleton-placeholder" and str(f["path"]).endswith(".yml")}
    assert named == {*(f"{k}.{lang}" for k in ("title", "audience", "modules[0].title") for lang in languages),
                     "authors[0].name", "authors[0].github"}
    # the other errors: nine sections to write per language (section 10 comes from program.yml) and P-5's list
    rest = sorted(str(f["code"]) for f in found if f["code"] != "skeleton-placeholder")
    assert rest == ["empty-section"] * 9 * len(languages) + ["no-literature"]
    assert all(f["severity"] == "error" for f in found)


def test_the_guidance_is_in_the_programs_languages(centre: tuple[Path, tuple[str, ...]]) -> None:
    root, languages = centre
    folder = _new(root)
    for lang in languages:
        text = (folder / f"program.{lang}.md").read_text(encoding="utf-8")
        comments = re.findall(r"<!-- (.*?) -->", text)
        assert comments == [TEXT_GUIDANCE[lang], *SECTION_HINTS[lang]]
        english = [hint.split(": ", 1)[1] for hint in SECTION_HINTS["en"]]
        assert not any(words in text for words in english), f"English guidance in program.{lang}.md"
        # no Latin words in the guidance but the file names, field names and requirement ids it cites
        latin = {w.rstrip(".") for w in re.findall(r"[A-Za-z][A-Za-z.-]+", " ".join(comments))} - {"P-", "C-", "program.yml", "docx",
                                                                               "literature"}
        assert not latin, latin
    assert (folder / "program.yml").read_text(encoding="utf-8").startswith("# ")


def _write_the_program(folder: Path) -> None:
    """What an author does: real metadata and literature in program.yml, the text of sections 1–9 in each
    language; section 10 keeps only its hint."""
    yml = (folder / "program.yml").read_text(encoding="utf-8")
    count = iter(range(1, 100))
    yml = re.sub(f'"{PLACEHOLDER}"', lambda _: f'"Нақты мәтін {next(count)}"', yml)
    yml = yml.replace(f'"{PLACEHOLDER_LOGIN}"', '"a-teacher"')
    yml = re.sub(r"(?m)^literature: \[\].*$", "literature:\n" + "".join(
        f"  - {json.dumps(item, ensure_ascii=False)}\n" for item in LITERATURE).rstrip("\n"), yml)
    (folder / "program.yml").write_text(yml, encoding="utf-8")
    for md in folder.glob("program.*.md"):
        text = md.read_text(encoding="utf-8").replace(f"# {PLACEHOLDER}", "# Нақты атау", 1)
        parts = re.split(r"(?m)^(## .*)$", text)
        # parts: head, title 1, body 1, …, title 10, body 10
        for k in range(2, 2 * 9 + 1, 2):
            parts[k] = f"\n\nТекст раздела {k // 2}.\n\n"
        md.write_text("".join(parts), encoding="utf-8")


def test_an_author_who_wrote_the_sections_and_real_metadata_passes(centre: tuple[Path, tuple[str, ...]],
                                                                    tmp_path: Path) -> None:
    root, languages = centre
    folder = _new(root)
    _write_the_program(folder)
    assert [f for f in _findings(root, "programs/stem-lab") if f["severity"] == "error"] == []
    # section 10 of the .docx is the list from program.yml
    lang = languages[0]
    out = tmp_path / "stem-lab.docx"
    done = run_ustaz("export", "docx", "stem-lab", "--lang", lang, "-o", str(out), cwd=root)
    assert done.returncode == 0, done.stderr
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    tenth = next(i for i, p in enumerate(paragraphs) if p.startswith("10. "))
    assert [p for p in paragraphs[tenth:] if any(item["ref"] in p for item in LITERATURE)]
    assert all(any(item["ref"] in p for p in paragraphs[tenth:]) for item in LITERATURE)
    assert not any(PLACEHOLDER in p for p in paragraphs)


def test_p5_stays_checked_on_the_data(project: Path) -> None:
    """Section 10 may be empty in Markdown, but program.yml's literature is still held to P-5."""
    folder = _new(project)
    _write_the_program(folder)
    yml = folder / "program.yml"
    yml.write_text(re.sub(r"(?m)^literature:\n(  - .*\n)+", "literature: []\n", yml.read_text(encoding="utf-8")),
                   encoding="utf-8")
    assert {f["code"] for f in _findings(project, "programs/stem-lab")} == {"no-literature"}


def test_the_example_programs_hold_no_filler_in_section_10() -> None:
    texts = sorted([*(ROOT / "programs").glob("*/program.*.md"), *(KG_SCHOOL / "programs").glob("*/program.*.md")])
    assert len(texts) >= 9
    for md in texts:
        tenth = re.split(r"(?m)^## ", md.read_text(encoding="utf-8"))[10]
        assert tenth.split("\n", 1)[1].strip() == "", md
