"""N-5: the coordination centres' monitoring research of how trained teachers adapt the key ideas
(data/networks/research.csv): Table Schema, loader, findings with their lines, site section."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, run_ustaz
from site_fixtures import BUILD_DAY, copy_project

from ustaz.checks import Context
from ustaz.networks.model import Networks
from ustaz.project import Project
from ustaz.site.contrib.networks import network_pages
from ustaz.vocab import ResearchMethod, ResearchStatus

TODAY = "2026-11-23"
RESEARCH = "data/networks/research.csv"
HEADER = "id,centre,title_kk,title_ru,program,method,started,ended,teachers,report\n"


def findings(project: Path) -> list[dict[str, object]]:
    res = run_ustaz("check", "--today", TODAY, "--format", "json", cwd=project)
    assert "Traceback" not in res.stderr, res.stderr
    return [f for f in json.loads(res.stdout)["findings"] if f["path"].startswith("data/")]


def study(i: str, centre: str = "centre-astana", program: str = "robotics-basics", method: str = "survey",
          started: str = "2026-01-15", ended: str = "", teachers: str = "20", report: str = "") -> str:
    return f"{i},Зерттеу {i},Исследование {i},{program},{method},{started},{ended},{teachers},{report}\n".replace(
        f"{i},Зерттеу", f"{i},{centre},Зерттеу", 1)


def write_research(project: Path, *rows: str) -> None:
    (project / RESEARCH).write_text(HEADER + "".join(rows), encoding="utf-8")


def test_the_shipped_studies_load_and_are_clean_N5(project: Path) -> None:
    nets, problems = Networks.load(project)
    assert problems == []
    assert [(s.id, s.centre, s.program, s.method, s.teachers, s.line) for s in nets.research] == [
        ("ast-2025-robotics-adaptation", "centre-astana", "robotics-basics", "mixed", 36, 2),
        ("alm-2026-eco-lessons", "centre-almaty", "ecological-biological", "lesson-observation", 24, 3)]
    ended, running = nets.research
    assert ended.started == dt.date(2025, 9, 15) and ended.ended == dt.date(2026, 5, 29)
    assert running.ended is None and running.report == ""
    assert ended.title("kk").startswith("Оқытылған") and ended.title("en").startswith("Адаптация")
    assert findings(project) == []


def test_status_is_derived_from_the_dates_N5(project: Path) -> None:
    nets, _ = Networks.load(project)
    done, running = nets.research
    assert done.status(dt.date(2025, 9, 14)) is ResearchStatus.PLANNED
    assert done.status(dt.date(2025, 9, 15)) is ResearchStatus.RUNNING
    assert done.status(dt.date(2026, 5, 28)) is ResearchStatus.RUNNING
    assert done.status(dt.date(2026, 5, 29)) is ResearchStatus.ENDED
    assert running.status(dt.date(2030, 1, 1)) is ResearchStatus.RUNNING  # no end date: still running


def test_schema_method_enum_is_the_vocabulary_N5() -> None:
    data = json.loads((ROOT / "data" / "schemas" / "network-research.json").read_text(encoding="utf-8"))
    enum = next(f["constraints"]["enum"] for f in data["fields"] if f["name"] == "method")
    assert enum == [m.value for m in ResearchMethod]
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == "network-research")
    assert res["path"] == "networks/research.csv" and res["schema"] == "schemas/network-research.json"


def test_each_finding_names_the_studys_line_N5(project: Path) -> None:
    (project / "content" / "reports").mkdir(parents=True)
    (project / "content" / "reports" / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    write_research(project,
                   study("s-fine", ended="2026-06-01", report="https://example.org/r"),        # line 2
                   study("s-centre", centre="centre-nowhere"),                                 # line 3
                   study("s-dates", started="2026-05-01", ended="2026-04-30"),                 # line 4
                   study("s-ended", ended="2026-06-01"),                                       # line 5: no report
                   study("s-program", program="no-such-program"),                              # line 6
                   study("s-direction", program="musical"),                                    # line 7: a direction
                   study("s-path", ended="2026-06-01", report="reports/ok.pdf"),               # line 8
                   study("s-missing", ended="2026-06-01", report="reports/gone.pdf"),          # line 9
                   study("s-escape", report="reports/../../data/policy.yml"),                  # line 10: leaves content/
                   study("s-future", started="2027-01-10", ended="2027-06-01"),                # line 11: planned
                   study("s-running", ended="2027-06-01"))                                     # line 12
    got = [(f["code"], f["severity"], f["line"]) for f in findings(project)]
    assert got == [
        ("research-centre-unknown", "error", 3),
        ("research-dates", "error", 4),
        ("research-no-report", "warning", 5),
        ("research-program-unknown", "error", 6),
        ("research-report-missing", "error", 9),
        ("research-report-missing", "error", 10),
    ]
    text = run_ustaz("check", "--today", TODAY, cwd=project).stdout
    assert ("data/networks/research.csv:3: error research-centre-unknown: study s-centre names centre "
            "'centre-nowhere', which is not in data/networks/centres.csv") in text
    assert "data/networks/research.csv:4: error research-dates: study s-dates ends on 2026-04-30, before" in text
    assert "data/networks/research.csv:5: warning research-no-report: study s-ended ended on 2026-06-01" in text
    assert "data/networks/research.csv:6: error research-program-unknown: study s-program follows" in text


def test_bad_cells_are_schema_findings_on_their_line_N5(project: Path) -> None:
    write_research(project,
                   study("s-method", method="questionnaire"),   # line 2
                   study("s-zero", teachers="0"),                # line 3: at least 1
                   study("s-date", started="2026-02-30"),        # line 4
                   study("s-link", report="http://x.org/r"),     # line 5: https only
                   study("s-method", method="survey"),           # line 6: duplicate id
                   "s-short,centre-astana,А,Б\n")                # line 7
    got = [(f["code"], f["line"]) for f in findings(project)]
    assert got == [("table-value", 2), ("table-value", 3), ("table-value", 4),
                   ("table-value", 5), ("table-unique", 6),
                   ("table-row", 7)]  # a short row is the row's finding (was data-table-value before issue #20)


def test_unreadable_centres_do_not_cascade_N5(project: Path) -> None:
    (project / "data" / "networks" / "centres.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    codes = [f["code"] for f in findings(project)]
    assert "table-header" in codes and "research-centre-unknown" not in codes


def test_frictionless_agrees_with_the_fast_path_N5(project: Path) -> None:
    """The shipped research table is valid for frictionless, and it flags the same broken rows as ustaz
    (enum, minimum, date, pattern, unique, and the centre's foreign key)."""
    from frictionless import Package

    assert Package(str(project / "data" / "datapackage.json")).validate().valid
    write_research(project,
                   study("s-fine"),                                # line 2
                   study("s-method", method="questionnaire"),      # line 3
                   study("s-zero", teachers="0"),                  # line 4
                   study("s-link", report="http://x.org/r"),       # line 5
                   study("s-fine"),                                # line 6: duplicate
                   study("s-centre", centre="centre-nowhere"))     # line 7: foreign key
    report = Package(str(project / "data" / "datapackage.json")).validate()
    task = next(t for t in report.tasks if t.name == "network-research")
    theirs = sorted({e.row_number for e in task.errors if hasattr(e, "row_number")})
    ours = sorted({f["line"] for f in findings(project) if f["severity"] == "error"})
    assert theirs == ours == [3, 4, 5, 6, 7]


def test_ustaz_own_schema_is_used_without_published_schemas_N5(project: Path) -> None:
    (project / "data" / "schemas" / "network-research.json").unlink()
    write_research(project, study("s-method", method="questionnaire"))
    assert [(f["code"], f["line"]) for f in findings(project)] == [("table-value", 2)]


def _pages(root: Path) -> dict[str, str]:
    ctx = Context(project=Project.load(root), today=dt.date(2026, 11, 23))
    return {p.path: markdown.markdown(p.content, extensions=["tables"]) for p in network_pages(ctx)}


def test_the_network_pages_show_their_centres_studies_in_every_language_N5(project: Path) -> None:
    got = _pages(project)
    ru = got["ru/networks/ast-school-101.md"]
    assert "<h2>Мониторинговые исследования</h2>" in ru
    assert "Адаптация ключевых идей программы «Основы робототехники»" in ru
    assert "Смешанные методы" in ru and "Завершено" in ru and "<td>36</td>" in ru
    assert '<a href="https://example.org/networks/research/ast-2025-robotics-adaptation">Отчёт</a>' in ru
    assert "Наблюдение уроков учителей" not in ru  # the Almaty centre's study is on the Almaty network's page
    kk = got["networks/alm-gymnasium-21.md"]
    assert "<h2>Мониторингтік зерттеулер</h2>" in kk and "Сабақты бақылау" in kk and "Жүріп жатыр" in kk
    assert "Экологиялық-биологиялық" in kk  # the direction's name in Kazakh
    en = got["en/networks/index.md"]
    assert "<h2>Monitoring research</h2>" in en and "Lesson observation" in en and "Running" in en
    assert en.count("<tr>") == 3 + 1 + 2 + 1  # the networks table and the two studies, each with a header
    akm = got["networks/akm-ulgi-school.md"]
    assert "<h2>Мониторингтік зерттеулер</h2>" in akm and "Әзірге жоқ." in akm


@pytest.fixture(scope="module")
def research_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with one more study whose report is a published file under content/."""
    root = copy_project(tmp_path_factory.mktemp("research") / "project")
    (root / "content" / "reports").mkdir()
    (root / "content" / "reports" / "akm-2026.pdf").write_bytes(b"%PDF-1.4\n% fictional report\n")
    with (root / RESEARCH).open("a", encoding="utf-8") as fh:
        fh.write(study("akm-2026-interviews", centre="centre-akmola", method="interview", started="2026-02-01",
                       ended="2026-06-30", teachers="12", report="reports/akm-2026.pdf"))
    res = run_ustaz("build", "--site-dir", str(root / "site"), cwd=root, env={"USTAZ_TODAY": BUILD_DAY})
    assert res.returncode == 0, res.stderr
    return root / "site"


def test_the_built_site_shows_the_research_table_and_links_the_report_N5(research_site: Path) -> None:
    page = (research_site / "ru" / "networks" / "akm-ulgi-school" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Мониторинговые исследования" in text and "Исследование akm-2026-interviews" in text
    assert "Интервью" in text and "2026-02-01 – 2026-06-30" in text
    link = re.search(r'<a href="([^"]*akm-2026\.pdf)"', page)
    assert link is not None
    target = (research_site / "ru" / "networks" / "akm-ulgi-school" / link.group(1)).resolve()
    assert target == (research_site / "reports" / "akm-2026.pdf").resolve() and target.is_file()
    index = (research_site / "networks" / "index.html").read_text(encoding="utf-8")
    assert "Мониторингтік зерттеулер" in index and "ast-2025-robotics-adaptation" in index


def test_a_missing_report_file_is_not_linked_so_the_strict_build_holds_N5(project: Path) -> None:
    """`ustaz check` reports research-report-missing; the page shows no dead link (mkdocs --strict would
    stop on it), while a present file is linked relative to each page's folder."""
    (project / "content" / "reports").mkdir(parents=True)
    (project / "content" / "reports" / "here.pdf").write_bytes(b"%PDF-1.4\n")
    write_research(project, study("s-here", ended="2026-06-01", report="reports/here.pdf"),
                   study("s-gone", ended="2026-06-01", report="reports/gone.pdf"))
    got = _pages(project)
    assert '<a href="../reports/here.pdf">Есеп</a>' in got["networks/ast-school-101.md"]
    assert '<a href="../../reports/here.pdf">Отчёт</a>' in got["ru/networks/ast-school-101.md"]
    for page in got.values():
        assert "gone.pdf" not in page
