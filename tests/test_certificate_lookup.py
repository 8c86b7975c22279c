"""The private static lookup (C-20, DESIGN.md "Certificate codes and lookup"): from a rendered PDF's QR
code to the /verify/ page in real headless Chromium; revoked, expired, typo and unknown codes; no
holder's name anywhere in the built site in clear."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from certsite import build_site, chromium, serve
from conftest import run_ustaz
from PIL import Image
from sealed import plain_certificate

from ustaz.calendar import valid_until
from ustaz.certificates import codes, lookup
from ustaz.certificates.register import Certificate, Register, Status
from ustaz.certificates.render import CertificateDocument, ModuleLine, render_certificate, verify_url
from ustaz.certificates.writer import append
from ustaz.checks import Context
from ustaz.project import Project

TODAY = dt.date(2026, 11, 23)
# sentinel holders: if any of these strings shows up in the built site, a name leaked
VALID_HOLDER = "Сентинелова Әйгерім Zqxvalidq"
REVOKED_HOLDER = "Сентинелов Ұлан Zqxrevokedq"
EXPIRED_HOLDER = "Сентинелқызы Гүлнұр Zqxexpiredq"
LONG_HOLDER = "Ұзынатова-Сентинелбаева " + "Әйгерім-Гүлнұр " * 11 + "Zqxlongq"  # near the register's 200
SENTINELS = ("Сентинел", "Zqxvalidq", "Zqxrevokedq", "Zqxexpiredq", "Zqxlongq", "Әйгерім", "Гүлнұр")
REASON = "issued in error: the listener did not defend the project"
LONG_REASON = "выдан ошибочно: " + "слушатель не защитил итоговый проект и не сдал тест; " * 5
TITLE_RU = "Основы робототехники для педагогов дополнительного образования"
ISSUER_RU = "Центр повышения квалификации «Пример» (вымышленный)"


def _cert(holder: str, issued: dt.date, **kw: object) -> Certificate:
    """A sealed certificate (open: it knows its code); `kw` as the plaintext fields (a reason, a replaced code)."""
    facts: dict[str, object] = {"program": "robotics-basics", "cohort": "2026-rb-01", "hours": 80,
                                "course_ended": issued - dt.timedelta(days=3), "issued": issued,
                                "valid_until": valid_until(issued, 3), **kw}
    return plain_certificate(code=codes.new_code(), holder=holder, **facts)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    import shutil

    from conftest import ROOT

    tmp = tmp_path_factory.mktemp("lookup")
    root = tmp / "project"
    root.mkdir()
    for name in ("programs", "data", "content"):
        shutil.copytree(ROOT / name, root / name)
    # the certificates' cohorts are scheduled (a cohort missing from the schedule is an error)
    schedule = root / "data/schedule"
    with (schedule / "2026.csv").open("a", encoding="utf-8") as fh:
        fh.write("2026-rb-01,robotics-basics,ru,1,2026-05-04,2026-05-15,KZ-71,blended,25,true\n")
    (schedule / "2022.csv").write_text((schedule / "2026.csv").read_text(encoding="utf-8").splitlines()[0] +
                                       "\n2022-rb-01,robotics-basics,ru,1,2022-05-02,2022-05-13,KZ-71,blended,25,"
                                       "true\n", encoding="utf-8")
    valid = _cert(VALID_HOLDER, dt.date(2026, 5, 18))
    revoked = _cert(REVOKED_HOLDER, dt.date(2026, 5, 18), status=Status.REVOKED, revoked_on=dt.date(2026, 6, 1),
                    revoked_reason=REASON)
    expired = _cert(EXPIRED_HOLDER, dt.date(2022, 5, 18), course_ended=dt.date(2022, 5, 13), cohort="2022-rb-01")
    # a record several slots long: the longest name and reason the register allows take more than one slot
    long = _cert(LONG_HOLDER, dt.date(2026, 5, 18), status=Status.REVOKED, revoked_on=dt.date(2026, 6, 2),
                 revoked_reason=LONG_REASON, supersedes=valid.code)
    assert len(LONG_HOLDER) <= 200 and len(LONG_REASON) <= 300
    append(root, [valid, revoked, expired, long])
    # the synthetic 2022 and May 2026 cohorts predate the program's approval (schedule-program) and 2022.csv is not
    # in the data package: the lookup is the subject, the site is built anyway (tests/test_build_check.py)
    site = build_site(root, tmp / "site", allow_errors=True)
    return {"root": root, "site": site, "valid": valid, "revoked": revoked, "expired": expired, "long": long,
            "tmp": tmp}


def test_c20_the_example_register_checks_clean(built: dict[str, object]) -> None:
    r = run_ustaz("check", "--today", TODAY.isoformat(), "data/certificates", cwd=built["root"])  # type: ignore[arg-type]
    assert r.returncode == 0, r.stdout + r.stderr


def test_c20_no_holder_name_appears_in_the_built_site(built: dict[str, object]) -> None:
    site: Path = built["site"]  # type: ignore[assignment]
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".bin" for p in files) and (site / "verify" / "index.html").exists()
    for path in files:
        blob = path.read_bytes()
        for s in SENTINELS:
            for form in (s.encode("utf-8"), s.encode("utf-16-le"), s.encode("unicode_escape"),
                         "".join(f"&#{ord(ch)};" for ch in s).encode()):
                assert form not in blob, f"{s!r} in {path}"
    # nor the codes: a code in the site would be a key to its record
    for cert in ("valid", "revoked", "expired", "long"):
        code: str = built[cert].code  # type: ignore[attr-defined]
        for path in files:
            blob = path.read_bytes()
            assert code.encode() not in blob and codes.display(code).encode() not in blob


def test_c20_the_lookup_data_is_the_registers_rows_sharded_by_id(built: dict[str, object]) -> None:
    """The site's lookup data is the sealed register's rows (no cohort, no code, no name): each in the shard
    its id names, one line per certificate."""
    site: Path = built["site"]  # type: ignore[assignment]
    shards = sorted((site / "verify/data/s").glob("*.csv"))
    lines = [line for p in shards for line in p.read_text(encoding="ascii").splitlines()]
    ids = {built[c].id for c in ("valid", "revoked", "expired", "long")}  # type: ignore[attr-defined]
    assert {line.split(",")[0] for line in lines} == ids
    assert all(p.stem == line[:4] for p in shards for line in p.read_text(encoding="ascii").splitlines())
    assert all("2026-rb-01" not in line for line in lines)


def test_c20_verify_command_against_the_site_and_the_register(built: dict[str, object]) -> None:
    root: Path = built["root"]  # type: ignore[assignment]
    site = str(built["site"])
    for where in (["--site", site], []):
        ok = run_ustaz("verify", codes.display(built["valid"].code).lower(), "--today", "2026-11-23", *where,  # type: ignore[attr-defined]
                       cwd=root)
        assert ok.returncode == 0 and "valid until 2029-05-17" in ok.stdout and VALID_HOLDER in ok.stdout, ok
        # the program by its title in the site's first language (from the signed titles file, or the program)
        title = Project.load(root).program_map["robotics-basics"].title["kk"]
        assert f"{title} (robotics-basics)" in ok.stdout, ok.stdout
        rev = run_ustaz("verify", built["revoked"].code, "--today", "2026-11-23", *where, cwd=root)  # type: ignore[attr-defined]
        assert rev.returncode == 1 and "revoked on 2026-06-01" in rev.stdout and REASON in rev.stdout
        exp = run_ustaz("verify", built["expired"].code, "--today", "2026-11-23", *where, cwd=root)  # type: ignore[attr-defined]
        assert exp.returncode == 1 and "expired on 2025-05-17" in exp.stdout
        unknown = run_ustaz("verify", codes.new_code(), *where, cwd=root)
        assert unknown.returncode == 1 and "not found" in unknown.stdout
        long = run_ustaz("verify", built["long"].code, "--today", "2026-11-23", *where, cwd=root)  # type: ignore[attr-defined]
        assert long.returncode == 1 and "revoked on 2026-06-02" in long.stdout
        assert LONG_REASON in long.stdout and LONG_HOLDER in long.stdout
    code: str = built["valid"].code  # type: ignore[attr-defined]
    typo = code[:5] + ("0" if code[5] != "0" else "1") + code[6:]
    bad = run_ustaz("verify", typo, "--site", "/nonexistent", cwd=root)  # caught before looking anywhere
    assert bad.returncode == 2 and "check symbol" in bad.stderr


def test_c20_verify_a_certificate_issued_after_the_day_asked_about_is_not_valid_yet(built: dict[str, object]) -> None:
    """Issue 23: a record issued after the day asked about is no certificate yet, from the register and from the
    site's lookup data alike (exit 1, never "valid")."""
    root: Path = built["root"]  # type: ignore[assignment]
    valid: Certificate = built["valid"]  # type: ignore[assignment]
    before = (valid.issued - dt.timedelta(days=1)).isoformat()
    for where in (["--site", str(built["site"])], []):
        done = run_ustaz("verify", valid.code, "--today", before, *where, cwd=root)
        assert done.returncode == 1, (where, done.stdout)
        assert "valid until" not in done.stdout and "not valid" in done.stdout, (where, done.stdout)
        assert str(valid.issued) in done.stdout
        on_the_day = run_ustaz("verify", valid.code, "--today", valid.issued.isoformat(), *where, cwd=root)
        assert on_the_day.returncode == 0 and "valid until" in on_the_day.stdout, (where, on_the_day.stdout)
    # revoked stays revoked whatever the day
    revoked: Certificate = built["revoked"]  # type: ignore[assignment]
    record = lookup.lookup(built["site"], revoked.code, revoked.issued - dt.timedelta(days=1))  # type: ignore[arg-type]
    assert record.verdict is lookup.Verdict.REVOKED


def test_c20_lookup_page_never_calls_a_certificate_valid_before_its_issue_date(built: dict[str, object]) -> None:
    """Issue 23: the page judges by the viewer's today; a record issued after it is "not valid yet", in every
    language of the site."""
    import datetime as _dt

    from ustaz.certificates.labels import PAGE_LABELS

    valid: Certificate = built["valid"]  # type: ignore[assignment]
    with serve(built["site"]) as base, chromium() as page:  # type: ignore[arg-type]
        page.clock.set_fixed_time(_dt.datetime(valid.issued.year, valid.issued.month, valid.issued.day)  # type: ignore[attr-defined]
                                  - _dt.timedelta(days=1, hours=-12))
        for prefix, lang in (("", "kk"), ("ru/", "ru"), ("en/", "en")):
            page.goto(f"{base}/{prefix}verify/#{codes.display(valid.code)}")  # type: ignore[attr-defined]
            page.wait_for_selector("#verify-result[data-status=not-yet-valid]", timeout=15000)  # type: ignore[attr-defined]
            shown = page.inner_text("#verify-result")  # type: ignore[attr-defined]
            assert PAGE_LABELS[lang]["not_yet_valid"] in shown and PAGE_LABELS[lang]["valid"] + ":" not in shown
            assert str(valid.issued) in shown
        # on the issue day it is valid
        page.clock.set_fixed_time(_dt.datetime(valid.issued.year, valid.issued.month, valid.issued.day, 12))  # type: ignore[attr-defined]
        page.goto("about:blank")  # type: ignore[attr-defined]
        page.goto(f"{base}/en/verify/#{codes.display(valid.code)}")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=valid]", timeout=15000)  # type: ignore[attr-defined]


def _qr_urls(pdf: Path, tmp: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp / "page")], check=True)
    urls = []
    for png in sorted(tmp.glob("page-*.png")):
        urls += [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    return urls


def test_c16_c20_pdf_qr_opens_the_lookup_page_in_chromium(built: dict[str, object]) -> None:
    """The certificate PDF's QR code, decoded from the rendered pages, opens /verify/ with the right holder."""
    root: Path = built["root"]  # type: ignore[assignment]
    tmp: Path = built["tmp"]  # type: ignore[assignment]
    valid: Certificate = built["valid"]  # type: ignore[assignment]
    ctx = Context(project=Project.load(root), today=TODAY)
    site_url = ctx.policy.site_url
    doc = CertificateDocument(lang="kk", document="Сертификат", appendix="Сертификатқа қосымша",
                              organisation="Орталық", director="Д. Директорова", holder=valid.holder,
                              topic="Робототехника негіздері", hours=80,
                              modules=(ModuleLine(title="Кіріспе", theory=40, practice=40, independent=0),),
                              started=dt.date(2026, 5, 4), ended=valid.course_ended, issued=valid.issued,
                              valid_until=valid.valid_until, code=valid.code,
                              verify_url=verify_url(site_url, valid.code))
    pdf = tmp / "certificate.pdf"
    pdf.write_bytes(render_certificate(doc))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert valid.holder in text and "қосымша" in text  # Kazakh letters render as text, appendix included
    urls = _qr_urls(pdf, tmp)
    assert urls == [f"{site_url}/verify/#{codes.display(valid.code)}"] * 2  # certificate and appendix
    with serve(built["site"]) as base, chromium() as page:  # type: ignore[arg-type]
        page.goto(urls[0].replace(site_url, base))  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=valid]", timeout=15000)  # type: ignore[attr-defined]
        shown = page.inner_text("#verify-result")  # type: ignore[attr-defined]
        assert valid.holder in shown and "2029-05-17" in shown
        assert "2026-06-02" in page.inner_text("#verify-as-of")  # type: ignore[attr-defined]  # the register's latest date: its last revocation


def test_c20_lookup_page_revoked_typo_unknown_and_languages(built: dict[str, object]) -> None:
    revoked: Certificate = built["revoked"]  # type: ignore[assignment]
    valid: Certificate = built["valid"]  # type: ignore[assignment]
    requests: list[str] = []
    everything: list[str] = []
    with serve(built["site"]) as base, chromium(everything) as page:  # type: ignore[arg-type]
        page.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
        page.goto(f"{base}/ru/verify/#{codes.display(revoked.code)}")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=revoked]", timeout=15000)  # type: ignore[attr-defined]
        shown = page.inner_text("#verify-result")  # type: ignore[attr-defined]
        assert "Отозван" in shown and REASON in shown and "2026-06-01" in shown and REVOKED_HOLDER in shown
        # the program's title in the page's language (from its titles file), and the centre's name
        assert TITLE_RU in shown and ISSUER_RU in shown
        data = [u.split("/verify/data/")[1] for u in requests if "/verify/data/" in u]
        rid = built["revoked"].id  # type: ignore[attr-defined]
        # ustaz-verify/4: the four files a lookup reads, asked for together (their names follow from the code), once
        assert sorted(data) == sorted(["index.json", f"g/{rid[:2]}.bin", f"s/{rid[:4]}.csv", "programs.json"]), data
        # the longest name and reason the register allows: their seals open whole
        long: Certificate = built["long"]  # type: ignore[assignment]
        page.goto(f"{base}/ru/verify/#{codes.display(long.code)}")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=revoked]", timeout=15000)  # type: ignore[attr-defined]
        shown = page.inner_text("#verify-result")  # type: ignore[attr-defined]
        assert LONG_HOLDER in shown and LONG_REASON.strip() in shown and "2026-06-02" in shown
        assert valid.id in shown and codes.display(valid.code) not in shown and TITLE_RU in shown  # the id it supersedes
        # a typo typed into the form: caught by the check symbol, no data fetched
        requests.clear()
        at = next(i for i in range(7, 18) if valid.code[i] != valid.code[i + 1])  # two different neighbours
        typo = valid.code[:at] + valid.code[at + 1] + valid.code[at] + valid.code[at + 2:]
        page.goto(f"{base}/en/verify/")  # type: ignore[attr-defined]
        requests.clear()
        page.fill("#verify-code", codes.display(typo))  # type: ignore[attr-defined]
        page.click("#verify-submit")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=typo]", timeout=15000)  # type: ignore[attr-defined]
        assert "typo" in page.inner_text("#verify-result")  # type: ignore[attr-defined]
        assert not [u for u in requests if "/verify/data/" in u], requests
        # an unknown but well-formed code, typed in lower case with spaces
        unknown = codes.display(codes.new_code()).lower().replace("-", " ")
        page.fill("#verify-code", unknown)  # type: ignore[attr-defined]
        page.click("#verify-submit")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=not-found]", timeout=15000)  # type: ignore[attr-defined]
        assert "No certificate has this code" in page.inner_text("#verify-result")  # type: ignore[attr-defined]
        fetched = [u for u in requests if "/verify/data/" in u]
        # the manifest and programs.json were asked for when the page started; then the code's group and shard, if they
        # exist: small files, none twice
        assert len(fetched) <= 3 and len(set(fetched)) == len(fetched), fetched
        # the expired one, in Kazakh (the default language, no prefix)
        expired: Certificate = built["expired"]  # type: ignore[assignment]
        page.goto(f"{base}/verify/#{expired.code}")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=expired]", timeout=15000)  # type: ignore[attr-defined]
        assert "Мерзімі өткен" in page.inner_text("#verify-result")  # type: ignore[attr-defined]
    assert everything and all(u.startswith(base) for u in everything)  # no other host, no external script


def test_c20_statistics_page_has_counts_only(built: dict[str, object]) -> None:
    site: Path = built["site"]  # type: ignore[assignment]
    text = (site / "en" / "verify" / "statistics" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Total: <strong>4</strong>", text)
    assert "<td>2026</td>" in text and "<td>2022</td>" in text


def test_c20_pages_escape_program_titles_and_never_submit_the_code(project: Path) -> None:
    from ustaz.site.contrib.certificates import statistics_page, verify_page

    yml = project / "programs/robotics-basics/program.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace('  kk: "Қосымша', '  kk: "<img src=x onerror=alert(1)> | Қосымша', 1), encoding="utf-8")
    append(project, [_cert(VALID_HOLDER, dt.date(2026, 5, 18))])
    ctx = Context(project=Project.load(project), today=TODAY)
    stats = statistics_page(ctx, "kk").content
    assert "<img" not in stats and "&lt;img src=x onerror=alert(1)&gt; \\| Қосымша" in stats
    page = verify_page(ctx, "ru").html
    assert 'id="verify-code"' in page and "name=" not in page and 'data-lang="ru"' in page


def test_c20_site_files_are_readable_by_the_web_server(built: dict[str, object]) -> None:
    site: Path = built["site"]  # type: ignore[assignment]
    for path in (site / "verify").rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o044 == 0o044, path  # group and others may read
    root: Path = built["root"]  # type: ignore[assignment]
    assert (root / "data/certificates/2026.csv").stat().st_mode & 0o777 == 0o644


def test_c20_page_finds_records_among_many_shards(built: dict[str, object]) -> None:
    """Thousands of certificates in thousands of shards: the page computes the same id, group, shard and key as
    the build for every code tried."""
    import random
    import shutil

    from ustaz.certificates import synthetic

    site = built["tmp"] / "many"  # type: ignore[operator]
    shutil.copytree(built["site"], site)  # type: ignore[arg-type]
    certs = list(synthetic.certificates(4000, seed=7))
    for old in (site / "verify/data").rglob("*"):
        if old.is_file():
            old.unlink()
    append(built["tmp"] / "many-project", certs)  # type: ignore[operator]
    stats = lookup.build(Register.load(built["tmp"] / "many-project").files, site,  # type: ignore[operator]
                         programs={"robotics-basics": {"ru": TITLE_RU}})
    assert stats.shards > 1000 and stats.groups == 256, stats
    sample = random.Random(3).sample(certs, 6)
    with serve(site) as base, chromium() as page:
        for cert in sample:
            page.goto(f"{base}/ru/verify/#{codes.display(cert.code)}")  # type: ignore[attr-defined]
            # the verdict line names the code (a hash-only navigation keeps the last result until the new one)
            page.wait_for_selector(f"#verify-result:has-text('{codes.display(cert.code)}')",  # type: ignore[attr-defined]
                                   timeout=15000)
            status = page.get_attribute("#verify-result", "data-status")  # type: ignore[attr-defined]
            want = lookup.verdict_of(lookup.lookup(site, cert.code, dt.date.today()).record, dt.date.today())
            assert status == want.value, (cert, status)
            shown = page.inner_text("#verify-result")  # type: ignore[attr-defined]
            assert cert.holder in shown and TITLE_RU in shown and cert.valid_until.isoformat() in shown
