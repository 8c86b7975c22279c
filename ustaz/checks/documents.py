"""P-7, P-8 in `ustaz check`: the policy's document format is usable, and every program's
attachments.yml names files that exist inside the program folder (so the package can be made)."""

from __future__ import annotations

from collections.abc import Iterator

from ..documents.codes import DOCUMENT_FORMAT
from ..findings import Finding, error
from ..i18n import t
from . import Context, check

_POSITIVE = ("font_size_pt", "line_spacing", "page_width_cm", "page_height_cm", "table_font_size_pt")
_NOT_NEGATIVE = ("first_line_indent_cm", "margin_left_cm", "margin_right_cm", "margin_top_cm", "margin_bottom_cm",
                 "header_distance_cm", "footer_distance_cm")
_PLACES = ("bottom-center", "bottom-right", "none")


@check
def document_format(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.policy.raw.get("document_format", {})
    path = "data/policy.yml"
    for key in _POSITIVE:
        if isinstance(fmt.get(key), (int, float)) and fmt[key] <= 0:
            yield error(path, None, DOCUMENT_FORMAT, t("'document_format.{key}' must be above 0, not {fmt}", key=key, fmt=fmt[key]))
    for key in _NOT_NEGATIVE:
        if isinstance(fmt.get(key), (int, float)) and fmt[key] < 0:
            yield error(path, None, DOCUMENT_FORMAT, t("'document_format.{key}' must not be negative, not {fmt}", key=key, fmt=fmt[key]))
    try:
        width = float(fmt["page_width_cm"]) - float(fmt["margin_left_cm"]) - float(fmt["margin_right_cm"])
    except (KeyError, TypeError, ValueError):
        width = 1.0
    if width <= 0:
        yield error(path, None, DOCUMENT_FORMAT,
                    t("'document_format' margins leave no room for text: left + right must be less than the page width"))
    if fmt.get("page_numbers", "bottom-center") not in _PLACES:
        yield error(path, None, DOCUMENT_FORMAT,
                    t("'document_format.page_numbers' is {page_numbers!r}; use one of: {places}", page_numbers=fmt.get('page_numbers'), places=', '.join(_PLACES)))


@check
def attachments(ctx: Context) -> Iterator[Finding]:
    from ..documents.attachments import load_attachments

    for bundle in ctx.project.programs:
        folder = ctx.root / bundle.folder
        if (folder / "attachments.yml").exists():
            _, findings = load_attachments(folder, bundle.folder)
            yield from findings
