"""A cohort's practical-session materials (C-10): ``<private>/cohorts/<cohort>/materials.csv``, the
checklist the responsible specialist keeps with the trainers, one row per item with columns
``item, trainer, ready, agreed`` (``trainer`` an id of ``data/trainers.csv``; ``ready`` and ``agreed``
true|false: the item is prepared, and the trainer has agreed it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from ..sourcefile import rel
from ..tables import plain as table
from .cohort import cohort_folder

MATERIALS_FILE = "materials.csv"
MATERIAL_COLUMNS = ("item", "trainer", "ready", "agreed")


@dataclass(frozen=True, kw_only=True)
class MaterialItem:
    item: str
    trainer: str
    ready: bool
    agreed: bool
    path: str
    line: int

    @property
    def done(self) -> bool:
        return self.ready and self.agreed


def load_materials(root: Path, private: Path, cohort: str
                   ) -> tuple[tuple[MaterialItem, ...] | None, str, list[Finding]]:
    """The checklist (None: no materials.csv), the file as shown in findings, and its loading findings."""
    path = cohort_folder(private, cohort) / MATERIALS_FILE
    shown = rel(path, root)
    if not path.is_file():
        return None, shown, []
    tbl, findings = table.read_table(path, shown, MATERIAL_COLUMNS)
    items: list[MaterialItem] = []
    for row in tbl.rows if tbl else ():
        item = table.required(row, "item", findings)
        trainer = table.required(row, "trainer", findings)
        ready = table.boolean(row, "ready", findings)
        agreed = table.boolean(row, "agreed", findings)
        if item is None or trainer is None or ready is None or agreed is None:
            continue
        items.append(MaterialItem(item=item, trainer=trainer, ready=ready, agreed=agreed, path=row.path,
                                  line=row.line))
    return tuple(items), shown, findings
