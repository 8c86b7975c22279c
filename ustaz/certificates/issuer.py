"""The centre as a credential issuer on its own site: a ``did:web`` identifier and document, and its Open Badges
issuer profile, so a verifier resolves the key from the centre's site alone.

The site at ``https://host/path/`` is ``did:web:host:path`` (did:web's rules: the port's ``:`` is ``%3A``, each
``/`` of the path is ``:``), and its DID document is ``https://host/path/did.json`` (a site at the host's root:
``https://host/.well-known/did.json``). The document names one
Multikey — the lookup signing key the repository pins (data/certificates/lookup-key.pub) — for
``assertionMethod``: every credential and status list the centre issues is signed with it.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from ..i18n import t
from .dataintegrity import OB_V3, VC_V2, clean, multikey

DID_FILE = "did.json"
PROFILE_FILE = "credentials/issuer.json"
KEY_FRAGMENT = "key-1"
DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


class IssuerError(ValueError):
    pass


def base_url(site_url: str) -> str:
    """The site's URL with one trailing slash."""
    return site_url.rstrip("/") + "/"


def did_web(site_url: str) -> str:
    try:
        parts = urllib.parse.urlsplit(site_url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise IssuerError(t("site_url {site_url!r} is not an https URL; did:web needs one", site_url=site_url))
    host = parts.hostname + (f"%3A{port}" if port else "")
    path = [urllib.parse.quote(p, safe="") for p in parts.path.split("/") if p]
    return ":".join(["did:web", host, *path])


def did_file(site_url: str) -> str:
    """Where on the site the DID document goes: ``did.json`` under the site's path, or, for a site at a host's
    root, ``.well-known/did.json`` (did:web's rule)."""
    return DID_FILE if ":" in did_web(site_url).removeprefix("did:web:") else f".well-known/{DID_FILE}"


def verification_method(site_url: str) -> str:
    return f"{did_web(site_url)}#{KEY_FRAGMENT}"


def did_document(site_url: str, public: bytes) -> dict[str, Any]:
    did = did_web(site_url)
    vm = verification_method(site_url)
    return {"@context": DID_CONTEXT, "id": did,
            "verificationMethod": [{"id": vm, "type": "Multikey", "controller": did,
                                    "publicKeyMultibase": multikey(public)}],
            "assertionMethod": [vm], "authentication": [vm]}


def names_of(organisation: Mapping[str, Any]) -> dict[str, str]:
    """The centre's name by language from the policy's ``organisation.name`` (a mapping, or one string)."""
    names = organisation.get("name")
    if isinstance(names, Mapping):
        return {str(k): str(v) for k, v in names.items() if v}
    return {"": str(names)} if names else {}


def name_in(names: Mapping[str, str], lang: str, fallback: str) -> str:
    return clean(str(names.get(lang) or next(iter(names.values()), fallback)))


def reference(site_url: str, names: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The issuer as a credential names it (OB 3.0 Profile): the DID, the name, the site."""
    return {"id": did_web(site_url), "type": ["Profile"], "name": name_in(names, lang, base_url(site_url)),
            "url": base_url(site_url)}


def profile(site_url: str, names: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The issuer profile published at ``credentials/issuer.json``."""
    return {"@context": [VC_V2, OB_V3], **reference(site_url, names, lang),
            "description": " / ".join(clean(str(v)) for v in names.values())}
