"""Support plans (S-1, S-4 … S-8): directions, thin plans, evidence, levels in order, duration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..support.plan import SupportPlan
from ..vocab import SupportEventStatus, SupportLevel
from . import Context, check

DIRECTIONS_COUNT = define("support-directions-count", "A support plan chooses too few or too many directions.", "S-4")
DIRECTION_UNKNOWN = define("support-direction-unknown", "A support plan names a direction not on the policy's checklist.", "S-4")
THIN_PLAN = define("support-thin-plan", "A support plan has fewer events than the policy's minimum.", "S-5")
EVIDENCE_MISSING = define("support-evidence-missing", "A held support event has no evidence link.", "S-6")
EVIDENCE_URL = define("support-evidence-url", "An evidence link is not an http(s) address.", "S-6")
LEVEL_SKIPPED = define("support-level-skipped", "A support event skips a level (organisation → district → region → republic).", "S-8")
TOO_SHORT = define("support-too-short", "A support plan's period is shorter than the policy's minimum.", "S-1")
APPROVAL_ORDER = define("support-approval-order", "A plan was approved by the head before the methodological association discussed it.", "S-5")
EVENT_BEFORE_APPROVAL = define("support-event-before-approval", "A support event is dated before the plan was approved.", "S-5")
EVENT_OUTSIDE = define("support-event-outside-period", "A support event is dated outside the plan's period.", "S-1")
EVENT_FUTURE = define("support-event-future", "A support event is recorded as held on a future date.", "S-6")
EVENT_PENDING = define("support-event-pending", "A planned support event's date has passed without an outcome.", "S-6")
PLAN_DUPLICATE = define("support-plan-duplicate", "Two support plans are for the same teacher.", "S-5")
PLAN_PROGRAM = define("support-plan-program", "A support plan names a program the project does not have.", "S-1")
PLAN_ORGANIZATION = define("support-plan-organization", "A support plan names an organisation missing from data/organizations.csv.", "S-10")


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def plan_findings(plan: SupportPlan, ctx: Context) -> Iterator[Finding]:
    policy = ctx.policy
    checklist = list(policy.support.direction_ids)
    lo, hi = policy.support.directions_min, policy.support.directions_max
    n = len(plan.directions)
    if "directions" in plan.lines and not lo <= n <= hi:
        yield error(plan.path, plan.line_of("directions"), DIRECTIONS_COUNT,
                    t("the teacher chooses {lo}–{hi} support directions from the checklist, not {n}", lo=lo, hi=hi, n=n))
    for d in plan.directions:
        if d not in checklist:
            yield error(plan.path, plan.line_of("directions"), DIRECTION_UNKNOWN,
                        t("direction {d!r} is not on the policy's checklist; use one of: {checklist}", d=d, checklist=', '.join(checklist)))
    active = [e for e in plan.events if e.status != SupportEventStatus.CANCELLED.value]
    minimum = policy.support.min_events
    if "events" in plan.lines and len(active) < minimum:
        yield error(plan.path, plan.line_of("events"), THIN_PLAN,
                    t("the plan holds {count} event(s) (cancelled ones not counted); it needs at least {minimum}", count=len(active), minimum=minimum))
    if plan.starts and plan.ends:
        months = policy.support.min_months
        # inclusive period: 2026-06-01 … 2027-05-31 is one full calendar year
        if plan.ends < add_months(plan.starts, months) - dt.timedelta(days=1):
            yield error(plan.path, plan.line_of("ends"), TOO_SHORT,
                        t("support runs from {starts} to {ends}; it lasts at least {months} months (until {value} or later)", starts=plan.starts, ends=plan.ends, months=months, value=add_months(plan.starts, months) - dt.timedelta(days=1)))
    ap = plan.approval
    approved_on = ap.head_date if ap else None
    if ap and ap.association_date and ap.head_date and ap.head_date < ap.association_date:
        yield error(plan.path, ap.head_line, APPROVAL_ORDER,
                    t("the head approved the plan on {head_date}, before the methodological association discussed it on {association_date}", head_date=ap.head_date, association_date=ap.association_date))
    held_rank = planned_rank = 0  # the highest level reached so far (held; held or planned)
    for e in sorted(plan.events, key=lambda e: (e.date, e.line)):
        if e.held and not e.evidence:
            yield error(plan.path, e.line, EVIDENCE_MISSING,
                        t("the {kind} of {date} is held: add the link to its published materials under 'evidence' (and send it to the curator)", kind=e.kind, date=e.date))
        for ev in e.evidence:
            if not ev.url.startswith(("https://", "http://")):
                yield error(plan.path, ev.line, EVIDENCE_URL, t("evidence link {url!r} must start with https://", url=ev.url))
        # a held event needs a held event one level below; a planned one, one planned or held below
        before = held_rank if e.held else planned_rank
        if e.status != SupportEventStatus.CANCELLED.value and e.rank > before + 1:
            below = list(SupportLevel)[e.rank - 1].value
            done = t("held") if e.held else t("held or planned")
            yield error(plan.path, e.line, LEVEL_SKIPPED,
                        t("the {kind} of {date} is at {level} level, but no {below}-level event is {done} before it; a positive review at one level opens the next", kind=e.kind, date=e.date, level=e.level, below=below, done=done))
        if e.status != SupportEventStatus.CANCELLED.value:
            planned_rank = max(planned_rank, e.rank)
        if e.held:
            held_rank = max(held_rank, e.rank)
            if e.date > ctx.today:
                yield error(plan.path, e.line, EVENT_FUTURE,
                            t("the {kind} is recorded as held on {date}, after today ({today})", kind=e.kind, date=e.date, today=ctx.today))
        elif e.status == SupportEventStatus.PLANNED.value and e.date < ctx.today:
            yield warning(plan.path, e.line, EVENT_PENDING,
                          t("the {kind} planned for {date} has passed: record it as held (with evidence) or cancelled", kind=e.kind, date=e.date))
        if approved_on and e.date < approved_on:
            yield warning(plan.path, e.line, EVENT_BEFORE_APPROVAL,
                          t("the {kind} on {date} is before the head approved the plan on {approved_on}", kind=e.kind, date=e.date, approved_on=approved_on))
        if plan.starts and plan.ends and not plan.starts <= e.date <= plan.ends:
            yield warning(plan.path, e.line, EVENT_OUTSIDE,
                          t("the {kind} on {date} is outside the plan's period {starts} … {ends}", kind=e.kind, date=e.date, starts=plan.starts, ends=plan.ends))


@check
def support_plans(ctx: Context) -> Iterator[Finding]:
    data = ctx.support
    yield from data.findings
    programs = ctx.project.program_map
    seen: dict[str, SupportPlan] = {}
    for plan in data.plans:
        yield from plan_findings(plan, ctx)
        if plan.teacher in seen:
            yield error(plan.path, plan.line_of("teacher"), PLAN_DUPLICATE,
                        t("teacher {teacher!r} already has a plan in {path}; keep one plan", teacher=plan.teacher, path=seen[plan.teacher].path))
        else:
            seen[plan.teacher] = plan
        if plan.program and programs and plan.program not in programs:
            yield warning(plan.path, plan.line_of("program"), PLAN_PROGRAM,
                          t("program {program!r} is not in programs/; use the id of the course the teacher took", program=plan.program))
        if plan.organization and data.organizations and plan.organization not in data.organizations:
            yield warning(plan.path, plan.line_of("organization"), PLAN_ORGANIZATION,
                          t("organisation {organization!r} is not in data/organizations.csv", organization=plan.organization))
