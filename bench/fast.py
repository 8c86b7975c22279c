"""Issue 22's cases — feedback in seconds — each beside its reference in the same run.

- `setup`: `make site` on a fresh clone (uv) vs a plain pip install of the same pins (bench/fresh.py).
- `incremental`: a pull request adding 100 certificates to the 1,000,000-row register, or one program, checked
  with the content-addressed cache that CI restores (ustaz/cache.py) vs the same check from nothing; and the
  site build, full vs `mkdocs build --dirty`.
- `deploy`: the lookup data at 1,000,000 certificates, then a day's change (300 certificates): what a deploy
  that uploads everything sends (GitHub Pages' artifact; an mtime-based sync after a fresh build) vs what
  `ustaz deploy --previous` lists.

`python -m bench.fast lookup ROOT SITE` (a child process) builds the lookup data with a fixed signing key,
as a centre's deploys do (a new key per build would change every signed file).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .measure import run, size_of

if TYPE_CHECKING:
    from .cases import Bench, Row

DAY_CHANGE = 300  # certificates a busy centre adds in a day
PR_CERTIFICATES = 100  # certificates a pull request adds


def _cases():  # type: ignore[no-untyped-def]
    from . import cases
    return cases


def setup(bench: Bench) -> list[Row]:
    from . import fresh
    c = _cases()
    bench.say("fresh clones: make site (uv, empty cache; then warm cache) and plain pip …")
    got = fresh.measure(c._repo(), bench.work / "fresh")
    pip_total = got["pip_venv"] + got["pip_install"]
    return [
        c.Row(case="6 setup", measure="fresh clone: `make site` (venv, uv, install, build; empty uv cache) vs plain "
              "pip (venv + `pip install --no-cache-dir -c constraints.txt -e .[test]`, no build), wall s",
              ustaz=f"{got['make_site_cold']:.1f}", reference=f"{pip_total:.1f}",
              ratio=c._ratio(got["make_site_cold"], pip_total), goal="≤ 0.5×",
              met=got["make_site_cold"] <= 0.5 * pip_total),
        c.Row(case="6 setup", measure="same, `make site` with the uv cache warm (a second clone; CI with its "
              "cache restored)", ustaz=f"{got['make_site_warm']:.1f}", reference=f"{pip_total:.1f}",
              ratio=c._ratio(got["make_site_warm"], pip_total)),
        c.Row(case="6 setup", measure=f"like for like: plain pip then `ustaz build` ({got['pip_build']:.1f} s), "
              "wall s", ustaz=f"{got['make_site_cold']:.1f}", reference=f"{pip_total + got['pip_build']:.1f}",
              ratio=c._ratio(got["make_site_cold"], pip_total + got["pip_build"])),
    ]


def _new_rows(path: Path, n: int, seed: int) -> list[str]:
    """`n` new rows like the file's last ones, each issued under a fresh valid code (as `ustaz course certify`
    makes it): the code's id, the holder sealed with the code's key, no revocation and nothing superseded."""
    from ustaz.certificates import codes
    from ustaz.certificates.sealing import HOLDER, Sealer
    rng = random.Random(seed)
    with path.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    tail = path.read_bytes()[-200_000:].decode("utf-8", "replace").splitlines()[1:]
    at = {name: header.index(name) for name in ("id", "status", "revoked_on", "supersedes", "holder_seal",
                                                "reason_seal")}
    out = []
    for k, line in enumerate(tail[-n:]):
        cells = line.split(",")  # sealed cells are base64url and ids hex: no commas, no quotes
        data = "".join(rng.choice(codes.ALPHABET) for _ in range(codes.DATA_SYMBOLS))
        sealer = Sealer(data + codes.check_symbol(data))
        cells[at["id"]] = sealer.id
        cells[at["holder_seal"]] = sealer.seal(HOLDER, f"Bench Holder {seed}-{k} (fictional)")
        cells[at["status"]] = "issued"
        for name in ("revoked_on", "supersedes", "reason_seal"):
            cells[at[name]] = ""
        out.append(",".join(cells))
    return out


class _Appended:
    """Rows appended to a register file for the length of a `with`, the file restored after (the generated
    project is reused by the other cases)."""

    def __init__(self, path: Path, rows: list[str]) -> None:
        self.path, self.rows = path, rows
        self.backup = path.with_suffix(".csv.bench-backup")

    def __enter__(self) -> None:
        shutil.copyfile(self.path, self.backup)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write("".join(f"{r}\n" for r in self.rows))

    def __exit__(self, *exc: object) -> None:
        shutil.move(self.backup, self.path)


def incremental(bench: Bench) -> list[Row]:
    c = _cases()
    root = bench.big()
    latest = max((root / "data/certificates").glob("*.csv"))
    cache_dir = bench.work / "check-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    warm = {**c.ENV, "USTAZ_NO_CACHE": "", "USTAZ_CACHE_DIR": str(cache_dir)}
    whole = [c.USTAZ, "check", "--today", c.DAY]
    register = [*whole, "data/certificates"]
    bench.say("the base's check fills the cache (as the default branch's run saves it) …")
    run(whole, cwd=root, env=warm).expect(0)
    rows: list[Row] = []
    with _Appended(latest, _new_rows(latest, PR_CERTIFICATES, seed=22)):
        for name, cmd in (("whole `ustaz check`", whole), ("`ustaz check data/certificates`", register)):
            bench.say(f"{name}, {PR_CERTIFICATES} certificates added: cold, then with the cache …")
            cold = c.best_of(bench.repeat, cmd, cwd=root, env=c.ENV)
            cached = c.best_of(bench.repeat, cmd, cwd=root, env=warm)
            rows += [
                c.Row(case="7 incremental", measure=f"PR adds {PR_CERTIFICATES} certificates to {latest.name} of "
                      f"{bench.big_certificates:,}: {name}, cache restored vs none, wall s", ustaz=f"{cached.wall:.1f}",
                      reference=f"{cold.wall:.1f}", ratio=c._ratio(cold.wall, cached.wall)),
                c.Row(case="7 incremental", measure="same, CPU s", ustaz=f"{cached.cpu:.1f}", reference=f"{cold.cpu:.1f}",
                      ratio=c._ratio(cold.cpu, cached.cpu)),
            ]
    rows += _one_program(bench, root, whole, warm)
    rows += _site_dirty(bench)
    return rows


def _one_program(bench: Bench, root: Path, whole: list[str], warm: dict[str, str]) -> list[Row]:
    c = _cases()
    source = min(p for p in (root / "programs").iterdir() if p.is_dir())
    new = root / "programs" / "bench-new-program"
    shutil.copytree(source, new)
    try:
        yml = new / "program.yml"
        yml.write_text(yml.read_text(encoding="utf-8").replace(f"id: {source.name}", f"id: {new.name}", 1),
                       encoding="utf-8")
        bench.say("a PR adding one program: whole check, cold, then with the cache …")
        cold = c.best_of(bench.repeat, whole, cwd=root, env=c.ENV, ok=(0, 1))
        cached = c.best_of(bench.repeat, whole, cwd=root, env=warm, ok=(0, 1))
        scoped = c.best_of(bench.repeat, [*whole, f"programs/{new.name}"], cwd=root, env=warm, ok=(0, 1))
    finally:
        shutil.rmtree(new)
    return [c.Row(case="7 incremental", measure="PR adds one program: whole `ustaz check`, cache restored vs none, "
                  "wall s", ustaz=f"{cached.wall:.1f}", reference=f"{cold.wall:.1f}", ratio=c._ratio(cold.wall, cached.wall)),
            c.Row(case="7 incremental", measure="same, `ustaz check programs/NEW` (the changed folder only), wall s",
                  ustaz=f"{scoped.wall:.1f}", reference=f"{cold.wall:.1f}", ratio=c._ratio(cold.wall, scoped.wall))]


def _site_dirty(bench: Bench) -> list[Row]:
    """`mkdocs build --dirty` after one program text changed, vs a full build, on a copy of this repository's
    example site: what mkdocs' own incremental mode gives."""
    c = _cases()
    repo = c._repo()
    site_root = bench.work / "dirty-site"
    shutil.rmtree(site_root, ignore_errors=True)
    for name in ("programs", "data", "content", "overrides", "mkdocs.yml"):
        src = repo / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, site_root / name)
    out = site_root / "site"
    full = c.best_of(bench.repeat, [c.MKDOCS, "build", "--quiet", "--site-dir", str(out)], cwd=site_root, env=c.ENV)
    text = min((site_root / "programs").glob("*/program.*.md"))
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    dirty = run([c.MKDOCS, "build", "--quiet", "--dirty", "--site-dir", str(out)], cwd=site_root, env=c.ENV).expect(0)
    pages = c._html_pages(out)
    shutil.rmtree(site_root, ignore_errors=True)
    return [c.Row(case="7 incremental", measure=f"site after one program text changed ({pages} pages): "
                  "`mkdocs build --dirty` vs full, wall s", ustaz=f"{dirty.wall:.1f}", reference=f"{full.wall:.1f}",
                  ratio=c._ratio(full.wall, dirty.wall))]


def deploy(bench: Bench) -> list[Row]:
    c = _cases()
    root = bench.big()
    latest = max((root / "data/certificates").glob("*.csv"))
    sites = [bench.work / "deploy-before", bench.work / "deploy-after"]
    for s in sites:
        shutil.rmtree(s, ignore_errors=True)
    bench.say(f"lookup data for {bench.big_certificates:,} certificates (the deployed state) …")
    first = run([c.PYTHON, "-m", "bench.fast", "lookup", str(root), str(sites[0])], cwd=c._repo(),
                env=c.ENV).expect(0)
    manifest = run([c.USTAZ, "deploy", "--site-dir", str(sites[0]), "--format", "json"], cwd=root, env=c.ENV).expect(0)
    everything = json.loads(manifest.stdout)
    previous = bench.work / "deploy-previous.json"
    shutil.copyfile(sites[0] / "deploy-manifest.json", previous)
    bench.say("the same register again (no change: what a rebuild alone costs) …")
    run([c.PYTHON, "-m", "bench.fast", "lookup", str(root), str(sites[1])], cwd=c._repo(), env=c.ENV).expect(0)
    same = json.loads(run([c.USTAZ, "deploy", "--site-dir", str(sites[1]), "--previous", str(previous), "--format",
                           "json"], cwd=root, env=c.ENV).expect(0).stdout)
    shutil.rmtree(sites[1])
    bench.say(f"a day's change: {DAY_CHANGE} certificates, the lookup data again …")
    with _Appended(latest, _new_rows(latest, DAY_CHANGE, seed=23)):
        second = run([c.PYTHON, "-m", "bench.fast", "lookup", str(root), str(sites[1])], cwd=c._repo(),
                     env=c.ENV).expect(0)
    rebuilt = json.loads(second.stdout)
    diff = run([c.USTAZ, "deploy", "--site-dir", str(sites[1]), "--previous", str(previous), "--format", "json"],
               cwd=root, env=c.ENV).expect(0)
    changed = json.loads(diff.stdout)
    total = size_of(sites[1] / "verify")
    files = sum(1 for p in (sites[1] / "verify").rglob("*") if p.is_file())
    raw, wire = _per_lookup(sites[1] / "verify/data", int(rebuilt["largest_shard"]))
    for s in sites:
        shutil.rmtree(s, ignore_errors=True)
    up, n_up = changed["upload_bytes"], len(changed["upload"])
    kinds = {"shards": "verify/data/s/", "groups": "verify/data/g/"}
    parts = {k: sum(1 for p in changed["upload"] if p.startswith(prefix)) for k, prefix in kinds.items()}
    others = [p for p in changed["upload"] if not p.startswith(tuple(kinds.values()))]
    return [
        c.Row(case="8 deploy", measure="no change (the same register built again): MB uploaded, `ustaz deploy "
              f"--previous` ({len(same['upload']):,} files) vs the whole lookup", ustaz=f"{same['upload_bytes'] / 1e6:.1f}",
              reference=f"{total / 1e6:.0f}"),
        c.Row(case="8 deploy", measure=f"lookup data at {bench.big_certificates:,} certificates: build s (a deploy "
              f"rebuilds it; manifest of {len(everything['upload']):,} files {manifest.wall:.1f} s)",
              ustaz=f"{json.loads(first.stdout)['build_s']:.1f}"),
        c.Row(case="8 deploy", measure="a day's change: lookup shards before → after (named by the id's first four hex "
              "digits: at most 65,536, whatever the register's size)", ustaz=f"{json.loads(first.stdout)['shards']:,} → {rebuilt['shards']:,}"),
        c.Row(case="8 deploy", measure=f"a day's change ({DAY_CHANGE} certificates): MB uploaded, `ustaz deploy "
              f"--previous` ({n_up:,} of {files:,} files) vs the whole lookup (Pages artifact, mtime sync)",
              ustaz=f"{up / 1e6:.1f}", reference=f"{total / 1e6:.0f}", ratio=c._ratio(total, up) if up else "—",
              goal="≤ 5 MB (a few)", met=up <= 5e6),
        c.Row(case="8 deploy", measure=f"same, what changed: {parts['shards']:,} shards, {parts['groups']} groups and "
              f"{', '.join(others) or 'nothing else'}", ustaz=f"{n_up:,} files"),
        c.Row(case="8 deploy", measure="bytes per lookup, raw (" + " + ".join(f"{k} {v:,}" for k, v in raw.items())
              + "; the largest shard)", ustaz=f"{sum(raw.values()):,}"),
        c.Row(case="8 deploy", measure="same, on the wire (gzip -9 as a static host serves text; the group is "
              "binary: " + " + ".join(f"{k} {v:,}" for k, v in wire.items()) + ")", ustaz=f"{sum(wire.values()):,}"),
    ]


def _per_lookup(data: Path, largest_shard: int) -> tuple[dict[str, int], dict[str, int]]:
    """What one lookup reads (ustaz-verify/4: the manifest, one group, one shard, programs.json), by file: raw
    bytes, and bytes as served (text gzip-compressed, the group's binary digests as they are)."""
    import gzip

    shard = max((p for p in (data / "s").glob("*.csv")), key=lambda p: p.stat().st_size)
    assert shard.stat().st_size == largest_shard
    group = next((data / "g").glob("*.bin"))
    files = {"manifest": data / "index.json", "group": group, "shard": shard, "programs.json": data / "programs.json"}
    raw = {k: p.stat().st_size for k, p in files.items()}
    wire = {k: len(gzip.compress(p.read_bytes(), 9, mtime=0)) if k != "group" else raw[k] for k, p in files.items()}
    return raw, wire


def lookup(root: Path, site: Path) -> dict[str, object]:
    """The lookup data of the project's register, signed with a fixed key (as a centre's deploys are)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ustaz.certificates import lookup as lookup_data
    from ustaz.certificates.register import Register
    from ustaz.project import Project

    project = Project.load(root)
    register = Register.load(root)
    programs = {p.id: dict(p.title) for p in project.program_map.values()}
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"ustaz bench deploy key").digest())
    t0 = time.perf_counter()
    stats = lookup_data.build(register.files, site, programs=programs, signer=key)
    return {"build_s": time.perf_counter() - t0, "certificates": stats.certificates, "shards": stats.shards,
            "largest_shard": stats.largest_shard}


if __name__ == "__main__":
    if sys.argv[1:2] != ["lookup"] or len(sys.argv) != 4:
        sys.exit("usage: python -m bench.fast lookup ROOT SITE")
    print(json.dumps(lookup(Path(sys.argv[2]), Path(sys.argv[3]))))
