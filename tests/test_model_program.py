"""program.yml → Program holds vocabulary members, not strings (issue #20): a known value is the enum member,
an unknown or missing one is None after its finding; every vocabulary prints as its value."""

from __future__ import annotations

import enum
from pathlib import Path

import pytest

from ustaz import vocab
from ustaz.model.lifecycle import status
from ustaz.model.program import Program
from ustaz.vocab import Event, Form, LiteratureKind, Origin, Outcome, ProgramKind, ProgramStatus, ReviewDecision

PROGRAM = """\
id: demo-program
title: {ru: "Демо"}
direction: musical
audience: {ru: "Педагоги"}
kind: %(kind)s
hours: 80
form: %(form)s
languages: [ru]
authors: [{name: "A (fictional)"}]
modules:
  - {title: {ru: "Модуль"}, hours: {theory: 40, practice: 40}}
literature:
  - {ref: "Книга", year: 2024, kind: main, origin: foreign}
lifecycle:
  - {event: needs-analysis, date: 2026-01-15, protocol: "3"}
  - {event: development-ordered, date: 2026-01-20, order: "12", due: 2026-03-02}
  - {event: discussion-opened, date: 2026-03-02, url: "https://example.org/pull/1"}
  - {event: discussion-closed, date: 2026-03-18}
  - {event: submitted, date: 2026-03-20}
  - {event: expert-conclusion, date: 2026-04-10, outcome: %(outcome)s}
  - {event: approved, date: 2026-05-07, order: "41"}
  - {event: reviewed, date: 2027-05-07, decision: %(decision)s, protocol: "1", order: "2"}
"""


def load(tmp_path: Path, **values: str) -> tuple[Program | None, list[tuple[str, int | None]]]:
    folder = tmp_path / "programs" / "demo-program"
    folder.mkdir(parents=True)
    text = PROGRAM % ({"kind": "course", "form": "blended", "outcome": "agree", "decision": "update"} | values)
    (folder / "program.yml").write_text(text, encoding="utf-8")
    program, findings = Program.from_yaml(folder / "program.yml", tmp_path)
    return program, [(f.code, f.line) for f in findings]


def test_known_values_are_members(tmp_path: Path) -> None:  # P-1, P-9, P-11
    program, findings = load(tmp_path)
    assert findings == []
    assert program is not None
    assert program.kind is ProgramKind.COURSE and program.form is Form.BLENDED
    assert all(isinstance(e.event, Event) for e in program.lifecycle)
    assert program.lifecycle[0].event is Event.NEEDS_ANALYSIS
    conclusion = program.last(Event.EXPERT_CONCLUSION)
    assert conclusion is not None and conclusion.outcome is Outcome.AGREE and conclusion.decision is None
    reviewed = program.last("reviewed")  # a plain string still finds the event
    assert reviewed is not None and reviewed.decision is ReviewDecision.UPDATE
    assert (program.literature[0].kind, program.literature[0].origin) == (LiteratureKind.MAIN, Origin.FOREIGN)
    assert status(program) is ProgramStatus.APPROVED


def test_unknown_values_are_none_after_a_finding(tmp_path: Path) -> None:  # P-1, P-9, P-11
    program, findings = load(tmp_path, kind="seminar", form="by-post", outcome="maybe", decision="keep")
    assert findings == [("unknown-value", 5), ("unknown-value", 7), ("unknown-value", 20), ("unknown-value", 22)]
    assert program is not None
    assert program.kind is None and program.form is None
    conclusion, reviewed = program.last(Event.EXPERT_CONCLUSION), program.last(Event.REVIEWED)
    assert conclusion is not None and conclusion.outcome is None
    assert reviewed is not None and reviewed.decision is None
    # a conclusion without a known outcome leaves the state as it was; the recorded approval still moves it on
    assert status(program) is ProgramStatus.APPROVED


VOCABULARIES = [v for v in vars(vocab).values() if isinstance(v, type) and issubclass(v, enum.Enum)]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_vocabulary_prints_as_its_value(vocabulary: type[enum.Enum]) -> None:
    """Members end up in messages, templates, JSON and CSV: each must print exactly as the value it stands for."""
    for member in vocabulary:
        assert str(member) == f"{member}" == "{}".format(member) == member.value  # noqa: UP032
        assert member == member.value
