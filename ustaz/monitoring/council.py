"""The methodological council's decision on the monitoring results (M-6), which feeds the
three-year review of each program (P-11).

`<private>/monitoring/<run>/council.yml`:

    date: 2026-11-20          # the council's meeting
    protocol: "5"             # its protocol number
    decisions:
      - {program: robotics-basics, decision: update, note: "…"}   # update | revoke (P-11)

The decision takes effect through the director's order; it is then recorded in the program's lifecycle
as a `reviewed` event carrying the council's protocol, the decision and the order:

    - {event: reviewed, date: 2026-11-27, decision: update, protocol: "5", order: "88"}

That event is what the P-11 deadline rule counts as the review; `ustaz check` warns while a council
decision has no matching event, and errs when the recorded decision differs from the council's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..model.fields import Reader
from ..sourcefile import LocMap, load_yaml, rel
from ..vocab import ReviewDecision

COUNCIL_FILE = define("council-file", "A council decision file is not a mapping.", "M-6")


@dataclass(frozen=True, kw_only=True)
class CouncilDecision:
    program: str
    decision: ReviewDecision
    note: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Council:
    date: dt.date
    protocol: str
    decisions: tuple[CouncilDecision, ...]
    path: str

    def lifecycle_line(self, d: CouncilDecision, order: str = "…", on: dt.date | None = None) -> str:
        """The lifecycle entry to add to programs/<id>/program.yml once the director's order exists."""
        return (f'- {{event: reviewed, date: {(on or self.date).isoformat()}, decision: {d.decision}, '
                f'protocol: "{self.protocol}", order: "{order}"}}')


def load_council(folder: Path, root: Path) -> tuple[Council | None, list[Finding]]:
    path = folder / "council.yml"
    if not path.is_file():
        return None, []
    shown = rel(path, root)
    data, findings = load_yaml(path, shown)
    if not isinstance(data, LocMap):
        if not findings:
            findings.append(error(shown, 1, COUNCIL_FILE, t("council.yml must be a mapping: date, protocol, decisions")))
        return None, findings
    r = Reader(data, shown, findings)
    r.known_keys("date", "protocol", "decisions")
    day, protocol = r.date("date"), r.text("protocol")
    decisions = []
    for i, m in r.each_mapping("decisions"):
        dr = r.child(m, f"decisions[{i}].")
        dr.known_keys("program", "decision", "note")
        program, decision = dr.text("program"), dr.choice("decision", ReviewDecision)
        if program and decision:
            decisions.append(CouncilDecision(program=program, decision=decision,
                                             note=dr.text("note", required=False) or "", line=m.line))
    if day is None or protocol is None:
        return None, findings
    return Council(date=day, protocol=protocol, decisions=tuple(decisions), path=shown), findings
