"""Document templates: jinja2 producing Markdown, which the docx writer prints on the centre's letterhead.

A centre edits its letters without touching Python: a file `templates/documents/<name>.<lang>.md.j2`
in the project replaces the built-in one of the same name (ustaz/documents/templates/). Templates run
in jinja2's sandbox with strict undefined values, so a typo in a variable name is a finding with the
template's line, not an empty gap in a letter sent to a ministry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..findings import Finding, error
from ..i18n import t
from ..sourcefile import read_text
from .codes import TEMPLATE_ERROR, TEMPLATE_MISSING

PROJECT_TEMPLATES = Path("templates") / "documents"


@dataclass(frozen=True, kw_only=True)
class Template:
    name: str  # e.g. cover-letter
    lang: str
    shown: str  # path for findings: templates/documents/… or ustaz/documents/templates/…
    source: str


def find_template(root: Path, name: str, lang: str) -> tuple[Template | None, list[Finding]]:
    """The project's template if present, else the built-in one; per language, falling back to ru."""
    for code in dict.fromkeys((lang, "ru")):
        filename = f"{name}.{code}.md.j2"
        own = root / PROJECT_TEMPLATES / filename
        if own.is_file():
            shown = (PROJECT_TEMPLATES / filename).as_posix()
            text, findings = read_text(own, shown)
            if text is None:
                return None, findings
            return Template(name=name, lang=code, shown=shown, source=text), []
        builtin = resources.files("ustaz.documents").joinpath("templates", filename)
        if builtin.is_file():
            return Template(name=name, lang=code, shown=f"ustaz/documents/templates/{filename}",
                            source=builtin.read_text(encoding="utf-8")), []
    return None, [error((PROJECT_TEMPLATES / f"{name}.{lang}.md.j2").as_posix(), None, TEMPLATE_MISSING,
                        t("no template {name!r} for {lang!r}: add {project_templates}/{name}.{lang}.md.j2", name=name, lang=lang, project_templates=PROJECT_TEMPLATES.as_posix()))]


class Raw(str):
    """A value printed as it is (an address inside <…>); every other value is escaped for Markdown."""


_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LEADING = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def markdown_text(value: Any) -> Any:
    """Escape a value for Markdown, so a name with * or | stays a name (and a table keeps its columns)."""
    if isinstance(value, Raw) or not isinstance(value, str):
        return value
    text = _SPECIAL.sub(r"\\\1", value.replace("\r", " ").replace("\n", " "))
    return _LEADING.sub(_escape_leading, text)


def _escape_leading(m: re.Match[str]) -> str:
    mark = m.group(2)
    if mark[0].isdigit():  # "12. x" would start a list: escape its full stop
        return f"{m.group(1)}{mark[:-1]}\\{mark[-1]}"
    return f"{m.group(1)}\\{mark}"


_env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
                            trim_blocks=True, lstrip_blocks=True, finalize=markdown_text)


def render(template: Template, context: dict[str, Any]) -> tuple[str | None, list[Finding]]:
    """Render to Markdown, or return a finding with the template's line."""
    try:
        compiled = _env.from_string(template.source)
    except jinja2.TemplateSyntaxError as exc:
        return None, [error(template.shown, exc.lineno, TEMPLATE_ERROR, t("template syntax: {message}", message=exc.message))]
    try:
        return compiled.render(**context), []
    except jinja2.UndefinedError as exc:
        return None, [error(template.shown, _line_of(exc), TEMPLATE_ERROR,
                            t("{message}; the variables are listed in the docs (reference/documents)", message=exc.message))]
    except jinja2.TemplateError as exc:
        return None, [error(template.shown, _line_of(exc), TEMPLATE_ERROR, t("the template failed: {exc}", exc=exc))]


def _line_of(exc: BaseException) -> int | None:
    """The template line of a render error, from the traceback's frames of the compiled template."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
