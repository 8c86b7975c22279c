"""A hostile copy of the example project: a script payload in every user-controlled field the site reads.

The fields are enumerated from the files themselves, so a new field is covered without editing this:
- every public table of data/datapackage.json: each string column without an `enum` or `pattern` gets
  the text payload, each column named like an address (`url`, `report`) a `javascript:` address in the
  first row (the loader drops a row with a bad address, so the other rows keep their text to show);
- every string of every program.yml, discussion.yml, the policy's organisation and the private tree's
  survey and support plans, except the keys below whose values are codes of a vocabulary (a payload
  there only makes the file fail to load, so nothing would be published to test);
- every program text (title line and every section body) and a hand-written page in content/ with front
  matter, raw HTML and unsafe links.
Each field gets its own marker (`hx0001`…) before the payload, so a test can tell which fields reached
the site and where.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT

# one payload holds every kind: a </title> breakout, an attribute breakout, an event handler, a script
# element, Markdown links and autolinks to javascript:, and a raw link with a data: address
PAYLOAD = ('</title></h2>"><svg onload=alert(1)><img src=x onerror=alert(2)><script>alert(3)</script>'
           "[x](javascript:alert(4)) <javascript:alert(5)> <a href=\"data:text/html,<script>alert(6)</script>\">y</a>"
           " ![i](javascript:alert(7)) [z]( javascript:alert(8) )")
URL_PAYLOAD = "javascript:alert(9)"
MARKER = "hx{:04d}"
# values that are codes of a vocabulary or dates, not text (a payload would only stop the file loading)
CODE_KEYS = frozenset({"id", "direction", "kind", "form", "languages", "event", "date", "due", "outcome",
                       "decision", "origin", "response", "answered", "teacher",
                       "program", "organization", "region", "directions", "starts", "ends", "level", "preset",
                       "export", "sample", "population", "scale", "programs", "column", "program_column",
                       "teacher_column", "status", "language", "site_url", "timezone", "type"})
URL_KEYS = frozenset({"url", "report", "evidence", "thread"})
URL_COLUMNS = ("url", "report")


@dataclass
class Hostile:
    root: Path
    fields: dict[str, str] = field(default_factory=dict)  # marker → where it was planted
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def payload(self, where: str) -> str:
        marker = MARKER.format(next(self.counter))
        self.fields[marker] = where
        return f"{marker} {PAYLOAD}"


def _walk(value: Any, where: str, hostile: Hostile, key: str = "") -> Any:
    if isinstance(value, dict):
        sep = "" if where.endswith(":") else "."
        return {k: (v if str(k) in CODE_KEYS else _walk(v, f"{where}{sep}{k}", hostile, str(k)))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, f"{where}[{i}]", hostile, key) for i, v in enumerate(value)]
    if isinstance(value, str):
        if key in URL_KEYS:
            return URL_PAYLOAD
        return hostile.payload(where)
    return value


def _poison_yaml(path: Path, hostile: Hostile, keys: tuple[str, ...] = ()) -> None:
    """Every string of the file (or of its top-level `keys` only) gets a payload."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = f"{path.relative_to(hostile.root)}:"
    if keys:
        for k in keys:
            data[k] = _walk(data[k], f"{where}{k}", hostile, k)
    else:
        data = _walk(data, where, hostile)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _free_columns(schema: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(text columns, address columns) of a Table Schema."""
    text, urls = set(), set()
    for f in schema["fields"]:
        constraints = f.get("constraints", {})
        if f.get("type", "string") != "string" or "enum" in constraints:
            continue
        if f["name"] in URL_COLUMNS:
            urls.add(f["name"])
        elif "pattern" not in constraints:
            text.add(f["name"])
    return text, urls


def _poison_tables(hostile: Hostile) -> None:
    data = hostile.root / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        schema = json.loads((data / resource["schema"]).read_text(encoding="utf-8"))
        text, urls = _free_columns(schema)
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        for rel in paths:
            path = data / rel
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
            if not rows:
                continue
            names = list(rows[0])
            for n, row in enumerate(rows, start=2):
                for col in names:
                    if col in text:
                        row[col] = hostile.payload(f"data/{rel}:{n}:{col}")
                    elif col in urls and row[col] and n == 2:  # one row: a bad address drops the row
                        row[col] = URL_PAYLOAD
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8")


def _poison_texts(hostile: Hostile) -> None:
    """The `# ` title line and every section body of every program text (section titles stay: they are the
    policy's)."""
    for md in sorted((hostile.root / "programs").glob("*/program.*.md")):
        where = str(md.relative_to(hostile.root))
        out = []
        for n, line in enumerate(md.read_text(encoding="utf-8").split("\n"), start=1):
            if line.startswith("# "):
                out.append(f"# {hostile.payload(f'{where}:{n}')}")
            elif line.startswith("## "):
                out += [line, "", hostile.payload(f"{where}:{n + 1}"), ""]
            else:
                out.append(line)
        md.write_text("\n".join(out), encoding="utf-8")


def _hostile_content(hostile: Hostile) -> None:
    """A hand-written page with hostile front matter, raw HTML blocks and inline HTML, and unsafe links."""
    title = hostile.payload("content/hostile.md:front matter title").replace('"', "'")
    description = hostile.payload("content/hostile.md:front matter description").replace('"', "'")
    front = f'---\ntitle: "{title}"\ndescription: "{description}"\n---\n\n'
    body = front + "\n\n".join([
        f"# {hostile.payload('content/hostile.md:heading')}",
        hostile.payload("content/hostile.md:paragraph"),
        f"<div onclick=alert(10)>{hostile.payload('content/hostile.md:html block')}</div>",
        "<script>alert(11)</script>",
        (f"| a | b |\n|---|---|\n| {hostile.payload('content/hostile.md:table').replace('|', '/')} | "
         "[c](javascript:alert(12)) |"),
        ("[link](JaVaScRiPt:alert(13)) [tab](java\tscript:alert(14)) [ent](&#106;avascript:alert(15)) "
         "[vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4=)"),
        "[ref]: javascript:alert(17)\n\n[via ref][ref]",
    ])
    (hostile.root / "content" / "hostile.md").write_text(body + "\n", encoding="utf-8")


def make_hostile_project(dest: Path) -> Hostile:
    """A copy of the example project (public and private trees) with a payload in every field."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("programs", "data", "content", "overrides", "examples"):
        shutil.copytree(ROOT / name, dest / name, symlinks=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    hostile = Hostile(root=dest)
    _poison_tables(hostile)
    for name in ("program.yml", "discussion.yml"):
        for path in sorted((dest / "programs").glob(f"*/{name}")):
            _poison_yaml(path, hostile)
    _poison_texts(hostile)
    _poison_yaml(dest / "data" / "policy.yml", hostile, ("organisation",))
    private = dest / "examples" / "private"
    for path in sorted(private.glob("monitoring/*/survey.yml")):
        # the title and what each question expects (its columns and choices must match the Form's export)
        _poison_yaml(path, hostile, ("title",))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, q in enumerate(data["questions"]):
            if "expected" in q:
                q["expected"] = hostile.payload(f"{path.relative_to(dest)}:questions[{i}].expected")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    for path in sorted(private.glob("support/plans/*.yml")):
        _poison_yaml(path, hostile)
    _hostile_content(hostile)
    return hostile


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t.invalid",
                    "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, check=True)


PR_REFS = "refs/remotes/pr/"


def add_hostile_pull_request(hostile: Hostile, number: int = 66) -> str:
    """Makes the project a git repository and adds an open pull request (`refs/remotes/pr/<number>`) that
    proposes a new program with payloads of its own, so the drafts-from-pull-requests pages are built too.
    Returns the new program's id."""
    root = hostile.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "main")
    _git(root, "checkout", "-qb", "hostile-pr")
    program_id = "hostile-draft"
    shutil.copytree(root / "programs" / "robotics-basics", root / "programs" / program_id)
    (root / "programs" / program_id / "discussion.yml").unlink()
    path = root / "programs" / program_id / "program.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["id"] = program_id
    data["title"] = {lang: hostile.payload(f"pull request {number}: {path.relative_to(root)}:title.{lang}")
                     for lang in data["title"]}
    data["lifecycle"] = [{"event": "needs-analysis", "date": "2026-11-02", "protocol": "1"},
                         {"event": "discussion-opened", "date": "2026-11-20", "url": URL_PAYLOAD}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "hostile draft")
    _git(root, "update-ref", f"{PR_REFS}{number}", "HEAD")
    _git(root, "checkout", "-q", "main")
    return program_id
