"""Order local declarations "reverse xmas tree" (longest line first): "Reverse xmas tree order, please."

Evidence: the comment asks for reverse xmas/christmas/fir tree order (netdev's "RCT", "RXT", or in words:
"longest line first", "longest to shortest") and the quote covers a
declaration.  The block is the run of one-line declarations around it (same indentation, no blank,
comment or preprocessor line in between); it is sorted by line length, longest first, stably.
Left to the author: a declaration over several lines, or an order that would move a declaration
above one whose name its initialiser reads, or swap two initialisers that call functions (the calls
would run in another order).
"""
from __future__ import annotations

import re

from patches.ctext import Function, begins_declaration, mask
from cocci.recipe import CodeContext, Manual, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from patches.model import Suggestion

INTENT = re.compile(r"\b(?:reverse|reversed|rev\.?|inverse|inverted|upside[- ]down)\s+(?:x-?mas|christmas|fir)"
                    r"(?:[- ]tree)?\b|\b(?:x-?mas|christmas|fir)[- ]tree\b|\brxt\b|\b(?-i:RCT)\b|"
                    # the order in words: "longest line first", "longest to shortest"
                    r"\blongest\s+(?:(?:line|declaration|one)s?\s+)?(?:first|on\s+top|at\s+the\s+top|to\s+shortest)\b",
                    re.I)


def _declared(line: str) -> str | None:
    """The name a one-line declaration declares (the last identifier before `=`, `[`, `;` or `:`)."""
    m = mask(line)
    head = re.split(r"=|\[|;|:", m, maxsplit=1)[0]
    if "," in head:
        return None
    ids = re.findall(r"[A-Za-z_]\w*", head)
    return ids[-1] if ids else None


def _initialiser(line: str) -> str:
    m = mask(line)
    return m.split("=", 1)[1] if "=" in m else ""


def decl_block(text: str, fn: Function, line: int) -> tuple[int, int]:
    """The lines (first, last) of the run of one-line declarations around LINE."""
    src, m = text.splitlines(), mask(text).splitlines()

    def one(n: int) -> bool:
        t = m[n - 1].strip()
        return bool(t) and t.endswith(";") and begins_declaration(t) and src[n - 1].strip() == t \
            and E.indent_of(src[n - 1]) == E.indent_of(src[line - 1])

    if not one(line):
        raise Manual("the quoted declaration is not a one-line declaration")
    a = b = line
    while a - 1 > fn.body_start and one(a - 1):
        a -= 1
    while b + 1 < fn.end and one(b + 1):
        b += 1
    for n in (a - 1, b + 1):
        t = m[n - 1].strip()
        if t and begins_declaration(t) and n not in (fn.body_start, fn.end) and not t.endswith(("{", "}")):
            raise Manual("a declaration over several lines or with a comment next to the block: "
                         "ordering it is left to the author")
    return a, b


def ordered(lines: list[str]) -> list[str]:
    """LINES longest first (stable); Manual when that breaks a dependency between them."""
    new = sorted(lines, key=lambda ln: -S.width(ln.rstrip()))
    names = [_declared(ln) for ln in lines]
    if None in names:
        raise Manual("a declaration of several names: ordering it is left to the author")
    pos = {ln: new.index(ln) for ln in lines}
    for i, ln in enumerate(lines):
        reads = set(E.identifiers(_initialiser(ln)))
        for j, other in enumerate(lines):
            if j != i and names[j] in reads and pos[other] > pos[ln]:
                raise Manual(f"{names[i]}'s initialiser reads {names[j]}, which the order would put after it")
    calls = [ln for ln in lines if E.called_names(_initialiser(ln))]
    if [c for c in new if c in calls] != calls:
        raise Manual("two initialisers call functions: reordering them would change the order of the calls")
    return new


class ReverseXmas(S.LayoutRecipe[S.LayoutParams]):
    kind = "reverse-xmas-tree"
    what = "Order the declarations reverse xmas tree"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[S.LayoutParams] | None:
        if not INTENT.search(s.comment):
            return None
        fn, first, last = self.understand_unit(s, ctx)
        m = mask(ctx.text).splitlines()
        decls = [n for n in range(first, last + 1) if m[n - 1].strip() and begins_declaration(m[n - 1].strip())]
        if not decls:
            raise Manual("the quote holds no declaration to order")
        a, _ = decl_block(ctx.text, fn, decls[-1])
        return self.plan_for(ctx, fn, a, a, slug="declarations",
                             summary=f"Order the declarations in {fn.name}() reverse xmas tree", params=S.LayoutParams)

    def relayout(self, plan: Plan[S.LayoutParams], text: str, fn: Function, a: int, b: int
                 ) -> tuple[int, int, list[str]]:
        first, last = decl_block(text, fn, a)
        lines = text.splitlines()[first - 1:last]
        if len(lines) < 2:
            raise Manual("a single declaration: nothing to order")
        return first, last, ordered(lines)

    def keeps_tokens(self, before: str, after: str, plan: Plan[S.LayoutParams]) -> bool:
        return sorted(before.splitlines()) == sorted(after.splitlines())


RECIPE = ReverseXmas()
