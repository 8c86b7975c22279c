"""Leading-school networks (N-1 … N-6): roles, the 1 : N ratio, coordination centres, events, resources,
the centres' monitoring research.

The tables' formats are checked against their Table Schemas while loading (ustaz/tables/rows.py);
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
from ..i18n import t
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
    nets = ctx.networks
    yield from ctx.network_findings
    programs = {Path(b.folder).name for b in ctx.project.programs} | set(ctx.project.program_map)
    yield from research_rules(nets, ctx.root, programs, tuple(ctx.policy.directions), ctx.today)
    if not nets.organizations_read:
        return
    yield from organization_rules(nets, ctx.policy.network.partners_per_leading)
    yield from centre_rules(nets, ctx.root)
    yield from event_rules(nets)


def organization_rules(nets: Networks, partners_per_leading: int) -> Iterator[Finding]:
    by_id = nets.by_id
    for org in nets.organizations:
        if org.region not in REGIONS:
            yield error(ORGANIZATIONS, org.line, UNKNOWN_REGION,
                        t("region {region!r} of {id} is not a known ISO 3166-2 code (e.g. KZ-71, KG-GB)", region=org.region, id=org.id))
        if org.is_partner:
            if not org.leading:
                yield error(ORGANIZATIONS, org.line, PARTNER_WITHOUT_LEADING,
                            t("partner school {id} must name its leading school in 'leading' (N-2)", id=org.id))
                continue
            lead = by_id.get(org.leading)
            if lead is None:
                yield error(ORGANIZATIONS, org.line, LEADING_UNKNOWN,
                            t("partner school {id} names leading school {leading!r}, which is not in {organizations}", id=org.id, leading=org.leading, organizations=ORGANIZATIONS))
            elif not lead.is_leading:
                role = lead.network_role or "not in a network"
                yield error(ORGANIZATIONS, org.line, LEADING_NOT_LEADING,
                            t("partner school {id} is attached to {id2} (line {line}), which is not a leading school ({role}); attach it to a leading school or make {id2} one", id=org.id, id2=lead.id, line=lead.line, role=role))
            elif lead.region != org.region:
                yield warning(ORGANIZATIONS, org.line, REGION_MISMATCH,
                              t("partner school {id} ({region}) belongs to leading school {id2} of another region ({region2}); a network gathers schools of one region (N-3)", id=org.id, region=org.region, id2=lead.id, region2=lead.region))
        elif org.leading:
            yield error(ORGANIZATIONS, org.line, LEADING_ON_NON_PARTNER,
                        t("{id} is not a partner school but names leading school {leading!r}; set network_role to partner or clear 'leading'", id=org.id, leading=org.leading))
    partners = nets.partners_by_leading()
    for lead in nets.leading_schools:
        mine = partners.get(lead.id, [])
        if len(mine) > partners_per_leading:
            lines = ", ".join(str(p.line) for p in mine)
            yield error(ORGANIZATIONS, lead.line, NETWORK_RATIO,
                        t("leading school {id} has {count} partner schools (lines {lines}); the policy allows at most {partners_per_leading} (N-2): attach the others to another leading school", id=lead.id, count=len(mine), lines=lines, partners_per_leading=partners_per_leading))
        elif not mine:
            yield warning(ORGANIZATIONS, lead.line, NO_PARTNERS,
                          t("leading school {id} has no partner schools yet (N-1)", id=lead.id))


def centre_rules(nets: Networks, root: Path) -> Iterator[Finding]:
    reported: set[str] = set()
    for lead in nets.leading_schools:
        if lead.region in reported or nets.centre_of(lead.region) is not None:
            continue
        reported.add(lead.region)
        # a gap in the recorded structure rather than wrong data, so a warning
        yield warning(ORGANIZATIONS, lead.line, NO_CENTRE,
                    t("leading school {id} is in {region}, which has no coordination centre; add the regional branch's centre to {centres} (N-3)", id=lead.id, region=lead.region, centres=CENTRES))
    regions = {lead.region for lead in nets.leading_schools}
    for centre in nets.centres:
        if not centre.leaders and centre.region in regions:
            yield warning(CENTRES, centre.line, CENTRE_NO_LEADERS,
                          t("centre {id} names no network leaders; list its trainers' ids of data/trainers.csv in 'leaders' (N-3: the centre's trainers lead the networks)", id=centre.id))
    trainers = _trainer_ids(root)
    if trainers is None:
        return
    for centre in nets.centres:
        for leader in centre.leaders:
            if leader not in trainers:
                yield warning(CENTRES, centre.line, CENTRE_LEADER,
                              t("network leader {leader!r} of {id} is not a trainer in data/trainers.csv", leader=leader, id=centre.id))


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
                what = t("is not in {organizations}", organizations=ORGANIZATIONS) if lead is None else t("is not a leading school (line {line})", line=lead.line)
                yield error(shown, item.line, EVENT_NETWORK,
                            t("{id} belongs to network {network!r}, which {what}; a network is named by its leading school's id (N-4)", id=item.id, network=item.network, what=what))


def research_rules(nets: Networks, root: Path, programs: set[str], directions: tuple[str, ...],
                   today: dt.date) -> Iterator[Finding]:
    """N-5: each study of data/networks/research.csv, on its own line."""
    centres = {c.id for c in nets.centres}
    for study in nets.research:
        if nets.centres_read and study.centre not in centres:
            known = ", ".join(sorted(centres)) or f"none yet; add the centre to {CENTRES}"
            yield error(RESEARCH, study.line, RESEARCH_CENTRE,
                        t("study {id} names centre {centre!r}, which is not in {centres} (known: {known})", id=study.id, centre=study.centre, centres=CENTRES, known=known))
        if study.program not in programs and study.program not in directions:
            yield error(RESEARCH, study.line, RESEARCH_PROGRAM,
                        t("study {id} follows {program!r}, which is neither a program in programs/ nor a direction of the policy ({directions})", id=study.id, program=study.program, directions=', '.join(directions)))
        if study.ended is not None and study.ended < study.started:
            yield error(RESEARCH, study.line, RESEARCH_DATES,
                        t("study {id} ends on {ended}, before it starts on {started}", id=study.id, ended=study.ended.isoformat(), started=study.started.isoformat()))
            continue
        if study.report and not study.report.startswith("https://"):
            parts = study.report.split("/")
            if ".." in parts or not (root / "content" / study.report).is_file():
                yield error(RESEARCH, study.line, RESEARCH_REPORT_MISSING,
                            t("report {report!r} of study {id} is not a file under content/; give a path under content/ (e.g. reports/study.pdf) or an https:// link", report=study.report, id=study.id))
        elif not study.report and study.status(today) is ResearchStatus.ENDED:
            yield warning(RESEARCH, study.line, RESEARCH_NO_REPORT,
                          t("study {id} ended on {value}; publish its report and put its https:// link or its path under content/ in 'report' (N-5, N-6 openness)", id=study.id, value=study.ended.isoformat() if study.ended else ''))
