"""Regenerate the fake GitHub's payloads from GitHub's OpenAPI description (npm `@octokit/openapi`).

    python tests/bot/payloads/regenerate.py [--package-dir DIR]

Installs the pinned package with npm into a temporary directory (or reads an existing install), and for
each operation the bot uses writes the description's example response (examples.json) and the response
schema with the component schemas it refers to (schemas.json). OpenAPI 3.0's `nullable` is turned into
JSON Schema's `null` type so that `jsonschema` can validate the fake's answers against it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@octokit/openapi"
VERSION = "23.0.2"
HERE = Path(__file__).resolve().parent

# (method, path template, status) → the key the fake and the tests use
OPERATIONS: dict[str, tuple[str, str, str]] = {
    "repos/get": ("get", "/repos/{owner}/{repo}", "200"),
    "pulls/get": ("get", "/repos/{owner}/{repo}/pulls/{pull_number}", "200"),
    "pulls/list": ("get", "/repos/{owner}/{repo}/pulls", "200"),
    "pulls/create": ("post", "/repos/{owner}/{repo}/pulls", "201"),
    "pulls/list-files": ("get", "/repos/{owner}/{repo}/pulls/{pull_number}/files", "200"),
    "pulls/list-review-comments": ("get", "/repos/{owner}/{repo}/pulls/{pull_number}/comments", "200"),
    "pulls/list-reviews": ("get", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", "200"),
    "issues/list-comments": ("get", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "200"),
    "issues/create-comment": ("post", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "201"),
    "issues/update-comment": ("patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "200"),
    "issues/get": ("get", "/repos/{owner}/{repo}/issues/{issue_number}", "200"),
    "issues/update": ("patch", "/repos/{owner}/{repo}/issues/{issue_number}", "200"),
    "issues/list-for-repo": ("get", "/repos/{owner}/{repo}/issues", "200"),
    "issues/create": ("post", "/repos/{owner}/{repo}/issues", "201"),
    "issues/list-labels-on-issue": ("get", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "200"),
    "issues/add-labels": ("post", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "200"),
    "issues/remove-label": ("delete", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", "200"),
    "repos/list-commit-statuses-for-ref": ("get", "/repos/{owner}/{repo}/commits/{ref}/statuses", "200"),
    "repos/create-commit-status": ("post", "/repos/{owner}/{repo}/statuses/{sha}", "201"),
    "repos/get-content": ("get", "/repos/{owner}/{repo}/contents/{path}", "200"),
    "repos/create-or-update-file-contents": ("put", "/repos/{owner}/{repo}/contents/{path}", "201"),
    "git/get-ref": ("get", "/repos/{owner}/{repo}/git/ref/{ref}", "200"),
    "git/create-ref": ("post", "/repos/{owner}/{repo}/git/refs", "201"),
}


def install(target: Path) -> Path:
    subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(target),
                    f"{PACKAGE}@{VERSION}"], check=True)
    return target / "node_modules" / "@octokit" / "openapi"


def resolve(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema → JSON Schema 2020-12 (nullable → a null type; refs → #/$defs)."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example", "examples")}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable"):
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*types, "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def refs_in(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for v in node.values():
            refs_in(v, found)
    elif isinstance(node, list):
        for v in node:
            refs_in(v, found)


def _deref(schema: Any, defs: dict[str, Any]) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _default(schema: Any, defs: dict[str, Any]) -> Any:
    schema = _deref(schema, defs)
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema:
            return _default(schema[key][0], defs)
    types = schema.get("type", "object")
    types = types if isinstance(types, list) else [types]
    if "null" in types:
        return None
    if "enum" in schema:
        return schema["enum"][0]
    return {"string": "", "integer": 0, "number": 0, "boolean": False, "array": []}.get(
        types[0], None) if types[0] != "object" else complete({}, schema, defs)


def complete(value: Any, schema: Any, defs: dict[str, Any]) -> Any:
    """Add what the schema requires and the example leaves out (some examples are not complete)."""
    schema = _deref(schema, defs)
    if isinstance(value, list) and isinstance(schema, dict) and "items" in schema:
        return [complete(v, schema["items"], defs) for v in value]
    if not isinstance(value, dict) or not isinstance(schema, dict):
        return value
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, [])[: None if key == "allOf" else 1]:
            value = complete(value, sub, defs)
    props = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            value[name] = _default(props.get(name, {}), defs)
    for name, v in value.items():
        if name in props:
            value[name] = complete(v, props[name], defs)
    return value


def extract(package_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = json.loads((package_dir / "generated" / "api.github.com.json").read_text(encoding="utf-8"))
    examples: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    wanted: set[str] = set()
    for key, (method, path, status) in OPERATIONS.items():
        response = doc["paths"][path][method]["responses"][status]
        if "$ref" in response:
            response = resolve(doc, response["$ref"])
        media = response["content"]["application/json"]
        first = next(iter(media["examples"].values()))
        value = resolve(doc, first["$ref"])["value"] if "$ref" in first else first["value"]
        if isinstance(value, dict) and set(value) == {"$ref"}:
            value = resolve(doc, value["$ref"])["value"]
        examples[key] = value
        schemas[key] = to_json_schema(media["schema"])
        refs_in(media["schema"], wanted)
    defs: dict[str, Any] = {}
    while wanted:
        name = wanted.pop()
        if name in defs:
            continue
        raw = doc["components"]["schemas"][name]
        defs[name] = to_json_schema(raw)
        more: set[str] = set()
        refs_in(raw, more)
        wanted |= more - set(defs)
    for key, value in examples.items():
        examples[key] = complete(value, schemas[key], defs)
    return examples, {"$defs": dict(sorted(defs.items())), "responses": schemas}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="an existing node_modules/@octokit/openapi")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        package_dir = args.package_dir or install(Path(tmp))
        version = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
        examples, schemas = extract(package_dir)
    meta = {"source": f"npm {PACKAGE}@{version}, generated/api.github.com.json"}
    (HERE / "examples.json").write_text(json.dumps({"_source": meta, **examples}, indent=1, ensure_ascii=False)
                                        + "\n", encoding="utf-8")
    (HERE / "schemas.json").write_text(json.dumps({"_source": meta, **schemas}, indent=1, ensure_ascii=False)
                                       + "\n", encoding="utf-8")
    print(f"wrote {len(examples)} examples and {len(schemas['$defs'])} component schemas from {meta['source']}")


if __name__ == "__main__":
    main()
