"""Signing the lookup data with Ed25519, so a copy of the site can be checked (C-20).

The centre keeps the private key in its private tree (``<private>/keys/lookup-ed25519.pem``, or the
file ``$USTAZ_SIGNING_KEY`` names, e.g. a CI secret) and publishes the public key in the repository
(``data/certificates/lookup-key.pub``: base64 of the 32 raw bytes). The build signs the manifest,
every shard and every program's titles file; the page and ``ustaz verify --site`` check the signatures
against the key the repository pins, never the one the data names: the build writes the committed public
key into the page's script, so a copy of the site whose data was swapped for unsigned data, or for data
signed with another key, shows no record.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..i18n import t

PRIVATE_KEY_FILE = "keys/lookup-ed25519.pem"
PUBLIC_KEY_FILE = "data/certificates/lookup-key.pub"
SIGNATURE_BYTES = 64


class SigningError(Exception):
    pass


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public: bytes) -> str:
    """What a person compares: the first 16 hex digits of the key's SHA-256, in groups of four."""
    digest = hashlib.sha256(public).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def shard_message(data_format: str, as_of: str, name: str, body: bytes) -> bytes:
    """A data file's signature covers its name (a shard's, or ``programs/<id>``) and the data's format and
    date, so files cannot be swapped or mixed."""
    return f"{data_format}|{as_of}|{name}|".encode("ascii") + body


def load_signer(private_dir: Path | None) -> Ed25519PrivateKey | None:
    env = os.environ.get("USTAZ_SIGNING_KEY")
    path = Path(env) if env else (private_dir / PRIVATE_KEY_FILE if private_dir else None)
    if path is None or not path.exists():
        return None
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as exc:
        raise SigningError(t("{path} is not a PEM private key: {exc}", path=path, exc=exc)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(t("{path} is not an Ed25519 key", path=path))
    return key


def pinned_key(root: Path) -> bytes | None:
    path = root / PUBLIC_KEY_FILE
    if not path.exists():
        return None
    try:
        raw = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SigningError(t("{public_key_file} is not base64: {exc}", public_key_file=PUBLIC_KEY_FILE, exc=exc)) from exc
    if len(raw) != 32:
        raise SigningError(t("{public_key_file} must hold the 32 bytes of an Ed25519 public key", public_key_file=PUBLIC_KEY_FILE))
    return raw


def build_keys(signer: Ed25519PrivateKey | None, pinned: bytes | None) -> str:
    """Check that the build's signing key and the committed public key agree; a warning ("" if none).

    A signing key without a committed public key would give a page that pins nothing (so anyone could swap
    the data), and another key would give a page that refuses its own data: both are errors. A committed key
    without the signing key (a pull request's preview build, which has no secrets) builds unsigned data that
    the page refuses: a warning."""
    if signer is not None and pinned is None:
        raise SigningError(t("a signing key but no {public_key_file}: commit the public key (`ustaz register keygen` writes it) so that the page can pin it", public_key_file=PUBLIC_KEY_FILE))
    if signer is not None and pinned is not None and public_bytes(signer) != pinned:
        raise SigningError(t("the signing key is not the one {public_key_file} pins", public_key_file=PUBLIC_KEY_FILE))
    if signer is None and pinned is not None:
        return (f"{PUBLIC_KEY_FILE} pins a key but no signing key was found ($USTAZ_SIGNING_KEY or "
                f"<private>/{PRIVATE_KEY_FILE}): the lookup data is unsigned and the page will refuse it")
    return ""


def generate(root: Path, private_dir: Path) -> tuple[Path, Path]:
    """A new key pair: the private key into the private tree, the public key into the repository."""
    private = private_dir / PRIVATE_KEY_FILE
    public = root / PUBLIC_KEY_FILE
    if private.exists():
        raise SigningError(t("{private} exists; a centre keeps one key (delete it yourself to start again)", private=private))
    key = Ed25519PrivateKey.generate()
    private.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_text(base64.b64encode(public_bytes(key)).decode("ascii") + "\n", encoding="ascii")
    return private, public


def verify(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
