"""Shared by the layout recipes (join, align, whitespace, blank lines, declaration order).

Their edits change the layout of the quoted lines only, never a token: such an edit is a
text edit made on the file as it is when the rule runs.  The plan names the quoted
*unit* (a logical line: one statement, declaration or header, possibly continued over
several lines) by its normalized code and its occurrence in the function, so that it is
found again after earlier rules moved lines; layout rules run first (``Phase.LAYOUT``), so that
what they change is invisible to the token-level rules that follow.
"""
from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from cocci import linediff
from cocci import render as R
from cocci import textedit as T
from patches.ctext import Function, function_named, mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.model import Suggestion

TAB = 8
DEFAULT_LIMIT = 80

# a snippet follows: the reviewer shows the layout, which the reviewer-code recipes handle
SNIPPET_WORDS = re.compile(r"\blike\s+(?:this|so)\b|\bas\s+(?:follows|below)\b|\bthis\s+way\b|:\s*\n\s*\S",
                           re.I)


# ---------------------------------------------------------------- columns and limits

def width(line: str) -> int:
    """Display columns of LINE, tabs at every 8th column (as checkpatch counts them)."""
    return len(line.rstrip("\n").expandtabs(TAB))


def line_limit(text: str) -> int:
    """The line length the file keeps to: 80 (checkpatch's default), or 100 when the file clearly uses
    100 (more than one code line in twenty is longer than 80 columns, and none longer than 100)."""
    code = [ln for ln in mask(text).splitlines() if ln.strip()]
    if not code:
        return DEFAULT_LIMIT
    src = [ln for ln in text.splitlines() if ln.strip()]
    long = [w for w in (width(ln) for ln in src) if w > DEFAULT_LIMIT]
    if len(long) * 20 > len(code) and all(w <= 100 for w in long):
        return 100
    return DEFAULT_LIMIT


def indent_to(column: int, tabs: bool = True) -> str:
    """Leading whitespace reaching COLUMN: tabs then spaces (the kernel's way), or spaces only."""
    return "\t" * (column // TAB) + " " * (column % TAB) if tabs else " " * column


def trailing_comment(line: str) -> int | None:
    """Where the comment after the code of LINE starts (`x = 1;\t/* why */`); None without one."""
    m = mask(line)
    code_end = len(m.rstrip())
    if not m.strip() or code_end == len(line.rstrip()):
        return None
    at = line.find("/*", code_end)
    at = at if at >= 0 else line.find("//", code_end)
    return at if at >= 0 and not line[code_end:at].strip() else None


def keep_comment_column(old: str, new: str) -> str:
    """NEW (OLD with its code changed) with the trailing comment back at the column it had in OLD, when
    the code still ends before that column and the padding is tabs: `unsigned x;\t\t/* ... */` spelled
    `unsigned int x;` keeps its comment where the block's comments stand."""
    def split(line: str) -> tuple[str, str, str] | None:
        at = trailing_comment(line)
        if at is None:
            return None
        code_end = len(mask(line).rstrip())
        return line[:code_end], line[code_end:at], line[at:]
    o, n = split(old), split(new)
    if o is None or n is None or set(o[1]) != {"\t"}:
        return new
    column = width(o[0] + o[1])
    cur, pad = width(n[0]), ""
    while cur < column:
        cur = (cur // TAB + 1) * TAB
        pad += "\t"
    return n[0] + pad + n[2] if cur == column else new


def replaced_in_column(line: str, a: int, b: int, new: str) -> str:
    """LINE with its characters A..B replaced by NEW; the token after them keeps its column when a run of
    tabs or of several spaces lines it up (`uint64_t\t\t\ttotal` under the other declarations: `u64`
    takes one tab more), as far as tabs reach that column exactly."""
    rest, head = line[b:], line[:a] + new
    gap = re.match(r"[ \t]+", rest)
    if gap is None or gap.group(0) == " " or not rest[gap.end():].strip():
        return head + rest
    column, cur = width(line[:b] + gap.group(0)), width(head)
    if "\t" not in gap.group(0):
        return head + " " * max(column - cur, 1) + rest[gap.end():]
    pad = ""
    while cur < column:
        cur = (cur // TAB + 1) * TAB
        pad += "\t"
    return head + pad + rest[gap.end():] if pad and cur == column else head + rest


def column_at(line: str, index: int) -> int:
    """The display column of character INDEX of LINE."""
    return width(line[:index])


# ---------------------------------------------------------------- logical lines

def units(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The logical lines of TEXT between lines LO and HI (1-based, inclusive): statements, declarations
    and headers, each over one or more physical lines.  Blank, comment-only and preprocessor lines are
    units of their own."""
    m = mask(text).splitlines()
    out: list[tuple[int, int]] = []
    start = 0
    depth = 0
    n = lo
    while n <= min(hi, len(m)):
        t = m[n - 1].strip()
        if not start:
            if not t:
                out.append((n, n))
                n += 1
                continue
            if t.startswith("#"):
                end = n
                while m[end - 1].rstrip().endswith("\\") and end < hi:
                    end += 1
                out.append((n, end))
                n = end + 1
                continue
            start, depth = n, 0
        depth += t.count("(") + t.count("[") - t.count(")") - t.count("]")
        ends = depth <= 0 and (not t or t[-1] in ";{}:," or (t.endswith(")") and not _continues(m, n, hi))
                               or re.fullmatch(r"(?:\}\s*)?else", t) is not None)
        if ends or n == hi:
            out.append((start, n))
            start = 0
        n += 1
    return out


def _continues(m: list[str], n: int, hi: int) -> bool:
    """Whether the expression of line N (ending in `)` with its parentheses closed) goes on below:
    the next line starts with a binary operator or `?`/`:`."""
    if n >= hi or n >= len(m):
        return False
    return re.match(r"\s*(?:[-+*/%|&^?:<>=]|&&|\|\|)(?![-+>])", m[n]) is not None and \
        not m[n].strip().startswith(("*/", "//"))


def layout_lines(fn: Function) -> tuple[int, int]:
    """The lines of FN whose layout the layout recipes edit: its header (a parameter list over several
    lines) and its body, the closing brace aside."""
    return fn.start, fn.end - 1


def unit_code(text: str, a: int, b: int) -> str:
    return norm(mask("\n".join(text.splitlines()[a - 1:b])))


def unit_occurrence(text: str, fn: Function, a: int, b: int) -> int:
    want = unit_code(text, a, b)
    k = 0
    for x, y in units(text, *layout_lines(fn)):
        if x == a:
            return k
        if unit_code(text, x, y) == want:
            k += 1
    return 0


def find_unit(text: str, fn_name: str, code: str, k: int) -> tuple[Function, int, int] | None:
    """The K-th unit of function FN_NAME whose normalized code is CODE, in TEXT as it is now."""
    fn = function_named(text, fn_name)
    if fn is None:
        return None
    hits = [(a, b) for a, b in units(text, *layout_lines(fn))
            if mask(text).splitlines()[a - 1].strip() and unit_code(text, a, b) == code]
    if not hits:
        return None
    a, b = hits[min(k, len(hits) - 1)]
    return fn, a, b


def has_comment(lines: list[str]) -> bool:
    """Whether LINES hold a comment (masked text differs outside string literals)."""
    return any("/*" in ln or "//" in ln for ln in mask("\n".join(lines)).splitlines()) or \
        any(re.search(r"/\*|//", re.sub(r'"(?:\\.|[^"\\])*"', '""', ln)) for ln in lines)


# ---------------------------------------------------------------- changed lines

def changed_lines(before: str, after: str) -> list[int]:
    """1-based lines of BEFORE that an edit replaced or deleted, and the lines inserts went next to."""
    out: list[int] = []
    old = before.splitlines()
    for tag, i1, i2, _, _ in linediff.opcodes(old, after.splitlines()):
        if tag == "equal":
            continue
        out += range(i1 + 1, i2 + 1) if i2 > i1 else [min(i1 + 1, len(old))]
    return out


def same_tokens(before: str, after: str) -> bool:
    return norm(mask(before)) == norm(mask(after))


# ---------------------------------------------------------------- the recipe shape

@dataclass(frozen=True)
class LayoutParams(InFunction):
    unit: str                   # the quoted unit's normalized code
    k: int                      # its occurrence among the units of the function


LP = TypeVar("LP", bound=LayoutParams)


class LayoutRecipe(Recipe[LP]):
    """A text edit of the quoted unit's layout: subclasses say which unit (``target``) and what its
    lines become (``relayout``); the rest (finding it again, rendering, verifying) is shared."""

    order = Phase.LAYOUT
    is_text_edit = True
    what = "Fix the layout"

    @abstractmethod
    def relayout(self, plan: Plan[LP], text: str, fn: Function, a: int, b: int) -> tuple[int, int, list[str]]:
        """(first, last, new lines): lines FIRST..LAST of TEXT (around unit A..B) are replaced by the
        new lines.  Raise Manual when it cannot be done."""

    def plan_for(self, ctx: CodeContext, fn: Function, a: int, b: int, slug: str, summary: str,
                 params: Callable[[str, str, int], LP]) -> Plan[LP]:
        """A plan for unit A..B of FN, checked by making the edit once on the context's text; PARAMS
        makes the recipe's parameters from (function, unit, occurrence)."""
        plan = Plan(self.kind, slug=slug, order=self.order, files=[ctx.path], summary=summary,
                    params=params(fn.name, unit_code(ctx.text, a, b), unit_occurrence(ctx.text, fn, a, b)))
        first, last, new = self.relayout(plan, ctx.text, fn, a, b)
        if ctx.text.splitlines()[first - 1:last] == new:
            raise Manual(f"the quoted lines in {fn.name}() already look as asked")
        return plan

    def _located(self, plan: Plan[LP], text: str) -> tuple[int, int, list[str], list[str]]:
        found = find_unit(text, plan.params.function, plan.params.unit, plan.params.k)
        if found is None:
            raise Manual(f"the quoted code is no longer in {plan.params.function}()")
        fn, a, b = found
        first, last, new = self.relayout(plan, text, fn, a, b)
        return first, last, text.splitlines()[first - 1:last], new

    def understand_unit(self, s: Suggestion, ctx: CodeContext) -> tuple[Function, int, int]:
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        return fn, first, last

    def text_edit(self, s: Suggestion, plan: Plan[LP], ctx: CodeContext) -> T.TextEdit:
        first, _, old, new = self._located(plan, ctx.text)
        return T.TextEdit(ctx.path, plan.params.function, old, new, plan.summary,
                          drop_blank_after=False, line=first)

    def render(self, s: Suggestion, plan: Plan[LP], ctx: CodeContext) -> str:
        fn = plan.params.function
        te = self.text_edit(s, plan, ctx)
        notes = ["Only the layout of the quoted lines changes, and SmPL re-prints code in its own layout."]
        return R.text_edit_rule(f"{self.what} in {fn}()", s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[LP], text: str) -> bool:
        try:
            _, _, old, new = self._located(plan, text)
        except Manual:
            return False
        return old == new

    def verify(self, s: Suggestion, plan: Plan[LP], before: str, after: str) -> str:
        if before == after:
            return ""
        if not self.keeps_tokens(before, after, plan):
            return "the edit changed code, not only its layout"
        try:
            first, last, _, _ = self._located(plan, before)
        except Manual as e:
            return str(e)
        outside = [n for n in changed_lines(before, after) if not first <= n <= last + 1]
        if outside:
            return f"line {outside[0]} changed, outside the quoted lines"
        if not self.is_applied(s, plan, after):
            return "the quoted lines do not look as asked afterwards"
        return ""

    def keeps_tokens(self, before: str, after: str, plan: Plan[LP]) -> bool:
        return same_tokens(before, after)
