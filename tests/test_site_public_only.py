"""Issue 16: the site is built from the public tree alone.

The same project is built twice — with no private tree anywhere, and with a private tree full of sentinel
values (different support plans, listeners and survey answers) both at `private/` and at $USTAZ_PRIVATE —
and the two sites must be the same bytes, file by file, with no sentinel in either. A Python audit hook
(works as root, unlike chmod 000) records every file or folder the build opens under the private trees:
there must be none; the same hook sees `ustaz publish aggregates` read them, so it is not blind.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY, copy_project

SENTINEL = "SENTINELPERSON"
FICTIONAL = re.compile(r"\((?:вымышлен\w*|fictional|ойдан шығарылған)\)")
# an extra support plan and an extra survey answer: a site that read the private tree would count them
PLAN = f"""\
teacher: t-sentinel-7
name: "{SENTINEL} Testova"
program: robotics-basics
organization: sch-sentinel
region: KZ-79
directions: [professional-community]
starts: 2026-06-10
ends: 2027-06-30
approval:
  association: {{date: 2026-06-05, protocol: "4"}}
  head: {{date: 2026-06-08, order: "57"}}
events:
  - {{kind: webinar, level: organisation, date: 2026-09-17, status: held, title: "{SENTINEL} title",
     evidence: [{{kind: development-document, url: "https://example.org/{SENTINEL}"}}]}}
"""

# `ustaz …` with an audit hook that writes every open/listdir/scandir under $USTAZ_TEST_WATCH to $USTAZ_TEST_SEEN
WRAPPER = """
import atexit, os, sys
watch = [os.path.realpath(p) for p in os.environ["USTAZ_TEST_WATCH"].split(os.pathsep)]
seen = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if any(path == w or path.startswith(w + os.sep) for w in watch):
            seen.append(f"{event} {path}")
sys.addaudithook(hook)
def dump():
    with open(os.environ["USTAZ_TEST_SEEN"], "w", encoding="utf-8") as fh:
        fh.write("\\n".join(seen))
atexit.register(dump)
sys.argv = ["ustaz", *sys.argv[1:]]
from ustaz.cli.app import run
run()
"""


def sentinel_tree(dest: Path) -> Path:
    """The example private tree with every fictional person renamed to the sentinel, one more support plan and
    one more survey answer."""
    shutil.copytree(ROOT / "examples" / "private", dest)
    for path in dest.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".yml", ".md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(FICTIONAL.sub(SENTINEL, text), encoding="utf-8")
    (dest / "support" / "plans" / "t-sentinel-7.yml").write_text(PLAN, encoding="utf-8")
    answers = dest / "monitoring" / "2026-impact" / "responses.csv"
    lines = answers.read_text(encoding="utf-8").splitlines()
    answers.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    return dest


def watched(args: list[str], cwd: Path, watch: list[Path], seen: Path, env: dict[str, str]) -> str:
    full = {k: v for k, v in os.environ.items() if not k.startswith("USTAZ_")}
    full.update(env, USTAZ_TEST_WATCH=os.pathsep.join(str(w) for w in watch), USTAZ_TEST_SEEN=str(seen),
                SOURCE_DATE_EPOCH="1795392000")
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return seen.read_text(encoding="utf-8")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("public-only")
    project = copy_project(base / "project")  # programs, data (with the shipped aggregates), content: no examples/
    env = {"USTAZ_TODAY": BUILD_DAY}
    bare = base / "site-without"
    seen_bare = watched(["build", "--site-dir", str(bare)], project, [project / "private"], base / "seen0", env)
    outside = sentinel_tree(base / "private-elsewhere")
    sentinel_tree(project / "private")
    with_private = base / "site-with"
    seen = watched(["build", "--site-dir", str(with_private)], project, [outside, project / "private"],
                   base / "seen1", {**env, "USTAZ_PRIVATE": str(outside)})
    return {"project": project, "bare": bare, "with": with_private, "seen": seen, "seen_bare": seen_bare,
            "outside": outside, "base": base}


def test_the_site_is_the_same_bytes_with_and_without_a_private_tree(sites: dict[str, object]) -> None:
    bare, with_private = files(sites["bare"]), files(sites["with"])  # type: ignore[arg-type]
    assert len(bare) > 50 and "support/index.html" in bare and "monitoring/index.html" in bare
    assert sorted(bare) == sorted(with_private)
    different = [name for name in bare if bare[name] != with_private[name]]
    assert not different, f"files that differ: {different[:10]}"


def test_no_private_value_reaches_the_site(sites: dict[str, object]) -> None:
    for name, data in files(sites["with"]).items():  # type: ignore[arg-type]
        assert SENTINEL.encode() not in data, name
        assert b"t-sentinel-7" not in data and b"sch-sentinel" not in data, name


def test_the_build_opens_nothing_in_the_private_tree(sites: dict[str, object]) -> None:
    assert sites["seen"] == "", f"the build read the private tree: {str(sites['seen'])[:2000]}"
    assert sites["seen_bare"] == ""


def test_the_audit_hook_does_see_a_command_that_reads_the_private_tree(sites: dict[str, object]) -> None:
    """The control: `ustaz publish aggregates` reads the private tree, and the same hook reports it."""
    project, outside, base = Path(str(sites["project"])), Path(str(sites["outside"])), Path(str(sites["base"]))
    copy = base / "control"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("private"))
    seen = watched(["publish", "aggregates"], copy, [outside], base / "seen2", {"USTAZ_PRIVATE": str(outside)})
    assert "support/plans" in seen and "listeners.csv" in seen
    # and what it wrote counts the sentinel tree's extra plan (Shymkent, KZ-79) — which the site did not show
    assert "KZ-79" in (copy / "data" / "aggregates" / "support.csv").read_text(encoding="utf-8")
    assert "KZ-79" not in (project / "data" / "aggregates" / "support.csv").read_text(encoding="utf-8")


def test_published_aggregates_carry_no_private_value(sites: dict[str, object]) -> None:
    """What the staff publish from the sentinel tree holds counts only."""
    base = Path(str(sites["base"]))
    copy = base / "control"
    if not copy.exists():
        pytest.skip("runs after the control test")
    for path in (copy / "data" / "aggregates").glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert SENTINEL not in text and "t-sentinel-7" not in text and "sch-sentinel" not in text, path
    check = run_ustaz("check", "data", cwd=copy, env={"USTAZ_PRIVATE": str(base / "none")})
    assert "aggregate-small-cell" not in check.stdout + check.stderr
