"""Writing the register: appending rows and revoking one. Nothing else ever writes it.

Files are replaced atomically, and a revocation rewrites only the revoked row's own lines, so the
diff a reviewer sees is exactly the change and every other row keeps its bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..i18n import t
from ..sourcefile import load_json
from ..writefile import CONTROL, formula_cell, write_atomic
from .register import COLUMNS, REGISTER_DIR, Certificate, Register, Status
from .sealing import MAX_TEXT


class RegisterError(Exception):
    """The register cannot take this change (the message says why, for the command line)."""


def _csv_line(cert: Certificate) -> str:
    for column, value in (("holder", cert.holder), ("revoked_reason", cert.revoked_reason)):
        # refused, not neutralised: the register is public, and an apostrophe in front would be a wrong name
        if formula_cell(value) or CONTROL.search(value):
            raise RegisterError(t("the {column} of {shown_code} begins with {value!r} or holds a control character: a spreadsheet would run it as a formula; correct it first", column=column, shown_code=cert.shown_code, value=value[:1]))
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n").writerow(cert.row())
    return buf.getvalue()


def _write(path: Path, text: str) -> None:
    """Atomically, keeping the file's mode (a new file gets 0644 like any file in a checkout)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    write_atomic(path, text)
    os.chmod(path, mode)


def _header() -> str:
    return ",".join(COLUMNS) + "\n"


def append(root: Path, certificates: Iterable[Certificate]) -> list[Certificate]:
    """Append rows to data/certificates/<issue year>.csv; returns what was written."""
    by_year: dict[int, list[Certificate]] = {}
    for cert in certificates:
        by_year.setdefault(cert.issued.year, []).append(cert)
    written: list[Certificate] = []
    for year, certs in sorted(by_year.items()):
        path = root / REGISTER_DIR / f"{year}.csv"
        if not path.exists():
            list_in_datapackage(root, f"certificates/{year}.csv")
        text = path.read_text(encoding="utf-8") if path.exists() else _header()
        if text and not text.endswith("\n"):
            text += "\n"
        text += "".join(_csv_line(c) for c in certs)
        _write(path, text)
        written.extend(certs)
    return written


def list_in_datapackage(root: Path, relative: str) -> None:
    """A new year's register file joins the 'certificates' resource of data/datapackage.json."""
    path = root / "data" / "datapackage.json"
    package, problems = load_json(path, "data/datapackage.json")
    if problems or not isinstance(package, dict):
        return  # no (readable) data package: nothing to keep in step; `ustaz check` says what is wrong
    resources = package.setdefault("resources", [])
    entry = next((r for r in resources if isinstance(r, dict) and r.get("name") == "certificates"), None)
    if entry is None:
        entry = {"name": "certificates", "title": "Sealed register of certificates (C-16, C-20): no code, no name; append-only", "path": [],
                 "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
                 "schema": "schemas/certificates.json"}
        resources.append(entry)
    paths = entry.get("path", [])
    paths = [paths] if isinstance(paths, str) else list(paths)
    if relative not in paths:
        entry["path"] = sorted([*paths, relative])
        _write(path, json.dumps(package, ensure_ascii=False, indent=2) + "\n")


def revoke(root: Path, register: Register, code: str, *, on: dt.date, reason: str) -> Certificate:
    cert = register.get(code)
    if cert is None:
        raise RegisterError(t("no certificate {code} in the register", code=code))
    if cert.status is Status.REVOKED:
        raise RegisterError(t("{shown_code} was already revoked on {revoked_on}: {revoked_reason}", shown_code=cert.shown_code, revoked_on=cert.revoked_on, revoked_reason=cert.revoked_reason))
    if not reason.strip():
        raise RegisterError(t("a revocation needs a reason (--reason TEXT)"))
    if on < cert.issued:
        raise RegisterError(t("the revocation date {on} is before the issue date {issued}", on=on, issued=cert.issued))
    rf = next(f for f in register.files if f.path == cert.path)
    path = root / cert.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = list(rf.table.lines)
    at = starts.index(cert.line)
    end = starts[at + 1] - 1 if at + 1 < len(starts) else len(lines)
    while end > cert.line and not lines[end - 1].strip():
        end -= 1  # keep trailing blank lines where they were
    reason = " ".join(reason.split())
    if len(reason) > MAX_TEXT:
        raise RegisterError(t("a revocation reason has at most {n} characters", n=MAX_TEXT))
    if not cert.is_open:
        raise RegisterError(t("the seals of {id} do not open with this code; `ustaz check` says why", id=cert.id))
    revoked = cert.revoked(on, reason)
    lines[cert.line - 1:end] = [_csv_line(revoked)]
    _write(path, "".join(lines))
    return revoked
