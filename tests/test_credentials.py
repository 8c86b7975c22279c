"""Open Badges 3.0 / VC 2.0 credentials (C-20, beyond the anchors): the VC-JWT's payload read by an independent
OB 3.0 verifier (PyPI openbadgeslib) and, given USTAZ_OB3_SCHEMA, checked against 1EdTech's AchievementCredential
JSON Schema; the embedded eddsa-rdfc-2022 proof and the Bitstring Status List read by an
independent implementation (Digital Bazaar's libraries under Node, tests/node/), the issuer's key resolved from
the built site alone, and the program version the listener was taught (its files' digest at approval and the
link to its public discussion record, also on the lookup page in Chromium)."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jwt
import pytest
from certsite import build_site, chromium, serve
from conftest import ROOT, run_ustaz
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier
from openbadgeslib.ob3.credential import OpenBadgeCredential
from sealed import keep_codes, plain_certificate

from ustaz.calendar import valid_until
from ustaz.certificates import codes, status_list
from ustaz.certificates.register import Certificate, Status
from ustaz.certificates.signing import PRIVATE_KEY_FILE
from ustaz.certificates.writer import append

NODE = ROOT / "tests" / "node"
CONTEXTS = ROOT / "ustaz" / "certificates" / "vendor"  # the JSON-LD contexts ustaz signs with (and ships)
# 1EdTech's OB 3.0 AchievementCredential JSON Schema is on no package registry, so it is not in the repository:
# point USTAZ_OB3_SCHEMA at a copy (1EdTech's site or its openbadges-specification repository) to check it
SCHEMA_ENV = "USTAZ_OB3_SCHEMA"
SITE_URL = "https://example.org/ustaz/"
DID = "did:web:example.org:ustaz"
NOW = "2027-01-15T00:00:00Z"  # within every test credential's validity
PROGRAM = "robotics-basics"
COHORT = "2026-rb-kk-01"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def approve_then_edit(root: Path, name: str, addition: str) -> str:
    """The project committed as it is (its programs approved), then one program file edited and committed:
    returns the approval's commit."""
    who = ("-c", "user.name=t", "-c", "user.email=t@example.org")
    git(root, "init", "-q", "-b", "main")
    git(root, *who, "add", "-A")
    git(root, *who, "commit", "-q", "-m", "approved programs")
    approval = git(root, "rev-parse", "HEAD").strip()
    path = root / "programs" / PROGRAM / name
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    git(root, *who, "commit", "-q", "-am", "an edit after approval")
    return approval


def _cert(holder: str) -> Certificate:
    code = codes.new_code()
    issued = dt.date(2026, 10, 23)
    return plain_certificate(code=code, shown_code=codes.display(code), program=PROGRAM, cohort=COHORT, holder=holder,
                       hours=80, course_ended=dt.date(2026, 10, 20), issued=issued, valid_until=valid_until(issued, 3),
                       status=Status.ISSUED)


def _b64url_json(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _b64url(data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture(scope="session")
def node_verifier() -> Path:
    """tests/node with its locked dependencies (`make test` runs `npm ci` there; done here if it has not)."""
    if shutil.which("node") is None:
        pytest.fail("node (20 or later) is needed: scripts/install-system-deps.sh installs it")
    if not (NODE / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE, check=True, capture_output=True, timeout=600)
    return NODE / "verify.mjs"


def node_verify(verifier: Path, site: Path, documents: list[dict[str, Any]], *, check_status: bool = False,
                tmp: Path) -> list[dict[str, Any]]:
    request = tmp / "request.json"
    request.write_text(json.dumps({"site_url": SITE_URL, "site_dir": str(site), "now": NOW,
                                   "check_status": check_status, "documents": documents}), encoding="utf-8")
    done = subprocess.run(["node", str(verifier), str(request)], cwd=verifier.parent, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(results) == len(documents)
    return results


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A project in git: the program approved in the first commit and edited after; a key; three certificates of
    one cohort exported as badges (`--cohort`), then one revoked; the site built with the key."""
    tmp = tmp_path_factory.mktemp("credentials")
    root = tmp / "project"
    root.mkdir()
    for name in ("programs", "data", "content", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    private = tmp / "private"
    assert run_ustaz("register", "keygen", "--private", str(private), cwd=root).returncode == 0
    approval_commit = approve_then_edit(root, "program.ru.md", "\nПравка после утверждения.\n")
    certs = [_cert("Жорамалова Гүлнар Ерікқызы (вымышленная)"), _cert("Петров Пётр (вымышленный)"),
             _cert("Ivanova Anna (fictional)")]
    append(root, certs)
    keep_codes(private, certs)
    r = run_ustaz("export", "badge", "--cohort", COHORT, "--private", str(private), cwd=root)
    assert r.returncode == 0, r.stderr
    revoked = certs[1]
    assert run_ustaz("register", "revoke", revoked.code, "--reason", "error", "--date", "2026-11-01",
                     cwd=root).returncode == 0
    site = build_site(root, tmp / "site", env={"USTAZ_SIGNING_KEY": str(private / PRIVATE_KEY_FILE)})
    folder = private / "certificates" / "badges"
    yield {"root": root, "site": site, "tmp": tmp, "private": private, "certs": certs, "revoked": revoked,
           "approval_commit": approval_commit,
           "json": {c.code: json.loads((folder / f"{c.shown_code}.json").read_text(encoding="utf-8")) for c in certs},
           "jwt": {c.code: (folder / f"{c.shown_code}.jwt").read_text(encoding="ascii").strip() for c in certs}}


def site_key(site: Path) -> bytes:
    """The issuer's public key as a verifier gets it: from the site's did:web document (did.json)."""
    did = json.loads((site / "did.json").read_text(encoding="utf-8"))
    assert did["id"] == DID
    vm = did["verificationMethod"][0]
    assert vm["id"] in did["assertionMethod"] and vm["type"] == "Multikey"
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    n = 0
    for ch in vm["publicKeyMultibase"][1:]:  # base58btc, decoded here independently of ustaz
        n = n * 58 + alphabet.index(ch)
    raw = n.to_bytes(34, "big")
    assert raw[:2] == b"\xed\x01"
    return raw[2:]


def _schema() -> dict[str, Any]:
    where = os.environ.get(SCHEMA_ENV)
    if not where:
        pytest.skip(f"{SCHEMA_ENV} is not set: 1EdTech's OB 3.0 AchievementCredential JSON Schema is on no package "
                    "registry, so it is not in the repository; get achievementcredential.json from 1EdTech's OB 3.0 "
                    f"specification (its site or its openbadges-specification repository) and set {SCHEMA_ENV}=FILE")
    loaded: dict[str, Any] = json.loads(Path(where).read_text(encoding="utf-8"))
    return loaded


def _claims_free(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in ("iss", "sub", "jti", "nbf", "exp")}


def test_c20_the_jwt_payload_is_the_credential_and_passes_an_independent_ob3_verifier(issued: dict[str, Any]) -> None:
    key = Ed25519PublicKey.from_public_bytes(site_key(issued["site"]))
    pinned = base64.b64decode((issued["root"] / "data/certificates/lookup-key.pub").read_text())
    assert site_key(issued["site"]) == pinned
    holders = set()
    for cert in issued["certs"]:
        token = issued["jwt"][cert.code]
        header = _b64url_json(token.split(".")[0])
        assert header == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": f"{DID}#key-1"}
        payload = jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_exp": False, "verify_nbf": False})
        # openbadgeslib's OB 3.0 VC-JWT verifier: the payload is the credential (no `vc` claim), its @context,
        # types, issuer, subject and achievement are there, and iss/sub/jti/nbf agree with the credential
        read = OB3Verifier._build_credential(payload)
        assert read.issuer.id == DID and read.recipient_id == payload["credentialSubject"]["id"]
        assert read.achievement.name == payload["credentialSubject"]["achievement"]["name"]
        assert "vc" not in payload and payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert payload["iss"] == payload["issuer"]["id"] == DID
        assert payload["sub"] == payload["credentialSubject"]["id"]
        assert payload["jti"] == payload["id"]
        assert payload["nbf"] == int(dt.datetime(2026, 10, 23, tzinfo=dt.UTC).timestamp())
        assert payload["exp"] == int(dt.datetime.fromisoformat(payload["validUntil"]).timestamp())
        # the subject's id is a urn:uuid that names neither the code nor the holder
        subject = payload["credentialSubject"]["id"]
        assert subject.startswith("urn:uuid:") and payload["id"].startswith("urn:uuid:")
        for secret in (cert.code, cert.shown_code, cert.holder):
            assert secret not in subject and secret not in payload["id"]
        holders.add(subject)
        # the JSON form is the same credential, with its proof
        json_form = issued["json"][cert.code]
        assert {k: v for k, v in json_form.items() if k != "proof"} == _claims_free(payload)
        assert OpenBadgeCredential.from_vc_document(json_form).issuer.id == DID
    assert len(holders) == len(issued["certs"])
    # the same verifier, end to end (signature, algorithm pinned to the key, claims), as of a day both accept
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    token = issued["jwt"][issued["certs"][0].code]
    if dt.datetime.now(dt.UTC).timestamp() < _b64url_json(token.split(".")[1])["exp"]:
        assert OB3Verifier(pem).verify(token).issuer.id == DID


def _broken(payload: dict[str, Any], change: str) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    subject = out["credentialSubject"]
    match change:
        case "no OB context":
            out["@context"] = out["@context"][:1]
        case "no VC 2.0 context first":
            out["@context"] = out["@context"][::-1]
        case "not an OpenBadgeCredential":
            out["type"] = ["VerifiableCredential"]
        case "not a VerifiableCredential":
            out["type"] = ["OpenBadgeCredential"]
        case "no achievement":
            del subject["achievement"]
        case "achievement without id" | "achievement without name":
            del subject["achievement"][change.rsplit(" ", 1)[1]]
        case "subject without id or identifier":
            del subject["id"], subject["identifier"]
        case "issuer without id":
            del out["issuer"]["id"]
        case "no id" | "no issuer" | "no iss" | "no sub" | "no jti" | "no nbf":
            del out[change.split()[1]]
        case "iss not the issuer" | "sub not the subject" | "jti not the id":
            out[change.split()[0]] += "0"
    return out


BREAKS = ["no OB context", "no VC 2.0 context first", "not an OpenBadgeCredential", "not a VerifiableCredential",
          "no achievement", "achievement without id", "achievement without name", "subject without id or identifier",
          "issuer without id", "no id", "no issuer", "no iss", "no sub", "no jti", "no nbf", "iss not the issuer",
          "sub not the subject", "jti not the id"]


def test_c20_a_credential_missing_what_ob3_requires_fails_the_independent_verifier(issued: dict[str, Any]) -> None:
    payload = _b64url_json(issued["jwt"][issued["certs"][0].code].split(".")[1])
    OB3Verifier._build_credential(payload)
    for change in BREAKS:
        broken = _broken(payload, change)
        assert broken != payload, change
        with pytest.raises(OB3VerificationError):
            OB3Verifier._build_credential(broken)


def test_c20_the_credential_passes_1edtech_schema_given_ob3_schema(issued: dict[str, Any]) -> None:
    """1EdTech's AchievementCredential JSON Schema (USTAZ_OB3_SCHEMA=FILE; skipped without it): every JWT payload
    and JSON form with zero errors, the issuer profile against its Profile, and each required member missing
    is an error."""
    schema = _schema()
    validator = jsonschema.Draft201909Validator(schema)
    for cert in issued["certs"]:
        payload = _b64url_json(issued["jwt"][cert.code].split(".")[1])
        for doc in (payload, issued["json"][cert.code]):
            assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)] == []
        for name in schema["required"]:
            assert not validator.is_valid({k: v for k, v in payload.items() if k != name}), name
    profile = json.loads((issued["site"] / "credentials/issuer.json").read_text(encoding="utf-8"))
    assert jsonschema.Draft201909Validator({"$ref": "#/$defs/Profile", "$defs": schema["$defs"]}).is_valid(profile)


def test_c20_the_signing_contexts_are_the_npm_packages_copies(node_verifier: Path) -> None:
    """ustaz's JSON-LD contexts are what ustaz/certificates/vendor/regenerate.py takes from the npm packages the
    Node verifier also loads (locked in tests/node), byte for byte; their digests are pinned, since a changed
    context would change every signature."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("regenerate", CONTEXTS / "regenerate.py")
    assert spec is not None and spec.loader is not None
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    files = regenerate.extract(NODE / "node_modules")
    assert set(files) == {"credentials-v2.json", "open-badges-context-3.0.3.json", "LICENSE-credentials-context.md",
                          "LICENSE-open-badges-context.md"}
    for name, data in files.items():
        assert (CONTEXTS / name).read_bytes() == data, name
    assert {name: hashlib.sha256((CONTEXTS / name).read_bytes()).hexdigest() for name in regenerate.CONTEXTS} == {
        "credentials-v2.json": "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
        "open-badges-context-3.0.3.json": "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761"}
    with pytest.raises(ValueError, match="more than one JSON value"):
        regenerate.exported_json('module.exports = {"a": 1};\nmodule.exports.b = 2;\n', "test")


def _leaves(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _leaves(v, (*path, i))
    else:
        yield path, doc


def _changed(doc: Any, path: tuple[Any, ...]) -> Any:
    out = copy.deepcopy(doc)
    at = out
    for step in path[:-1]:
        at = at[step]
    value = at[path[-1]]
    if isinstance(value, bool):
        at[path[-1]] = not value
    elif isinstance(value, int):
        at[path[-1]] = value + 1
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value):
        at[path[-1]] = (dt.datetime.fromisoformat(value) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        text = str(value)
        at[path[-1]] = text[:-1] + ("0" if text[-1:] != "0" else "1")  # one character: a URL stays a URL
    return out


def test_c20_the_proof_verifies_independently_and_any_changed_field_fails_both(issued: dict[str, Any],
                                                                                node_verifier: Path) -> None:
    cert = issued["certs"][0]
    signed = issued["json"][cert.code]
    assert len(signed["proof"]) == 1 and signed["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert signed["proof"][0]["verificationMethod"] == f"{DID}#key-1"
    paths = [p for p, _ in _leaves(signed)]
    assert len(paths) > 40 and ("credentialSubject", "achievement", "version") in paths
    tampered = [_changed(signed, p) for p in paths]
    results = node_verify(node_verifier, issued["site"], [signed, *tampered], tmp=issued["tmp"])
    assert results[0] == {"verified": True}, results[0]
    passed = [p for p, r in zip(paths, results[1:], strict=True) if r["verified"]]
    assert passed == []
    # ustaz's own check agrees with the independent one
    from ustaz.certificates import dataintegrity

    public = site_key(issued["site"])
    assert dataintegrity.verify(signed, public)
    assert [p for p, doc in zip(paths, tampered, strict=True) if dataintegrity.verify(doc, public)] == []
    # a changed value the verifier still reads (a date, a name, a number, an id) fails on the signature itself
    for path, result in zip(paths, results[1:], strict=True):
        if path[-1] in ("validFrom", "validUntil", "activityEndDate", "name", "creditsEarned", "identityHash",
                        "version", "narrative", "statusListIndex", "created"):
            assert result["error"] == "Invalid signature.", (path, result)
    # the same changes to the JWT's payload (the proof is not in it) fail its signature
    token = issued["jwt"][cert.code]
    head, body, sig = token.split(".")
    payload = _b64url_json(body)
    key = Ed25519PublicKey.from_public_bytes(site_key(issued["site"]))
    checked = 0
    for path, _ in _leaves(payload):
        forged = f"{head}.{_b64url(_changed(payload, path))}.{sig}"
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(forged, key, algorithms=["EdDSA"], options={"verify_exp": False, "verify_nbf": False})
        checked += 1
    assert checked == len(paths) - len([p for p in paths if p[0] == "proof"]) + 5  # + iss, sub, jti, nbf, exp


def test_c20_a_credential_signed_by_another_key_does_not_verify(issued: dict[str, Any], node_verifier: Path,
                                                                tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ustaz.certificates import badge

    cert = issued["certs"][0]
    unsigned = {k: v for k, v in issued["json"][cert.code].items() if k != "proof"}
    forged = badge.secure(unsigned, Ed25519PrivateKey.generate(), SITE_URL)
    assert node_verify(node_verifier, issued["site"], [forged], tmp=tmp_path)[0]["verified"] is False


def test_c20_the_status_list_reads_revoked_with_the_independent_library(issued: dict[str, Any],
                                                                       node_verifier: Path) -> None:
    certs = issued["certs"]
    results = node_verify(node_verifier, issued["site"], [issued["json"][c.code] for c in certs], check_status=True,
                          tmp=issued["tmp"])
    for cert, result in zip(certs, results, strict=True):
        assert result["status_verified"] is True, result
        assert result["revoked"] is (cert.code == issued["revoked"].code)
    lst = json.loads((issued["site"] / "credentials/status/2026-1.json").read_text(encoding="utf-8"))
    assert lst["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert lst["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022" and lst["issuer"] == DID
    encoded = lst["credentialSubject"]["encodedList"]
    import gzip

    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072 and sum(b.bit_count() for b in bits) == 1
    # a tampered list (its one revoked bit cleared) does not verify, so it cannot un-revoke
    cleared = copy.deepcopy(lst)
    cleared["credentialSubject"]["encodedList"] = status_list.encode([])
    (issued["site"] / "credentials/status/forged.json").write_text(json.dumps(cleared), encoding="utf-8")
    pointed = copy.deepcopy(issued["json"][issued["revoked"].code])
    entry = pointed["credentialStatus"]
    entry["statusListCredential"] = f"{SITE_URL}credentials/status/forged.json"
    entry["id"] = f"{entry['statusListCredential']}#{entry['statusListIndex']}"
    result = node_verify(node_verifier, issued["site"], [pointed], check_status=True, tmp=issued["tmp"])[0]
    assert result["status_verified"] is False


def test_c20_status_entries_are_derived_and_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    certs = [_cert(f"Holder {i}") for i in range(300)]
    first = status_list.entries(certs)
    assert status_list.entries(certs) == first
    assert len({(e.year, e.bit) for e in first.values()}) == len(certs)  # no two share an entry
    indexes = sorted(e.bit for e in first.values())
    assert indexes[0] < status_list.LIST_BITS // 4 and indexes[-1] > status_list.LIST_BITS * 3 // 4  # spread
    # appending certificates never moves an earlier one's entry (the register is append-only)
    more = certs + [_cert(f"Later {i}") for i in range(300)]
    assert {c.id: status_list.entries(more)[c.id] for c in certs} == first
    # forcing collisions: the later code takes the next free place, and the earlier keeps its own
    import ustaz.certificates.status_list as sl

    original = sl._start
    try:
        sl._start = lambda code: 7  # type: ignore[assignment]
        crowded = sl.entries(certs[:3])
        assert [crowded[c.id].bit for c in certs[:3]] == [7, 8, 9]
    finally:
        sl._start = original  # type: ignore[assignment]
    revoked = [dataclass_replace(c, status=Status.REVOKED, revoked_on=dt.date(2026, 11, 2)) if i % 7 == 0 else c
               for i, c in enumerate(certs)]
    once = status_list.lists(revoked, SITE_URL)
    again = status_list.lists(list(revoked), SITE_URL)
    assert json.dumps(once, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert list(once) == ["2026-1"] and once["2026-1"]["validFrom"] == "2026-11-02T00:00:00Z"
    for i, c in enumerate(certs):
        assert status_list.is_revoked(once["2026-1"], first[c.id].bit) is (i % 7 == 0)
    # a full list: the year's next certificates go to its next list, the earlier ones stay
    sl.MAX_PER_LIST, limit = 100, sl.MAX_PER_LIST
    try:
        parts = sl.entries(certs)
    finally:
        sl.MAX_PER_LIST = limit
    assert [parts[c.id].list_name for c in certs[99:101] + certs[-1:]] == ["2026-1", "2026-2", "2026-3"]
    assert parts[certs[0].id] == first[certs[0].id]


def dataclass_replace(cert: Certificate, **changes: Any) -> Certificate:
    import dataclasses

    return dataclasses.replace(cert, **changes)


def _digest_at(root: Path, commit: str, folder: str) -> str:
    """The program's files at a commit, hashed as documented (name NUL size NUL bytes, in name order)."""
    h = hashlib.sha256()
    names = sorted(n.rsplit("/", 1)[-1] for n in git(root, "ls-tree", "--name-only", commit, f"{folder}/").split())
    for name in names:
        if name == "program.yml" or (name.startswith("program.") and name.endswith(".md")):
            body = subprocess.run(["git", "show", f"{commit}:{folder}/{name}"], cwd=root, capture_output=True,
                                  check=True).stdout
            h.update(name.encode() + b"\0" + str(len(body)).encode() + b"\0" + body)
    return h.hexdigest()


def test_c20_the_credential_names_the_program_version_taught_and_its_discussion(issued: dict[str, Any]) -> None:
    root = issued["root"]
    at_approval = _digest_at(root, issued["approval_commit"], f"programs/{PROGRAM}")
    now = _digest_at(root, "HEAD", f"programs/{PROGRAM}")
    assert at_approval != now  # the program was edited after its approval
    record = f"{SITE_URL}programs/{PROGRAM}/discussion/"
    for cert in issued["certs"]:
        vc = issued["json"][cert.code]
        assert vc["credentialSubject"]["achievement"]["version"] == f"sha256:{at_approval}"
        discussion = [e for e in vc["evidence"] if e["id"] == record]
        assert len(discussion) == 1 and at_approval in discussion[0]["narrative"]
    # the record is published where the credential points
    assert (issued["site"] / "programs" / PROGRAM / "discussion" / "index.html").is_file()


def test_c20_the_lookup_page_shows_the_version_and_links_the_discussion_record(issued: dict[str, Any]) -> None:
    cert = issued["certs"][0]
    at_approval = _digest_at(issued["root"], issued["approval_commit"], f"programs/{PROGRAM}")
    with serve(issued["site"]) as base, chromium() as page:
        page.goto(f"{base}/en/verify/#{cert.shown_code}")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=valid]", timeout=15000)  # type: ignore[attr-defined]
        text = page.inner_text("#verify-result")  # type: ignore[attr-defined]
        link = page.get_attribute("#verify-result a.verify-discussion", "href")  # type: ignore[attr-defined]
    assert f"sha256:{at_approval}" in text and "Program version taught" in text
    assert link == f"{SITE_URL}programs/{PROGRAM}/discussion/"


def test_c20_the_issuer_profile_and_did_document_are_on_the_site(issued: dict[str, Any]) -> None:
    site = issued["site"]
    profile = json.loads((site / "credentials/issuer.json").read_text(encoding="utf-8"))
    assert profile["id"] == DID and profile["type"] == ["Profile"] and profile["url"] == SITE_URL
    assert profile["name"] and set(profile) <= {"@context", "id", "type", "name", "url", "description", "email"}
    for cert in issued["certs"]:
        assert issued["json"][cert.code]["issuer"]["id"] == DID
    site_key(site)


def test_c20_badge_for_one_code_refuses_revoked_unknown_and_the_public_tree(project: Path, tmp_path: Path) -> None:
    cert = _cert("Жорамалова Гүлнар Ерікқызы (вымышленная)")
    append(project, [cert])
    r = run_ustaz("export", "badge", cert.code, "--out", "data/badges", cwd=project)
    assert r.returncode == 2 and "public tree" in r.stderr and not (project / "data/badges").exists()
    r = run_ustaz("export", "badge", cert.code, "--cohort", COHORT, cwd=project)
    assert r.returncode == 2 and "one certificate CODE or --cohort" in r.stderr
    assert run_ustaz("register", "revoke", cert.code, "--reason", "error", "--date", "2026-11-01",
                     cwd=project).returncode == 0
    r = run_ustaz("export", "badge", cert.code, cwd=project)
    assert r.returncode == 2 and "was revoked on 2026-11-01" in r.stderr
    r = run_ustaz("export", "badge", codes.new_code(), cwd=project)
    assert r.returncode == 2 and "no certificate" in r.stderr
    r = run_ustaz("export", "badge", "--cohort", "no-such-cohort", cwd=project)
    assert r.returncode == 2 and "no certificate of cohort" in r.stderr
    unsigned = _cert("Петров Пётр (вымышленный)")
    append(project, [unsigned])
    r = run_ustaz("export", "badge", unsigned.code.lower(), cwd=project)  # never into the fictional examples/private/
    assert r.returncode == 2 and "examples/private" in r.stderr
    folder = tmp_path / "badges"
    r = run_ustaz("export", "badge", unsigned.code.lower(), "--out", str(folder), cwd=project)  # no key: JSON only
    assert r.returncode == 0, r.stderr
    vc = json.loads((folder / f"{unsigned.shown_code}.json").read_text(encoding="utf-8"))
    assert "proof" not in vc and not (folder / f"{unsigned.shown_code}.jwt").exists()
    assert OpenBadgeCredential.from_vc_document(vc).recipient_id == vc["credentialSubject"]["id"]
    assert vc["credentialSubject"]["identifier"][0]["identityHash"] == unsigned.holder
    # not a git repository: the program's files as they are stand in for the approved ones
    h = hashlib.sha256()
    for path in sorted((project / "programs" / PROGRAM).glob("program*")):
        if path.name == "program.yml" or path.suffix == ".md":
            body = path.read_bytes()
            h.update(path.name.encode() + b"\0" + str(len(body)).encode() + b"\0" + body)
    assert vc["credentialSubject"]["achievement"]["version"] == f"sha256:{h.hexdigest()}"
    # did:web needs an https site: without one, nothing is written
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("https://example.org", "http://example.org"),
                      encoding="utf-8")
    (folder / f"{unsigned.shown_code}.json").unlink()
    r = run_ustaz("export", "badge", unsigned.code, "--out", str(folder), cwd=project)
    assert r.returncode == 2 and "not an https URL" in r.stderr and not any(folder.iterdir())


def test_c16_c20_the_certificate_pdf_names_the_program_version_and_its_discussion(project: Path,
                                                                                  tmp_path: Path) -> None:
    """`ustaz course certify` in a git repository: the appendix names the digest at approval, not the later edit."""
    approval = approve_then_edit(project, "program.yml", "# an edit after approval\n")
    out = tmp_path / "out"
    private = tmp_path / "private"  # certify writes the listeners' links there: never into the example tree
    shutil.copytree(project / "examples" / "private", private)
    r = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--out", str(out), "--private", str(private),
                  cwd=project)
    assert r.returncode == 0, r.stdout + r.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out / "L01-certificate.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"sha256:{_digest_at(project, approval, f'programs/{PROGRAM}')}" in text
    assert f"{SITE_URL}programs/{PROGRAM}/discussion/" in text and "Бағдарлама нұсқасы" in text
    reference = subprocess.run(["pdftotext", "-layout", str(out / "L03-reference.pdf"), "-"], capture_output=True,
                               text=True, check=True).stdout
    assert "sha256:" not in reference  # a reference certifies no program version


@pytest.mark.parametrize(("site_url", "did", "where"), [
    ("https://example.org/ustaz", "did:web:example.org:ustaz", "did.json"),
    ("https://example.org/a/b/", "did:web:example.org:a:b", "did.json"),
    ("https://example.org:8443/c/", "did:web:example.org%3A8443:c", "did.json"),
    ("https://example.org", "did:web:example.org", ".well-known/did.json"),
    ("https://example.org:8443/", "did:web:example.org%3A8443", ".well-known/did.json"),
])
def test_c20_did_web_of_the_site_url(site_url: str, did: str, where: str) -> None:
    from ustaz.certificates import issuer

    assert issuer.did_web(site_url) == did and issuer.did_file(site_url) == where


@pytest.mark.parametrize("site_url", ["", "http://example.org/", "https://example.org:99999/", "https://x.org/?a=1",
                                      "ftp://example.org/", "https:///path"])
def test_c20_a_site_url_that_is_no_https_url_has_no_did(site_url: str) -> None:
    from ustaz.certificates import issuer

    with pytest.raises(issuer.IssuerError):
        issuer.did_web(site_url)
