"""`ustaz deploy`: the files of a built site that differ from the last deploy, for rsync or an object store."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import deploy
from ..findings import render
from ..i18n import t
from .app import fail, main


@main.command("deploy")
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="The built site.")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path), metavar="MANIFEST",
              help="The last deploy's deploy-manifest.json (e.g. fetched from the live site); without it, "
                   "every file is to upload.")
@click.option("--upload-list", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the paths to upload, one a line (rsync --files-from, or a loop over aws s3 cp).")
@click.option("--delete-list", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the paths to delete after the upload, one a line.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def deploy_cmd(site_dir: Path, previous: Path | None, upload_list: Path | None, delete_list: Path | None,
               fmt: str) -> None:
    """Write the site's deploy-manifest.json (every file by SHA-256) and say what changed since --previous."""
    if not site_dir.is_dir():
        fail(t("{dir} is not a folder; build the site first (ustaz build --site-dir {dir})", dir=site_dir))
    before = None
    if previous is not None:
        before, findings = deploy.load(previous, str(previous))
        if before is None:
            click.echo(render(findings, "text"), err=True)
            raise SystemExit(1)
    try:
        current = deploy.scan(site_dir)
    except (OSError, ValueError) as exc:
        fail(str(exc))
    todo = deploy.plan(current, before)
    (site_dir / deploy.MANIFEST_NAME).write_text(deploy.dumps(current), encoding="utf-8")
    for path, lines in ((upload_list, todo.upload), (delete_list, todo.delete)):
        if path is not None:
            path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    if fmt == "json":
        click.echo(json.dumps({"upload": list(todo.upload), "delete": list(todo.delete),
                               "upload_bytes": todo.upload_bytes, "unchanged": todo.unchanged,
                               "unchanged_bytes": todo.unchanged_bytes, "manifest": deploy.MANIFEST_NAME}))
        return
    click.echo(t("upload {files} file(s), {bytes} bytes, then {manifest}; delete {deleted}; "
                 "unchanged {unchanged} file(s), {unchanged_bytes} bytes",
                 files=len(todo.upload), bytes=todo.upload_bytes, manifest=deploy.MANIFEST_NAME,
                 deleted=len(todo.delete), unchanged=todo.unchanged, unchanged_bytes=todo.unchanged_bytes))
