"""Quoted patch lines the reviewer or the mail client broke, mended from the patch itself.

A line whose tail the reviewer cut ("+\tret = regmap_write(data->regmap, [...]") is the one line of the
patch it begins, put back whole.  A cut line that begins several lines of the patch, the quote's lines
around it not telling which, stays cut: a loose match is never taken for the place meant.

A line the mail client wrapped where its second part looks like a patch line of its own ("> +\treturn
foo(base" over "> + channel);", which no rejoining of the mail's lines can tell from an added line) is
put back together when the two parts make a line of the patch and the first alone is none.
"""
from __future__ import annotations

import re

# a cut mark at the end of a line of code: "[...]", "[..]", "(...)", "[snip]", "...", "…"
_CUT_TAIL = re.compile(r"\s*(?:\[\s*(?:\.{2,}|…|snip(?:ped)?)\s*\]|\(\s*(?:\.{2,}|…)\s*\)|\.{3,}|…)\s*$", re.I)
_HEADER = re.compile(r"^(?:diff --git |index |--- |\+\+\+ |@@ |new file mode |deleted file mode )")


def _squash(text: str) -> str:
    return "".join(text.split())


def cut_head(line: str) -> str:
    """The code a quoted patch line LINE keeps before the mark that cuts its tail ("" when it has none, or
    is the mark alone)."""
    if line[:1] not in ("+", "-", " ") or _HEADER.match(line):
        return ""
    m = _CUT_TAIL.search(line[1:])
    if m is None:
        return ""
    head = line[1:1 + m.start()]
    return head if _squash(head) else ""


def _patch_lines(diff: str) -> list[str]:
    return [ln for ln in diff.split("\n") if ln[:1] in ("+", "-", " ") and not _HEADER.match(ln)]


def _neighbour(lines: list[str], i: int, step: int) -> str:
    """The squashed text of the nearest non-blank line from I in direction STEP ("" at either end)."""
    j = i + step
    while 0 <= j < len(lines):
        if _squash(lines[j][1:]):
            return _squash(lines[j])
        j += step
    return ""


def mend(quoted: list[str], diff: str) -> list[tuple[str, int]]:
    """QUOTED with its wrapped lines joined (see rejoin) and its cut lines made whole (see uncut): each
    line with the index in QUOTED of its first part."""
    joined = rejoin(quoted, diff)
    return list(zip(uncut([ln for ln, _ in joined], diff), [i for _, i in joined], strict=True))


_WRAPPED_PARTS = 3      # the parts a mail client breaks one quoted line into, at most


def rejoin(quoted: list[str], diff: str) -> list[tuple[str, int]]:
    """QUOTED with each run of lines that together, and not the first alone, make a line of DIFF (the mark
    of the second part read as its text) put back as that line; each line with the index in QUOTED of
    its first part."""
    patch = {_squash(p): p for p in _patch_lines(diff)}
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(quoted):
        line, first = quoted[i], i
        i += 1
        if line[:1] not in ("+", "-", " ") or _HEADER.match(line) or not _squash(line[1:]) or _squash(line) in patch:
            out.append((line, first))
            continue
        acc, j = _squash(line), i
        while j < len(quoted) and j - i < _WRAPPED_PARTS - 1 and _squash(quoted[j]) and \
                any(k.startswith(acc + _squash(quoted[j])) for k in patch):
            acc += _squash(quoted[j])
            j += 1
            if acc in patch:
                line, i = patch[acc], j
                break
        out.append((line, first))
    return out


def uncut(quoted: list[str], diff: str) -> list[str]:
    """QUOTED with each line cut short replaced by the line of DIFF it begins (same mark): the only one,
    or the only one whose neighbours in DIFF are the quote's neighbours of the cut line.  A line the
    patch has as it is quoted, mark and all, is the patch's own."""
    patch = _patch_lines(diff)
    out = list(quoted)
    for i, line in enumerate(quoted):
        head = cut_head(line)
        if not head or any(_squash(p) == _squash(line) for p in patch):
            continue        # no mark, or the patch's own line ends so ("/* wait for it... */" cut there)
        want = _squash(head)
        found = [k for k, p in enumerate(patch)
                 if p[:1] == line[:1] and _squash(p[1:]).startswith(want) and len(_squash(p[1:])) > len(want)]
        if len(found) > 1:
            found = [k for k in found if any(
                q and q == _neighbour(patch, k, step) for q, step in
                ((_neighbour(quoted, i, -1), -1), (_neighbour(quoted, i, 1), 1)))]
        if len(found) == 1:
            out[i] = patch[found[0]]
    return out
