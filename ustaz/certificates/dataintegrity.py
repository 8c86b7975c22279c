"""An embedded Data Integrity proof, cryptosuite ``eddsa-rdfc-2022`` (W3C VC Data Integrity EdDSA Cryptosuites).

The proof signs the credential's JSON-LD form: both the document (without its proof) and the proof's options are
canonicalised with RDFC-1.0, hashed with SHA-256, and the Ed25519 signature covers ``hash(options) ‖
hash(document)``. Canonicalisation is PyLD's URDNA2015 (pinned in pyproject.toml): RDFC-1.0 is URDNA2015 renamed,
and the two differ only in how N-Quads escape control characters in a literal, so `clean` keeps control characters
out of every string a credential carries — the bytes then agree with any RDFC-1.0 implementation (the tests check
them with Digital Bazaar's). Contexts come only from the copies in ``vendor/`` (`document_loader`): signing never
touches the network, and an unknown context is an error, not a fetch.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..i18n import t
from . import signing

VENDOR = Path(__file__).parent / "vendor"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXT_FILES = {VC_V2: "credentials-v2.json", OB_V3: "open-badges-context-3.0.3.json"}
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"
_MULTICODEC_ED25519_PUB = b"\xed\x01"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class ProofError(ValueError):
    pass


def clean(text: str) -> str:
    """A string for a credential: control characters (tabs, newlines) become one space (see the docstring)."""
    return _CONTROL.sub(" ", text).strip()


@cache
def _context(url: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((VENDOR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))
    return loaded


def document_loader(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """PyLD's loader: the vendored contexts, nothing else (no network)."""
    if url not in CONTEXT_FILES:
        raise ProofError(t("unknown JSON-LD context {url!r} (only {context_files} are known)", url=url, context_files=', '.join(sorted(CONTEXT_FILES))))
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": copy.deepcopy(_context(url))}


def canonize(doc: Mapping[str, Any]) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document (safe mode: a term no context defines is an error,
    so nothing in the JSON escapes the signature)."""
    from pyld import jsonld

    try:
        out = jsonld.normalize(copy.deepcopy(dict(doc)), {"algorithm": "URDNA2015", "format": "application/n-quads",
                                                          "documentLoader": document_loader, "safe": True})
    except jsonld.JsonLdError as exc:
        raise ProofError(t("the credential is not valid JSON-LD: {exc}", exc=exc)) from exc
    return str(out)


def base58btc(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def unbase58btc(text: str) -> bytes:
    n = 0
    for ch in text:
        idx = _B58.find(ch)
        if idx < 0:
            raise ProofError(t("{ch!r} is not a base58btc character", ch=ch))
        n = n * 58 + idx
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey(public: bytes) -> str:
    """The Multikey ``publicKeyMultibase`` of an Ed25519 public key (``z6Mk…``)."""
    return "z" + base58btc(_MULTICODEC_ED25519_PUB + public)


def _hash_data(doc: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    config = {"@context": doc["@context"], **{k: v for k, v in options.items() if k != "proofValue"}}
    return (hashlib.sha256(canonize(config).encode("utf-8")).digest()
            + hashlib.sha256(canonize(unsecured).encode("utf-8")).digest())


def sign(doc: Mapping[str, Any], key: Ed25519PrivateKey, *, verification_method: str,
         created: str) -> dict[str, Any]:
    """The document with an ``eddsa-rdfc-2022`` proof (purpose ``assertionMethod``). Ed25519 signatures
    are deterministic, so the same document, key and date give the same bytes."""
    options = {"type": PROOF_TYPE, "cryptosuite": CRYPTOSUITE, "created": created,
               "verificationMethod": verification_method, "proofPurpose": "assertionMethod"}
    signature = key.sign(_hash_data(doc, options))
    # a set of one proof: OB 3.0's schema wants `proof` as an array, and Data Integrity allows either
    return {**{k: v for k, v in doc.items() if k != "proof"}, "proof": [{**options, "proofValue": "z" + base58btc(signature)}]}


def verify(doc: Mapping[str, Any], public: bytes) -> bool:
    """Does the document's ``eddsa-rdfc-2022`` proof verify with this key? (ustaz's own check; the tests also
    verify with an independent implementation.)"""
    proof = doc.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, Mapping) or proof.get("cryptosuite") != CRYPTOSUITE or proof.get("type") != PROOF_TYPE:
        return False
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    try:
        signature = unbase58btc(value[1:])
        data = _hash_data(doc, proof)
    except ProofError:
        return False
    return signing.verify(public, signature, data)

