"""`ustaz private init`: the private tree as a git repository of its own (DESIGN.md "private tree", issue 16).

Its history is the staff's audit trail of personal data (who imported, scored, certified, revoked when). It
must never reach the public repository: it may not lie inside the public work tree (one `git add -A` away
from the public history) and may not share a remote with it. The signing key (keys/) is git-ignored: a clone
of the private repository on a laptop should not carry the key that signs the site's lookup data.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .i18n import t
from .policy import Policy
from .private_owner import claim
from .writefile import write_atomic

# the folders the commands write (see content/en/reference/setup.md)
LAYOUT = ("cohorts", "programs", "support/plans", "monitoring", "surveys", "keys")
GITIGNORE = """# the signing key stays on the machine that signs (back it up apart); temporary files of ustaz's writes
/keys/
.*.tmp
"""
README = """# Private tree of {project}

Personal data of the centre: listeners, identity numbers, scores, test banks with answers, trainers' bank
details, support plans, survey answers, certificate codes. This is a git repository of its own: its history
is the staff's audit trail. Never add the public repository's remote here, never copy these files into the
public repository. The public site shows only aggregates that `ustaz publish aggregates` writes into the
public tree (small counts suppressed).

    cohorts/<cohort>/   listeners.csv, attendance.csv, scores.csv, decisions.csv (ustaz course …)
    programs/<id>/      tests.<lang>.yml — test banks with their answers
    support/plans/      support plans; support/reports.csv half-year reports
    monitoring/<run>/   the monitoring sample, the impact survey's answers, the council's decision
    surveys/<cohort>/   course surveys
    keys/               the signing key (git-ignored: back it up apart)

After a command wrote here, commit: `git add -A && git commit -m "…"`.
"""


class PrivateInitError(Exception):
    """The private tree cannot be created where asked (the message says why)."""


@dataclass(frozen=True, kw_only=True)
class InitResult:
    path: Path
    created: bool  # False: an existing private repository was completed
    committed: bool


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def remotes(repo: Path) -> set[str]:
    """The fetch and push URLs of a repository's remotes (normalised: no trailing '/' or '.git')."""
    out = _git(["remote", "-v"], repo)
    if out.returncode != 0:
        return set()
    return {line.split()[1].rstrip("/").removesuffix(".git") for line in out.stdout.splitlines() if len(line.split()) > 1}


def _work_tree(path: Path) -> Path | None:
    out = _git(["rev-parse", "--show-toplevel"], path)
    return Path(out.stdout.strip()).resolve() if out.returncode == 0 and out.stdout.strip() else None


def init(target: Path, root: Path, policy: Policy) -> InitResult:
    target = target.resolve()
    root = root.resolve()
    public = _work_tree(root) or root
    if target == public or target.is_relative_to(public):
        raise PrivateInitError(t("{target} lies inside the public repository's work tree {public}; create the "
                                 "private tree outside it (e.g. {sibling}) and point USTAZ_PRIVATE at it",
                                 target=target, public=public, sibling=public.parent / f"{public.name}-private"))
    if target.exists() and not target.is_dir():
        raise PrivateInitError(t("{target} exists and is not a folder", target=target))
    existing = target.is_dir() and _work_tree(target) == target
    if target.is_dir() and not existing and any(target.iterdir()):
        raise PrivateInitError(t("{target} is a folder with files but not a git repository; give an empty or new "
                                 "folder", target=target))
    if existing:
        shared = remotes(target) & remotes(public)
        if shared:
            raise PrivateInitError(t("{target} shares the remote {remote} with the public repository; the private "
                                     "tree must never be pushed there — remove that remote",
                                     target=target, remote=min(shared)))
    else:
        target.mkdir(parents=True, exist_ok=True)
        done = _git(["init", "-q", "-b", "main"], target)
        if done.returncode != 0:
            raise PrivateInitError(t("git init failed: {error}", error=done.stderr.strip()))
    for folder in LAYOUT:
        (target / folder).mkdir(parents=True, exist_ok=True)
        if folder != "keys" and not any((target / folder).iterdir()):
            write_atomic(target / folder / ".gitkeep", "")
    for name, text in ((".gitignore", GITIGNORE), ("README.md", README.format(project=policy.site_url or root.name))):
        if not (target / name).exists():
            write_atomic(target / name, text)
    claim(target, policy)  # PROJECT: this tree belongs to this project (private_owner.py)
    _git(["add", "-A"], target)
    committed = False
    if not existing:
        done = _git(["commit", "-q", "-m", "Private tree of the centre (ustaz private init)"], target)
        committed = done.returncode == 0  # no git identity configured: the staff commit themselves
    return InitResult(path=target, created=not existing, committed=committed)
