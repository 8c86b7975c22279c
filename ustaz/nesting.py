"""How deep a YAML or JSON text nests, found in one linear pass before any parser sees it.

libyaml composes nodes recursively in C: `a: [[[…]]]` fifty thousand deep overflows its stack
and the process dies (a segmentation fault, no finding); the pure-Python parser and ``json`` raise
RecursionError instead. So the text is measured first, cheaply and without recursion: flow
brackets and braces outside quoted scalars and comments, block indentation levels, and the
compact `- - - x` / `? ` indicators that nest on one line. The estimate is close to the real depth
for ordinary files (it may count a level too many for a continued plain scalar), so the limit the
callers pass sits well above the depth the model accepts (sourcefile.MAX_DEPTH) and well below
what a parser's stack survives.
"""

from __future__ import annotations

import re

_INDICATORS = re.compile(r"(?:(?:[-?:]|[&!][^\s]*)(?:[ \t]+|$))*")
_FLOW_CHARS = re.compile(r"[\[\]{}\"'#]")
_SPECIAL = re.compile(r"[\[{\"'|>]")
_KEY = re.compile(r"(?:\"[^\"]*\"|'[^']*'|[^\s\[\]{}\"'#][^#]*?):(?:[ \t]+|$)")
_BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*\s*(?:#.*)?$")


def yaml_too_deep(text: str, limit: int) -> int | None:
    """The 1-based line where the nesting first passes `limit` levels, or None."""
    if len(text) <= limit or _yaml_bound(text) <= limit:
        return None
    indents: list[int] = []  # the block indentation levels open at this line
    flow = 0  # open flow brackets and braces
    quote = ""  # the quote character of a quoted scalar that continues onto the next line
    block_scalar_at = -1  # indentation of the key that opened a `|` or `>` scalar
    for number, line in enumerate(text.split("\n"), start=1):
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if block_scalar_at >= 0:
            if not body.strip() or indent > block_scalar_at:
                continue  # the literal text of a block scalar: brackets there are letters
            block_scalar_at = -1
        start = 0
        if not quote and not flow:
            if not body.strip() or body.startswith("#"):
                continue
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            indicators = _INDICATORS.match(body)  # matches every line (perhaps empty)
            start = indicators.end() if indicators else 0
            chain = body[:start].count("- ") + body[:start].count("? ") + body[:start].count("-\t")
            if len(indents) + chain > limit:
                return number
            if not _SPECIAL.search(body):
                continue  # no flow, quote or block scalar starts here
            rest = body[start:]
            key = _KEY.match(rest)
            if key:  # `key: value`: the value starts after the colon
                start += key.end()
                if len(indents) + chain + 1 > limit:
                    return number
            rest = body[start:]
            if _BLOCK_SCALAR.match(rest):
                block_scalar_at = indent
                continue
            if not rest or rest[0] not in "[{\"'":
                continue  # a plain scalar: brackets inside it are letters
        depth = len(indents)
        i = start
        while True:
            if quote:
                i = _quote_end(body, i, quote)
                if i < 0:
                    break  # the quoted scalar goes on to the next line
                quote = ""
                continue
            m = _FLOW_CHARS.search(body, i)
            if m is None:
                break
            ch, i = m.group(), m.end()
            if ch in "[{":
                flow += 1
                if depth + flow > limit:
                    return number
            elif ch in "]}":
                flow = max(0, flow - 1)
            elif ch == "#":
                if m.start() == 0 or body[m.start() - 1] in " \t":
                    break  # a comment
            elif ch in "\"'":
                quote = ch
    return None


_INDENT = re.compile(r"^[ ]*(?=[^\s#])", re.MULTILINE)
_CHAIN = re.compile(r"^[ ]*(?:[-?][ \t]+)+", re.MULTILINE)


def _yaml_bound(text: str) -> int:
    """A quick upper bound of the depth: every bracket, every indentation width, the longest chain
    of `- ` indicators on a line, and one for the scalar. A file under the limit needs no scan."""
    brackets = text.count("[") + text.count("{")
    widths = len(set(_INDENT.findall(text)))
    chain = max((m.group().count("-") + m.group().count("?") for m in _CHAIN.finditer(text)), default=0)
    return brackets + widths + chain + 2


def _quote_end(line: str, i: int, quote: str) -> int:
    """Where a quoted scalar ends on this line (the index after the quote), or -1."""
    while True:
        j = line.find(quote, i)
        if j < 0:
            return -1
        if quote == "'":
            if line.startswith("''", j):
                i = j + 2
                continue
            return j + 1
        k = j
        while k > i and line[k - 1] == "\\":
            k -= 1
        if (j - k) % 2:  # an escaped quote
            i = j + 1
            continue
        return j + 1


_JSON_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[\]{}]|\n')


def json_too_deep(text: str, limit: int) -> int | None:
    """The 1-based line where JSON arrays and objects first nest deeper than `limit`, or None."""
    if len(text) <= limit:
        return None
    depth = 0
    line = 1
    for m in _JSON_TOKENS.finditer(text):
        token = m.group()
        if token == "\n":
            line += 1
        elif token in ("[", "{"):
            depth += 1
            if depth > limit:
                return line
        elif token in ("]", "}"):
            depth = max(0, depth - 1)
    return None
