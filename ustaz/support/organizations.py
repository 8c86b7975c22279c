"""A defensive reader of `data/organizations.csv` (owned by the networks work): only the columns
support and monitoring need — the organisation's region and urban/rural locality, and its row line.
Its own checks report malformed rows; here a bad row is simply skipped."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..sourcefile import read_text

ORGANIZATIONS = Path("data") / "organizations.csv"


@dataclass(frozen=True, kw_only=True)
class OrganizationPlace:
    id: str
    region: str
    locality: str
    line: int
    names: Mapping[str, str] = field(default_factory=dict)  # language → name (name_kk, name_ru)

    def name(self, lang: str) -> str:
        """The name in `lang`, else in Russian or Kazakh, else the id."""
        return self.names.get(lang) or self.names.get("ru") or self.names.get("kk") or self.id


def organization_places(root: Path) -> dict[str, OrganizationPlace]:
    """Organisations by id."""
    return _places(root)[0]


def organization_lookup(root: Path) -> dict[str, OrganizationPlace]:
    """Organisations by id, and by Kazakh or Russian name (case-folded) where the id is not used."""
    by_id, by_name = _places(root)
    return {**by_name, **by_id}


def _places(root: Path) -> tuple[dict[str, OrganizationPlace], dict[str, OrganizationPlace]]:
    path = root / ORGANIZATIONS
    if not path.is_file():
        return {}, {}
    text, _ = read_text(path, ORGANIZATIONS.as_posix())
    if text is None:
        return {}, {}
    reader = csv.DictReader(io.StringIO(text))
    out: dict[str, OrganizationPlace] = {}
    by_name: dict[str, OrganizationPlace] = {}
    try:
        for row in reader:
            oid = (row.get("id") or "").strip()
            if oid and oid not in out:
                names = {col[len("name_"):]: (row.get(col) or "").strip() for col in ("name_kk", "name_ru")}
                out[oid] = OrganizationPlace(id=oid, region=(row.get("region") or "").strip(),
                                             locality=(row.get("locality") or "").strip(),
                                             line=reader.line_num, names={k: v for k, v in names.items() if v})
                for column in ("name_kk", "name_ru"):  # listeners.csv may name the organisation
                    name = (row.get(column) or "").strip().casefold()
                    if name:
                        by_name.setdefault(name, out[oid])
    except csv.Error:
        pass
    return out, by_name
