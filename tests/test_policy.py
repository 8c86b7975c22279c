"""Policies: presets hold the regulation's numbers (C-6, K-1, C-15, P-6, P-9, P-10, P-11, C-20)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from ustaz.policy import PRESETS, load_policy, preset, preset_mapping


def test_kz_2023_preset_numbers_from_order_10() -> None:
    p = preset("kz-2023")
    assert (p.course_hours, p.discussion_working_days, p.revision_working_days, p.approval_working_days) == (80, 10, 15, 3)
    assert (p.review_years, p.certificate_valid_years, p.literature_freshness_years) == (3, 3, 5)
    s = p.scoring
    assert (s.test_max, s.test_threshold, s.attendance_max, s.activity_max, s.project_max, s.pass_total) == (40, 20, 10, 10, 40, 50)
    assert s.total_max == 100 and s.test_questions * s.points_per_question == s.test_max
    assert len(p.directions) == 7 and p.country == "KZ" and p.default_language == "kk"
    for lang in ("kk", "ru", "ky", "en"):
        assert len(p.section_titles(lang)) == 10


def test_kg_2013_preset_k1_72_hours_and_kyrgyz_calendar() -> None:
    p = preset("kg-2013")
    assert p.course_hours == 72 and p.country == "KG" and p.default_language == "ky"
    assert p.teacher_cycle_years == 5 and p.teacher_cycle_hours == 72


def _write(root: Path, text: str) -> None:
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "policy.yml").write_text(text, encoding="utf-8")


def test_overrides_merge_into_the_preset(tmp_path: Path) -> None:
    _write(tmp_path, "preset: kz-2023\ncourse_hours: 72\nscoring: {pass_total: 60}\n")
    p, findings = load_policy(tmp_path)
    assert findings == []
    assert p.course_hours == 72 and p.scoring.pass_total == 60 and p.scoring.test_max == 40


def test_unknown_keys_and_wrong_types_are_findings(tmp_path: Path) -> None:
    _write(tmp_path, "preset: kz-2023\ncourse_hour: 72\nscoring: {pass_total: many}\ndirections: music\n")
    p, findings = load_policy(tmp_path)
    assert [(f.code, f.line) for f in findings] == [
        ("policy-unknown-key", 2), ("policy-type", 3), ("policy-type", 4)]
    assert "did you mean 'course_hours'" in findings[0].message
    assert p.course_hours == 80  # the preset's value stands


def test_unknown_preset(tmp_path: Path) -> None:
    _write(tmp_path, "preset: kz-2030\n")
    p, findings = load_policy(tmp_path)
    assert [f.code for f in findings] == ["policy-preset"] and p.name == "kz-2023"


def test_no_policy_file_means_the_default_preset(tmp_path: Path) -> None:
    p, findings = load_policy(tmp_path)
    assert findings == [] and p.name == "kz-2023"


# --- issue #20: the typed policy. Every key of both presets has a typed attribute, and every leaf is checked at load.

def _leaves(data: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(key path, value) of every leaf of a preset: a scalar or a list (a mapping is walked into)."""
    for key, value in data.items():
        if isinstance(value, Mapping):
            yield from _leaves(value, (*prefix, key))
        else:
            yield (*prefix, key), value


def _typed(obj: object, key: str) -> object:
    """The typed value under a preset key: a dataclass field, a free mapping's entry, or (support directions)
    the field that gathers an entry's other keys."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, Mapping):
        names = {f.name for f in dataclasses.fields(obj)}
        if key in names:
            return getattr(obj, key)
        rest = [f.name for f in dataclasses.fields(obj) if f.metadata.get("rest")]
        assert rest, f"the preset key {key!r} has no typed attribute on {type(obj).__name__}"
        return getattr(obj, rest[0])[key]
    assert isinstance(obj, Mapping), f"{key!r}: {obj!r} is neither a dataclass nor a free mapping"
    return obj[key]


def _same(preset_value: Any, typed: object, where: str) -> None:
    if isinstance(preset_value, Mapping):
        for key, value in preset_value.items():
            _same(value, _typed(typed, key), f"{where}.{key}")
        if dataclasses.is_dataclass(typed) and not isinstance(typed, Mapping):  # no typed field the preset lacks
            for f in dataclasses.fields(typed):
                if not f.metadata.get("rest") and not f.metadata.get("not_in_preset"):
                    assert f.name in preset_value, f"{where}.{f.name} is a typed field the preset does not have"
    elif isinstance(preset_value, list):
        assert isinstance(typed, tuple) and len(typed) == len(preset_value), where
        for i, (value, item) in enumerate(zip(preset_value, typed)):
            _same(value, item, f"{where}[{i}]")
    else:
        assert typed == preset_value and type(typed) is type(preset_value) or (
            isinstance(preset_value, int) and type(typed) is float and typed == preset_value), (where, typed, preset_value)


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_key_is_a_typed_attribute(name: str) -> None:
    """Issue #20: the loaded Policy gives each preset value through a typed attribute (a new preset key without a
    typed field fails here, and so does a typed field no preset fills)."""
    _same(preset_mapping(name), preset(name), name)
    assert preset(name).privacy.min_cell_count == 3 and preset(name).support.direction_ids[0] == "methodological-consulting"


def _wrong(value: Any) -> list[str]:
    """YAML texts of values of the wrong type for a leaf like `value` (for a list, also one with a wrong item)."""
    if isinstance(value, bool):
        return ["maybe-not"]
    if isinstance(value, int):
        return ["many", "2.5"]
    if isinstance(value, float):
        return ["wide", "[1]"]
    if isinstance(value, str):
        return ["[1, 2]", "{a: b}"]
    assert isinstance(value, list), value
    item = "[plain]" if value and isinstance(value[0], Mapping) else "[{wrong: 1}]"
    return ["{wrong: 1}", item]


def _override(name: str, path: tuple[str, ...], text: str) -> tuple[str, int]:
    lines = [f"preset: {name}"] + [f"{'  ' * i}{key}:" for i, key in enumerate(path[:-1])]
    lines.append(f"{'  ' * (len(path) - 1)}{path[-1]}: {text}")
    return "\n".join(lines) + "\n", len(lines)


@pytest.mark.parametrize("name", PRESETS)
def test_every_leaf_of_a_wrong_type_is_policy_type_at_its_line(tmp_path: Path, name: str) -> None:
    """Issue #20 (and the policy rule of REQUIREMENTS "Policies"): overriding any leaf key of either preset with a
    value of the wrong type is `policy-type` at that key's line, and the preset's value stands."""
    base = preset(name)
    tried = 0
    for path, value in _leaves(preset_mapping(name)):
        for text in _wrong(value):
            yml, line = _override(name, path, text)
            _write(tmp_path, yml)
            policy, findings = load_policy(tmp_path)
            assert [(f.code, f.line) for f in findings] == [("policy-type", line)], (path, text, findings)
            assert ".".join(path) in findings[0].message, findings[0].message
            here: object = policy
            there: object = base
            for key in path:
                here, there = _typed(here, key), _typed(there, key)
            assert here == there, (path, text)
            tried += 1
    assert tried > 100  # both presets have well over fifty leaves


def test_document_format_values_are_checked_at_load(tmp_path: Path) -> None:
    """P-7: a document_format value that cannot make a document is `document-format` at its line when the policy
    loads, and the preset's format is used."""
    _write(tmp_path, "preset: kz-2023\ndocument_format:\n  font_size_pt: 0\n  margin_right_cm: -1\n  page_numbers: top\n")
    policy, findings = load_policy(tmp_path)
    assert [(f.code, f.line) for f in findings] == [("document-format", 3), ("document-format", 4),
                                                    ("document-format", 5)]
    assert policy.document_format == preset("kz-2023").document_format
    _write(tmp_path, "preset: kz-2023\ndocument_format:\n  font: Arial\n  line_spacing: 1\n")
    policy, findings = load_policy(tmp_path)
    assert findings == [] and policy.document_format.font == "Arial" and policy.document_format.line_spacing == 1.0


def test_organisation_keys_ustaz_reads_are_checked(tmp_path: Path) -> None:
    """The centre's name, contacts, logo…: a free mapping, but the keys ustaz reads must have a usable shape."""
    _write(tmp_path, "preset: kz-2023\norganisation:\n  contacts: [1]\n  logo: {a: b}\n  letterhead: [a, b]\n"
                     "  motto: anything\n")
    policy, findings = load_policy(tmp_path)
    assert [(f.code, f.line) for f in findings] == [("policy-type", 3), ("policy-type", 4)]
    assert "contacts" not in policy.organisation and "logo" not in policy.organisation
    assert policy.organisation["letterhead"] == ["a", "b"] and policy.organisation["motto"] == "anything"
    assert policy.organisation.contacts == {} and policy.organisation.logo == ""


def test_organisation_typed_properties(tmp_path: Path) -> None:
    """The centre's values ustaz reads are typed properties; the mapping stays readable as before."""
    _write(tmp_path, "preset: kz-2023\norganisation:\n  name: {kk: Орталық, ru: Центр}\n  address: Астана\n"
                     "  site_url: https://centre.example/ustaz/\n  logo: ' data/logo.png '\n"
                     "  contacts: {phone: '+77001234567'}\n")
    policy, findings = load_policy(tmp_path)
    org = policy.organisation
    assert findings == [] and org.names == {"kk": "Орталық", "ru": "Центр", "en": "Centre"} and org.addresses == {"": "Астана"}
    assert org.site_url == policy.site_url == "https://centre.example/ustaz" and org.logo == "data/logo.png"
    assert org.contacts == {"phone": "+77001234567"} and org["name"]["kk"] == "Орталық" and org.get("city") is None
    assert set(org) >= set(preset("kz-2023").organisation) and org.directors == {}  # the preset's "" is no text


def test_support_direction_typo_in_a_nested_key_is_found(tmp_path: Path) -> None:
    """S-4: a typo in a nested key is `policy-unknown-key` at its line, with a did-you-mean."""
    _write(tmp_path, "preset: kz-2023\nsupport:\n  min_event: 4\n")
    policy, findings = load_policy(tmp_path)
    assert [(f.code, f.line) for f in findings] == [("policy-unknown-key", 3)]
    assert "support.min_events" in findings[0].message and policy.support.min_events == 3


@pytest.mark.parametrize("text", [
    "support: {directions: [{id: 1, kk: [x]}]}",
    "support:\n  directions:\n    - plain\n",
    "sections: {kk: x}",
    "sections: {kk: [[a]]}",
    "sections: {xx: [1, 2]}",
    "documents: {new: {kk: 1}}",
    "organisation: {name: {kk: {deep: 1}}}",
    "organisation: {name: {xx: [1]}}",
    "organisation: [1]",
    "document_format: {page_numbers: 5}",
    "document_format: {margin_left_cm: 30}",
    "scoring: null",
    "diary: {languages: [kk, {x: 1}]}",
    "privacy: {public_contacts: [[1]]}",
    "teacher_cycle: {years: true}",
    "timezone: ../../etc/passwd",
    "timezone: Mars/Olympus_Mons",
    "languages: []",
    "support: {report_due: ['13-40', '10-01']}",
    "support: {report_due: ['06-01']}",
])
def test_hostile_policy_values_are_findings_never_tracebacks(tmp_path: Path, text: str) -> None:
    """Every input is hostile: a value of any wrong shape is a finding at a line, and the policy stays usable."""
    _write(tmp_path, f"preset: kz-2023\n{text}\n")
    policy, findings = load_policy(tmp_path)
    assert findings and {f.code for f in findings} <= {"policy-type", "policy-unknown-key", "document-format"}, findings
    assert all(f.line and f.line >= 2 for f in findings), findings
    if "support" not in text:
        _same(preset_mapping("kz-2023")["support"], policy.support, "support")  # untouched parts are the preset's
    assert policy.languages and policy.timezone == "Asia/Almaty" and len(policy.support.report_due) == 2
    assert all(isinstance(x, str) for titles in policy.sections.values() for x in titles)
    assert all(isinstance(v, str) for names in policy.documents.values() for v in names.values())
    assert policy.document_format.text_width_cm > 0 and isinstance(policy.organisation, Mapping)
