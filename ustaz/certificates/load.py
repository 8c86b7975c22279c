"""The register of a workspace, read once and shared by the register checks (`Workspace.register`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .register import Register, RegisterFile

if TYPE_CHECKING:
    from ..workspace import Workspace


def start_register(ws: Workspace, after: Callable[[RegisterFile], Any] | None = None,
                   after_key: str | None = None) -> None:
    """Begin reading the register while the other checks run (`Workspace.start_register`)."""
    ws.start_register(after, after_key)


def register_of(ws: Workspace) -> Register:
    return ws.register


def register_extras(ws: Workspace) -> list[Any] | None:
    """What `after` of `start_register` gave for each file, in file order; None when it was not run."""
    return ws.register_extras
