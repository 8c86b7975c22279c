"""What the site may publish: regular files of the repository's own folders, never a symlink's target.

mkdocs copies every file of `docs_dir` (content/) and the static files of the theme's `custom_dir`
(overrides/) into the site, following symlinks, and loads templates from `custom_dir`. A pull request can
add a symlink there that points at `/etc/passwd` or at the private tree's `listeners.csv`, so:

- `docs_dir` must be a folder inside the project, not its root (`docs_dir: .` would publish everything),
  and neither it nor `custom_dir` may hold the private tree; otherwise the build stops;
- a symlink anywhere under `custom_dir` stops the build (its templates are rendered into every page);
- a file under `docs_dir` or `custom_dir` that is a symlink, or lies below one, or resolves outside its
  folder or into the private tree, is left out and the build reports it (`ustaz check` reports the same
  file as `content-symlink`);
- a file under `docs_dir` that a browser runs script from (HTML, SVG, XML, JavaScript: ACTIVE_SUFFIXES) is
  left out and reported likewise (`content-active-file`): content/ is held to the programs' rules, and a
  page of our own is Markdown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ..i18n import t
from ..sourcefile import ACTIVE_SUFFIXES


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def symlink_on_way(path: Path, top: Path) -> Path | None:
    """The first symlink among `path` and its folders below `top` (lexically, not resolved), or None."""
    try:
        rel = path.relative_to(top)
    except ValueError:
        return None
    current = top
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def symlinks_under(folder: Path) -> Iterator[Path]:
    """Every symlink below `folder` (files and folders; a symlinked folder is not entered)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted([*dirnames, *filenames]):
            if (Path(dirpath) / name).is_symlink():
                yield Path(dirpath) / name


def _folders(config: MkDocsConfig) -> list[Path]:
    folders = [Path(config.docs_dir)]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    return folders


def refuse_unsafe_folders(config: MkDocsConfig, root: Path, private: Path | None) -> None:
    """Stop the build when docs_dir or custom_dir could publish what is not the site's own."""
    docs = Path(config.docs_dir)
    real_docs, real_root = docs.resolve(), root.resolve()
    if docs.is_symlink() or not _inside(real_docs, real_root) or real_docs == real_root:
        raise PluginError(t("ustaz: docs_dir {docs} must be a folder of the project (not its root, not a symlink)", docs=docs))
    for folder in _folders(config):
        real = folder.resolve()
        if private is not None and (_inside(private.resolve(), real) or _inside(real, private.resolve())):
            raise PluginError(t("ustaz: {folder} holds the private tree {private}; it is never published", folder=folder, private=private))
    custom = config.theme.custom_dir
    if custom:  # may lie beside the project (examples/kg-school shares the repository's overrides/)
        found = Path(custom) if Path(custom).is_symlink() else next(symlinks_under(Path(custom)), None)
        if found is not None:
            raise PluginError(t("ustaz: {found} is a symlink; theme overrides must be files of the repository", found=found))


def unpublishable(f: File, config: MkDocsConfig, private: Path | None) -> str:
    """Why a file mkdocs collected from docs_dir or custom_dir must not be published ('' when it may)."""
    if f.generated_by or not f.abs_src_path:
        return ""
    path = Path(f.abs_src_path)
    for top in _folders(config):
        if not _inside(path, top):
            continue  # the theme's own files (Material, in site-packages)
        link = symlink_on_way(path, top)
        if link is not None:
            return f"{link} is a symlink"
        real = path.resolve()
        if not _inside(real, top.resolve()):
            return f"it lies outside {top}"
        if private is not None and _inside(real, private.resolve()):
            return "it lies in the private tree"
        if top == Path(config.docs_dir) and path.suffix.lower() in ACTIVE_SUFFIXES:
            return f"a browser would run script from a {path.suffix} file; content/ holds Markdown and documents"
    return ""
