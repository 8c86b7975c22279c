"""Links from content pages to the repository's issue forms (issue 17: the teacher's route starts at a form).

A content page writes `[text](#issue-form=propose-program)` (a fragment: safe and inert wherever it is not
replaced); the site links it to
`https://github.com/OWNER/REPO/issues/new?template=propose-program.yml` of the centre's repository (the same
repository the pull-request links name: the `pr_url` option, else the origin remote). A form that does not exist
in `.github/ISSUE_TEMPLATE/`, or a build that cannot tell the repository, leaves the link's text without a link.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger("mkdocs.plugins.ustaz")

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
_LINK = re.compile(r"\[(?P<text>[^\]\n]*)\]\(#issue-form=(?P<form>[a-z0-9-]{1,64})\)")


def issue_forms(root: Path) -> frozenset[str]:
    """The names of the repository's issue forms (regular files only)."""
    folder = root / FORMS_DIR
    if not folder.is_dir() or folder.is_symlink():
        return frozenset()
    return frozenset(p.stem for p in folder.glob("*.yml") if p.is_file() and not p.is_symlink()
                     and p.name != "config.yml")


def repository_url(pull_request_base: str) -> str:
    """'https://github.com/owner/repo' from the pull-request link base 'https://github.com/owner/repo/pull/'."""
    m = re.fullmatch(r"(https://[^/\s]+/[^/\s]+/[^/\s]+)/pull/", pull_request_base)
    return m.group(1) if m else ""


def link_issue_forms(markdown: str, repository: str, forms: frozenset[str], page: str) -> str:
    def link(m: re.Match[str]) -> str:
        form = m.group("form")
        if form in forms and repository:
            return f"[{m.group('text')}]({repository}/issues/new?template={quote(form)}.yml)"
        why = "no such form in .github/ISSUE_TEMPLATE" if form not in forms else "the repository is not known"
        log.info("ustaz: %s: the link to the issue form %r is left as text (%s)", page, form, why)
        return m.group("text")

    return _LINK.sub(link, markdown)
