"""Options of the `ustaz` mkdocs plugin (mkdocs.yml: `plugins: [ustaz: {...}]`)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class UstazPluginConfig(Config):
    # The day the site is built "as of" (YYYY-MM-DD): open/closed discussions, deadlines.
    # Empty: $USTAZ_TODAY, else today in the policy's time zone.
    today = c.Type(str, default="")
    # Where the private tree is (default: $USTAZ_PRIVATE, else private/ or examples/private/ if it is a folder):
    # its path alone is used, so that the build stops when docs_dir or the theme's custom_dir holds it or lies
    # in it, and leaves out (with an error) any file mkdocs collected from inside it (run.py, publish.py). No
    # file of it is read: the project is loaded public-only (`Project.load(root, public_only=True)`: its
    # private_dir is None), and private data reaches the site only as the aggregates a staff command writes
    # into data/aggregates/ (`ustaz publish aggregates`). The one secret the build may read is the key that
    # signs the lookup data and status lists, and only from the file $USTAZ_SIGNING_KEY names (signing.py).
    private = c.Type(str, default="")
    # Drafts from open pull requests (see pr_drafts.py): a git ref prefix such as "refs/remotes/pr/".
    # Empty: $USTAZ_PR_REFS, else none.
    pr_refs = c.Type(str, default="")
    # Base of pull-request links, e.g. "https://github.com/org/repo/pull/"; empty: derived from the
    # `origin` remote when it is a GitHub URL.
    pr_url = c.Type(str, default="")
    # The branch PR drafts are compared with (only program folders a PR changes are overlaid).
    base_ref = c.Type(str, default="HEAD")
    # Build even when `ustaz check` reports errors in the public tree (programs, data, content); by
    # default the build stops on them (`ustaz build --allow-errors`). Drafts of pull requests are never
    # checked here: they are loaded apart and cannot stop the main branch's site.
    allow_errors = c.Type(bool, default=False)
