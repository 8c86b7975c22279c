"""Test helper: a register row written the way one reads it (code, holder, reason in clear) turned into the
sealed register's cells, as `ustaz course certify` and `ustaz register revoke` would write them.

A cell that is not what it should be (a malformed code, an empty name) is carried over as it is, so tests
that break rows on purpose still break the sealed row the same way (an id, seal or supersedes that fails the
schema)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS, Certificate, Status
from ustaz.certificates.sealing import HOLDER, REASON, Sealer


def sealed_cells(cells: Mapping[str, str]) -> dict[str, str]:
    """Plaintext cells (code, program, cohort, holder, …, revoked_reason, supersedes) → sealed cells."""
    parsed = codes.parse(cells.get("code", "")).code if cells.get("code") else None
    sealer = Sealer(parsed) if parsed else None
    old = cells.get("supersedes", "")
    replaced = codes.parse(old).code if old else None
    out = {c: cells.get(c, "") for c in COLUMNS}
    out["id"] = sealer.id if sealer else cells.get("code", "")
    holder, reason = cells.get("holder", ""), cells.get("revoked_reason", "")
    out["holder_seal"] = sealer.seal(HOLDER, holder) if sealer else holder
    out["reason_seal"] = sealer.seal(REASON, reason) if sealer else reason
    out["supersedes"] = Sealer(replaced).id if replaced else old
    return out


def sealed_line(cells: Mapping[str, str], raw: Mapping[str, str] | None = None) -> str:
    """The sealed row as a CSV line; `raw` cells (sealed-format names) are written as they are, after sealing."""
    sealed = {**sealed_cells(cells), **(raw or {})}
    return ",".join(sealed[c] for c in COLUMNS)


def id_of(code: str) -> str:
    return Sealer(code).id


def plain_certificate(*, code: str, holder: str, status: Status = Status.ISSUED, revoked_on: dt.date | None = None,
                      revoked_reason: str = "", supersedes: str = "", shown_code: str = "", path: str = "",
                      line: int = 0, **facts: Any) -> Certificate:
    """A certificate as the first release's tests described it (code, holder, reason in clear), sealed as certify
    and revoke seal it; it stays open (it knows its code). `supersedes` may be the old certificate's code."""
    old = codes.parse(supersedes).code if supersedes else None
    cert = Certificate.issue(code=code, holder=holder, supersedes=Sealer(old).id if old else supersedes, **facts)
    if status is Status.REVOKED:
        cert = cert.revoked(revoked_on or cert.issued, revoked_reason)
    return replace(cert, path=path, line=line)


def keep_codes(private: Path, certificates: list[Certificate]) -> None:
    """Write the certificates' codes into the private tree as certify does (each cohort's certificates.csv; a
    made-up listener id per certificate), so the sealed rows open there."""
    by_cohort: dict[str, list[Certificate]] = {}
    for cert in certificates:
        by_cohort.setdefault(cert.cohort, []).append(cert)
    for cohort, certs in by_cohort.items():
        path = private / "cohorts" / cohort / "certificates.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_text(encoding="utf-8") if path.exists() else "listener,code\n"
        path.write_text(old + "".join(f"T{hash(c.code) & 0xFFFF:04X}{i},{codes.display(c.code)}\n"
                                      for i, c in enumerate(certs)), encoding="utf-8")
