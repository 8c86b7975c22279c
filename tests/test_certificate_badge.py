"""A certificate as an Open Badges 3.0 credential (C-16, C-20; beyond the anchors), signed as a VC-JWT that an
independent JWT library verifies with the repository's public key."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import jwt
from conftest import run_ustaz
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ustaz.calendar import valid_until
from ustaz.certificates import codes, signing
from ustaz.certificates.register import Certificate, Status
from ustaz.certificates.writer import append

HOLDER = "Жорамалова Гүлнар Ерікқызы (вымышленная)"


def _issue(project: Path) -> Certificate:
    code = codes.new_code()
    issued = dt.date(2026, 10, 23)
    cert = Certificate(code=code, shown_code=codes.display(code), program="robotics-basics", cohort="2026-rb-kk-01",
                       holder=HOLDER, hours=80, course_ended=dt.date(2026, 10, 20), issued=issued,
                       valid_until=valid_until(issued, 3), status=Status.ISSUED)
    append(project, [cert])
    return cert


def test_c20_open_badges_credential_and_vc_jwt(project: Path, tmp_path: Path) -> None:
    cert = _issue(project)
    private = tmp_path / "private"
    assert run_ustaz("register", "keygen", "--private", str(private), cwd=project).returncode == 0
    r = run_ustaz("export", "badge", cert.code.lower(), "--private", str(private), cwd=project)
    assert r.returncode == 0, r.stderr
    folder = private / "certificates" / "badges"
    vc = json.loads((folder / f"{cert.shown_code}.json").read_text(encoding="utf-8"))
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert vc["validFrom"] == "2026-10-23T00:00:00Z" and vc["validUntil"] == "2029-10-22T23:59:59Z"
    subject = vc["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == HOLDER
    assert subject["achievement"]["achievementType"] == "Certificate" and subject["creditsEarned"] == 80
    assert subject["achievement"]["name"].startswith("Қосымша білім беру педагогтеріне")
    assert vc["id"] == f"https://example.org/ustaz/verify/#{cert.shown_code}"
    token = (folder / f"{cert.shown_code}.jwt").read_text(encoding="ascii").strip()
    pinned = signing.pinned_key(project)
    assert pinned is not None
    claims = jwt.decode(token, Ed25519PublicKey.from_public_bytes(pinned), algorithms=["EdDSA"],
                        options={"verify_exp": False, "verify_nbf": False})
    assert claims["vc"] == vc and claims["sub"] == cert.shown_code
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert base64.urlsafe_b64decode(header["jwk"]["x"] + "=") == pinned
    # a forged credential does not verify
    forged = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(forged[1] + "=="))
    payload["vc"]["credentialSubject"]["creditsEarned"] = 500
    forged[1] = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    try:
        jwt.decode(".".join(forged), Ed25519PublicKey.from_public_bytes(pinned), algorithms=["EdDSA"],
                   options={"verify_exp": False, "verify_nbf": False})
        raise AssertionError("a forged credential verified")
    except jwt.InvalidSignatureError:
        pass


def test_c20_badge_refuses_revoked_unknown_and_the_public_tree(project: Path, tmp_path: Path) -> None:
    cert = _issue(project)
    r = run_ustaz("export", "badge", cert.code, "--out", "data/badges", cwd=project)
    assert r.returncode == 2 and "public tree" in r.stderr and not (project / "data/badges").exists()
    assert run_ustaz("register", "revoke", cert.code, "--reason", "error", "--date", "2026-11-01",
                     cwd=project).returncode == 0
    r = run_ustaz("export", "badge", cert.code, cwd=project)
    assert r.returncode == 2 and "was revoked on 2026-11-01" in r.stderr
    r = run_ustaz("export", "badge", codes.new_code(), cwd=project)
    assert r.returncode == 2 and "no certificate" in r.stderr
    unsigned = _issue(project)
    r = run_ustaz("export", "badge", unsigned.code, cwd=project)  # never into the fictional examples/private/
    assert r.returncode == 2 and "examples/private" in r.stderr
    r = run_ustaz("export", "badge", unsigned.code, "--out", str(tmp_path), cwd=project)  # no key: JSON only
    assert r.returncode == 0
    folder = tmp_path
    assert (folder / f"{unsigned.shown_code}.json").exists() and not (folder / f"{unsigned.shown_code}.jwt").exists()
