"""Drafts that live only in open pull requests, overlaid onto the site by the deploy job.

The deploy workflow fetches every pull request's head as a local ref, then builds with them:

    git fetch origin '+refs/pull/*/head:refs/remotes/pr/*'
    ustaz build --pr-refs refs/remotes/pr/        # or USTAZ_PR_REFS=refs/remotes/pr/ mkdocs build

For each ref `<prefix><N>` the program folders that the pull request changes (compared with the merge
base of the build's branch, so a PR that only touches docs adds nothing) are read from that ref with
`git archive` into a temporary folder and loaded with the same loader as `ustaz check`. Each becomes
a page `drafts/pr-<N>/<id>/` marked "draft of pull request #N", listed on the drafts page with its
discussion's end date from the deadline engine. The main branch's own pages are never replaced: a PR
that changes an approved program shows its proposal beside the approved text.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model.program import ID_PATTERN
from ..project import ProgramBundle, load_program_folder

log = logging.getLogger("mkdocs.plugins.ustaz")
_GITHUB = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([^/]+)/(.+?)(?:\.git)?/?$")


@dataclass(frozen=True, kw_only=True)
class PrDraft:
    number: int
    ref: str
    bundle: ProgramBundle


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60, check=False)


def pull_request_refs(root: Path, prefix: str) -> list[tuple[int, str]]:
    """(number, ref) for every ref under the prefix whose next component is a PR number."""
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    done = _git(root, "for-each-ref", "--format=%(refname)", prefix)
    if done.returncode != 0:
        log.info("ustaz: no pull request refs (%s)", done.stderr.decode(errors="replace").strip())
        return []
    refs = []
    for ref in done.stdout.decode().split():
        head = ref[len(prefix):].split("/", 1)[0]  # refs/remotes/pr/12 and refs/pull/12/head
        if head.isdigit():
            refs.append((int(head), ref))
    return sorted(refs)


def changed_programs(root: Path, base: str, ref: str) -> list[str]:
    """Program ids whose folder the pull request changes (three-dot diff: since the merge base)."""
    done = _git(root, "diff", "--name-only", "--no-renames", f"{base}...{ref}", "--", "programs/")
    if done.returncode != 0:
        log.info("ustaz: cannot compare %s with %s: %s", ref, base, done.stderr.decode(errors="replace").strip())
        return []
    ids = set()
    for name in done.stdout.decode("utf-8", errors="replace").splitlines():
        parts = name.split("/")
        if len(parts) >= 3 and ID_PATTERN.match(parts[1]):
            ids.add(parts[1])
    return sorted(ids)


def _extract(root: Path, ref: str, program_id: str, dest: Path) -> bool:
    done = _git(root, "archive", "--format=tar", ref, "--", f"programs/{program_id}/")
    if done.returncode != 0:
        return False  # the PR deletes the folder
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(f"programs/{program_id}/")
                   and ".." not in m.name.split("/")]
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, members=members, filter="data")
        else:  # older Python: the members are already limited to regular files inside the folder
            tar.extractall(dest, members=members)
    return (dest / "programs" / program_id / "program.yml").is_file()


def load_pr_drafts(root: Path, prefix: str, base: str = "HEAD") -> list[PrDraft]:
    """Every program folder changed by an open pull request, loaded from that pull request's head."""
    drafts: list[PrDraft] = []
    for number, ref in pull_request_refs(root, prefix):
        for program_id in changed_programs(root, base, ref):
            with tempfile.TemporaryDirectory(prefix="ustaz-pr-") as tmp:
                overlay = Path(tmp)
                if not _extract(root, ref, program_id, overlay):
                    continue
                bundle, _findings = load_program_folder(overlay / "programs" / program_id, overlay)
            if bundle.program is None:
                log.info("ustaz: PR #%d: programs/%s cannot be read; `ustaz check` on the PR says why",
                         number, program_id)
                continue
            drafts.append(PrDraft(number=number, ref=ref, bundle=bundle))
    return drafts


def pull_request_url_base(root: Path, configured: str) -> str:
    """'https://github.com/owner/repo/pull/' from the option, else from the origin remote, else ''."""
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    done = _git(root, "remote", "get-url", "origin")
    m = _GITHUB.match(done.stdout.decode().strip()) if done.returncode == 0 else None
    return f"https://github.com/{m.group(1)}/{m.group(2)}/pull/" if m else ""
