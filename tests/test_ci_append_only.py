"""The append-only rules hold the way CI runs them (C-20, P-6): a real origin repository with a register and
lifecycles, a pull request's merge commit at refs/pull/N/merge, a runner that clones it as actions/checkout
does (depth 1, detached on the merge commit), and the `run:` steps of .github/workflows/validate.yml read from
the workflow itself and run with the environment GitHub gives them, so the test and the workflow cannot drift.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from test_register_history import _cert, git  # a certificate of the example cohort; git that must succeed

from ustaz.certificates.register import Certificate
from ustaz.certificates.writer import _csv_line, append

WORKFLOW = ROOT / ".github" / "workflows" / "validate.yml"
TODAY = "2026-11-23"  # the date the Makefile pins for the dated example content
REGISTER = "data/certificates/2026.csv"
ROBOTICS = "programs/robotics-basics/program.yml"
MUSIC = "programs/digital-music/program.yml"
NUMBER = 7  # the pull request
# listeners of the example cohort 2026-rb-kk-01 (examples/private), which ended on 2026-10-20
HOLDERS = ("Тестова Айгерим Болатқызы (вымышленная)", "Мысалов Ерлан Серікұлы (вымышленный)",
           "Жорамалова Гүлнар Ерікқызы (вымышленная)", "Сынақов Бауыржан Арманұлы (вымышленный)")


@dataclass
class Origin:
    root: Path
    codes: list[str]  # ids of the rows on main: issued, issued, revoked (the register holds no code)
    certs: list[Certificate]  # the same rows, open (with their codes)

    def edit(self, path: str, change: Callable[[str], str]) -> None:
        file = self.root / path
        before = file.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, f"the attack did not change {path}"
        file.write_text(after, encoding="utf-8")

    def row(self, code: str) -> str:
        return next(line for line in (self.root / REGISTER).read_text(encoding="utf-8").splitlines()
                    if line.startswith(code))


@pytest.fixture
def origin(project: Path) -> Origin:
    """The centre's repository on GitHub: main holds two issued certificates and a revoked one."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "user.name", "Test")
    certs = [_cert(h) for h in HOLDERS[:3]]
    certs[2] = certs[2].revoked(dt.date(2026, 11, 2), "issued in error")
    append(project, certs)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "the centre's main")
    return Origin(root=project, codes=[c.id for c in certs], certs=certs)


def open_pull_request(origin: Origin, attack: Callable[[Origin], None]) -> tuple[str, str]:
    """Commit the PR's change on a branch and let "GitHub" compute refs/pull/N/head and the merge commit
    refs/pull/N/merge; return (base sha, merge sha)."""
    root = origin.root
    base = git(root, "rev-parse", "main").strip()
    git(root, "checkout", "-qb", "contrib")
    attack(origin)
    git(root, "commit", "-qam", "the pull request")
    git(root, "update-ref", f"refs/pull/{NUMBER}/head", "HEAD")
    git(root, "checkout", "-q", "--detach", "main")
    git(root, "merge", "-q", "--no-ff", "-m", f"Merge {NUMBER} into main", f"refs/pull/{NUMBER}/head")
    merge = git(root, "rev-parse", "HEAD").strip()
    git(root, "update-ref", f"refs/pull/{NUMBER}/merge", merge)
    git(root, "checkout", "-q", "main")
    assert git(root, "rev-parse", f"{merge}^1").strip() == base
    return base, merge


def checkout(origin: Origin, workspace: Path, refspec: str) -> None:
    """What actions/checkout does (persist-credentials: false, fetch-depth: 1)."""
    workspace.mkdir()
    git(workspace, "init", "-q")
    git(workspace, "remote", "add", "origin", origin.root.as_uri())  # file:// honours --depth as https does
    git(workspace, "fetch", "--no-tags", "--prune", "--no-recurse-submodules", "--depth=1", "origin", refspec)
    git(workspace, "checkout", "-q", "--detach", "FETCH_HEAD")
    assert git(workspace, "rev-parse", "--is-shallow-repository").strip() == "true"


# ------------------------------------------------------------------ running the workflow's own steps
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(text: str, context: dict[str, Any]) -> str:
    """`${{ a.b.c }}` property lookups as GitHub evaluates them (a missing property is ''). Anything else
    fails the test, so a workflow that grows a new kind of expression is noticed here."""

    def one(m: re.Match[str]) -> str:
        expr = m.group(1)
        assert re.fullmatch(r"[a-z_]+(?:\.[\w-]+)+", expr), f"the test cannot evaluate ${{{{ {expr} }}}}"
        value: Any = context
        for part in expr.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return "" if value is None else str(value)

    return EXPRESSION.sub(one, text)


def check_steps(*, fetch: bool = True) -> list[dict[str, Any]]:
    """The validate job's steps from the checkout to the check, without setting up Python and installing
    ustaz (the test's environment has both); without the steps that fetch, if `fetch` is False."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    start = next(i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/checkout@")) + 1
    end = next(i for i, s in enumerate(steps) if "ustaz check" in str(s.get("run", ""))) + 1
    picked = [s for s in steps[start:end] if "run" in s and "pip install" not in s["run"]]
    actions = [s["uses"] for s in steps[start:end] if "uses" in s]
    # setting up Python, and restoring caches (an empty cache is the same check, slower): nothing else
    assert all(a.startswith(("actions/setup-python@", "actions/cache/restore@")) for a in actions), \
        f"the test cannot run {actions}"
    if not fetch:
        picked = [s for s in picked if "git fetch" not in s["run"]]
    return picked


def run_steps(workspace: Path, event_name: str, payload: dict[str, Any], github: dict[str, Any],
              steps: list[dict[str, Any]]) -> subprocess.CompletedProcess[str]:
    """Run the steps as the runner does (bash -eo pipefail, GITHUB_OUTPUT, GITHUB_ENV); the last step's result."""
    temp = workspace.parent / f"{workspace.name}-runner"
    temp.mkdir()
    (temp / "event.json").write_text(json.dumps(payload), encoding="utf-8")
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(temp),
           "LANG": "C.UTF-8", "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event_name,
           "GITHUB_EVENT_PATH": str(temp / "event.json"), "GITHUB_WORKSPACE": str(workspace),
           "GITHUB_REF": github["ref"], "GITHUB_SHA": github["sha"], "GITHUB_BASE_REF": github.get("base_ref", ""),
           "GITHUB_HEAD_REF": github.get("head_ref", ""), "RUNNER_TEMP": str(temp),
           "USTAZ_TODAY": TODAY,  # the Makefile's pin: the example content is dated
           # CI speaks the centre's language (tests/test_i18n.py holds it); the fragments below are English
           "USTAZ_LANG": "en"}
    context: dict[str, Any] = {"github": {**github, "event": payload, "event_name": event_name}, "steps": {}}
    done: subprocess.CompletedProcess[str] | None = None
    for i, step in enumerate(steps):
        output, genv = temp / f"output-{i}", temp / f"env-{i}"
        output.touch()
        genv.touch()
        step_env = {k: evaluate(str(v), context) for k, v in (step.get("env") or {}).items()}
        assert "${{" not in step["run"], "values reach run scripts through env (zizmor: template-injection)"
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=workspace,
                              env={**env, **step_env, "GITHUB_OUTPUT": str(output), "GITHUB_ENV": str(genv)},
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            return done
        if "id" in step:
            outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
            context["steps"][step["id"]] = {"outputs": outputs}
        env.update(line.split("=", 1) for line in genv.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert done is not None
    return done


def run_pull_request(origin: Origin, attack: Callable[[Origin], None], tmp: Path, *,
                     fetch: bool = True) -> subprocess.CompletedProcess[str]:
    base, merge = open_pull_request(origin, attack)
    workspace = tmp / "runner"
    checkout(origin, workspace, f"+refs/pull/{NUMBER}/merge:refs/remotes/pull/{NUMBER}/merge")
    assert git(workspace, "rev-parse", "HEAD").strip() == merge
    payload = {"number": NUMBER, "pull_request": {"number": NUMBER, "base": {"ref": "main", "sha": base},
                                                  "head": {"ref": "contrib", "sha": git(origin.root, "rev-parse",
                                                                                        "contrib").strip()}},
               "repository": {"default_branch": "main", "full_name": "example-centre/ustaz"}}
    github = {"ref": f"refs/pull/{NUMBER}/merge", "sha": merge, "base_ref": "main", "head_ref": "contrib"}
    return run_steps(workspace, "pull_request", payload, github, check_steps(fetch=fetch))


# ------------------------------------------------------------------ the attacks, and an honest change
def delete_issued(o: Origin) -> None:
    o.edit(REGISTER, lambda t: t.replace(o.row(o.codes[0]) + "\n", ""))


def unrevoke(o: Origin) -> None:
    """The revoked row back to issued: status, date and the sealed reason cleared."""
    row = o.row(o.codes[2])
    cells = row.split(",")
    cells[7:10], cells[11] = ["issued", "", ""], ""
    o.edit(REGISTER, lambda t: t.replace(row, ",".join(cells)))


def redate(o: Origin) -> None:
    o.edit(REGISTER, lambda t: t.replace(o.row(o.codes[1]), o.row(o.codes[1]).replace("2026-10-23", "2026-10-21")))


def backdate_event(o: Origin) -> None:  # the discussion "opened" a week earlier
    o.edit(ROBOTICS, lambda t: t.replace("discussion-opened, date: 2026-03-02", "discussion-opened, date: 2026-02-23"))


def remove_event(o: Origin) -> None:
    o.edit(MUSIC, lambda t: t.replace("  - {event: expert-conclusion, date: 2026-11-13, outcome: revise}\n", ""))


def reorder_events(o: Origin) -> None:
    closed, submitted = ("  - {event: discussion-closed, date: 2026-03-18}\n", "  - {event: submitted, date: 2026-03-20}\n")
    o.edit(ROBOTICS, lambda t: t.replace(closed + submitted, submitted + closed))


def honest(o: Origin) -> None:
    """A pure append: a new certificate, a new lifecycle event, and a revocation (the one allowed edit)."""
    append(o.root, [_cert(HOLDERS[3])])
    o.edit(MUSIC, lambda t: t.replace("outcome: revise}\n", "outcome: revise}\n  - {event: resubmitted, date: 2026-11-20}\n"))
    revoked = _csv_line(o.certs[1].revoked(dt.date(2026, 11, 20), "issued in error")).rstrip("\n")
    o.edit(REGISTER, lambda t: t.replace(o.row(o.codes[1]), revoked))


ATTACKS: dict[str, tuple[Callable[[Origin], None], Callable[[Origin], list[str]]]] = {
    # what each attack does, and the annotation fragments that must name it
    "delete-issued-row": (delete_issued, lambda o: [f"file={REGISTER},", "register-append-only",
                                                    f"certificate {o.codes[0]}", "was deleted"]),
    "revoked-row-back-to-issued": (unrevoke, lambda o: [f"file={REGISTER},line=4", "register-append-only",
                                                        f"certificate {o.codes[2]} was already revoked"]),
    "re-dated-row": (redate, lambda o: [f"file={REGISTER},line=3", "register-append-only",
                                        f"issued of the certificate {o.codes[1]} changed"]),
    "back-dated-event": (backdate_event, lambda o: [f"file={ROBOTICS},line=32", "lifecycle-append-only",
                                                    "'discussion-opened' of 2026-03-02 (line 32",
                                                    "date 2026-03-02 → 2026-02-23"]),
    "removed-event": (remove_event, lambda o: [f"file={MUSIC},line=28", "lifecycle-append-only",
                                               "'expert-conclusion' of 2026-11-13 (line 34", "was removed"]),
    "reordered-events": (reorder_events, lambda o: [f"file={ROBOTICS},line=33", "lifecycle-append-only",
                                                    "'discussion-closed' of 2026-03-18 (line 33"]),
}


def _annotation(out: str, fragments: list[str]) -> str:
    lines = [line for line in out.splitlines() if line.startswith("::error ") and all(f in line for f in fragments)]
    assert lines, f"no error annotation with {fragments} in:\n{out}"
    return lines[0]


@pytest.mark.parametrize("name", list(ATTACKS))
def test_c20_p6_an_attack_fails_the_check_as_validate_yml_runs_it(origin: Origin, tmp_path: Path, name: str) -> None:
    attack, expected = ATTACKS[name]
    done = run_pull_request(origin, attack, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    _annotation(done.stdout, expected(origin))


def test_c20_p6_an_honest_append_passes(origin: Origin, tmp_path: Path) -> None:
    done = run_pull_request(origin, honest, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "append-only" not in done.stdout and "-base" not in done.stdout


def test_c20_p6_without_the_base_the_check_errs_under_ci(origin: Origin, tmp_path: Path) -> None:
    """The same honest pull request, with the workflow's fetch step left out: the depth-1 checkout has no
    base, and under GITHUB_ACTIONS that is an error for the register and for the lifecycles."""
    done = run_pull_request(origin, honest, tmp_path, fetch=False)
    assert done.returncode == 1, done.stdout + done.stderr
    _annotation(done.stdout, ["file=data/certificates", "register-base", "no main branch to compare the register"])
    _annotation(done.stdout, ["file=programs", "lifecycle-base", "no main branch to compare the lifecycles"])


def run_dispatch(origin: Origin, tmp: Path) -> subprocess.CompletedProcess[str]:
    """workflow_dispatch on the pull request's branch (the bot's rerun after committing the record)."""
    workspace = tmp / "runner"
    checkout(origin, workspace, "+refs/heads/contrib:refs/remotes/origin/contrib")
    payload = {"ref": "refs/heads/contrib", "inputs": {},
               "repository": {"default_branch": "main", "full_name": "example-centre/ustaz"}}
    github = {"ref": "refs/heads/contrib", "sha": git(workspace, "rev-parse", "HEAD").strip()}
    return run_steps(workspace, "workflow_dispatch", payload, github, check_steps())


@pytest.mark.parametrize("name", ["delete-issued-row", "back-dated-event"])
def test_c20_p6_workflow_dispatch_on_a_branch_checks_it_against_its_merge_base(origin: Origin, tmp_path: Path,
                                                                               name: str) -> None:
    attack, expected = ATTACKS[name]
    open_pull_request(origin, attack)
    done = run_dispatch(origin, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    _annotation(done.stdout, expected(origin))


def test_c20_p6_workflow_dispatch_ignores_what_main_gained_since_the_branch(origin: Origin, tmp_path: Path) -> None:
    """Main moves on after the branch was made: the branch lacks main's new row, which is not a deletion."""
    open_pull_request(origin, honest)
    append(origin.root, [_cert(HOLDERS[3])])
    git(origin.root, "commit", "-qam", "main gains a certificate")
    done = run_dispatch(origin, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_c20_p6_under_ci_a_tree_without_git_history_is_not_passed_unchecked(project: Path) -> None:
    """Not a git repository at all (a tarball checkout): a warning-free pass on a laptop, an error under CI."""
    from conftest import run_ustaz

    append(project, [_cert(HOLDERS[0])])
    env = {"USTAZ_TODAY": TODAY, "GITHUB_ACTIONS": "true"}
    done = run_ustaz("check", cwd=project, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "data/certificates:1: error register-base: the project is not a git repository" in done.stdout
    assert "programs:1: error lifecycle-base:" in done.stdout
    done = run_ustaz("check", cwd=project, env={**env, "GITHUB_ACTIONS": "false"})
    assert done.returncode == 0 and "-base" not in done.stdout, done.stdout + done.stderr
