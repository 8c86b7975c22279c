"""A certificate as an Open Badges 3.0 credential (1EdTech OB 3.0 ``OpenBadgeCredential``, W3C VC 2.0).

The credential names the holder, so it is personal data: it is written where the PDFs go (the private tree),
never into the site. With the centre's signing key (``ustaz register keygen``) it is secured twice, each way
verifiable from the centre's site alone (its ``did:web`` document, ustaz/certificates/issuer.py):

- the JSON form carries an embedded Data Integrity proof, ``eddsa-rdfc-2022`` (dataintegrity.py);
- the VC-JWT (W3C VC-JOSE-COSE): a compact JWS (``alg: EdDSA``, ``typ: vc+jwt``) whose payload *is* the
  credential, with the JWT claims ``iss``, ``sub``, ``jti``, ``nbf``, ``exp`` equal to its issuer,
  ``credentialSubject.id``, ``id``, ``validFrom`` and ``validUntil``.

The credential's ``id`` and its subject's ``id`` are ``urn:uuid:`` names hashed from the code: stable across
exports and saying nothing about the holder. ``credentialStatus`` points at the certificate's entry in the year's
Bitstring Status List (status_list.py), and the achievement names the program version taught (provenance.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..model.program import Program
from ..project import Project
from . import codes, dataintegrity, issuer, provenance, status_list
from .provenance import Version
from .register import Certificate
from .render import verify_url
from .status_list import Entry, credential_status

CONTEXT = [dataintegrity.VC_V2, dataintegrity.OB_V3]
JWT_TYPE = "vc+jwt"
_ID_DOMAIN = b"ustaz credential id|"
_SUBJECT_DOMAIN = b"ustaz credential subject|"


def hashed_urn(domain: bytes, code: str) -> str:
    """A ``urn:uuid:`` (version 8: custom) from SHA-256 of the code: without the code nobody can tell whose."""
    raw = bytearray(hashlib.sha256(domain + code.encode("ascii")).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x80
    raw[8] = (raw[8] & 0x3F) | 0x80
    return f"urn:uuid:{uuid.UUID(bytes=bytes(raw))}"


def credential(cert: Certificate, *, program: Program | None, site_url: str, issuer_name: Mapping[str, str],
               lang: str, status: Entry, version: Version | None) -> dict[str, Any]:
    """The unsigned credential (`secure` adds the proof)."""
    clean = dataintegrity.clean
    title = clean(program.title_in(lang) if program else cert.program)
    base = issuer.base_url(site_url)
    achievement: dict[str, Any] = {
        "id": f"{base}programs/{cert.program}/", "type": ["Achievement"], "achievementType": "Certificate",
        "name": title, "description": f"{title}: {cert.hours} h",
        "criteria": {"narrative": "Passed the course's final assessment (C-15, C-16)."},
        "humanCode": clean(cert.program),
    }
    evidence: list[dict[str, Any]] = [{"id": verify_url(site_url, cert.code), "type": ["Evidence"],
                                       "name": f"Certificate {codes.display(cert.code)}"}]
    if version is not None:
        achievement["version"] = version.digest
        evidence.append({"id": version.discussion, "type": ["Evidence"],
                         "name": "The program's public discussion record",
                         "narrative": f"The program as approved on {version.approved.isoformat()}"
                                      + (f" (order {clean(version.order)})" if version.order else "")
                                      + f": its files' digest is {version.digest}."})
    return {
        "@context": list(CONTEXT),
        "id": hashed_urn(_ID_DOMAIN, cert.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.reference(site_url, issuer_name, lang),
        "validFrom": f"{cert.issued.isoformat()}T00:00:00Z",
        "validUntil": f"{cert.valid_until.isoformat()}T23:59:59Z",
        "name": title,
        "credentialSubject": {
            "id": hashed_urn(_SUBJECT_DOMAIN, cert.code),
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": clean(cert.holder)}],
            "activityEndDate": f"{cert.course_ended.isoformat()}T00:00:00Z",
            "creditsEarned": cert.hours,
            "achievement": achievement,
        },
        "credentialStatus": credential_status(site_url, status),
        "evidence": evidence,
    }


def secure(vc: Mapping[str, Any], key: Ed25519PrivateKey, site_url: str) -> dict[str, Any]:
    """The credential with its ``eddsa-rdfc-2022`` proof, created at the start of its validity (so an export
    made twice is the same file)."""
    return dataintegrity.sign(vc, key, verification_method=issuer.verification_method(site_url),
                              created=str(vc["validFrom"]))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _epoch(stamp: str) -> int:
    return int(dt.datetime.fromisoformat(stamp).timestamp())


def jwt_claims(vc: Mapping[str, Any]) -> dict[str, Any]:
    """The JWT payload: the credential (without an embedded proof: the JWS secures it) and the registered claims
    that repeat what it says (VC-JOSE-COSE §3.1.2)."""
    payload = {k: v for k, v in vc.items() if k != "proof"}
    return {**payload, "iss": vc["issuer"]["id"], "sub": vc["credentialSubject"]["id"], "jti": vc["id"],
            "nbf": _epoch(vc["validFrom"]), "exp": _epoch(vc["validUntil"])}


def vc_jwt(vc: Mapping[str, Any], key: Ed25519PrivateKey, site_url: str) -> str:
    header = {"alg": "EdDSA", "typ": JWT_TYPE, "cty": "vc", "kid": issuer.verification_method(site_url)}
    signing_input = ".".join(_b64url(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
                             for part in (header, jwt_claims(vc)))
    return f"{signing_input}.{_b64url(key.sign(signing_input.encode('ascii')))}"


def issue(project: Project, register: Iterable[Certificate], selected: Iterable[Certificate], *, lang: str,
          key: Ed25519PrivateKey | None) -> Iterator[tuple[Certificate, dict[str, Any], str | None]]:
    """Each selected certificate's credential (signed with the key, with its VC-JWT) — its status entry is placed
    among the whole register's, its program version read from the program's history once per program."""
    policy = project.policy
    site_url = policy.site_url
    issuer.did_web(site_url)  # an IssuerError before anything is written
    placed = status_list.entries(register)
    versions = provenance.resolver(project.root, project.program_map, site_url)
    names = issuer.names_of(policy.organisation)
    for cert in selected:
        vc = credential(cert, program=project.program_map.get(cert.program), site_url=site_url, issuer_name=names,
                        lang=lang, status=placed[cert.id],
                        version=provenance.taught(versions(cert.program), cert.course_ended))
        if key is None:
            yield cert, vc, None
        else:
            yield cert, secure(vc, key, site_url), vc_jwt(vc, key, site_url)
