"""Work spread over the machine's cores, for the few places where a million rows make it worth it.

``fork_map`` runs a function over a list in forked worker processes: what the function reads (the
loaded project, the register's columns) reaches the workers with the fork, copy-on-write, and only
the results travel back, pickled. It falls back to a plain loop wherever forking is not safe or
not worth it: not on Linux, another thread running — Python's or a native library's (a fork copies one
thread; a lock another thread held would stay locked), inside a worker already, one core, or too little work. The results are the
same either way and in the same order (tests/test_parallel.py); the benchmarks show the time.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# set in the parent just before the fork; the workers find the function here, so it need not pickle
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run(i: int) -> Any:
    assert _JOB is not None
    fn, items = _JOB
    return fn(items[i])


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _threads() -> int:
    """Every thread of this process, also those a native library started (Typst's), which Python's
    threading module does not know about."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def can_fork() -> bool:
    return (sys.platform == "linux" and _threads() == 1 and threading.active_count() == 1
            and not multiprocessing.current_process().daemon and os.environ.get("USTAZ_WORKERS") != "1")


def fork_map_async(fn: Callable[[T], R], items: Sequence[T], *, worth_it: bool = True) -> Callable[[], list[R]]:
    """Start ``fork_map`` and go on; the function returned waits for the results (and runs the loop itself
    where forking is not safe or not worth it). While the workers run, this process may do other work,
    but forks nothing else (the pool's threads are running)."""
    workers = min(cores(), len(items))
    if not worth_it or workers < 2 or not can_fork():
        return lambda: [fn(x) for x in items]
    global _JOB
    _JOB = (fn, items)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)  # the workers are forked here
    finally:
        _JOB = None
    pending = pool.map_async(_run, range(len(items)), chunksize=1)

    def wait() -> list[R]:
        try:
            return pending.get()
        finally:
            pool.close()
            pool.join()
            _settle()
    return wait


def fork_map(fn: Callable[[T], R], items: Sequence[T], *, worth_it: bool = True) -> list[R]:
    """[fn(x) for x in items], over the cores when `worth_it` (the caller knows the size of the work)."""
    workers = min(cores(), len(items))
    if not worth_it or workers < 2 or not can_fork():
        return [fn(x) for x in items]
    global _JOB
    _JOB = (fn, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, range(len(items)), chunksize=1)
    finally:
        _JOB = None
        _settle()


def _settle() -> None:
    """Wait (briefly) until the pool's threads, which Python has joined, have left the process too, so the
    next fork_map may fork."""
    for _ in range(200):
        if _threads() == 1:
            return
        time.sleep(0.005)
