"""Trainers (C-4, C-5): the public roster ``data/trainers.csv`` (``id, name, languages, category,
experience_years, programs``; no personal details) and their private details
``<private>/trainers.csv`` (``trainer, iban, id_copy, diploma, marriage_certificate``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import rel
from ..tables import plain as table
from ..vocab import TRAINER_DOCUMENTS, Language, TrainerCategory

TRAINER_COLUMNS = ("id", "name", "languages", "category", "experience_years", "programs")
PRIVATE_TRAINER_COLUMNS = ("trainer", "iban", *TRAINER_DOCUMENTS, "marriage_certificate")
TRAINER_ID = define("trainer-id", "A trainer id is malformed, repeated, or (in the private details) not in the roster.",
                    "C-4")


@dataclass(frozen=True, kw_only=True)
class Trainer:
    id: str
    name: str
    languages: tuple[str, ...]
    category: str
    experience_years: int | None
    programs: tuple[str, ...]
    path: str
    line: int


@dataclass(frozen=True, kw_only=True)
class TrainerDetails:
    """Private: bank account and documents (C-5)."""

    trainer: str
    iban: str
    documents: Mapping[str, bool]  # TRAINER_DOCUMENTS column → provided
    marriage_certificate: bool | None  # None: not needed (the name did not change)
    path: str
    line: int

    @property
    def missing_documents(self) -> list[str]:
        missing = [t(TRAINER_DOCUMENTS[c]) for c in TRAINER_DOCUMENTS if not self.documents.get(c)]
        if self.marriage_certificate is False:
            missing.append(t("marriage certificate"))
        return missing


def load_roster(root: Path) -> tuple[list[Trainer] | None, list[Finding]]:
    """data/trainers.csv, or None when the centre keeps no roster."""
    path = root / "data" / "trainers.csv"
    if not path.is_file():
        return None, []
    tbl, findings = table.read_table(path, "data/trainers.csv", TRAINER_COLUMNS)
    if tbl is None:
        return [], findings
    out: list[Trainer] = []
    seen: dict[str, int] = {}
    langs = [v.value for v in Language]
    cats = [v.value for v in TrainerCategory]
    for row in tbl.rows:
        tid = table.required(row, "id", findings)
        if tid is not None and tid in seen:
            findings.append(error(row.path, row.line, TRAINER_ID,
                                  t("trainer id {tid!r} is already used on line {seen}", tid=tid, seen=seen[tid])))
            continue
        name = table.required(row, "name", findings) or ""
        languages = table.split_list(row["languages"])
        for lang in languages:
            if lang not in langs:
                findings.append(error(row.path, row.line, table.CSV_VALUE,
                                      t("language {lang!r} is not one of: {langs}", lang=lang, langs=', '.join(langs))))
        if not languages:
            findings.append(error(row.path, row.line, table.CSV_VALUE, t("'languages' is empty; write e.g. kk;ru")))
        category = row["category"]
        if category not in cats:
            findings.append(error(row.path, row.line, table.CSV_VALUE,
                                  t("category {category!r} is not one of: {cats} (C-4)", category=category, cats=', '.join(cats))))
        years = table.integer(row, "experience_years", findings)
        if tid is None:
            continue
        seen[tid] = row.line
        out.append(Trainer(id=tid, name=name, languages=tuple(lg for lg in languages if lg in langs),
                           category=category, experience_years=years,
                           programs=tuple(table.split_list(row["programs"])), path=row.path, line=row.line))
    return out, findings


def load_details(root: Path, private: Path | None) -> tuple[list[TrainerDetails] | None, list[Finding]]:
    if private is None or not (private / "trainers.csv").is_file():
        return None, []
    path = private / "trainers.csv"
    tbl, findings = table.read_table(path, rel(path, root), PRIVATE_TRAINER_COLUMNS)
    if tbl is None:
        return [], findings
    out = []
    for row in tbl.rows:
        tid = table.required(row, "trainer", findings)
        docs = {c: bool(table.boolean(row, c, findings)) for c in TRAINER_DOCUMENTS}
        marriage = table.boolean(row, "marriage_certificate", findings, allow_empty=True)
        if tid is not None:
            out.append(TrainerDetails(trainer=tid, iban=row["iban"], documents=docs, marriage_certificate=marriage,
                                      path=row.path, line=row.line))
    return out, findings
