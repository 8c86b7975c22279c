"""The site's certificate pages: /verify/ (the private lookup, kk/ru/en) and the statistics page.

The pages are generated per site language; after the build, the lookup data and the page's script
are written into the site. Nothing written here holds a name in clear (C-20, DESIGN.md).
"""

from __future__ import annotations

import base64
import html
import json
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...aggregates.tables import CERTIFICATES as CERTIFICATES_BY_REGION
from ...aggregates.tables import TOTAL, AggregateTables, PublishedCount, count
from ...certificates import dataintegrity, issuer, lookup, provenance, signing, status_list
from ...certificates.labels import page_labels
from ...certificates.load import register_of
from ...certificates.render import TEMPLATES
from ...small_cells import min_cell_count, not_published, note
from ...support.summary import UNKNOWN_REGION
from ...vocab import REGION_NAMES, REGIONS
from ..extensions import GeneratedPage, page_generator, post_build
from ..markdown import md_text

if TYPE_CHECKING:
    from ...workspace import Workspace

VERIFY_DIR = "verify"
VERIFY_TEMPLATE = "ustaz-verify.html"  # ustaz/site/theme/: the site's page without the theme's script bundle


def _prefix(ctx: Workspace, lang: str) -> str:
    return "" if lang == ctx.policy.languages[0] else f"{lang}/"


def _issuer(ctx: Workspace, lang: str) -> str:
    """The centre's name in the page's language (the page shows it with a record; not part of the data)."""
    names = ctx.policy.organisation.get("name", {})
    if not isinstance(names, Mapping) or not names:
        return str(names or "")
    return str(names.get(lang) or names.get("en") or next(iter(names.values())))


def verify_page(ctx: Workspace, lang: str) -> GeneratedPage:
    """The lookup form. Its input has no name, so even without the script a code never ends up in a query
    string (and a server log); the script keeps it in the fragment."""
    path = f"{_prefix(ctx, lang)}{VERIFY_DIR}/index.md"
    t = page_labels(lang)
    e = html.escape
    issuer = _issuer(ctx, lang)
    # the lean page shell (ustaz/site/theme/ustaz-verify.html): the lookup's script and the styles are written into
    # its head after the build (verify_theme.py), so a QR link's data is asked for while the page arrives
    body = f"""---
template: {VERIFY_TEMPLATE}
---
# {t['title']}

{t['intro']}
"""
    form = f"""<div id="ustaz-verify" data-lang="{e(lang)}" data-issuer="{e(issuer)}">
<form id="verify-form" autocomplete="off" action="#">
<label for="verify-code">{e(t['code'])}</label>
<input id="verify-code" type="text" spellcheck="false" autocapitalize="characters"
 placeholder="XXXX-XXXX-XXXX-XXXX-XXXX" size="30">
<button id="verify-submit" type="submit">{e(t['check'])}</button>
</form>
<div id="verify-result" role="status" aria-live="polite"></div>
<p id="verify-as-of"></p>
</div>
"""
    return GeneratedPage(path=path, content=body, lang=lang, title=t["title"], html=form)


def _region(code: str, lang: str) -> str:
    if not code:
        return page_labels(lang)["unknown"]
    name = REGION_NAMES.get(code, {}).get(lang) or REGIONS.get(code)
    return f"{name} ({code})" if name else code


def _regions(tables: AggregateTables, lang: str, head: tuple[str, str], minimum: int) -> str:
    """Certificates per region of the holder's organisation count people in a place, and a small region's 1 or 2
    can point at a person, so they follow the threshold rule (C-8, C-20; ustaz/small_cells.py). The holders'
    organisations are private: the staff's `ustaz publish aggregates` wrote the suppressed counts into
    data/aggregates/certificates-by-region.csv, and the site reads that table only. Per program and per year the
    counts stay exact: they are facts of the register. The page's total is published anyway, so a breakdown
    whose total had to be hidden is not published at all."""
    rows = tables.of(CERTIFICATES_BY_REGION)
    total = next((count(r, "certificates") for r in rows if r.get("region") == TOTAL), None)
    if total is not None and total.hidden:
        return not_published(lang)
    cells = [(r.get("region"), count(r, "certificates") or PublishedCount(text="0"))
             for r in rows if r.get("region") != TOTAL]
    table = _table(head, [(_region("" if region == UNKNOWN_REGION else region, lang), c.shown())
                          for region, c in cells])
    hidden = [c for _, c in cells if c.hidden]
    stated = next((c.small_below for c in hidden if c.small_below), minimum)
    return table + (f"\n\n{note(lang, stated)}" if hidden else "")


def _table(head: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    lines = [f"| {head[0]} | {head[1]} |", "|---|---:|"]
    # names come from program.yml (user files): escaped, and a '|' must not split the table's cell
    lines += [f"| {md_text(name)} | {count} |" for name, count in rows]
    return "\n".join(lines)


def statistics_page(ctx: Workspace, lang: str) -> GeneratedPage:
    t = page_labels(lang)
    certs = list(register_of(ctx).certificates)
    programs = ctx.project.program_map
    by_program = Counter(c.program for c in certs)
    by_year = Counter(c.issued.year for c in certs)

    def title(pid: str) -> str:
        p = programs.get(pid)
        return p.title_in(lang) if p else pid

    body = "\n\n".join([
        f"# {t['stats_title']}", t["stats_intro"], f"{t['total']}: **{len(certs)}**",
        f"## {t['by_program']}", _table((t["program"], t["count"]),
                                        [(title(k), str(v)) for k, v in sorted(by_program.items())]),
        f"## {t['by_year']}", _table((t["year"], t["count"]),
                                     [(str(k), str(v)) for k, v in sorted(by_year.items())]),
        f"## {t['by_region']}", _regions(AggregateTables.load(ctx.root), lang, (t["region"], t["count"]),
                                         min_cell_count(ctx.policy.privacy.min_cell_count)),
    ]) + "\n"
    return GeneratedPage(path=f"{_prefix(ctx, lang)}{VERIFY_DIR}/statistics.md", content=body, lang=lang,
                         title=t["stats_title"])


@page_generator
def certificate_pages(ctx: Workspace) -> Iterator[GeneratedPage]:
    for lang in ctx.policy.languages:
        yield verify_page(ctx, lang)
        yield statistics_page(ctx, lang)


def lookup_programs(ctx: Workspace) -> Mapping[str, Mapping[str, str]]:
    """Each program's title by language, for the page to show once a record names the program."""
    return {p.id: dict(p.title) for p in ctx.project.program_map.values()}


def program_versions(ctx: Workspace) -> dict[str, dict[str, Any]]:
    """Each program's approved versions (the digest of its files at each approval) and its discussion record's
    URL, for the page to name the version a certificate's course taught (ustaz/certificates/provenance.py)."""
    of = provenance.resolver(ctx.root, ctx.project.program_map, ctx.policy.site_url)
    return {pid: {"versions": [{"approved": v.approved.isoformat(), "sha256": v.sha256, "record": v.discussion}
                               for v in of(pid)]}
            for pid in ctx.project.program_map}


def verify_script(lang: str, pinned: bytes | None = None) -> str:
    """The page's script for one language: its labels, the centre's public key (base64; "" when none is
    committed) and the format's HKDF salt and info (the page derives a code's id before the manifest arrives)."""
    from ...certificates.sealing import INFO, SALT

    text = (TEMPLATES / "verify.js").read_text(encoding="utf-8")
    key = base64.b64encode(pinned).decode("ascii") if pinned else ""
    return (text.replace('/*LANG*/"en"', json.dumps(lang))
            .replace("/*LABELS*/{}", json.dumps(dict(page_labels(lang)), ensure_ascii=False, sort_keys=True))
            .replace('/*PUBLIC_KEY*/""', json.dumps(key))
            .replace('/*SALT*/""', json.dumps(SALT.decode("ascii")))
            .replace('/*INFO*/""', json.dumps(INFO.decode("ascii"))))


@post_build
def write_lookup_data(ctx: Workspace, site_dir: Path) -> None:
    register = register_of(ctx)
    from mkdocs.exceptions import PluginError

    try:  # a key problem is a one-line failure of the build (`ustaz build` exits 2), not a traceback
        signer = signing.load_signer(ctx.project.private_dir)
        pinned = signing.pinned_key(ctx.root)
        warning = signing.build_keys(signer, pinned)
    except signing.SigningError as exc:
        print(f"ustaz: {exc}", file=sys.stderr)  # mkdocs would only log it
        raise PluginError(str(exc)) from exc
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    lookup.build(register.files, site_dir, programs=lookup_programs(ctx), signer=signer,
                 program_extra=program_versions(ctx))
    # a plain write: the web server must be able to read it (write_atomic makes 0600 files); the page's script is
    # written into each verify page by verify_theme.py
    (site_dir / VERIFY_DIR / "verify.css").write_text((TEMPLATES / "verify.css").read_text(encoding="utf-8"),
                                                      encoding="utf-8")


@post_build
def write_credentials_data(ctx: Workspace, site_dir: Path) -> None:
    """The centre as a credential issuer (ustaz/certificates/issuer.py): its did:web document (with the pinned
    key), its issuer profile and every year's Bitstring Status List, signed with eddsa-rdfc-2022 when the key
    is here; a revoked certificate's bit is set. Nothing without an https site_url (did:web needs one)."""
    try:
        issuer.did_web(ctx.policy.site_url)
    except issuer.IssuerError:
        return
    site_url = ctx.policy.site_url
    signer = signing.load_signer(ctx.project.private_dir)
    pinned = signing.pinned_key(ctx.root)
    profile = issuer.profile(site_url, issuer.names_of(ctx.policy.organisation), ctx.policy.languages[0])
    out: dict[str, Any] = {issuer.PROFILE_FILE: profile}
    if pinned is not None:
        out[issuer.did_file(site_url)] = issuer.did_document(site_url, pinned)
    for name, status in status_list.lists(register_of(ctx).certificates, site_url).items():
        if signer is not None:
            status = dataintegrity.sign(status, signer, verification_method=issuer.verification_method(site_url),
                                        created=str(status["validFrom"]))
        out[f"{status_list.STATUS_DIR}/{name}.json"] = status
    for rel, doc in out.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        # plain writes: the web server must read them (write_atomic makes 0600 files)
        target.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
