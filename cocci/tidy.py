"""Whitespace that spatch leaves behind on the lines it printed.

spatch 1.1.1 sometimes prints an added blank line as a lone tab, two edits
next to each other can leave two blank lines in a row, and an `else` it prints
may stand on a line of its own below the `}`.  Only lines that the
rules changed are touched; the rest of the file stays byte for byte.
"""
from __future__ import annotations

import re

from cocci import linediff


def tidy(before: str, after: str) -> str:
    """AFTER with trailing whitespace removed from changed lines, doubled blank lines (where a
    changed line is one of them) collapsed, and `}` / `else` on two changed lines joined."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
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
