"""Line diffs of a file before and after a few edits, fast.

difflib's SequenceMatcher (autojunk off, as exact results need) is quadratic-ish on
a 3,000-line file, and respin diffs whole files many times for edits of a few
lines.  The common head and tail are taken off first and only the middle is
matched.  Where lines repeat, two alignments can be equally good and the
middle's matcher may pick the other one; otherwise the opcodes are those of
SequenceMatcher(autojunk=False) on the whole lists.
"""
from __future__ import annotations

import difflib
from itertools import compress, count
from operator import ne
from typing import Iterator, Literal, Sequence


def _trim(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """Lengths of the common prefix and (not overlapping it) the common suffix."""
    n = min(len(a), len(b))
    # the first index where the lines differ, found at C speed (no Python step per line)
    p = next(compress(count(), map(ne, a, b)), n)
    s = next(compress(count(), map(ne, reversed(a), reversed(b))), n)
    return p, min(s, n - p)


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """The opcodes that turn A into B (SequenceMatcher's, autojunk off), matching the middle only."""
    p, s = _trim(a, b)
    mid = difflib.SequenceMatcher(None, a[p:len(a) - s], b[p:len(b) - s], autojunk=False).get_opcodes()
    out: list[tuple[str, int, int, int, int]] = []

    def put(tag: str, i1: int, i2: int, j1: int, j2: int) -> None:
        if i1 == i2 and j1 == j2:
            return
        if out and tag == "equal" and out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1], i2, out[-1][3], j2)
        else:
            out.append((tag, i1, i2, j1, j2))

    put("equal", 0, p, 0, p)
    for tag, i1, i2, j1, j2 in mid:
        put(tag, i1 + p, i2 + p, j1 + p, j2 + p)
    put("equal", len(a) - s, len(a), len(b) - s, len(b))
    return out


_Tag = Literal["replace", "delete", "insert", "equal"]
_TAGS: dict[str, _Tag] = {"replace": "replace", "delete": "delete", "insert": "insert", "equal": "equal"}


class _Codes(difflib.SequenceMatcher[str]):
    """A SequenceMatcher whose opcodes are given, for difflib's own grouping of opcodes into hunks."""

    def __init__(self, codes: list[tuple[str, int, int, int, int]]):
        super().__init__(None, "", "", autojunk=False)
        self._codes = codes

    def get_opcodes(self) -> list[tuple[_Tag, int, int, int, int]]:
        return [(_TAGS[t], i1, i2, j1, j2) for t, i1, i2, j1, j2 in self._codes] or [("equal", 0, 1, 0, 1)]


def unified(a: Sequence[str], b: Sequence[str], fromfile: str = "", tofile: str = "", n: int = 3,
            lineterm: str = "\n") -> Iterator[str]:
    """What difflib.unified_diff(a, b, fromfile, tofile, n=n, lineterm=lineterm) writes, but from
    the exact matcher (autojunk off: never a longer diff than needed), on the trimmed middle."""
    started = False
    for group in _Codes(opcodes(a, b)).get_grouped_opcodes(n):
        if not started:
            started = True
            yield f"--- {fromfile}{lineterm}"
            yield f"+++ {tofile}{lineterm}"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@{lineterm}"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in a[i1:i2]:
                    yield " " + line
                continue
            if tag in ("replace", "delete"):
                for line in a[i1:i2]:
                    yield "-" + line
            if tag in ("replace", "insert"):
                for line in b[j1:j2]:
                    yield "+" + line


def _range(start: int, stop: int) -> str:
    """A unified diff range, as difflib writes it."""
    beginning = start + 1
    length = stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"
