"""Work the benchmarks time in a child process (so its peak memory is its own): `python -m bench.child CASE …`.

Each prints one JSON object with its own in-process timings on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path


def lookup_data(root: Path, site: Path, today: dt.date) -> dict[str, object]:
    """Lookup data for the project's sealed register, as the site build writes it (signed: a key is made here),
    from the public register alone; then the generator's sample of codes is looked up the way the page does."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from bench.generate import SAMPLE_CODES
    from ustaz.certificates import lookup
    from ustaz.certificates.register import Register
    from ustaz.project import Project

    t0 = time.perf_counter()
    project = Project.load(root)
    register = Register.load(root)
    t1 = time.perf_counter()
    programs = {p.id: dict(p.title) for p in project.program_map.values()}
    stats = lookup.build(register.files, site, programs=programs, signer=Ed25519PrivateKey.generate())
    t2 = time.perf_counter()
    sample = (root / "private" / SAMPLE_CODES).read_text(encoding="utf-8").split()[:50]
    t2b = time.perf_counter()
    for code in sample:
        result = lookup.lookup(site, code, today)
        if (result.verdict is lookup.Verdict.NOT_FOUND or not result.record.get("h")
                or result.title != dict(project.program_map[result.record["p"]].title)):
            raise SystemExit(f"lookup of {code} failed: {result}")
    t3 = time.perf_counter()
    return {"load_s": t1 - t0, "build_s": t2 - t1, "lookups": len(sample), "lookup_ms": (t3 - t2b) * 1000 / len(sample),
            "certificates": stats.certificates, "shards": stats.shards, "groups": stats.groups,
            "total_bytes": stats.total_bytes, "largest_shard": stats.largest_shard}


def pdfs(root: Path, out: Path, count: int) -> dict[str, object]:
    """`count` certificates of the register rendered to PDF (certificate + appendix with QR code)."""
    from ustaz.certificates.register import Register
    from ustaz.certificates.render import CertificateDocument, ModuleLine, document_names, render_many, verify_url
    from ustaz.project import Project

    project = Project.load(root)
    policy = project.policy
    from bench.generate import SAMPLE_CODES
    from ustaz.certificates.sealing import certificate_id

    # the register holds no code and no name: the generator kept the codes of a small register, as a centre's
    # private tree keeps them; the certificates are opened with them, as `ustaz course certify` prints them
    keys = {certificate_id(code): code
            for code in (root / "private" / SAMPLE_CODES).read_text(encoding="utf-8").split()}
    certs = []
    for cert in Register.load(root).with_codes(keys).certificates:
        if cert.code and cert.holder:
            certs.append(cert)
        if len(certs) == count:
            break
    if len(certs) < count:
        raise SystemExit(f"only {len(certs)} certificates of {root} open with the kept codes; {count} wanted")
    programs = project.program_map
    org = policy.organisation
    names = org.get("name", {})

    def document(i: int) -> CertificateDocument:
        cert = certs[i]
        lang = ("kk", "ru")[i % 2]
        program = programs[cert.program]
        certificate, appendix, _ = document_names(policy.documents, lang)
        return CertificateDocument(
            lang=lang, document=certificate, appendix=appendix, organisation=str(names.get(lang, "")),
            director=str(org.get("director", "")), holder=cert.holder, topic=program.title_in(lang),
            hours=program.hours, modules=tuple(ModuleLine(title=m.title.get(lang, ""), theory=m.hours.theory,
                                                          practice=m.hours.practice, independent=m.hours.independent)
                                               for m in program.modules),
            started=cert.course_ended - dt.timedelta(days=12), ended=cert.course_ended, issued=cert.issued,
            valid_until=cert.valid_until, code=cert.code, verify_url=verify_url(policy.site_url, cert.code))

    def cpu() -> float:  # this process and its reaped children (render_many's worker processes)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + kids.ru_utime + kids.ru_stime

    t0, c0 = time.perf_counter(), cpu()
    paths = list(render_many((document(i) for i in range(len(certs))), out))
    t1, c1 = time.perf_counter(), cpu()
    bad = [p.name for p in paths if not p.read_bytes().startswith(b"%PDF-")]
    if bad or len(paths) != count:
        raise SystemExit(f"rendered {len(paths)} of {count}; not PDFs: {bad[:3]}")
    return {"render_s": t1 - t0, "render_cpu_s": c1 - c0, "pdfs": len(paths), "ms_per_pdf": (t1 - t0) * 1000 / len(paths),
            "bytes": sum(p.stat().st_size for p in paths)}


def schema_pass(csv_path: Path, rows: int) -> dict[str, object]:
    """The schema pass alone, both tools in this process on the same first `rows` rows (so neither's start-up
    counts): ustaz's column reader and frictionless's Resource.validate, in rows per CPU second."""
    import tempfile

    from frictionless import Resource, Schema

    from ustaz.certificates.register import packaged_schema
    from ustaz.tables.columns import read_columns

    with csv_path.open(encoding="utf-8") as f:
        text = "".join(line for _, line in zip(range(rows + 1), f))
    t0 = time.process_time()
    table, problems = read_columns(text, packaged_schema())
    t1 = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.csv"
        sample.write_text(text, encoding="utf-8")
        descriptor = json.loads((csv_path.parent / "data/schemas/certificates.json").read_text(encoding="utf-8"))
        t2 = time.process_time()
        report = Resource(path=sample.name, basepath=tmp, schema=Schema.from_descriptor(descriptor)).validate()
        t3 = time.process_time()
    if problems or not report.valid:
        raise SystemExit(f"the sample is not valid: {problems[:3]} {report.flatten(['type', 'note'])[:3]}")
    return {"rows": len(table), "ustaz_cpu_s": t1 - t0, "frictionless_cpu_s": t3 - t2,
            "ustaz_rows_per_cpu_s": len(table) / (t1 - t0), "frictionless_rows_per_cpu_s": len(table) / (t3 - t2)}


def main(argv: list[str]) -> int:
    case = argv[0]
    if case == "lookup":
        result = lookup_data(Path(argv[1]), Path(argv[2]), dt.date.fromisoformat(argv[3]))
    elif case == "pdf":
        result = pdfs(Path(argv[1]), Path(argv[2]), int(argv[3]))
    elif case == "bare":  # the bare mkdocs project of a generated one (here, so the bench process stays small)
        from . import bare

        bare.write(Path(argv[1]), Path(argv[2]))
        result = {"written": argv[2]}
    elif case == "schema":
        result = schema_pass(Path(argv[1]), int(argv[2]))
    else:
        raise SystemExit(f"unknown case {case!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
