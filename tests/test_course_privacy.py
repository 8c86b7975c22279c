"""Personal data of the courses never reaches the site: identity numbers, bank accounts, the names of
listeners, their scores' test answers (C-3, C-5, C-7; DESIGN "Personal data")."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from conftest import run_ustaz

from ustaz.sourcefile import load_yaml


def _certified(project: Path) -> set[str]:
    """Holders of certificates are named in the public register (C-20), so their names may appear."""
    import datetime as dt

    from ustaz.checks import Context
    from ustaz.courses.results import cohort_results
    from ustaz.project import Project

    ctx = Context(project=Project.load(project), today=dt.date(2026, 11, 23))
    names = set()
    for cohort in ("2026-rb-kk-01", "2026-rb-ru-01"):
        results, _ = cohort_results(ctx, cohort)
        names |= {f"{r.surname} {r.name}" for r in results.certified()}
    return names


def _private_values(private: Path, certified: set[str]) -> set[str]:
    values: set[str] = set()
    for path in private.rglob("listeners.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                values.add(row["iin"])
                name = f"{row['surname']} {row['name']}"  # the full name's start, as shown anywhere
                if name not in certified:
                    values.add(name)
    with (private / "trainers.csv").open(encoding="utf-8", newline="") as fh:
        values |= {row["iban"] for row in csv.DictReader(fh)}
    for bank in private.rglob("tests.*.yml"):
        data, _ = load_yaml(bank, bank.name)
        values |= {q["text"] for q in data["questions"]}
    return {v for v in values if v.strip()}


def test_the_site_holds_no_private_course_data(project: Path, tmp_path: Path) -> None:
    import shutil

    from conftest import ROOT

    if (ROOT / "overrides").is_dir() and not (project / "overrides").exists():
        shutil.copytree(ROOT / "overrides", project / "overrides")
    site = tmp_path / "site"
    proc = run_ustaz("build", "--site-dir", str(site), cwd=project, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    certified = _certified(project)
    assert len(certified) == 3
    secrets = _private_values(project / "examples/private", certified)
    assert len(secrets) > 40
    leaks = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".xml", ".txt", ".ics", ".csv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [(path.relative_to(site).as_posix(), s) for s in secrets if s in text]
            leaks += [(path.relative_to(site).as_posix(), m) for m in re.findall(r"(?<!\d)\d{12}(?!\d)", text)]
    assert leaks == []
