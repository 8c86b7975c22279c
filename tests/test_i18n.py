"""Every message a person reads in kk, ru and ky as well as English (issue #17).

The catalogues are held complete and current against the code (a new message without its translations fails
here, listing exactly what is missing); `ustaz check` on the broken fixture speaks each language, every
message being one catalogue template filled with the same values as its English twin; the language is
chosen by `--lang`, else `$USTAZ_LANG`, else the policy's first language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, USTAZ, run_ustaz

from ustaz import i18n
from ustaz.i18n_catalogues import TRANSLATED, extract, missing, placeholders, read, template_pattern

BROKEN = FIXTURES / "broken"
TODAY = ("--today", "2026-11-23")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def test_every_message_has_its_kk_ru_and_ky_translation_with_the_same_placeholders() -> None:
    problems = missing(ROOT)
    assert problems == [], "\n".join(problems)


def test_the_catalogues_hold_exactly_the_messages_of_the_code() -> None:
    """Re-extracted from the code now: a message added or reworded without its catalogue entry fails here."""
    ids = {m.id for m in extract(ROOT) if m.id}
    assert len(ids) > 500
    for lang in TRANSLATED:
        assert {m.id for m in read(lang) if m.id} == ids, lang


def test_a_new_message_is_reported_by_language_and_msgid(tmp_path: Path) -> None:
    (tmp_path / "ustaz").mkdir()
    (tmp_path / "ustaz" / "fresh.py").write_text(
        'from .i18n import t\nMESSAGE = t("a message nobody translated yet: {value}", value=1)\n', encoding="utf-8")
    problems = missing(tmp_path)
    new = [p for p in problems if "nobody translated" in p]
    assert new == [f"{lang}: no translation: 'a message nobody translated yet: {{value}}'" for lang in TRANSLATED]


def test_placeholders_compare_names_conversions_and_format_specs() -> None:
    assert placeholders("'{name}' is {value!r} of {count:04X}; {{literal}}") == {"name", "value!r", "count:04X"}
    assert placeholders("{value}") != placeholders("{value!r}")
    assert placeholders("{a} {b}") != placeholders("{a} {c}")


def test_a_translation_whose_placeholders_do_not_fit_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "catalogue", lambda lang: {"x {a}": "у {b}"} if lang == "kk" else {})
    with i18n.speaking("kk"):
        assert i18n.t("x {a}", a=1) == "x 1"
    with i18n.speaking("kk"):
        assert i18n.t("{n} error(s)", n=2) == "2 error(s)"


def test_speaking_restores_the_language_before_it() -> None:
    before = i18n.language()
    with i18n.speaking("ru"):
        assert i18n.t("{errors} error(s), {warnings} warning(s)", errors=1, warnings=2) == \
            "ошибок: 1, предупреждений: 2"
    assert i18n.language() == before


def _values(message: str, template: str) -> list[str] | None:
    m = template_pattern(template)[0].fullmatch(message)
    return list(m.groups()) if m else None


def _findings(lang: str) -> dict[tuple[str, str, str], str]:
    result = run_ustaz("check", *TODAY, "--format", "json", cwd=BROKEN, env={"USTAZ_LANG": lang})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    import json

    found = json.loads(result.stdout)["findings"]
    return {(f["path"], str(f["line"]), f["code"]): f["message"] for f in found}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_check_on_the_broken_fixture_speaks_the_chosen_language(lang: str) -> None:
    """Done-when of #17: every message of `USTAZ_LANG=kk ustaz check` is in Kazakh (ru: Russian, ky: Kyrgyz).

    Each message is matched to the English template its English twin came from; the message must be that
    template's translation filled with values, and no value may be an English message left untranslated
    (a fragment such as a reason or a hint). Values the data holds (ids, paths, a parser's own text) pass."""
    english, local = _findings("en"), _findings(lang)
    assert english.keys() == local.keys() and len(english) > 30
    catalogue = {m.id: m.string for m in read(lang) if m.id}
    templates = sorted(catalogue, key=len, reverse=True)
    for key, en_message in english.items():
        message = local[key]
        assert message != en_message, key
        matched = [tpl for tpl in templates if _values(en_message, tpl) is not None
                   and _values(message, catalogue[tpl]) is not None]
        assert matched, f"{key}: {message!r} is no {lang} template (English: {en_message!r})"
        values = _values(message, catalogue[matched[0]]) or []
        for value in values:
            untranslated = [tpl for tpl in templates if CYRILLIC.search(value) is None and re.search("[A-Za-z]{3}", tpl)
                            and len(tpl) > 8 and template_pattern(tpl)[0].fullmatch(value.lstrip("; "))]
            assert not untranslated, f"{key}: the value {value!r} is an untranslated message: {untranslated[0]!r}"
        assert CYRILLIC.search(message), key


def _without_language(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("USTAZ_LANG", "USTAZ_TODAY", "GITHUB_ACTIONS")}
    env.update(extra)
    return env


def _check(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*USTAZ, *args], cwd=BROKEN, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


def test_lang_option_overrides_the_environment_which_overrides_the_policy() -> None:
    summary = {"kk": "37 қате, 2 ескерту", "ru": "ошибок: 37, предупреждений: 2", "en": "37 error(s), 2 warning(s)"}
    # the fixture's policy is kz-2023: its first language, Kazakh, when nothing is chosen
    assert _check("check", *TODAY, env=_without_language()).stderr.strip() == summary["kk"]
    assert _check("check", *TODAY, env=_without_language(USTAZ_LANG="ru")).stderr.strip() == summary["ru"]
    assert _check("check", *TODAY, "--lang", "en", env=_without_language(USTAZ_LANG="ru")).stderr.strip() == \
        summary["en"]
    assert _check("--lang", "kk", "check", *TODAY, env=_without_language(USTAZ_LANG="ru")).stderr.strip() == \
        summary["kk"]


def test_ci_annotations_speak_the_centres_language() -> None:
    gh = _check("check", *TODAY, "--format", "github", env=_without_language(GITHUB_ACTIONS="true")).stdout
    lines = gh.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert all(CYRILLIC.search(line.split("::", 2)[2]) for line in lines)


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    result = _check("check", "--lang", "xx", env=_without_language())
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "kk" in result.stderr and "ru" in result.stderr


def test_the_catalogues_ship_with_the_package() -> None:
    """Read as committed (.po, no compile step), so a fresh clone and an installed wheel both find them."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "locale/*/LC_MESSAGES/*.po" in data["tool"]["setuptools"]["package-data"]["ustaz"]
    for lang in TRANSLATED:
        assert i18n.catalogue_path(lang).is_file()


def test_the_extraction_command_of_the_docs_runs() -> None:
    result = subprocess.run([sys.executable, "scripts/messages.py", "missing"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout


def test_no_function_shadows_t_where_it_translates() -> None:
    """A local `t` (a loop over trainers, a token type) would turn `t("…")` into a call of that value."""
    import ast

    clashes = []
    for path in sorted((ROOT / "ustaz").rglob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            nodes, todo = [], list(ast.iter_child_nodes(fn))
            while todo:  # the function's own scope: nested functions and comprehensions have theirs
                node = todo.pop()
                nodes.append(node)
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp,
                                         ast.DictComp, ast.GeneratorExp)):
                    todo.extend(ast.iter_child_nodes(node))
            binds = any(isinstance(n, ast.Name) and n.id == "t" and isinstance(n.ctx, ast.Store) for n in nodes) or \
                any(isinstance(n, ast.arg) and n.arg == "t" for n in nodes)
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "t" for n in nodes)
            if binds and calls:
                clashes.append(f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name}")
    assert not clashes, clashes


def test_a_kg_2013_centre_reads_kyrgyz_by_default(project: Path) -> None:
    """kg-2013's first language is ky: with nothing chosen, a Kyrgyz centre's check speaks Kyrgyz."""
    policy = project / "data" / "policy.yml"
    policy.write_text(re.sub(r"(?m)^preset: kz-2023$", "preset: kg-2013", policy.read_text(encoding="utf-8")),
                      encoding="utf-8")
    result = subprocess.run([*USTAZ, "check", *TODAY], cwd=project, env=_without_language(), capture_output=True,
                            text=True, timeout=300, check=False)
    assert re.fullmatch(r"\d+ ката, \d+ эскертүү", result.stderr.strip()), result.stderr
    messages = [line.split(": ", 2)[2] for line in result.stdout.splitlines() if ": " in line]
    assert messages and all(CYRILLIC.search(m) for m in messages)
