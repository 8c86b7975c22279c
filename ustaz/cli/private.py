"""`ustaz private init [DIR]`: the private tree as its own git repository (ustaz/private_tree.py)."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import t
from .app import fail, main, project_root


@main.group("private")
def private_group() -> None:
    """The private tree (personal data, codes, scores, test banks, keys): a git repository of its own."""


@private_group.command("init")
@click.argument("directory", required=False)
def init_cmd(directory: str | None) -> None:
    """Create the private tree in DIRECTORY (default: a sibling folder '<repository>-private'): git init, a
    README, a .gitignore that keeps the signing key out of its history, the folders the commands write. Refused
    inside the public work tree or where the folder shares a remote with the public repository."""
    from ..policy import load_policy
    from ..private_tree import PrivateInitError, init

    root = project_root()
    policy, _ = load_policy(root)
    target = Path(directory) if directory else root.parent / f"{root.name}-private"
    try:
        result = init(target, root, policy)
    except PrivateInitError as exc:
        fail(str(exc))
    click.echo(t("{path}: private tree {what}", path=result.path,
                 what=t("created") if result.created else t("completed")))
    if result.created and not result.committed:
        click.echo(t("commit it: git -C {path} commit -m 'Private tree'", path=result.path))
    click.echo(t("point ustaz at it: export USTAZ_PRIVATE={path}", path=result.path))
