"""Signed lookup data (C-20, beyond the anchors): a copy of the site can be checked, in the browser and
with `ustaz verify --site`; altered data or another key is refused."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from certsite import build_site, chromium, serve
from conftest import ROOT, run_ustaz
from sealed import plain_certificate

from ustaz.calendar import valid_until
from ustaz.certificates import codes, signing
from ustaz.certificates.register import Status
from ustaz.certificates.signing import PRIVATE_KEY_FILE
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
    append(root, [plain_certificate(code=code, shown_code=codes.display(code), program="robotics-basics", cohort="c1",
                              holder=HOLDER, hours=80, course_ended=issued, issued=issued,
                              valid_until=valid_until(issued, 3), status=Status.ISSUED)])
    # the synthetic row's cohort 'c1' is in no schedule (register-cohort): built anyway, the signing is the subject
    site = build_site(root, tmp / "site", env={"USTAZ_SIGNING_KEY": str(private / PRIVATE_KEY_FILE)}, allow_errors=True)
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
    for shard in (site / "verify/data/s").glob("*.csv"):
        blob = bytearray(shard.read_bytes())
        blob[-2] ^= 1  # one bit of a seal: the shard's digest (pinned by its group, and so by the manifest) fails
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
    forged = build_site(other, tmp_path / "forged", env={"USTAZ_SIGNING_KEY": str(tmp_path / "p2" / PRIVATE_KEY_FILE)}, allow_errors=True)
    # valid signatures, but not the centre's key
    r = run_ustaz("verify", signed["code"], "--site", str(forged), cwd=signed["root"])  # type: ignore[arg-type]
    assert r.returncode == 2 and "not signed with the centre's key" in r.stderr
    assert site.exists()


def test_c20_altered_program_titles_are_refused(signed: dict[str, object]) -> None:
    """The program's titles (fetched once a record is found) are signed too: a copy cannot rename a course."""
    site = _copy(signed, "altered-titles")
    titles = site / "verify/data/programs.json"
    titles.write_text(titles.read_text(encoding="utf-8").replace("Основы", "Поддельные"), encoding="utf-8")
    r = run_ustaz("verify", signed["code"], "--site", str(site), cwd=signed["root"])  # type: ignore[arg-type]
    assert r.returncode == 2 and "programs.json does not verify" in r.stderr
    with serve(site) as base, chromium() as page:  # type: ignore[arg-type]
        page.goto(f"{base}/ru/verify/#{codes.display(signed['code'])}")  # type: ignore[attr-defined, arg-type]
        page.wait_for_selector("#verify-result[data-status=bad-signature]", timeout=15000)  # type: ignore[attr-defined]
        assert "Поддельные" not in page.inner_text("#verify-result")  # type: ignore[attr-defined]


FORGED = "Жалған Иесі Zqxforgedq"


def _forged_site(signed: dict[str, object], tmp: Path, *, key: bool) -> Path:
    """A copy of the signed site whose verify/data/ was swapped for another build's: the same code, a forged
    holder, the data unsigned (`key=False`) or signed with another centre's key."""
    other = tmp / "other"
    other.mkdir()
    for name in ("programs", "data", "content"):
        shutil.copytree(signed["root"] / name, other / name)  # type: ignore[operator]
    (other / signing.PUBLIC_KEY_FILE).unlink()
    register = other / "data/certificates/2026.csv"
    register.write_text(register.read_text(encoding="utf-8").replace(HOLDER, FORGED), encoding="utf-8")
    env = {"USTAZ_SIGNING_KEY": str(tmp / "p2" / PRIVATE_KEY_FILE)}
    if key:
        assert run_ustaz("register", "keygen", "--private", str(tmp / "p2"), cwd=other).returncode == 0
    forged = build_site(other, tmp / "forged", env=env, allow_errors=True)
    site = tmp / "swapped"
    shutil.copytree(signed["site"], site)  # type: ignore[arg-type]
    shutil.rmtree(site / "verify/data")
    shutil.copytree(forged / "verify/data", site / "verify/data")
    return site


@pytest.mark.parametrize("key", [False, True], ids=["unsigned", "another-key"])
def test_c20_the_page_pins_the_centres_key_against_swapped_data(signed: dict[str, object], tmp_path: Path,
                                                                 key: bool) -> None:
    """The page checks the data against the key written into it at build time, not against the key the data
    names: swapped-in data shows no holder, with a message in the page's language (kk, ru, en)."""
    from ustaz.certificates.labels import page_labels

    site = _forged_site(signed, tmp_path, key=key)
    index = json.loads((site / "verify/data/index.json").read_text(encoding="utf-8"))
    assert bool(index["signature"]) is key  # the swapped data is what the case says
    r = run_ustaz("verify", signed["code"], "--site", str(site), cwd=signed["root"])  # type: ignore[arg-type]
    assert r.returncode == 2 and "not signed with the centre's key" in r.stderr and FORGED not in r.stdout
    want = "other_key" if key else "unsigned"
    with serve(site) as base, chromium() as page:  # type: ignore[arg-type]
        for lang, prefix in (("kk", ""), ("ru", "ru/"), ("en", "en/")):
            page.goto(f"{base}/{prefix}verify/#{codes.display(signed['code'])}")  # type: ignore[attr-defined, arg-type]
            page.wait_for_selector("#verify-result[data-status=bad-signature]", timeout=15000)  # type: ignore[attr-defined]
            text = page.inner_text("#verify-result")  # type: ignore[attr-defined]
            assert FORGED not in text and HOLDER not in text
            assert text.strip() == page_labels(lang)[want]


def test_c20_the_page_carries_the_committed_key(signed: dict[str, object]) -> None:
    """Each language's page carries the lookup's script (in its head, ustaz/site/contrib/verify_theme.py) with the
    committed key pinned."""
    pub = (signed["root"] / signing.PUBLIC_KEY_FILE).read_text(encoding="ascii").strip()  # type: ignore[operator]
    for page in ("verify/index.html", "ru/verify/index.html", "en/verify/index.html"):
        html = (signed["site"] / page).read_text(encoding="utf-8")  # type: ignore[operator]
        assert f"var PINNED = {json.dumps(pub)};" in html, page


def test_c20_two_builds_of_the_same_register_give_identical_lookup_files(signed: dict[str, object],
                                                                        tmp_path: Path) -> None:
    """Signed, through `ustaz build`: nothing is drawn at random, so nothing in verify/ differs."""
    again = build_site(signed["root"], tmp_path / "again",  # type: ignore[arg-type]
                       env={"USTAZ_SIGNING_KEY": str(signed["tmp"] / "private" / PRIVATE_KEY_FILE)}, allow_errors=True)  # type: ignore[operator]
    first, second = _files(signed["site"] / "verify"), _files(again / "verify")  # type: ignore[operator]
    assert first.keys() == second.keys() and len(first) > 5
    assert [name for name in first if first[name] != second[name]] == []


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_c20_the_build_needs_the_committed_key_and_the_signing_key_to_agree(signed: dict[str, object],
                                                                           tmp_path: Path) -> None:
    """A signing key with no committed public key (a page that would pin nothing) and a signing key that is
    not the committed one (a page that would refuse its own data) stop the build with one line; a committed
    key without the signing key (a preview build without secrets) builds unsigned data the page refuses."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("programs", "data", "content", "overrides"):
        shutil.copytree(signed["root"] / name, root / name)  # type: ignore[operator]
    shutil.copy(signed["root"] / "mkdocs.yml", root / "mkdocs.yml")  # type: ignore[operator]
    private = {"USTAZ_SIGNING_KEY": str(signed["tmp"] / "private" / PRIVATE_KEY_FILE)}  # type: ignore[operator]
    (root / signing.PUBLIC_KEY_FILE).unlink()
    assert run_ustaz("register", "keygen", "--private", str(tmp_path / "other"), cwd=root).returncode == 0
    mismatch = run_ustaz("build", "--allow-errors", "--site-dir", str(tmp_path / "s1"), cwd=root, env=private)
    (root / signing.PUBLIC_KEY_FILE).unlink()
    unpinned = run_ustaz("build", "--allow-errors", "--site-dir", str(tmp_path / "s2"), cwd=root, env=private)
    for done, words in ((mismatch, "is not the one"), (unpinned, "commit the public key")):
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, done
    shutil.copy(signed["root"] / signing.PUBLIC_KEY_FILE, root / signing.PUBLIC_KEY_FILE)  # type: ignore[operator]
    keyless = build_site(root, tmp_path / "s3", env={"USTAZ_SIGNING_KEY": str(tmp_path / "none" / PRIVATE_KEY_FILE)}, allow_errors=True)
    assert not json.loads((keyless / "verify/data/index.json").read_text(encoding="utf-8"))["signature"]
