"""Re-assessment keeps every attempt (C-18) and a transfer carries the listener's documents (C-8, C-18):
issue 23."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_ustaz

KK = "examples/private/cohorts/2026-rb-kk-01"  # L03 passed neither test nor total: a reference
RU = "examples/private/cohorts/2026-rb-ru-01"  # R01 is L07 of 2026-rb-kk-01, transferred


def _results(project: Path) -> dict[str, dict[str, object]]:
    done = run_ustaz("course", "results", "2026-rb-kk-01", "--format", "json", "--today", "2026-11-23", cwd=project)
    return {r["listener"]: r for r in json.loads(done.stdout)["results"]}


def _errors(project: Path, folder: str) -> list[tuple[int, str]]:
    done = run_ustaz("check", "--today", "2026-11-23", "--format", "json", folder, cwd=project)
    return [(f["line"], f["code"]) for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]


def test_c18_a_reassessment_adds_an_attempt_and_the_last_counts(project: Path) -> None:
    scores = project / KK / "scores.csv"
    first = _results(project)["L03"]
    assert first["outcome"] == "reference"
    text = scores.read_text(encoding="utf-8")
    scores.write_text(text + "L03,40,10,40\n", encoding="utf-8")  # the second attempt, first kept
    line = text.count("\n") + 1
    assert _errors(project, KK) == [(line, "score-duplicate")]  # no re-assessment decided: one attempt only
    decisions = project / KK / "decisions.csv"
    decisions.write_text(decisions.read_text(encoding="utf-8") + "L03,reassessment,2026-11-02,,\n", encoding="utf-8")
    assert _errors(project, KK) == []
    again = _results(project)["L03"]
    assert (again["outcome"], again["test"]) == ("certificate", 40)
    assert scores.read_text(encoding="utf-8").startswith(text)  # every attempt kept
    scores.write_text(scores.read_text(encoding="utf-8") + "L03,40,10,40\n", encoding="utf-8")  # a third: no
    assert _errors(project, KK) == [(line + 1, "score-duplicate")]


def test_c8_a_transferred_listener_brings_their_documents(project: Path) -> None:
    listeners = project / RU / "listeners.csv"
    text = listeners.read_text(encoding="utf-8")
    r01 = next(ln for ln in text.splitlines() if ln.startswith("R01,"))
    listeners.write_text(text.replace(r01, r01.replace("true", "false")), encoding="utf-8")
    done = run_ustaz("check", "--today", "2026-12-01", "--format", "json", RU, cwd=project)
    about = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "listener-documents"]
    assert [f["message"].split(":")[0] for f in about] == ["listener R03 lacks"]  # R01's are in 2026-rb-kk-01
    decisions = project / KK / "decisions.csv"  # without the transfer, R01 is a new listener who owes them
    decisions.write_text("\n".join(ln for ln in decisions.read_text(encoding="utf-8").splitlines()
                                   if not ln.startswith("L07,")) + "\n", encoding="utf-8")
    done = run_ustaz("check", "--today", "2026-12-01", "--format", "json", RU, cwd=project)
    about = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "listener-documents"]
    assert sorted(f["message"].split(":")[0] for f in about) == ["listener R01 lacks", "listener R03 lacks"]
