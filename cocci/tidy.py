"""Whitespace that spatch leaves behind on the lines it printed.

spatch 1.1.1 sometimes prints an added blank line as a lone tab, two edits
next to each other can leave two blank lines in a row, and an `else` it prints
may stand on a line of its own below the `}`.  It also re-wraps a statement it
edited when one of its lines is wider than the limit, even when the author wrote
that line wide and the edit does not widen it (`%d` -> `%u` in a long format
string): then the author's line breaks are kept.  Only lines that the rules
changed are touched; the rest of the file stays byte for byte.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from cocci import linediff
from cocci.spatch import MAX_WIDTH

_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|\w+|\S')


def tidy(before: str, after: str) -> str:
    """AFTER with trailing whitespace removed from changed lines, doubled blank lines (where a
    changed line is one of them) collapsed, and `}` / `else` on two changed lines joined."""
    old = before.splitlines(keepends=True)
    new = _keep_breaks(old, after.splitlines(keepends=True))
    changed = [False] * len(new)
    for tag, _, _, j1, j2 in linediff.opcodes(old, new):
        if tag != "equal":
            for j in range(j1, j2):
                changed[j] = True
    out: list[str] = []
    out_changed: list[bool] = []
    for line, ch in zip(new, changed, strict=True):
        if ch:
            end = "\n" if line.endswith("\n") else ""
            line = line.rstrip() + end
        blank = line.strip() == ""
        if blank and out and out[-1].strip() == "" and (ch or out_changed[-1]):
            continue
        if out and (ch or out_changed[-1]) and out[-1].strip() == "}" and re.match(r"\s*else\b", line) and \
                _indent(out[-1]) == _indent(line):
            # spatch puts an `else` on a line of its own: kernel style has it after the brace
            out[-1] = out[-1].rstrip("\n") + " " + line.lstrip()
            out_changed[-1] = True
            continue
        out.append(line)
        out_changed.append(ch)
    return "".join(out)


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def _keep_breaks(old: list[str], new: list[str]) -> list[str]:
    """NEW with each changed run of lines that spatch only re-wrapped put back on OLD's line breaks
    (see ``rewrapped``)."""
    out: list[str] = []
    for tag, i1, i2, j1, j2 in linediff.opcodes(old, new):
        kept = rewrapped(old[i1:i2], new[j1:j2]) if tag == "replace" and i2 - i1 != j2 - j1 else None
        out += kept if kept is not None else new[j1:j2]
    return out


def _tokens(lines: list[str]) -> list[tuple[str, int, int, int]]:
    """(token, line index, start, end) of LINES: string and character literals, words, punctuation."""
    return [(m.group(0), n, m.start(), m.end()) for n, ln in enumerate(lines) for m in _TOKEN.finditer(ln)]


def rewrapped(old: list[str], new: list[str]) -> list[str] | None:
    """OLD with the token replacements that turned it into NEW made in place, on OLD's lines, when NEW
    differs from OLD only by tokens replaced within single lines plus different line breaks, and an
    OLD line wider than the limit was what made spatch re-wrap: a changed line may not become wider
    than it was, and one that a continuation line follows keeps its length (the continuation stays
    aligned).  None when that does not hold."""
    a, b = _tokens(old), _tokens(new)
    ops = SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False).get_opcodes()
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag != "replace" or len({t[1] for t in a[i1:i2]}) != 1 or len({t[1] for t in b[j1:j2]}) != 1:
            return None
        line = b[j1][1]
        edits.setdefault(a[i1][1], []).append((a[i1][2], a[i2 - 1][3], new[line][b[j1][2]:b[j2 - 1][3]]))
    if not edits:
        return None
    out = list(old)
    for n, spans in edits.items():
        text = out[n]
        for start, end, repl in sorted(spans, reverse=True):
            head = text[:start]
            if repl[:1] in ",;)":
                head = head.rstrip(" ")     # `a == b` -> `a, b`: no blank before the comma
            text = head + repl + text[end:]
        before_w, after_w = _width(old[n]), _width(text)
        if before_w <= MAX_WIDTH or after_w > before_w or (n + 1 < len(old) and after_w != before_w):
            return None
        out[n] = text
    return out


def _width(line: str) -> int:
    return len(line.rstrip("\n").expandtabs(8))
