"""The function definitions of a C file, with their line ranges and offsets.

This is not a C parser.  It finds top-level brace blocks that follow a ``name(...)`` header in the
masked text.  spatch is the authority on what parses; this module only says where to look.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from patches.ctext.lex import closing, line_offsets, mask


@dataclass(frozen=True)
class Function:
    name: str
    start: int       # 1-based line of the header's first line
    body_start: int  # 1-based line of the opening brace
    end: int         # 1-based line of the closing brace

    def contains(self, line: int) -> bool:
        return self.start <= line <= self.end


_TOP_LEVEL = re.compile(r"[{};]")        # between definitions: braces, and the ";" that ends a declaration
_IN_BODY = re.compile(r"[{}]")           # inside a brace block only the braces matter
_PREPROCESSOR = re.compile(r"^\s*#.*$", re.M)
_HEADER = re.compile(r"([A-Za-z_]\w*)\s*\([^;{}]*\)\s*(?:__\w+(?:\([^)]*\))?\s*)*$", re.S)


def functions(text: str) -> list[Function]:
    """The function definitions of a C file, in order."""
    return list(_functions(text))


@functools.lru_cache(maxsize=32)
def _functions(text: str) -> tuple[Function, ...]:
    m = mask(text)
    result: list[Function] = []
    depth = 0
    seg_start = 0          # offset where the current top-level declaration began
    open_at = -1
    open_line = 0
    counted, line = 0, 1   # line: the 1-based line of offset COUNTED (lines are counted forward only)
    mt = _TOP_LEVEL.search(m)
    while mt:              # only these characters matter: skip the rest at C speed
        i, c = mt.start(), mt.group()
        if c == "{":
            if depth == 0:
                line, counted = line + m.count("\n", counted, i), i
                open_at, open_line = i, line
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and open_at >= 0:
                line, counted = line + m.count("\n", counted, i), i
                head = m[seg_start:open_at]
                # strip preprocessor lines from the header area
                head_clean = (_PREPROCESSOR.sub("", head) if "#" in head else head).rstrip()
                hm = None if head_clean.endswith("=") else _HEADER.search(head_clean)
                if hm and hm.group(1) not in (
                        "if", "for", "while", "switch"):
                    first = seg_start + len(head) - len(head.lstrip())
                    # the header begins on the first non-blank line of the segment
                    hdr_line = line - m.count("\n", first, i)
                    result.append(Function(hm.group(1), hdr_line, open_line, line))
                open_at = -1
                seg_start = i + 1
            elif depth < 0:
                depth = 0
        else:              # ";" at the top level
            seg_start = i + 1
        mt = (_IN_BODY if depth else _TOP_LEVEL).search(m, i + 1)
    return tuple(result)


def function_named(text: str, name: str) -> Function | None:
    return next((f for f in functions(text) if f.name == name), None)


def function_at(text: str, line: int) -> Function | None:
    return next((f for f in functions(text) if f.contains(line)), None)


def function_span(text: str, name: str) -> tuple[int, int, int] | None:
    """(offset of the header's first char, offset of '{', offset just after '}') of function NAME."""
    f = function_named(text, name)
    if f is None:
        return None
    offs = line_offsets(text)
    start = offs[f.start - 1]
    m = mask(text)
    # the header area may begin with preprocessor lines (a #define right above the function)
    while True:
        line_end = m.find("\n", start)
        line = m[start:line_end]
        if line_end < 0 or not (line.strip() == "" or line.lstrip().startswith("#")):
            break
        start = line_end + 1
    brace = m.index("{", offs[f.body_start - 1])
    close = closing(m, brace)
    return start, brace, (close if close >= 0 else len(m) - 1) + 1
