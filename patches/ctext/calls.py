"""Calls in C text: where a call's name stands, where it ends, its arguments (text and span)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext.lex import KEYWORDS, Span, closing, line_of, line_offsets, mask, split_top


@dataclass(frozen=True)
class Call:
    name: str
    name_span: Span             # the callee's name (the last name of `a->b.name(`)
    end: int                    # offset just after the closing parenthesis
    arg_spans: tuple[Span, ...]  # each argument, without surrounding blanks
    args: tuple[str, ...]       # the same, as written
    member: bool                # called through a member (`ops->name(`, `x.name(`)

    @property
    def line(self) -> int:
        """1-based line of the name."""
        return self.name_span.line

    @property
    def start(self) -> int:
        """Offset of the name."""
        return self.name_span.start


_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")


def calls(text: str, first: int, last: int, names: re.Pattern[str] | None = None,
          members: bool = True) -> list[Call]:
    """The calls whose name lies on lines FIRST..LAST (1-based) of TEXT, in order: keywords (`if (`,
    `sizeof(`) are no calls; only names matching NAMES when given; calls through a member only when
    MEMBERS.  A call whose parenthesis does not close is left out."""
    m = mask(text)
    offs = line_offsets(text)
    lo = offs[first - 1] if 1 <= first <= len(offs) else 0
    hi = offs[last] if last < len(offs) else len(text)
    out: list[Call] = []
    for mt in _CALL.finditer(m, lo, hi):
        name = mt.group(1)
        if name in KEYWORDS or (names is not None and not names.fullmatch(name)):
            continue
        ns = mt.start(1)
        j = ns - 1
        while j >= 0 and m[j].isspace():
            j -= 1
        member = j >= 0 and (m[j] == "." or m[j - 1:j + 1] == "->")
        if member and not members:
            continue
        open_at = mt.end() - 1
        close = closing(m, open_at)
        if close < 0:
            continue
        spans = tuple(split_top(text, m, open_at + 1, close))
        out.append(Call(name, Span(ns, ns + len(name), line_of(text, ns)), close + 1, spans,
                        tuple(sp.of(text) for sp in spans), member))
    return out
