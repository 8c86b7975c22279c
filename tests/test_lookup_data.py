"""The lookup data's format (C-20, DESIGN.md "Certificate codes and lookup", ustaz-verify/4): built from the
sealed public register alone, every record read back by its code (and by no other), a manifest that pins
every file, and every way the data can be wrong refused. The page's side is tested in real Chromium
(test_certificate_lookup.py, test_sealed_register.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ustaz.certificates import codes, lookup, sealing, synthetic
from ustaz.certificates.register import Certificate, Register, RegisterFile
from ustaz.certificates.writer import append

TODAY = dt.date(2026, 11, 23)
TITLE = {"kk": "Робототехника негіздері", "ru": "Основы робототехники"}


def _certs(n: int, seed: int = 1) -> list[Certificate]:
    return list(synthetic.certificates(n, seed=seed))


def _files(root: Path, certs: list[Certificate]) -> tuple[RegisterFile, ...]:
    """The certificates written as the sealed register (by the register's own writer) and read back."""
    append(root, certs)
    return Register.load(root).files


def _manifest(site: Path) -> dict[str, object]:
    return json.loads(json.loads((site / lookup.DATA_DIR / "index.json").read_text(encoding="utf-8"))["manifest"])


def test_c20_keys_are_rfc5869_hkdf_of_the_code() -> None:
    """The build's fast HKDF is the standard one the browser's WebCrypto computes; the id and key come from it."""
    code = codes.new_code()
    want = HKDF(algorithm=hashes.SHA256(), length=sealing.KEY_BYTES + sealing.TAG_BYTES, salt=sealing.SALT,
                info=sealing.INFO).derive(code.encode("ascii"))
    assert sealing.derive(code, 1) == want
    assert sealing.certificate_id(code) == (want[0:4] + want[68:76]).hex()


def test_c20_every_record_reads_back_with_its_code_and_only_it(tmp_path: Path) -> None:
    """Every field of every row, revoked or not, reads back from the built data as `record_of` says; a code that
    is not in the register is not found; the shards hold no name and no code."""
    certs = _certs(400)
    certs[5] = replace(certs[5].revoked(certs[5].issued + dt.timedelta(days=3), "қате берілген; " * 20),
                       supersedes=sealing.certificate_id(certs[6].code))
    stats = lookup.build(_files(tmp_path / "p", certs), tmp_path, programs={"robotics-basics": TITLE})
    assert stats.certificates == len(certs)
    for cert in certs:
        got = lookup.lookup(tmp_path, cert.code, TODAY)
        assert got.record == lookup.record_of(cert) and got.title == TITLE
    assert lookup.lookup(tmp_path, codes.new_code(), TODAY).verdict is lookup.Verdict.NOT_FOUND
    blob = b"".join(p.read_bytes() for p in (tmp_path / lookup.DATA_DIR).rglob("*") if p.is_file())
    for cert in certs[:50]:
        assert cert.holder.encode() not in blob and cert.code.encode() not in blob
        assert codes.display(cert.code).encode() not in blob


def test_c20_the_manifest_stays_small_and_a_lookup_fetches_little(tmp_path: Path) -> None:
    certs = _certs(3000)
    lookup.build(_files(tmp_path / "p", certs), tmp_path, programs={"robotics-basics": TITLE})
    data = tmp_path / lookup.DATA_DIR
    manifest = (data / "index.json").stat().st_size
    group = max(p.stat().st_size for p in (data / lookup.GROUPS_DIR).glob("*.bin"))
    shard = max(p.stat().st_size for p in (data / lookup.SHARDS_DIR).glob("*.csv"))
    assert manifest < 6000 and group == 256 * lookup.DIGEST_BYTES and shard < 2000
    assert _manifest(tmp_path)["as_of"] == max(max(c.issued, c.revoked_on or c.issued) for c in certs).isoformat()


def test_c20_altered_or_foreign_data_is_refused(tmp_path: Path) -> None:
    certs = _certs(50)
    lookup.build(_files(tmp_path / "p", certs), tmp_path, programs={"robotics-basics": TITLE})
    data = tmp_path / lookup.DATA_DIR
    id_ = sealing.certificate_id(certs[0].code)
    shard = data / lookup.SHARDS_DIR / f"{id_[:lookup.SHARD_DIGITS]}.csv"
    text = shard.read_text(encoding="ascii")
    shard.write_text(text.replace(",issued,", ",revoked,", 1), encoding="ascii")
    with pytest.raises(lookup.LookupDataError, match="does not verify against the signed manifest"):
        lookup.lookup(tmp_path, certs[0].code, TODAY)
    (data / "index.json").write_text('{"manifest": "{\\"format\\": \\"ustaz-verify/2\\"}"}', encoding="utf-8")
    with pytest.raises(lookup.LookupDataError, match="is not ustaz-verify/4"):
        lookup.lookup(tmp_path, certs[1].code, TODAY)


def test_c20_a_seal_moved_to_another_row_does_not_open(tmp_path: Path) -> None:
    """Rebuilt from a register whose row carries another row's seal (its digest then holds: the build signed
    it): the seal is bound to its row's id and opens with no other code."""
    certs = _certs(2)
    moved = [certs[0], replace(certs[1], holder_seal=certs[0].holder_seal)]
    lookup.build(_files(tmp_path / "p", moved), tmp_path, programs={})
    assert lookup.lookup(tmp_path, certs[0].code, TODAY).record["h"] == certs[0].holder
    with pytest.raises(lookup.LookupDataError, match="does not open"):
        lookup.lookup(tmp_path, certs[1].code, TODAY)


def test_c20_signed_program_titles_are_checked(tmp_path: Path) -> None:
    certs = _certs(20)
    lookup.build(_files(tmp_path / "p", certs), tmp_path, programs={"robotics-basics": TITLE},
                 signer=Ed25519PrivateKey.generate())
    assert lookup.lookup(tmp_path, certs[0].code, TODAY).title == TITLE
    path = tmp_path / lookup.DATA_DIR / lookup.PROGRAMS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("Основы", "Подделка"), encoding="utf-8")
    with pytest.raises(lookup.LookupDataError, match="programs.json does not verify"):
        lookup.lookup(tmp_path, certs[0].code, TODAY)


def test_c20_an_id_twice_in_the_register_does_not_break_the_build(tmp_path: Path) -> None:
    """`ustaz check` reports the duplicate; the site still builds and one row is what the page shows."""
    certs = _certs(30)
    lookup.build(_files(tmp_path / "p", [*certs, certs[3]]), tmp_path, programs={})
    assert lookup.lookup(tmp_path, certs[3].code, TODAY).record == lookup.record_of(certs[3])


def test_c20_a_days_certificates_change_only_their_shards_their_groups_and_the_manifest(tmp_path: Path) -> None:
    """#22: a day's appended certificates rewrite the shards their ids fall in, those shards' groups and the
    manifest; every other file keeps its name and bytes (a deploy uploads only what changed), programs.json too."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))  # a centre's deploys sign with the same key
    before, day = _certs(2000, seed=3), _certs(40, seed=4)
    lookup.build(_files(tmp_path / "p", before), tmp_path / "a", programs={"robotics-basics": TITLE}, signer=key)
    lookup.build(_files(tmp_path / "p", day), tmp_path / "b", programs={"robotics-basics": TITLE}, signer=key)

    def files(site: Path) -> dict[str, bytes]:
        data = site / lookup.DATA_DIR
        return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}

    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    ids = [sealing.certificate_id(c.code) for c in day]
    want = ({"index.json"} | {f"{lookup.SHARDS_DIR}/{i[:lookup.SHARD_DIGITS]}.csv" for i in ids}
            | {f"{lookup.GROUPS_DIR}/{i[:lookup.GROUP_DIGITS]}.bin" for i in ids})
    changed = {name for name in b if a.get(name) != b[name]}
    assert changed == want and set(a) <= set(b)
    assert len(changed) < len(b) / 10  # most files untouched
    assert a[lookup.PROGRAMS_FILE] == b[lookup.PROGRAMS_FILE]
