"""A private tree names the project it belongs to; another project refuses it (issue 23)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, run_ustaz

from ustaz.ids import make_iin

KZ_TREE = ROOT / "examples/private"


def test_the_kyrgyz_school_refuses_the_kazakh_private_tree(tmp_path: Path) -> None:
    school = tmp_path / "kg-school"
    shutil.copytree(ROOT / "examples/kg-school", school)
    tree = tmp_path / "kz-private"
    shutil.copytree(KZ_TREE, tree)
    env = {"USTAZ_PRIVATE": str(tree)}
    check = run_ustaz("check", "--today", "2026-11-23", cwd=school, env=env)
    assert check.returncode == 1 and f"{tree}/PROJECT:1: error private-project: the private tree {tree} belongs to " \
        "the project 'KZ https://example.org/ustaz', not this one ('KG https://example.org/kg-school')" in check.stdout
    assert "listener" not in check.stdout  # nothing of the Kazakh tree was read
    attend = run_ustaz("course", "attendance", "2026-rb-kk-01", cwd=school, env=env)
    assert attend.returncode == 2 and "belongs to the project 'KZ" in attend.stderr
    own = run_ustaz("check", "--today", "2026-11-23", cwd=school)  # its own tree is fine
    assert "private-project" not in own.stdout


def test_the_first_import_names_the_project(project: Path, tmp_path: Path) -> None:
    (project / "private").mkdir()
    src = tmp_path / "list.csv"
    src.write_text(f"Тегі;Аты;ЖСН\nБірінші;Айжан;{make_iin('90010140000')}\n", encoding="utf-8")
    done = run_ustaz("course", "import", "2026-rb-ru-01", str(src), cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "private/PROJECT").read_text(encoding="utf-8") == "KZ https://example.org/ustaz\n"
