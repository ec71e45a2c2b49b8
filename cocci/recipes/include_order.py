"""Move an `#include` the patch adds to its place in the alphabetical order of the lines around it:
"please keep the includes in alphabetical order", "headers are sorted here".

Evidence: the comment asks for alphabetical or sorted order, the quote holds exactly one `#include <...>`
line the patch adds (or, without diff markers, one such line at all), and the anchored file has it once.
A quote of several added includes ("Please sort the includes" under a new driver's) asks for their
blocks sorted: each run of `#include <dir/...>` lines of one top directory they make up, nothing between.
Its block is the run of `#include <dir/...>` lines of the same top directory around it.  The line goes
after the last other line of the block that sorts before it and before the first one that sorts after
it; when those two disagree (the block is not in order near it) the move is left to the author, and a
line already in place is manual too.  A verified text edit at file scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import textedit as T
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from patches.model import Suggestion

_WISH = re.compile(r"\balphabetic(?:al(?:ly)?)?\b|\b(?:keep|kept|are|is|be)\s+(?:\w+\s+){0,3}sorted\b|"
                   r"\bsort(?:ed)?\s+order\b|\bout\s+of\s+order\b", re.I)
_NOT_WANTED = re.compile(r"\b(?:do\s*n['’]?o?t|no\s+need\s+to|needn['’]?t)\s+(?:\w+\s+){0,2}(?:sort|keep)", re.I)
_INCLUDE = re.compile(r"^#\s*include\s+<(([\w.-]+)/[\w./-]+)>\s*$")


def quoted_include(quoted: list[str]) -> str | None:
    """The one `#include <...>` line QUOTED is about: the one the patch adds ('+') when the quote shows
    diff markers, else the only one quoted; None for none or several."""
    added = [q[1:].strip() for q in quoted if q.startswith("+")]
    kept = [q[1:].strip() if q[:1] in (" ", "+") else q.strip() for q in quoted if not q.startswith("-")]
    for group in (added, kept):
        found = [q for q in group if _INCLUDE.match(q)]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def quoted_includes(quoted: list[str]) -> list[str]:
    """The `#include <...>` lines QUOTED adds ('+'), or all of them when the quote shows no diff markers."""
    added = [q[1:].strip() for q in quoted if q.startswith("+")]
    if not any(q.startswith(("+", "-")) for q in quoted):
        added = [q.strip() for q in quoted]
    return [q for q in added if _INCLUDE.match(q)]


def _run(lines: list[str], at: list[int]) -> tuple[int, int]:
    """(first, last index) of the run of `#include <top/...>` lines of one top directory holding AT."""
    top = _top(lines[at[0]])
    lo, hi = at[0], at[-1]
    while lo > 0 and _top(lines[lo - 1]) == top:
        lo -= 1
    while hi + 1 < len(lines) and _top(lines[hi + 1]) == top:
        hi += 1
    if any(_top(ln) != top for ln in lines[lo:hi + 1]):
        raise Manual("the quoted #include lines have other lines between them")
    return lo, hi


def sorted_block(lines: list[str], quoted: list[str]) -> tuple[int, list[str]]:
    """(first index, lines from there) of LINES with each block holding QUOTED includes sorted: a block
    is the run of `#include <top/...>` lines of one top directory with nothing between (`<linux/...>`
    and `<asm/...>` are sorted each on its own).  Manual when the quoted lines of a directory are not in
    one such run, or every block is sorted already."""
    at = [i for i, ln in enumerate(lines) if ln in quoted]
    if len(at) != len(set(quoted)):
        raise Manual("the quoted #include lines are not each once in the file")
    new = list(lines)
    for top in dict.fromkeys(_top(lines[i]) for i in at):
        lo, hi = _run(lines, [i for i in at if _top(lines[i]) == top])
        new[lo:hi + 1] = sorted(lines[lo:hi + 1], key=_key)
    if new == lines:
        raise Manual("the #include lines are in alphabetical order already")
    first = next(i for i in range(len(lines)) if lines[i] != new[i])
    last = next(i for i in range(len(lines) - 1, -1, -1) if lines[i] != new[i])
    return first, new[first:last + 1]


def _key(line: str) -> str:
    m = _INCLUDE.match(line)
    return m.group(1).removesuffix(".h") if m else ""


def _top(line: str) -> str:
    m = _INCLUDE.match(line)
    return m.group(2) if m else ""


def reordered(lines: list[str], k: int) -> tuple[int, list[str]]:
    """(first index, lines from there) of the stretch of LINES that moving include K to its sorted place
    rewrites; Manual when the block gives it no one place or it is there already."""
    top = _top(lines[k])
    lo, hi = k, k
    while lo > 0 and _top(lines[lo - 1]) == top:
        lo -= 1
    while hi + 1 < len(lines) and _top(lines[hi + 1]) == top:
        hi += 1
    others = [i for i in range(lo, hi + 1) if i != k]
    if not others:
        raise Manual("the #include has no neighbouring includes to sort it among")
    key = _key(lines[k])
    before = [i for i in others if _key(lines[i]) < key]
    after = [i for i in others if _key(lines[i]) > key]
    if before and after and before[-1] > after[0]:
        raise Manual("the includes around it are not in alphabetical order themselves")
    block = [lines[i] for i in others]
    at = len(before)
    block.insert(at, lines[k])
    if block == lines[lo:hi + 1]:
        raise Manual("the #include is in its alphabetical place already")
    old = lines[lo:hi + 1]
    first = next(i for i in range(len(old)) if old[i] != block[i])
    last = next(i for i in range(len(old) - 1, -1, -1) if old[i] != block[i])
    return lo + first, block[first:last + 1]


@dataclass(frozen=True)
class IncludeOrderParams(Params):
    header: str                  # "linux/property.h"
    old: list[str]               # the include lines as they are, from the moved one to its new place
    new: list[str]               # the same lines in their new order
    function: str = ""           # file scope


class IncludeOrder(LinesEdit[IncludeOrderParams]):
    kind = "include-order"
    order = Phase.LAYOUT
    notes = ("SmPL does not move #include lines; a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[IncludeOrderParams] | None:
        text = " ".join(s.comment.split())
        if not _WISH.search(text) or _NOT_WANTED.search(text) or not ctx.text:
            return None
        quoted = quoted_include(s.quoted)
        lines = ctx.text.splitlines()
        if quoted is None:
            return self._block_plan(ctx, lines, quoted_includes(s.quoted))
        at = [i for i, ln in enumerate(lines) if ln == quoted]
        if len(at) != 1:
            return None
        first, new = reordered(lines, at[0])
        header = _key(quoted) + ".h"
        return Plan(self.kind, slug=header.rsplit("/", 1)[-1].removesuffix(".h"), order=self.order,
                    files=[ctx.path], summary=f"Sort the #include <{header}> in",
                    params=IncludeOrderParams(header, old=lines[first:first + len(new)], new=new))

    def _block_plan(self, ctx: CodeContext, lines: list[str], quoted: list[str]) -> Plan[IncludeOrderParams] | None:
        """The quoted run of added includes, sorted ("Please sort the includes alphabetically" under a new
        file's includes); None when the quote holds fewer than two."""
        if len(quoted) < 2:
            return None
        first, new = sorted_block(lines, quoted)
        top = _top(new[0])
        return Plan(self.kind, slug=f"{top}-block", order=self.order, files=[ctx.path],
                    summary=f"Sort the #include <{top}/...> lines in",
                    params=IncludeOrderParams(f"{top}/...", old=lines[first:first + len(new)], new=new))

    def verify(self, s: Suggestion, plan: Plan[IncludeOrderParams], before: str, after: str) -> str:
        if before == after:
            return ""
        if sorted(before.splitlines()) != sorted(after.splitlines()):
            return "more than the order of the #include lines changed"
        return "" if T.replaced(after, plan.params) else f"<{plan.params.header}> is not in its place"


RECIPE = IncludeOrder()
