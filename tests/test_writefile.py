"""Atomic writes: whole or nothing, and ordinary permissions (a site file must be readable by a web server)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ustaz.writefile import write_atomic


def test_new_file_gets_umask_permissions_and_content(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a" / "f.txt", "жол\n")
    finally:
        os.umask(old)
    path = tmp_path / "a" / "f.txt"
    assert path.read_text(encoding="utf-8") == "жол\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("old\n")
    path.chmod(0o600)
    write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n" and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old\n")

    with pytest.raises(TypeError):
        write_atomic(path, 12345)  # type: ignore[arg-type]
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
