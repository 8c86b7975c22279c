"""The done-when of issue 16 (C-20, privacy by design): a fresh project certifies a cohort whose listeners
carry sentinel names, commits with real git and builds its site. No sentinel name and no certificate code —
with or without dashes, in any case — is in a tracked file, in the commit or anywhere in the built site; the
lookup page in headless Chromium shows the holder for the code and the reason for a revoked one, and
`ustaz verify CODE` reads both from the public tree alone."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from certsite import build_site, chromium, serve
from conftest import run_ustaz

from ustaz.certificates import codes, lookup
from ustaz.certificates.register import Register
from ustaz.certificates.sealing import Sealer, SealError
from ustaz.courses.issued import private_codes

COHORT = "2026-rb-kk-01"  # examples/private: L01, L02, L05 pass
REASON = "бұйрық №12: қате берілген (SENTINEL-REASON-7Q)"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def _sentinels(private: Path) -> dict[str, str]:
    """Give every listener a sentinel name (no word of it is anywhere else), the same person (IIN) the same name
    in every cohort; returns the certified cohort's listener → full name."""
    by_iin: dict[str, tuple[str, str, str]] = {}
    names: dict[str, str] = {}
    for path in sorted((private / "cohorts").glob("*/listeners.csv")):
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            i = len(by_iin)
            row["surname"], row["name"], row["patronymic"] = by_iin.setdefault(
                row["iin"], (f"Сентинелова{chr(0x41 + i)}qz", f"Zyxвана{i}", f"Qwпатр{i}овна"))
            if path.parent.name == COHORT:
                names[row["listener"]] = f"{row['surname']} {row['name']} {row['patronymic']}"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return names


def _forms(code: str) -> set[str]:
    shown = codes.display(code)
    return {v for c in (shown, code) for v in (c, c.lower(), c.upper())}


def _leaks(blob: str, names: dict[str, str], found_codes: list[str]) -> list[str]:
    folded = blob.casefold()
    out = [n for full in names.values() for n in (full, *full.split()) if n.casefold() in folded]
    return out + [f for code in found_codes for f in _forms(code) if f.casefold() in folded]


@pytest.fixture
def centre(project: Path, tmp_path: Path) -> dict[str, object]:
    """A centre as set up in the docs: the public repository, and the private tree — its own git repository
    outside it — holding the listeners, the codes and the signing key."""
    private = tmp_path / "private"
    shutil.copytree(project / "examples" / "private", private)
    names = _sentinels(private)
    git(private, "init", "-q")
    git(project, "init", "-q", "-b", "main")
    for repo in (project, private):
        git(repo, "config", "user.email", "registrar@example.invalid")
        git(repo, "config", "user.name", "Registrar")
    keygen = run_ustaz("register", "keygen", "--private", str(private), cwd=project)
    assert keygen.returncode == 0, keygen.stderr
    git(project, "add", "-A")
    git(project, "commit", "-qm", "the centre")
    return {"root": project, "private": private, "names": names}


def test_c20_issue16_no_name_and_no_code_leave_the_private_tree(centre: dict[str, object], tmp_path: Path) -> None:
    root, private, names = centre["root"], centre["private"], centre["names"]
    assert isinstance(root, Path) and isinstance(private, Path) and isinstance(names, dict)
    done = run_ustaz("course", "certify", COHORT, "--date", "2026-10-23", "--private", str(private), cwd=root)
    assert done.returncode == 0, done.stderr
    kept = private_codes(private)
    assert len(kept) == 3
    found = sorted(kept.values())
    # revoke one (the command needs only the code; its reason is sealed with it)
    revoked_code = found[0]
    r = run_ustaz("register", "revoke", codes.display(revoked_code).lower(), "--reason", REASON, "--date",
                  "2026-11-02", cwd=root)
    assert r.returncode == 0, r.stderr
    git(root, "add", "-A")
    git(root, "commit", "-qm", "certify 2026-rb-kk-01; revoke one")
    git(private, "add", "-A")
    git(private, "commit", "-qm", "codes of 2026-rb-kk-01")
    check = run_ustaz("check", "--today", "2026-11-23", "--private", str(private), cwd=root)
    assert check.returncode == 0, check.stdout  # the seals open with the private tree's codes, names match
    env = {"USTAZ_SIGNING_KEY": str(private / "keys/lookup-ed25519.pem"), "USTAZ_PRIVATE": str(private)}
    site = build_site(root, tmp_path / "site", env=env)

    # nothing in the public tree, its history or the site names a person or holds a code
    reasons = [REASON, "SENTINEL-REASON-7Q"]
    tracked = "".join((root / p).read_text(encoding="utf-8", errors="replace")
                      for p in git(root, "ls-files").splitlines() if (root / p).is_file())
    history = git(root, "log", "--all", "-p", "--format=%H %an %s") + git(root, "show", "HEAD")
    built = "".join(p.read_bytes().decode("utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    for where, text in (("tracked files", tracked), ("git history", history), ("built site", built)):
        assert not _leaks(text, names, found), where
        assert not any(r.casefold() in text.casefold() for r in reasons), where
    # ... while the private tree has them all
    assert all(codes.display(c) in (private / "cohorts" / COHORT / "certificates.csv").read_text(encoding="utf-8")
               for c in found)

    # `ustaz verify CODE` from the public tree alone (no private tree)
    nowhere = tmp_path / "no-private"
    nowhere.mkdir()
    holders = {}
    for code in found:
        v = run_ustaz("verify", code.lower(), "--today", "2026-11-23", cwd=root, env={"USTAZ_PRIVATE": str(nowhere)})
        holder = next(n for n in names.values() if n in v.stdout)
        holders[code] = holder
        if code == revoked_code:
            assert v.returncode == 1 and "revoked on 2026-11-02" in v.stdout and REASON in v.stdout
        else:
            assert v.returncode == 0 and "valid until 2029-10-22" in v.stdout, v.stdout
    assert len(set(holders.values())) == 3
    s = run_ustaz("verify", found[1], "--site", str(site), "--today", "2026-11-23", cwd=root)
    assert s.returncode == 0 and holders[found[1]] in s.stdout and "signed by key" in s.stdout

    # the lookup page in Chromium: the holder for a valid code, the reason for the revoked one
    with serve(site) as base, chromium() as page:
        page.goto(f"{base}/verify/#{codes.display(found[1])}")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=valid]", timeout=15000)  # type: ignore[attr-defined]
        assert holders[found[1]] in page.inner_text("#verify-result")  # type: ignore[attr-defined]
        page.goto(f"{base}/verify/#{revoked_code.lower()}")  # type: ignore[attr-defined]
        page.wait_for_selector("#verify-result[data-status=revoked]", timeout=15000)  # type: ignore[attr-defined]
        shown = page.inner_text("#verify-result")  # type: ignore[attr-defined]
        assert holders[revoked_code] in shown and REASON in shown


def test_c20_seals_bind_code_column_and_row() -> None:
    """A seal opens only with its code, in its column and row; the same text seals to the same bytes."""
    a, b = Sealer(codes.new_code()), Sealer(codes.new_code())
    sealed = a.seal("holder", "Тестова Айгерим")
    assert sealed == a.seal("holder", "Тестова Айгерим") and a.open("holder", sealed) == "Тестова Айгерим"
    for opener, cell in ((b, "holder"), (a, "reason")):
        with pytest.raises(SealError):
            opener.open(cell, sealed)
    assert len(a.seal("holder", "x")) == len(a.seal("holder", "x" * 32))  # lengths padded to 32 bytes
    assert Sealer(codes.display(a_code := codes.new_code()).lower()).id == Sealer(a_code).id  # any spelling


def test_c20_lookup_is_built_from_the_register_alone_and_only_changed_shards_change(project: Path,
                                                                                   tmp_path: Path) -> None:
    """The same register gives the same bytes; appending rows rewrites their shards, their groups and the
    manifest only (a deployment uploads what changed)."""
    from sealed import sealed_line

    from ustaz.certificates.register import COLUMNS

    def row(code: str, issued: str = "2026-10-23") -> str:
        return sealed_line({"code": code, "program": "robotics-basics", "cohort": COHORT, "holder": "Тестова А",
                            "hours": "80", "course_ended": "2026-10-20", "issued": issued,
                            "valid_until": "2029-10-22", "status": "issued"})

    first = [codes.new_code() for _ in range(300)]
    path = project / "data/certificates/2026.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "".join(row(c) + "\n" for c in first), encoding="utf-8")

    def build(out: Path) -> dict[str, bytes]:
        lookup.build(Register.load(project).files, out, programs={"robotics-basics": {"kk": "Робот"}})
        data = out / "verify/data"
        return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}

    one, two = build(tmp_path / "a"), build(tmp_path / "b")
    assert one == two
    more = [codes.new_code() for _ in range(3)]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("".join(row(c, "2026-10-24") + "\n" for c in more))
    three = build(tmp_path / "c")
    changed = {name for name in three if one.get(name) != three[name]}
    ids = [Sealer(c).id for c in more]
    assert changed == ({"index.json"} | {f"s/{i[:4]}.csv" for i in ids} | {f"g/{i[:2]}.bin" for i in ids})
    assert set(one) <= set(three)
    result = lookup.lookup(tmp_path / "c", more[0], __import__("datetime").date(2026, 11, 23))
    assert result.record["h"] == "Тестова А" and result.as_of == "2026-10-24"
