"""`<private>/support/plans/<teacher>.yml` → SupportPlan (S-1, S-4 … S-8, S-11).

A plan belongs to one certified teacher: the directions chosen from the policy's checklist (S-4),
the approval by the methodological association and the head (S-5), the period (S-1) and the events,
each with kind, level (S-8), date, status and evidence links (S-6, S-11).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..model.fields import Reader
from ..sourcefile import LocMap, load_yaml, rel
from ..vocab import EvidenceKind, SupportEventKind, SupportEventStatus, SupportLevel

SUPPORT_PLAN_FILE = define("support-plan-file", "A support plan file is empty or not a mapping.", "S-5")

PLAN_KEYS = ("teacher", "name", "program", "cohort", "certificate", "organization", "region", "curator",
             "directions", "aims", "starts", "ends", "approval", "events", "presentation")
EVENT_KEYS = ("kind", "level", "date", "status", "title", "evidence", "sent_to_curator", "note")


@dataclass(frozen=True, kw_only=True)
class Evidence:
    kind: EvidenceKind
    url: str
    line: int


@dataclass(frozen=True, kw_only=True)
class SupportEvent:
    kind: SupportEventKind
    level: SupportLevel
    date: dt.date
    status: SupportEventStatus
    title: str
    evidence: tuple[Evidence, ...]
    line: int

    @property
    def held(self) -> bool:
        return self.status == SupportEventStatus.HELD.value

    @property
    def rank(self) -> int:
        return SupportLevel(self.level).rank


@dataclass(frozen=True, kw_only=True)
class Approval:
    """S-5: discussed in the methodological association, then approved by the organisation's head."""

    association_date: dt.date | None
    association_protocol: str
    head_date: dt.date | None
    line: int
    association_line: int
    head_line: int


@dataclass(frozen=True, kw_only=True)
class SupportPlan:
    teacher: str
    name: str  # personal data: shown to the centre only, never on the site
    program: str
    organization: str
    region: str
    directions: tuple[str, ...]
    starts: dt.date | None
    ends: dt.date | None
    approval: Approval | None
    events: tuple[SupportEvent, ...]
    path: str
    lines: dict[str, int]
    aims: tuple[str, ...] | None = None  # S-2 (SupportAim values); None: the plan has no 'aims' key

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def active_between(self, start: dt.date, end: dt.date) -> bool:
        """Whether the plan's period overlaps [start, end]."""
        if self.starts is None:
            return False
        last = self.ends or self.starts
        return self.starts <= end and last >= start

    @classmethod
    def from_yaml(cls, path: Path, root: Path) -> tuple[SupportPlan | None, list[Finding]]:
        shown = rel(path, root)
        data, findings = load_yaml(path, shown)
        if data is None or not isinstance(data, LocMap):
            if not findings:
                findings.append(error(shown, 1, SUPPORT_PLAN_FILE,
                                      t("a support plan must be a mapping: teacher, program, directions, events, …")))
            return None, findings
        r = Reader(data, shown, findings)
        r.known_keys(*PLAN_KEYS)
        teacher = r.text("teacher") or path.stem
        directions: list[str] = []
        seq = r.sequence("directions")
        if seq is not None:
            directions = [str(d) for d in seq]
        approval = None
        am = r.mapping("approval")
        if am is not None:
            ar = r.child(am, "approval.")
            ar.known_keys("association", "head")
            assoc, head = ar.mapping("association"), ar.mapping("head")
            a_date = h_date = None
            protocol = ""
            if assoc is not None:
                sr = ar.child(assoc, "approval.association.")
                sr.known_keys("date", "protocol")
                a_date = sr.date("date")
                protocol = sr.text("protocol") or ""
            if head is not None:
                hr = ar.child(head, "approval.head.")
                hr.known_keys("date", "order", "name")
                h_date = hr.date("date")
            approval = Approval(association_date=a_date, association_protocol=protocol, head_date=h_date,
                                line=am.line, association_line=assoc.line if assoc is not None else am.line,
                                head_line=head.line if head is not None else am.line)
        events: list[SupportEvent] = []
        for i, m in r.each_mapping("events"):
            er = r.child(m, f"events[{i}].")
            er.known_keys(*EVENT_KEYS)
            kind = er.choice("kind", SupportEventKind)
            level = er.choice("level", SupportLevel)
            when = er.date("date")
            status = er.choice("status", SupportEventStatus)
            title = er.text("title", required=False) or ""
            evidence: list[Evidence] = []
            for j, em in er.each_mapping("evidence", required=False):
                vr = er.child(em, f"events[{i}].evidence[{j}].")
                vr.known_keys("kind", "url")
                ekind = vr.choice("kind", EvidenceKind)
                url = vr.text("url") or ""
                if ekind and url:
                    evidence.append(Evidence(kind=ekind, url=url, line=em.line))
            if kind and level and when and status:
                events.append(SupportEvent(kind=kind, level=level, date=when, status=status, title=title,
                                           evidence=tuple(evidence), line=m.line))
        plan = cls(teacher=teacher, name=r.text("name", required=False) or "",
                   program=r.text("program") or "", organization=r.text("organization") or "",
                   region=r.text("region", required=False) or "", directions=tuple(directions),
                   starts=r.date("starts"), ends=r.date("ends"), approval=approval, events=tuple(events),
                   path=shown, lines={k: data.line_of(k) for k in data}, aims=_aims(r))
        return plan, findings


def _aims(r: Reader) -> tuple[str, ...] | None:
    """S-2: the aims the plan serves, as written (support_aims.py checks them against the vocabulary)."""
    seq = r.sequence("aims", required=False)
    return None if seq is None else tuple(str(a) for a in seq)


def load_plans(private: Path | None, root: Path) -> tuple[list[SupportPlan], list[Finding]]:
    if private is None:
        return [], []
    folder = private / "support" / "plans"
    if not folder.is_dir():
        return [], []
    plans: list[SupportPlan] = []
    findings: list[Finding] = []
    for path in sorted(folder.glob("*.yml")):
        plan, more = SupportPlan.from_yaml(path, root)
        findings.extend(more)
        if plan is not None:
            plans.append(plan)
    return plans, findings
