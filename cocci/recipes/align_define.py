"""Align the value of a quoted `#define` with the defines around it: "please align the value with the
other defines", "line this up with the register macros above".

Evidence: the comment asks for alignment, the quote holds exactly one object-like `#define NAME VALUE`
line the patch adds (or, without diff markers, one such line at all), and that line is in the
anchored file once, at file scope.  Its neighbours are the `#define` lines of the same block (no
blank line between); their values must all start at one column (tabs counted to 8) and be padded
the same way (tabs only or spaces only).  The new line pads its name the
same way to that column; its value and any trailing comment stay as they are.  Neighbours that
disagree, a name too long for the column, or a column tabs cannot reach, are left to the author.
A verified text edit at file scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes.align_continuation import INTENT, NOT_WANTED
from patches.model import Suggestion

# `#define NAME` (no parameter list), the blanks after it, the value (and anything after it)
_DEFINE = re.compile(r"^(#\s*define\s+[A-Za-z_]\w*)([ \t]+)(\S.*)$")
_TAB = 8


def _width(text: str) -> int:
    """The display width of TEXT from column 0, tabs to the next multiple of 8."""
    col = 0
    for ch in text:
        col = (col // _TAB + 1) * _TAB if ch == "\t" else col + 1
    return col


def define_parts(line: str) -> tuple[str, str, str] | None:
    """(`#define NAME`, the padding, the value) of an object-like define line; None for anything else."""
    m = _DEFINE.match(line)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def quoted_define(quoted: list[str]) -> str | None:
    """The one `#define` line QUOTED is about: the one the patch adds ('+') when the quote shows diff
    markers, else the only one quoted; None for none or several."""
    added = [q[1:].strip() for q in quoted if q.startswith("+")]
    kept = [q[1:].strip() if q[:1] in (" ", "+") else q.strip() for q in quoted if not q.startswith("-")]
    for group in (added, kept):
        found = [d for d in group if define_parts(d) is not None]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def block(lines: list[str], k: int) -> list[int]:
    """The indexes of the `#define` lines next to line K (0-based) in its block, K left out: the lines
    above and below up to the first blank or non-define line."""
    out = []
    for step in (-1, 1):
        i = k + step
        while 0 <= i < len(lines) and define_parts(lines[i]) is not None:
            out.append(i)
            i += step
    return sorted(out)


def padded(head: str, column: int, tabs: bool) -> str:
    """The blanks that take HEAD (starting at column 0) to COLUMN; Manual when it cannot."""
    start = _width(head)
    if start >= column:
        raise Manual(f"`{head.split()[-1]}` is too long to reach column {column} of the other values")
    if not tabs:
        return " " * (column - start)
    if column % _TAB:
        raise Manual(f"the other values start at column {column}, which tabs cannot reach")
    return "\t" * (column // _TAB - start // _TAB)


def aligned_line(lines: list[str], k: int) -> str:
    """Line K with its value moved to the column of its block's other defines (Manual when the block
    does not show one column and one padding)."""
    parts = define_parts(lines[k])
    if parts is None:
        raise Manual("the quoted line is not an object-like #define")
    head, _, value = parts
    others = [p for i in block(lines, k) if (p := define_parts(lines[i])) is not None]
    if not others:
        raise Manual("the #define has no neighbouring defines to align with")
    columns = {_width(h + pad) for h, pad, _ in others}
    if len(columns) != 1:
        raise Manual("the neighbouring defines do not put their values at one column")
    styles = {("\t" in pad, " " in pad) for _, pad, _ in others}
    if styles not in ({(True, False)}, {(False, True)}):
        raise Manual("the neighbouring defines do not pad with tabs only or spaces only")
    tabs = styles == {(True, False)}
    return head + padded(head, columns.pop(), tabs) + value


@dataclass(frozen=True)
class AlignDefineParams(Params):
    old: list[str]               # the define line as it is
    new: list[str]               # the same, its value aligned
    function: str = ""           # file scope


class AlignDefine(LinesEdit[AlignDefineParams]):
    kind = "align-define"
    order = Phase.LAYOUT
    notes = ("SmPL does not see the layout of a #define; a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AlignDefineParams] | None:
        text = " ".join(s.comment.split())
        if not INTENT.search(text) or NOT_WANTED.search(text) or not ctx.text:
            return None
        quoted = quoted_define(s.quoted)
        if quoted is None:
            return None
        lines = ctx.text.splitlines()
        at = [i for i, ln in enumerate(lines) if ln.strip() == quoted and ln == ln.lstrip()]
        if len(at) != 1:
            return None
        new = aligned_line(lines, at[0])
        if new == lines[at[0]]:
            raise Manual("the quoted #define is aligned with its neighbours already")
        name = (define_parts(new) or ("", "", ""))[0].split()[-1]
        return Plan(self.kind, slug=name.lower(), order=self.order, files=[ctx.path],
                    params=AlignDefineParams(old=[lines[at[0]]], new=[new]), summary=f"Align the value of {name}")

    def is_applied(self, s: Suggestion, plan: Plan[AlignDefineParams], text: str) -> bool:
        return plan.params.new[0] in text.splitlines()

    def verify(self, s: Suggestion, plan: Plan[AlignDefineParams], before: str, after: str) -> str:
        if plan.params.new[0] not in after.splitlines():
            return "the #define is not aligned"
        changed = [b for b, a in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
        same_count = len(before.splitlines()) == len(after.splitlines())
        return "" if before == after or (same_count and changed == plan.params.old) else \
            "more than the #define line changed"


RECIPE = AlignDefine()
