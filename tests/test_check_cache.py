"""The content-addressed cache of the check (ustaz/cache.py, issue 22): a pull request's check costs what it
changes, and a cached result is never stale. Each test compares the cached check with the same check run
without the cache, on randomly broken registers (C-16, C-20), after a change to each input the cached parts
read: the file's bytes, the Table Schema, the day, the policy's validity years, a program's hours, the
programs there are, and the code of ustaz itself."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_register_columns import _broken_register

from ustaz import cache
from ustaz.certificates import register as register_module
from ustaz.checks import Context, run
from ustaz.project import Project

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh cache folder; every register counts as large, so that the row rules run where each file is
    read and are cached with it (in this process: USTAZ_WORKERS=1)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("USTAZ_WORKERS", "1")
    monkeypatch.setattr(register_module, "PARALLEL_BYTES", 0)
    return folder


def _findings(root: Path, today: dt.date = TODAY) -> list[str]:
    ctx = Context(project=Project.load(root), today=today)
    return [f.text() for f in run(ctx, ["data/certificates"])]


def _uncached(monkeypatch: pytest.MonkeyPatch, root: Path, today: dt.date = TODAY) -> list[str]:
    with monkeypatch.context() as m:
        m.setenv(cache.NO_CACHE_ENV, "1")
        return _findings(root, today)


def _registers(root: Path, seed: int) -> None:
    folder = root / "data/certificates"
    for old in folder.glob("*.csv"):
        old.unlink()
    (folder / "2026.csv").write_text(_broken_register(seed, rows=80, year=2026)[0], encoding="utf-8")
    (folder / "2025.csv").write_text(_broken_register(seed + 50, rows=40, year=2025)[0], encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _program_hours(root: Path) -> None:
    """The program of the register's rows now has other hours (its own checks then object: not looked at)."""
    _edit(root / "programs/robotics-basics/program.yml", "hours: 80", "hours: 72")


def _no_program(root: Path) -> None:
    shutil.rmtree(root / "programs/robotics-basics")


def _validity_years(root: Path) -> None:
    with (root / "data/policy.yml").open("a", encoding="utf-8") as fh:
        fh.write("certificate_valid_years: 5\n")


def _schema(root: Path) -> None:
    # the cohort's pattern narrowed: the rows' cohorts now break it
    _edit(root / "data/schemas/certificates.json", '"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"', '"^[A-Za-z0-9][A-Za-z0-9._-]{0,3}$"')


def _appended_row(root: Path) -> None:
    path = root / "data/certificates/2025.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1].replace(",80,", ",81,")]) + "\n", encoding="utf-8")


def _code(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    def change(_root: Path) -> None:  # a changed rule: here, the register reader drops every file's findings
        parse = register_module._parse_bytes
        monkeypatch.setattr(register_module, "_parse_bytes", lambda *a: (parse(*a)[0], []))
        monkeypatch.setattr(cache, "code_digest", lambda: b"another version of ustaz")
    return change


CHANGES = ["nothing", "today", "program-hours", "no-program", "validity-years", "schema", "file-bytes", "code"]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("seed", range(3))
def test_c20_cached_check_equals_the_uncached_check_after_each_kind_of_change(
        project: Path, cached: Path, monkeypatch: pytest.MonkeyPatch, change: str, seed: int) -> None:
    _registers(project, seed)
    before = _findings(project)  # fills the cache
    assert before == _uncached(monkeypatch, project)
    assert len(list((cached / "register").glob("*.entry"))) == 4  # two files, each read and row-checked
    today = TODAY
    if change == "today":
        today = dt.date(2026, 1, 15)  # rows issued later in 2026 are now in the future
    elif change != "nothing":
        {"program-hours": _program_hours, "no-program": _no_program, "validity-years": _validity_years,
         "schema": _schema, "file-bytes": _appended_row, "code": _code(monkeypatch)}[change](project)
    after = _findings(project, today)
    assert after == _uncached(monkeypatch, project, today)
    # each change really changes what the check says: a key that left the input out would fail the line above
    assert (after == before) is (change == "nothing")


def test_an_unchanged_file_is_not_read_again(project: Path, cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request that appends to one year's file re-reads that file alone (issue 22)."""
    _registers(project, 7)
    _findings(project)
    parsed: list[str] = []
    parse = register_module._parse_bytes
    checked: list[str] = []
    from ustaz.checks import register_rows
    suspects = register_rows.suspects

    def counting_parse(raw: bytes, shown: str, schema: object) -> object:
        parsed.append(shown)
        return parse(raw, shown, schema)  # type: ignore[arg-type]

    def counting_suspects(ctx: Context, rf: register_module.RegisterFile, programs: object) -> set[int]:
        checked.append(rf.path)
        return suspects(ctx, rf, programs)  # type: ignore[arg-type]

    monkeypatch.setattr(register_module, "_parse_bytes", counting_parse)
    monkeypatch.setattr(register_rows, "suspects", counting_suspects)
    _findings(project)
    assert parsed == [] and checked == []
    _appended_row(project)
    _findings(project)
    assert parsed == ["data/certificates/2025.csv"] and checked == ["data/certificates/2025.csv"]


@pytest.mark.parametrize("damage", ["truncated", "flipped-byte", "empty", "not-a-pickle"])
def test_a_damaged_entry_is_made_anew(project: Path, cached: Path, monkeypatch: pytest.MonkeyPatch,
                                      damage: str) -> None:
    _registers(project, 3)
    before = _findings(project)
    for entry in (cached / "register").glob("*.entry"):
        data = entry.read_bytes()
        if damage == "truncated":
            data = data[: len(data) // 2]
        elif damage == "flipped-byte":
            data = data[:10] + bytes([data[10] ^ 1]) + data[11:]
        elif damage == "empty":
            data = b""
        else:  # whole, with its digest, but not a pickle
            import hashlib
            data = b"garbage" + hashlib.sha256(b"garbage").digest()
        entry.write_bytes(data)
    assert _findings(project) == before


def test_no_cache_writes_nothing_and_the_cache_is_outside_the_project(project: Path, cached: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _registers(project, 1)
    _uncached(monkeypatch, project)
    assert not cached.exists()
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(project.parent / "xdg"))
    assert cache.root() == project.parent / "xdg" / "ustaz"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.root() == Path.home() / ".cache" / "ustaz"


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    store = cache.Store("x", tmp_path)
    store.put("a" * 64, {"kept": 1})
    old = tmp_path / ("b" * 64 + cache.SUFFIX)
    old.write_bytes(b"stale")
    import os
    import time
    past = time.time() - (cache.MAX_AGE_DAYS + 1) * 86400
    os.utime(old, (past, past))
    (tmp_path / ".pruned").unlink()
    assert store.prune() == 1
    assert not old.exists() and store.get("a" * 64) == {"kept": 1}
    assert re.fullmatch(r"[0-9a-f]{64}", cache.key("k", "a", b"b"))
    assert cache.key("k", "ab", "c") != cache.key("k", "a", "bc")  # the parts are length-prefixed


def _schedule_findings(root: Path) -> list[str]:
    from ustaz.courses.schedule import load_schedule
    schedule, findings = load_schedule(root)
    return sorted(f.text() for f in findings) + [f"{c.cohort}@{c.path}:{c.line}" for c in schedule.cohorts]


SCHEDULE_CHANGES = {
    "nothing": lambda text: text,
    "bad-date": lambda text: text.replace("2026-10-20", "2026-10-40", 1),
    "bad-id": lambda text: text.replace("2026-rb-kk-01", "Bad Id", 1),
    "bad-header": lambda text: text.replace("cohort,", "kohort,", 1),
    "duplicate-across-files": lambda text: text,  # 2025.csv repeats a cohort of 2026.csv
}


@pytest.mark.parametrize("change", sorted(SCHEDULE_CHANGES))
def test_the_cached_schedule_equals_the_uncached_one(project: Path, cached: Path, monkeypatch: pytest.MonkeyPatch,
                                                     change: str) -> None:
    """The schedule's year files are read once per content too; a cohort repeated across files is still found
    (the cross-file rule runs over the cached years)."""
    folder = project / "data/schedule"
    text = (folder / "2026.csv").read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    (folder / "2025.csv").write_text(f"{header}\n{first.replace('2026-rb-kk-01', '2025-rb-kk-01')}\n",
                                     encoding="utf-8")
    before = _schedule_findings(project)  # fills the cache
    assert len(list((cached / "schedule").glob("*.entry"))) == 2
    if change == "duplicate-across-files":
        (folder / "2025.csv").write_text(f"{header}\n{first}\n", encoding="utf-8")
    else:
        (folder / "2026.csv").write_text(SCHEDULE_CHANGES[change](text), encoding="utf-8")
    after = _schedule_findings(project)
    with monkeypatch.context() as m:
        m.setenv(cache.NO_CACHE_ENV, "1")
        assert after == _schedule_findings(project)
    assert (after == before) is (change == "nothing")


@pytest.mark.parametrize("lang", ["ru", "en", "kk"])
def test_a_cached_finding_speaks_the_language_of_the_run(project: Path, cached: Path, monkeypatch: pytest.MonkeyPatch,
                                                         lang: str) -> None:
    """A cached result carries its messages already translated: a run in another language is another key, so a
    staff member who checks in Russian after a Kazakh run reads Russian (the register's and the schedule's
    cached parts both)."""
    from ustaz.i18n import speaking

    _registers(project, 0)
    schedule = project / "data/schedule/2026.csv"
    _edit(schedule, ",25,true\n", ",25,maybe\n")  # a table-value finding from the cached schedule reading
    other = "kk" if lang != "kk" else "ru"
    with speaking(other):
        _findings(project)  # fills the cache in the other language
        _schedule_findings(project)
    with speaking(lang):
        register_cached, schedule_cached = _findings(project), _schedule_findings(project)
        with monkeypatch.context() as m:
            m.setenv(cache.NO_CACHE_ENV, "1")
            assert register_cached == _findings(project)
            assert schedule_cached == _schedule_findings(project)
    with speaking(other):
        assert register_cached != _findings(project)  # the findings are in words, not only codes
