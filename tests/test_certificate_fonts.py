"""Kazakh and Kyrgyz letters are drawn by the certificates' fonts (C-16, C-17): each letter renders to a real
glyph, not the font's empty 'missing glyph' box, with system fonts ignored exactly as the renderer does."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typst
from PIL import Image, ImageChops

from ustaz.certificates.render import TEMPLATES

LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі" + "Ёё"  # Kazakh beyond Russian; Kyrgyz adds ң, ө, ү (already here)


def _fonts() -> set[str]:
    found = set()
    for template in TEMPLATES.glob("*.typ"):
        found |= set(re.findall(r'font: "([^"]+)"', template.read_text(encoding="utf-8")))
    return found


def _glyph(tmp: Path, font: str, text: str) -> Image.Image:
    src = tmp / "glyph.typ"
    src.write_text('#set page(width: 40pt, height: 50pt, margin: 0pt)\n'
                   f'#set text(font: "{font}", size: 36pt, fallback: false)\n'
                   f'#align(center + horizon)[{text}]\n', encoding="utf-8")
    png = typst.compile(str(src), format="png", ppi=72, ignore_system_fonts=True)
    return Image.open(io.BytesIO(png)).convert("L")


@pytest.mark.parametrize("font", sorted(_fonts()))
def test_c16_every_kazakh_letter_has_a_glyph(font: str, tmp_path: Path) -> None:
    missing = _glyph(tmp_path, font, "\ue000")  # a private-use code point: no font draws it
    assert ImageChops.difference(_glyph(tmp_path, font, "\ue001"), missing).getbbox() is None  # the probe works
    for letter in LETTERS:
        assert ImageChops.difference(_glyph(tmp_path, font, letter), missing).getbbox() is not None, (font, letter)
