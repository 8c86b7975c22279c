"""The deliberately broken project and its complete list of findings guard the whole checker
(python/peps' pep-9002 pattern). Covers P-1, P-3, P-4, P-5, P-6, P-10, P-11, C-6 and the file-safety rules.

Every line of expected.txt was read and judged right by hand; when a check changes, update the file
only after reading the diff.
"""

from __future__ import annotations

import json

from conftest import FIXTURES, run_ustaz

BROKEN = FIXTURES / "broken"


def test_broken_project_gives_exactly_the_expected_findings() -> None:
    result = run_ustaz("check", "--today", "2026-11-23", cwd=BROKEN)
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stdout.splitlines() == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_json_and_github_formats_carry_the_same_findings() -> None:
    text = run_ustaz("check", "--today", "2026-11-23", cwd=BROKEN).stdout.splitlines()
    payload = json.loads(run_ustaz("check", "--today", "2026-11-23", "--format", "json", cwd=BROKEN).stdout)
    as_text = [f"{f['path']}:{f['line'] or 1}: {f['severity']} {f['code']}: {f['message']}" for f in payload["findings"]]
    assert as_text == text
    gh = run_ustaz("check", "--today", "2026-11-23", "--format", "github", cwd=BROKEN)
    lines = gh.stdout.splitlines()
    assert len(lines) == len(text)
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert gh.returncode == 1


def test_paths_limit_the_output_to_one_program() -> None:
    result = run_ustaz("check", "programs/dup-keys", "--today", "2026-11-23", cwd=BROKEN)
    assert result.stdout.splitlines() == [
        ("programs/dup-keys/program.yml:3: error yaml-duplicate-key: the key 'hours' appears twice "
         "(first on line 2); keep one")
    ]
    assert result.returncode == 1
