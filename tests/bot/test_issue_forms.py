"""The issue forms are well-formed for GitHub (unique ids and labels, known field types, options for
dropdowns) and each warns that the issue is public, so no personal data is typed into it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .botkit import ROOT

FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
FORMS = [f for f in FORMS if f.name != "config.yml"]
TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


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
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    assert labels[:3] == ["Organisation", "Year", "Half-year"]
    for kind in ("Master classes", "Seminars", "Webinars", "Trainings", "Round tables", "Conferences", "Publications"):
        assert kind in labels
    half = next(item for item in form["body"] if item.get("id") == "half_year")
    assert [o.split(" (")[0] for o in half["attributes"]["options"]] == ["first", "second"]
