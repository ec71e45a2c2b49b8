"""The function definitions of a C file, with their line ranges and offsets.

This is not a C parser.  It finds top-level brace blocks that follow a ``name(...)`` header in the
masked text.  spatch is the authority on what parses; this module only says where to look.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from patches.ctext.lex import Recent, _common_prefix, closing, line_offsets, mask


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


_LEADING_DIRECTIVE = re.compile(r"\s*^[ \t]*#(?:[^\n]*\\\n)*[^\n]*$", re.M)    # continued lines too


def _lead(head: str) -> int:
    """The offset in HEAD (the masked text between two top-level declarations) where a function's header
    begins: past the blanks and the preprocessor lines that come before it."""
    pos = 0
    while (m := _LEADING_DIRECTIVE.match(head, pos)) is not None and m.end() > pos:
        pos = m.end()
    return pos + len(head[pos:]) - len(head[pos:].lstrip())


def functions(text: str) -> list[Function]:
    """The function definitions of a C file, in order."""
    return list(_functions(text))


@dataclass(frozen=True)
class _Scan:
    """What one scan of a masked text found: the functions, the offsets of their closing braces, and the
    offsets where the scan stood at the top level with nothing pending (0, and just after a top-level
    ``}`` or ``;``): from such an offset on, what the scan finds depends on the text from there only."""
    masked: str
    found: tuple[Function, ...]
    closes: tuple[int, ...]
    resets: tuple[int, ...]


_RECENT: Recent[_Scan] = Recent(8)     # the last scans


@functools.lru_cache(maxsize=32)
def _functions(text: str) -> tuple[Function, ...]:
    m = mask(text)
    base = _RECENT.latest()
    scan = _rescan(base, m) if base is not None else _scan(m, 0, None, 0)
    _RECENT.put(m, scan)
    return scan.found


def _rescan(base: _Scan, m: str) -> _Scan:
    """The scan of M, from BASE (the scan of another version): what comes before the first change and
    after the last one is taken over, the scan runs from the last reset before the change to the first
    reset after it that BASE has too (the same text follows, so the same functions, lines shifted)."""
    old = base.masked
    same = _common_prefix(old, m)
    tail = _common_prefix(old[same:][::-1], m[same:][::-1])
    r = max((x for x in base.resets if x <= same), default=0)
    keep = sum(1 for c in base.closes if c < r)
    return _scan(m, r, base, len(m) - tail, keep)


def _scan(m: str, start: int, base: _Scan | None, tail_from: int, keep: int = 0) -> _Scan:
    """Scan M from START (a reset: the first KEEP functions of BASE end before it).  With BASE, stop at
    a reset at or after TAIL_FROM (M is BASE's text from there on, shifted) that BASE has too."""
    found: list[Function] = list(base.found[:keep]) if base else []
    closes: list[int] = list(base.closes[:keep]) if base else []
    resets: list[int] = [x for x in base.resets if x <= start] if base else [0]
    shift = len(base.masked) - len(m) if base else 0
    old_resets = set(base.resets) if base else set()
    depth = 0
    seg_start = start      # offset where the current top-level declaration began
    open_at = -1
    open_line = 0
    counted, line = start, 1 + m.count("\n", 0, start)  # line: the 1-based line of offset COUNTED
    mt = _TOP_LEVEL.search(m, start)
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
                    first = seg_start + _lead(head)
                    # the header begins on the first non-blank line of the segment that is no preprocessor
                    # line (an #include or #define just above the first function is not its header)
                    hdr_line = line - m.count("\n", first, i)
                    found.append(Function(hm.group(1), hdr_line, open_line, line))
                    closes.append(i)
                open_at = -1
                seg_start = i + 1
            elif depth < 0:
                depth = 0
        else:              # ";" at the top level
            seg_start = i + 1
        if depth == 0 and seg_start == i + 1:
            resets.append(i + 1)
            if base is not None and i + 1 >= tail_from and i + 1 + shift in old_resets:
                return _joined(base, m, found, closes, resets, i + 1 + shift)
        mt = (_IN_BODY if depth else _TOP_LEVEL).search(m, i + 1)
    return _Scan(m, tuple(found), tuple(closes), tuple(resets))


def _joined(base: _Scan, m: str, found: list[Function], closes: list[int], resets: list[int],
            at: int) -> _Scan:
    """The scan of M so far, completed with what BASE found from its offset AT on."""
    shift = len(base.masked) - len(m)
    lines = m.count("\n") - base.masked.count("\n")
    rest = [k for k, c in enumerate(base.closes) if c >= at]
    found += [Function(f.name, f.start + lines, f.body_start + lines, f.end + lines)
              for f in base.found[rest[0]:]] if rest else []
    closes += [c - shift for c in base.closes[rest[0]:]] if rest else []
    resets += [x - shift for x in base.resets if x > at]
    return _Scan(m, tuple(found), tuple(closes), tuple(resets))


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
