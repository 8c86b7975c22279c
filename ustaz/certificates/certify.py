"""`ustaz course certify`: from a cohort's results to register rows and PDFs (C-16, C-17, C-20).

Listeners whose outcome is ``certificate`` get a register row (once: running it again adds
nothing) and a PDF of the certificate with its appendix; listeners whose outcome is ``reference``
get the free-form reference. PDFs carry names, so they go to the private tree, never the public one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..calendar import valid_until
from ..courses.issued import FILE, write_links
from ..documents.program import organisation_text
from ..findings import Finding
from ..i18n import t
from ..model.program import Program
from ..vocab import DOCUMENT_OF_KIND
from . import codes, provenance
from .register import Certificate, Register, Status
from .render import (
    CertificateDocument,
    ModuleLine,
    document_names,
    logo_svg,
    render_certificate,
    render_reference,
    verify_url,
)
from .sealing import certificate_id
from .writer import RegisterError, append

if TYPE_CHECKING:
    from ..courses.cohort import Cohort, Listener
    from ..courses.results import CohortResults
    from ..workspace import Workspace


class CertifyError(Exception):
    """The cohort cannot be certified (the message says why)."""


@dataclass(frozen=True, kw_only=True)
class CertifyReport:
    added: tuple[Certificate, ...]
    kept: tuple[Certificate, ...]  # already in the register from an earlier run
    certificates: tuple[Path, ...]
    references: tuple[Path, ...]
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()  # certificates kept that want a reissue (revoked, or a name corrected since)


def _modules(program: Program, lang: str) -> tuple[ModuleLine, ...]:
    return tuple(ModuleLine(title=m.title.get(lang) or next(iter(m.title.values()), ""), theory=m.hours.theory,
                            practice=m.hours.practice, independent=m.hours.independent) for m in program.modules)


def _new_code(taken: set[str]) -> str:
    """A fresh code whose id no row has (`taken`: the register's ids)."""
    while True:
        code = codes.new_code()
        id_ = certificate_id(code)
        if id_ not in taken:
            taken.add(id_)
            return code


def current(chain: list[Certificate], superseded: set[str]) -> Certificate:
    """The certificate of a listener's chain that stands now: one no other row supersedes, an issued one first."""
    heads = [c for c in chain if c.id not in superseded] or chain
    return next((c for c in reversed(heads) if c.status is Status.ISSUED), heads[-1])


def plan(results: CohortResults, register: Register, links: Mapping[str, str], *, program: Program,
         issued: dt.date, valid_years: int) -> tuple[list[tuple[str, Certificate]], list[tuple[str, Certificate]]]:
    """((listener, new row), (listener, row already there)) for the cohort's certified listeners, in listener order.

    A listener is matched with the cohort's rows by listener id, through the cohort's private
    certificates.csv (`links`, code → listener), never by name, so a corrected name gets no second
    certificate; a row no link names (issued before links were kept) is matched by its holder's name.
    A revoked row counts too, so certify never silently re-issues what someone revoked: a correction is
    `ustaz register reissue`."""
    mine = [c for c in register.certificates if c.cohort == results.cohort]
    superseded = {c.supersedes for c in register.certificates if c.supersedes}
    linked: dict[str, list[Certificate]] = {}
    by_name: dict[str, list[Certificate]] = {}
    for cert in mine:
        who = links.get(cert.code)
        if who is not None:
            linked.setdefault(who.casefold(), []).append(cert)
        else:
            by_name.setdefault(cert.holder, []).append(cert)
    taken = set(register.by_id)
    new: list[tuple[str, Certificate]] = []
    kept: list[tuple[str, Certificate]] = []
    for r in sorted(results.certified(), key=lambda r: r.listener):
        chain = linked.get(r.listener.casefold())
        if chain is None and by_name.get(r.full_name):
            chain = [by_name[r.full_name].pop(0)]  # one unlinked row per listener of that name
        if chain:
            kept.append((r.listener, current(chain, superseded)))
        else:
            code = _new_code(taken)
            new.append((r.listener, Certificate.issue(code=code, holder=r.full_name, program=results.program,
                                                      cohort=results.cohort, hours=program.hours,
                                                      course_ended=results.ends, issued=issued,
                                                      valid_until=valid_until(issued, valid_years))))
    return new, kept


def _document(ctx: Workspace, results: CohortResults, program: Program, holder: str, lang: str,
              cert: Certificate | None, issued: dt.date,
              taught: provenance.Version | None = None, logo: str = "") -> CertificateDocument:
    certificate, appendix, reference = document_names(ctx.policy.documents, lang, program.kind or "")
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
        discussion_url=taught.discussion if taught and cert else "",
        kind=DOCUMENT_OF_KIND.get(program.kind or "", "certificate"), city=organisation_text(org, "city", lang), logo=logo)


def certify(ctx: Workspace, cohort: str, *, issued: dt.date, out: Path) -> CertifyReport:
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
        raise CertifyError(t("the cohort's program {program!r} is not in programs/", program=results.program))
    if issued < results.ends:
        raise CertifyError(t("the issue date {issued} is before the course ends ({ends})", issued=issued, ends=results.ends))
    if issued > ctx.today:
        raise CertifyError(t("the issue date {issued} is after today ({today}); a certificate is issued on the day it is added to the register", issued=issued, today=ctx.today))
    logo, bad_logo = logo_svg(ctx.root, ctx.policy.organisation)  # a broken logo stops certify before any row
    if bad_logo:
        return CertifyReport(added=(), kept=(), certificates=(), references=(), findings=tuple(bad_logo))
    register = Register.load(ctx.root)
    broken = [f for f in register.findings if f.is_error]
    if broken:
        return CertifyReport(added=(), kept=(), certificates=(), references=(), findings=tuple(broken))
    folder, links = _links(ctx, cohort)
    register = register.with_codes(_keys(links))
    new, kept = plan(results, register, links, program=program, issued=issued,
                     valid_years=ctx.policy.certificate_valid_years)
    from .writer import _csv_line

    by_listener = dict([*kept, *new])
    try:
        for _, cert in new:
            _csv_line(cert)  # a holder a spreadsheet would run as a formula: refused before anything is written
        # the codes first, into the private tree: a sealed row whose code was lost could never be opened again
        write_links(folder, links, ((who, cert.code) for who, cert in by_listener.items()))
        append(ctx.root, [cert for _, cert in new])
    except RegisterError as exc:
        raise CertifyError(str(exc)) from exc
    lang = results.language if results.language in ctx.policy.program_languages else ctx.policy.default_language
    out.mkdir(parents=True, exist_ok=True)
    # the program version taught: the last approval on or before the course's end (read from git once)
    taught = provenance.taught(provenance.versions(ctx.root, program, provenance.discussion_url(
        ctx.policy.site_url, program.id)), results.ends)
    cert_paths = []
    for r in sorted(results.certified(), key=lambda r: r.listener):
        cert = by_listener[r.listener]  # the register's name is the certificate's (reissue corrects both)
        path = out / f"{r.listener}-certificate.pdf"
        path.write_bytes(render_certificate(_document(ctx, results, program, cert.holder, lang, cert, issued,
                                                              taught, logo)))
        cert_paths.append(path)
    ref_paths = []
    for r in sorted(results.with_outcome(ResultOutcome.REFERENCE), key=lambda r: r.listener):
        path = out / f"{r.listener}-reference.pdf"
        path.write_bytes(render_reference(_document(ctx, results, program, r.full_name, lang, None, issued,
                                                    logo=logo)))
        ref_paths.append(path)
    names = {r.listener: r.full_name for r in results.certified()}
    notes = tuple(_note(who, cert, names[who]) for who, cert in kept
                  if cert.status is Status.REVOKED or cert.holder != names[who])
    return CertifyReport(added=tuple(cert for _, cert in new), kept=tuple(cert for _, cert in kept),
                         certificates=tuple(cert_paths), references=tuple(ref_paths), notes=notes)


def _note(listener: str, cert: Certificate, name: str) -> str:
    why = t("was revoked on {revoked_on}", revoked_on=cert.revoked_on) if cert.status is Status.REVOKED else \
        t("names '{holder}', listeners.csv '{name}'", holder=cert.holder, name=name)
    return (f"{listener}: {cert.shown_code} {why}; a corrected certificate: ustaz register reissue {cert.shown_code} "
            f"--reason TEXT")


def _keys(links: Mapping[str, str]) -> dict[str, str]:
    """id → code of a cohort's links (code → listener), to open its rows."""
    return {certificate_id(code): code for code in links}


def _links(ctx: Workspace, cohort: str) -> tuple[Path, dict[str, str]]:
    """The cohort's private folder and its certificates.csv links (code → listener), refused before anything
    is written when git would track the file."""
    from ..courses.cohort import cohort_folder
    from ..courses.load import load_courses
    from ..writefile import private_target_problem

    private = ctx.project.private_dir
    assert private is not None  # cohort_results found the cohort's folder there
    folder = cohort_folder(private, cohort)
    problem = private_target_problem(ctx.root, folder / FILE, documents=False)
    if problem:
        raise CertifyError(t("{file} ties listeners to their certificates: {problem}", file=FILE, problem=problem))
    found = load_courses(ctx).cohorts.get(cohort)
    return folder, dict(found.certificates) if found is not None else {}


@dataclass(frozen=True, kw_only=True)
class Reissued:
    listener: str
    revoked: Certificate  # the corrected row, now revoked (as it was when it had been revoked before)
    new: Certificate | None  # None when the listener already held the certificate that replaces it


def reissue(ctx: Workspace, code: str, *, on: dt.date, reason: str, listener: str | None = None) -> Reissued:
    """Correct a certificate: revoke it (unless it is already) and issue its replacement to the same listener,
    under their name as listeners.csv has it now, with `supersedes` naming the old code; both codes are tied
    to the listener in the cohort's certificates.csv. A revoked row whose listener already holds a newer
    certificate is only tied to them (the correction happened before links were kept)."""
    from ..courses.load import load_courses
    from .writer import _csv_line, revoke

    register = Register.load(ctx.root)
    broken = [f for f in register.findings if f.is_error]
    if broken:
        raise CertifyError(t("{path}:{line}: the register has errors; fix them (`ustaz check`) before a reissue", path=broken[0].path, line=broken[0].line))
    cert = register.get(code)
    if cert is None:
        raise CertifyError(t("no certificate {display} in the register", display=codes.display(code)))
    if not cert.is_open:
        raise CertifyError(t("the seals of {id} do not open with this code; `ustaz check` says why", id=cert.id))
    if not reason.strip():
        raise CertifyError(t("a reissue needs a reason (--reason TEXT)"))
    if on > ctx.today:
        raise CertifyError(t("the date {on} is after today ({today})", on=on, today=ctx.today))
    if on < cert.issued:
        raise CertifyError(t("the date {on} is before the issue date {issued}", on=on, issued=cert.issued))
    cohort = load_courses(ctx).cohorts.get(cert.cohort)
    if cohort is None:
        raise CertifyError(t("cohort {cohort!r} has no folder in the private tree: give --private DIR", cohort=cert.cohort))
    folder, links = _links(ctx, cert.cohort)
    register = register.with_codes(_keys(links))  # the cohort's rows, opened: the staff see codes and names
    after = next((c for c in register.certificates if c.supersedes == cert.id), None)
    if after is not None:
        raise CertifyError(t("{shown_code} was already replaced by {shown_code2} ({path}:{line})", shown_code=cert.shown_code, shown_code2=after.shown_code, path=after.path, line=after.line))
    who = _holder_of(cohort, cert, links, listener)
    mine = [c for c in register.certificates if c.cohort == cert.cohort and c.code != cert.code
            and c.status is Status.ISSUED and links.get(c.code, "").casefold() == who.listener.casefold()]
    if mine:
        if cert.status is Status.ISSUED:
            raise CertifyError(t("listener {listener} already holds {shown_code} ({path}:{line}); revoke one of them (`ustaz register revoke`)", listener=who.listener, shown_code=mine[0].shown_code, path=mine[0].path, line=mine[0].line))
        write_links(folder, links, [(who.listener, cert.code)])
        return Reissued(listener=who.listener, revoked=cert, new=None)
    program = ctx.project.program_map.get(cert.program)
    scheduled = load_courses(ctx).schedule.get(cert.cohort)
    new_code = _new_code(set(register.by_id))
    new = Certificate.issue(code=new_code, holder=who.full_name, program=cert.program, cohort=cert.cohort,
                            hours=program.hours if program is not None else cert.hours,
                            course_ended=scheduled.ends if scheduled is not None else cert.course_ended, issued=on,
                            valid_until=valid_until(on, ctx.policy.certificate_valid_years), supersedes=cert.id)
    try:
        _csv_line(new)  # a name a spreadsheet would run: refused before anything is written
        write_links(folder, links, [(who.listener, cert.code), (who.listener, new.code)])  # the new code first
        revoked = revoke(ctx.root, register, cert.code, on=on, reason=reason) \
            if cert.status is Status.ISSUED else cert
        append(ctx.root, [new])
    except RegisterError as exc:
        raise CertifyError(str(exc)) from exc
    return Reissued(listener=who.listener, revoked=revoked, new=new)


def _holder_of(cohort: Cohort, cert: Certificate, links: Mapping[str, str], listener: str | None) -> Listener:
    """The listener a certificate belongs to: --listener, else its link, else the one listener of its name."""
    if listener is not None:
        found = cohort.listener(listener)
        if found is None:
            raise CertifyError(t("no listener {listener!r} in {file}", listener=listener, file=cohort.file('listeners.csv')))
        linked = links.get(cert.code)
        if linked is not None and linked.casefold() != found.listener.casefold():
            raise CertifyError(t("{shown_code} belongs to listener {linked} ({file}), not {listener}", shown_code=cert.shown_code, linked=linked, file=cohort.file(FILE), listener=found.listener))
        return found
    linked = links.get(cert.code)
    if linked is not None:
        found = cohort.listener(linked)
        if found is None:
            raise CertifyError(t("{file} gives {shown_code} to listener {linked}, who is not in {file2}", file=cohort.file(FILE), shown_code=cert.shown_code, linked=linked, file2=cohort.file('listeners.csv')))
        return found
    named = [lst for lst in cohort.listeners if lst.full_name == cert.holder]
    if len(named) == 1:
        return named[0]
    raise CertifyError(t("which listener of cohort {id} holds {shown_code}? Its name is no longer (or more than once) in {file}: give --listener ID", id=cohort.id, shown_code=cert.shown_code, file=cohort.file('listeners.csv')))
