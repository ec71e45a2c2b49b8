"""Keep a sorted list sorted: "Keep the list sorted.", "alphabetical order, please" under what a patch adds
to a Makefile's `obj-$(CONFIG_...)` lines, a Kconfig menu's entries, MAINTAINERS' sections or the `F:`
lines of one MAINTAINERS section; a verified text edit.

Evidence: the comment speaks of order (sorted, alphabetical, "out of order"), and the quote holds the
line the patch adds to the list (the `obj-` line, the `config FOO` entry or a line of it, the section's
title or a line of it), or the section's `F:` lines.  An added item goes to the one place among the
list's other items where it sorts (each item after one that sorts before it or equal, before one that
sorts after it; the lists the kernel keeps "sorted" have a few items out of place, so the place must be
the only one that fits, or of several the one among the item's like: its neighbours begin as it does for
longer than at the others; else manual); `F:` lines are sorted as scripts/parse-maintainers.pl sorts them.
The list is what stands together around the item: the same kind of Makefile assignment with no blank
line, Kconfig entries at the left margin one blank line apart with nothing else between (an `if`, a
`menu`, a `source` line ends it), MAINTAINERS sections one blank line apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes.text_lines import quoted_run
from patches import textfile as F
from patches.model import Suggestion

_ORDER = re.compile(r"\b(?:alphabetic\w*|sort(?:ed|ing)?|(?:in|out\s+of)\s+order|order(?:ed|ing)?\s+"
                    r"(?:alphabetically|by)|keep\s+(?:\w+\s+){0,2}order(?:ed)?)\b", re.I)
# order named to wave it away: "no need to keep this sorted", "don't bother sorting", "order doesn't matter"
_WAIVED = re.compile(r"\b(?:no\s+need|(?:do\s*n['\u2019]?t|do\s+not|need\s*n['\u2019]?t)\s+(?:need|have|bother)?)\s*"
                     r"(?:to\s+)?(?:\w+\s+){0,3}?(?:sort|re-?order|order|alphabeti)\w*|"
                     r"\b(?:order|ordering|sorting)\s+(?:(?:does\s*n['\u2019]?t|does\s+not)\s+matter|is\s+not\s+important)|"
                     r"\b(?:is\s*n['\u2019]?t|is\s+not|are\s*n['\u2019]?t|are\s+not)\s+(?:\w+\s+)?sorted\s+(?:anyway|either)\b",
                     re.I)
_ENTRY = re.compile(r"^(?:menu)?config\s+(\w+)\s*$")
_MOST = 2000            # lines an item may move: beyond that the rule is no longer one to read


@dataclass(frozen=True)
class SortLinesParams(Params):
    old: list[str]               # the lines from the first that moves to the last
    new: list[str]               # the same lines in their new order
    line: int                    # where OLD starts (1-based)
    item: str                    # what moves ("obj-$(CONFIG_QX) += qx.o", "config QX", the F: lines)
    function: str = ""           # file scope


@dataclass(frozen=True)
class Item:
    start: int                   # 0-based first line
    body: list[str]              # its lines, blank lines after it left out
    blank: int                   # blank lines after it
    key: str                     # what it sorts by


def asks_order(comment: str) -> bool:
    """Whether a sentence of COMMENT speaks of order without waving it away."""
    sentences = re.split(r"(?<=[.?!])\s+", " ".join(comment.split()))
    return any(_ORDER.search(x) and not _WAIVED.search(x) for x in sentences)


def place(items: list[Item], moving: int) -> int | None:
    """The one index among the other ITEMS before which item MOVING sorts (len: at the end); None when
    it fits in no place.  Where several places fit (an item out of place elsewhere in the list:
    `CONFIG_MAX31827` among the `CONFIG_SENSORS_*` lines), the one among its like: whose neighbours
    share the longest beginning with it, when that one is longer than at every other place; else None."""
    others = [it for k, it in enumerate(items) if k != moving]
    key = items[moving].key
    fits = [g for g in range(len(others) + 1)
            if (g == 0 or others[g - 1].key <= key) and (g == len(others) or key <= others[g].key)]
    if len(fits) <= 1:
        return fits[0] if fits else None
    near = sorted(((max(_common(key, others[g - 1].key) if g else 0,
                        _common(key, others[g].key) if g < len(others) else 0), g) for g in fits), reverse=True)
    return near[0][1] if near[0][0] > near[1][0] else None


def _common(a: str, b: str) -> int:
    """How many characters A and B begin with alike."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _lines(items: list[Item], src_blank: int, trailing: int) -> list[str]:
    """ITEMS written one blank line apart when SRC_BLANK (0: a list of lines), and TRAILING blank lines
    after the last (those the list had after its last item)."""
    out: list[str] = []
    for k, it in enumerate(items):
        out += it.body
        if k < len(items) - 1 and src_blank:
            out.append("")
    return out + [""] * (trailing if src_blank else 0)


def _makefile_items(src: list[str], at: int) -> list[Item]:
    family = _family(src[at])
    lo = at
    while lo > 0 and _family(src[lo - 1]) == family:
        lo -= 1
    hi = at
    while hi + 1 < len(src) and _family(src[hi + 1]) == family:
        hi += 1
    return [Item(n, [src[n]], 0, src[n].strip().lower()) for n in range(lo, hi + 1)]


def _family(line: str) -> str:
    """`obj-$(CONFIG)` for `obj-$(CONFIG_QX) += qx.o`: the lines of one sorted list share it."""
    if line.rstrip().endswith("\\"):
        return ""
    return re.sub(r"\$\(CONFIG_\w+\)", "$(CONFIG)", F.key(line, F.MAKEFILE))


def _blocks(src: list[str], starts: list[int], is_head: re.Pattern[str] | None) -> list[Item]:
    """Items that begin at STARTS, each running to the next one's start (blank lines after it apart)."""
    items = []
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(src)
        body = src[s:end]
        n = len(body)
        while n > 1 and not body[n - 1].strip():
            n -= 1
        head = is_head.match(src[s]) if is_head else None
        key = head.group(1) if head else src[s].strip()
        items.append(Item(s, body[:n], len(body) - n, key.upper()))
    return items


def _kconfig_items(src: list[str], at: int) -> list[Item]:
    """The entries of the Kconfig list the line AT lies in: `config`/`menuconfig` entries following each
    other, nothing else at the left margin between them."""
    top = [n for n in range(len(src)) if src[n].strip() and not src[n][:1].isspace()]
    head = max((n for n in top if n <= at), default=None)
    if head is None or not _ENTRY.match(src[head]):
        return []
    k = top.index(head)
    lo = k
    while lo > 0 and _ENTRY.match(src[top[lo - 1]]):
        lo -= 1
    hi = k
    while hi + 1 < len(top) and _ENTRY.match(src[top[hi + 1]]):
        hi += 1
    starts = top[lo:hi + 1]
    end = top[hi + 1] if hi + 1 < len(top) else len(src)
    items = _blocks(src[:end], starts, _ENTRY)
    return items


def _maintainers_items(src: list[str], at: int) -> list[Item]:
    """The sections of MAINTAINERS: a title line, its field lines, one blank line."""
    starts = [n for n in range(len(src) - 1) if src[n].strip() and not F.key(src[n], F.MAINTAINERS)
              and F.key(src[n + 1], F.MAINTAINERS) and (n == 0 or not src[n - 1].strip())]
    first = max((n for n in starts if n <= at), default=None)
    if first is None:
        return []
    k = starts.index(first)
    lo = k
    while lo > 0 and _contiguous(src, starts[lo - 1], starts[lo]):
        lo -= 1
    hi = k
    while hi + 1 < len(starts) and _contiguous(src, starts[hi], starts[hi + 1]):
        hi += 1
    end = starts[hi] + 1
    while end < len(src) and F.key(src[end], F.MAINTAINERS):
        end += 1
    while end < len(src) and not src[end].strip():
        end += 1
    return _blocks(src[:end], starts[lo:hi + 1], None)


def _contiguous(src: list[str], a: int, b: int) -> bool:
    """Whether the section at B follows the one at A with only its field lines and blank lines between."""
    return all(F.key(src[n], F.MAINTAINERS) or not src[n].strip() for n in range(a + 1, b))


class SortLines(LinesEdit[SortLinesParams]):
    kind = "sort-lines"
    order = Phase.LAYOUT
    changed = "the list's order"
    notes = ("SmPL reads C only: a verified text edit that moves lines of the list.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[SortLinesParams] | None:
        kind = F.file_kind(ctx.path)
        if kind not in (F.MAKEFILE, F.KCONFIG, F.MAINTAINERS) or not ctx.text or s.anchor.in_message:
            return None
        if not asks_order(s.comment):
            return None
        found = quoted_run(s, ctx)
        if found is None:
            return None
        at, run = found
        src = ctx.text.splitlines()
        added = {ln.rstrip() for ln in _added(s)}
        # a quote that opens on context lines: the item is where the patch's own lines begin
        at += next((k for k, ln in enumerate(run) if ln.strip() and ln.rstrip() in added), 0)
        if kind == F.MAINTAINERS and all(F.key(ln, F.MAINTAINERS) == "F" for ln in run if ln.strip()):
            return self._files(ctx, src, at, run)
        if kind == F.MAKEFILE:
            mine = [at + k for k, ln in enumerate(run) if ln.rstrip() in added and _family(ln).startswith("obj-")]
            if len(mine) != 1:
                raise Manual("the quote holds no one `obj-` line the patch adds to put in its place")
            items = _makefile_items(src, mine[0])
            blank = 0
        else:
            items = _kconfig_items(src, at) if kind == F.KCONFIG else _maintainers_items(src, at)
            blank = 1
        moving = [k for k, it in enumerate(items) if it.start <= at < it.start + len(it.body) + it.blank]
        if not moving or not _new(ctx, items[moving[0]].body, added):
            raise Manual("the quote lies in no item of a list that the patch adds whole")
        return self._moved(ctx, src, items, moving[0], blank)

    def _moved(self, ctx: CodeContext, src: list[str], items: list[Item], k: int,
               blank: int) -> Plan[SortLinesParams]:
        if len(items) < 3:
            raise Manual("the list around the new item is too short to tell its order")
        if blank and any(it.blank != 1 for it in items[:-1]):
            raise Manual("the items of the list are not one blank line apart: where the new one goes is unclear")
        g = place(items, k)
        if g is None:
            raise Manual(f"`{items[k].body[0].strip()}` sorts into no one place of the list (it is not sorted "
                         "around it)")
        others = [it for n, it in enumerate(items) if n != k]
        order = others[:g] + [items[k]] + others[g:]
        if order == items:
            raise Manual(f"`{items[k].body[0].strip()}` is in its sorted place already")
        first = items[0].start
        old = src[first:first + sum(len(it.body) + (it.blank if blank else 0) for it in items)]
        new = _lines(order, blank, items[-1].blank)
        return self._plan(ctx, old, new, first, items[k].body[0].strip())

    def _files(self, ctx: CodeContext, src: list[str], at: int, run: list[str]) -> Plan[SortLinesParams] | None:
        lo = at
        while lo > 0 and F.key(src[lo - 1], F.MAINTAINERS) == "F":
            lo -= 1
        hi = at + len(run)
        while hi < len(src) and F.key(src[hi], F.MAINTAINERS) == "F":
            hi += 1
        old = src[lo:hi]
        new = sorted(old)
        if new == old:
            raise Manual("the section's F: lines are sorted already")
        return self._plan(ctx, old, new, lo, "the F: lines")

    def _plan(self, ctx: CodeContext, old: list[str], new: list[str], first: int,
              item: str) -> Plan[SortLinesParams]:
        n = 0
        while n < len(old) and old[n] == new[n]:
            n += 1
        m = 0
        while m < len(old) - n and old[-1 - m] == new[-1 - m]:
            m += 1
        old, new = old[n:len(old) - m], new[n:len(new) - m]
        if len(old) > _MOST:
            raise Manual(f"`{item}` would move {len(old)} lines: too far for a rule to read; left to the author")
        return Plan(self.kind, slug="sorted", order=self.order, files=[ctx.path],
                    summary=f"Put {item if item.startswith('the ') else f'`{item}`'} in sorted order in {ctx.path}",
                    params=SortLinesParams(old=old, new=new, line=first + n + 1, item=item))

    def verify(self, s: Suggestion, plan: Plan[SortLinesParams], before: str, after: str) -> str:
        if sorted(plan.params.old) != sorted(plan.params.new):
            return "the lines were not only reordered"
        return super().verify(s, plan, before, after)


def _new(ctx: CodeContext, body: list[str], added: set[str]) -> bool:
    """Whether the patch adds the item of lines BODY: its first line (the `obj-` line, `config FOO`, the
    section's title) is not in the file before the patch (when that is known), else it is quoted as
    added."""
    base = (ctx.base_files or {}).get(ctx.path)
    if base is None:
        return body[0].rstrip() in added
    return body[0].rstrip() not in {ln.rstrip() for ln in base.splitlines()}


def _added(s: Suggestion) -> list[str]:
    quoted = s.quote_diff or s.quoted
    return [q[1:] for q in quoted if q[:1] == "+"]


RECIPE = SortLines()
