"""Issue 17: what `ustaz new program` leaves for the author to replace is an error until it is replaced, one finding
per placeholder naming its field, so an untouched skeleton never reaches the site or the .docx."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error
from ..i18n import t
from ..model.program import Program
from ..skeleton import PLACEHOLDER, PLACEHOLDER_LOGIN
from . import Context, check

SKELETON_PLACEHOLDER = define("skeleton-placeholder",
                              "A value the program skeleton left for the author («…», your-login) is unchanged.", "P-5")


def _left(value: str) -> bool:
    return value.strip() in (PLACEHOLDER, "...")


def _fields(p: Program) -> Iterator[tuple[str, int, str]]:
    """(field, line, value) of every text of program.yml that the skeleton fills with a placeholder."""
    for key, texts in (("title", p.title), ("audience", p.audience)):
        for lang, text in texts.items():
            yield f"{key}.{lang}", p.lines.get(f"{key}.{lang}", p.line_of(key)), text
    for i, a in enumerate(p.authors):
        yield f"authors[{i}].name", a.line, a.name
        yield f"authors[{i}].github", a.line, a.github
    for i, m in enumerate(p.modules):
        for lang, text in m.title.items():
            yield f"modules[{i}].title.{lang}", p.lines.get(f"modules[{i}].title.{lang}", m.line), text


@check(scope=("programs",))
def skeleton_placeholders(ctx: Context) -> Iterator[Finding]:
    for bundle in ctx.project.programs:
        p = bundle.program
        if p is not None:
            for name, line, value in _fields(p):
                if _left(value) or (name.endswith(".github") and value.strip() == PLACEHOLDER_LOGIN):
                    yield error(p.path, line, SKELETON_PLACEHOLDER,
                                t("'{field}' still holds the skeleton's placeholder «{value}»; write the program's own",
                                  field=name, value=value.strip()))
        for lang, text in bundle.texts.items():
            if text.title is not None and _left(text.title):
                yield error(text.path, text.title_line, SKELETON_PLACEHOLDER,
                            t("the title line still holds the skeleton's placeholder «{value}»; write the program's "
                              "title in {lang}", value=text.title.strip(), lang=lang))
