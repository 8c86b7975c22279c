"""The network tables loaded once into frozen records (N-1 … N-5).

`data/organizations.csv` (contract: id, name_kk, name_ru, region, locality, network_role, leading),
`data/networks/centres.csv`, `data/networks/events.csv`, `data/networks/resources.csv`,
`data/networks/research.csv` (N-5), each read against its Table Schema in `data/schemas/`.
A missing table is an empty one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..findings import Finding, error
from ..i18n import t
from ..tables.rows import TABLE_ROW, TABLE_SCHEMA, TABLE_UNIQUE, TABLE_VALUE, Row, TableSchema, read_table
from ..vocab import NetworkRole, ResearchStatus

ORGANIZATIONS = "data/organizations.csv"
CENTRES = "data/networks/centres.csv"
EVENTS = "data/networks/events.csv"
RESOURCES = "data/networks/resources.csv"
RESEARCH = "data/networks/research.csv"
SCHEMA_OF = {ORGANIZATIONS: "organizations", CENTRES: "network-centres", EVENTS: "network-events",
             RESOURCES: "network-resources", RESEARCH: "network-research"}


def _localized(kk: str, ru: str, lang: str) -> str:
    # the tables carry kk and ru; ky and en pages show the Russian text
    return kk if lang == "kk" else ru


@dataclass(frozen=True, kw_only=True)
class Organization:
    id: str
    name_kk: str
    name_ru: str
    region: str
    locality: str
    network_role: str  # leading | partner | "" (not in a network)
    leading: str  # a partner's leading school id
    line: int

    def name(self, lang: str) -> str:
        return _localized(self.name_kk, self.name_ru, lang)

    @property
    def is_leading(self) -> bool:
        return self.network_role == NetworkRole.LEADING.value

    @property
    def is_partner(self) -> bool:
        return self.network_role == NetworkRole.PARTNER.value

    @classmethod
    def from_row(cls, row: Row) -> Organization:
        return cls(id=row.get("id"), name_kk=row.get("name_kk"), name_ru=row.get("name_ru"),
                   region=row.get("region"), locality=row.get("locality"),
                   network_role=row.get("network_role") or "", leading=row.get("leading") or "", line=row.line)


@dataclass(frozen=True, kw_only=True)
class Centre:
    id: str
    region: str
    name_kk: str
    name_ru: str
    leaders: tuple[str, ...]
    line: int

    def name(self, lang: str) -> str:
        return _localized(self.name_kk, self.name_ru, lang)

    @classmethod
    def from_row(cls, row: Row) -> Centre:
        return cls(id=row.get("id"), region=row.get("region"), name_kk=row.get("name_kk"),
                   name_ru=row.get("name_ru"), leaders=tuple((row.get("leaders") or "").split()), line=row.line)


@dataclass(frozen=True, kw_only=True)
class NetworkEvent:
    id: str
    network: str
    kind: str
    date: dt.date
    title_kk: str
    title_ru: str
    participants: int | None
    url: str
    line: int

    def title(self, lang: str) -> str:
        return _localized(self.title_kk, self.title_ru, lang)

    @classmethod
    def from_row(cls, row: Row) -> NetworkEvent:
        return cls(id=row.get("id"), network=row.get("network"), kind=row.get("kind"), date=row.get("date"),
                   title_kk=row.get("title_kk"), title_ru=row.get("title_ru"),
                   participants=row.get("participants"), url=row.get("url") or "", line=row.line)


@dataclass(frozen=True, kw_only=True)
class Resource:
    id: str
    network: str
    kind: str
    title_kk: str
    title_ru: str
    url: str
    line: int

    def title(self, lang: str) -> str:
        return _localized(self.title_kk, self.title_ru, lang)

    @classmethod
    def from_row(cls, row: Row) -> Resource:
        return cls(id=row.get("id"), network=row.get("network"), kind=row.get("kind"),
                   title_kk=row.get("title_kk"), title_ru=row.get("title_ru"), url=row.get("url"), line=row.line)


@dataclass(frozen=True, kw_only=True)
class Study:
    """A coordination centre's monitoring study of how trained teachers adapt the key ideas (N-5)."""

    id: str
    centre: str
    title_kk: str
    title_ru: str
    program: str  # a program id or a P-1 direction code
    method: str
    started: dt.date
    ended: dt.date | None
    teachers: int | None
    report: str
    line: int

    def title(self, lang: str) -> str:
        return _localized(self.title_kk, self.title_ru, lang)

    def status(self, today: dt.date) -> ResearchStatus:
        if self.started > today:
            return ResearchStatus.PLANNED
        if self.ended is None or self.ended > today:
            return ResearchStatus.RUNNING
        return ResearchStatus.ENDED

    @classmethod
    def from_row(cls, row: Row) -> Study:
        return cls(id=row.get("id"), centre=row.get("centre"), title_kk=row.get("title_kk"),
                   title_ru=row.get("title_ru"), program=row.get("program"), method=row.get("method"),
                   started=row.get("started"), ended=row.get("ended"), teachers=row.get("teachers"),
                   report=row.get("report") or "", line=row.line)


@dataclass(frozen=True, kw_only=True)
class Networks:
    organizations: tuple[Organization, ...]
    centres: tuple[Centre, ...]
    events: tuple[NetworkEvent, ...]
    resources: tuple[Resource, ...]
    research: tuple[Study, ...] = ()
    centres_read: bool = True  # False: data/networks/centres.csv could not be read
    organizations_read: bool = True  # False: the table could not be read, so cross-table rules stay quiet

    @property
    def by_id(self) -> Mapping[str, Organization]:
        return {o.id: o for o in self.organizations}

    @property
    def leading_schools(self) -> list[Organization]:
        return [o for o in self.organizations if o.is_leading]

    def partners_by_leading(self) -> dict[str, list[Organization]]:
        out: dict[str, list[Organization]] = {}
        for o in self.organizations:
            if o.is_partner and o.leading:
                out.setdefault(o.leading, []).append(o)
        return out

    def centre_of(self, region: str) -> Centre | None:
        return next((c for c in self.centres if c.region == region), None)

    def events_of(self, network: str) -> list[NetworkEvent]:
        return sorted((e for e in self.events if e.network == network), key=lambda e: (e.date, e.id))

    def resources_of(self, network: str) -> list[Resource]:
        return [r for r in self.resources if r.network == network]

    def research_of(self, centre: str) -> list[Study]:
        """A centre's studies, the latest first."""
        return sorted((s for s in self.research if s.centre == centre), key=lambda s: (s.started, s.id), reverse=True)

    @classmethod
    def load(cls, root: Path) -> tuple[Networks, list[Finding]]:
        findings: list[Finding] = []
        rows: dict[str, list[Row]] = {}
        unreadable: set[str] = set()
        for shown in SCHEMA_OF:
            count = len(findings)
            rows[shown] = _rows(root, shown, findings)
            # a finding about the file or its schema (not about one row) means the table was not read
            if any(f.code not in (TABLE_VALUE, TABLE_UNIQUE, TABLE_ROW) for f in findings[count:]):
                unreadable.add(shown)
        return cls(
            organizations_read=ORGANIZATIONS not in unreadable,
            centres_read=CENTRES not in unreadable,
            organizations=tuple(Organization.from_row(r) for r in rows[ORGANIZATIONS]),
            centres=tuple(Centre.from_row(r) for r in rows[CENTRES]),
            events=tuple(NetworkEvent.from_row(r) for r in rows[EVENTS]),
            resources=tuple(Resource.from_row(r) for r in rows[RESOURCES]),
            research=tuple(Study.from_row(r) for r in rows[RESEARCH]),
        ), findings


def _rows(root: Path, shown: str, findings: list[Finding]) -> list[Row]:
    path = root / shown
    if not path.exists():
        return []
    name = SCHEMA_OF[shown]
    schema_shown = f"data/schemas/{name}.json"
    project_schema = root / schema_shown
    try:
        if project_schema.exists():  # the project's published contract
            schema = TableSchema.from_file(project_schema, schema_shown)
        else:  # a project that does not publish the schemas (e.g. a single school) uses ustaz's own
            with resources.as_file(resources.files("ustaz.networks.schemas").joinpath(f"{name}.json")) as own:
                schema = TableSchema.from_file(own)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        findings.append(error(schema_shown, None, TABLE_SCHEMA, t("the Table Schema cannot be read: {exc}", exc=exc)))
        return []
    rows, more = read_table(path, shown, schema)
    findings.extend(more)
    return rows
