"""`ustaz bot deadlines`: one issue per overdue or near deadline, kept up to date, closed when met.

Each issue carries a hidden key (rule, subject, due date) so reruns find it instead of opening a
duplicate. The deadlines come from `Workspace.deadlines`, the engine behind `ustaz deadlines`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..deadlines import Deadline, DeadlineStatus
from ..i18n import t
from ..workspace import Workspace
from .service import GitHubService, Issue

DEADLINE_LABEL = "deadline"
_KEY = re.compile(r"<!-- ustaz:deadline (\S+) -->")


@dataclass(kw_only=True)
class DeadlineOutcome:
    changes: list[str] = field(default_factory=list)


def key(d: Deadline) -> str:
    return f"{d.rule}/{d.subject}/{d.due.isoformat()}"


def needs_issue(d: Deadline, ctx: Workspace) -> bool:
    if d.status is DeadlineStatus.OVERDUE:
        return True
    if d.status is DeadlineStatus.OPEN and not d.minimum_period and d.working_days_left is not None:
        return d.working_days_left <= ctx.policy.deadline_warning_working_days
    return False


def title(d: Deadline) -> str:
    return t("{rule} {subject}: {what} by {due}", rule=d.rule, subject=d.subject, what=d.what, due=d.due)


def body(d: Deadline, ctx: Workspace) -> str:
    if d.status is DeadlineStatus.OVERDUE:
        when = t("**Overdue** since {due}", due=d.due) + (
            " " + t("({days} working day(s) as of {today})", days=-d.working_days_left, today=ctx.today)
            if d.working_days_left else "")
    elif d.status is DeadlineStatus.MET:
        when = t("**Met** on {met_on}", met_on=d.met_on)
    else:
        when = t("Due **{due}**: {left} working day(s) left as of {today}", due=d.due, left=d.working_days_left,
                 today=ctx.today)
    record = (" " + t("Record it in `{path}` as a `{event}` event; this issue then closes by itself.", path=d.path,
                      event=d.required_event) if d.required_event else "")
    source = t("{rule}: {what}. Source: `{path}` line {line}.", rule=d.rule, what=d.what, path=d.path, line=d.line)
    return (f"<!-- ustaz:deadline {key(d)} -->\n{when}.\n\n{source}{record}\n\n"
            + t("The date comes from the same working calendar as `ustaz deadlines`.") + "\n")


def _key_of(issue: Issue) -> str | None:
    m = _KEY.search(issue.body)
    return m.group(1) if m else None


def run_deadlines(svc: GitHubService, ctx: Workspace) -> DeadlineOutcome:
    out = DeadlineOutcome()
    all_deadlines = {key(d): d for d in ctx.deadlines}
    wanted = {k: d for k, d in all_deadlines.items() if needs_issue(d, ctx)}
    existing: dict[str, Issue] = {}
    for issue in sorted(svc.issues_with_label(DEADLINE_LABEL), key=lambda i: i.number):
        k = _key_of(issue)
        if k is not None and k not in existing:
            existing[k] = issue
    for k, d in wanted.items():
        text, head = body(d, ctx), title(d)
        found = existing.get(k)
        if found is None:
            created = svc.create_issue(title=head, body=text, labels=[DEADLINE_LABEL])
            out.changes.append(t("opened issue #{number}: {head}", number=created.number, head=head))
        elif found.title != head or found.body.strip() != text.strip() or not found.open:
            svc.edit_issue(found.number, title=head, body=text, open=True)
            out.changes.append(t("updated issue #{number}: {head}", number=found.number, head=head))
    for k, issue in existing.items():
        if k in wanted or not issue.open:
            continue
        met = all_deadlines.get(k)
        if met is not None and met.status is DeadlineStatus.MET:
            final = body(met, ctx)
        else:
            final = f"<!-- ustaz:deadline {k} -->\n" + t("This deadline no longer applies (the lifecycle changed).") + "\n"
        svc.edit_issue(issue.number, body=final, open=False)
        out.changes.append(t("closed issue #{number}", number=issue.number))
    return out
