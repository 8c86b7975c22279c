"""The monitoring report (M-6): SVG charts rendered in real headless Chromium, the .docx read back with
python-docx, and the council's decision recorded as a `reviewed` lifecycle event (P-11)."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, run_ustaz
from docx import Document

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "out" / "screenshots"  # git-ignored; look at them after a run
COUNCIL = Path(__file__).parent / "fixtures" / "monitoring" / "council.yml"


@pytest.fixture
def council(project: Path) -> Path:
    """The council met (M-6): its decision sits beside the survey run."""
    target = project / "examples" / "private" / "monitoring" / "2026-impact" / "council.yml"
    shutil.copy(COUNCIL, target)
    return project


def _report(project: Path, out: Path, lang: str = "ru") -> None:
    result = run_ustaz("monitoring", "report", "2026-impact", "--out", str(out), "--lang", lang,
                       "--date", "2026-11-23", cwd=project)
    assert result.returncode == 0, result.stderr


def _stats(project: Path) -> dict:  # type: ignore[type-arg]
    out = run_ustaz("monitoring", "survey", "2026-impact", "--format", "json", cwd=project)
    return json.loads(out.stdout)["programs"][0]


def test_m6_report_files_and_charts_are_wellformed_svg(project: Path, tmp_path: Path) -> None:
    _report(project, tmp_path / "r")
    charts = sorted(p.name for p in (tmp_path / "r" / "charts").glob("*.svg"))
    assert charts == ["response-rate.svg", "robotics-basics-club-program.svg", "robotics-basics-competitions.svg",
                      "robotics-basics-programming.svg", "robotics-basics-targets.svg",
                      "robotics-basics-useful-support.svg"]
    ns = "{http://www.w3.org/2000/svg}"
    for name in charts:
        root = ET.parse(tmp_path / "r" / "charts" / name).getroot()
        assert root.tag == f"{ns}svg" and root.find(f"{ns}title") is not None
    targets = ET.parse(tmp_path / "r" / "charts" / "robotics-basics-targets.svg").getroot()
    texts = " ".join(t.text or "" for t in targets.iter(f"{ns}text"))
    for q in _stats(project)["questions"]:
        if q["mean"] is not None:
            assert f"{q['mean']:.2f} / цель {q['target']:.1f}" in texts
            assert ("✓ достигнуто" if q["met"] else "✗ не достигнуто") in texts


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is needed (scripts/install-system-deps.sh)")
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_m6_charts_render_in_chromium_and_every_label_fits(project: Path, tmp_path: Path, lang: str) -> None:
    """The report in real headless Chromium: each chart has a size, every text lies inside its chart,
    and no value label is written over a target tick. A screenshot is kept in out/screenshots/."""
    from playwright.sync_api import sync_playwright

    _report(project, tmp_path / "r", lang)
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                       args=FLAGS, headless=True,
                                                       viewport={"width": 1000, "height": 1400})
        page = browser.new_page()
        page.goto((tmp_path / "r" / "report.html").as_uri())
        problems = page.evaluate("""() => {
            const out = [];
            const svgs = [...document.querySelectorAll('svg')];
            for (const svg of svgs) {
                const box = svg.viewBox.baseVal;
                const r = svg.getBoundingClientRect();
                if (r.width < 300 || r.height < 80) out.push('tiny chart ' + svg.getAttribute('aria-label'));
                const ticks = [...svg.querySelectorAll('line[stroke-width="3"]')].map(l => l.getBBox());
                for (const t of svg.querySelectorAll('text')) {
                    const b = t.getBBox();
                    if (b.x < 0 || b.y < 0 || b.x + b.width > box.width + 0.5 || b.y + b.height > box.height + 0.5)
                        out.push('outside: ' + t.textContent);
                    for (const k of ticks)
                        if (b.x < k.x + k.width && k.x < b.x + b.width && b.y < k.y + k.height && k.y < b.y + b.height)
                            out.push('over a tick: ' + t.textContent);
                }
            }
            return {count: svgs.length, problems: out};
        }""")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"monitoring-report-{lang}.png"), full_page=True)
        browser.close()
    assert problems["count"] == 6
    assert problems["problems"] == []


def test_m6_docx_reads_back_with_the_same_numbers(council: Path, tmp_path: Path) -> None:
    """M-6: the .docx for the council carries the summary, per-question results and the decision."""
    project = council
    _report(project, tmp_path / "r", "en")
    doc = Document(str(tmp_path / "r" / "report.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:2] == ["Monitoring of program effectiveness", "Summary"]
    assert "Decision of the methodological council" in headings
    stats = _stats(project)
    summary = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert summary[0] == ["Program", "Responses", "Invited", "Response rate", "Expected results reached"]
    met = sum(1 for q in stats["questions"] if q["met"])
    judged = sum(1 for q in stats["questions"] if q["met"] is not None)
    assert summary[1][1:] == [str(stats["responses"]), "14", f"{100 * stats['response_rate']:.0f}%",
                              f"{met} / {judged}"]
    per_question = [[c.text for c in row.cells] for row in doc.tables[1].rows][1:]
    for row, q in zip(per_question, stats["questions"]):
        assert row[2] == str(q["answered"])
        if q["mean"] is not None:
            assert row[3] == f"{q['mean']:.2f}" and row[5].endswith("reached")
    dist = [[c.text for c in row.cells] for row in doc.tables[2].rows][1:]
    assert [r[1].split(" ")[0] for r in dist] == [str(v) for v in stats["questions"][0]["distribution"].values()]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert '- {event: reviewed, date: 2026-11-20, decision: update, protocol: "5", order: "…"}' in body


def _record_review(project: Path, decision: str) -> None:
    yml = project / "programs" / "robotics-basics" / "program.yml"
    text = yml.read_text(encoding="utf-8").rstrip("\n")
    yml.write_text(text + f'\n  - {{event: reviewed, date: 2026-11-23, decision: {decision}, protocol: "5", '
                          'order: "88"}\n', encoding="utf-8")


def test_p11_council_decision_recorded_as_reviewed_event(council: Path) -> None:
    """M-6 → P-11: until the `reviewed` event is in the lifecycle a warning says what to add; once added,
    the warning goes and the P-11 review deadline is met (the next one runs from the review)."""
    project = council
    before = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "warning council-decision-unrecorded" in before.stdout
    yml = project / "programs" / "robotics-basics" / "program.yml"
    assert yml.read_text(encoding="utf-8").rstrip().splitlines()[-1].lstrip().startswith("- {event:"), \
        "the example program's lifecycle is expected to be its last key"
    _record_review(project, "update")
    after = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "council-decision" not in after.stdout and after.returncode == 0, after.stdout
    deadlines = json.loads(run_ustaz("deadlines", "--today", "2026-11-23", "--format", "json",
                                     cwd=project).stdout)["deadlines"]
    p11 = [d for d in deadlines if d["rule"] == "P-11"]
    assert {"due": "2029-05-07", "status": "met"}.items() <= {k: p11[0][k] for k in ("due", "status")}.items()
    assert p11[-1]["due"] == "2029-11-23" and p11[-1]["status"] == "open"


def test_p11_recorded_decision_must_match_the_council(council: Path) -> None:
    project = council
    _record_review(project, "revoke")
    out = run_ustaz("check", "--today", "2026-11-23", cwd=project)
    assert "error council-decision-mismatch: the 'reviewed' event records 'revoke' but the council's protocol 5 " \
           "decided 'update'" in out.stdout


def test_m6_report_without_a_council_decision_says_so(project: Path, tmp_path: Path) -> None:
    _report(project, tmp_path / "r", "en")
    text = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "The council has not decided yet" in text and "event: reviewed" not in text
