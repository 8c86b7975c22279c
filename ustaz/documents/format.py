"""The document format of P-7: the policy's ``document_format`` block.

Every number of P-7 (font, size, spacing, indent, margins, header/footer distance) is a policy value. The type
`DocumentFormat` belongs to the policy (ustaz.policy builds and checks it once when the policy loads); the
writer reads it from ``policy.document_format``, and this module keeps the name the renderers import.
"""

from __future__ import annotations

from ..policy import PAGE_NUMBER_PLACES, DocumentFormat

__all__ = ["PAGE_NUMBER_PLACES", "DocumentFormat"]
