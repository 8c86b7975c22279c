"""Leading-school networks (N-1 … N-6): roles, the 1 : N ratio, coordination centres, events, resources,
the centres' monitoring research.

The tables' formats are checked against their Table Schemas while loading (ustaz/networks/table.py);
the rules here look across rows: a partner points at a real leading school, a leading school has at
most `network.partners_per_leading` partners, each region with a network has a coordination centre,
a study belongs to a known centre and follows a known program or direction (N-5).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, define, error, warning
from ..networks.model import CENTRES, EVENTS, ORGANIZATIONS, RESEARCH, RESOURCES, Networks
from ..sourcefile import read_text
from ..vocab import REGIONS, ResearchStatus
from . import Context, check

NETWORK_RATIO = define("network-ratio", "A leading school has more partner schools than the policy allows.", "N-2")
PARTNER_WITHOUT_LEADING = define("network-partner-without-leading", "A partner school names no leading school.", "N-2")
LEADING_UNKNOWN = define("network-leading-unknown", "A partner's leading school is not in data/organizations.csv.", "N-2")
LEADING_NOT_LEADING = define("network-leading-not-leading", "A partner is attached to a school that is not a leading school.", "N-2")
LEADING_ON_NON_PARTNER = define("network-leading-on-non-partner", "A school that is not a partner names a leading school.", "N-1")
NO_PARTNERS = define("network-no-partners", "A leading school has no partner schools.", "N-1")
REGION_MISMATCH = define("network-region-mismatch", "A partner school is in another region than its leading school.", "N-3")
UNKNOWN_REGION = define("organization-region", "A region is not an ISO 3166-2 code of Kazakhstan or Kyrgyzstan.")
NO_CENTRE = define("network-no-centre", "A region with a leading school has no coordination centre.", "N-3")
CENTRE_NO_LEADERS = define("network-centre-no-leaders", "A coordination centre of a region with a leading school "
                           "names no network leaders (its trainers).", "N-3")
CENTRE_LEADER = define("network-centre-leader", "A coordination centre names a network leader who is not in data/trainers.csv.", "N-3")
EVENT_NETWORK = define("network-unknown", "An event or resource names a network that is not a leading school.", "N-4")
RESEARCH_CENTRE = define("research-centre-unknown", "A monitoring study names a centre that is not in data/networks/centres.csv.", "N-5")
RESEARCH_DATES = define("research-dates", "A monitoring study ends before it starts.", "N-5")
RESEARCH_PROGRAM = define("research-program-unknown", "A monitoring study follows neither a known program nor a policy direction.", "N-5")
RESEARCH_NO_REPORT = define("research-no-report", "An ended monitoring study has no published report.", "N-5")
RESEARCH_REPORT_MISSING = define("research-report-missing", "A monitoring study's report path names no file under content/.", "N-5")


@check
def networks(ctx: Context) -> Iterator[Finding]:
    nets, findings = Networks.load(ctx.root)
    yield from findings
    programs = {Path(b.folder).name for b in ctx.project.programs} | set(ctx.project.program_map)
    yield from research_rules(nets, ctx.root, programs, tuple(ctx.policy.directions), ctx.today)
    if not nets.organizations_read:
        return
    yield from organization_rules(nets, ctx.policy.network("partners_per_leading"))
    yield from centre_rules(nets, ctx.root)
    yield from event_rules(nets)


def organization_rules(nets: Networks, partners_per_leading: int) -> Iterator[Finding]:
    by_id = nets.by_id
    for org in nets.organizations:
        if org.region not in REGIONS:
            yield error(ORGANIZATIONS, org.line, UNKNOWN_REGION,
                        f"region {org.region!r} of {org.id} is not a known ISO 3166-2 code (e.g. KZ-71, KG-GB)")
        if org.is_partner:
            if not org.leading:
                yield error(ORGANIZATIONS, org.line, PARTNER_WITHOUT_LEADING,
                            f"partner school {org.id} must name its leading school in 'leading' (N-2)")
                continue
            lead = by_id.get(org.leading)
            if lead is None:
                yield error(ORGANIZATIONS, org.line, LEADING_UNKNOWN,
                            f"partner school {org.id} names leading school {org.leading!r}, "
                            f"which is not in {ORGANIZATIONS}")
            elif not lead.is_leading:
                role = lead.network_role or "not in a network"
                yield error(ORGANIZATIONS, org.line, LEADING_NOT_LEADING,
                            f"partner school {org.id} is attached to {lead.id} (line {lead.line}), which is not a "
                            f"leading school ({role}); attach it to a leading school or make {lead.id} one")
            elif lead.region != org.region:
                yield warning(ORGANIZATIONS, org.line, REGION_MISMATCH,
                              f"partner school {org.id} ({org.region}) belongs to leading school {lead.id} "
                              f"of another region ({lead.region}); a network gathers schools of one region (N-3)")
        elif org.leading:
            yield error(ORGANIZATIONS, org.line, LEADING_ON_NON_PARTNER,
                        f"{org.id} is not a partner school but names leading school {org.leading!r}; "
                        "set network_role to partner or clear 'leading'")
    partners = nets.partners_by_leading()
    for lead in nets.leading_schools:
        mine = partners.get(lead.id, [])
        if len(mine) > partners_per_leading:
            lines = ", ".join(str(p.line) for p in mine)
            yield error(ORGANIZATIONS, lead.line, NETWORK_RATIO,
                        f"leading school {lead.id} has {len(mine)} partner schools (lines {lines}); the policy "
                        f"allows at most {partners_per_leading} (N-2): attach the others to another leading school")
        elif not mine:
            yield warning(ORGANIZATIONS, lead.line, NO_PARTNERS,
                          f"leading school {lead.id} has no partner schools yet (N-1)")


def centre_rules(nets: Networks, root: Path) -> Iterator[Finding]:
    reported: set[str] = set()
    for lead in nets.leading_schools:
        if lead.region in reported or nets.centre_of(lead.region) is not None:
            continue
        reported.add(lead.region)
        # a gap in the recorded structure rather than wrong data, so a warning
        yield warning(ORGANIZATIONS, lead.line, NO_CENTRE,
                    f"leading school {lead.id} is in {lead.region}, which has no coordination centre; "
                    f"add the regional branch's centre to {CENTRES} (N-3)")
    regions = {lead.region for lead in nets.leading_schools}
    for centre in nets.centres:
        if not centre.leaders and centre.region in regions:
            yield warning(CENTRES, centre.line, CENTRE_NO_LEADERS,
                          f"centre {centre.id} names no network leaders; list its trainers' ids of "
                          "data/trainers.csv in 'leaders' (N-3: the centre's trainers lead the networks)")
    trainers = _trainer_ids(root)
    if trainers is None:
        return
    for centre in nets.centres:
        for leader in centre.leaders:
            if leader not in trainers:
                yield warning(CENTRES, centre.line, CENTRE_LEADER,
                              f"network leader {leader!r} of {centre.id} is not a trainer in data/trainers.csv")


def _trainer_ids(root: Path) -> set[str] | None:
    """Ids of data/trainers.csv (its own checks report its format), or None without the file."""
    path = root / "data" / "trainers.csv"
    if not path.exists():
        return None
    text, _ = read_text(path, "data/trainers.csv")  # the trainers' own checks report a bad file
    if text is None:
        return None
    try:
        return {(row.get("id") or "").strip() for row in csv.DictReader(io.StringIO(text, newline=""))}
    except csv.Error:
        return None


def event_rules(nets: Networks) -> Iterator[Finding]:
    by_id = nets.by_id
    for shown, items in ((EVENTS, nets.events), (RESOURCES, nets.resources)):
        for item in items:
            lead = by_id.get(item.network)
            if lead is None or not lead.is_leading:
                what = "is not in " + ORGANIZATIONS if lead is None else f"is not a leading school (line {lead.line})"
                yield error(shown, item.line, EVENT_NETWORK,
                            f"{item.id} belongs to network {item.network!r}, which {what}; "
                            "a network is named by its leading school's id (N-4)")


def research_rules(nets: Networks, root: Path, programs: set[str], directions: tuple[str, ...],
                   today: dt.date) -> Iterator[Finding]:
    """N-5: each study of data/networks/research.csv, on its own line."""
    centres = {c.id for c in nets.centres}
    for study in nets.research:
        if nets.centres_read and study.centre not in centres:
            known = ", ".join(sorted(centres)) or f"none yet; add the centre to {CENTRES}"
            yield error(RESEARCH, study.line, RESEARCH_CENTRE,
                        f"study {study.id} names centre {study.centre!r}, which is not in {CENTRES} (known: {known})")
        if study.program not in programs and study.program not in directions:
            yield error(RESEARCH, study.line, RESEARCH_PROGRAM,
                        f"study {study.id} follows {study.program!r}, which is neither a program in programs/ "
                        f"nor a direction of the policy ({', '.join(directions)})")
        if study.ended is not None and study.ended < study.started:
            yield error(RESEARCH, study.line, RESEARCH_DATES,
                        f"study {study.id} ends on {study.ended.isoformat()}, before it starts on "
                        f"{study.started.isoformat()}")
            continue
        if study.report and not study.report.startswith("https://"):
            parts = study.report.split("/")
            if ".." in parts or not (root / "content" / study.report).is_file():
                yield error(RESEARCH, study.line, RESEARCH_REPORT_MISSING,
                            f"report {study.report!r} of study {study.id} is not a file under content/; "
                            "give a path under content/ (e.g. reports/study.pdf) or an https:// link")
        elif not study.report and study.status(today) is ResearchStatus.ENDED:
            yield warning(RESEARCH, study.line, RESEARCH_NO_REPORT,
                          f"study {study.id} ended on {study.ended.isoformat() if study.ended else ''}; "
                          "publish its report and put its https:// link or its path under content/ in 'report' "
                          "(N-5, N-6 openness)")
