"""A hostile pull request's files (issue #15): directories where files belong, symlinks out of the
project and to /dev/zero, FIFOs, nesting fifty thousand deep. Each ends in a finding with its path,
never a traceback, a crash or a hang, in `ustaz check` and in `ustaz build`; nothing from outside the
project is published. The CLI runs as a subprocess with a timeout, so a segfault or a hang fails."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_ustaz
from site_fixtures import BUILD_DAY, copy_project

DEEP = 50_000
SECRET = "SECRET-OUTSIDE-THE-PROJECT"
OUTSIDE_TEXT = "# Outside\n\n" + "".join(f"## Section {n}\n\n{SECRET}\n\n" for n in range(1, 11))
PROGRAM = "programs/robotics-basics"
SECOND = "programs/digital-music"


def _replace_with_dir(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.txt").write_text("x", encoding="utf-8")


def _replace_with_symlink(path: Path, target: Path) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def _replace_with_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _deep_flow(path: Path) -> None:
    path.write_text("a: " + "[" * DEEP + "]" * DEEP + "\n", encoding="utf-8")


def _deep_block(path: Path) -> None:
    path.write_text("- " * DEEP + "x\n", encoding="utf-8")


def _outside(tmp: Path) -> Path:
    target = tmp / "outside" / "program.ru.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(OUTSIDE_TEXT, encoding="utf-8")
    return target


# each attack: (name, how to break the project, the file and the code of the finding)
Attack = tuple[str, Callable[[Path, Path], None], str, str]
ATTACKS: list[Attack] = [
    ("program.yml is a directory", lambda r, t: _replace_with_dir(r / PROGRAM / "program.yml"),
     f"{PROGRAM}/program.yml", "file-not-regular"),
    ("program.ru.md is a directory", lambda r, t: _replace_with_dir(r / PROGRAM / "program.ru.md"),
     f"{PROGRAM}/program.ru.md", "file-not-regular"),
    ("discussion.yml is a directory", lambda r, t: _replace_with_dir(r / SECOND / "discussion.yml"),
     f"{SECOND}/discussion.yml", "file-not-regular"),
    ("a register file is a directory", lambda r, t: (r / "data/certificates/2031.csv").mkdir(),
     "data/certificates/2031.csv", "file-not-regular"),
    ("program.yml is a symlink to /dev/zero",
     lambda r, t: _replace_with_symlink(r / PROGRAM / "program.yml", Path("/dev/zero")),
     f"{PROGRAM}/program.yml", "file-outside-project"),
    ("discussion.yml is a symlink to /dev/zero",
     lambda r, t: _replace_with_symlink(r / SECOND / "discussion.yml", Path("/dev/zero")),
     f"{SECOND}/discussion.yml", "file-outside-project"),
    ("a register file is a symlink to /dev/zero",
     lambda r, t: _replace_with_symlink(r / "data/certificates/2031.csv", Path("/dev/zero")),
     "data/certificates/2031.csv", "file-outside-project"),
    ("program.kk.md is a FIFO", lambda r, t: _replace_with_fifo(r / PROGRAM / "program.kk.md"),
     f"{PROGRAM}/program.kk.md", "file-not-regular"),
    ("program.ru.md leads outside the project",
     lambda r, t: _replace_with_symlink(r / PROGRAM / "program.ru.md", _outside(t)),
     f"{PROGRAM}/program.ru.md", "file-outside-project"),
    ("a program folder leads outside the project",
     lambda r, t: (shutil.move(r / SECOND, t / "moved"), (r / SECOND).symlink_to(t / "moved")),
     f"{SECOND}/program.yml", "file-outside-project"),
    ("program.yml nests 50,000 deep", lambda r, t: _deep_flow(r / PROGRAM / "program.yml"),
     f"{PROGRAM}/program.yml", "yaml-too-complex"),
    ("discussion.yml nests 50,000 deep", lambda r, t: _deep_flow(r / SECOND / "discussion.yml"),
     f"{SECOND}/discussion.yml", "yaml-too-complex"),
    ("discussion.yml chains 50,000 block sequences", lambda r, t: _deep_block(r / SECOND / "discussion.yml"),
     f"{SECOND}/discussion.yml", "yaml-too-complex"),
    ("data/calendar.yml nests 50,000 deep", lambda r, t: _deep_flow(r / "data/calendar.yml"),
     "data/calendar.yml", "yaml-too-complex"),
    ("a table schema nests 50,000 deep",
     lambda r, t: (r / "data/schemas/organizations.json").write_text("[" * DEEP + "]" * DEEP, encoding="utf-8"),
     "data/schemas/organizations.json", "table-schema"),
    ("data/datapackage.json nests 50,000 deep",
     lambda r, t: (r / "data/datapackage.json").write_text("[" * DEEP + "]" * DEEP, encoding="utf-8"),
     "data/datapackage.json", "json-syntax"),
    ("a public table is a FIFO", lambda r, t: _replace_with_fifo(r / "data/organizations.csv"),
     "data/organizations.csv", "file-not-regular"),
]


def _project(tmp: Path) -> Path:
    root = copy_project(tmp / "project")
    (root / "data/certificates").mkdir(exist_ok=True)
    return root


def _no_crash(done: object) -> None:
    returncode = done.returncode  # type: ignore[attr-defined]
    output = done.stdout + done.stderr  # type: ignore[attr-defined]
    assert returncode >= 0, f"killed by signal {signal.Signals(-returncode).name}: {output[-2000:]}"
    assert "Traceback" not in output, output[-3000:]


@pytest.mark.parametrize("attack", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_each_hostile_file_is_a_finding_in_check(tmp_path: Path, attack: Attack) -> None:
    _, breaking, shown, code = attack
    root = _project(tmp_path)
    breaking(root, tmp_path)
    done = run_ustaz("check", cwd=root, env={"USTAZ_TODAY": BUILD_DAY}, timeout=60)
    _no_crash(done)
    assert done.returncode == 1
    assert f"{shown}:" in done.stdout and f"error {code}:" in done.stdout, done.stdout[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith(f"{shown}:") and f" {code}:" in x)
    assert line.split(":")[1].isdigit()  # PATH:LINE


# attacks that touch different files, so they can all be made to one project for the build
AT_ONCE = ("program.ru.md leads outside the project", "program.kk.md is a FIFO", "discussion.yml nests 50,000 deep",
           "a register file is a symlink to /dev/zero", "data/calendar.yml nests 50,000 deep",
           "a table schema nests 50,000 deep", "a public table is a FIFO")
THIRD = "programs/eco-project-learning"


def test_build_of_a_hostile_project_leaves_every_bad_file_out_and_says_why(tmp_path: Path) -> None:
    """Many attacks at once; the build finishes within its timeout, prints the finding of each program
    file it leaves out, and publishes nothing from outside the project, search index included."""
    root = _project(tmp_path)
    chosen = [a for a in ATTACKS if a[0] in AT_ONCE]
    assert len(chosen) == len(AT_ONCE)
    for _, breaking, _, _ in chosen:
        breaking(root, tmp_path)
    _replace_with_dir(root / THIRD / "program.yml")
    expected = [(shown, code) for _, _, shown, code in chosen if shown.startswith("programs/")]
    expected.append((f"{THIRD}/program.yml", "file-not-regular"))
    site = tmp_path / "site"
    # the files are errors of the check, so the build refuses them unless told otherwise (test_build_check.py);
    # told to build anyway, it leaves them out
    done = run_ustaz("build", "--allow-errors", "--site-dir", str(site), cwd=root, env={"USTAZ_TODAY": BUILD_DAY},
                     timeout=240)
    _no_crash(done)
    assert done.returncode == 0, done.stderr[-3000:]
    for shown, code in expected:
        assert f"{shown}:1: error {code}:" in done.stderr, (shown, code, done.stderr[-3000:])
    published = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".js", ".xml", ".txt")]
    assert any(p.name == "search_index.json" for p in published)
    for page in published:
        assert SECRET not in page.read_text(encoding="utf-8", errors="replace"), page
