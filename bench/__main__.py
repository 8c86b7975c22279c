"""`python -m bench [CASE …]`: the national-scale benchmarks of issue 11, side by side with the reference tools.

Cases: register (ustaz check vs frictionless validate, and a seeded-error file), check (the whole check at
1M certificates), site (ustaz build vs bare mkdocs-material), lookup (lookup data for 1M certificates),
pdf (1,000 certificates rendered), verify (the verify page on a slow phone, bench/phone.py). Without a case, all
run. The table is printed and written to
bench/out/results.md; bench/RESULTS.md is the curated copy with notes.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

from .cases import CASES, Bench, Row
from .measure import machine

WORK = Path(__file__).resolve().parent / "out"


def table(rows: list[Row]) -> str:
    head = "| case | measure | ustaz | reference | ratio | goal | met |\n|---|---|---:|---:|---:|---|---|\n"
    mark = {True: "yes", False: "**no**", None: ""}
    return head + "".join(f"| {r.case} | {r.measure} | {r.ustaz} | {r.reference} | {r.ratio} | {r.goal} | "
                          f"{mark[r.met]} |\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", choices=[[], *CASES], metavar="CASE",
                        help=f"one or more of: {', '.join(CASES)} (default: all)")
    parser.add_argument("--certificates", type=int, default=1_000_000, help="register size of the big project")
    parser.add_argument("--programs", type=int, default=100, help="programs of the big project")
    parser.add_argument("--pages", default="500,2000", help="site sizes in pages, comma-separated")
    parser.add_argument("--pdfs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the fastest counts")
    parser.add_argument("--work", type=Path, default=WORK, help="where projects and outputs go (git-ignored)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed (default: report only)")
    args = parser.parse_args(argv)
    names = args.cases or list(CASES)
    args.work.mkdir(parents=True, exist_ok=True)
    # the work folder may sit inside this repository's checkout: git must not take the generated projects for
    # part of it (the append-only check would compare the register with this repository's history)
    os.environ["GIT_CEILING_DIRECTORIES"] = str(args.work.resolve())
    bench = Bench(work=args.work.resolve(), big_certificates=args.certificates, big_programs=args.programs,
                  site_pages=tuple(int(p) for p in args.pages.split(",") if p), pdf_count=args.pdfs,
                  repeat=args.repeat)
    facts = machine()
    print("machine: " + "; ".join(f"{k} {v}" for k, v in facts.items()), flush=True)
    rows: list[Row] = []
    start = time.perf_counter()
    for name in names:
        print(f"[{name}]", flush=True)
        t0 = time.perf_counter()
        rows += CASES[name](bench)
        print(f"  ({time.perf_counter() - t0:.0f} s)", flush=True)
    total = time.perf_counter() - start
    facts["load average (end)"] = machine()["load average"]
    # every measured child inherits this process's peak memory as its floor (Linux keeps the high-water mark
    # across fork and exec): it must stay well below the children's
    facts["bench process peak RSS"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    text = (table(rows) + "\n" + "\n".join(f"- {k}: {v}" for k, v in facts.items())
            + f"\n- total benchmark time: {total:.0f} s\n")
    print()
    print(text)
    (args.work / "results.md").write_text(text, encoding="utf-8")
    missed = [f"{r.case}: {r.measure}" for r in rows if r.met is False]
    if missed:
        print(f"{len(missed)} goal(s) missed; bench/RESULTS.md explains each with a profile", file=sys.stderr)
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
