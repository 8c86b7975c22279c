"""Leading-school networks (N-1 … N-6): roles, the 1 : N ratio, coordination centres, events, resources.

The tables' formats are checked against their Table Schemas while loading (ustaz/networks/table.py);
the rules here look across rows: a partner points at a real leading school, a leading school has at
most `network.partners_per_leading` partners, each region with a network has a coordination centre.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, define, error, warning
from ..networks.model import CENTRES, EVENTS, ORGANIZATIONS, RESOURCES, Networks
from ..vocab import REGIONS
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
CENTRE_LEADER = define("network-centre-leader", "A coordination centre names a network leader who is not in data/trainers.csv.", "N-3")
EVENT_NETWORK = define("network-unknown", "An event or resource names a network that is not a leading school.", "N-4")


@check
def networks(ctx: Context) -> Iterator[Finding]:
    nets, findings = Networks.load(ctx.root)
    yield from findings
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
    import csv

    path = root / "data" / "trainers.csv"
    if not path.exists():
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return {(row.get("id") or "").strip() for row in csv.DictReader(fh)}
    except (OSError, UnicodeDecodeError, csv.Error):
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
