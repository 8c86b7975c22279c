"""`ustaz bot scaffold`: a proposal issue → a branch and a draft PR with the program skeleton.

An invalid proposal gets one reply listing what to fix; editing the issue re-runs the bot, which
edits that reply. A valid one gets a branch `program/<id>`, the skeleton committed to it, a draft PR,
and a reply with the link. Files already on the branch are never overwritten (authors may have begun).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import t
from ..policy import Policy
from ..skeleton import SkeletonValues, program_skeleton
from .proposal import PROPOSAL_LABEL, Problem, parse_proposal
from .service import GitHubService, NotFound
from .sticky import sync_comment, sync_labels

MARKER = "<!-- ustaz:proposal -->"
NEEDS_CHANGES = "proposal: needs changes"
SCAFFOLDED = "proposal: scaffolded"


@dataclass(kw_only=True)
class ScaffoldOutcome:
    issue: int
    pull_request: int | None = None
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def problems_reply(problems: list[Problem]) -> str:
    lines = [MARKER, "### The proposal needs changes", "",
             "Edit the issue (⋯ → Edit) and fix these; the bot reads it again when you save:", ""]
    # the messages quote the issue's text: no HTML from it (an unclosed `<!--` would hide the reply)
    lines += [f"- **{p.field}**: {p.message.replace('<', '&lt;')}" for p in problems]
    return "\n".join(lines) + "\n"


def pr_body(values: SkeletonValues, issue: int) -> str:
    folder = f"programs/{values.program_id}"
    return (f"Program skeleton for the proposal #{issue}.\n\n"
            f"- [ ] write the ten sections in `{folder}/program.<lang>.md` (P-4, P-5)\n"
            f"- [ ] fill the modules and the literature in `{folder}/program.yml`\n"
            "- [ ] record the director's order (`development-ordered`, P-3)\n"
            "- [ ] when the draft is ready: mark this PR ready for review and record `discussion-opened` "
            "with this PR's link — the ten working days of public discussion start (P-6)\n")


def run_scaffold(svc: GitHubService, policy: Policy, number: int) -> ScaffoldOutcome:
    out = ScaffoldOutcome(issue=number)
    issue = svc.issue(number)
    if PROPOSAL_LABEL not in issue.labels or not issue.open:
        return out
    values, problems = parse_proposal(issue.body, policy)
    base = svc.default_branch()
    if values is not None and svc.file_text(f"programs/{values.program_id}/program.yml", base) is not None:
        problems = [Problem(field="Program id", message=t("programs/{program_id} already exists; choose another id", program_id=values.program_id))]
        values = None
    comments = svc.issue_comments(number)
    if values is None:
        out.problems = problems
        sync_comment(svc, number, comments, MARKER, problems_reply(problems), out.changes)
        sync_labels(svc, number, [NEEDS_CHANGES, SCAFFOLDED], NEEDS_CHANGES, out.changes)
        return out
    branch = f"program/{values.program_id}"
    pr = svc.find_pull_request(branch)
    if pr is None:
        if svc.branch_sha(branch) is None:
            sha = svc.branch_sha(base)
            if sha is None:
                raise NotFound(f"the default branch {base!r} has no commit to start from")
            svc.create_branch(branch, sha)
            out.changes.append(t("created branch {branch}", branch=branch))
        for name, text in program_skeleton(policy, values).items():
            path = f"programs/{values.program_id}/{name}"
            if svc.file_text(path, branch) is None:
                svc.put_file(path=path, text=text, branch=branch, message=f"{values.program_id}: skeleton ({name})")
                out.changes.append(t("committed {path}", path=path))
        title = values.title.get(values.languages[0], values.program_id)
        pr = svc.create_pull_request(title=f"Program {values.program_id}: {title}", body=pr_body(values, number),
                                     head=branch, base=base, draft=True)
        out.changes.append(t("opened draft pull request #{number}", number=pr.number))
    out.pull_request = pr.number
    reply = (f"{MARKER}\n### Skeleton ready\n\nThe program's skeleton is on the branch `{branch}` in the draft pull "
             f"request #{pr.number} ({pr.url}). Write the sections there; the checklist in the pull request says "
             "what comes next. Edits to this issue no longer change the files — edit them in the branch.\n")
    sync_comment(svc, number, comments, MARKER, reply, out.changes)
    sync_labels(svc, number, [NEEDS_CHANGES, SCAFFOLDED], SCAFFOLDED, out.changes)
    return out

