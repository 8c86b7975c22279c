"""Signed lookup data (C-20, beyond the anchors): a copy of the site can be checked, in the browser and
with `ustaz verify --site`; altered data or another key is refused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from certsite import build_site, chromium, serve
from conftest import ROOT, run_ustaz

from ustaz.calendar import valid_until
from ustaz.certificates import codes, signing
from ustaz.certificates.register import Certificate, Status
from ustaz.certificates.writer import append

TODAY = dt.date(2026, 11, 23)
HOLDER = "Қолтаңбалы Тыңдаушы"


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("signed")
    root = tmp / "project"
    root.mkdir()
    for name in ("programs", "data", "content"):
        shutil.copytree(ROOT / name, root / name)
    private = tmp / "private"
    private.mkdir()
    r = run_ustaz("register", "keygen", "--private", str(private), cwd=root)
    assert r.returncode == 0, r.stderr
    assert (private / signing.PRIVATE_KEY_FILE).stat().st_mode & 0o077 == 0
    again = run_ustaz("register", "keygen", "--private", str(private), cwd=root)
    assert again.returncode == 2 and "exists" in again.stderr
    code = codes.new_code()
    issued = dt.date(2026, 5, 18)
    append(root, [Certificate(code=code, shown_code=codes.display(code), program="robotics-basics", cohort="c1",
                              holder=HOLDER, hours=80, course_ended=issued, issued=issued,
                              valid_until=valid_until(issued, 3), status=Status.ISSUED)])
    site = build_site(root, tmp / "site", env={"USTAZ_PRIVATE": str(private)})
    pub = signing.pinned_key(root)
    assert pub is not None
    return {"root": root, "site": site, "code": code, "tmp": tmp, "fingerprint": signing.fingerprint(pub)}


def _copy(signed: dict[str, object], name: str) -> Path:
    dest = signed["tmp"] / name  # type: ignore[operator]
    shutil.copytree(signed["site"], dest)  # type: ignore[arg-type]
    return dest


def test_c20_signed_data_verifies_in_python_and_in_chromium(signed: dict[str, object]) -> None:
    r = run_ustaz("verify", signed["code"], "--site", str(signed["site"]), "--today", "2026-11-23",  # type: ignore[arg-type]
                  cwd=signed["root"])  # type: ignore[arg-type]
    assert r.returncode == 0 and f"signed by key {signed['fingerprint']}" in r.stdout, r
    with serve(signed["site"]) as base, chromium() as page:  # type: ignore[arg-type]
        page.goto(f"{base}/en/verify/#{codes.display(signed['code'])}")  # type: ignore[attr-defined, arg-type]
        page.wait_for_selector("#verify-result[data-status=valid]", timeout=15000)  # type: ignore[attr-defined]
        text = page.inner_text("#verify-result")  # type: ignore[attr-defined]
        assert HOLDER in text and f"Data signature verified, key: {signed['fingerprint']}" in text


def test_c20_an_altered_shard_is_refused(signed: dict[str, object]) -> None:
    site = _copy(signed, "altered")
    for shard in (site / "verify/data").glob("*.bin"):
        blob = bytearray(shard.read_bytes())
        blob[-1] ^= 1  # one bit of a (possibly dummy) record: the shard's signature no longer holds
        shard.write_bytes(bytes(blob))
    r = run_ustaz("verify", signed["code"], "--site", str(site), cwd=signed["root"])  # type: ignore[arg-type]
    assert r.returncode == 2 and "does not verify" in r.stderr
    with serve(site) as base, chromium() as page:  # type: ignore[arg-type]
        page.goto(f"{base}/en/verify/#{codes.display(signed['code'])}")  # type: ignore[attr-defined, arg-type]
        page.wait_for_selector("#verify-result[data-status=bad-signature]", timeout=15000)  # type: ignore[attr-defined]
        assert HOLDER not in page.inner_text("#verify-result")  # type: ignore[attr-defined]


def test_c20_data_signed_with_another_key_is_refused_against_the_pinned_key(signed: dict[str, object],
                                                                             tmp_path: Path) -> None:
    site = _copy(signed, "unsigned-copy")
    other = tmp_path / "other"
    other.mkdir()
    for name in ("programs", "data", "content"):
        shutil.copytree(signed["root"] / name, other / name)  # type: ignore[operator]
    (other / signing.PUBLIC_KEY_FILE).unlink()
    assert run_ustaz("register", "keygen", "--private", str(tmp_path / "p2"), cwd=other).returncode == 0
    forged = build_site(other, tmp_path / "forged", env={"USTAZ_PRIVATE": str(tmp_path / "p2")})
    # valid signatures, but not the centre's key
    r = run_ustaz("verify", signed["code"], "--site", str(forged), cwd=signed["root"])  # type: ignore[arg-type]
    assert r.returncode == 2 and "not signed with the centre's key" in r.stderr
    assert site.exists()


def test_c20_altered_program_titles_are_refused(signed: dict[str, object]) -> None:
    """The program's titles (fetched once a record is found) are signed too: a copy cannot rename a course."""
    site = _copy(signed, "altered-titles")
    titles = site / "verify/data/programs/robotics-basics.json"
    titles.write_text(titles.read_text(encoding="utf-8").replace("Основы", "Поддельные"), encoding="utf-8")
    r = run_ustaz("verify", signed["code"], "--site", str(site), cwd=signed["root"])  # type: ignore[arg-type]
    assert r.returncode == 2 and "robotics-basics.json does not verify" in r.stderr
    with serve(site) as base, chromium() as page:  # type: ignore[arg-type]
        page.goto(f"{base}/ru/verify/#{codes.display(signed['code'])}")  # type: ignore[attr-defined, arg-type]
        page.wait_for_selector("#verify-result[data-status=bad-signature]", timeout=15000)  # type: ignore[attr-defined]
        assert "Поддельные" not in page.inner_text("#verify-result")  # type: ignore[attr-defined]
