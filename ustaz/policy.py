"""The organisation's policy: a preset (kz-2023, kg-2013) plus overrides from data/policy.yml.

Every number of the regulation that an organisation may set differently lives here and nowhere
else (REQUIREMENTS.md "Policies"). An override may only name keys that the preset has, with a
value of the same shape, so a typo never silently falls back to the preset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import typing
import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .documents.codes import DOCUMENT_FORMAT
from .findings import Finding, define, error
from .i18n import t
from .sourcefile import LocList, LocMap, load_yaml, parse_yaml
from .vocab import HalfYear

POLICY_PRESET = define("policy-preset", "data/policy.yml names a preset that does not exist.")
POLICY_KEY = define("policy-unknown-key", "data/policy.yml overrides a key that the preset does not have.")
POLICY_TYPE = define("policy-type", "A policy value has the wrong type or shape.")
POLICY_CHECKED_AS_OF = define("policy-checked-as-of", "data/policy.yml's checked_as_of is not a date.")

PRESETS = ("kz-2023", "kg-2013")
DEFAULT_PRESET = "kz-2023"

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_T = TypeVar("_T", bound="DataclassInstance")


@dataclass(frozen=True, kw_only=True)
class Scoring:
    """C-15."""

    test_questions: int
    points_per_question: int
    test_max: int
    test_threshold: int
    attendance_max: int
    activity_max: int
    project_max: int
    pass_total: int

    @property
    def total_max(self) -> int:
        return self.test_max + self.attendance_max + self.activity_max + self.project_max


@dataclass(frozen=True, kw_only=True)
class TeacherCycle:
    """K-2: at least `hours` hours of courses in any `years` years; `ustaz teachers due` warns `notice_months` ahead."""

    years: int
    hours: int
    notice_months: int


@dataclass(frozen=True, kw_only=True)
class TestBank:
    """C-7: questions per group and language, options per question."""

    __test__ = False  # not a pytest class

    questions: int
    options: int


@dataclass(frozen=True, kw_only=True)
class CoursePreparation:
    """C-9, C-10."""

    days_before_start: int


@dataclass(frozen=True, kw_only=True)
class Diary:
    """C-12: the languages of the course diary's posts."""

    languages: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SupportDirection:
    """S-3, S-4: one entry of the checklist, its id and its title per language."""

    id: str
    titles: Mapping[str, str] = field(metadata={"rest": True})  # the entry's other keys: language → title


@dataclass(frozen=True, kw_only=True)
class Support:
    """S-1 … S-10."""

    min_months: int
    directions_min: int
    directions_max: int
    min_events: int
    report_due: tuple[str, ...]  # MM-DD, one per half-year (S-10)
    directions: tuple[SupportDirection, ...]

    @property
    def direction_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.directions)


@dataclass(frozen=True, kw_only=True)
class Monitoring:
    """M-4, M-6."""

    public_min_responses: int


@dataclass(frozen=True, kw_only=True)
class Privacy:
    """C-8, M-2. `min_cell_count` is the value as set (a value below 3 is the finding policy-min-cell-count;
    ustaz.small_cells.min_cell_count gives the value the site uses)."""

    min_cell_count: int
    public_contacts: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Network:
    """N-2."""

    partners_per_leading: int


PAGE_NUMBER_PLACES = ("bottom-center", "bottom-right", "none")
_POSITIVE = ("font_size_pt", "line_spacing", "page_width_cm", "page_height_cm", "table_font_size_pt")
_NOT_NEGATIVE = ("first_line_indent_cm", "margin_left_cm", "margin_right_cm", "margin_top_cm", "margin_bottom_cm",
                 "header_distance_cm", "footer_distance_cm")


@dataclass(frozen=True, kw_only=True)
class DocumentFormat:
    """P-7: .docx, Times New Roman 14 pt, single spacing, first-line indent 1.25 cm, margins 2.5/1.5 cm,
    header/footer 2.5 cm (the kz-2023 values; a centre may override them in data/policy.yml)."""

    font: str
    font_size_pt: float
    line_spacing: float
    first_line_indent_cm: float
    margin_left_cm: float
    margin_right_cm: float
    margin_top_cm: float
    margin_bottom_cm: float
    header_distance_cm: float
    footer_distance_cm: float
    page_width_cm: float
    page_height_cm: float
    table_font_size_pt: float
    page_numbers: str  # one of PAGE_NUMBER_PLACES

    @property
    def text_width_cm(self) -> float:
        return self.page_width_cm - self.margin_left_cm - self.margin_right_cm

    @classmethod
    def from_policy(cls, policy: Policy) -> DocumentFormat:
        return policy.document_format

    def problems(self) -> list[tuple[str, str]]:
        """(key, message) for every value that cannot make a document (the finding document-format)."""
        out: list[tuple[str, str]] = []
        for key in _POSITIVE:
            value = getattr(self, key)
            if value <= 0:
                out.append((key, t("'document_format.{key}' must be above 0, not {fmt}", key=key, fmt=_number(value))))
        for key in _NOT_NEGATIVE:
            value = getattr(self, key)
            if value < 0:
                out.append((key, t("'document_format.{key}' must not be negative, not {fmt}", key=key, fmt=_number(value))))
        if self.text_width_cm <= 0:
            out.append(("margin_left_cm", t("'document_format' margins leave no room for text: left + right must be "
                                             "less than the page width")))
        if self.page_numbers not in PAGE_NUMBER_PLACES:
            out.append(("page_numbers", t("'document_format.page_numbers' is {page_numbers!r}; use one of: {places}",
                                          page_numbers=self.page_numbers, places=", ".join(PAGE_NUMBER_PLACES))))
        return out


def _number(value: float) -> str:
    """A float as the policy wrote it: 0 for 0.0, 2.5 for 2.5."""
    return str(int(value)) if value == int(value) else str(value)


# organisation: the keys ustaz reads, checked at load (the mapping stays free for a centre's own keys)
_ORGANISATION_TEXT = ("name", "director", "address", "city", "authority")  # one string, or {language: text}
_ORGANISATION_STR = ("site_url", "logo")


@dataclass(frozen=True, eq=False)  # equal as a mapping (Mapping.__eq__): to a dict with the same entries too
class Organisation(Mapping[str, Any]):
    """The centre (data/policy.yml `organisation`): a free mapping (a centre may add its own keys, which templates
    read), checked at load for the keys ustaz reads, which the typed properties give. Text is one string for every
    language or {language: text}; a per-language property gives the single string under the key ''."""

    entries: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def _per_language(self, key: str) -> Mapping[str, str]:
        value = self.entries.get(key)
        if isinstance(value, Mapping):
            return {str(k): str(v) for k, v in value.items() if isinstance(v, str) and v.strip()}
        return {"": value} if isinstance(value, str) and value.strip() else {}

    @property
    def names(self) -> Mapping[str, str]:
        return self._per_language("name")

    @property
    def directors(self) -> Mapping[str, str]:
        return self._per_language("director")

    @property
    def addresses(self) -> Mapping[str, str]:
        return self._per_language("address")

    @property
    def cities(self) -> Mapping[str, str]:
        return self._per_language("city")

    @property
    def site_url(self) -> str:
        value = self.entries.get("site_url")
        return value.rstrip("/") if isinstance(value, str) else ""

    @property
    def logo(self) -> str:
        value = self.entries.get("logo")
        return value.strip() if isinstance(value, str) else ""

    @property
    def contacts(self) -> Mapping[str, str]:
        value = self.entries.get("contacts")
        return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, Mapping) else {}


@dataclass(frozen=True, kw_only=True)
class Policy:
    name: str
    country: str
    timezone: str
    languages: tuple[str, ...]
    program_languages: tuple[str, ...]
    directions: tuple[str, ...]
    course_hours: int
    retraining_hours: int
    literature_freshness_years: int
    discussion_working_days: int
    revision_working_days: int
    approval_working_days: int
    review_years: int
    certificate_valid_years: int
    deadline_warning_working_days: int
    teacher_cycle: TeacherCycle
    scoring: Scoring
    test_bank: TestBank
    reassessments_per_year: int
    trainer_min_experience_years: int
    iban_length: int
    max_course_hours_per_day: int
    course_preparation: CoursePreparation
    diary: Diary
    support: Support
    monitoring: Monitoring
    privacy: Privacy
    network: Network
    documents: Mapping[str, Mapping[str, str]]
    document_format: DocumentFormat
    sections: Mapping[str, tuple[str, ...]]
    # the centre: a mapping (as before) whose known keys are typed properties (organisation.names, .site_url, …)
    organisation: Organisation
    # the day the project is judged as of when no date is given (data/policy.yml `checked_as_of:`): the
    # shipped example content is dated, so the example centre pins it; a real centre leaves it out
    checked_as_of: dt.date | None = field(default=None, metadata={"not_in_preset": True})

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def teacher_cycle_years(self) -> int:
        return self.teacher_cycle.years

    @property
    def teacher_cycle_hours(self) -> int:
        return self.teacher_cycle.hours

    @property
    def test_bank_questions(self) -> int:
        return self.test_bank.questions

    @property
    def test_bank_options(self) -> int:
        return self.test_bank.options

    def section_titles(self, lang: str) -> tuple[str, ...]:
        return self.sections.get(lang, ())

    @property
    def site_url(self) -> str:
        return self.organisation.site_url

    def as_mapping(self) -> dict[str, object]:
        """The policy's values as plain data (JSON-able), as the preset spells them: what a document cache key
        digests. `checked_as_of` is not a value of the policy's documents and is left out."""
        data = dataclasses.asdict(self)
        data.pop("checked_as_of", None)
        return data

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        """A policy from a complete mapping (a preset); a value of the wrong type raises ValueError."""
        try:
            return _build(cls, data, "", None, [])
        except _Misfit as misfit:
            raise ValueError(f"{misfit.bad.dotted} must be {misfit.bad.expected}") from None


def preset_mapping(name: str) -> LocMap:
    text = resources.files("ustaz.presets").joinpath(f"{name}.yml").read_text(encoding="utf-8")
    data, findings = parse_yaml(text, f"ustaz/presets/{name}.yml")
    if findings or not isinstance(data, LocMap):  # a broken preset is our bug, not the user's
        raise RuntimeError(f"preset {name} is broken: {findings}")
    return data


def preset(name: str = DEFAULT_PRESET) -> Policy:
    return Policy.from_mapping(preset_mapping(name))


@dataclass(frozen=True)
class _Bad:
    """A value that does not fit its typed field: where (dotted key) and what was expected (a translated phrase)."""

    dotted: str
    expected: str
    value: object


class _Misfit(Exception):
    def __init__(self, bad: _Bad) -> None:
        super().__init__(bad.dotted)
        self.bad = bad


_MISSING = object()


@functools.cache
def _hints(cls: type) -> dict[str, object]:
    """A dataclass's field types, resolved once (typing.get_type_hints evaluates the annotations' text)."""
    return typing.get_type_hints(cls)


def _build(cls: type[_T], data: Mapping[str, Any], prefix: str, base: _T | None, out: list[_Bad]) -> _T:
    """An instance of the frozen dataclass `cls` from `data`, field by field. A value that does not fit its field's
    type is recorded in `out` and the field takes `base`'s value (the preset's); with no base it is an error."""
    hints = _hints(cls)
    values: dict[str, object] = {}
    known: set[str] = set()
    rest_field = None
    for f in dataclasses.fields(cls):
        if f.metadata.get("not_in_preset"):
            continue
        if f.metadata.get("rest"):
            rest_field = f
            continue
        known.add(f.name)
        dotted = f"{prefix}{f.name}"
        raw = data.get(f.name, _MISSING)
        try:
            if raw is _MISSING:
                raise _Misfit(_Bad(dotted, t("a value (the key is missing)"), None))
            values[f.name] = _value(hints[f.name], raw, dotted, getattr(base, f.name) if base is not None else None, out)
        except _Misfit as misfit:
            if base is None:  # nothing to fall back on here: the nearest enclosing field with a preset value does
                raise
            out.append(misfit.bad)
            values[f.name] = getattr(base, f.name)
    if rest_field is not None:
        rest = {k: v for k, v in data.items() if k not in known}
        try:
            values[rest_field.name] = _value(hints[rest_field.name], rest, prefix.rstrip("."), None, out)
        except _Misfit as misfit:
            if base is None:
                raise
            out.append(misfit.bad)
            values[rest_field.name] = getattr(base, rest_field.name)
    return cls(**values)


def _value(tp: object, raw: object, dotted: str, base: object, out: list[_Bad]) -> object:
    """`raw` as the type `tp` (a field's annotation), or _Misfit."""
    if tp is Organisation:
        if not isinstance(raw, Mapping):
            raise _Misfit(_Bad(dotted, t("a mapping of keys"), raw))
        return Organisation(dict(raw))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(raw, Mapping):
            raise _Misfit(_Bad(dotted, t("a mapping of keys"), raw))
        fallback = base if dataclasses.is_dataclass(base) and not isinstance(base, type) else None
        return _build(tp, raw, f"{dotted}.", fallback, out)
    if tp is bool:
        if isinstance(raw, bool):
            return raw
        raise _Misfit(_Bad(dotted, t("true or false"), raw))
    if tp is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        raise _Misfit(_Bad(dotted, t("a whole number"), raw))
    if tp is float:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
        raise _Misfit(_Bad(dotted, t("a number"), raw))
    if tp is str:
        if isinstance(raw, str):
            return raw
        raise _Misfit(_Bad(dotted, t("text"), raw))
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(raw, list):
            raise _Misfit(_Bad(dotted, t("a list"), raw))
        return tuple(_value(args[0], item, f"{dotted}[{i}]", None, out) for i, item in enumerate(raw))
    if origin is Mapping and len(args) == 2:
        if not isinstance(raw, Mapping):
            raise _Misfit(_Bad(dotted, t("a mapping of keys"), raw))
        items: dict[str, object] = {}
        for key, item in raw.items():
            if not isinstance(key, str):
                raise _Misfit(_Bad(f"{dotted}.{key}", t("a key of text"), key))
            items[key] = _value(args[1], item, f"{dotted}.{key}", None, out)
        return items
    raise TypeError(f"policy field {dotted} has an annotation the loader does not know: {tp!r}")


def _organisation_misfits(org: Mapping[str, Any]) -> list[_Bad]:
    bad: list[_Bad] = []
    for key, value in org.items():
        dotted = f"organisation.{key}"
        if key in _ORGANISATION_TEXT or key == "letterhead":
            if isinstance(value, str) or (isinstance(value, Mapping) and all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items())):
                continue
            if key == "letterhead" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                continue
            bad.append(_Bad(dotted, t("text, or text per language ({example})", example="{kk: …, ru: …}"), value))
        elif key in _ORGANISATION_STR and not isinstance(value, str):
            bad.append(_Bad(dotted, t("text"), value))
        elif key == "contacts" and not (isinstance(value, Mapping) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items())):
            bad.append(_Bad(dotted, t("a mapping of text ({example})", example="{phone: …, email: …}"), value))
    return bad


def _same_shape(base: Any, value: Any) -> bool:
    if isinstance(base, bool) or isinstance(value, bool):
        return isinstance(base, bool) and isinstance(value, bool)
    if isinstance(base, int):
        return isinstance(value, int)
    if isinstance(base, str):
        return isinstance(value, str)
    if isinstance(base, list):
        return isinstance(value, list)
    if isinstance(base, dict):
        return isinstance(value, dict)
    return True


# keys whose value is a free mapping (language → text, etc.): any sub-keys allowed
_FREE_MAPPINGS = re.compile(r"^(sections|documents(\.[a-z-]+)?|organisation(\..*)?)$")


def _merge(base: dict[str, Any], over: LocMap, shown: str, prefix: str, out: list[Finding]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        dotted = f"{prefix}{key}"
        line = over.line_of(key)
        if key not in base:
            if _FREE_MAPPINGS.match(prefix.rstrip(".")):
                merged[key] = value
                continue
            close = difflib.get_close_matches(str(key), list(base), n=1)
            hint = t("; did you mean '{prefix}{close}'?", prefix=prefix, close=close[0]) if close else t("; see the policy keys in the docs")
            out.append(error(shown, line, POLICY_KEY, t("'{dotted}' is not a policy key{hint}", dotted=dotted, hint=hint)))
            continue
        if not _same_shape(base[key], value):
            out.append(error(shown, line, POLICY_TYPE,
                             t("'{dotted}' must be a {name} like the preset's {base!r}", dotted=dotted, name=type(base[key]).__name__, base=base[key])))
            continue
        if isinstance(value, LocMap) and isinstance(base[key], dict):
            merged[key] = _merge(base[key], value, shown, f"{dotted}.", out)
        else:
            merged[key] = value
    return merged


def load_policy(root: Path) -> tuple[Policy, list[Finding]]:
    """Load data/policy.yml (missing: the default preset), typed and checked once. Never raises for bad input:
    a value that does not fit is a finding at its line and the preset's value stands."""
    path = root / "data" / "policy.yml"
    shown = "data/policy.yml"
    if not path.exists():
        return preset(DEFAULT_PRESET), []
    data, findings = load_yaml(path, shown)
    if data is None:
        return preset(DEFAULT_PRESET), findings
    if not isinstance(data, LocMap):
        return preset(DEFAULT_PRESET), [error(shown, 1, POLICY_TYPE, t("the policy must be a mapping: 'preset: kz-2023'"))]
    name = data.get("preset", DEFAULT_PRESET)
    if name not in PRESETS:
        findings.append(error(shown, data.line_of("preset"), POLICY_PRESET,
                              t("unknown preset {name!r}; use one of {presets}", name=name, presets=', '.join(PRESETS))))
        name = DEFAULT_PRESET
    base_map = preset_mapping(str(name))
    base = Policy.from_mapping(base_map)
    checked_as_of = _checked_as_of(data, shown, findings)
    overrides = LocMap({k: v for k, v in data.items() if k not in _NOT_OVERRIDES})
    overrides.line = data.line
    overrides.key_lines = data.key_lines
    merged = _merge(dict(base_map), overrides, shown, "", findings)
    bad: list[_Bad] = []
    policy = _build(Policy, merged, "", base, bad)
    org_bad = _organisation_misfits(policy.organisation)
    if org_bad:
        org = dict(policy.organisation)
        for b in org_bad:
            key = b.dotted.removeprefix("organisation.")
            if key in base.organisation:
                org[key] = base.organisation[key]
            else:
                org.pop(key, None)
        policy = replace(policy, organisation=Organisation(org))
    policy, more = _semantic(policy, base)
    for b in [*bad, *org_bad, *more]:
        findings.append(error(shown, _line_of(overrides, b.dotted), POLICY_TYPE,
                              t("'{dotted}' must be {expected}, not {value}", dotted=b.dotted, expected=b.expected,
                                value=_shown_value(b.value))))
    problems = policy.document_format.problems()
    if problems:
        for key, message in problems:
            findings.append(error(shown, _line_of(overrides, f"document_format.{key}"), DOCUMENT_FORMAT, message))
        policy = replace(policy, document_format=base.document_format)
    return replace(policy, checked_as_of=checked_as_of), findings


def _semantic(policy: Policy, base: Policy) -> tuple[Policy, list[_Bad]]:
    """Values of the right type that still cannot be used (a time zone that does not exist, a report due day that is
    no date, no language at all): each is a misfit and the preset's value stands."""
    bad: list[_Bad] = []
    if not _zone_exists(policy.timezone):
        bad.append(_Bad("timezone", t("a time zone name like {example}", example=base.timezone), policy.timezone))
        policy = replace(policy, timezone=base.timezone)
    for key in ("languages", "program_languages", "directions"):
        if not getattr(policy, key):
            bad.append(_Bad(key, t("a list of at least one value"), getattr(policy, key)))
            policy = replace(policy, **{key: getattr(base, key)})
    due = policy.support.report_due
    if len(due) != len(HalfYear) or not all(_month_day(d) for d in due):
        bad.append(_Bad("support.report_due", t("the due days of the {count} half-year reports as MM-DD, like {example}",
                                                count=len(HalfYear), example=list(base.support.report_due)), list(due)))
        policy = replace(policy, support=replace(policy.support, report_due=base.support.report_due))
    return policy, bad


def _zone_exists(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError; a path-like key a ValueError
        return False
    return True


def _month_day(text: str) -> bool:
    """MM-DD of a day that every year has (29 February is not one)."""
    if not re.fullmatch(r"\d\d-\d\d", text):
        return False
    try:
        dt.date(2023, int(text[:2]), int(text[3:]))
    except ValueError:
        return False
    return True


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _line_of(over: LocMap, dotted: str) -> int:
    """The line in data/policy.yml of a dotted key (`support.directions[1].id`), or of the nearest enclosing key
    written there (a key the override did not write has the preset's value, which is not wrong)."""
    line = over.line or 1
    node: object = over
    for key, index in _PART.findall(dotted):
        if isinstance(node, LocMap) and key and key in node:
            line = node.line_of(key) or line
            node = node[key]
        elif isinstance(node, LocList) and index and int(index) < len(node):
            line = node.line_of(int(index)) or line
            node = node[int(index)]
        else:
            break
    return line


_SHOWN_VALUE_CHARS = 60


def _shown_value(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_VALUE_CHARS else text[:_SHOWN_VALUE_CHARS] + "…"


# keys of data/policy.yml that are not overrides of the preset
_NOT_OVERRIDES = ("preset", "checked_as_of")


def _checked_as_of(data: LocMap, shown: str, findings: list[Finding]) -> dt.date | None:
    """data/policy.yml `checked_as_of: YYYY-MM-DD` (absent or empty: no fixed day)."""
    value = data.get("checked_as_of")
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    findings.append(error(shown, data.line_of("checked_as_of"), POLICY_CHECKED_AS_OF,
                          t("checked_as_of must be a date YYYY-MM-DD or left out, not {value}", value=repr(value))))
    return None
