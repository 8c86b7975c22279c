"""`ustaz register seal`: turn a register of the first release's plaintext format (code, holder, …,
revoked_reason) into the sealed one (DESIGN.md "Public tables", C-20).

Each row keeps its facts and its line; its code becomes its id, its holder and revocation reason are sealed
with the code's key, its ``supersedes`` becomes the replaced certificate's id. The codes are not lost: every
code is tied to its listener in the cohort's private ``certificates.csv`` (already, by the link certify
wrote, or by the holder's name in listeners.csv); a code that cannot be tied to a listener goes to
``<private>/certificates/unlinked-codes.csv`` with its holder, for the staff to sort out. Nothing is written
unless every row converts: a row that breaks the old schema is reported and the file is left as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..courses.issued import FILE, write_links
from ..i18n import t
from ..sourcefile import read_text
from ..writefile import write_atomic
from . import codes
from .register import COLUMNS, MAX_REGISTER_BYTES, PLAIN_COLUMNS, REGISTER_DIR, Certificate, Status, cell_date
from .sealing import Sealer

if TYPE_CHECKING:
    from ..workspace import Workspace

UNLINKED = "certificates/unlinked-codes.csv"
UNLINKED_COLUMNS = ("code", "cohort", "holder")


class MigrationError(Exception):
    """The register cannot be sealed as it is (the message says where and why)."""


@dataclass(kw_only=True)
class SealReport:
    files: list[str] = field(default_factory=list)  # the register files rewritten
    rows: int = 0
    linked: int = 0  # codes newly tied to a listener in the private tree
    unlinked: list[tuple[str, str, str]] = field(default_factory=list)  # (code, cohort, holder) not tied


def plaintext_rows(text: str, shown: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, cells) of a plaintext register file; MigrationError for a file not in that format."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, None)
        if header is None or tuple(header) != PLAIN_COLUMNS:
            raise MigrationError(t("{path}:1: the header is not the plaintext register's ({columns})", path=shown,
                                   columns=",".join(PLAIN_COLUMNS)))
        line = reader.line_num + 1
        for cells in reader:
            if any(cells):
                if len(cells) != len(PLAIN_COLUMNS):
                    raise MigrationError(t("{path}:{line}: the row has {n} cells, not {want}", path=shown, line=line,
                                           n=len(cells), want=len(PLAIN_COLUMNS)))
                yield line, dict(zip(PLAIN_COLUMNS, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise MigrationError(t("{path}: the CSV cannot be parsed: {error}", path=shown, error=str(exc))) from exc


def seal_row(cells: dict[str, str], shown: str, line: int) -> Certificate:
    """One plaintext row as a sealed certificate (opened: it keeps its code, holder and reason)."""
    parsed = codes.parse(cells["code"])
    if parsed.code is None:
        raise MigrationError(t("{path}:{line}: {code!r} is not a certificate code", path=shown, line=line,
                               code=cells["code"][:40]))
    old = cells["supersedes"]
    replaced = codes.parse(old).code if old else ""
    if old and replaced is None:
        raise MigrationError(t("{path}:{line}: supersedes {code!r} is not a certificate code", path=shown, line=line,
                               code=old[:40]))
    try:
        cert = Certificate.issue(code=parsed.code, holder=cells["holder"], program=cells["program"],
                                 cohort=cells["cohort"], hours=int(cells["hours"]),
                                 course_ended=cell_date(cells["course_ended"]), issued=cell_date(cells["issued"]),
                                 valid_until=cell_date(cells["valid_until"]),
                                 supersedes=Sealer(replaced).id if replaced else "")
        if cells["status"] == Status.REVOKED.value:
            cert = cert.revoked(cell_date(cells["revoked_on"]), cells["revoked_reason"])
        elif cells["status"] != Status.ISSUED.value or cells["revoked_reason"] or cells["revoked_on"]:
            raise ValueError(t("status {status!r} with revoked_on {on!r}", status=cells["status"],
                               on=cells["revoked_on"]))
    except ValueError as exc:
        raise MigrationError(t("{path}:{line}: the row cannot be sealed: {error}", path=shown, line=line,
                               error=str(exc))) from exc
    return cert


def _csv(certs: list[Certificate]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for cert in certs:
        writer.writerow(cert.row())
    return buf.getvalue()


def seal_register(ctx: Workspace, *, plain: dict[str, Path] | None = None) -> SealReport:
    """Seal every plaintext register file of the project (or, for a file named in `plain`, the plaintext rows of
    the file given for it), after tying every code to its listener in the private tree."""
    from ..courses.cohort import cohort_folder
    from ..courses.load import load_courses
    from ..writefile import private_target_problem

    private = ctx.project.private_dir
    if private is None:
        raise MigrationError(t("the codes must go to the private tree: give --private DIR"))
    folder = ctx.root / REGISTER_DIR
    report = SealReport()
    converted: list[tuple[Path, list[Certificate]]] = []
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        source = (plain or {}).get(path.name, path)
        shown = f"{REGISTER_DIR}/{path.name}"
        # a regular file inside its tree, bounded, strict UTF-8: a directory, symlink or huge file is refused
        text, problems = read_text(source, shown, within=ctx.root if source == path else None,
                                   limit=MAX_REGISTER_BYTES)
        if text is None:
            raise MigrationError("; ".join(f"{f.path}: {f.message}" for f in problems))
        if text.removeprefix("\ufeff").split("\n", 1)[0].strip() == ",".join(COLUMNS):
            continue  # already sealed
        converted.append((path, [seal_row(cells, shown, line) for line, cells in plaintext_rows(text, shown)]))
    cohorts = load_courses(ctx).cohorts
    by_cohort: dict[str, list[tuple[str, str]]] = {}
    for _, certs in converted:
        for cert in certs:
            cohort = cohorts.get(cert.cohort)
            linked = cohort.certificates.get(cert.code) if cohort is not None else None
            if cohort is not None and linked is None:
                named = [lst for lst in cohort.listeners if lst.full_name == cert.holder]
                if len(named) == 1:
                    by_cohort.setdefault(cert.cohort, []).append((named[0].listener, cert.code))
                    continue
            if linked is None:
                report.unlinked.append((codes.display(cert.code), cert.cohort, cert.holder))
    # the codes first: once the register is sealed, a code not kept is a certificate nobody can open again
    for cohort_id, added in sorted(by_cohort.items()):
        cohort = cohorts[cohort_id]
        where = cohort_folder(private, cohort_id)
        target = where / FILE
        problem = private_target_problem(ctx.root, target, documents=False)
        if problem:
            raise MigrationError(t("{file} keeps the codes: {problem}", file=target, problem=problem))
        write_links(where, cohort.certificates, added)
        report.linked += len(added)
    if report.unlinked:
        target = private / UNLINKED
        problem = private_target_problem(ctx.root, target, documents=False)
        if problem:
            raise MigrationError(t("{file} keeps the codes: {problem}", file=target, problem=problem))
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(UNLINKED_COLUMNS)
        writer.writerows(report.unlinked)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, buf.getvalue())
    for path, certs in converted:
        write_atomic(path, _csv(certs))
        path.chmod(0o644)
        report.files.append(f"{REGISTER_DIR}/{path.name}")
        report.rows += len(certs)
    return report
