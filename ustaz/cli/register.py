"""`ustaz register revoke`, `ustaz verify` and `ustaz course certify` (C-16, C-17, C-20)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..calendar import today_in
from ..certificates import codes
from ..certificates.lookup import LookupDataError, LookupResult, Verdict, lookup, verdict_of
from ..certificates.lookup import record_plaintext
from ..certificates.register import Register
from ..certificates.writer import RegisterError, revoke
from ..policy import load_policy
from .app import fail, main, parse_day, project_root
from .groups import register_group


def _code_or_fail(text: str) -> str:
    parsed = codes.parse(text)
    if parsed.code is None:
        detail = f": {parsed.detail}" if parsed.detail else ""
        fail(f"{text!r} is not a certificate code{detail}")
    return parsed.code


@register_group.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why the certificate is revoked (shown on the lookup page).")
@click.option("--date", "date", help="The revocation date (YYYY-MM-DD); default: today.")
def revoke_cmd(code: str, reason: str, date: str | None) -> None:
    """Revoke a certificate: the row turns 'revoked' with the date and reason; nothing is deleted."""
    root = project_root()
    normalized = _code_or_fail(code)
    policy, _ = load_policy(root)
    on = parse_day(date, "--date") or today_in(policy.timezone)
    register = Register.load(root)
    cert = register.get(normalized)
    if cert is not None and any(f.is_error and f.path == cert.path and f.line == cert.line
                                for f in register.findings):
        fail(f"{cert.path}:{cert.line} has errors; fix them (`ustaz check`) before revoking")
    try:
        revoked = revoke(root, register, normalized, on=on, reason=reason)
    except RegisterError as exc:
        fail(str(exc))
    click.echo(f"{revoked.path}:{revoked.line}: {revoked.shown_code} revoked on {on}: {revoked.revoked_reason}")


def _show(result: LookupResult, code: str) -> str:
    r = result.record
    shown = codes.display(code)
    if result.verdict is Verdict.NOT_FOUND:
        line = f"{shown}: not found"
    else:
        what = f"{r['h']}, {r['p']}, {r['n']} h, issued {r['i']}"
        if result.verdict is Verdict.VALID:
            line = f"{shown}: valid until {r['v']}: {what}"
        elif result.verdict is Verdict.EXPIRED:
            line = f"{shown}: expired on {r['v']}: {what}"
        else:
            line = f"{shown}: revoked on {r.get('r', '')}: {r.get('rr', '')} ({what})"
    return line + (f"  [data as of {result.as_of}]" if result.as_of else "")


@main.command("verify")
@click.argument("code")
@click.option("--site", "site", type=click.Path(file_okay=False), help="Check against a built site's lookup data "
              "instead of the register.")
@click.option("--today", help="Judge validity as of this date (YYYY-MM-DD).")
def verify_cmd(code: str, site: str | None, today: str | None) -> None:
    """Is a certificate valid? Exit 0 only when it is (1: expired, revoked or not found)."""
    import json

    root = project_root()
    normalized = _code_or_fail(code)  # a typo is caught here, before any lookup
    policy, _ = load_policy(root)
    day = parse_day(today) or today_in(policy.timezone)
    if site is not None:
        try:
            result = lookup(Path(site), normalized, day)
        except LookupDataError as exc:
            fail(str(exc))
    else:
        cert = Register.load(root).get(normalized)
        if cert is None:
            result = LookupResult(verdict=Verdict.NOT_FOUND, record={})
        else:
            record = json.loads(record_plaintext(cert))
            result = LookupResult(verdict=verdict_of(record, day), record=record)
    click.echo(_show(result, normalized))
    sys.exit(0 if result.verdict is Verdict.VALID else 1)


