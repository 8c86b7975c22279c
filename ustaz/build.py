"""The site build as mkdocs runs it: the `ustaz` mkdocs plugin (pyproject.toml's entry point) is the site's
plugin (ustaz/site/plugin.py) plus the check it runs before building.

The data path runs one way: load → check → render. ustaz/site renders and never runs a check; this module,
like the CLI, is where the checker and the site meet: the site is built only from a public tree that
`ustaz check` accepts (unless `allow_errors`).
"""

from __future__ import annotations

import dataclasses
import logging
import os

from .certificates.history import REGISTER_BASE
from .checks import run as run_checks
from .i18n import t
from .site.plugin import SitePlugin
from .site.run import CheckFailed
from .workspace import Workspace

log = logging.getLogger("mkdocs.plugins.ustaz")


def check_before_build(ws: Workspace, allow_errors: bool) -> None:
    """`ustaz check` on what the site is built from: the public tree (programs, data, content), never the
    private tree. Its findings are shown (at INFO: a warning would stop the strict build); errors stop the build
    unless `allow_errors`. The register's history (append-only, against a git base) is the pull request's check
    in validate.yml; a clone without a base is no reason to refuse the site."""
    public = Workspace(project=dataclasses.replace(ws.project, private_dir=None), today=ws.today,
                       base_ref=os.environ.get("USTAZ_BASE") or None)
    findings = [f for f in run_checks(public) if f.code != REGISTER_BASE]
    for finding in findings:
        log.info("%s", finding.text())
    errors = sum(1 for f in findings if f.is_error)
    if errors and not allow_errors:
        raise CheckFailed(t("{errors} error(s) in the public tree (`ustaz check` reports them above); the site is not built from data the check rejects. Mend them, or build anyway with `ustaz build --allow-errors` (mkdocs.yml: ustaz: {{allow_errors: true}})", errors=errors))
    if errors:
        log.info("ustaz: building with %d error(s) (allow_errors)", errors)


class UstazPlugin(SitePlugin):
    """The `ustaz` mkdocs plugin: checks the public tree, then builds the site from it."""

    def check_before_build(self, ws: Workspace, allow_errors: bool) -> None:
        check_before_build(ws, allow_errors)
