"""`ustaz course certify`: from a cohort's results to register rows and PDFs (C-16, C-17, C-20).

Listeners whose outcome is ``certificate`` get a register row (once: running it again adds
nothing) and a PDF of the certificate with its appendix; listeners whose outcome is ``reference``
get the free-form reference. PDFs carry names, so they go to the private tree, never the public one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..calendar import valid_until
from ..findings import Finding
from ..model.program import Program
from . import codes, provenance
from .register import Certificate, Register, Status
from .render import CertificateDocument, ModuleLine, document_names, render_certificate, render_reference, verify_url
from .writer import RegisterError, append

if TYPE_CHECKING:
    from ..checks import Context
    from ..courses.results import CohortResults


class CertifyError(Exception):
    """The cohort cannot be certified (the message says why)."""


@dataclass(frozen=True, kw_only=True)
class CertifyReport:
    added: tuple[Certificate, ...]
    kept: tuple[Certificate, ...]  # already in the register from an earlier run
    certificates: tuple[Path, ...]
    references: tuple[Path, ...]
    findings: tuple[Finding, ...] = ()


def _modules(program: Program, lang: str) -> tuple[ModuleLine, ...]:
    return tuple(ModuleLine(title=m.title.get(lang) or next(iter(m.title.values()), ""), theory=m.hours.theory,
                            practice=m.hours.practice, independent=m.hours.independent) for m in program.modules)


def _new_code(taken: set[str]) -> str:
    while True:
        code = codes.new_code()
        if code not in taken:
            taken.add(code)
            return code


def plan(results: CohortResults, register: Register, *, program: Program, issued: dt.date,
         valid_years: int) -> tuple[list[Certificate], list[Certificate]]:
    """(new rows, rows already there) for the cohort's certified listeners, in listener order.

    A listener is matched with the cohort's rows by holder name (the public register has no listener id);
    a revoked row counts too, so certify never silently re-issues what someone revoked."""
    existing: dict[str, list[Certificate]] = {}
    for cert in register.certificates:
        if cert.cohort == results.cohort:
            existing.setdefault(cert.holder, []).append(cert)
    taken = set(register.by_code)
    used: Counter[str] = Counter()
    new: list[Certificate] = []
    kept: list[Certificate] = []
    for r in sorted(results.certified(), key=lambda r: r.listener):
        holder = r.full_name
        have = existing.get(holder, [])
        if used[holder] < len(have):
            kept.append(have[used[holder]])
        else:
            code = _new_code(taken)
            new.append(Certificate(code=code, shown_code=codes.display(code), program=results.program,
                                   cohort=results.cohort, holder=holder, hours=program.hours,
                                   course_ended=results.ends, issued=issued,
                                   valid_until=valid_until(issued, valid_years), status=Status.ISSUED))
        used[holder] += 1
    return new, kept


def _document(ctx: Context, results: CohortResults, program: Program, holder: str, lang: str,
              cert: Certificate | None, issued: dt.date,
              taught: provenance.Version | None = None) -> CertificateDocument:
    certificate, appendix, reference = document_names(ctx.policy.documents, lang, program.kind)
    org = ctx.policy.organisation
    names = org.get("name", {})
    return CertificateDocument(
        lang=lang, document=certificate if cert else reference, appendix=appendix,
        organisation=str(names.get(lang) or next(iter(names.values()), "")), director=str(org.get("director", "")),
        holder=holder, topic=program.title_in(lang), hours=program.hours, modules=_modules(program, lang),
        started=results.starts, ended=results.ends, issued=cert.issued if cert else issued,
        valid_until=cert.valid_until if cert else None, code=cert.code if cert else "",
        verify_url=verify_url(ctx.policy.site_url, cert.code) if cert else "",
        program_version=taught.digest if taught and cert else "",
        discussion_url=taught.discussion if taught and cert else "")


def certify(ctx: Context, cohort: str, *, issued: dt.date, out: Path) -> CertifyReport:
    from ..courses.results import UnknownCohort, cohort_results
    from ..vocab import ResultOutcome

    try:
        results, findings = cohort_results(ctx, cohort)
    except UnknownCohort as exc:
        raise CertifyError(str(exc)) from exc
    errors = [f for f in findings if f.is_error]
    if errors:
        return CertifyReport(added=(), kept=(), certificates=(), references=(), findings=tuple(errors))
    program = ctx.project.program_map.get(results.program)
    if program is None:
        raise CertifyError(f"the cohort's program {results.program!r} is not in programs/")
    if issued < results.ends:
        raise CertifyError(f"the issue date {issued} is before the course ends ({results.ends})")
    register = Register.load(ctx.root)
    broken = [f for f in register.findings if f.is_error]
    if broken:
        return CertifyReport(added=(), kept=(), certificates=(), references=(), findings=tuple(broken))
    new, kept = plan(results, register, program=program, issued=issued,
                     valid_years=ctx.policy.certificate_valid_years)
    try:
        append(ctx.root, new)
    except RegisterError as exc:  # a holder a spreadsheet would run as a formula: nothing is written
        raise CertifyError(str(exc)) from exc
    lang = results.language if results.language in ctx.policy.program_languages else ctx.policy.default_language
    by_holder: dict[str, list[Certificate]] = {}
    for cert in [*kept, *new]:
        by_holder.setdefault(cert.holder, []).append(cert)
    out.mkdir(parents=True, exist_ok=True)
    # the program version taught: the last approval on or before the course's end (read from git once)
    taught = provenance.taught(provenance.versions(ctx.root, program, provenance.discussion_url(
        ctx.policy.site_url, program.id)), results.ends)
    cert_paths = []
    for r in sorted(results.certified(), key=lambda r: r.listener):
        cert = by_holder[r.full_name].pop(0)
        path = out / f"{r.listener}-certificate.pdf"
        path.write_bytes(render_certificate(_document(ctx, results, program, r.full_name, lang, cert, issued,
                                                              taught)))
        cert_paths.append(path)
    ref_paths = []
    for r in sorted(results.with_outcome(ResultOutcome.REFERENCE), key=lambda r: r.listener):
        path = out / f"{r.listener}-reference.pdf"
        path.write_bytes(render_reference(_document(ctx, results, program, r.full_name, lang, None, issued)))
        ref_paths.append(path)
    return CertifyReport(added=tuple(new), kept=tuple(kept), certificates=tuple(cert_paths),
                         references=tuple(ref_paths))
