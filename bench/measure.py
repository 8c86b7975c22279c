"""Run a child process and measure it: wall time, CPU time and peak resident memory (os.wait4)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True, kw_only=True)
class Run:
    """One measured child process."""

    cmd: tuple[str, ...]
    returncode: int
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_rss_mb: float  # the child's maximum resident set size
    stdout: str
    stderr: str

    def expect(self, *codes: int) -> Run:
        if self.returncode not in codes:
            raise RuntimeError(f"{' '.join(self.cmd)} exited {self.returncode} (expected {codes}):\n"
                               f"{self.stdout[-3000:]}\n{self.stderr[-3000:]}")
        return self


def run(cmd: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None) -> Run:
    """Run `cmd` to the end; its rusage comes from wait4 on its pid, so it is the child's alone."""
    # both tools run as an installed copy does, from compiled bytecode: a session that sets
    # PYTHONDONTWRITEBYTECODE would make every run compile every module it imports (about a second of CPU for
    # ustaz, more for frictionless), which no user pays
    full_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    full_env.update(env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(cmd=tuple(cmd), returncode=proc.returncode, wall=wall, cpu=usage.ru_utime + usage.ru_stime,
                   peak_rss_mb=usage.ru_maxrss / 1024, stdout=out.read().decode("utf-8", "replace"),
                   stderr=err.read().decode("utf-8", "replace"))


def best_of(n: int, cmd: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None,
            ok: tuple[int, ...] = (0,)) -> Run:
    """The fastest of `n` runs (the least disturbed by other load), each checked for its exit status."""
    runs = [run(cmd, cwd=cwd, env=env).expect(*ok) for _ in range(n)]
    return min(runs, key=lambda r: r.wall)


def machine() -> dict[str, str]:
    """The facts a result needs: CPUs, model, memory, Python, load at the time of the run."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "cpu": model or platform.processor(), "memory": mem,
            "python": platform.python_version(), "os": platform.platform(terse=True), "load average": load,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
