"""The lookup data is reproducible (C-20, issue 15): the padding slots are derived from the centre's secret,
not drawn, so two builds of the same register give byte-identical files, a diff of two deployments shows only
the slots the register changed, and without the signing key the padding cannot be recomputed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ustaz.certificates import lookup, synthetic
from ustaz.certificates.register import Certificate

AS_OF = dt.date(2026, 11, 23)
PROGRAMS = {"robotics-basics": {"ru": "Основы робототехники"}}
KEY_A = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
KEY_B = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def _build(certs: list[Certificate], out: Path, signer: Ed25519PrivateKey | None) -> Path:
    lookup.build(certs, out, as_of=AS_OF, programs=PROGRAMS, signer=signer)
    return out / lookup.DATA_DIR


def _files(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def _slots(data: Path) -> dict[str, set[bytes]]:
    """Each shard's slots (signature header cut off)."""
    manifest = json.loads(json.loads((data / "index.json").read_text(encoding="utf-8"))["manifest"])
    size, header = manifest["slot_size"], manifest["shard_header"]
    out = {}
    for shard in sorted(data.glob("*.bin")):
        blob = shard.read_bytes()[header:]
        out[shard.stem] = {blob[at:at + size] for at in range(0, len(blob), size)}
    return out


def _real_tags(certs: list[Certificate], data: Path) -> set[bytes]:
    manifest = json.loads(json.loads((data / "index.json").read_text(encoding="utf-8"))["manifest"])
    return {tag for c in certs for tag in lookup.Keys.for_code(c.code, manifest["max_slots"]).tags}


CERTS = list(synthetic.certificates(300, seed=11, revoked_every=7))


@pytest.mark.parametrize("signer", [None, KEY_A], ids=["unsigned", "signed"])
def test_c20_the_same_register_gives_byte_identical_lookup_files(tmp_path: Path,
                                                                 signer: Ed25519PrivateKey | None) -> None:
    first = _files(_build(CERTS, tmp_path / "one", signer))
    second = _files(_build(list(reversed(CERTS)), tmp_path / "two", signer))  # nor does the rows' order matter
    assert len(first) > lookup.MIN_SHARDS and first == second


def test_c20_signed_padding_depends_on_the_secret_key(tmp_path: Path) -> None:
    """Two centres (keys A and B), or one centre's signed and unsigned data, share no padding slot: the padding
    of signed data is keyed by the signing key, which the public (unsigned) derivation does not know."""
    builds = {name: _build(CERTS, tmp_path / name, key) for name, key in
              (("a", KEY_A), ("b", KEY_B), ("unsigned", None))}
    real = _real_tags(CERTS, builds["a"])
    padding = {name: {s for slots in _slots(data).values() for s in slots if s[:lookup.TAG_BYTES] not in real}
               for name, data in builds.items()}
    assert all(len(p) > 100 for p in padding.values()), {k: len(v) for k, v in padding.items()}
    assert padding["a"].isdisjoint(padding["b"]) and padding["a"].isdisjoint(padding["unsigned"])
    # the real slots are the same in all three: the sealed records do not depend on the signing key
    sealed = [{s for slots in _slots(d).values() for s in slots if s[:lookup.TAG_BYTES] in real}
              for d in builds.values()]
    assert sealed[0] == sealed[1] == sealed[2] and len(sealed[0]) >= len(CERTS)


def test_c20_a_diff_of_two_deployments_shows_only_what_the_register_changed(tmp_path: Path) -> None:
    """A deployment with more certificates: every slot of the old one is still there except the padding slots
    the new records took the place of; before, every padding slot changed and the unchanged ones were the
    real records."""
    more = list(synthetic.certificates(20, seed=12))
    old = _slots(_build(CERTS, tmp_path / "old", KEY_A))
    new = _slots(_build(CERTS + more, tmp_path / "new", KEY_A))
    added = _real_tags(more, tmp_path / "new" / lookup.DATA_DIR)
    assert old.keys() == new.keys()
    for shard in old:
        came = {s for s in new[shard] - old[shard] if s[:lookup.TAG_BYTES] not in added}
        went = old[shard] - new[shard]
        grew = len(new[shard]) - len(old[shard])  # the padding every shard gains when the fullest one grows
        new_real = len([s for s in new[shard] if s[:lookup.TAG_BYTES] in added])
        # padding is a prefix of one keystream: a shard only loses padding to new records or gains some
        assert not (came and went), shard
        assert len(went) == max(0, new_real - grew) and len(came) == max(0, grew - new_real), shard
