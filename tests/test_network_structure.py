"""N-3: the network's structure — a coordination centre at the regional branch, its trainers as network
leaders, the leading school, its partner schools, the users — is checked and shown on the network's page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown

from ustaz.checks import Context, run
from ustaz.project import Project
from ustaz.site.contrib.networks import network_pages

CENTRES = "data/networks/centres.csv"
ORGS = "data/organizations.csv"
STRUCTURE = ("network-no-centre", "network-centre-no-leaders", "network-centre-leader", "network-region-mismatch")


def _found(root: Path) -> set[tuple[str, str, int | None]]:
    ctx = Context(project=Project.load(root), today=dt.date(2026, 11, 23))
    return {(f.code, f.path, f.line) for f in run(ctx) if f.code in STRUCTURE}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_n3_the_shipped_structure_is_complete(project: Path) -> None:
    assert _found(project) == set()


def test_n3_every_broken_level_of_the_structure_is_a_finding(project: Path) -> None:
    centres = project / CENTRES
    _replace(centres, ",ivan-primer\n", ",\n")  # line 3 (Almaty): no leaders
    _replace(centres, "(ойдан шығарылған),Координационный центр филиала центра «Пример» в Акмолинской области "
                      "(вымышленный),aigerim-test", "(ойдан шығарылған),Координационный центр филиала центра "
                      "«Пример» в Акмолинской области (вымышленный),nobody")  # line 4: an unknown leader
    orgs = project / ORGS
    _replace(orgs, "ast-school-103,№ 103 жалпы білім беретін мектеп (ойдан шығарылған),"
                   "Общеобразовательная школа № 103 (вымышленная),KZ-71",
             "ast-school-103,№ 103 жалпы білім беретін мектеп (ойдан шығарылған),"
             "Общеобразовательная школа № 103 (вымышленная),KZ-75")  # line 4: a partner in another region
    lines = centres.read_text(encoding="utf-8").splitlines()
    found = _found(project)
    assert ("network-centre-no-leaders", CENTRES, 3) in found
    assert ("network-centre-leader", CENTRES, 4) in found
    assert ("network-region-mismatch", ORGS, 4) in found
    # without its centre, the Astana leading school's region has no coordination centre
    centres.write_text("\n".join(line for line in lines if not line.startswith("centre-astana")) + "\n",
                       encoding="utf-8")
    assert ("network-no-centre", ORGS, 2) in _found(project)


def test_n3_the_network_page_shows_centre_leaders_schools_and_users(project: Path) -> None:
    ctx = Context(project=Project.load(project), today=dt.date(2026, 11, 23))
    pages = {p.path: p.content for p in network_pages(ctx)}
    for path, leader, partners in (("ru/networks/ast-school-101.md", "Тестова А. Б. (вымышленная)", 4),
                                   ("ru/networks/alm-gymnasium-21.md", "Примеров И. В. (вымышленный)", None)):
        html = markdown.markdown(pages[path])
        assert "Координационный центр:</strong>" in html
        assert f"Лидеры сети (тренеры центра):</strong> {leader}" in html
        assert "Пользователи:</strong> все педагоги школ сети" in html
        if partners is not None:
            assert f"Партнёрские школы:</strong> {partners}" in html
    _replace(project / CENTRES, ",ivan-primer\n", ",\n")
    pages = {p.path: p.content for p in network_pages(Context(project=Project.load(project),
                                                               today=dt.date(2026, 11, 23)))}
    assert "Лидеры сети" not in pages["ru/networks/alm-gymnasium-21.md"]
