"""program.<lang>.md → ProgramText: the ten sections (P-4), with lines, and unsafe constructs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..findings import Finding
from ..sourcefile import read_text

_md = MarkdownIt("commonmark").enable("table")
# link destinations and reference definitions that name a script-capable scheme
_UNSAFE_URL = re.compile(r"(\]\(\s*<?|\]:\s*<?|<)\s*(javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


@dataclass(frozen=True, kw_only=True)
class Section:
    title: str
    line: int
    body: str  # Markdown source of the section body (without the heading)
    body_line: int


@dataclass(frozen=True, kw_only=True)
class Unsafe:
    line: int
    what: str  # "html" | "url"
    snippet: str


@dataclass(frozen=True, kw_only=True)
class _Parsed:
    title: str | None
    title_line: int | None
    sections: tuple[Section, ...]
    unsafe: tuple[Unsafe, ...]


@dataclass(frozen=True, kw_only=True)
class ProgramText:
    """A program text; its Markdown is parsed on first use (a register check never needs it)."""

    path: str
    lang: str
    text: str

    @property
    def title(self) -> str | None:
        return self._parsed.title

    @property
    def title_line(self) -> int | None:
        return self._parsed.title_line

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._parsed.sections

    @property
    def unsafe(self) -> tuple[Unsafe, ...]:
        return self._parsed.unsafe

    @cached_property
    def _parsed(self) -> _Parsed:
        return _parse(self.text)

    @classmethod
    def from_file(cls, path: Path, shown: str, lang: str) -> tuple[ProgramText | None, list[Finding]]:
        text, findings = read_text(path, shown)
        if text is None:
            return None, findings
        return cls.parse(text, shown, lang), findings

    @classmethod
    def parse(cls, text: str, shown: str, lang: str) -> ProgramText:
        return cls(path=shown, lang=lang, text=text)


def _parse(text: str) -> _Parsed:
    tokens = _md.parse(text)
    lines = text.split("\n")
    title: str | None = None
    title_line: int | None = None
    heads: list[tuple[str, int, int]] = []  # title, heading line (1-based), heading end line index
    unsafe: list[Unsafe] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map:
            inline = tokens[i + 1]
            if tok.tag == "h1" and title is None and not heads:
                title, title_line = inline.content.strip(), tok.map[0] + 1
            elif tok.tag == "h2":
                heads.append((inline.content.strip(), tok.map[0] + 1, tok.map[1]))
        elif tok.type == "html_block" and tok.map and not _is_comment(tok.content):
            unsafe.append(Unsafe(line=tok.map[0] + 1, what="html", snippet=tok.content.strip()[:60]))
        elif tok.type == "inline" and tok.children:
            base = tok.map[0] + 1 if tok.map else 1
            offset = 0
            for child in tok.children:
                if child.type in ("softbreak", "hardbreak"):
                    offset += 1
                elif child.type == "html_inline" and not _is_comment(child.content):
                    unsafe.append(Unsafe(line=base + offset, what="html", snippet=child.content[:60]))
                elif child.type in ("link_open", "image"):
                    href = str(child.attrs.get("href") or child.attrs.get("src") or "")
                    if not _safe_href(href):
                        unsafe.append(Unsafe(line=base + offset, what="url", snippet=href[:60]))
    seen_lines = {u.line for u in unsafe if u.what == "url"}
    for n, line in enumerate(lines, start=1):
        m = _UNSAFE_URL.search(line)
        if m and n not in seen_lines and not _in_code(tokens, n):
            unsafe.append(Unsafe(line=n, what="url", snippet=line[m.start(2):].split(")")[0].strip()[:60]))
    # one finding per line and kind: "<b>x</b>" is one problem, not two
    first: dict[tuple[int, str], Unsafe] = {}
    for u in unsafe:
        first.setdefault((u.line, u.what), u)
    unsafe = list(first.values())
    sections: list[Section] = []
    for k, (head, head_line, end) in enumerate(heads):
        stop = heads[k + 1][1] - 1 if k + 1 < len(heads) else len(lines)
        body = "\n".join(lines[end:stop])
        sections.append(Section(title=head, line=head_line, body=body, body_line=end + 1))
    return _Parsed(title=title, title_line=title_line, sections=tuple(sections),
                   unsafe=tuple(sorted(unsafe, key=lambda u: u.line)))


def _is_comment(html: str) -> bool:
    """An HTML comment is an author's note: allowed, and stripped by every renderer."""
    h = html.strip()
    return h.startswith("<!--") and h.endswith("-->") and "-->" not in h[4:-3]


def _safe_href(href: str) -> bool:
    h = href.strip().lower()
    if ":" not in h.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True  # relative link
    return h.startswith(_SAFE_SCHEMES)


def _in_code(tokens: list[Token], line: int) -> bool:
    for tok in tokens:
        if tok.type in ("fence", "code_block") and tok.map and tok.map[0] < line <= tok.map[1]:
            return True
    return False


def normalize_title(title: str) -> str:
    """P-4 titles match ignoring case, repeated spaces and a trailing full stop."""
    t = unicodedata.normalize("NFC", title)
    t = re.sub(r"\s+", " ", t).strip().rstrip(".").strip()
    return t.casefold()


# P-4's tenth section, «Main and additional literature», is printed from program.yml's `literature` (site and .docx):
# its Markdown may stay empty, the author writes no filler there
LITERATURE_SECTION_INDEX = 9


def is_empty(body: str) -> bool:
    stripped = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    return not stripped.strip()
