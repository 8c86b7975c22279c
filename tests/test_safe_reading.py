"""The safe reader (sourcefile.read_bytes) and the nesting measure (nesting.py), in process (#15)."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from ustaz.nesting import json_too_deep, yaml_too_deep
from ustaz.sourcefile import MAX_DEPTH, MAX_SCAN_DEPTH, parse_json, parse_yaml, read_bytes, read_text, rel, tree_of


def codes(findings):  # type: ignore[no-untyped-def]
    return [f.code for f in findings]


def test_a_regular_file_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f.yml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "a" / "link.yml").symlink_to("f.yml")  # a symlink that stays inside is followed
    assert read_text(tmp_path / "a" / "f.yml", "a/f.yml") == ("x: 1\n", [])
    assert read_text(tmp_path / "a" / "link.yml", "a/link.yml") == ("x: 1\n", [])


def test_the_tree_is_told_by_the_shown_name(tmp_path: Path) -> None:
    assert tree_of(tmp_path / "programs" / "x" / "program.yml", "programs/x/program.yml") == tmp_path
    assert tree_of(tmp_path / "x.yml", "/abs/x.yml") is None
    assert tree_of(tmp_path / "x.yml", "other/x.yml") is None
    assert tree_of(tmp_path / "x.yml", "../x.yml") is None


def test_rel_keeps_a_symlinks_own_name(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "f").symlink_to("/etc/hostname")
    assert rel(tmp_path / "p" / "f", tmp_path) == "p/f"


@pytest.mark.parametrize("kind", ["directory", "fifo", "socket", "broken symlink"])
def test_what_is_not_a_regular_file_is_refused_without_opening_it(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "f.csv"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # opening it to read would block until a writer comes
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    else:
        path.symlink_to(tmp_path / "missing")
    start = time.perf_counter()
    text, findings = read_text(path, "f.csv")
    assert time.perf_counter() - start < 2
    assert text is None and codes(findings) == ["file-not-regular"]
    assert findings[0].path == "f.csv"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_even_inside_the_tree(device: str) -> None:
    """With the whole file system as the tree, /dev/zero is inside: its kind still refuses it (it reports
    size 0 and never ends)."""
    start = time.perf_counter()
    raw, findings = read_bytes(Path(device), device.lstrip("/"), within=Path("/"))
    assert time.perf_counter() - start < 2
    assert raw is None and codes(findings) == ["file-not-regular"] and "device" in findings[0].message


def test_a_symlink_or_a_symlinked_folder_leading_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "f.md").write_text("## heading\n", encoding="utf-8")
    root = tmp_path / "project"
    (root / "programs").mkdir(parents=True)
    (root / "programs" / "f.md").symlink_to(outside / "f.md")
    (root / "programs" / "dir").symlink_to(outside)
    (root / "programs" / "up.md").symlink_to("../../outside/f.md")
    for shown in ("programs/f.md", "programs/dir/f.md", "programs/up.md"):
        text, findings = read_text(root / shown, shown)
        assert text is None and codes(findings) == ["file-outside-project"], shown
        assert str(outside) not in findings[0].message  # the machine's paths stay out of the log


def test_a_private_file_stays_inside_the_private_tree(tmp_path: Path) -> None:
    private = tmp_path / "project" / "private"
    (private / "cohorts").mkdir(parents=True)
    (tmp_path / "project" / "data.csv").write_text("a\n", encoding="utf-8")
    (private / "cohorts" / "listeners.csv").symlink_to(tmp_path / "project" / "data.csv")
    path = private / "cohorts" / "listeners.csv"
    assert read_text(path, "private/cohorts/listeners.csv")[0] == "a\n"  # inside the project
    text, findings = read_text(path, "private/cohorts/listeners.csv", within=private)
    assert text is None and codes(findings) == ["file-outside-project"]


def test_reading_stops_past_the_limit_whatever_the_size_says(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"x" * 5000)
    assert read_bytes(path, "big.yml", limit=5000) == (b"x" * 5000, [])
    raw, findings = read_bytes(path, "big.yml", limit=4999)
    assert raw is None and codes(findings) == ["file-too-large"]


def _real_depth(root: yaml.Node) -> int:
    """The depth of the node tree, each node counted once (aliases make it a graph: billion laughs)."""
    height: dict[int, int] = {}

    def walk(node: yaml.Node) -> int:
        if id(node) not in height:
            children: list[yaml.Node] = []
            if isinstance(node, yaml.MappingNode):
                children = [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            height[id(node)] = 1 + max((walk(c) for c in children), default=0)
        return height[id(node)]

    return walk(root)


def _estimate(text: str) -> int:
    """The smallest limit the measure lets the text pass (a binary search)."""
    padded = text + " " * 300
    low, high = 0, 300
    while low < high:
        mid = (low + high) // 2
        if yaml_too_deep(padded, mid) is None:
            high = mid
        else:
            low = mid + 1
    return low


def test_the_measure_never_exceeds_the_real_depth_of_any_shipped_yaml() -> None:
    """No false alarm: for every YAML file of the repository (programs, data, fixtures, presets) the
    measure is at most the real depth, so a good file never meets the limit."""
    listed = subprocess.run(["git", "ls-files", "*.yml", "*.yaml"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    files = [str(ROOT / name) for name in listed]
    assert len(files) > 20
    for name in files:
        text = Path(name).read_text(encoding="utf-8-sig")
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue
        if node is not None:
            assert _estimate(text) <= _real_depth(node), name


def test_brackets_in_quotes_comments_block_scalars_and_plain_text_are_letters() -> None:
    text = ("a: |\n  [[[[[[ [[[[\n  {{{{\nb: \"[[[[[\"\nc: '[[[''[['\nd: x [[[[[[ # [[[[\n"
            "e: [1, \"]]]\", [2]]  # [[[[\nf: \"multi\n  [[[[[ line\"\n")
    assert _estimate(text) <= _real_depth(yaml.compose(text))


@pytest.mark.parametrize("shape", ["flow", "mapping", "block", "chain", "mixed"])
def test_deep_nesting_is_caught_before_parsing_with_its_line(shape: str) -> None:
    rng = random.Random(shape)
    n = rng.randint(MAX_SCAN_DEPTH + 1, 60_000)
    text = {
        "flow": "ok: 1\na: " + "[" * n + "]" * n,
        "mapping": "ok: 1\na: " + "{b: " * n + "}" * n,
        "block": "ok: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(min(n, 3000))) + " " * 3000 + "x: 1\n",
        "chain": "ok: 1\n" + "- " * n + "x\n",
        "mixed": "ok: 1\na:\n  - " + "- " * (n // 2) + "[" * n + "]" * n,
    }[shape]
    start = time.perf_counter()
    data, findings = parse_yaml(text, "f.yml")
    assert time.perf_counter() - start < 5
    assert data is None and codes(findings) == ["yaml-too-complex"]
    assert findings[0].line is not None and findings[0].line >= 2


def test_nesting_between_the_model_limit_and_the_measure_is_still_a_finding() -> None:
    n = (MAX_DEPTH + MAX_SCAN_DEPTH) // 2
    data, findings = parse_yaml("a: " + "[" * n + "]" * n, "f.yml")
    assert data is None and codes(findings) == ["yaml-too-complex"]


def test_the_pure_parser_recursion_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml the pure parser recurses in Python: a RecursionError is a finding, not a crash."""
    import ustaz.sourcefile as sf

    monkeypatch.setattr(sf, "_FastLoader", sf._Loader)
    monkeypatch.setattr(sf, "MAX_SCAN_DEPTH", 10**9)
    monkeypatch.setattr("ustaz.sourcefile.yaml_too_deep", lambda text, limit: None)
    n = 5000
    data, findings = sf.parse_yaml("a: " + "[" * n + "]" * n, "f.yml")
    assert data is None and codes(findings) == ["yaml-too-complex"]


def test_json_nesting_is_bounded_and_strings_do_not_count() -> None:
    assert json_too_deep('["[[[[[[[[[[\\"[[[[["]' + " " * 50, 2) is None
    n = 50_000
    data, findings = parse_json("[" * n + "]" * n, "f.json")
    assert data is None and codes(findings) == ["json-syntax"]
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(ok, "f.json")[1] == []
    assert codes(parse_json('{"a": }', "f.json")[1]) == ["json-syntax"]
