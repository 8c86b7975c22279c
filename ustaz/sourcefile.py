"""Reading user files safely: UTF-8 only, bounded size, YAML with line numbers.

PyYAML accepts duplicate keys silently and expands aliases lazily into shared objects, so a
"billion laughs" file costs nothing to load but everything to walk. We compose the node graph,
reject duplicate keys, measure the expanded size with memoisation (linear in the file), and only
then build Python values that remember the line of every key and item.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .findings import Finding, define, error
from .i18n import t
from .nesting import json_too_deep, yaml_too_deep

ENCODING = define("encoding", "A file is not valid UTF-8.")
FILE_TOO_LARGE = define("file-too-large", "A file is larger than ustaz will read.")
FILE_NOT_REGULAR = define(
    "file-not-regular", "A path where ustaz reads a file is a directory, a device, a FIFO, a socket or a broken symlink."
)
FILE_OUTSIDE = define(
    "file-outside-project",
    "A file is a symlink, or lies in a symlinked folder, that leads outside the project (or the private tree).",
)
YAML_SYNTAX = define("yaml-syntax", "A YAML file cannot be parsed.")
YAML_DUPLICATE_KEY = define("yaml-duplicate-key", "A YAML mapping has the same key twice.")
YAML_TOO_COMPLEX = define(
    "yaml-too-complex", "A YAML file expands (through aliases) to too many nodes or nests too deep."
)
JSON_SYNTAX = define("json-syntax", "A JSON file cannot be parsed, or nests too deep.")
YAML_TAG = define("yaml-tag", "A YAML file uses a tag that ustaz does not accept.")

# files a browser runs script from when a site serves them: the check of content/ reports them
# (checks/markdown_safety.py) and the site build leaves them out (site/publish.py)
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".js",
                             ".mjs", ".wasm", ".swf"})

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 64
# the nesting measured in the text before a parser sees it (nesting.py): far above MAX_DEPTH, so the
# estimate's slack never refuses a good file, far below the depth that overflows libyaml's stack
MAX_SCAN_DEPTH = 4 * MAX_DEPTH
READ_CHUNK = 1 << 20


class LocMap(dict[str, Any]):
    """A mapping that remembers the line of each key (1-based) and its own line."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocList(list[Any]):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


@dataclass(frozen=True, kw_only=True)
class TextFile:
    path: str  # relative to the project root, for findings
    text: str


def rel(path: Path, root: Path) -> str:
    """`path` relative to `root` for findings: as written first (a symlink inside the project keeps its
    own name, so the reader can tell where it leads), else after resolving both."""
    for p, r in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), (path.resolve(), root.resolve())):
        try:
            return p.relative_to(r).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def tree_of(path: Path, shown: str) -> Path | None:
    """The tree a file belongs to, told by the name it is shown under: `shown` relative to the project
    (or the private tree) names the last parts of `path`, and what comes before them is the tree.
    None when `shown` is not such a name (a file named on the command line)."""
    parts = PurePosixPath(shown).parts
    if not parts or PurePosixPath(shown).is_absolute() or ".." in parts:
        return None
    full = Path(os.path.abspath(path))
    if full.parts[len(full.parts) - len(parts):] != parts or len(full.parts) <= len(parts):
        return None
    return Path(*full.parts[: len(full.parts) - len(parts)])


def read_bytes(path: Path, shown: str, *, within: Path | None = None, limit: int = MAX_FILE_BYTES
               ) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a regular file that lies inside its tree, read to at most `limit` bytes, or findings.

    The tree is `within`, else the one `shown` tells (tree_of). A symlink is followed only if its target
    stays inside the tree; a directory, device, FIFO or socket is refused before it is opened (and the
    opened file is checked again); the size stat reports is not trusted (/dev/zero reports 0)."""
    tree = within if within is not None else tree_of(path, shown)
    try:
        real = path.resolve()
        if tree is not None and not real.is_relative_to(tree.resolve()):
            return None, [error(shown, None, FILE_OUTSIDE,
                                t("the file is a symlink (or lies in a symlinked folder) that leads outside the {value}; ustaz reads only files inside it: put the file itself here", value='project' if within is None else 'tree it belongs to'))]
        if not stat.S_ISREG(os.stat(real).st_mode):
            return None, [_not_regular(shown, real)]
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return None, [error(shown, None, FILE_NOT_REGULAR, t("the file does not exist (a broken symlink?)"))]
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
        return None, [error(shown, None, FILE_NOT_REGULAR, t("cannot read the file: {getattr}", getattr=getattr(exc, 'strerror', exc)))]
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, [_not_regular(shown, real)]
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the size stat tells is a hint for one read, never a bound
            chunk = os.read(fd, min(limit + 1 - size, max(info.st_size + 1 - size, READ_CHUNK)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, [error(shown, None, FILE_NOT_REGULAR, t("cannot read the file: {strerror}", strerror=exc.strerror))]
    finally:
        os.close(fd)
    if size > limit:
        return None, [error(shown, None, FILE_TOO_LARGE,
                            t("the file has more than {limit} bytes; split it or keep it under {limit} bytes", limit=limit))]
    return b"".join(chunks), []


def _not_regular(shown: str, real: Path) -> Finding:
    mode = os.stat(real).st_mode
    kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file")
    return error(shown, None, FILE_NOT_REGULAR, t("this is {kind}, where ustaz reads a file; put a plain file here", kind=kind))


def read_text(path: Path, shown: str, *, within: Path | None = None, limit: int = MAX_FILE_BYTES
              ) -> tuple[str | None, list[Finding]]:
    """Read a regular file inside its tree (read_bytes) as strict UTF-8 (a BOM is tolerated), or findings."""
    raw, findings = read_bytes(path, shown, within=within, limit=limit)
    if raw is None:
        return None, findings
    return decode(raw, shown)


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Finding]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            error(shown, line, ENCODING,
                  t("byte {start} is not UTF-8 (0x{raw:02x}); save the file as UTF-8", start=exc.start, raw=raw[exc.start]))
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [error(shown, line, ENCODING, t("the file contains a NUL character; save it as UTF-8 text"))]
    return text, []


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: dates stay strings and are parsed by the model,
    so an impossible date (2026-02-30) becomes a finding, not a ValueError."""


# The same with libyaml's parser when PyYAML has it: about ten times faster (a centre has hundreds of
# programs). A file it rejects is parsed again by _Loader, whose messages the findings quote, so a syntax
# error reads the same with or without libyaml. Without libyaml it is _Loader itself.
_FastLoader: type[yaml.SafeLoader | yaml.CSafeLoader] = _Loader
if yaml.__with_libyaml__:
    class _CLoader(yaml.CSafeLoader):
        """_Loader's rules on libyaml's parser."""

    _FastLoader = _CLoader


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _compose(text: str) -> yaml.Node | None:
    for loader_class in (_FastLoader, _Loader):
        loader = loader_class(text)
        try:
            return loader.get_single_node()
        except yaml.YAMLError:
            if loader_class is _Loader:
                raise
        finally:
            loader.dispose()
    return None  # not reached: _Loader returns or raises

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Reject(Exception):
    def __init__(self, line: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.code = code
        self.message = message


def _expanded_size(root: yaml.Node) -> int:
    memo: dict[int, int] = {}
    # iterative post-order walk; aliases are the same node object reached twice
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise _Reject(node.start_mark.line + 1, YAML_TOO_COMPLEX,
                          t("the YAML nests deeper than {max_depth} levels", max_depth=MAX_DEPTH))
        key = id(node)
        if key in memo:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                children += [k, v]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if done or not children:
            total = 1 + sum(memo.get(id(c), 0) for c in children)
            memo[key] = total
            if total > MAX_EXPANDED_NODES:
                raise _Reject(node.start_mark.line + 1, YAML_TOO_COMPLEX,
                              t("the YAML expands to more than {max_expanded_nodes} values (aliases repeated inside aliases?); write the values out or simplify", max_expanded_nodes=MAX_EXPANDED_NODES))
            continue
        stack.append((node, depth, True))
        for c in children:
            if id(c) not in memo:
                stack.append((c, depth + 1, False))
    return memo[id(root)]


_constructor = yaml.constructor.SafeConstructor()


def _build(node: yaml.Node) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _Reject(line, YAML_TAG, t("the tag {tag} is not allowed; write a plain value", tag=node.tag))
        return _constructor.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _Reject(line, YAML_TAG, t("the tag {tag} is not allowed; write a plain list", tag=node.tag))
        out = LocList(_build(item) for item in node.value)
        out.line = line
        out.item_lines = [item.start_mark.line + 1 for item in node.value]
        return out
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise _Reject(line, YAML_TAG, t("the tag {tag} is not allowed; write a plain mapping", tag=node.tag))
        m = LocMap()
        m.line = line
        m.key_lines = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                raise _Reject(knode.start_mark.line + 1, YAML_TAG,
                              t("merge keys (<<) are not supported; write the keys out"))
            key = _build(knode)
            if isinstance(key, (LocMap, LocList)):
                raise _Reject(knode.start_mark.line + 1, YAML_SYNTAX, t("a mapping key must be a plain value"))
            key = str(key) if not isinstance(key, str) else key
            kline = knode.start_mark.line + 1
            if key in m:
                raise _Reject(kline, YAML_DUPLICATE_KEY,
                              t("the key '{key}' appears twice (first on line {key_lines}); keep one", key=key, key_lines=m.key_lines[key]))
            m[key] = _build(vnode)
            m.key_lines[key] = kline
        return m
    raise _Reject(line, YAML_SYNTAX, t("unsupported YAML node"))


def parse_yaml(text: str, shown: str) -> tuple[Any, list[Finding]]:
    """Parse YAML text into LocMap/LocList/scalars, or return findings (never raises)."""
    deep = yaml_too_deep(text, MAX_SCAN_DEPTH)
    if deep is not None:
        return None, [error(shown, deep, YAML_TOO_COMPLEX,
                            t("the YAML nests deeper than {max_scan_depth} levels (brackets and indentation) by this line; ustaz reads at most {max_depth}: flatten it", max_scan_depth=MAX_SCAN_DEPTH, max_depth=MAX_DEPTH))]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "invalid YAML"
        return None, [error(shown, line, YAML_SYNTAX, t("YAML syntax: {problem}; fix the indentation or quoting", problem=problem))]
    except yaml.YAMLError as exc:
        return None, [error(shown, None, YAML_SYNTAX, t("YAML syntax: {exc}", exc=exc))]
    except RecursionError:
        return None, [error(shown, None, YAML_TOO_COMPLEX, t("the YAML nests too deep"))]
    if node is None:
        return None, []
    try:
        _expanded_size(node)
        return _build(node), []
    except _Reject as rej:
        return None, [error(shown, rej.line, rej.code, rej.message)]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        return None, [error(shown, node.start_mark.line + 1, YAML_SYNTAX, t("cannot read a value: {exc}", exc=exc))]
    except RecursionError:
        return None, [error(shown, None, YAML_TOO_COMPLEX, t("the YAML nests too deep"))]


def load_yaml(path: Path, shown: str, *, within: Path | None = None) -> tuple[Any, list[Finding]]:
    text, findings = read_text(path, shown, within=within)
    if text is None:
        return None, findings
    return parse_yaml(text, shown)


def parse_json(text: str, shown: str) -> tuple[Any, list[Finding]]:
    """Parse JSON text, its nesting bounded before the (recursive) parser runs, or return findings."""
    deep = json_too_deep(text, MAX_DEPTH)
    if deep is not None:
        return None, [error(shown, deep, JSON_SYNTAX, t("the JSON nests deeper than {max_depth} levels; flatten it", max_depth=MAX_DEPTH))]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [error(shown, exc.lineno, JSON_SYNTAX, t("JSON syntax: {msg}", msg=exc.msg))]
    except (ValueError, RecursionError) as exc:
        return None, [error(shown, None, JSON_SYNTAX, t("the JSON cannot be read: {exc}", exc=exc))]


def load_json(path: Path, shown: str, *, within: Path | None = None) -> tuple[Any, list[Finding]]:
    text, findings = read_text(path, shown, within=within)
    if text is None:
        return None, findings
    return parse_json(text, shown)
