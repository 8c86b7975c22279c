"""PDFs of certificates with their appendix (C-16, C-20) and of references (C-17), by Typst.

Typst renders a certificate in a few milliseconds with its bundled fonts (Libertinus Serif draws
every Kazakh and Kyrgyz letter); system fonts are ignored so a PDF looks the same on every machine.
The QR code is drawn from qrcode's module matrix as one SVG path of horizontal runs.

Every PDF is PDF/A-2b (for the archive: fonts embedded, XMP with pdfaid part 2, conformance B) and
names its own language (/Lang and dc:language: kk for a Kazakh certificate). The centre's logo
(policy ``organisation.logo``, an SVG, PNG or JPEG file in the repository) is drawn above its name.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import qrcode
import qrcode.constants
import typst

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import read_bytes
from ..vocab import DOCUMENT_OF_KIND
from . import codes
from .labels import pdf_labels

# the archival profile Typst writes: PDF/A-2b (ISO 19005-2, level B: the page looks the same forever)
PDF_STANDARD: Final = "a-2b"
MAX_LOGO_BYTES = 512 * 1024  # a logo is a few kilobytes; a photograph-sized file is a mistake
MAX_LOGO_PIXELS = 4096 * 4096  # what a PNG or JPEG logo may claim: decoding is width × height × 4 bytes
_SVG_REFUSED = re.compile(r"""<!(DOCTYPE|ENTITY)|<(image|feImage|foreignObject|script)\b|href\s*=\s*["'](?!#)""",
                          re.IGNORECASE)  # an SVG logo's own references (href="#…") stay allowed
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}  # by their first bytes
POLICY_LOGO = define("policy-logo", "The centre's logo (policy organisation.logo) is not an SVG, PNG or JPEG image "
                                    "that the certificates can draw.")


@dataclass(frozen=True, kw_only=True)
class ModuleLine:
    title: str
    theory: int
    practice: int
    independent: int

    @property
    def total(self) -> int:
        return self.theory + self.practice + self.independent


@dataclass(frozen=True, kw_only=True)
class CertificateDocument:
    """Everything printed on a certificate and its appendix, or on a reference (code empty)."""

    lang: str
    document: str  # "Сертификат" / "Анықтама": policy.documents
    appendix: str
    organisation: str
    director: str
    holder: str
    topic: str
    hours: int
    modules: tuple[ModuleLine, ...]
    started: dt.date
    ended: dt.date
    issued: dt.date
    valid_until: dt.date | None = None
    code: str = ""
    verify_url: str = ""
    program_version: str = ""  # the program version taught: its files' digest at approval (provenance.py)
    discussion_url: str = ""  # the program's published discussion record
    kind: str = "certificate"  # the document (vocab.DocumentKind): certificate | diploma (its appendix line)
    city: str = ""  # the centre's city, printed with the year of issue
    logo: str = ""  # the centre's logo as SVG text (logo_svg), drawn above its name

    def inputs(self) -> dict[str, str]:
        labels = dict(pdf_labels(self.lang))
        shown = codes.display(self.code) if self.code else ""
        appendix = labels.get(f"appendix_of_{self.kind}", labels["appendix_of_certificate"])
        data: dict[str, Any] = {
            "lang": self.lang, "labels": labels,
            "document": self.document, "appendix": self.appendix, "organisation": self.organisation,
            "director": self.director, "holder": self.holder, "topic": self.topic, "hours": self.hours,
            "modules": [{"title": m.title, "theory": m.theory, "practice": m.practice, "independent": m.independent,
                         "total": m.total} for m in self.modules],
            "started": _date(self.started), "ended": _date(self.ended), "issued": _date(self.issued),
            "valid_until": _date(self.valid_until) if self.valid_until else "",
            "code": shown, "appendix_line": appendix.replace("{code}", shown),
            "version": self.program_version, "discussion": self.discussion_url,
            "city": self.city, "year": str(self.issued.year),
            "check_at": self.verify_url.split("#", 1)[0].split("://", 1)[-1],
        }
        out = {"data": json.dumps(data, ensure_ascii=False)}
        if self.verify_url:
            out["qr"] = qr_svg(self.verify_url)
        if self.logo:
            out["logo"] = self.logo
        return out


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def verify_url(site_url: str, code: str) -> str:
    """What the QR code holds: the code stays in the fragment, so it never reaches a server log."""
    return f"{site_url.rstrip('/')}/verify/#{codes.display(code)}"


def qr_svg(text: str) -> str:
    # a fixed mask: choosing the best of eight costs ten times the rest, and any mask reads (zxing tests it)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=2)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(parts)}"/></svg>')


def logo_svg(root: Path, organisation: Mapping[str, Any]) -> tuple[str, list[Finding]]:
    """The centre's logo as SVG text for the templates ("" when the policy names none), or findings.

    The file is read as any user file (a regular file inside the repository, bounded); a PNG or JPEG is
    wrapped into an SVG as a data: URL, so the templates take every kind the same way (Typst's inputs are text).
    The image is drawn once here, so a broken one is a finding before any certificate is written."""
    listed = organisation.get("logo", "")
    if not listed:
        return "", []
    shown = "data/policy.yml"
    if not isinstance(listed, str) or Path(listed).is_absolute():
        return "", [error(shown, None, POLICY_LOGO, t("organisation.logo must be a path inside the repository, "
                                                     "like content/assets/logo.svg"))]
    raw, findings = read_bytes(root / listed, listed, within=root, limit=MAX_LOGO_BYTES)
    if raw is None:
        return "", findings
    kind = next((mime for magic, mime in LOGO_TYPES.items() if raw.startswith(magic)), "")
    if kind:
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
               'width="400" height="400" viewBox="0 0 400 400"><image width="400" height="400" '
               f'preserveAspectRatio="xMidYMid meet" xlink:href="data:{kind};base64,'
               f'{base64.b64encode(raw).decode("ascii")}"/></svg>')
        too_big = _pixels(raw, kind) > MAX_LOGO_PIXELS  # a small file can claim a huge picture: not decoded
    else:
        try:
            svg = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            svg = ""
        # entities (the "billion laughs") and embedded or linked pictures are what a logo never needs
        too_big = _SVG_REFUSED.search(svg) is not None
    if too_big:
        return "", [error(listed, None, POLICY_LOGO, t("the logo {path} is too large a picture or an SVG with "
                                                       "entities or embedded images; give an SVG of shapes, or a "
                                                       "PNG or JPEG of at most {pixels} pixels", path=listed,
                                                       pixels=MAX_LOGO_PIXELS))]
    if "<svg" not in svg or not _draws(svg):
        return "", [error(listed, None, POLICY_LOGO, t("the logo {path} is not an SVG, PNG or JPEG image that Typst "
                                                       "can draw", path=listed))]
    return svg, []


def _pixels(raw: bytes, kind: str) -> int:
    """The picture's width × height from its header (PNG's IHDR, JPEG's start-of-frame), or a huge number when the
    header cannot be read."""
    unreadable = MAX_LOGO_PIXELS + 1
    if kind == "image/png":
        return int.from_bytes(raw[16:20], "big") * int.from_bytes(raw[20:24], "big") if len(raw) >= 24 else unreadable
    i = 2
    while i + 9 < len(raw):
        if raw[i] != 0xFF:
            return unreadable
        marker, length = raw[i + 1], int.from_bytes(raw[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame: the picture's size
            return int.from_bytes(raw[i + 5:i + 7], "big") * int.from_bytes(raw[i + 7:i + 9], "big")
        i += 2 + length
    return unreadable


def _draws(svg: str) -> bool:
    try:
        typst.compile(b'#image(bytes(sys.inputs.logo), format: "svg", height: 1cm)', format="pdf",
                      sys_inputs={"logo": svg}, ignore_system_fonts=True)
    except RuntimeError:
        return False
    return True


TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=4)
def _compiler(name: str) -> typst.Compiler:
    # a compiler made from a path can compile many times (one made from bytes only once)
    return typst.Compiler(str(TEMPLATES / name), root=str(TEMPLATES), ignore_system_fonts=True)


def _compile(name: str, doc: CertificateDocument) -> bytes:
    # dated at noon UTC of the issue day, so the same document renders to the same bytes
    stamp = int(dt.datetime.combine(doc.issued, dt.time(12), tzinfo=dt.UTC).timestamp())
    pdf = _compiler(name).compile(format="pdf", sys_inputs=doc.inputs(), timestamp=stamp,
                                  pdf_standards=PDF_STANDARD)
    assert isinstance(pdf, bytes)
    return _poppler_quiet(pdf)


# Typst writes the catalog's /MarkInfo as <</Marked true/Suspects false>>. That is valid PDF, but poppler before
# 23.x reports any /Suspects that is not `true` as "Syntax Error: Suspects object is wrong type (boolean)" (every
# pdfinfo, pdftotext and pdftoppm run). /Suspects false is the default, so it is blanked out with spaces of the
# same length: no byte moves, the cross-reference offsets stay right and the PDF/A identification is untouched.
_SUSPECTS = b"/Suspects false"


def _poppler_quiet(pdf: bytes) -> bytes:
    return pdf.replace(_SUSPECTS, b" " * len(_SUSPECTS), 1)


def render_certificate(doc: CertificateDocument) -> bytes:
    """The certificate (page 1) and its appendix (page 2) as one PDF."""
    if not doc.code or not doc.verify_url:
        raise ValueError("a certificate needs its code and the verify URL for the QR code")
    return _compile("certificate.typ", doc)


def render_reference(doc: CertificateDocument) -> bytes:
    return _compile("reference.typ", doc)


PARALLEL_FROM = 32  # below this a process pool costs more than it saves


def render_many(docs: Iterable[CertificateDocument], out: Path, workers: int | None = None) -> Iterator[Path]:
    """Render certificates into `out` (one PDF per code), in order; for certify and for bench/.

    Typst renders one document at a time on one core; a batch (a whole cohort, a re-issue) is spread over
    `workers` processes (default: the machine's cores). The PDFs are the same bytes either way."""
    out.mkdir(parents=True, exist_ok=True)
    batch = list(docs)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and len(batch) >= PARALLEL_FROM:
        # spawn, not fork: Typst's runtime holds threads, and a forked child of a threaded parent can hang
        with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn")) as pool:
            rendered: Iterable[bytes] = pool.map(render_certificate, batch, chunksize=16)
            for doc, pdf in zip(batch, rendered, strict=True):
                yield _write_pdf(out, doc, pdf)
        return
    for doc in batch:
        yield _write_pdf(out, doc, render_certificate(doc))


def _write_pdf(out: Path, doc: CertificateDocument, pdf: bytes) -> Path:
    path = out / f"{codes.display(doc.code)}.pdf"
    path.write_bytes(pdf)
    return path


def document_names(documents: Mapping[str, Mapping[str, str]], lang: str,
                   program_kind: str = "course") -> tuple[str, str, str]:
    """(certificate, appendix, reference) in `lang` from the policy's document names; the first is the
    document the program's kind leads to: a course's certificate (күбөлүк), a retraining's diploma (K-3)."""
    def pick(kind: str) -> str:
        names = documents.get(kind, {})
        return names.get(lang) or names.get("en") or next(iter(names.values()), kind)
    return pick(DOCUMENT_OF_KIND.get(program_kind, "certificate")), pick("appendix"), pick("reference")
