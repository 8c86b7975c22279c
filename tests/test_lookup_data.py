"""The lookup data's format (C-20, DESIGN.md "Certificate codes and lookup"): records in fixed encrypted slots,
a manifest that does not grow with the register or the catalogue, shards of one size, and every way the
data can be wrong refused. The page's side is tested in real Chromium (test_certificate_lookup.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ustaz.certificates import codes, lookup, lookup_record, synthetic
from ustaz.certificates.register import Certificate, Status

TODAY = dt.date(2026, 11, 23)
TITLE = {"kk": "Робототехника негіздері", "ru": "Основы робототехники"}


def _certs(n: int, seed: int = 1) -> list[Certificate]:
    return list(synthetic.certificates(n, seed=seed))


def _long(cert: Certificate) -> Certificate:
    return replace(cert, holder="Ұзынатова " + "Әйгерім-Гүлнұр " * 12, status=Status.REVOKED,
                   revoked_on=cert.issued + dt.timedelta(days=3), revoked_reason="қате берілген; " * 20,
                   supersedes=codes.new_code())


def _manifest(site: Path) -> dict[str, object]:
    return json.loads(json.loads((site / lookup.DATA_DIR / "index.json").read_text(encoding="utf-8"))["manifest"])


def test_c20_keys_are_rfc5869_hkdf_of_the_code() -> None:
    """The build's fast HKDF is the standard one the browser's WebCrypto computes (any output length)."""
    code = codes.new_code()
    for slots in (1, 2, 7, 40):
        want = HKDF(algorithm=hashes.SHA256(), length=lookup.KEY_BYTES + lookup.TAG_BYTES * slots,
                    salt=lookup.SALT, info=lookup.INFO).derive(code.encode("ascii"))
        assert lookup.derive(code, slots) == want
    keys = lookup.Keys.for_code(code, 3)
    assert keys.tags[:2] == lookup.Keys.for_code(code, 2).tags  # a longer derivation extends a shorter one


def test_c20_record_round_trips_every_field() -> None:
    base = _certs(1)[0]
    for cert in (base, replace(base, status=Status.REVOKED, revoked_on=dt.date(2026, 6, 1), revoked_reason="қате"),
                 replace(base, supersedes=codes.new_code()), _long(base), replace(base, hours=65535)):
        body = lookup_record.encode(cert)
        assert lookup_record.decode(bytes((1,)) + body + bytes(20)) == lookup_record.fields(cert)
    assert len(lookup_record.encode(base)) < 110  # a Kazakh name, program, four numbers: no JSON keys


def test_c20_a_record_that_cannot_be_written_says_which_row() -> None:
    cert = replace(_certs(1)[0], valid_until=dt.date(2200, 1, 1), path="data/certificates/2026.csv", line=7)
    with pytest.raises(lookup_record.RecordError, match=r"data/certificates/2026.csv:7: .*outside 1970–2149"):
        lookup_record.encode(cert)
    with pytest.raises(ValueError, match="not a lookup record"):
        lookup_record.decode(bytes((1, 0, 0, 80)))


def test_c20_slot_size_fits_the_common_record_and_splits_the_rare_long_one() -> None:
    assert lookup.slot_size({100: 1000}) == 112  # one slot each, the smallest multiple of 16 that fits
    assert lookup.slot_size({100: 1000, 900: 1}) == 112  # one long record takes 9 slots, not everyone 900 bytes
    assert lookup.slot_size({}) == lookup.MIN_PLAIN


def test_c20_every_record_reads_back_and_shards_are_one_size(tmp_path: Path) -> None:
    certs = _certs(3000)
    certs[5] = _long(certs[5])
    stats = lookup.build(certs, tmp_path, as_of=TODAY, programs={"robotics-basics": TITLE})
    shards = sorted((tmp_path / lookup.DATA_DIR).glob("*.bin"))
    assert len(shards) == stats.shards and {p.stat().st_size for p in shards} == {stats.shard_bytes}
    manifest = _manifest(tmp_path)
    assert manifest["max_slots"] > 3 and manifest["slot_size"] == stats.slot_bytes
    for cert in [certs[5], *certs[::97]]:
        got = lookup.lookup(tmp_path, cert.code, TODAY)
        assert got.record == lookup_record.fields(cert) and got.title == TITLE
        assert got.verdict is lookup.verdict_of(lookup_record.fields(cert), TODAY)
    assert lookup.lookup(tmp_path, codes.new_code(), TODAY).verdict is lookup.Verdict.NOT_FOUND
    for path in shards:  # slots sorted by a tag nobody can link to a code: unique, so a lookup finds one
        blob = path.read_bytes()
        tags = [blob[i:i + lookup.TAG_BYTES] for i in range(0, len(blob), stats.slot_bytes)]
        assert tags == sorted(set(tags))


def test_c20_rebuilding_the_same_register_gives_the_same_records(tmp_path: Path) -> None:
    """Synthetic nonces: the same record seals to the same bytes; a revocation changes nonce and bytes."""
    cert = _certs(1)[0]
    okm = lookup.derive(cert.code, 1)
    plain = bytes((1,)) + lookup_record.encode(cert)
    plain += bytes(128 - len(plain))
    again = bytes((1,)) + lookup_record.encode(cert)
    again += bytes(128 - len(again))
    assert lookup.seal(okm[4:36], okm[36:68], plain, 128) == lookup.seal(okm[4:36], okm[36:68], again, 128)
    revoked = bytes((1,)) + lookup_record.encode(replace(cert, status=Status.REVOKED, revoked_on=TODAY,
                                                         revoked_reason="x"))
    revoked += bytes(128 - len(revoked))
    old, new = lookup.seal(okm[4:36], okm[36:68], plain, 128), lookup.seal(okm[4:36], okm[36:68], revoked, 128)
    assert old[0][:lookup.NONCE_BYTES] != new[0][:lookup.NONCE_BYTES]


def test_c20_manifest_stays_small_whatever_the_register_and_catalogue(tmp_path: Path) -> None:
    """Titles are not in the manifest: 1 or 300 programs, 10 or 5,000 certificates, a few hundred bytes."""
    sizes = []
    for n, programs in ((10, {"robotics-basics": TITLE}),
                        (5000, {f"program-{i:03d}": {"kk": "Бағдарлама " * 8, "ru": "Программа " * 8}
                                for i in range(300)})):
        site = tmp_path / str(n)
        lookup.build(_certs(n), site, as_of=TODAY, programs=programs, signer=Ed25519PrivateKey.generate())
        text = (site / lookup.DATA_DIR / "index.json").read_text(encoding="utf-8")
        assert "Бағдарлама" not in text and "Программа" not in text and "robotics" not in text
        sizes.append(len(text.encode("utf-8")))
        assert len(list((site / lookup.DATA_DIR / lookup.PROGRAMS_DIR).glob("*.json"))) == len(programs)
    assert max(sizes) <= 512 and abs(sizes[0] - sizes[1]) <= 8, sizes


def test_c20_altered_or_foreign_data_is_refused(tmp_path: Path) -> None:
    certs = _certs(50)
    lookup.build(certs, tmp_path, as_of=TODAY, programs={"robotics-basics": TITLE})
    data = tmp_path / lookup.DATA_DIR
    keys = lookup.Keys.for_code(certs[0].code, 1)
    shards = int(_manifest(tmp_path)["shards"])  # type: ignore[call-overload]
    shard = data / f"{lookup.shard_name(lookup.shard_of(keys.place, shards), shards)}.bin"
    blob = bytearray(shard.read_bytes())
    at = blob.find(keys.tags[0])
    blob[at + 30] ^= 1  # one bit of the record's ciphertext: AES-GCM's tag no longer holds
    shard.write_bytes(bytes(blob))
    with pytest.raises(lookup.LookupDataError, match="does not decrypt"):
        lookup.lookup(tmp_path, certs[0].code, TODAY)
    (data / "index.json").write_text('{"manifest": "{\\"format\\": \\"ustaz-verify/1\\"}"}', encoding="utf-8")
    with pytest.raises(lookup.LookupDataError, match="is not ustaz-verify/2"):
        lookup.lookup(tmp_path, certs[1].code, TODAY)


def test_c20_signed_program_titles_are_checked(tmp_path: Path) -> None:
    certs = _certs(20)
    lookup.build(certs, tmp_path, as_of=TODAY, programs={"robotics-basics": TITLE}, signer=Ed25519PrivateKey.generate())
    assert lookup.lookup(tmp_path, certs[0].code, TODAY).title == TITLE
    path = tmp_path / lookup.DATA_DIR / lookup.PROGRAMS_DIR / "robotics-basics.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Основы", "Подделка"), encoding="utf-8")
    with pytest.raises(lookup.LookupDataError, match="robotics-basics.json does not verify"):
        lookup.lookup(tmp_path, certs[0].code, TODAY)


def test_c20_a_code_twice_in_the_register_does_not_break_the_build(tmp_path: Path) -> None:
    """`ustaz check` reports the duplicate; the site still builds and the first row is what the page shows."""
    certs = _certs(30)
    twice = [*certs, replace(certs[3], holder="Екінші Жол")]
    lookup.build(twice, tmp_path, as_of=TODAY, programs={})
    assert lookup.lookup(tmp_path, certs[3].code, TODAY).record == lookup_record.fields(certs[3])
