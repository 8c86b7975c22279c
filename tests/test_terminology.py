"""Issue 17: the terminology table (content/en/reference/terminology.md, kk/ru/ky/en) is what the site's words,
the issue form's kk/ru labels, the bot's answer keywords and the how-to pages' titles say — every place the table
names is held to it."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from ustaz.vocab import ANSWER_KEYWORDS, Response

LANGS = ("kk", "ru", "ky", "en")
TABLE = ROOT / "content" / "en" / "reference" / "terminology.md"
LABELS = yaml.safe_load((ROOT / "ustaz" / "site" / "labels.yml").read_text(encoding="utf-8"))
FORM = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-program.yml").read_text(encoding="utf-8"))
PAGES = {"propose": "propose.md", "comment": "comment.md"}
PAGE_DIRS = {"kk": "content", "ru": "content/ru", "en": "content/en"}


def _rows() -> list[tuple[str, dict[str, str]]]:
    """(a use such as 'site:thread', {lang: term}) for every use named in the table."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or ":" not in cells[0] or cells[0].startswith("-"):
            continue
        for use in cells[0].split(","):
            rows.append((use.strip(), dict(zip(LANGS, cells[1:], strict=True))))
    return rows


ROWS = _rows()


def test_the_table_names_each_kind_of_use() -> None:
    kinds = {use.split(":")[0] for use, _ in ROWS}
    assert kinds == {"site", "form", "keyword", "page"}
    assert len(ROWS) > 25


@pytest.mark.parametrize(("use", "terms"), ROWS, ids=[use for use, _ in ROWS])
def test_every_use_follows_the_table(use: str, terms: dict[str, str]) -> None:
    kind, key = use.split(":")
    if kind == "site":
        assert {lang: LABELS[lang][key] for lang in LANGS} == terms
    elif kind == "form":
        field = next(f for f in FORM["body"] if f.get("id") == key)
        assert field["attributes"]["label"] == f"{terms['kk']} / {terms['ru']}"
    elif kind == "keyword":
        assert ANSWER_KEYWORDS[Response(key)] == terms
    else:
        for lang, folder in PAGE_DIRS.items():
            first = (ROOT / folder / PAGES[key]).read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# {terms[lang]}", (lang, first)


def test_the_kazakh_order_line_puts_the_verb_last() -> None:
    """«07.05.2026 жылғы № 41 бұйрығымен бекітілген» (issue 17)."""
    line = LABELS["kk"]["approved_by_order"].format(date="07.05.2026", order="41")
    assert line == "07.05.2026 жылғы № 41 бұйрығымен бекітілген"
    assert re.search(r"бекітілген$", line)
