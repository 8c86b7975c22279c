"""The issue forms are well-formed for GitHub — valid against GitHub's issue-forms JSON schema (SchemaStore's, as
the pinned check-jsonschema package ships it) — speak kk and ru (issue 17: every field's label in both), and each
warns that the issue is public, so no personal data is typed into it."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from .botkit import ROOT

FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
FORMS = [f for f in FORMS if f.name != "config.yml"]
TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
CYRILLIC = re.compile("[\u0400-\u04ff]")


def _schema(name: str) -> dict:  # type: ignore[type-arg]
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor").joinpath(name)
    return json.loads(vendored.read_text(encoding="utf-8"))


def _errors(schema: dict, document: object) -> list[str]:  # type: ignore[type-arg]
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_form_is_valid_against_githubs_issue_forms_schema(path: Path) -> None:
    assert _errors(_schema("github-issue-forms.json"), yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_the_schema_catches_what_github_rejects() -> None:
    """The schema is the real one: a form GitHub refuses (a dropdown without options, an unknown type) fails it."""
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-program.yml").read_text("utf-8"))
    dropdown = next(item for item in form["body"] if item["type"] == "dropdown")
    del dropdown["attributes"]["options"]
    assert _errors(_schema("github-issue-forms.json"), form)
    assert _errors(_schema("github-issue-forms.json"), {**form, "body": [{"type": "slider", "id": "x"}]})


def test_the_chooser_config_is_valid() -> None:
    config = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text("utf-8"))
    assert _errors(_schema("github-issue-config.json"), config) == []


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_every_label_is_in_kk_and_ru(path: Path) -> None:
    """Issue 17: a teacher reads the form in Kazakh or Russian: `kk / ru` labels, the name too."""
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    for label in [form["name"]] + [item["attributes"]["label"] for item in fields]:
        kk, _, ru = label.partition(" / ")
        assert CYRILLIC.search(kk) and CYRILLIC.search(ru) and kk != ru, label
    intro = " ".join(item["attributes"]["value"] for item in form["body"] if item["type"] == "markdown")
    assert "жеке деректер" in intro.lower() and "персональных данных" in intro.lower().replace(
        "персональные данные", "персональных данных")


def test_the_three_forms() -> None:
    assert [f.name for f in FORMS] == ["certificate-problem.yml", "post-course-report.yml", "propose-program.yml"]


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_form_is_well_formed_and_warns_about_personal_data(path: Path) -> None:
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and form["labels"]
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    assert {item["type"] for item in form["body"]} <= TYPES
    ids = [item["id"] for item in fields]
    labels = [item["attributes"]["label"] for item in fields]
    assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))
    for item in fields:
        if item["type"] == "dropdown":
            assert item["attributes"]["options"], f"{item['id']} has no options"
    intro = " ".join(item["attributes"]["value"] for item in form["body"] if item["type"] == "markdown")
    assert "personal data" in intro.lower()
    confirmed = any(item["type"] == "checkboxes" and item["attributes"]["options"][0]["required"] for item in fields)
    assert confirmed or path.name == "post-course-report.yml"  # a report of counts has nothing personal to ask


def test_s10_report_counts_the_kinds_of_evidence_of_s11() -> None:
    """S-10: a half-year report per organisation; S-11: the kinds of post-course events it counts."""
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "post-course-report.yml").read_text("utf-8"))
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert ids[:3] == ["organisation", "year", "half_year"]
    for kind in ("master_classes", "seminars", "webinars", "trainings", "round_tables", "conferences", "publications"):
        assert kind in ids
    half = next(item for item in form["body"] if item.get("id") == "half_year")
    assert [o.split(" (")[0] for o in half["attributes"]["options"]] == ["first", "second"]
