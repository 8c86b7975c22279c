"""The data package lists every public table (issue 23): a CSV under data/ that data/datapackage.json does not
name is a table frictionless never validates, so a broken new year's schedule would pass as valid."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, define, error
from ..i18n import t
from ..sourcefile import parse_json, read_text
from . import Context, check

PACKAGE = "data/datapackage.json"
DATAPACKAGE_UNLISTED = define("datapackage-unlisted", "A table under data/ is not a path of data/datapackage.json, "
                                                      "so frictionless does not validate it.", "C-2")
MAX_TABLE_FILES = 10_000  # an engineering bound on the files looked at


@check(scope=("data",))
def datapackage(ctx: Context) -> Iterator[Finding]:
    data = ctx.root / "data"
    text, _ = read_text(ctx.root / PACKAGE, PACKAGE)
    if text is None:
        return
    package, problems = parse_json(text, PACKAGE)  # nesting bounded before the parser recurses
    if problems:
        yield from problems  # json-syntax with its line: frictionless and the site read this file too
        return
    try:
        resources = package.get("resources", [])
        listed: dict[str, str] = {}
        for res in resources:
            paths = res.get("path", [])
            for path in [paths] if isinstance(paths, str) else paths:
                listed[str(path)] = str(res.get("name", ""))
    except (ValueError, AttributeError, TypeError):
        return  # a broken package is reported by what reads it
    folders = {p.rsplit("/", 1)[0]: name for p, name in listed.items() if "/" in p}
    tables: list[str] = []
    for path in data.rglob("*.csv"):
        if len(tables) >= MAX_TABLE_FILES:
            break
        if path.is_file() and not path.is_symlink():
            tables.append(path.relative_to(data).as_posix())
    for table in sorted(tables):
        if table in listed:
            continue
        folder = table.rsplit("/", 1)[0] if "/" in table else ""
        where = f"add it to the path of the '{folders[folder]}' resource" if folder in folders else \
            "add a resource for it"
        yield error(PACKAGE, 1, DATAPACKAGE_UNLISTED,
                    t("data/{table} is not in the data package: frictionless would not validate it; {where}", table=table, where=where))
