"""Safety of input: strict UTF-8, duplicate keys, bounded aliases, no tags, impossible dates."""

from __future__ import annotations

import time
from itertools import pairwise
from pathlib import Path

from ustaz.sourcefile import MAX_FILE_BYTES, LocList, LocMap, load_yaml, parse_yaml, read_text


def codes(findings):  # type: ignore[no-untyped-def]
    return [(f.code, f.line) for f in findings]


def test_values_remember_their_lines() -> None:
    data, findings = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yml")
    assert findings == []
    assert isinstance(data, LocMap) and data.line_of("b") == 2
    assert isinstance(data["b"], LocList) and data["b"].line_of(1) == 4
    assert data["b"][1].line_of("c") == 4


def test_duplicate_keys_are_an_error_naming_both_lines() -> None:
    _, findings = parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\n", "f.yml")
    assert codes(findings) == [("yaml-duplicate-key", 4)]
    assert "first on line 3" in findings[0].message


def test_billion_laughs_is_a_finding_in_bounded_time() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopq"
    for prev, cur in pairwise(names):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 10) + "]")
    start = time.perf_counter()
    data, findings = parse_yaml("\n".join(lines) + "\n", "f.yml")
    assert time.perf_counter() - start < 2.0
    assert data is None and [f.code for f in findings] == ["yaml-too-complex"]


def test_a_few_aliases_are_fine() -> None:
    data, findings = parse_yaml("x: &x {a: 1}\ny: *x\n", "f.yml")
    assert findings == [] and data["y"] == {"a": 1}


def test_deep_nesting_is_a_finding() -> None:
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    data, findings = parse_yaml(text, "f.yml")
    assert data is None and [f.code for f in findings] == ["yaml-too-complex"]


def test_python_tags_and_merge_keys_are_refused() -> None:
    assert [f.code for f in parse_yaml("a: !!python/object/apply:os.system [ls]\n", "f")[1]] == ["yaml-tag"]
    assert [f.code for f in parse_yaml("b: &b {x: 1}\nc:\n  <<: *b\n", "f")[1]] == ["yaml-tag"]


def test_dates_stay_text_so_impossible_dates_become_findings() -> None:
    data, findings = parse_yaml("d: 2026-02-30\n", "f.yml")
    assert findings == [] and data["d"] == "2026-02-30"


def test_syntax_error_has_a_line() -> None:
    _, findings = parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "f.yml")
    assert [f.code for f in findings] == ["yaml-syntax"] and findings[0].line == 3


def test_non_utf8_is_a_finding_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "f.md"
    path.write_bytes("жол 1\nжол 2\n".encode() + "кириллица".encode("cp1251") + b"\n")
    text, findings = read_text(path, "f.md")
    assert text is None and codes(findings) == [("encoding", 3)]


def test_bom_is_tolerated_and_nul_is_not(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(tmp_path / "a.yml", "a.yml") == ({"a": 1}, [])
    (tmp_path / "b.yml").write_bytes(b"a: 1\nb: \x00\n")
    assert codes(load_yaml(tmp_path / "b.yml", "b.yml")[1]) == [("encoding", 2)]


def test_oversized_files_are_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    assert [f.code for f in load_yaml(path, "big.yml")[1]] == ["file-too-large"]
