"""`ustaz register revoke|reissue|find|seal|keygen`, `ustaz verify` and `ustaz course certify` (C-16, C-17, C-20)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..calendar import today_in
from ..certificates import codes, signing
from ..certificates.lookup import LookupDataError, LookupResult, Verdict, lookup, record_of, verdict_of
from ..certificates.register import Register
from ..certificates.writer import RegisterError, revoke
from ..i18n import t
from ..policy import load_policy
from ..project import Project
from ..writefile import private_target_problem
from .app import fail, main, parse_day, project_root
from .check import project_as_of
from .groups import course_group, register_group


def _code_or_fail(text: str) -> str:
    parsed = codes.parse(text)
    if parsed.code is None:
        detail = f": {parsed.detail}" if parsed.detail else ""
        fail(t("{text!r} is not a certificate code{detail}", text=text, detail=detail))
    return parsed.code


@register_group.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why the certificate is revoked (shown on the lookup page).")
@click.option("--date", "date", help="The revocation date (YYYY-MM-DD); default: today.")
def revoke_cmd(code: str, reason: str, date: str | None) -> None:
    """Revoke a certificate: the row turns 'revoked' with the date and its reason sealed with the code's key (only
    the code's holder reads it); nothing is deleted."""
    root = project_root()
    normalized = _code_or_fail(code)
    policy, _ = load_policy(root)
    on = parse_day(date, "--date") or today_in(policy.timezone)
    register = Register.load(root)
    cert = register.get(normalized)
    if cert is not None and any(f.is_error and f.path == cert.path and f.line == cert.line
                                for f in register.findings):
        fail(t("{path}:{line} has errors; fix them (`ustaz check`) before revoking", path=cert.path, line=cert.line))
    try:
        revoked = revoke(root, register, normalized, on=on, reason=reason)
    except RegisterError as exc:
        fail(str(exc))
    click.echo(t("{path}:{line}: {shown_code} revoked on {on}: {revoked_reason}", path=revoked.path, line=revoked.line, shown_code=revoked.shown_code, on=on, revoked_reason=revoked.revoked_reason))


@register_group.command("reissue")
@click.argument("code")
@click.option("--reason", required=True, help="Why it is corrected (shown on the lookup page of the old code).")
@click.option("--date", "date", help="The date of the correction (YYYY-MM-DD); default: today.")
@click.option("--listener", "listener", help="The listener it belongs to, when the cohort's files cannot say.")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
def reissue_cmd(code: str, reason: str, date: str | None, listener: str | None, private: str | None) -> None:
    """Correct a certificate: revoke it and issue its replacement (supersedes the old code) to the same listener,
    under the name listeners.csv has now. Then `ustaz course certify COHORT` renders the new PDF."""
    from ..certificates.certify import CertifyError, reissue
    from .check import make_context

    normalized = _code_or_fail(code)
    ctx = make_context(None, private)
    on = parse_day(date, "--date") or ctx.today
    try:
        done = reissue(ctx, normalized, on=on, reason=reason, listener=listener)
    except CertifyError as exc:
        fail(str(exc))
    old = done.revoked
    if done.new is None:
        click.echo(t("{shown_code} (revoked on {revoked_on}) is tied to listener {listener}, who already holds a newer certificate", shown_code=old.shown_code, revoked_on=old.revoked_on, listener=done.listener))
        return
    click.echo(t("{path}:{line}: {shown_code} revoked on {revoked_on}: {revoked_reason}", path=old.path, line=old.line, shown_code=old.shown_code, revoked_on=old.revoked_on, revoked_reason=old.revoked_reason))
    click.echo(t("{shown_code}  {holder}  valid until {valid_until}  (supersedes {shown_code2}); its PDF: ustaz course certify {cohort}", shown_code=done.new.shown_code, holder=done.new.holder, valid_until=done.new.valid_until, shown_code2=old.shown_code, cohort=old.cohort))


@register_group.command("keygen")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
def keygen_cmd(private: str | None) -> None:
    """Make the Ed25519 key that signs the site's lookup data (once per centre)."""
    from ..project import private_dir

    root = project_root()
    pdir = private_dir(root, Path(private) if private else None)
    if pdir is None:
        fail(t("no private tree: give --private DIR"))
    problem = private_target_problem(root, pdir / signing.PRIVATE_KEY_FILE)
    if problem:
        fail(t("the signing key must stay secret: {problem}", problem=problem))
    try:
        secret, public = signing.generate(root, pdir)
    except signing.SigningError as exc:
        fail(str(exc))
    pub = signing.pinned_key(root)
    assert pub is not None
    click.echo(t("private key: {secret} (keep it secret; CI reads it from $USTAZ_SIGNING_KEY)", secret=secret))
    click.echo(t("public key:  {public} (commit it), fingerprint {fingerprint}", public=public.relative_to(root), fingerprint=signing.fingerprint(pub)))


def _show(result: LookupResult, code: str, languages: tuple[str, ...] = ()) -> str:
    r = result.record
    shown = codes.display(code)
    if result.verdict is Verdict.NOT_FOUND:
        line = t("{code}: not found", code=shown)
    else:
        title = next((result.title[lang] for lang in languages if result.title.get(lang)), "")
        program = f"{title} ({r['p']})" if title else str(r["p"])  # the id alone when the title is unknown
        what = t("{holder}, {program}, {hours} h, issued {issued}", holder=r['h'], program=program, hours=r['n'], issued=r['i'])
        if result.verdict is Verdict.VALID:
            line = t("{code}: valid until {valid_until}: {what}", code=shown, valid_until=r['v'], what=what)
        elif result.verdict is Verdict.EXPIRED:
            line = t("{code}: expired on {valid_until}: {what}", code=shown, valid_until=r['v'], what=what)
        elif result.verdict is Verdict.NOT_YET_VALID:
            line = t("{code}: not valid yet: issued {issued}, after the day asked about: {what}", code=shown,
                     issued=r['i'], what=what)
        else:
            line = t("{code}: revoked on {revoked_on}: {reason} ({what})", code=shown, revoked_on=r.get('r', ''),
                     reason=r.get('rr', ''), what=what)
    if result.as_of:
        line += "  [" + t("data as of {date}", date=result.as_of)
        line += (", " + t("signed by key {key}", key=result.signed_by) + "]") if result.signed_by else "]"
    return line


@register_group.command("find")
@click.argument("name")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
def find_cmd(name: str, private: str | None) -> None:
    """Find a holder's certificates by name in the private tree (a holder who lost the code): every listener whose
    name holds all the words given, with their codes and each certificate's state in the register."""
    from ..certificates.sealing import certificate_id
    from ..courses.load import load_courses
    from .check import make_context

    words = name.casefold().split()
    if not words:
        fail(t("give a name to look for"))
    ctx = make_context(None, private)
    if ctx.project.private_dir is None:
        fail(t("the codes are in the private tree: give --private DIR"))
    register = Register.load(ctx.root)
    found = 0
    for cohort_id, cohort in sorted(load_courses(ctx).cohorts.items()):
        for code, listener_id in sorted(cohort.certificates.items(), key=lambda item: item[1]):
            listener = cohort.listener(listener_id)
            if listener is None or not all(w in listener.full_name.casefold() for w in words):
                continue
            found += 1
            cert = register.by_id.get(certificate_id(code))
            if cert is None:
                state = t("not in the register")
            elif cert.status.value == "revoked":
                state = t("revoked on {day}", day=cert.revoked_on)
            else:
                state = t("issued {issued}, valid until {until}", issued=cert.issued, until=cert.valid_until)
            click.echo(f"{codes.display(code)}  {listener.full_name}  {cohort_id}/{listener.listener}  "
                       f"{cert.program if cert else ''}  {state}")
    if not found:
        click.echo(t("no listener named {name!r} holds a certificate in {private}", name=name,
                     private=ctx.project.private_dir), err=True)
        sys.exit(1)


@register_group.command("seal")
@click.option("--plain", "plain", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="A plaintext register file to seal instead of the one of the same name in data/certificates/ "
                   "(e.g. a copy kept aside); repeatable.")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/).")
def seal_cmd(plain: tuple[str, ...], private: str | None) -> None:
    """Seal a register of the first release's format: codes and names leave the public tree (each code is tied
    to its listener in the private tree first). Then remove the plaintext from the history: see the docs."""
    from ..certificates.migrate import MigrationError, seal_register
    from .check import make_context

    ctx = make_context(None, private)
    try:
        report = seal_register(ctx, plain={Path(p).name: Path(p) for p in plain})
    except MigrationError as exc:
        fail(str(exc))
    if not report.files:
        click.echo(t("the register is sealed already: nothing to do"))
        return
    click.echo(t("sealed {rows} row(s) in {files}; {linked} code(s) newly tied to their listeners", rows=report.rows,
                 files=", ".join(report.files), linked=report.linked))
    if report.unlinked:
        click.echo(t("{n} code(s) could not be tied to a listener: kept in <private>/{file}; tie them (`ustaz "
                     "register reissue CODE --listener ID`) or keep that file", n=len(report.unlinked),
                     file="certificates/unlinked-codes.csv"), err=True)
    click.echo(t("the old rows are still in the git history: remove them (docs: 'Sealing an old register')"))


@main.command("verify")
@click.argument("code")
@click.option("--site", "site", type=click.Path(file_okay=False), help="Check against a built site's lookup data "
              "instead of the register.")
@click.option("--today", help="Judge validity as of this date (YYYY-MM-DD).")
def verify_cmd(code: str, site: str | None, today: str | None) -> None:
    """Is a certificate valid? Exit 0 only when it is (1: expired, revoked, not found, or issued after the day)."""
    root = project_root()
    normalized = _code_or_fail(code)  # a typo is caught here, before any lookup
    policy, _ = load_policy(root)
    day = project_as_of(today, policy).day
    if site is not None:
        try:
            result = lookup(Path(site), normalized, day, pinned=signing.pinned_key(root))
        except (LookupDataError, signing.SigningError) as exc:
            fail(str(exc))
    else:
        cert = Register.load(root).get(normalized)  # the public register: the code finds and opens its row
        if cert is not None and not cert.is_open:
            fail(t("{path}:{line}: the seals of this row do not open with the code: the row was altered",
                   path=cert.path, line=cert.line))
        if cert is not None and cert.issued > day:  # register-dates: a row from the future is no certificate yet
            click.echo(t("{shown_code}: issued {issued}, after {day}: not valid ({path}:{line}: register-dates)", shown_code=cert.shown_code, issued=cert.issued, day=day, path=cert.path, line=cert.line))
            sys.exit(1)
        if cert is None:
            result = LookupResult(verdict=Verdict.NOT_FOUND, record={})
        else:
            record = record_of(cert)
            program = Project.load(root).program_map.get(cert.program)
            result = LookupResult(verdict=verdict_of(record, day), record=record,
                                  title=dict(program.title) if program is not None else {})
    click.echo(_show(result, normalized, tuple(policy.languages)))
    sys.exit(0 if result.verdict is Verdict.VALID else 1)




@course_group.command("certify")
@click.argument("cohort")
@click.option("--date", "date", help="The issue date (YYYY-MM-DD); default: today.")
@click.option("--out", "out", type=click.Path(file_okay=False),
              help="Where the PDFs go (default: <private>/certificates/COHORT); never the public tree.")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
def certify_cmd(cohort: str, date: str | None, out: str | None, private: str | None) -> None:
    """Certificates for a cohort: register rows and PDFs (certificate + appendix, or reference)."""
    from ..certificates.certify import CertifyError, certify
    from ..findings import render
    from .check import make_context

    ctx = make_context(None, private)
    issued = parse_day(date, "--date") or ctx.today
    target = _private_out(ctx.root, ctx.project.private_dir, cohort, out)
    try:
        report = certify(ctx, cohort, issued=issued, out=target)
    except CertifyError as exc:
        fail(str(exc))
    if report.findings:
        click.echo(render(report.findings, "text"))
        click.echo(t("{cohort}: not certified; fix the errors above first", cohort=cohort), err=True)
        sys.exit(1)
    for cert in report.added:
        click.echo(t("{shown_code}  {program}  valid until {valid_until}  (new)", shown_code=cert.shown_code, program=cert.program, valid_until=cert.valid_until))
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(t("{count} certificate(s) added to the register, {count2} already there; {count3} certificate PDF(s) and {count4} reference(s) in {target}", count=len(report.added), count2=len(report.kept), count3=len(report.certificates), count4=len(report.references), target=target))


def _private_out(root: Path, private_dir: Path | None, cohort: str, out: str | None) -> Path:
    """PDFs carry names: they go to the private tree (or a folder outside the repository), never where git
    would add them nor into the fictional examples/private/ (checked before anything is written)."""
    if out is None:
        if private_dir is None:
            fail(t("no private tree: give --private DIR or --out DIR"))
        target = private_dir / "certificates" / cohort
    else:
        target = Path(out).resolve()
        inside_private = private_dir is not None and target.is_relative_to(private_dir.resolve())
        if target.is_relative_to(root.resolve()) and not inside_private:
            fail(t("{out} is in the public tree; certificates carry names: write them to the private tree", out=out))
    problem = private_target_problem(root, target)
    if problem:
        fail(t("certificates carry names: {problem}", problem=problem))
    return target
