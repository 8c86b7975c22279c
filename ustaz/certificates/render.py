"""PDFs of certificates with their appendix (C-16, C-20) and of references (C-17), by Typst.

Typst renders a certificate in a few milliseconds with its bundled fonts (Libertinus Serif draws
every Kazakh and Kyrgyz letter); system fonts are ignored so a PDF looks the same on every machine.
The QR code is drawn from qrcode's module matrix as one SVG path of horizontal runs.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import qrcode
import qrcode.constants
import typst

from ..vocab import DOCUMENT_OF_KIND
from . import codes
from .labels import pdf_labels

# Typst's hyphenation knows no Kazakh; Kazakh and Kyrgyz are set with Russian rules, both Cyrillic
_TEXT_LANG = {"kk": "ru", "ky": "ru", "ru": "ru", "en": "en"}


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

    def inputs(self) -> dict[str, str]:
        data: dict[str, Any] = {
            "lang": self.lang, "text_lang": _TEXT_LANG.get(self.lang, "en"), "labels": dict(pdf_labels(self.lang)),
            "document": self.document, "appendix": self.appendix, "organisation": self.organisation,
            "director": self.director, "holder": self.holder, "topic": self.topic, "hours": self.hours,
            "modules": [{"title": m.title, "theory": m.theory, "practice": m.practice, "independent": m.independent,
                         "total": m.total} for m in self.modules],
            "started": _date(self.started), "ended": _date(self.ended), "issued": _date(self.issued),
            "valid_until": _date(self.valid_until) if self.valid_until else "",
            "code": codes.display(self.code) if self.code else "",
            "version": self.program_version, "discussion": self.discussion_url,
        }
        out = {"data": json.dumps(data, ensure_ascii=False)}
        if self.verify_url:
            out["qr"] = qr_svg(self.verify_url)
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


TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=4)
def _compiler(name: str) -> typst.Compiler:
    # a compiler made from a path can compile many times (one made from bytes only once)
    return typst.Compiler(str(TEMPLATES / name), root=str(TEMPLATES), ignore_system_fonts=True)


def _compile(name: str, doc: CertificateDocument) -> bytes:
    # dated at noon UTC of the issue day, so the same document renders to the same bytes
    stamp = int(dt.datetime.combine(doc.issued, dt.time(12), tzinfo=dt.UTC).timestamp())
    pdf = _compiler(name).compile(format="pdf", sys_inputs=doc.inputs(), timestamp=stamp)
    assert isinstance(pdf, bytes)
    return pdf


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
