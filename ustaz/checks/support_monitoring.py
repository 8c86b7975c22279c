"""Monitoring data in `ustaz check`: survey exports (M-4) and the council's decisions (M-6 → P-11)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error, warning
from ..i18n import t
from ..monitoring.council import load_council
from ..monitoring.survey import load_survey, survey_folders
from ..vocab import Event
from . import Context, check

DECISION_UNRECORDED = define("council-decision-unrecorded",
                             "A council decision on a program has no matching 'reviewed' lifecycle event yet.", "P-11")
DECISION_MISMATCH = define("council-decision-mismatch",
                           "A program's 'reviewed' event records another decision than the council's protocol.", "P-11")
COUNCIL_PROGRAM = define("council-program", "A council decision names a program the project does not have.", "M-6")


@check
def monitoring_runs(ctx: Context) -> Iterator[Finding]:
    programs = ctx.project.program_map
    for folder in survey_folders(ctx.project.private_dir):
        _, findings = load_survey(folder, ctx.root, set(programs))
        yield from findings
        council, more = load_council(folder, ctx.root)
        yield from more
        if council is None:
            continue
        for d in council.decisions:
            program = programs.get(d.program)
            if program is None:
                yield error(council.path, d.line, COUNCIL_PROGRAM, t("program {program!r} is not in programs/", program=d.program))
                continue
            events = [e for e in program.events(Event.REVIEWED)
                      if e.protocol == council.protocol and e.date >= council.date]
            if not events:
                yield warning(council.path, d.line, DECISION_UNRECORDED,
                              t("the council decided '{decision}' for {program} (protocol {protocol}, {date}); once the director's order exists add to {path} lifecycle: {lifecycle_line}", decision=d.decision, program=d.program, protocol=council.protocol, date=council.date, path=program.path, lifecycle_line=council.lifecycle_line(d)))
            elif all(e.decision != d.decision for e in events):
                yield error(program.path, events[0].line, DECISION_MISMATCH,
                            t("the 'reviewed' event records '{decision}' but the council's protocol {protocol} decided '{decision2}' ({path})", decision=events[0].decision or "", protocol=council.protocol, decision2=d.decision, path=council.path))
