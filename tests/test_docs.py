"""Docs are gates: every finding code, command and policy key is documented (STYLE.md 10)."""

from __future__ import annotations

import re

from conftest import ROOT

from ustaz.checks import load_all
from ustaz.cli import load_commands
from ustaz.cli.app import main
from ustaz.findings import CODES
from ustaz.policy import preset_mapping

REF = ROOT / "content" / "en" / "reference"


def _all_modules_imported() -> None:
    load_all()
    load_commands()
    import ustaz.calendar  # noqa: F401  (defines codes)


def test_every_finding_code_has_a_doc_entry_with_an_example() -> None:
    _all_modules_imported()
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REF / "findings").glob("*.md")))
    documented = set(re.findall(r"^### ([a-z0-9-]+)$", text, flags=re.MULTILINE))
    missing = sorted(set(CODES) - documented)
    assert not missing, f"finding codes without a doc entry: {missing}"
    stale = sorted(documented - set(CODES))
    assert not stale, f"documented codes that no check defines: {stale}"
    for code in CODES:
        assert re.search(rf"(error|warning) {re.escape(code)}: ", text), f"{code} has no example finding line"


def _commands(group, prefix="ustaz"):  # type: ignore[no-untyped-def]
    import click

    for name, cmd in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path)
        else:
            yield path


def test_every_command_is_documented() -> None:
    _all_modules_imported()
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REF / "commands").glob("*.md")))
    documented = set(re.findall(r"^## (ustaz [a-z -]+?)\s*$", text, flags=re.MULTILINE))
    missing = sorted(set(_commands(main)) - documented)
    assert not missing, f"commands without a doc section: {missing}"


def _keys(mapping, prefix=""):  # type: ignore[no-untyped-def]
    for key, value in mapping.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and key not in ("sections", "documents", "organisation"):
            yield from _keys(value, dotted + ".")
        else:
            yield dotted


def test_every_policy_key_is_documented() -> None:
    text = (REF / "policy.md").read_text(encoding="utf-8")
    for name in ("kz-2023", "kg-2013"):
        for key in _keys(preset_mapping(name)):
            assert f"`{key}`" in text, f"policy key {key} of {name} is not documented in policy.md"


def test_presets_have_the_same_keys() -> None:
    assert set(_keys(preset_mapping("kz-2023"))) == set(_keys(preset_mapping("kg-2013")))


def test_the_findings_reference_is_published_in_kk_and_ru_current_and_complete() -> None:
    """Issue #17: each code has its entry in the kk and ru reference, with its example line in that language;
    the pages are what scripts/findings_reference.py makes of the English reference and the catalogues."""
    from ustaz.findings_reference import FOLDERS, pages

    _all_modules_imported()
    generated = pages(ROOT)
    for path, text in generated.items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path} is stale: run scripts/findings_reference.py"
    cyrillic = re.compile(r"[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]")
    for lang, folder in FOLDERS.items():
        text = "\n".join(t for p, t in generated.items() if p.parent == folder)
        assert set(re.findall(r"^### ([a-z0-9-]+)$", text, flags=re.MULTILINE)) == set(CODES), lang
        examples = re.findall(r"^\S+: (?:error|warning) ([a-z0-9-]+): (.*)$", text, flags=re.MULTILINE)
        assert {code for code, _ in examples} == set(CODES), lang
        english = [f"{code}: {message}" for code, message in examples if not cyrillic.search(message)]
        assert not english, f"{lang}: examples left in English (their message is no catalogue template): {english}"
