"""P-7, P-8 in `ustaz check`: every program's attachments.yml names files that exist inside the program folder
(so the package can be made). The policy's document format (P-7, the finding document-format) is checked when the
policy loads (ustaz.policy.load_policy), with the line of the value in data/policy.yml."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from . import Context, check


@check
def attachments(ctx: Context) -> Iterator[Finding]:
    from ..documents.attachments import load_attachments

    for bundle in ctx.project.programs:
        folder = ctx.root / bundle.folder
        if (folder / "attachments.yml").exists():
            _, findings = load_attachments(folder, bundle.folder)
            yield from findings
