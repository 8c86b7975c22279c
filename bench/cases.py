"""The benchmark cases: each measures ustaz and, where there is one, the reference tool in the same run."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import fast, seeded
from .generate import TODAY, Plan
from .measure import BIN, Run, best_of, run, size_of

PYTHON = str(BIN / "python")
USTAZ = str(BIN / "ustaz")
FRICTIONLESS = str(BIN / "frictionless")
MKDOCS = str(BIN / "mkdocs")
DAY = TODAY.isoformat()
# USTAZ_TODAY: the generated content is dated; NO_MKDOCS_2_WARNING: Material's end-of-life banner;
# USTAZ_NO_CACHE: every site build prints every .docx (a repeated build of the reused project would otherwise
# take them from the document cache, and the fastest of the repeats would measure the cache)
ENV = {"USTAZ_TODAY": DAY, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1", "USTAZ_NO_CACHE": "1"}


@dataclass(frozen=True, kw_only=True)
class Row:
    """One line of the results table."""

    case: str
    measure: str
    ustaz: str
    reference: str = ""
    ratio: str = ""
    goal: str = ""
    met: bool | None = None  # None: no goal on this line


@dataclass(kw_only=True)
class Bench:
    work: Path
    big_certificates: int = 1_000_000
    big_programs: int = 100
    site_pages: tuple[int, ...] = (500, 2000)
    pdf_count: int = 1000
    phone_certificates: int = 20_000
    phone_runs: int = 5
    repeat: int = 1
    notes: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        print(f"  {text}", flush=True)

    def project(self, name: str, plan: Plan) -> Path:
        """A generated project, reused while its plan is unchanged."""
        out = self.work / name
        stamp = out / ".plan.json"
        wanted = json.dumps({"programs": plan.programs, "certificates": plan.certificates, "seed": plan.seed,
                             "today": plan.today.isoformat(), "site": plan.site, "generator": _generator_hash()})
        if stamp.exists() and stamp.read_text() == wanted:
            return out
        if out.exists():
            shutil.rmtree(out)
        self.say(f"generating {name}: {plan.programs} programs, {plan.certificates:,} certificates …")
        # in a child process: this process stays small, because every child it starts inherits its peak
        # memory (Linux keeps the high-water mark across fork and exec), which would inflate each measurement
        cmd = [PYTHON, "-m", "bench.generate", "--programs", str(plan.programs), "--certificates",
               str(plan.certificates), "--out", str(out), "--seed", str(plan.seed), "--today", plan.today.isoformat()]
        made = run([*cmd, *([] if plan.site else ["--no-site"])], cwd=_repo(), env=ENV).expect(0)
        stamp.write_text(wanted)
        self.say(f"generated {made.stdout.strip()}")
        return out

    def big(self) -> Path:
        return self.project("big", Plan(programs=self.big_programs, certificates=self.big_certificates, site=False))

    # (1) ---------------------------------------------------------------------------------------------
    def register(self) -> list[Row]:
        root = self.big()
        combined = root / "all-certificates.csv"  # the same rows in one file (outside data/): one table
        if not combined.exists() or combined.stat().st_mtime < (root / ".plan.json").stat().st_mtime:
            with combined.open("w", encoding="utf-8") as out:  # streamed: this process stays small (see above)
                for i, part in enumerate(sorted((root / "data/certificates").glob("*.csv"))):
                    with part.open(encoding="utf-8") as f:
                        if i:
                            f.readline()  # the header once
                        shutil.copyfileobj(f, out)
        with combined.open(encoding="utf-8") as f:
            rows = sum(1 for _ in f) - 1
        self.say(f"ustaz check data/certificates ({rows:,} rows) …")
        ours = best_of(self.repeat, [USTAZ, "check", "--today", DAY, "data/certificates"], cwd=root, env=ENV)
        self.say(f"frictionless validate ({rows:,} rows) …")
        theirs = best_of(self.repeat, [FRICTIONLESS, "validate", "--json", "--schema", "data/schemas/certificates.json",
                                       combined.name], cwd=root, env=ENV)
        report = json.loads(theirs.stdout)
        if not report["valid"]:
            raise RuntimeError(f"frictionless finds errors in the generated register: {theirs.stdout[:2000]}")
        sample = min(rows, 200_000)
        schema = json.loads(run([PYTHON, "-m", "bench.child", "schema", str(combined), str(sample)], cwd=_repo(),
                                env=ENV).expect(0).stdout)
        out = [
            Row(case="1 register", measure=f"`ustaz check data/certificates` ({rows:,} rows: schema, row, cohort and "
                "history rules) vs `frictionless validate` (schema), wall s", ustaz=f"{ours.wall:.1f}",
                reference=f"{theirs.wall:.1f}", ratio=_ratio(theirs.wall, ours.wall), goal="≥ 10×",
                met=theirs.wall / ours.wall >= 10),
            Row(case="1 register", measure=f"same, CPU s (user+sys, all processes); peak RSS MB {ours.peak_rss_mb:.0f} "
                f"vs {theirs.peak_rss_mb:.0f}", ustaz=f"{ours.cpu:.1f}", reference=f"{theirs.cpu:.1f}",
                ratio=_ratio(theirs.cpu, ours.cpu)),
            Row(case="1 register", measure="rows/s (wall)", ustaz=f"{rows / ours.wall:,.0f}",
                reference=f"{rows / theirs.wall:,.0f}"),
            Row(case="1 register", measure=f"schema pass alone, both in one process on the same {schema['rows']:,} rows, "
                "rows per CPU s", ustaz=f"{schema['ustaz_rows_per_cpu_s']:,.0f}",
                reference=f"{schema['frictionless_rows_per_cpu_s']:,.0f}",
                ratio=_ratio(schema["ustaz_rows_per_cpu_s"], schema["frictionless_rows_per_cpu_s"]), goal="≥ 10×",
                met=schema["ustaz_rows_per_cpu_s"] >= 10 * schema["frictionless_rows_per_cpu_s"]),
        ]
        return out + self.seeded()

    def seeded(self) -> list[Row]:
        root = self.project("seeded", Plan(programs=2, certificates=0, site=False))
        path = "data/certificates/2026.csv"
        (root / path).write_text(seeded.seeded_register(), encoding="utf-8")
        ours = run([USTAZ, "check", "--today", DAY, "--format", "json", path], cwd=root, env=ENV).expect(1)
        theirs = run([FRICTIONLESS, "validate", "--json", "--schema", "data/schemas/certificates.json", path],
                     cwd=root, env=ENV).expect(1)
        a = seeded.ustaz_findings(ours.stdout, path)
        b = seeded.frictionless_findings(theirs.stdout)
        print("  seeded-error file: (line, finding, field)")
        for key in sorted(a | b):
            where = "both" if key in a and key in b else ("ustaz only" if key in a else "frictionless only")
            print(f"    {key[0]:>3} {key[1]:<20} {key[2]:<15} {where}")
        return [Row(case="1 register", measure=f"seeded-error file: same findings ({len(a)} ustaz, {len(b)} "
                    "frictionless)", ustaz=str(len(a)), reference=str(len(b)), ratio="",
                    goal="equal sets", met=a == b and len(a) > 0)]

    # (2) ---------------------------------------------------------------------------------------------
    def check(self) -> list[Row]:
        root = self.big()
        self.say(f"ustaz check, whole project ({self.big_certificates:,} certificates) …")
        r = best_of(self.repeat, [USTAZ, "check", "--today", DAY], cwd=root, env=ENV)
        return [
            Row(case="2 check", measure=f"whole `ustaz check`, {self.big_certificates:,} certificates, wall s",
                ustaz=f"{r.wall:.1f}", goal="≤ 10 s", met=r.wall <= 10),
            Row(case="2 check", measure="same, CPU s (user+sys)", ustaz=f"{r.cpu:.1f}", goal="≤ 10 s", met=r.cpu <= 10),
            Row(case="2 check", measure="same, peak RSS MB", ustaz=f"{r.peak_rss_mb:.0f}", goal="≤ 500 MB",
                met=r.peak_rss_mb <= 500),
        ]

    # (3) ---------------------------------------------------------------------------------------------
    def site(self) -> list[Row]:
        rows: list[Row] = []
        per_page: dict[int, tuple[float, float]] = {}
        for pages in self.site_pages:
            programs = max(1, (pages - _FIXED_PAGES) // _PAGES_PER_PROGRAM)
            root = self.project(f"site-{pages}", Plan(programs=programs, certificates=1000))
            bare_root = self.work / f"bare-{pages}"
            if bare_root.exists():
                shutil.rmtree(bare_root)
            run([PYTHON, "-m", "bench.child", "bare", str(root), str(bare_root)], cwd=_repo(), env=ENV).expect(0)
            self.say(f"ustaz build, {programs} programs …")
            ours = best_of(self.repeat, [USTAZ, "build", "--today", DAY, "--site-dir", str(self.work / "site-ustaz")],
                           cwd=root, env=ENV)
            built = _html_pages(self.work / "site-ustaz")
            self.say("bare mkdocs build …")
            theirs = best_of(self.repeat, [MKDOCS, "build", "--quiet", "--site-dir", str(self.work / "site-bare")],
                             cwd=bare_root, env=ENV)
            bare_pages = _html_pages(self.work / "site-bare")
            per_page[pages] = (ours.cpu / built, theirs.cpu / bare_pages)  # CPU: steady under other load
            rows += [
                Row(case="3 site", measure=f"build, {built} pages (bare: {bare_pages}), wall s", ustaz=f"{ours.wall:.1f}",
                    reference=f"{theirs.wall:.1f}", ratio=_ratio(ours.wall, theirs.wall), goal="≤ 1.3×",
                    met=ours.wall <= 1.3 * theirs.wall),
                Row(case="3 site", measure=f"same, CPU s; peak RSS MB {ours.peak_rss_mb:.0f} vs {theirs.peak_rss_mb:.0f}",
                    ustaz=f"{ours.cpu:.1f}", reference=f"{theirs.cpu:.1f}", ratio=_ratio(ours.cpu, theirs.cpu),
                    goal="≤ 1.3×", met=ours.cpu <= 1.3 * theirs.cpu),
            ]
        if len(self.site_pages) >= 2:
            lo, hi = self.site_pages[0], self.site_pages[-1]
            growth = per_page[hi][0] / per_page[lo][0]
            rows.append(Row(case="3 site", measure=f"CPU ms per page at {lo} → {hi} pages (linear: ratio ≈ 1)",
                            ustaz=f"{per_page[lo][0] * 1000:.0f} → {per_page[hi][0] * 1000:.0f}",
                            reference=f"{per_page[lo][1] * 1000:.0f} → {per_page[hi][1] * 1000:.0f}",
                            ratio=f"{growth:.2f}", goal="≤ 1.2 (linear)", met=growth <= 1.2))
        return rows

    # (4) ---------------------------------------------------------------------------------------------
    def lookup(self) -> list[Row]:
        root = self.big()
        site = self.work / "lookup-site"
        if site.exists():
            shutil.rmtree(site)
        self.say(f"lookup data for {self.big_certificates:,} certificates …")
        r = run([PYTHON, "-m", "bench.child", "lookup", str(root), str(site), DAY], cwd=_repo(), env=ENV).expect(0)
        got = json.loads(r.stdout)
        data = site / "verify/data"
        # a lookup that finds its record fetches the manifest, one group, one shard and programs.json (ustaz-verify/4)
        manifest = (data / "index.json").stat().st_size
        group = max(p.stat().st_size for p in (data / "g").glob("*.bin"))
        shard = got["largest_shard"]
        titles = (data / "programs.json").stat().st_size
        per_lookup = manifest + group + shard + titles
        files = sum(1 for p in data.rglob("*") if p.is_file())
        return [
            Row(case="4 lookup", measure=f"build for {got['certificates']:,} certificates, s (load {got['load_s']:.1f} "
                f"+ build {got['build_s']:.1f}); peak RSS {r.peak_rss_mb:.0f} MB", ustaz=f"{r.wall:.1f}",
                reference="29.0", goal="≤ 29 s (ustaz-verify/2)", met=r.wall <= 29),
            Row(case="4 lookup", measure=f"total size, MB ({got['shards']:,} shards in {got['groups']} groups; "
                f"{files:,} files)", ustaz=f"{size_of(data) / 1e6:.0f}"),
            Row(case="4 lookup", measure=f"bytes per lookup (manifest {manifest:,} + group {group:,} + the largest shard "
                f"{shard:,} + programs.json {titles:,})", ustaz=f"{per_lookup:,}", goal="≤ 16 KB",
                met=per_lookup <= 16 * 1024),
            Row(case="4 lookup", measure=f"one lookup read back (manifest, group, shard, open the seals, titles), ms ({got['lookups']} sampled)",
                ustaz=f"{got['lookup_ms']:.1f}"),
        ]

    # (5) ---------------------------------------------------------------------------------------------
    def pdf(self) -> list[Row]:
        root = self.project("pdf", Plan(programs=5, certificates=self.pdf_count, site=False))
        out = self.work / "pdf-out"
        if out.exists():
            shutil.rmtree(out)
        self.say(f"{self.pdf_count} certificates to PDF …")
        r = run([PYTHON, "-m", "bench.child", "pdf", str(root), str(out), str(self.pdf_count)], cwd=_repo(),
                env=ENV).expect(0)
        got = json.loads(r.stdout)
        return [Row(case="5 pdf", measure=f"{got['pdfs']} certificates (2 pages, QR) rendered, wall s "
                    f"({got['ms_per_pdf']:.1f} ms each; whole process {r.wall:.1f} s)", ustaz=f"{got['render_s']:.1f}",
                    goal="≤ 10 s", met=got["render_s"] <= 10),
                # the goal is the time a user waits for the batch; the CPU time (all the workers') is shown beside it
                Row(case="5 pdf", measure="same, CPU s (the process and its workers: what one core would take)",
                    ustaz=f"{got['render_cpu_s']:.1f}")]


    # (6) ---------------------------------------------------------------------------------------------
    def verify(self) -> list[Row]:
        """The verify page on a slow phone (#18, bench/phone.py): the example project with a register of
        `phone_certificates` synthetic rows, built as `make site` builds it, one QR link opened cold."""
        root = self.work / "phone-project"
        site = self.work / "phone-site"
        for old in (root, site):
            if old.exists():
                shutil.rmtree(old)
        root.mkdir(parents=True)
        repo = _repo()
        for name in ("programs", "data", "content", "overrides", "mkdocs.yml"):
            (shutil.copytree if (repo / name).is_dir() else shutil.copy)(repo / name, root / name)
        self.say(f"the example site with {self.phone_certificates:,} certificates …")
        code = run([PYTHON, "-m", "bench.phone", "prepare", str(root), str(self.phone_certificates)], cwd=repo,
                   env=ENV).expect(0).stdout.strip()
        # the synthetic rows' cohorts are not in the schedule: the check's errors are not this case's subject
        run([USTAZ, "build", "--site-dir", str(site), "--allow-errors"], cwd=root, env=ENV).expect(0)
        self.say(f"{self.phone_runs} cold visits on the slow phone profile …")
        r = run([PYTHON, "-m", "bench.phone", "measure", str(site), code, "--runs", str(self.phone_runs)], cwd=repo,
                env=ENV).expect(0)
        got = json.loads(r.stdout)
        (self.work / "phone.json").write_text(r.stdout, encoding="utf-8")
        b = got["bytes"]
        kinds = ", ".join(f"{k} {b[k]:,}" for k in ("html", "css", "js", "data", "image", "font", "other") if k in b)
        runs = ", ".join(f"{v['verdict_ms'] / 1000:.2f}" for v in got["runs"])
        return [
            Row(case="6 phone", measure=f"verify page from QR link to verdict on screen, s (median of {len(got['runs'])}: "
                f"{runs}; 400 kbit/s, 400 ms RTT, 4× CPU)", ustaz=f"{got['verdict_ms'] / 1000:.2f}", goal="≤ 3 s",
                met=got["verdict_ms"] <= 3000 and got["status"] == "valid"),
            Row(case="6 phone", measure="same, the code shown while it is checked (first paint "
                f"{got['first_paint_ms'] / 1000:.2f} s), s", ustaz=f"{got['code_ms'] / 1000:.2f}"),
            Row(case="6 phone", measure=f"bytes on the wire, gzip ({kinds})", ustaz=f"{got['total_bytes']:,}"),
        ]


CASES: dict[str, Callable[[Bench], list[Row]]] = {
    "register": Bench.register, "check": Bench.check, "site": Bench.site, "lookup": Bench.lookup, "pdf": Bench.pdf,
    "verify": Bench.verify,
    "setup": fast.setup, "incremental": fast.incremental, "deploy": fast.deploy,  # issue 22: bench/fast.py
}

# pages the ustaz site has besides the programs' (hand-written, catalogue, drafts, schedule, verify, statistics)
_FIXED_PAGES = 43
_PAGES_PER_PROGRAM = 6  # program page and discussion record in each of the three site languages


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def _html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def _repo() -> Path:
    return Path(__file__).resolve().parent.parent


def _generator_hash() -> str:
    """The generator and every file it copies into a project (data/ and the site files): a change to any of
    them makes the benchmark generate its projects anew instead of reusing stale ones."""
    import hashlib

    from .generate import _SITE_FILES

    digest = hashlib.sha256((Path(__file__).parent / "generate.py").read_bytes())
    repo = _repo()
    for name in ("data", *_SITE_FILES):
        top = repo / name
        for path in sorted([top] if top.is_file() else (p for p in top.rglob("*") if p.is_file())):
            digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


__all__ = ["CASES", "Bench", "Row", "Run"]
