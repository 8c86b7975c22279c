"""Listener lists from the education departments (C-3): an Excel workbook (.xlsx) or CSV whose
columns are named in Kazakh or Russian, mapped onto listeners.csv.

The header row is found among the first rows (lists often start with a title); a full-name column
("ФИО", "Аты-жөні") is split into surname, name and patronymic. Every row is validated (names, the
IIN's check digit, duplicates) and a bad row becomes a finding ``FILE:ROW`` with the spreadsheet's
row number. People already in the cohort (same IIN) are skipped, so importing the same list twice
changes nothing. Columns we do not need (phones, e-mails) are never copied.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..ids import iin_problem
from ..sourcefile import read_text
from ..tables import plain as table
from ..vocab import LISTENER_DOCUMENTS
from ..writefile import CONTROL, formula_cell
from .cohort import LISTENER_COLUMNS, LISTENER_DUPLICATE, LISTENER_IIN, LISTENER_OPTIONAL, LISTENER_PATTERN

IMPORT_FILE = define("import-file", "A listener list cannot be read or has no recognisable header row.", "C-3")
IMPORT_ROW = define("import-row", "A row of a listener list lacks a surname or a name.", "C-3")
IMPORT_FORMULA = define("import-formula", "A name or organisation in a listener list begins with =, +, -, @, a tab "
                        "or a carriage return (a spreadsheet formula), or holds a control character.", "C-3")
IMPORT_COLUMN = define("import-column", "A column of a listener list is not imported (not needed, or personal data "
                       "we do not keep).", "C-3")
IMPORT_ORGANIZATION = define("import-organization", "A listener's organisation in an imported list is not an id or name "
                                                   "of data/organizations.csv (the closest names are offered); the "
                                                   "row is not imported.", "S-10")

HEADER_SEARCH_ROWS = 20
CLOSEST_ORGANIZATIONS = 3  # names offered for an organisation that matches none

# normalised header → field; kk, ru and en names seen in departments' lists
ALIASES: dict[str, str] = {}
for _field, _names in {
    "surname": ["фамилия", "тегі", "тегi", "surname", "last name"],
    "name": ["имя", "аты", "есімі", "аты есімі", "name", "first name"],
    "patronymic": ["отчество", "әкесінің аты", "әкесінің аты бар болса", "отчество при наличии", "patronymic",
                   "middle name"],
    "full_name": ["фио", "ф и о", "фио педагога", "фио слушателя", "фамилия имя отчество", "фамилия имя отчество при наличии",
                  "аты жөні", "аты-жөні", "тегі аты әкесінің аты", "тегі аты әкесінің аты бар болса", "таә",
                  "толық аты жөні", "педагогтің аты жөні", "full name"],
    "iin": ["иин", "жсн", "iin", "иин педагога", "жеке сәйкестендіру нөмірі", "индивидуальный идентификационный номер"],
    "organization": ["организация", "организация образования", "место работы", "учреждение", "школа", "мектеп",
                     "ұйым", "білім беру ұйымы", "жұмыс орны", "оқу орны", "organization", "organisation", "school"],
    "number": ["№", "n", "no", "р с", "п п", "№ п п", "р с №", "с н", "реттік нөмір"],
}.items():
    for _n in _names:
        ALIASES[re.sub(r"[^\w№]+", " ", _n.casefold().replace(".", "")).strip()] = _field


def normalise_header(text: str) -> str:
    """Case, 'ё', dots (Ф.И.О.), other punctuation and repeated spaces do not matter."""
    return re.sub(r"[^\w№]+", " ", text.casefold().replace("ё", "е").replace(".", "")).strip()


@dataclass(frozen=True, kw_only=True)
class ImportedListener:
    surname: str
    name: str
    patronymic: str
    iin: str
    organization: str
    row: int


@dataclass(kw_only=True)
class ImportResult:
    listeners: list[ImportedListener] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0  # data rows read

    @property
    def bad_rows(self) -> int:
        return len({f.line for f in self.findings if f.is_error and f.line})


def read_sheet(path: Path, shown: str, sheet: str | None = None) -> tuple[list[tuple[int, list[str]]] | None,
                                                                         list[Finding]]:
    """(row number, cells as text) of an .xlsx sheet or a CSV file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, shown, sheet)
    if path.suffix.lower() == ".csv":
        text, findings = read_text(path, shown)
        if text is None:
            return None, findings
        dialect_delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect_delim)
        rows = []
        start = 1
        try:
            for cells in reader:
                rows.append((start, [c.strip() for c in cells]))
                start = reader.line_num + 1
        except csv.Error as exc:
            return None, [error(shown, start, IMPORT_FILE, t("the CSV cannot be read here: {exc}", exc=exc))]
        return rows, findings
    return None, [error(shown, None, IMPORT_FILE, t("give an Excel workbook (.xlsx) or a CSV file (.csv); save an old .xls as .xlsx first"))]


def _read_xlsx(path: Path, shown: str, sheet: str | None) -> tuple[list[tuple[int, list[str]]] | None, list[Finding]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return None, [error(shown, None, IMPORT_FILE, t("the workbook cannot be opened ({exc}); save it again as .xlsx", exc=exc))]
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            return None, [error(shown, None, IMPORT_FILE,
                                t("the workbook has no sheet {sheet!r}; its sheets are: {sheetnames}", sheet=sheet, sheetnames=', '.join(wb.sheetnames)))]
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append((number, [_cell_text(v) for v in values]))
            if number > 100_000:
                break
        return rows, []
    finally:
        wb.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_listeners(rows: list[tuple[int, list[str]]], shown: str) -> ImportResult:
    result = ImportResult()
    header_at = None
    mapping: dict[int, str] = {}
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {i: ALIASES[normalise_header(c)] for i, c in enumerate(cells) if normalise_header(c) in ALIASES}
        fields = set(found.values())
        if ("full_name" in fields or {"surname", "name"} <= fields) and "iin" in fields:
            header_at, mapping = index, found
            break
    if header_at is None:
        result.findings.append(error(shown, None, IMPORT_FILE,
                                     t("no header row with the names and the IIN among the first {header_search_rows} rows; name the columns e.g. «ФИО», «ИИН», «Место работы» or «Тегі», «Аты», «ЖСН», «Жұмыс орны»", header_search_rows=HEADER_SEARCH_ROWS)))
        return result
    header_row, header_cells = rows[header_at]
    ignored = [c for i, c in enumerate(header_cells) if c and i not in mapping]
    if ignored:
        result.findings.append(warning(shown, header_row, IMPORT_COLUMN,
                                       t("not imported: {ignored} (listeners.csv keeps names, IIN and organization only)", ignored=', '.join(ignored))))
    seen: dict[str, int] = {}
    for number, cells in rows[header_at + 1:]:
        values = {f: "" for f in ("surname", "name", "patronymic", "full_name", "iin", "organization")}
        for i, f in mapping.items():
            if f != "number" and i < len(cells) and not values[f]:
                values[f] = " ".join(cells[i].split())
        if not any(values[f] for f in ("surname", "name", "full_name", "iin")):
            continue  # empty or a numbering-only row
        result.rows += 1
        yield_row = list(_validate(values, number, shown, seen, result.findings))
        result.listeners.extend(yield_row)
    return result


def _validate(values: dict[str, str], number: int, shown: str, seen: dict[str, int],
              findings: list[Finding]) -> Iterator[ImportedListener]:
    surname, name, patronymic = values["surname"], values["name"], values["patronymic"]
    if values["full_name"] and not (surname and name):
        parts = values["full_name"].split()
        surname = parts[0] if parts else ""
        name = parts[1] if len(parts) > 1 else ""
        patronymic = " ".join(parts[2:])
    ok = True
    if not surname or not name:
        findings.append(error(shown, number, IMPORT_ROW,
                              t("the row needs a surname and a name (or a full name «Фамилия Имя Отчество»)")))
        ok = False
    for column, value in (("surname", surname), ("name", name), ("patronymic", patronymic),
                          ("organization", values["organization"])):
        # refused, not neutralised: the names go into listeners.csv, the certificates and the public register,
        # where an apostrophe in front would be a wrong name; the department corrects its list
        if formula_cell(value) or CONTROL.search(value):
            what = t("holds a control character") if CONTROL.search(value) else t("begins with {value!r}", value=value[0])
            findings.append(error(shown, number, IMPORT_FORMULA,
                                  t("the {column} {what}, which a spreadsheet runs as a formula or which is no part of a name; the row is not imported: correct the list", column=column, what=what)))
            ok = False
    iin = re.sub(r"[\s\u00a0-]", "", values["iin"])
    if re.fullmatch(r"\d+([.,]\d+)?[eE]\+?\d+", iin):
        findings.append(error(shown, number, LISTENER_IIN,
                              t("the IIN was saved in scientific notation and lost its digits; format the column as text in Excel and export again")))
        return
    if iin.isdigit() and 9 <= len(iin) < 12:
        iin = iin.zfill(12)  # Excel stored the IIN as a number and dropped its leading zero(s)
    problem = iin_problem(iin) if iin else t("the IIN is empty")
    if problem:
        findings.append(error(shown, number, LISTENER_IIN, t("{problem}; copy the IIN from the identity document", problem=problem)))
        ok = False
    elif iin in seen:
        findings.append(error(shown, number, LISTENER_DUPLICATE,
                              t("the same IIN is on row {seen}; list each person once", seen=seen[iin])))
        ok = False
    else:
        seen[iin] = number
    if ok:
        yield ImportedListener(surname=surname, name=name, patronymic=patronymic, iin=iin,
                               organization=values["organization"], row=number)


def merge(existing: list[dict[str, str]], imported: list[ImportedListener], key: bytes | None = None
          ) -> tuple[list[dict[str, str]], int, int]:
    """Existing rows unchanged, then the imported people not yet listed (by IIN) with new ids L01, L02, …
    With the centre's teacher-id key every row gets its `teacher` id (identity.py), existing rows where it is
    empty too. Returns (rows, added, already listed)."""
    from ..teachers.identity import teacher_id

    have = {r["iin"] for r in existing if r.get("iin")}
    taken = {r["listener"] for r in existing}
    numbers = [int(m.group(1)) for r in existing if (m := re.fullmatch(r"L(\d+)", r["listener"]))]
    next_number = max(numbers, default=0) + 1
    rows = list(existing)
    added = skipped = 0
    width = max(2, len(str(len(existing) + len(imported))))
    for person in imported:
        if person.iin in have:
            skipped += 1
            continue
        while (lid := f"L{next_number:0{width}d}") in taken:
            next_number += 1
        assert LISTENER_PATTERN.match(lid)
        taken.add(lid)
        next_number += 1
        have.add(person.iin)
        row = {"listener": lid, "surname": person.surname, "name": person.name, "patronymic": person.patronymic,
               "iin": person.iin, "organization": person.organization}
        row.update({col: "false" for col in LISTENER_DOCUMENTS})
        rows.append(row)
        added += 1
    if key is not None:
        for row in rows:
            if not row.get("teacher") and row.get("iin") and not iin_problem(row["iin"]):
                row["teacher"] = teacher_id(row["iin"], key)
    return rows, added, skipped


def render_listeners(rows: list[dict[str, str]]) -> str:
    columns = LISTENER_COLUMNS + tuple(c for c in LISTENER_OPTIONAL if any(r.get(c) for r in rows))
    return table.to_csv(columns, [{c: r.get(c, "") for c in columns} for r in rows])


def resolve_organizations(listeners: list[ImportedListener], places: dict[str, str], shown: str
                          ) -> tuple[list[ImportedListener], list[Finding]]:
    """Each listener's organisation as its id of data/organizations.csv (`places`: id or case-folded Kazakh or
    Russian name → id): an exact id or name is stored as the id; a school the table does not know is an error and
    the row is not imported, with the closest names offered. Support plans, the monitoring population and the
    documents find schools by these ids. Without an organizations.csv the text is kept as written."""
    import dataclasses
    import difflib

    if not places:
        return listeners, []
    kept, findings = [], []
    for person in listeners:
        text = " ".join(person.organization.split())
        found = places.get(text) or places.get(text.casefold()) if text else ""
        if found or not text:
            kept.append(dataclasses.replace(person, organization=found or ""))
            continue
        close = difflib.get_close_matches(text.casefold(), list(places), n=CLOSEST_ORGANIZATIONS, cutoff=0.5)
        offer = t("; closest: {items}", items=", ".join(f"{c!r} ({places[c]})" for c in close)) if close else ""
        findings.append(error(shown, person.row, IMPORT_ORGANIZATION,
                              t("the organisation {text!r} is not in data/organizations.csv{offer}; the row is not imported: write the school's id or name in the list, or add the school to the table", text=text, offer=offer)))
    return kept, findings
