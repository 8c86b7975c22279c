"""The organisation's policy: a preset (kz-2023, kg-2013) plus overrides from data/policy.yml.

Every number of the regulation that an organisation may set differently lives here and nowhere
else (REQUIREMENTS.md "Policies"). An override may only name keys that the preset has, with a
value of the same shape, so a typo never silently falls back to the preset.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .findings import Finding, define, error
from .i18n import t
from .sourcefile import LocMap, load_yaml, parse_yaml

POLICY_PRESET = define("policy-preset", "data/policy.yml names a preset that does not exist.")
POLICY_KEY = define("policy-unknown-key", "data/policy.yml overrides a key that the preset does not have.")
POLICY_TYPE = define("policy-type", "A policy value has the wrong type or shape.")
POLICY_CHECKED_AS_OF = define("policy-checked-as-of", "data/policy.yml's checked_as_of is not a date.")

PRESETS = ("kz-2023", "kg-2013")
DEFAULT_PRESET = "kz-2023"


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
    teacher_cycle_years: int
    teacher_cycle_hours: int
    scoring: Scoring
    test_bank_questions: int
    test_bank_options: int
    reassessments_per_year: int
    trainer_min_experience_years: int
    iban_length: int
    sections: Mapping[str, tuple[str, ...]]
    documents: Mapping[str, Mapping[str, str]]
    organisation: Mapping[str, Any]
    raw: Mapping[str, Any] = field(repr=False)
    # the day the project is judged as of when no date is given (data/policy.yml `checked_as_of:`): the
    # shipped example content is dated, so the example centre pins it; a real centre leaves it out
    checked_as_of: dt.date | None = None

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def section_titles(self, lang: str) -> tuple[str, ...]:
        return self.sections.get(lang, ())

    def support(self, key: str) -> Any:
        return self.raw["support"][key]

    def network(self, key: str) -> Any:
        return self.raw["network"][key]

    @property
    def site_url(self) -> str:
        return str(self.organisation.get("site_url", "")).rstrip("/")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        sc = data["scoring"]
        return cls(
            name=str(data["name"]),
            country=str(data["country"]),
            timezone=str(data["timezone"]),
            languages=tuple(data["languages"]),
            program_languages=tuple(data["program_languages"]),
            directions=tuple(data["directions"]),
            course_hours=int(data["course_hours"]),
            retraining_hours=int(data["retraining_hours"]),
            literature_freshness_years=int(data["literature_freshness_years"]),
            discussion_working_days=int(data["discussion_working_days"]),
            revision_working_days=int(data["revision_working_days"]),
            approval_working_days=int(data["approval_working_days"]),
            review_years=int(data["review_years"]),
            certificate_valid_years=int(data["certificate_valid_years"]),
            deadline_warning_working_days=int(data["deadline_warning_working_days"]),
            teacher_cycle_years=int(data["teacher_cycle"]["years"]),
            teacher_cycle_hours=int(data["teacher_cycle"]["hours"]),
            scoring=Scoring(**{k: int(v) for k, v in sc.items()}),
            test_bank_questions=int(data["test_bank"]["questions"]),
            test_bank_options=int(data["test_bank"]["options"]),
            reassessments_per_year=int(data["reassessments_per_year"]),
            trainer_min_experience_years=int(data["trainer_min_experience_years"]),
            iban_length=int(data["iban_length"]),
            sections={lang: tuple(titles) for lang, titles in data["sections"].items()},
            documents={k: dict(v) for k, v in data["documents"].items()},
            organisation=dict(data["organisation"]),
            raw=data,
        )


def preset_mapping(name: str) -> LocMap:
    text = resources.files("ustaz.presets").joinpath(f"{name}.yml").read_text(encoding="utf-8")
    data, findings = parse_yaml(text, f"ustaz/presets/{name}.yml")
    if findings or not isinstance(data, LocMap):  # a broken preset is our bug, not the user's
        raise RuntimeError(f"preset {name} is broken: {findings}")
    return data


def preset(name: str = DEFAULT_PRESET) -> Policy:
    return Policy.from_mapping(preset_mapping(name))


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
    """Load data/policy.yml (missing: the default preset). Never raises for bad input."""
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
    base = preset_mapping(str(name))
    checked_as_of = _checked_as_of(data, shown, findings)
    overrides = LocMap({k: v for k, v in data.items() if k not in _NOT_OVERRIDES})
    overrides.line = data.line
    overrides.key_lines = data.key_lines
    merged = _merge(dict(base), overrides, shown, "", findings)
    try:
        policy = Policy.from_mapping(merged)
    except (KeyError, TypeError, ValueError) as exc:
        findings.append(error(shown, 1, POLICY_TYPE, t("the policy cannot be used: {exc}", exc=exc)))
        policy = Policy.from_mapping(base)
    return replace(policy, checked_as_of=checked_as_of), findings


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
