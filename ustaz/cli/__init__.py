"""Thin CLI adapters. Every module in this package adds its commands to ``app.main``."""

from __future__ import annotations

import importlib
import pkgutil


def load_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name != "app":
            importlib.import_module(f"{__name__}.{info.name}")
