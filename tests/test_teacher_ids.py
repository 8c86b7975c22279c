"""Issue 23: one teacher id across the staff's files — derived from the identity number with a key of the private
tree (never the number, never a plain hash anyone who knows an IIN could compute), recorded by `course import`,
the same in every cohort, checked against the IIN, and the id a support plan or the monitoring population uses."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import yaml
from conftest import run_ustaz
from sealed import plain_certificate

from ustaz.ids import make_iin
from ustaz.teachers.identity import KEY_FILE, TEACHER_ID

PRIVATE = "examples/private"
COHORTS = ("2026-rb-kk-01", "2026-rb-ru-01")
TODAY = "2026-11-23"


def _listeners(project: Path, cohort: str) -> list[dict[str, str]]:
    with (project / PRIVATE / "cohorts" / cohort / "listeners.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _id(project: Path, iin: str, *extra: str) -> str:
    done = run_ustaz("teachers", "id", iin, *extra, cwd=project)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _findings(project: Path) -> list[dict[str, object]]:
    done = run_ustaz("check", "--format", "json", "--today", TODAY, cwd=project)
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)["findings"]


def _import(project: Path, cohort: str, people: list[tuple[str, str]], tmp: Path) -> None:
    src = tmp / f"{cohort}.csv"
    src.write_text("ФИО,ИИН,Место работы\n" + "".join(f"{name},{iin},ast-school-101\n" for name, iin in people),
                   encoding="utf-8")
    done = run_ustaz("course", "import", cohort, str(src), cwd=project)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr


def _certify_all(project: Path, cohort: str) -> None:
    """Register rows for every listener of the cohort, working at a school of data/organizations.csv (the
    population is built from the register, the listeners and the organisations)."""
    import datetime as dt

    from ustaz.calendar import valid_until
    from ustaz.certificates import codes
    from ustaz.certificates.register import Status
    from ustaz.certificates.writer import append

    path = project / PRIVATE / "cohorts" / cohort / "listeners.csv"
    rows = _listeners(project, cohort)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([{**r, "organization": "ast-school-101"} for r in rows])
    ended = dt.date(2026, 10, 20)
    certs = []
    for r in rows:
        code = codes.new_code()
        certs.append(plain_certificate(code=code, shown_code=codes.display(code), program="robotics-basics", cohort=cohort,
                                 holder=" ".join(x for x in (r["surname"], r["name"], r["patronymic"]) if x),
                                 hours=80, course_ended=ended, issued=ended, valid_until=valid_until(ended, 3),
                                 status=Status.ISSUED))
    append(project, certs)
    (path.parent / "certificates.csv").write_text(  # the codes, as certify keeps them
        "listener,code\n" + "".join(f"{r['listener']},{codes.display(c.code)}\n" for r, c in zip(rows, certs)),
        encoding="utf-8")


def test_the_teacher_id_is_keyed_by_a_secret_of_the_private_tree(project: Path, tmp_path: Path) -> None:
    iin = make_iin("85010140000")
    first = _id(project, iin)
    assert TEACHER_ID.match(first), first
    key = project / PRIVATE / KEY_FILE
    assert key.is_file() and key.stat().st_mode & 0o077 == 0  # made on first use, readable by its owner only
    assert _id(project, " ".join((iin[:4], iin[4:8], iin[8:]))) == first  # the same number, however written
    assert _id(project, make_iin("85010140001")) != first
    # nothing of the number in the id, and not a hash anyone who knows the IIN could compute without the key
    # (the id's base32 alphabet has the digits 2-7, so four digits in a row may occur by chance: look for the IIN's own)
    assert not any(iin[i:i + 4] in first for i in range(len(iin) - 3)), first
    for plain in (hashlib.sha256(iin.encode()).digest(), hashlib.sha256(b"ustaz-teacher-id|" + iin.encode()).digest()):
        import base64
        assert base64.b32encode(plain).decode().lower()[:16] not in first
    # another centre (another private tree, another key) gets another id for the same person
    other = tmp_path / "other-private"
    shutil.copytree(project / PRIVATE, other, ignore=shutil.ignore_patterns("keys"))
    assert _id(project, iin, "--private", str(other)) != first
    bad = run_ustaz("teachers", "id", iin[:-1] + str((int(iin[-1]) + 1) % 10), cwd=project)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stdout == ""


def test_import_records_one_teacher_id_per_person_across_cohorts(project: Path, tmp_path: Path) -> None:
    moved = ("Переводова Асель Тестовна", make_iin("90010140000"))
    _import(project, COHORTS[1], [moved, ("Второва Дина", make_iin("91020230000"))], tmp_path)
    _import(project, COHORTS[0], [moved], tmp_path)
    ids: dict[str, set[str]] = {}
    for cohort in COHORTS:
        rows = _listeners(project, cohort)
        for row in rows:  # every listener, those listed before the import too, has the id its IIN gives
            assert row["teacher"] == _id(project, row["iin"]), (cohort, row["listener"])
            ids.setdefault(row["iin"], set()).add(row["teacher"])
    assert len(ids[moved[1]]) == 1  # the same teacher in both cohorts
    assert not [f for f in _findings(project) if str(f["code"]).startswith("teacher-id")]


def test_a_teacher_id_that_disagrees_is_a_finding(project: Path, tmp_path: Path) -> None:
    _import(project, COHORTS[1], [("Второва Дина", make_iin("91020230000"))], tmp_path)
    path = project / PRIVATE / "cohorts" / COHORTS[1] / "listeners.csv"
    rows = _listeners(project, COHORTS[1])
    other = rows[1]["teacher"]  # another listener's
    assert other and other != rows[0]["teacher"]
    text = path.read_text(encoding="utf-8").replace(rows[0]["teacher"], other, 1)  # someone else's id
    path.write_text(text, encoding="utf-8")
    found = [f for f in _findings(project) if f["code"] == "teacher-id"]
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [
        (f"{PRIVATE}/cohorts/{COHORTS[1]}/listeners.csv", 2, "error")]
    assert rows[0]["iin"] not in str(found[0]["message"]) and rows[0]["teacher"] in str(found[0]["message"])
    # without the key no id can be checked: said, not passed
    (project / PRIVATE / KEY_FILE).unlink()
    found = [f for f in _findings(project) if f["code"] == "teacher-id"]
    assert found and all(KEY_FILE in str(f["message"]) for f in found)


def test_a_support_plan_and_the_sample_use_the_cohorts_teacher_id(project: Path, tmp_path: Path) -> None:
    for cohort in COHORTS:
        _import(project, cohort, [("Второва Дина", make_iin("91020230000"))], tmp_path)
    teachers = [r["teacher"] for c in COHORTS for r in _listeners(project, c)]
    plans = project / PRIVATE / "support" / "plans"
    plan = yaml.safe_load((plans / "t-0001.yml").read_text(encoding="utf-8"))
    plan["teacher"] = teachers[0]
    (plans / "t-0001.yml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    assert not [f for f in _findings(project) if f["code"] == "teacher-id-unknown"]
    plan["teacher"] = "t-" + "a" * 16  # shaped like an id, but nobody's
    (plans / "t-0001.yml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    found = [f for f in _findings(project) if f["code"] == "teacher-id-unknown"]
    assert [(f["path"], f["severity"]) for f in found] == [(f"{PRIVATE}/support/plans/t-0001.yml", "warning")]
    # the monitoring population the sample is drawn from (built from the register and the cohorts, M-5) names
    # teachers by the same id, not by cohort and listener code
    _certify_all(project, COHORTS[0])
    done = run_ustaz("monitoring", "sample", "--size", "2", "--seed", "1", "--format", "json", cwd=project)
    assert done.returncode == 0, done.stderr
    drawn = [s["teacher"] for s in json.loads(done.stdout)["sample"]]
    assert drawn and set(drawn) <= set(teachers), (drawn, teachers)


def test_the_key_is_never_written_where_git_would_commit_it(project: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(project)], check=True)  # no .gitignore: the private tree is not ignored
    done = run_ustaz("teachers", "id", make_iin("85010140000"), cwd=project)
    assert done.returncode == 2 and "secret" in done.stderr and done.stdout == "", done.stderr
    assert not (project / PRIVATE / KEY_FILE).exists()
