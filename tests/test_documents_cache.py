"""P-7 on the site, rebuilt: a program's .docx is taken from the document cache only while everything it is
made of is unchanged (its folder's files, the policy, the language, the year, the code); any change prints
it anew, a damaged entry is printed anew, and USTAZ_NO_CACHE turns the cache off."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import docx
import pytest

from ustaz.checks import Context
from ustaz.documents.cache import CACHE_DIR, SUFFIX, DocumentCache
from ustaz.project import Project
from ustaz.site.contrib.documents import program_documents

RU = Path("programs/robotics-basics/robotics-basics.ru.docx")
KK = Path("programs/robotics-basics/robotics-basics.kk.docx")


def build(project: Path, site: Path) -> None:
    program_documents(Context(project=Project.load(project), today=dt.date(2026, 11, 23)), site)


def entries(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / CACHE_DIR).iterdir()}


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def key_of(project: Path, lang: str) -> str:
    return DocumentCache.key(project / "programs" / "robotics-basics", Project.load(project).policy.as_mapping(), lang)


def plant(project: Path, lang: str, content: bytes) -> None:
    """Replace the cached document of robotics-basics in ``lang`` (a stored entry: bytes, then their digest)."""
    (project / CACHE_DIR / f"{key_of(project, lang)}{SUFFIX}").write_bytes(content + hashlib.sha256(content).digest())


def marked_document(text: str) -> bytes:
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("USTAZ_NO_CACHE", raising=False)


def test_p7_an_unchanged_program_is_taken_from_the_cache(project: Path, tmp_path: Path) -> None:
    """The second build serves what the first one stored, byte for byte, without printing it again."""
    build(project, tmp_path / "one")
    stored = entries(project)
    assert len(stored) == len(list((tmp_path / "one").rglob("*.docx"))) >= 2
    build(project, tmp_path / "two")
    for doc in (tmp_path / "one").rglob("*.docx"):
        assert doc.read_bytes() == (tmp_path / "two" / doc.relative_to(tmp_path / "one")).read_bytes()
    assert entries(project) == stored
    # served, not printed: a planted entry under the same key is what the site gets
    plant(project, "ru", marked_document("planted"))
    build(project, tmp_path / "three")
    assert text_of(tmp_path / "three" / RU) == "planted"


def test_p7_a_changed_text_is_printed_anew(project: Path, tmp_path: Path) -> None:
    """Editing program.ru.md changes the key: the site gets the new text, and the old entries go."""
    build(project, tmp_path / "one")
    before = set(entries(project))
    plant(project, "ru", marked_document("stale"))
    md = project / "programs" / "robotics-basics" / "program.ru.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## Глоссарий", "## Глоссарий\n\nНовое определение.", 1),
                  encoding="utf-8")
    build(project, tmp_path / "two")
    text = text_of(tmp_path / "two" / RU)
    assert "Новое определение." in text and "stale" not in text
    after = set(entries(project))
    assert f"{key_of(project, 'ru')}{SUFFIX}" in after and len(after) == len(before)
    assert after != before  # the old versions of this program's documents were pruned


def test_p7_a_changed_policy_is_printed_anew(project: Path, tmp_path: Path) -> None:
    """The document format is a policy value: another font in data/policy.yml is another document."""
    build(project, tmp_path / "one")
    plant(project, "ru", marked_document("stale"))
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\ndocument_format:\n  font: Arial\n", encoding="utf-8")
    assert Project.load(project).policy.document_format.font == "Arial"
    build(project, tmp_path / "two")
    d = docx.Document(str(tmp_path / "two" / RU))
    assert d.styles["Normal"].font.name == "Arial" and "stale" not in text_of(tmp_path / "two" / RU)


def test_the_key_covers_every_input(project: Path) -> None:
    """Language, policy, year and every file in the program's folder each change the key."""
    folder = project / "programs" / "robotics-basics"
    raw = Project.load(project).policy.as_mapping()
    today = dt.date(2026, 11, 23)
    base = DocumentCache.key(folder, raw, "ru", today)
    assert base == DocumentCache.key(folder, dict(raw), "ru", today)
    assert DocumentCache.key(folder, raw, "kk", today) != base
    assert DocumentCache.key(folder, {**raw, "organisation": {"name": "Другой центр"}}, "ru", today) != base
    assert DocumentCache.key(folder, raw, "ru", dt.date(2027, 1, 1)) != base
    (folder / "notes.txt").write_text("any file of the folder counts", encoding="utf-8")
    assert DocumentCache.key(folder, raw, "ru", today) != base


def test_a_damaged_entry_is_printed_anew(project: Path, tmp_path: Path) -> None:
    """An entry torn by a crash (cut short, or its bytes changed) fails its digest and is not served."""
    build(project, tmp_path / "one")
    good = (tmp_path / "one" / RU).read_bytes()
    path = project / CACHE_DIR / f"{key_of(project, 'ru')}{SUFFIX}"
    path.write_bytes(path.read_bytes()[:1000])
    build(project, tmp_path / "two")
    assert (tmp_path / "two" / RU).read_bytes() == good
    stored = path.read_bytes()
    path.write_bytes(stored[:100] + bytes([stored[100] ^ 1]) + stored[101:])
    build(project, tmp_path / "three")
    assert (tmp_path / "three" / RU).read_bytes() == good


def test_no_cache_when_turned_off(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USTAZ_NO_CACHE", "1")
    build(project, tmp_path / "site")
    assert (tmp_path / "site" / RU).is_file() and (tmp_path / "site" / KK).is_file()
    assert not (project / ".cache").exists()


def test_a_read_only_cache_still_builds(project: Path, tmp_path: Path) -> None:
    """A cache folder that cannot be written costs the speed, never the build."""
    (project / ".cache").mkdir()
    (project / ".cache" / "ustaz").write_text("a file where the folder should be", encoding="utf-8")
    build(project, tmp_path / "site")
    assert "Общие положения" in text_of(tmp_path / "site" / RU)
