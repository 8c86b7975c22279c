"""The fake GitHub answers as GitHub does: every response it gave in a full run of the bot validates
against the response schema of GitHub's OpenAPI description (npm @octokit/openapi, vendored by
payloads/regenerate.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ustaz.bot.deadline_issues import run_deadlines
from ustaz.bot.github import GitHub3Service
from ustaz.bot.pr import run_discussion
from ustaz.bot.scaffold import run_scaffold

from .botkit import HERE, at, context
from .fake_github import FakeGitHub
from .payloads.regenerate import OPERATIONS

SCHEMAS = json.loads((HERE / "payloads" / "schemas.json").read_text(encoding="utf-8"))


def validator(operation: str) -> jsonschema.Draft202012Validator:
    schema = {"$defs": SCHEMAS["$defs"], **SCHEMAS["responses"][operation]}
    return jsonschema.Draft202012Validator(schema)


def full_run(fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    """Scaffold a proposal, discuss the program until the record is written, file a deadline issue."""
    from . import test_scaffold
    from .test_discussion_p6 import FOLDER

    n = fake.open_issue(title="Proposal", body=test_scaffold.rendered(test_scaffold.GOOD), author="aigerim-test",
                        labels=["proposal"])
    pr = run_scaffold(svc, context(centre, "2026-03-13").policy, n).pull_request
    assert pr is not None
    branch = fake.pulls[pr].extra["head"]
    text = fake.tree(branch)["programs/stem-lab/program.yml"]
    text += f'  - {{event: discussion-opened, date: 2026-03-16, url: "{fake.web}/pull/{pr}"}}\n'
    fake.commit(branch, {"programs/stem-lab/program.yml": text})
    s1 = fake.review_comment(pr, "methodist-demo", "Add a module on sensors.", at("2026-03-17"),
                             path=f"{FOLDER}/program.yml")
    fake.review_comment(pr, "aigerim-test", "Accepted.", at("2026-03-18"), reply_to=s1)
    fake.review(pr, "expert-demo", "Looks fine.", when=at("2026-03-18"))
    fake.comment(pr, "aigerim-test", "> Looks fine.\n\nAccepted", at("2026-03-19"))
    for day in ("2026-03-17", "2026-04-06"):
        run_discussion(svc, context(centre, day), pr)
    from . import test_deadline_issues

    test_deadline_issues.write_program(centre, test_deadline_issues.ORDER)
    for day in ("2026-03-16", "2026-03-17"):  # opens the issue, then updates it
        run_deadlines(svc, context(centre, day))
    svc.open_pull_requests()


def test_every_answer_of_the_fake_matches_githubs_openapi_schema(
        fake: FakeGitHub, svc: GitHub3Service, centre: Path) -> None:
    full_run(fake, svc, centre)
    answered = [r for r in fake.log if r.status < 300 and r.status != 204]  # 204: no content to check
    assert answered and all(r.operation for r in answered)
    for r in answered:
        errors = sorted(validator(r.operation).iter_errors(r.body), key=str)
        assert not errors, f"{r.method} {r.path} ({r.operation}): {errors[0].message} at {list(errors[0].path)}"
    used = {r.operation for r in answered}
    assert used == set(OPERATIONS), f"operations the run did not exercise: {set(OPERATIONS) - used}"


@pytest.mark.parametrize("operation", ["pulls/get", "issues/list-comments", "repos/create-commit-status"])
def test_the_schema_check_catches_an_incomplete_payload(operation: str) -> None:
    """The validation is not vacuous: the example passes, the same without a required field fails."""
    examples: dict[str, Any] = json.loads((HERE / "payloads" / "examples.json").read_text(encoding="utf-8"))
    good = copy.deepcopy(examples[operation])
    assert not list(validator(operation).iter_errors(good))
    item = good[0] if isinstance(good, list) else good
    item.pop("id")
    assert any("'id' is a required property" in e.message for e in validator(operation).iter_errors(good))
