"""Command groups that several capabilities add commands to (each from its own module)."""

from __future__ import annotations

from .app import main


@main.group("course")
def course_group() -> None:
    """Courses: results, certificates, imports (C-2 … C-20)."""


@main.group("register")
def register_group() -> None:
    """The certificate register (C-20)."""


@main.group("export")
def export_group() -> None:
    """Documents in the regulation's format (P-7, P-8)."""


@main.group("monitoring")
def monitoring_group() -> None:
    """Effectiveness monitoring (M-1 … M-6)."""


@main.group("bot")
def bot_group() -> None:
    """Entry points for the GitHub workflows (P-6)."""


@main.group("teachers")
def teachers_group() -> None:
    """Teachers' course cycle (K-2, K-4, K-6)."""
