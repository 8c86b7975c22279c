"""`ustaz compliance …`: the registry of clauses (what ustaz does for each), and the published standing."""

from __future__ import annotations

import json

import click

from ..compliance import (
    REGISTRY,
    STANDING_FILE,
    clause_note,
    clause_title,
    private_standing,
    public_standing,
    standing_yaml,
)
from ..findings import render
from ..i18n import N_, labels, language, t
from ..writefile import write_atomic
from .app import main
from .check import make_context

# where a clause is handled, as `ustaz compliance list` names it (the JSON keeps the values)
WHERE_VALUES = ("public", "private", "both", "judgement")
WHERE = N_("public|private|public and private|judgement")


@main.group("compliance")
def compliance_group() -> None:
    """Every clause of the regulations and what ustaz does for it; the centre's standing (counts only)."""


@compliance_group.command("list")
@click.option("--today", help="As of this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_cmd(today: str | None, fmt: str) -> None:
    """The registry: each clause with its findings, commands, pages, and the public standing."""
    from ..compliance import as_json

    ctx = make_context(today, None)
    standing, findings = public_standing(ctx)
    if findings:
        click.echo(render(findings, "text"), err=True)
    if fmt == "json":
        click.echo(json.dumps(as_json(standing), ensure_ascii=False, indent=2))
        return
    where = dict(zip(WHERE_VALUES, labels(WHERE)))
    for c in REGISTRY:
        click.echo(f"{c.id:<5} {clause_title(c, language()).text} [{where.get(c.where.value, c.where.value)}]")
        for template, items in ((N_("      findings: {items}"), c.findings), (N_("      commands: {items}"), c.commands),
                                (N_("      pages: {items}"), c.pages)):
            if items:
                click.echo(t(template, items=", ".join(items)))
        note = clause_note(c, language())
        if note is not None:
            click.echo(t("      note: {note}", note=note.text))
    for s in standing:
        if s.as_of:
            click.echo(t("standing {rule}: {open} open, {overdue} overdue as of {as_of}", rule=s.rule, open=s.open,
                         overdue=s.overdue, as_of=s.as_of))
        else:
            click.echo(t("standing {rule}: {open} open, {overdue} overdue (not published)", rule=s.rule, open=s.open,
                         overdue=s.overdue))


@compliance_group.command("publish")
@click.option("--today", help="As of this date (YYYY-MM-DD).")
@click.option("--private", "private", help="The private tree (default: $USTAZ_PRIVATE, private/, examples/private/).")
def publish_cmd(today: str | None, private: str | None) -> None:
    """Write data/compliance.yml: counts of the S-10 deadlines (reports due, overdue), computed with the private
    tree, for the public compliance page. Counts only, never an organisation or a teacher."""
    ctx = make_context(today, private)
    standing = private_standing(ctx)
    write_atomic(ctx.root / STANDING_FILE, standing_yaml(standing))
    for s in standing.values():
        click.echo(t("{standing_file}: {rule} {open} open, {overdue} overdue as of {as_of}", standing_file=STANDING_FILE, rule=s.rule, open=s.open, overdue=s.overdue, as_of=s.as_of), err=True)
