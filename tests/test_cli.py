"""The command line: exit codes 0/1/2, no traceback for any input, the scaffold, the shipped examples."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from conftest import ROOT, run_ustaz


def test_the_shipped_example_centre_is_clean() -> None:
    result = run_ustaz("check", "--today", "2026-11-23", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert " error " not in result.stdout


def test_exit_2_for_a_command_that_cannot_run(project: Path) -> None:
    result = run_ustaz("check", "--today", "23.11.2026", cwd=project)
    assert result.returncode == 2
    assert "--today '23.11.2026' is not a date; write YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_ustaz_today_environment_sets_the_default_date(project: Path) -> None:
    out = run_ustaz("deadlines", "--format", "json", cwd=project, env={"USTAZ_TODAY": "2026-12-07"}).stdout
    p9 = [d for d in json.loads(out)["deadlines"] if d["rule"] == "P-9" and d["subject"] == "digital-music"]
    assert p9[0]["status"] == "overdue"


def test_new_program_scaffold_fails_only_on_the_text_to_write(project: Path) -> None:
    """P-4: the skeleton has the ten sections in kk and ru; their text, the literature and the placeholders
    (tests/test_skeleton.py) are missing; section 10 is printed from program.yml, so nine sections per language."""
    result = run_ustaz("new", "program", "stem-lab", cwd=project)
    assert result.returncode == 0, result.stderr
    folder = project / "programs" / "stem-lab"
    assert sorted(p.name for p in folder.iterdir()) == ["program.kk.md", "program.ru.md", "program.yml"]
    check = run_ustaz("check", "--today", "2026-11-23", "programs/stem-lab", "--format", "json", cwd=project)
    codes = {f["code"] for f in json.loads(check.stdout)["findings"]}
    assert codes == {"empty-section", "no-literature", "skeleton-placeholder"}, check.stdout
    count = sum(1 for f in json.loads(check.stdout)["findings"] if f["code"] == "empty-section")
    assert count == 18
    again = run_ustaz("new", "program", "stem-lab", cwd=project)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_program_rejects_a_bad_id(project: Path) -> None:
    result = run_ustaz("new", "program", "Bad Id!", cwd=project)
    assert result.returncode == 2 and "is not a program id" in result.stderr


def test_no_traceback_for_garbage_in_any_program_file(project: Path) -> None:
    """Random bytes and random YAML-ish text in every file of a program: always findings, never a crash."""
    rng = random.Random(20261123)
    folder = project / "programs" / "robotics-basics"
    pieces = ["id:", " [", "]", "{", "}", ": ", "- ", "\n", "  ", "&a ", "*a ", "!!str ", "'", '"', "2026-13-01",
              "hours", "lifecycle", "event", "approved", "<script>", "## ", "# ", "ж", "\t", "null", "~", "0x1F"]
    for round_ in range(12):
        for name in ("program.yml", "discussion.yml", "program.kk.md"):
            if round_ % 3 == 0:
                data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
            else:
                data = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 120))).encode()
            (folder / name).write_bytes(data)
        result = run_ustaz("check", "--today", "2026-11-23", cwd=project)
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_wrong_shapes_everywhere_are_findings_not_crashes(project: Path) -> None:
    folder = project / "programs" / "robotics-basics"
    variants = [
        "- just\n- a list\n",
        "id: robotics-basics\ntitle: plain text\nmodules: {a: 1}\nliterature: [1, 2]\nlifecycle: [x]\nauthors: 5\n",
        "id: robotics-basics\nhours: eighty\nmodules:\n  - {title: {kk: a}, hours: {theory: x, practice: -1}}\n",
        ("id: robotics-basics\nlifecycle:\n  - {event: approved}\n  - {event: teleported, date: 2026-01-01}\n"
         "  - {event: expert-conclusion, date: 2026-01-02, outcome: maybe}\n"),
        "id: 12\nlanguages: [1, null]\ntitle: {kk: ''}\n",
    ]
    for text in variants:
        (folder / "program.yml").write_text(text, encoding="utf-8")
        result = run_ustaz("check", "--today", "2026-11-23", "programs/robotics-basics", cwd=project)
        assert result.returncode == 1, text
        assert "Traceback" not in result.stderr
        for line in result.stdout.splitlines():
            assert line.startswith("programs/robotics-basics/"), line


def test_missing_programs_folder_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "programs").mkdir()
    result = run_ustaz("check", cwd=tmp_path)
    assert result.returncode == 0


def test_check_from_a_subfolder_finds_the_project(project: Path) -> None:
    shutil.rmtree(project / "programs" / "eco-project-learning")
    result = run_ustaz("check", "--today", "2026-11-23", cwd=project / "programs")
    assert result.returncode == 0, result.stdout
