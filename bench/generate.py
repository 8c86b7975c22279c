"""A complete, valid, fictional ustaz project of any size, for the benchmarks (issue 11).

    python -m bench.generate --programs N --certificates M --out DIR [--seed S] [--today YYYY-MM-DD]

Writes programs in kk and ru with all ten sections (P-4) and their discussion records, a schedule per
year (C-2), organisations, trainers, and a sealed register across ten years whose codes are made by the
project's own code generator (``ustaz.certificates.codes``), sealed as ``ustaz course certify`` seals them
(``ustaz.certificates.sealing``), and whose dates follow the policy (``valid_until``); a sample of the codes
goes to the generated project's private/ for the lookup benchmark. Site files (mkdocs.yml, overrides/, the hand-written pages) are copied from this
repository, so ``ustaz check`` and ``ustaz build`` run on the result. Every name is fictional.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ustaz.calendar import WorkingCalendar, valid_until
from ustaz.certificates import codes
from ustaz.certificates.register import COLUMNS
from ustaz.certificates.sealing import HOLDER, REASON, Sealer
from ustaz.policy import load_policy

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)  # the example's checked_as_of (data/policy.yml): the generated tree is checked as of it
YEARS = 10  # a register over ten years (issue 11)
PER_COHORT = 25
SAMPLE_CODES = "bench-codes.txt"  # every 1000th code (every code of a small register), under private/
KEEP_EVERY_CODE_UPTO = 10_000
LANGS = ("kk", "ru")

_TOPICS = (
    ("robot", "Робототехника", "Робототехника"), ("music", "Цифрлық музыка", "Цифровая музыка"),
    ("eco", "Экологиялық жобалар", "Экологические проекты"), ("art", "Бейнелеу өнері", "Изобразительное искусство"),
    ("tour", "Өлкетану", "Краеведение"), ("patriot", "Әскери-патриоттық тәрбие", "Военно-патриотическое воспитание"),
    ("social", "Әлеуметтік педагогика", "Социальная педагогика"),
)
_SURNAMES = ("Әбілқасымова", "Нұрланов", "Жақсыбекова", "Серікбаев", "Өмірзақова", "Иванова", "Қасымов", "Петров",
             "Тестова", "Мысалов", "Үлгіева", "Примерова")
_NAMES = ("Әйгерім", "Ұлан", "Гүлнұр", "Ерлан", "Айгүл", "Мария", "Нұрсұлтан", "Дана", "Арман", "Ольга")
_PATRONYMICS = ("Серікқызы", "Бауыржанұлы", "Төлегенқызы", "Петровна", "Иванович", "")
_KZ_REGIONS = ("KZ-71", "KZ-75", "KZ-79", "KZ-11", "KZ-15", "KZ-19", "KZ-35", "KZ-55", "KZ-61", "KZ-63")
_SITE_FILES = ("mkdocs.yml", "overrides", "content")


@dataclass(frozen=True, kw_only=True)
class Plan:
    programs: int
    certificates: int
    seed: int = 0
    today: dt.date = TODAY
    site: bool = True  # copy mkdocs.yml, overrides/ and the hand-written pages


@dataclass(frozen=True, kw_only=True)
class GeneratedProgram:
    id: str
    direction: str
    form: str
    hours: int
    approved: dt.date


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# programs ------------------------------------------------------------------------------------------
def _lifecycle(cal: WorkingCalendar, start: dt.date, policy: object, today: dt.date) -> list[dict[str, object]]:
    """Events that meet every deadline: approval before the register's first year, reviews every N years."""
    p = policy
    needs = cal.next_working_day(start)
    ordered = cal.add_working_days(needs, 3)
    opened = cal.add_working_days(ordered, 20)
    closed = cal.add_working_days(opened, p.discussion_working_days)  # type: ignore[attr-defined]
    submitted = cal.add_working_days(closed, 2)
    conclusion = cal.add_working_days(submitted, 10)
    approved = cal.add_working_days(conclusion, p.approval_working_days)  # type: ignore[attr-defined]
    events: list[dict[str, object]] = [
        {"event": "needs-analysis", "date": needs, "protocol": "1"},
        {"event": "development-ordered", "date": ordered, "order": "1", "due": opened},
        {"event": "discussion-opened", "date": opened, "url": "https://example.org/centre/ustaz/pull/1"},
        {"event": "discussion-closed", "date": closed},
        {"event": "submitted", "date": submitted},
        {"event": "expert-conclusion", "date": conclusion, "outcome": "agree"},
        {"event": "approved", "date": approved, "order": "2"},
    ]
    review = approved
    years = p.review_years  # type: ignore[attr-defined]
    while True:
        nxt = dt.date(review.year + years - 1, 3, 1)
        nxt = cal.next_working_day(nxt)
        if nxt > today:
            break
        events.append({"event": "reviewed", "date": nxt, "decision": "update", "protocol": "5", "order": "9"})
        review = nxt
    return events


def _section_text(lang: str, i: int, title: str, topic: str, rng: random.Random) -> str:
    words_kk = ("педагог", "оқушы", "жоба", "әдістеме", "сабақ", "құзырет", "нәтиже", "тәжірибе", "бағалау")
    words_ru = ("педагог", "учащийся", "проект", "методика", "занятие", "компетенция", "результат", "практика")
    words = words_kk if lang == "kk" else words_ru
    body = " ".join(rng.choice(words) for _ in range(40 + rng.randrange(40)))
    extra = ""
    if i == 1:
        extra = "\n\n" + "\n".join(f"- **{w.capitalize()}** — {topic}." for w in words[:3])
    if i == 3:
        extra = "\n\n1. " + "\n2. ".join(words[3:6])
    return f"## {title}\n\n{topic}: {body}.{extra}\n"


def _program_files(pid: str, index: int, lifecycle: list[dict[str, object]], direction: str, policy: object,
                   rng: random.Random) -> dict[str, str]:
    _, kk_topic, ru_topic = _TOPICS[index % len(_TOPICS)]
    hours = policy.course_hours  # type: ignore[attr-defined]
    form = ("blended", "in-person", "online")[index % 3]
    last_handed_in = max(e["date"] for e in lifecycle if e["event"] in ("submitted", "reviewed"))
    year = last_handed_in.year  # type: ignore[attr-defined]
    modules = []
    left = hours
    for m in range(4):
        total = left if m == 3 else hours // 4
        left -= total
        theory = total // 4
        practice = total // 2
        modules.append({"title": {"kk": f"{kk_topic}: {m + 1}-модуль", "ru": f"{ru_topic}: модуль {m + 1}"},
                        "hours": {"theory": theory, "practice": practice, "independent": total - theory - practice}})
    program = {
        "id": pid,
        "title": {"kk": f"{kk_topic} № {index + 1} (ойдан шығарылған)", "ru": f"{ru_topic} № {index + 1} (вымышленная)"},
        "direction": direction,
        "audience": {"kk": "Қосымша білім беру педагогтері", "ru": "Педагоги дополнительного образования"},
        "kind": "course", "hours": hours, "form": form, "languages": list(LANGS),
        "authors": [{"name": f"{rng.choice(_SURNAMES)} {rng.choice(_NAMES)} (fictional)", "github": f"author-{index}"}],
        "modules": modules,
        "literature": [
            {"ref": f"Тестов А. Б. {kk_topic}: оқу құралы. — Астана: Мысал, {year - 1}.", "year": year - 1,
             "kind": "main", "origin": "domestic"},
            {"ref": f"Примерова Е. В. {ru_topic}. — Алматы: Пример, {year - 2}.", "year": year - 2, "kind": "main",
             "origin": "domestic"},
            {"ref": f"Example J. Teaching, vol. {index}. — London: Sample Press, {year - 1}.", "year": year - 1,
             "kind": "additional", "origin": "foreign"},
        ],
        "lifecycle": lifecycle,
    }
    files = {"program.yml": _dump(program)}
    sections = policy.sections  # type: ignore[attr-defined]
    for lang, topic in (("kk", kk_topic), ("ru", ru_topic)):
        title = program["title"][lang]  # type: ignore[index]
        body = "\n".join(_section_text(lang, i, t, topic, rng) for i, t in enumerate(sections[lang]))
        files[f"program.{lang}.md"] = f"# {title}\n\n{body}"
    opened = next(e for e in lifecycle if e["event"] == "discussion-opened")
    closed = next(e for e in lifecycle if e["event"] == "discussion-closed")
    day = opened["date"]
    answered = closed["date"]
    files["discussion.yml"] = _dump({
        "thread": opened["url"],
        "suggestions": [
            {"id": 1, "author": "methodist-demo", "date": day, "url": f"{opened['url']}#discussion_r1",
             "text": "Практикалық сағаттарды көбейтуді ұсынамын.", "response": "accepted",
             "answered_by": f"author-{index}", "answered": answered},
            {"id": 2, "author": "teacher-demo", "date": day, "url": f"{opened['url']}#discussion_r2",
             "text": "Предлагаю сократить теорию.", "response": "rejected",
             "justification": "Теория нужна для итогового проекта.", "answered_by": f"author-{index}",
             "answered": answered},
        ],
    })
    return files


# schedule and register -----------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Cohort:
    id: str
    program: GeneratedProgram
    language: str
    group: int
    starts: dt.date
    ends: dt.date
    region: str


def _cohorts(plan: Plan, programs: list[GeneratedProgram], cal: WorkingCalendar,
             rng: random.Random) -> Iterator[Cohort]:
    """Enough cohorts of 25 for the register, spread over ten years, each ended on or before today."""
    count = max(1, -(-plan.certificates // PER_COHORT))
    first = plan.today.year - YEARS + 1
    years = [first + i * YEARS // count for i in range(count)]  # spread evenly over the ten years
    per_year = {y: years.count(y) for y in set(years)}
    index = dict.fromkeys(per_year, 0)
    for made, year in enumerate(years):
        k = index[year]
        index[year] += 1
        last_start = min(dt.date(year, 11, 30), plan.today - dt.timedelta(days=40))
        span = (last_start - dt.date(year, 1, 15)).days
        program = programs[made % len(programs)]
        lang = LANGS[made % 2]
        starts = cal.next_working_day(dt.date(year, 1, 15) + dt.timedelta(days=k * span // per_year[year]))
        ends = cal.add_working_days(starts, 9)
        yield Cohort(id=f"{year}-c{k + 1:05d}-{lang}", program=program, language=lang, group=k + 1,
                     starts=starts, ends=ends, region=_KZ_REGIONS[rng.randrange(len(_KZ_REGIONS))])


def _code(rng: random.Random) -> str:
    """A code of the contract's form (``ustaz.certificates.codes``), from a seeded generator for reproducibility."""
    data = "".join(codes.ALPHABET[rng.getrandbits(5)] for _ in range(codes.DATA_SYMBOLS))
    return data + codes.check_symbol(data)


def _register_rows(plan: Plan, cohorts: list[Cohort], valid_years: int,
                   rng: random.Random, kept: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(year, sealed row) for every certificate: every 50th is revoked and re-issued with `supersedes`. Every
    1000th code is appended to `kept` (the benchmark looks them up; the register itself holds no code), every
    code of a register of at most KEEP_EVERY_CODE_UPTO rows (the PDF benchmark prints each one's QR code)."""
    made = 0
    every = 1 if plan.certificates <= KEEP_EVERY_CODE_UPTO else 1000
    for cohort in cohorts:
        issued = cohort.ends + dt.timedelta(days=rng.randrange(1, 6))
        until = valid_until(issued, valid_years).isoformat()
        for _ in range(PER_COHORT):
            if made == plan.certificates:
                return
            code = _code(rng)
            sealer = Sealer(code)
            if made >= every * len(kept):  # (made grows by two at a reissue)
                kept.append(code)
            holder = f"{rng.choice(_SURNAMES)} {rng.choice(_NAMES)} {rng.choice(_PATRONYMICS)}".strip()
            revoke = made % 50 == 49 and made + 1 < plan.certificates
            revoked_on = issued + dt.timedelta(days=7)
            row = [sealer.id, cohort.program.id, cohort.id, str(cohort.program.hours), cohort.ends.isoformat(),
                   issued.isoformat(), until, "revoked" if revoke else "issued",
                   revoked_on.isoformat() if revoke else "", "", sealer.seal(HOLDER, holder),
                   sealer.seal(REASON, "issued with a typo in the name") if revoke else ""]
            yield issued.year, row
            made += 1
            if revoke:  # the corrected certificate, issued on the revocation day
                again = revoked_on
                reissued = _code(rng)
                new = Sealer(reissued)
                if every == 1:
                    kept.append(reissued)
                yield again.year, [new.id, cohort.program.id, cohort.id, str(cohort.program.hours),
                                   cohort.ends.isoformat(), again.isoformat(),
                                   valid_until(again, valid_years).isoformat(), "issued", "", sealer.id,
                                   new.seal(HOLDER, holder), ""]
                made += 1


def _csv_line(cells: list[str]) -> str:
    return ",".join(cells) + "\n"  # generated cells hold no comma, quote or newline


def generate(out: Path, plan: Plan) -> dict[str, int]:
    """Write the project under `out` (which must be empty or absent); returns counts of what was written."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    rng = random.Random(plan.seed)
    (out / "data").mkdir(parents=True, exist_ok=True)
    for name in ("policy.yml", "calendar.yml"):
        shutil.copy(REPO / "data" / name, out / "data" / name)
    shutil.copytree(REPO / "data" / "schemas", out / "data" / "schemas")
    if plan.site:
        for name in _SITE_FILES:
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, out / name)
            else:
                shutil.copy(src, out / name)
    policy, _ = load_policy(out)
    cal = WorkingCalendar(country=policy.country)
    directions = list(policy.directions)
    first_year = plan.today.year - YEARS + 1
    programs: list[GeneratedProgram] = []
    for i in range(plan.programs):
        slug = _TOPICS[i % len(_TOPICS)][0]
        pid = f"p{i + 1:05d}-{slug}"
        start = dt.date(first_year - 1, 1, 10) + dt.timedelta(days=i % 60)
        lifecycle = _lifecycle(cal, start, policy, plan.today)
        files = _program_files(pid, i, lifecycle, directions[i % len(directions)], policy, rng)
        for name, text in files.items():
            _write(out / "programs" / pid / name, text)
        approved = next(e["date"] for e in lifecycle if e["event"] == "approved")
        programs.append(GeneratedProgram(id=pid, direction=directions[i % len(directions)],
                                         form=("blended", "in-person", "online")[i % 3], hours=policy.course_hours,
                                         approved=approved))  # type: ignore[arg-type]
    cohorts = list(_cohorts(plan, programs, cal, rng))
    schedule: dict[int, list[str]] = {}
    for c in cohorts:
        schedule.setdefault(c.starts.year, []).append(_csv_line(
            [c.id, c.program.id, c.language, str(c.group), c.starts.isoformat(), c.ends.isoformat(), c.region,
             c.program.form, str(PER_COHORT), "true"]))
    header = "cohort,program,language,group,starts,ends,region,format,capacity,agreed\n"
    for year, lines in schedule.items():
        _write(out / "data" / "schedule" / f"{year}.csv", header + "".join(lines))
    register: dict[int, list[str]] = {}
    rows = 0
    kept: list[str] = []
    if plan.certificates:
        for year, cells in _register_rows(plan, cohorts, policy.certificate_valid_years, rng, kept):
            register.setdefault(year, []).append(_csv_line(cells))
            rows += 1
        # a sample of the codes, in the generated project's private tree (git-ignored), for the lookup benchmark
        _write(out / "private" / SAMPLE_CODES, "".join(f"{codes.display(c)}\n" for c in kept))
    (out / "data" / "certificates").mkdir(parents=True, exist_ok=True)
    for year, lines in sorted(register.items()):
        _write(out / "data" / "certificates" / f"{year}.csv", ",".join(COLUMNS) + "\n" + "".join(lines))
    orgs = _organizations(max(12, plan.programs), rng)
    _write(out / "data" / "organizations.csv", orgs)
    _write(out / "data" / "networks" / "centres.csv", _centres(orgs))
    trainers = ["id,name,languages,category,experience_years,programs\n"]
    for i, p in enumerate(programs):
        trainers.append(_csv_line([f"trainer-{i + 1}", f"{rng.choice(_SURNAMES)} {rng.choice(_NAMES)[0]}. (fictional)",
                                   "kk;ru", "teacher", str(3 + i % 10), p.id]))
    _write(out / "data" / "trainers.csv", "".join(trainers))
    _write(out / "data" / "datapackage.json", _datapackage(sorted(schedule), sorted(register)))
    if rows:
        _publish_aggregates(out, plan.today)
    return {"programs": len(programs), "cohorts": len(cohorts), "certificates": rows,
            "register_files": len(register)}


def _publish_aggregates(out: Path, today: dt.date) -> None:
    """What the staff run after certifying, `ustaz publish aggregates`: the statistics tables agree with the
    register (else `ustaz check` warns `aggregate-stale`)."""
    from ustaz.aggregates.publish import publish
    from ustaz.checks import Context
    from ustaz.project import Project

    publish(Context(project=Project.load(out, out / "private"), today=today))


def _organizations(n: int, rng: random.Random) -> str:
    """Leading schools, each with up to ten partners of its own region (N-2, N-3), urban and rural."""
    lines = ["id,name_kk,name_ru,region,locality,network_role,leading\n"]
    leading, region = "", ""
    for i in range(n):
        oid = f"school-{i + 1:04d}"
        role = "leading" if i % 11 == 0 else "partner"
        if role == "leading" and i == n - 1:
            role = ""  # a last school would lead no partners: it stays outside the networks
        elif role == "leading":
            leading, region = oid, _KZ_REGIONS[rng.randrange(len(_KZ_REGIONS))]
        lines.append(_csv_line([oid, f"№ {i + 1} мектеп (ойдан шығарылған)", f"Школа № {i + 1} (вымышленная)",
                                region, ("urban", "rural")[i % 2], role, leading if role == "partner" else ""]))
    return "".join(lines)


def _centres(organizations: str) -> str:
    """A coordination centre for every region with a leading school (N-3)."""
    regions = sorted({line.split(",")[3] for line in organizations.splitlines()[1:]})
    lines = ["id,region,name_kk,name_ru,leaders\n"]
    lines += [_csv_line([f"centre-{r.lower()}", r, f"{r} үйлестіру орталығы", f"Координационный центр {r}",
                         "trainer-1"])  # its network leader (N-3), a trainer of data/trainers.csv
              for r in regions]
    return "".join(lines)


def _datapackage(schedule_years: list[int], register_years: list[int]) -> str:
    def resource(name: str, title: str, paths: list[str] | str, schema: str) -> dict[str, object]:
        return {"name": name, "title": title, "path": paths, "profile": "tabular-data-resource", "format": "csv",
                "encoding": "utf-8", "schema": schema}
    resources = [
        resource("schedule", "Annual schedule of courses (C-2)", [f"schedule/{y}.csv" for y in schedule_years],
                 "schemas/schedule.json"),
        resource("trainers", "Roster of trainers (C-4)", "trainers.csv", "schemas/trainers.json"),
        resource("organizations", "Schools of the networks (N-2)", "organizations.csv", "schemas/organizations.json"),
        resource("network-centres", "Coordination centres (N-3)", "networks/centres.csv",
                 "schemas/network-centres.json"),
    ]
    if register_years:
        resources.append(resource("certificates", "Register of certificates (C-16, C-20); append-only",
                                  [f"certificates/{y}.csv" for y in register_years], "schemas/certificates.json"))
    return json.dumps({"name": "ustaz-public-data", "title": "Public tables of the centre (generated, fictional)",
                       "resources": resources}, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--programs", type=int, required=True)
    parser.add_argument("--certificates", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=TODAY)
    parser.add_argument("--no-site", action="store_true", help="Do not copy mkdocs.yml, overrides/ and content/.")
    args = parser.parse_args(argv)
    if args.programs < 1 or args.certificates < 0:
        parser.error("--programs must be at least 1 and --certificates at least 0")
    counts = generate(args.out, Plan(programs=args.programs, certificates=args.certificates, seed=args.seed,
                                     today=args.today, site=not args.no_site))
    print(", ".join(f"{v} {k}" for k, v in counts.items()), "in", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
