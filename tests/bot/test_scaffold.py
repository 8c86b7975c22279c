"""`ustaz bot scaffold`: a proposal from the issue form → branch + draft PR, or a reply saying what to fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from ustaz.bot.github import GitHub3Service
from ustaz.bot.proposal import EARLIER_FIELDS, FIELDS, FORM_NAME, form_values
from ustaz.bot.scaffold import run_scaffold
from ustaz.model.program import Program

from .botkit import ROOT, context
from .fake_github import BOT_LOGIN, FakeGitHub

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-program.yml"
PERSONAL_DATA = "Жеке деректер / Персональные данные"


def rendered(values: dict[str, str], *, earlier: bool = False) -> str:
    """An issue body as GitHub renders a submitted form: `### Label`, a blank line, the value. The values are
    named by the form's earlier English labels; the form now shows them in kk and ru (unless `earlier`)."""
    now = {key: label for label, key in FIELDS.items()} | {"no_personal_data": PERSONAL_DATA}
    keys = {**EARLIER_FIELDS, "Personal data": "no_personal_data"}
    return "\n\n".join(f"### {label if earlier else now[keys[label]]}\n\n{value or '_No response_'}"
                         for label, value in values.items())


GOOD = {
    "Program id": "stem-lab",
    "Titles": "kk: STEM зертханасы\nru: STEM-лаборатория",
    "Direction": "scientific-technical",
    "Audience": "kk: Мектеп педагогтері\nru: Педагоги школ",
    "Kind": "course",
    "Hours": "80",
    "Form of training": "blended",
    "Languages": "kk, ru",
    "Authors": "Айгерім Тестова @aigerim-test\nIvan Primerov — @ivan-primer",
    "Needs-analysis protocol number": "5",
    "Needs-analysis protocol date": "2026-02-10",
    "Personal data": "- [X] This proposal holds no personal data.",
}


LABEL = {label: next(now for now, key in FIELDS.items() if key == EARLIER_FIELDS[label]) for label in EARLIER_FIELDS}


def bot_comments(fake: FakeGitHub, n: int) -> list[str]:
    return [c.body for c in fake.issue_comments if c.extra["issue"] == n and c.author == BOT_LOGIN]


def test_form_labels_are_the_parsers_labels() -> None:
    """The issue form and the parser name the same fields (P-3's order fields, P-2's protocol)."""
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    assert [x for x in labels if x != PERSONAL_DATA] == list(FIELDS)
    assert form["labels"] == ["proposal"] and form["name"] == FORM_NAME
    assert form_values(rendered(GOOD))["id"] == "stem-lab"
    # an issue opened with the earlier English form reads the same
    assert form_values(rendered(GOOD, earlier=True)) == form_values(rendered(GOOD))


def test_bad_proposal_gets_one_helpful_reply_then_a_fixed_one_gets_a_draft_pr(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """P-2/P-3: the proposal's fields are checked; what to fix is said field by field; fixing it scaffolds."""
    bad = {**GOOD, "Program id": "STEM Lab!", "Titles": "kk: STEM зертханасы", "Hours": "eighty",
           "Authors": "Айгерім Тестова", "Needs-analysis protocol date": "10.02.2026", "Direction": ""}
    n = fake.open_issue(title="Proposal: STEM", body=rendered(bad), author="aigerim-test", labels=["proposal"])
    policy = context(centre, "2026-02-11").policy
    out = run_scaffold(svc, policy, n)
    assert out.pull_request is None
    [reply] = bot_comments(fake, n)
    assert f"- **{LABEL['Program id']}**: 'STEM Lab!' must be 3–64 characters of a-z, 0-9 and '-'" in reply
    assert f"- **{LABEL['Titles']}**: give the ru version (a line `ru: …`)" in reply
    assert f"- **{LABEL['Direction']}**: this field is empty; fill it in" in reply
    assert f"- **{LABEL['Hours']}**: 'eighty' is not a whole number of hours" in reply
    assert f"- **{LABEL['Authors']}**: write each author as `Name Surname @login`" in reply
    assert f"- **{LABEL['Needs-analysis protocol date']}**: '10.02.2026' is not a date; write YYYY-MM-DD" in reply
    assert sorted(fake.labels[n]) == ["proposal", "proposal: needs changes"]
    assert set(fake.branches) == {"main"} and fake.pulls == {}

    writes = len(fake.writes())
    run_scaffold(svc, policy, n)
    assert len(fake.writes()) == writes, "the same bad input: nothing more changes"

    fake.issues[n].body = rendered({**GOOD, "Hours": "72"})
    run_scaffold(svc, policy, n)
    assert f"- **{LABEL['Hours']}**: a course has 80 hours (C-6); you wrote 72" in bot_comments(fake, n)[0]

    fake.issues[n].body = rendered(GOOD)
    out = run_scaffold(svc, policy, n)
    assert out.pull_request is not None
    pr = fake.pulls[out.pull_request]
    assert pr.extra["draft"] is True and pr.extra["head"] == "program/stem-lab" and f"#{n}" in pr.body
    tree = fake.tree("program/stem-lab")
    assert {p for p in tree if p.startswith("programs/")} == {
        "programs/stem-lab/program.yml", "programs/stem-lab/program.kk.md", "programs/stem-lab/program.ru.md"}
    folder = centre / "programs" / "stem-lab"
    folder.mkdir(parents=True)
    (folder / "program.yml").write_text(tree["programs/stem-lab/program.yml"], encoding="utf-8")
    program, findings = Program.from_yaml(folder / "program.yml", centre)
    assert findings == [] and program is not None
    assert dict(program.title) == {"kk": "STEM зертханасы", "ru": "STEM-лаборатория"}
    assert [(a.name, a.github) for a in program.authors] == [("Айгерім Тестова", "aigerim-test"),
                                                             ("Ivan Primerov", "ivan-primer")]
    assert [(e.event, str(e.date), e.protocol) for e in program.lifecycle] == [("needs-analysis", "2026-02-10", "5")]
    assert "## Жалпы ережелер" in tree["programs/stem-lab/program.kk.md"]
    [reply] = bot_comments(fake, n)  # the same comment, edited
    assert "Skeleton ready" in reply and f"#{out.pull_request}" in reply
    assert sorted(fake.labels[n]) == ["proposal", "proposal: scaffolded"]

    writes = len(fake.writes())
    again = run_scaffold(svc, policy, n)
    assert again.changes == [] and len(fake.writes()) == writes


def test_scaffold_refuses_a_taken_id_and_ignores_unlabelled_issues(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    fake.commit("main", {"programs/stem-lab/program.yml": "id: stem-lab\n"})
    policy = context(centre, "2026-02-11").policy
    n = fake.open_issue(title="Proposal", body=rendered(GOOD), author="aigerim-test", labels=["proposal"])
    run_scaffold(svc, policy, n)
    assert "programs/stem-lab already exists" in bot_comments(fake, n)[0]
    other = fake.open_issue(title="Question", body=rendered(GOOD), author="someone")
    assert run_scaffold(svc, policy, other).changes == []
    assert bot_comments(fake, other) == []


def test_not_a_form_at_all(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    n = fake.open_issue(title="Proposal", body="Please make a course about robots", author="x", labels=["proposal"])
    run_scaffold(svc, context(centre, "2026-02-11").policy, n)
    assert f"open the issue with the form «{FORM_NAME}»" in bot_comments(fake, n)[0]
