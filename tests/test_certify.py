"""`ustaz course certify` (C-16, C-17, C-20): from a cohort's scores to register rows and PDFs, idempotent,
and on to the lookup page: the printed QR code opens /verify/ in real headless Chromium with the holder."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import zxingcpp
from certsite import build_site, chromium, serve
from conftest import run_ustaz
from PIL import Image

from ustaz.certificates import codes
from ustaz.certificates.register import Register
from ustaz.checks import Context
from ustaz.courses.issued import private_codes
from ustaz.project import Project

COHORT = "2026-rb-kk-01"  # examples/private: L01, L02, L05 pass; L03, L04 do not; L06 expelled; L07, L08 incomplete
L01 = "Тестова Айгерим Болатқызы (вымышленная)"
L03 = "Үлгіева Дана Маратқызы (вымышленная)"


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _qr(pdf: Path, tmp: Path) -> list[str]:
    prefix = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(prefix)], check=True)
    found = []
    for png in sorted(tmp.glob(f"{pdf.stem}-*.png")):
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    return found


def test_c16_c17_certify_writes_rows_and_pdfs_once(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out), cwd=project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 certificate(s) added to the register, 0 already there" in r.stdout
    register = Register.load(project).with_codes(private_codes(project / "examples/private"))
    certs = list(register.certificates)
    assert sorted(c.holder for c in certs) == sorted([L01, "Мысалов Ерлан Серікұлы (вымышленный)",
                                                      "Жорамалова Гүлнар Ерікқызы (вымышленная)"])
    for c in certs:
        assert (c.program, c.cohort, c.hours) == ("robotics-basics", COHORT, 80)
        assert (c.course_ended, c.issued, c.valid_until) == (dt.date(2026, 10, 20), dt.date(2026, 10, 23),
                                                             dt.date(2029, 10, 22))  # C-20: + 3 years − 1 day
        assert codes.is_valid(c.code)
    assert sorted(p.name for p in out.iterdir()) == ["L01-certificate.pdf", "L02-certificate.pdf", "L03-reference.pdf",
                                                     "L04-reference.pdf", "L05-certificate.pdf"]
    before = (project / "data/certificates/2026.csv").read_bytes()
    again = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out), cwd=project)
    assert again.returncode == 0 and "0 certificate(s) added to the register, 3 already there" in again.stdout
    assert (project / "data/certificates/2026.csv").read_bytes() == before  # running twice adds nothing
    check = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert check.returncode == 0 and "register-" not in check.stdout, check.stdout

    # C-16: the certificate and its appendix: topic, hours, modules with hours, dates, the director, the QR code
    mine = next(c for c in certs if c.holder == L01)
    text = " ".join(_text(out / "L01-certificate.pdf").split())  # #17: the Kazakh appendix line, verb-last sentence
    for expected in ("СЕРТИФИКАТ", f"№ {codes.display(mine.code)} сертификатына қосымша", L01, "робототехника негіздері", "80 сағат",
                     "Конструкторлар және датчиктер", "05.10.2026 — 20.10.2026", "23.10.2026", "22.10.2029",
                     "Д. Директорова (fictional)", "Директор", codes.display(mine.code)):
        assert expected in text, expected
    assert _qr(out / "L01-certificate.pdf", tmp_path) == [f"https://example.org/ustaz/verify/#{mine.shown_code}"] * 2
    # C-17: the reference: the listener attended; no code, no QR, no register row
    ref = _text(out / "L03-reference.pdf")
    assert "АНЫҚТАМА" in ref and L03 in ref and "қатысқанын растайды" in ref
    assert _qr(out / "L03-reference.pdf", tmp_path) == []
    assert all(c.holder != L03 for c in certs)


def test_c16_certify_refuses_the_public_tree_and_bad_dates(project: Path, tmp_path: Path) -> None:
    r = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", "data/out", cwd=project)
    assert r.returncode == 2 and "public tree" in r.stderr and not (project / "data/out").exists()
    early = run_ustaz("course", "certify", COHORT, "--date", "2026-10-19", "--out", str(tmp_path), cwd=project)
    assert early.returncode == 2 and "before the course ends (2026-10-20)" in early.stderr
    unknown = run_ustaz("course", "certify", "no-such-cohort", "--out", str(tmp_path), cwd=project)
    assert unknown.returncode == 2 and "not in data/schedule" in unknown.stderr
    assert Register.load(project).by_id == {}


def test_c16_certify_defaults_to_the_private_tree(project: Path) -> None:
    """private/ when there is one; never the fictional examples/private/ (read-only examples, DESIGN.md)."""
    refused = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", cwd=project)
    assert refused.returncode == 2 and "examples/private/certificates" in refused.stderr, refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and Register.load(project).by_id == {}
    assert not (project / "examples/private/certificates").exists()
    shutil.copytree(project / "examples/private", project / "private")
    r = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", cwd=project)
    assert r.returncode == 0, r.stderr
    assert (project / "private/certificates" / COHORT / "L01-certificate.pdf").exists()


def _opened(project: Path) -> Register:
    """The register opened with the codes certify kept in the (example) private tree."""
    return Register.load(project).with_codes(private_codes(project / "examples/private"))


def test_c16_c20_from_scores_to_the_lookup_page_in_chromium(project: Path, tmp_path: Path) -> None:
    """The done-when of issue 6: scores → certify → PDF → QR decoded → /verify/#code in Chromium → the holder;
    then revoked → the reason."""
    out = tmp_path / "pdfs"
    assert run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out),
                     cwd=project).returncode == 0
    [url, _] = _qr(out / "L01-certificate.pdf", tmp_path)
    code = url.rsplit("#", 1)[1]
    second = next(c.code for c in _opened(project).certificates if c.holder.startswith("Мысалов"))
    assert run_ustaz("register", "revoke", second, "--reason", "бұйрық №12: қате берілген", "--date", "2026-11-02", cwd=project).returncode == 0
    revoked = next(c for c in _opened(project).certificates if c.holder.startswith("Мысалов"))
    ctx = Context(project=Project.load(project), today=dt.date(2026, 11, 23))
    site = build_site(project, tmp_path / "site")
    with serve(site) as base, chromium() as page:
        page.goto(url.replace(ctx.policy.site_url, base))  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=valid]", timeout=15000)  # type: ignore[attr-defined]
        shown = page.inner_text("#verify-result")  # type: ignore[attr-defined]
        assert L01 in shown and code in shown and "2029-10-22" in shown
        assert "Қосымша білім беру педагогтеріне арналған робототехника негіздері" in shown  # the program's title
        page.goto(f"{base}/verify/#{revoked.shown_code.lower()}")  # any case  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=revoked]", timeout=15000)  # type: ignore[attr-defined]
        assert "бұйрық №12: қате берілген" in page.inner_text("#verify-result")  # type: ignore[attr-defined]
    blob = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    for cert in _opened(project).certificates:  # full names: surnames alone may be public (authors)
        for part in (cert.holder, cert.holder.split(" (")[0]):
            assert part.encode() not in blob


def test_c20_a_new_years_register_file_joins_the_data_package(project: Path) -> None:
    import json

    r = run_ustaz("course", "certify", COHORT, "--date", "2027-01-11", "--out", str(project.parent / "o"),
                  cwd=project, env={"USTAZ_TODAY": "2027-01-11"})  # issued today: a new year's first day at work
    assert r.returncode == 0, r.stderr
    package = json.loads((project / "data/datapackage.json").read_text(encoding="utf-8"))
    entry = next(res for res in package["resources"] if res["name"] == "certificates")
    assert entry["path"] == ["certificates/2026.csv", "certificates/2027.csv"]
    assert (project / "data/certificates/2027.csv").read_text(encoding="utf-8").count("\n") == 4
    check = run_ustaz("check", "--today", "2027-01-12", "data/certificates", cwd=project)
    assert check.returncode == 0, check.stdout


def test_c20_statistics_count_by_program_year_and_region(project: Path, tmp_path: Path) -> None:
    assert run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(tmp_path / "o"),
                     cwd=project).returncode == 0
    # the regions are the holders' organisations', which only the private tree knows: the staff publish them
    assert run_ustaz("publish", "aggregates", cwd=project).returncode == 0
    site = build_site(project, tmp_path / "site")
    html = (site / "en" / "verify" / "statistics" / "index.html").read_text(encoding="utf-8")
    assert "Total: <strong>3</strong>" in html
    assert "<td>2026</td>" in html and "(KZ-71)</td>" in html  # the cohort's region: Astana
    assert html.count(">3</td>") == 3  # one program, one year, one region: three each
