"""A certificate as an Open Badges 3.0 credential (1EdTech OB 3.0: an ``OpenBadgeCredential``).

The credential names the holder, so it is personal data: it is written where the PDFs go (the private
tree), never into the site. When the centre has a lookup signing key (``ustaz register keygen``), the
credential is also issued as a VC-JWT (OB 3.0 §8.2, compact JWS with ``alg: EdDSA``), verifiable with the
public key the repository pins; without a key it is an unsigned credential.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..model.program import Program
from . import codes, signing
from .register import Certificate
from .render import verify_url

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


def credential(cert: Certificate, *, program: Program | None, site_url: str, issuer_name: Mapping[str, str],
               lang: str) -> dict[str, Any]:
    title = program.title_in(lang) if program else cert.program
    base = site_url.rstrip("/")
    return {
        "@context": CONTEXT,
        "id": verify_url(site_url, cert.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": f"{base}/", "type": ["Profile"],
                   "name": issuer_name.get(lang) or next(iter(issuer_name.values()), base)},
        "validFrom": f"{cert.issued.isoformat()}T00:00:00Z",
        "validUntil": f"{cert.valid_until.isoformat()}T23:59:59Z",
        "name": title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": cert.holder}],
            "activityEndDate": f"{cert.course_ended.isoformat()}T00:00:00Z",
            "creditsEarned": cert.hours,
            "achievement": {
                "id": f"{base}/programs/{cert.program}/",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": title,
                "description": f"{title}: {cert.hours} h",
                "criteria": {"narrative": "Passed the course's final assessment (C-15, C-16)."},
                "humanCode": cert.program,
            },
        },
        "evidence": [{"type": ["Evidence"], "id": verify_url(site_url, cert.code),
                      "name": f"Certificate {codes.display(cert.code)}"}],
    }


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def vc_jwt(vc: Mapping[str, Any], cert: Certificate, key: Ed25519PrivateKey) -> str:
    """OB 3.0 §8.2: a compact JWS (EdDSA) whose payload carries the credential in `vc`."""
    public = signing.public_bytes(key)
    header = {"alg": "EdDSA", "typ": "JWT", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": _b64url(public)}}
    payload = {"iss": vc["issuer"]["id"], "jti": vc["id"], "sub": codes.display(cert.code),
               "nbf": _epoch(cert.issued.isoformat()), "exp": _epoch(cert.valid_until.isoformat()) + 86399,
               "vc": vc}
    signing_input = ".".join(_b64url(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
                             for part in (header, payload))
    return f"{signing_input}.{_b64url(key.sign(signing_input.encode('ascii')))}"


def _epoch(day: str) -> int:
    return int(dt.datetime.fromisoformat(f"{day}T00:00:00+00:00").timestamp())
