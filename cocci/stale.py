"""A request on code that is not in the series as it stands: is it done already?

A reply to an older version of a series can arrive after the next version was posted, and that version may
already do what the reply asks.  The quote is of the older code; the series has the newer.  ``older()``
puts the quoted lines back in place of the lines the series has between the quote's first and last lines
that are still there, which gives the file as the reviewer saw it; a recipe then plans the request on that
file, and the request is done when the recipe's own ``is_applied()`` says the series has its effect and the
older file has not.  Anything less certain stays manual.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from patches.ctext import split_lines


@dataclass(frozen=True)
class Older:
    """The file as the quote shows it: PATH, its TEXT, and the 1-based LINES the quote's changed lines
    have in it."""

    path: str
    text: str
    lines: tuple[int, int]


def _key(line: str) -> str:
    return " ".join(line.split())


def older(quote: list[str], path: str, text: str) -> Older | None:
    """TEXT with the quoted lines that are not in it put back where they belong, or None when that place
    is not certain: the quote must match TEXT around one run of changed lines, with at least one
    unchanged line on each side (so the run's place is known), and that run must be the only change."""
    q = [x.rstrip() for x in quote]
    while q and not q[0].strip():
        q.pop(0)
    while q and not q[-1].strip():
        q.pop()
    src = split_lines(text)
    if len(q) < 3 or not src:
        return None
    qk, sk = [_key(x) for x in q], [_key(x) for x in src]
    m = difflib.SequenceMatcher(None, qk, sk, autojunk=False)
    # TEXT's lines before and after the quote are no change
    ops = [op for op in m.get_opcodes() if op[0] != "equal" and not (op[0] == "insert" and op[1] in (0, len(q)))]
    if len(ops) != 1:
        return None
    tag, q1, q2, s1, s2 = ops[0]
    if tag == "insert" or q1 == 0 or q2 == len(q):
        return None                     # nothing of the quote is gone, or the run is at an edge of it
    # the quote's unchanged lines must be one contiguous stretch of TEXT, found once
    before, after = qk[:q1], qk[q2:]
    starts = [i for i in range(len(sk) - len(before) + 1) if sk[i:i + len(before)] == before]
    if len(starts) != 1 or starts[0] + len(before) != s1 or sk[s2:s2 + len(after)] != after:
        return None
    out = src[:s1] + q[q1:q2] + src[s2:]
    return Older(path, "\n".join(out) + "\n", (s1 + 1, s1 + q2 - q1))


def olders(quote: list[str], files: dict[str, str]) -> list[Older]:
    """``older()`` for each of FILES where it gives one."""
    return [o for path, text in sorted(files.items()) for o in [older(quote, path, text)] if o is not None]
