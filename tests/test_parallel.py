"""Work spread over cores gives the same results, in the same order, as one process (C-20: the register
is read and checked on all cores when it is large).

ustaz forks only a process with no other thread, and earlier tests leave threads behind (a Typst render,
a local server), so the tests that need the workers run in a fresh interpreter of their own, started by
`test_parallel_tests_in_a_fresh_process`, which fails unless every one of them passed there."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_register_columns import _broken_register

from ustaz import parallel
from ustaz.certificates import load
from ustaz.certificates import register as register_module
from ustaz.certificates.register import Register
from ustaz.checks import Context
from ustaz.checks import register_rows as rows_module
from ustaz.project import Project

FRESH = "USTAZ_TEST_FRESH_PROCESS"
needs_fresh_process = pytest.mark.skipif(not os.environ.get(FRESH), reason="runs in a fresh process (see below)")


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def test_parallel_tests_in_a_fresh_process() -> None:
    if parallel.cores() < 2:
        pytest.skip("one core: nothing to spread the work over")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", __file__,
                        "-k", "not fresh_process"], env={**os.environ, FRESH: "1"}, capture_output=True, text=True,
                       timeout=600, check=False)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "3 passed" in r.stdout and "skipped" not in r.stdout, r.stdout[-2000:]


@needs_fresh_process
def test_fork_map_runs_in_workers_and_keeps_the_order() -> None:
    got = parallel.fork_map(_pid_and_square, list(range(20)))
    assert [v for _, v in got] == [x * x for x in range(20)]
    assert os.getpid() not in {pid for pid, _ in got}  # really in other processes
    assert parallel.fork_map(_pid_and_square, [3], worth_it=False) == [(os.getpid(), 9)]


@needs_fresh_process
def test_fork_map_does_not_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        got = parallel.fork_map(_pid_and_square, list(range(4)))
    finally:
        stop.set()
        thread.join()
    assert {pid for pid, _ in got} == {os.getpid()}


@needs_fresh_process
def test_c20_register_read_and_checked_on_cores_equals_one_process(project: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel.can_fork()
    folder = project / "data/certificates"
    for year, seed in ((2024, 1), (2025, 2), (2026, 3)):
        (folder / f"{year}.csv").write_text(_broken_register(seed, rows=60, year=year)[0], encoding="utf-8")

    def check(prepare: bool) -> tuple[Register, list[str], object]:
        ctx = Context(project=Project.load(project), today=dt.date(2026, 11, 23))
        if prepare:  # as `ustaz check` does: the register is read (and its suspects found) beside the other checks
            rows_module.register_rows.prepare(ctx)
        found = sorted(f.text() for f in rows_module.register_rows(ctx))
        return load.register_of(ctx), found, ctx.register_extras

    monkeypatch.setenv("USTAZ_WORKERS", "1")
    one, one_findings, extras = check(prepare=True)
    assert extras is None  # one process: nothing ran where the files were read
    monkeypatch.delenv("USTAZ_WORKERS")
    monkeypatch.setattr(register_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(rows_module, "PARALLEL_ROWS", 0)
    pids: list[set[int]] = []
    real = parallel.fork_map

    def recording(fn, items, *, worth_it=True):  # type: ignore[no-untyped-def]
        got = real(lambda x: (os.getpid(), fn(x)), items, worth_it=worth_it)
        pids.append({pid for pid, _ in got})
        return [r for _, r in got]

    monkeypatch.setattr(rows_module, "fork_map", recording)
    where = project / "suspects-pids.txt"
    real_suspects = rows_module.suspects

    def suspects_recording_pid(*args):  # type: ignore[no-untyped-def]
        with where.open("a") as f:  # a worker's memory does not come back; a file does
            f.write(f"{os.getpid()}\n")
        return real_suspects(*args)

    monkeypatch.setattr(rows_module, "suspects", suspects_recording_pid)
    for prepare in (True, False):
        many, many_findings, extras = check(prepare=prepare)
        assert (extras is not None) is prepare  # with prepare, the suspects came from where the files were read
        assert many.findings == one.findings and len(one.findings) > 5
        assert [(f.path, f.table.values, list(f.table.lines), f.bad) for f in many.files] == \
            [(f.path, f.table.values, list(f.table.lines), f.bad) for f in one.files]
        assert many_findings == one_findings and len(one_findings) > 5
    assert len(pids) == 1 and os.getpid() not in pids[0]  # without prepare, the row rules ran in workers
    ran_in = {int(pid) for pid in where.read_text().split()}
    assert len(ran_in) >= 2 and os.getpid() not in ran_in  # with prepare too: where the files were read
