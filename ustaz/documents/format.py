"""The document format of P-7, read from the policy's ``document_format`` block.

Every number of P-7 (font, size, spacing, indent, margins, header/footer distance) is a policy
value; the writer reads them from here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..policy import Policy

PAGE_NUMBER_PLACES = ("bottom-center", "bottom-right", "none")


@dataclass(frozen=True, kw_only=True)
class DocumentFormat:
    """P-7: .docx, Times New Roman 14 pt, single spacing, first-line indent 1.25 cm, margins 2.5/1.5 cm,
    header/footer 2.5 cm (the kz-2023 values; a centre may override them in data/policy.yml)."""

    font: str
    font_size_pt: float
    line_spacing: float
    first_line_indent_cm: float
    margin_left_cm: float
    margin_right_cm: float
    margin_top_cm: float
    margin_bottom_cm: float
    header_distance_cm: float
    footer_distance_cm: float
    page_width_cm: float
    page_height_cm: float
    table_font_size_pt: float
    page_numbers: str

    @property
    def text_width_cm(self) -> float:
        return self.page_width_cm - self.margin_left_cm - self.margin_right_cm

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DocumentFormat:
        place = str(data.get("page_numbers", "bottom-center"))
        return cls(
            font=str(data["font"]),
            font_size_pt=float(data["font_size_pt"]),
            line_spacing=float(data["line_spacing"]),
            first_line_indent_cm=float(data["first_line_indent_cm"]),
            margin_left_cm=float(data["margin_left_cm"]),
            margin_right_cm=float(data["margin_right_cm"]),
            margin_top_cm=float(data["margin_top_cm"]),
            margin_bottom_cm=float(data["margin_bottom_cm"]),
            header_distance_cm=float(data["header_distance_cm"]),
            footer_distance_cm=float(data["footer_distance_cm"]),
            page_width_cm=float(data["page_width_cm"]),
            page_height_cm=float(data["page_height_cm"]),
            table_font_size_pt=float(data.get("table_font_size_pt", data["font_size_pt"])),
            page_numbers=place if place in PAGE_NUMBER_PLACES else "bottom-center",
        )

    @classmethod
    def from_policy(cls, policy: Policy) -> DocumentFormat:
        return cls.from_mapping(policy.raw["document_format"])
