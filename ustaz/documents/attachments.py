"""programs/<id>/attachments.yml: which files are the copies for the agreement package (P-8).

```yaml
protocol: attachments/protocol-3.pdf   # copy of the methodological council's protocol (P-2)
order: attachments/order-12.pdf        # copy of the director's order (P-3)
other:                                 # anything else the centre encloses
  - {file: attachments/survey.pdf, title: "Needs survey results"}
```
Paths are relative to the program folder and must stay inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, error
from ..i18n import t
from ..model.fields import Reader
from ..sourcefile import LocMap, load_yaml
from .codes import ATTACHMENT_MISSING, ATTACHMENT_PATH, ATTACHMENTS_FILE

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class Attachment:
    role: str  # protocol | order | other
    title: str
    file: Path  # absolute
    listed: str  # as written in attachments.yml
    shown: str  # attachments.yml path, for findings
    line: int


def load_attachments(folder: Path, shown_folder: str) -> tuple[list[Attachment], list[Finding]]:
    path = folder / "attachments.yml"
    shown = f"{shown_folder}/attachments.yml"
    if not path.exists():
        return [], []
    data, findings = load_yaml(path, shown)
    if data is None:
        return [], findings
    if not isinstance(data, LocMap):
        return [], [*findings, error(shown, 1, ATTACHMENTS_FILE,
                                     t("attachments.yml must be a mapping: protocol: FILE, order: FILE, other: […]"))]
    r = Reader(data, shown, findings)
    r.known_keys("protocol", "order", "other")
    wanted: list[tuple[str, str, str, int]] = []
    for role in ("protocol", "order"):
        value = r.text(role, required=False)
        if value:
            wanted.append((role, "", value, data.line_of(role)))
    for i, m in r.each_mapping("other", required=False):
        o = r.child(m, f"other[{i}].")
        o.known_keys("file", "title")
        file, title = o.text("file"), o.text("title")
        if file and title:
            wanted.append(("other", title, file, m.line))
    found: list[Attachment] = []
    base = folder.resolve()
    for role, title, listed, line in wanted:
        target = (folder / listed).resolve()
        if not target.is_relative_to(base) or Path(listed).is_absolute():
            findings.append(error(shown, line, ATTACHMENT_PATH,
                                  t("{listed!r} must be a path inside {shown_folder}/ (like attachments/{role}.pdf)", listed=listed, shown_folder=shown_folder, role=role)))
            continue
        if not target.is_file():
            findings.append(error(shown, line, ATTACHMENT_MISSING,
                                  t("{shown_folder}/{listed} does not exist; add the scanned copy or fix the path", shown_folder=shown_folder, listed=listed)))
            continue
        if target.stat().st_size > MAX_ATTACHMENT_BYTES:
            findings.append(error(shown, line, ATTACHMENT_MISSING,
                                  t("{shown_folder}/{listed} is larger than {value} MB; scan it at a lower resolution", shown_folder=shown_folder, listed=listed, value=MAX_ATTACHMENT_BYTES // (1024 * 1024))))
            continue
        found.append(Attachment(role=role, title=title, file=target, listed=listed, shown=shown, line=line))
    return found, findings
