"""Certificates and references fit for an archive (#18; C-16, C-17, C-20): every PDF ustaz writes is PDF/A-2b, names
its own language (/Lang and dc:language: kk for a Kazakh certificate, never ru), embeds every font, makes poppler print
nothing on stderr, keeps to its pages with the longest names, and draws the centre's logo from the policy.

The PDFs are read back as bytes (the XMP packet and the catalog are written uncompressed) and through poppler's own
tools; veraPDF runs when it is on PATH (it is not packaged on PyPI, npm or Debian, so CI does not have it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
import zxingcpp
from conftest import run_ustaz
from PIL import Image

from ustaz.certificates import codes
from ustaz.certificates.labels import PDF_LABELS
from ustaz.certificates.register import Register
from ustaz.certificates.render import (
    MAX_LOGO_BYTES,
    CertificateDocument,
    ModuleLine,
    logo_svg,
    render_certificate,
    render_reference,
    verify_url,
)
from ustaz.findings import Finding

QR_PT = 2.6 / 2.54 * 72  # the QR code's side on the certificate (certificate.typ), in points
LANGS = sorted(PDF_LABELS)  # every language a certificate is printed in: kk, ky, ru, en
SITE = "https://example.org/ustaz"
COHORT = "2026-rb-kk-01"  # examples/private: L01, L02, L05 pass; L03, L04 get a reference (test_certify.py)
LOGO_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="45" '
            'fill="#e00000"/></svg>')  # red: nothing else on the documents is


def _doc(lang: str, **kw: object) -> CertificateDocument:
    code = codes.new_code()
    base = CertificateDocument(
        lang=lang, document="Сертификат", appendix="Сертификатқа қосымша", organisation="«Үлгі» орталығы",
        director="Д. Директорова", holder="Әбілқасымова Әйгерім Серікқызы", topic="Робототехника негіздері", hours=80,
        modules=tuple(ModuleLine(title=f"Модуль {i}", theory=6, practice=8, independent=2) for i in range(1, 6)),
        started=dt.date(2026, 10, 5), ended=dt.date(2026, 10, 20), issued=dt.date(2026, 10, 23),
        valid_until=dt.date(2029, 10, 22), code=code, verify_url=verify_url(SITE, code), city="Астана")
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def _reference(lang: str, **kw: object) -> CertificateDocument:
    return _doc(lang, document="Анықтама", code="", verify_url="", valid_until=None, **kw)


def _xmp(pdf: bytes) -> str:
    start, end = pdf.find(b"<x:xmpmeta"), pdf.find(b"</x:xmpmeta>")
    assert 0 <= start < end, "no uncompressed XMP packet"
    return pdf[start:end].decode("utf-8")


def _poppler(tool: str, path: Path, *args: str) -> str:
    done = subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
                          capture_output=True, text=True, check=True)
    assert done.stderr == "", f"{tool}: {done.stderr}"  # e.g. "Syntax Error: Suspects object is wrong type"
    return done.stdout


def _archival(pdf: bytes, lang: str, tmp: Path, pages: int) -> str:
    """Hold one PDF to the archive profile; return its text."""
    xmp = _xmp(pdf)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert re.findall(r"<dc:language><rdf:Bag><rdf:li>([^<]*)</rdf:li>", xmp) == [lang]
    assert re.findall(rb"/Lang\s*\(([^)]*)\)", pdf) == [lang.encode()]
    assert b"/GTS_PDFA1" in pdf and b"/DestOutputProfile" in pdf  # the output intent PDF/A asks for
    path = tmp / f"{lang}-{pages}.pdf"
    path.write_bytes(pdf)
    info = _poppler("pdfinfo", path)
    assert re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1) == str(pages)  # type: ignore[union-attr]
    fonts = _poppler("pdffonts", path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column: every font
    return " ".join(_poppler("pdftotext", path).split())


@pytest.mark.parametrize("lang", LANGS)
def test_c16_certificate_is_pdf_a_2b_in_its_own_language(lang: str, tmp_path: Path) -> None:
    doc = _doc(lang)
    text = _archival(render_certificate(doc), lang, tmp_path, pages=2)
    labels = PDF_LABELS[lang]
    shown = codes.display(doc.code)
    # the design: the registration line, the city and year, the sentence in the language's order, the appendix line
    assert f"{labels['registered']}: № {shown}, 23.10.2026" in text
    assert "Астана — 2026" in text
    sentence = " ".join(p for p in (labels["completed_before"], f"«{doc.topic}»", labels["completed_after"]) if p)
    assert sentence in text
    assert labels["appendix_of_certificate"].replace("{code}", shown) in text
    assert f"{labels['check']}: example.org/ustaz/verify/" in text


def test_c16_the_kazakh_wording_puts_the_verb_last() -> None:
    """#17: «…» бағдарламасы бойынша … курсынан өтті; «№ … сертификатына қосымша»."""
    kk = PDF_LABELS["kk"]
    assert kk["completed_before"] == "" and kk["completed_after"].endswith("курсынан өтті")
    assert kk["completed_after"].startswith("бағдарламасы бойынша")
    assert kk["appendix_of_certificate"] == "№ {code} сертификатына қосымша"


@pytest.mark.parametrize("lang", LANGS)
def test_c17_reference_is_pdf_a_2b_in_its_own_language(lang: str, tmp_path: Path) -> None:
    text = _archival(render_reference(_reference(lang)), lang, tmp_path, pages=1)
    assert "АНЫҚТАМА" in text and "Астана — 2026" in text


def test_c16_a_diploma_has_its_own_appendix_line(tmp_path: Path) -> None:
    doc = _doc("ru", kind="diploma", document="Диплом")
    text = _archival(render_certificate(doc), "ru", tmp_path, pages=2)
    assert f"Приложение к диплому № {codes.display(doc.code)}" in text


def _qr_codes(pdf: Path, tmp: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp / pdf.stem)], check=True)
    return [r.text for png in sorted(tmp.glob(f"{pdf.stem}-*.png")) for r in zxingcpp.read_barcodes(Image.open(png))]


def test_c16_the_longest_names_keep_the_certificate_to_one_page_and_the_qr_code_reads(tmp_path: Path) -> None:
    """The register allows a holder of 200 characters and a program title runs long: the certificate's text is set
    smaller until it fits its page; a long module plan runs the appendix on, with the QR code on its last page."""
    holder = ("Ұзынатова-Сентинелбаева " + "Әйгерім-Гүлнұр " * 12)[:200]
    topic = ("Робототехника және бағдарламалау негіздері: " * 4).strip()
    long_names = _doc("kk", holder=holder, topic=topic, logo=LOGO_SVG)
    many = _doc("kk", logo=LOGO_SVG, modules=tuple(ModuleLine(title="Модуль " + "ұзын атау " * 8, theory=2, practice=2,
                                                                 independent=0) for _ in range(12)))
    for name, doc, pages in (("long", long_names, 2), ("many", many, 3)):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(render_certificate(doc))
        _archival(pdf.read_bytes(), "kk", tmp_path, pages=pages)
        first, *rest = _poppler("pdftotext", pdf).split("\f")
        assert PDF_LABELS["kk"]["registered"] in first and "қосымша" not in first  # the certificate: page 1 only
        assert "сертификатына қосымша" in rest[0]
        assert _qr_codes(pdf, tmp_path) == [doc.verify_url] * 2  # on the certificate and the appendix's last page
        # and nothing overlaps: the certificate's last line (valid until) ends above the footer, whose top is the
        # QR code's (2.6 cm above the code printed under it)
        words = _words_of_page_1(pdf)
        qr_top = min(y0 for w, y0, _ in words if w == codes.display(doc.code)) - QR_PT
        last = max(y1 for w, _, y1 in words if w == "22.10.2029")
        assert last < qr_top and last < min(y0 for w, y0, _ in words if w == "Директор")


def _words_of_page_1(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, top, bottom) of every word on page 1, from poppler's bounding boxes."""
    html = _poppler("pdftotext", pdf, "-bbox", "-f", "1", "-l", "1")
    return [(w, float(y0), float(y1)) for y0, y1, w in
            re.findall(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>', html)]


def _logo_pixels(pdf: bytes, tmp: Path) -> int:
    """Pixels of the test logos' red on page 1: nothing else on a certificate or reference is red."""
    path = tmp / "logo-probe.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp / "probe")], check=True)
    png = next(tmp.glob("probe*.png"))
    page = Image.open(png).convert("RGB")
    png.unlink()
    width, height = page.size
    return sum(1 for x in range(width) for y in range(height) if _red(page.getpixel((x, y))))


def _red(pixel: object) -> bool:
    r, g, b = pixel  # type: ignore[misc]
    return r > 200 and g < 80 and b < 80


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 60), (224, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 60), (224, 0, 0)).save(out, format="JPEG")
    return out.getvalue()


@pytest.mark.parametrize("kind", ["svg", "png", "jpeg"])
def test_c16_the_centres_logo_is_drawn_from_the_policy(kind: str, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    data = {"svg": LOGO_SVG.encode(), "png": _png(), "jpeg": _jpeg()}[kind]
    (tmp_path / "assets" / f"logo.{kind}").write_bytes(data)
    svg, findings = logo_svg(tmp_path, {"logo": f"assets/logo.{kind}"})
    assert findings == [] and svg.startswith("<svg")
    assert _logo_pixels(render_certificate(_doc("kk")), tmp_path) == 0  # no logo, no red (the probe works)
    drawn = render_certificate(_doc("kk", logo=svg))
    reference = render_reference(_reference("kk", logo=svg))
    assert _logo_pixels(drawn, tmp_path) > 50 and _logo_pixels(reference, tmp_path) > 50
    _archival(drawn, "kk", tmp_path, pages=2)  # a logo keeps the PDF archival
    _archival(reference, "kk", tmp_path, pages=1)
    assert logo_svg(tmp_path, {}) == ("", [])  # no logo named: no slot drawn, no finding


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_c16_a_bad_logo_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "notes.txt").write_text("not an image", encoding="utf-8")
    (root / "assets" / "broken.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><path d=", encoding="utf-8")
    (root / "assets" / "huge.svg").write_bytes(b"<svg>" + b" " * MAX_LOGO_BYTES + b"</svg>")
    (root / "assets" / "binary.svg").write_bytes(b"\xff\xfe\x00garbage")
    # a small file that claims a huge picture, decoded it would take gigabytes: refused from its header
    (root / "assets" / "bomb.png").write_bytes(_png()[:16] + (50_000).to_bytes(4, "big") * 2 + _png()[24:])
    jpeg = _jpeg()
    sof = jpeg.index(b"\xff\xc0")
    (root / "assets" / "bomb.jpg").write_bytes(jpeg[:sof + 5] + (50_000).to_bytes(2, "big") * 2 + jpeg[sof + 9:])
    (root / "assets" / "laughs.svg").write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                                                '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', encoding="utf-8")
    (root / "assets" / "embeds.svg").write_text(LOGO_SVG.replace("</svg>", '<image href="data:image/png;base64,'
                                                                 'AAAA"/></svg>'), encoding="utf-8")
    (root / "assets" / "links.svg").write_text(LOGO_SVG.replace("<circle", '<use href="file:///etc/passwd"/><circle'),
                                               encoding="utf-8")
    secret = tmp_path / "outside.svg"
    secret.write_text(LOGO_SVG, encoding="utf-8")
    (root / "assets" / "link.svg").symlink_to(secret)
    (root / "assets" / "folder.svg").mkdir()
    cases = {"assets/notes.txt": "policy-logo", "assets/broken.svg": "policy-logo", "assets/binary.svg": "policy-logo",
             "assets/huge.svg": "file-too-large", "assets/link.svg": "file-outside-project",
             "assets/folder.svg": "file-not-regular", "assets/missing.svg": "file-not-regular",
             str(secret): "policy-logo", "assets/bomb.png": "policy-logo", "assets/bomb.jpg": "policy-logo",
             "assets/laughs.svg": "policy-logo", "assets/embeds.svg": "policy-logo", "assets/links.svg": "policy-logo"}
    for listed, code in cases.items():
        svg, findings = logo_svg(root, {"logo": listed})
        assert svg == "" and _codes(findings) == [code], (listed, findings)
    assert _codes(logo_svg(root, {"logo": ["not", "a", "path"]})[1]) == ["policy-logo"]
    # what a drawing program writes stays allowed: internal references (<use href="#…">)
    (root / "assets" / "inkscape.svg").write_text(LOGO_SVG.replace("<circle", '<defs><path id="p" d="M0 0h9v9z"/>'
                                                  '</defs><use xlink:href="#p" xmlns:xlink="http://www.w3.org/1999/'
                                                  'xlink"/><circle'), encoding="utf-8")
    assert logo_svg(root, {"logo": "assets/inkscape.svg"})[1] == []


def _set_logo(project: Path, listed: str) -> None:
    policy = project / "data" / "policy.yml"
    data = yaml.safe_load(policy.read_text(encoding="utf-8"))
    data["organisation"]["logo"] = listed
    policy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_c16_certify_draws_the_logo_and_refuses_a_broken_one_before_any_row(project: Path, tmp_path: Path) -> None:
    _set_logo(project, "content/logo.svg")
    (project / "content" / "logo.svg").write_text("<svg><broken", encoding="utf-8")
    out = tmp_path / "out"
    r = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out), cwd=project)
    assert r.returncode == 1 and re.match(r"content/logo\.svg:\d+: error policy-logo: ", r.stdout), r.stdout + r.stderr
    assert list(Register.load(project).certificates) == [] and not out.exists()
    check = run_ustaz("check", "--today", "2026-10-23", "--format", "json", cwd=project)  # told before that day
    assert [(f["path"], f["code"]) for f in json.loads(check.stdout)["findings"] if f["code"] == "policy-logo"] == [
        ("content/logo.svg", "policy-logo")]
    (project / "content" / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    r = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out), cwd=project)
    assert r.returncode == 0, r.stdout + r.stderr
    for pdf, pages in (("L01-certificate.pdf", 2), ("L03-reference.pdf", 1)):
        data = (out / pdf).read_bytes()
        _archival(data, "kk", tmp_path, pages=pages)  # the example cohort is Kazakh: /Lang kk
        assert _logo_pixels(data, tmp_path) > 50


VERAPDF = shutil.which(os.environ.get("USTAZ_VERAPDF", "verapdf"))


@pytest.mark.skipif(VERAPDF is None, reason="veraPDF is not packaged on PyPI, npm or Debian (checked for #18); "
                                            "put its `verapdf` on PATH (or USTAZ_VERAPDF) to run this test")
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_c16_verapdf_passes_the_certificate_and_the_reference(lang: str, tmp_path: Path) -> None:
    for name, pdf in (("certificate", render_certificate(_doc(lang, logo=LOGO_SVG))),
                      ("reference", render_reference(_reference(lang)))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([str(VERAPDF), "--flavour", "2b", "--format", "text", str(path)], check=False,
                              capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0 and "PASS" in done.stdout, done.stdout + done.stderr
