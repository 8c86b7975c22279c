"""`ustaz deploy` (issue 22): the manifest of a built site by content hash, and what a deploy must upload and
delete since the last one — every kind of change, and hostile manifests (the last deploy's manifest is fetched
from the live site, so it is input like any other)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_ustaz

from ustaz import deploy


def _site(root: Path, files: dict[str, bytes]) -> Path:
    site = root / "site"
    for rel, data in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return site


def _deploy(cwd: Path, *args: str) -> dict[str, object]:
    done = run_ustaz("deploy", "--format", "json", *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_every_kind_of_change_is_uploaded_or_deleted_and_nothing_else(tmp_path: Path) -> None:
    first = {"index.html": b"<p>home", "verify/data/index.json": b"{}", "verify/data/00/a.bin": b"\x00" * 100,
             "verify/data/00/b.bin": b"\x01" * 50, "programs/x/index.html": b"x", "gone.html": b"bye"}
    site = _site(tmp_path, first)
    got = _deploy(tmp_path)
    assert sorted(got["upload"]) == sorted(first)  # type: ignore[arg-type]
    assert got["upload_bytes"] == sum(map(len, first.values()))
    previous = tmp_path / "previous.json"
    previous.write_bytes((site / deploy.MANIFEST_NAME).read_bytes())  # as fetched from the live site
    # a rebuild writes every file anew (new times), changes some, adds one, drops one, and leaves a link
    for path in site.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())
            os.utime(path, (1, 1))
    (site / "verify/data/00/a.bin").write_bytes(b"\x02" * 100)        # same size, other bytes
    (site / "programs/x/index.html").write_bytes(b"x, longer")           # other size
    (site / "verify/data/01").mkdir()
    (site / "verify/data/01/c.bin").write_bytes(b"new")                  # a new file in a new folder
    (site / "gone.html").unlink()                                        # a removed page
    (site / "link.html").symlink_to(tmp_path / "previous.json")          # a link: never listed
    got = _deploy(tmp_path, "--previous", str(previous), "--upload-list", "up.txt", "--delete-list", "del.txt")
    assert got["upload"] == ["programs/x/index.html", "verify/data/00/a.bin", "verify/data/01/c.bin"]
    assert got["delete"] == ["gone.html"]
    assert got["upload_bytes"] == 100 + len(b"x, longer") + 3
    assert got["unchanged"] == 3 and got["unchanged_bytes"] == len(b"<p>home") + 2 + 50
    assert (tmp_path / "up.txt").read_text().splitlines() == got["upload"]
    assert (tmp_path / "del.txt").read_text().splitlines() == ["gone.html"]
    # the new manifest describes the site as it now is: the next deploy with it uploads nothing
    again = tmp_path / "again.json"
    again.write_bytes((site / deploy.MANIFEST_NAME).read_bytes())
    got = _deploy(tmp_path, "--previous", str(again))
    assert got["upload"] == [] and got["delete"] == [] and got["unchanged"] == 6
    text = run_ustaz("deploy", "--previous", str(again), cwd=tmp_path)
    assert text.returncode == 0 and "0 file(s)" in text.stdout


HOSTILE = {
    "not-json": b"{{{",
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "list": b"[]",
    "other-format": json.dumps({"format": "ustaz-deploy/0", "files": []}).encode(),
    "files-not-list": json.dumps({"format": deploy.FORMAT, "files": {}}).encode(),
    "parent-path": json.dumps({"format": deploy.FORMAT, "files": [["../etc/passwd", "a" * 64, 1]]}).encode(),
    "absolute-path": json.dumps({"format": deploy.FORMAT, "files": [["/etc/passwd", "a" * 64, 1]]}).encode(),
    "dot-path": json.dumps({"format": deploy.FORMAT, "files": [["a/./b", "a" * 64, 1]]}).encode(),
    "backslash": json.dumps({"format": deploy.FORMAT, "files": [["a\\b", "a" * 64, 1]]}).encode(),
    "short-hash": json.dumps({"format": deploy.FORMAT, "files": [["a", "abc", 1]]}).encode(),
    "negative-size": json.dumps({"format": deploy.FORMAT, "files": [["a", "a" * 64, -1]]}).encode(),
    "bool-size": json.dumps({"format": deploy.FORMAT, "files": [["a", "a" * 64, True]]}).encode(),
    "escape-in-path": json.dumps({"format": deploy.FORMAT, "files": [["a\u001b[2Jb", "x", 1]]}).encode(),
    "not-utf8": b"\xff\xfe{}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_previous_manifest_is_a_finding_not_a_traceback(tmp_path: Path, name: str) -> None:
    _site(tmp_path, {"index.html": b"home"})
    (tmp_path / "previous.json").write_bytes(HOSTILE[name])
    done = run_ustaz("deploy", "--previous", "previous.json", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines and all(line.startswith("previous.json:") and " error " in line for line in lines), done.stderr
    assert "\x1b" not in done.stderr  # nothing of the file reaches the terminal unescaped
    assert not (tmp_path / "site" / deploy.MANIFEST_NAME).exists()  # nothing written on bad input


def test_no_site_is_exit_2(tmp_path: Path) -> None:
    done = run_ustaz("deploy", "--site-dir", "nowhere", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
