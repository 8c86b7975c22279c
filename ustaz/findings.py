"""Findings: what checks yield. One line each, `PATH:LINE: SEVERITY CODE: MESSAGE`.

Codes are registered once (``define``) with a one-line summary; the docs test makes sure
every registered code has an entry in ``content/en/reference/findings.md``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True)
class CodeInfo:
    code: str
    summary: str
    requirement: str = ""


CODES: dict[str, CodeInfo] = {}


def define(code: str, summary: str, requirement: str = "") -> str:
    """Register a finding code (stable kebab-case) and return it."""
    existing = CODES.get(code)
    if existing is not None and existing.summary != summary:
        raise RuntimeError(f"finding code {code!r} defined twice with different summaries")
    CODES[code] = CodeInfo(code=code, summary=summary, requirement=requirement)
    return code


@dataclass(frozen=True, kw_only=True, order=True)
class Finding:
    path: str
    line: int | None
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise RuntimeError(f"finding code {self.code!r} is not registered")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}:1"
        return f"{where}: {self.severity.value} {self.code}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }

    def github(self) -> str:
        kind = "error" if self.is_error else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line or 1},title={self.code}::{msg}"


def error(path: str, line: int | None, code: str, message: str) -> Finding:
    return Finding(path=path, line=line, severity=Severity.ERROR, code=code, message=message)


def warning(path: str, line: int | None, code: str, message: str) -> Finding:
    return Finding(path=path, line=line, severity=Severity.WARNING, code=code, message=message)


def render(findings: Iterable[Finding], fmt: str) -> str:
    items = list(findings)
    if fmt == "json":
        return json.dumps({"findings": [f.as_json() for f in items]}, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.github() for f in items)
    return "\n".join(f.text() for f in items)


def sort_key(f: Finding) -> tuple[str, int, str, str]:
    return (f.path, f.line or 0, f.code, f.message)
