"""Which project a private tree belongs to (issue 23): `<private>/PROJECT`, one line, the project's country
and site address (e.g. ``KZ https://example.org/ustaz``), written by the first command that writes
personal data into the tree (`ustaz course import`). A project refuses a tree that names another project —
the Kyrgyz school's commands do not silently read a Kazakh centre's listeners that $USTAZ_PRIVATE still
points at. A tree without the file is read as before (it is claimed when a command next writes to it)."""

from __future__ import annotations

from pathlib import Path

from .findings import define
from .i18n import t
from .policy import Policy

OWNER_FILE = "PROJECT"
PRIVATE_PROJECT = define("private-project", "The private tree belongs to another project (its PROJECT file).")
MAX_OWNER_BYTES = 1024


def identity(policy: Policy) -> str:
    return f"{policy.country} {policy.site_url}".strip()


def owner_of(private: Path) -> str | None:
    path = private / OWNER_FILE
    if not path.is_file() or path.is_symlink():
        return None
    try:
        with path.open("rb") as fh:
            text = fh.read(MAX_OWNER_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    return " ".join(text.split()) or None


def foreign(private: Path | None, policy: Policy) -> str | None:
    """Why this project must not use `private` (it names another project), or None."""
    if private is None:
        return None
    owner = owner_of(private)
    mine = identity(policy)
    if owner is None or owner == mine:
        return None
    return (t("the private tree {private} belongs to the project '{owner}', not this one ('{mine}'); give --private DIR or set USTAZ_PRIVATE to this project's private tree", private=private, owner=owner, mine=mine))


def claim(private: Path, policy: Policy) -> None:
    """Name this project in a private tree that names none yet."""
    from .writefile import write_atomic

    if owner_of(private) is None and not (private / OWNER_FILE).exists():
        private.mkdir(parents=True, exist_ok=True)
        write_atomic(private / OWNER_FILE, identity(policy) + "\n")
