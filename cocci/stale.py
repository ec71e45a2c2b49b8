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


def _once(sk: list[str], run: list[str]) -> int | None:
    """Where RUN starts in SK when it is there exactly once (0-based), else None."""
    starts = [i for i in range(len(sk) - len(run) + 1) if sk[i:i + len(run)] == run]
    return starts[0] if len(starts) == 1 else None


def older(quote: list[str], path: str, text: str) -> Older | None:
    """TEXT with the quoted lines that are not in it put back where they belong, or None when that place
    is not certain.  The quote must match TEXT around one run of changed lines: with unchanged lines on
    both sides, the run takes the place of what TEXT has between them; at the end (or the start) of the
    quote, it takes the place of as many lines of TEXT after (before) the unchanged ones, every one of them
    changed.  The unchanged lines must be one stretch of TEXT, found once."""
    q = [x.rstrip() for x in quote]
    while q and not q[0].strip():
        q.pop(0)
    while q and not q[-1].strip():
        q.pop()
    src = split_lines(text)
    if len(q) < 2 or not src:
        return None
    qk, sk = [_key(x) for x in q], [_key(x) for x in src]
    span = _interior(qk, sk) or _edge(qk, sk)
    if span is None:
        return None
    q1, q2, s1, s2 = span
    out = src[:s1] + q[q1:q2] + src[s2:]
    return Older(path, "\n".join(out) + "\n", (s1 + 1, s1 + q2 - q1))


def _interior(qk: list[str], sk: list[str]) -> tuple[int, int, int, int] | None:
    """(q1, q2, s1, s2): QK[q1:q2] is what SK[s1:s2] was, unchanged lines of QK on both sides."""
    m = difflib.SequenceMatcher(None, qk, sk, autojunk=False)
    # TEXT's lines before and after the quote are no change
    ops = [op for op in m.get_opcodes() if op[0] != "equal" and not (op[0] == "insert" and op[1] in (0, len(qk)))]
    if len(ops) != 1:
        return None
    tag, q1, q2, s1, s2 = ops[0]
    if tag == "insert" or q1 == 0 or q2 == len(qk):
        return None
    before, after = qk[:q1], qk[q2:]
    if _once(sk, before) != s1 - len(before) or sk[s2:s2 + len(after)] != after:
        return None
    return q1, q2, s1, s2


def _edge(qk: list[str], sk: list[str]) -> tuple[int, int, int, int] | None:
    """(q1, q2, s1, s2) when the changed run is at the end or the start of the quote."""
    for k in range(len(qk) - 1, 0, -1):
        n = len(qk) - k
        at = _once(sk, qk[:k])                      # unchanged head, changed tail
        if at is not None and at + k + n <= len(sk) and \
                all(sk[at + k + i] != qk[k + i] and sk[at + k + i] not in qk for i in range(n)):
            return k, len(qk), at + k, at + k + n
        at = _once(sk, qk[n:])                      # changed head, unchanged tail
        if at is not None and at - n >= 0 and all(sk[at - n + i] not in qk for i in range(n)):
            return 0, n, at - n, at
    return None


def olders(quote: list[str], files: dict[str, str]) -> list[Older]:
    """``older()`` for each of FILES where it gives one."""
    return [o for path, text in sorted(files.items()) for o in [older(quote, path, text)] if o is not None]
