"""Which listener holds which certificate: ``<private>/cohorts/<cohort>/certificates.csv`` (``listener,
code``), written by ``ustaz course certify`` and ``ustaz register reissue``.

The public register names a holder, never a listener id; this private file ties each code to the
listener it was issued to, so that a certificate follows the person, not the spelling of their name: a
name corrected in listeners.csv neither gets a second certificate nor leaves the old (revoked) row
without its holder (register-holder)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..certificates import codes
from ..findings import Finding
from ..tables import plain as table

FILE = "certificates.csv"
COLUMNS = ("listener", "code")


def read_links(path: Path, shown: str, findings: list[Finding]) -> dict[str, str]:
    """Normalised code → listener id as written; a malformed row is a finding and left out."""
    if not path.is_file():
        return {}
    tbl, more = table.read_table(path, shown, COLUMNS)
    findings.extend(more)
    links: dict[str, str] = {}
    for row in tbl.rows if tbl else ():
        who = table.required(row, "listener", findings)
        code = codes.parse(row["code"]).code
        if who is not None and code is not None:
            links[code] = who
    return links


def write_links(folder: Path, links: Mapping[str, str], added: Iterable[tuple[str, str]]) -> bool:
    """Add (listener, code) pairs to the cohort's certificates.csv; False when there was nothing new."""
    from ..writefile import write_atomic

    new = [(who, code) for who, code in added if code not in links]
    if not new:
        return False
    rows: list[Mapping[str, object]] = [{"listener": who, "code": codes.display(code)} for code, who in links.items()]
    rows += [{"listener": who, "code": codes.display(code)} for who, code in new]
    write_atomic(folder / FILE, table.to_csv(COLUMNS, rows))
    return True


def same_listener(a: str, b: str) -> bool:
    """Listener ids compare without case (`L01` is `l01`)."""
    return a.casefold() == b.casefold()


def private_codes(private: Path) -> dict[str, str]:
    """Every code the private tree keeps (each cohort's certificates.csv), by the id of its register row: what
    opens the sealed register (`Register.with_codes`). Malformed rows are left out (`ustaz check` reports them)."""
    from ..certificates.sealing import certificate_id

    found: list[Finding] = []
    out: dict[str, str] = {}
    folder = private / "cohorts"
    for path in sorted(folder.glob(f"*/{FILE}")) if folder.is_dir() else []:
        for code in read_links(path, path.as_posix(), found):
            out[certificate_id(code)] = code
    return out
