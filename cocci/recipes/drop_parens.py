"""Drop needless parentheses on the quoted lines: "Unneeded parentheses.", "No need for the parens",
"drop the extra brackets".

Evidence: the comment speaks of parentheses (parens, parentheses, brackets that are not square or
curly) with a word that calls them needless, and the quoted lines hold parentheses that change
nothing: around the whole value of an assignment or initializer (`x = (a + b);`), around the whole
operand of `return` (`return (ret);`), or a second pair around a whole condition (`if ((a > b))`).
Parentheses around a comma expression (`x = (a, b);`) or around an assignment used as a condition
(`if ((x = f()))`, kept on purpose against the compiler's warning) are not needless and stay.

A verified text edit of the quoted lines: the same tokens less those parentheses.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.ctext import mask, norm, top_level
from patches.model import Suggestion

_PARENS = re.compile(r"\b(?:parens?|parenthes[ie]s|parenthesis|(?<!square )(?<!curly )brackets?)\b", re.I)
_NEEDLESS = re.compile(r"\b(?:no\s+need|not\s+needed|unneeded|unnecessary|needless|redundant|superfluous|"
                       r"pointless|useless|extra|too\s+many|drop|remove|get\s+rid\s+of|don['’]?t\s+need)\b", re.I)


def asks(comment: str) -> bool:
    """Whether COMMENT calls parentheses needless."""
    t = " ".join(comment.split())
    return bool(_PARENS.search(t) and _NEEDLESS.search(t))


def _close(m: str, i: int) -> int | None:
    """Offset of the `)` that closes the `(` at offset I of masked text M."""
    depth = 0
    for j in range(i, len(m)):
        depth += {"(": 1, ")": -1}.get(m[j], 0)
        if depth == 0:
            return j
    return None


def _top_level(m: str, chars: str) -> bool:
    """Whether masked text M holds one of CHARS outside any brackets."""
    for k in top_level(m):
        c = m[k]
        if c in chars and not (c == "=" and (m[k + 1:k + 2] == "=" or m[k - 1:k] in "=!<>")):
            return True
    return False


def needless(m: str) -> list[tuple[int, int]]:
    """Offsets of the `(` and `)` pairs in masked code M that change nothing (see the module docstring)."""
    out = []
    for x in re.finditer(r"(?:(?<![=!<>])=(?!=)|\breturn\b)\s*\(", m):
        i = x.end() - 1
        j = _close(m, i)
        if j is None or not re.match(r"\s*;", m[j + 1:]) or _top_level(m[i + 1:j], ","):
            continue
        out.append((i, j))
    for x in re.finditer(r"\b(?:if|while)\s*\(\s*\(", m):
        outer = m.index("(", x.start())
        i = x.end() - 1
        j = _close(m, i)
        oj = _close(m, outer)
        if j is None or oj is None or m[j + 1:oj].strip() or _top_level(m[i + 1:j], "=,"):
            continue
        out.append((i, j))
    return out


@dataclass(frozen=True)
class DropParensParams(InFunction):
    old: list[str]               # the quoted lines as they are
    new: list[str]               # the same without the needless parentheses
    line: int                    # where they start


class DropParens(Recipe[DropParensParams]):
    kind = "drop-parens"
    takes_away = True           # a doubting question may ask for it
    # an edit inside one statement, like const on a local
    order = Phase.QUALIFIERS
    is_text_edit = True
    # "unneeded parentheses" is about the parentheses, not about the variable they enclose
    supersedes = ("drop-variable", "remove-statements")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropParensParams] | None:
        if not asks(s.comment) or E.reviewer_code(s):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        src = ctx.text.splitlines()
        old = src[first - 1:last]
        text = "\n".join(old)
        m = mask(text)
        pairs = needless(m)
        if not pairs:
            raise Manual("the comment calls parentheses needless, but the quoted lines hold none that "
                         "change nothing (around a whole value, a returned value or a condition)")
        drop = {k for pair in pairs for k in pair}
        new_text = "".join(c for k, c in enumerate(text) if k not in drop)
        new = new_text.split("\n")
        before, after = Counter(norm(m).split()), Counter(norm(mask(new_text)).split())
        if before - after != Counter({"(": len(pairs), ")": len(pairs)}) or after - before:
            raise Manual("dropping the parentheses would change more than the parentheses")
        return Plan(self.kind, slug="parens", order=self.order, files=[ctx.path],
                    params=DropParensParams(fn.name, old=old, new=new, line=first),
                    summary=f"Drop needless parentheses in {fn.name}()")

    def text_edit(self, s: Suggestion, plan: Plan[DropParensParams], ctx: CodeContext) -> T.TextEdit:
        return T.replacing(ctx.path, plan.params, plan.summary, line=plan.params.line)

    def render(self, s: Suggestion, plan: Plan[DropParensParams], ctx: CodeContext) -> str:
        return R.text_edit_rule(plan.summary, s, self.text_edit(s, plan, ctx))

    def is_applied(self, s: Suggestion, plan: Plan[DropParensParams], text: str) -> bool:
        return T.replaced(text, plan.params)

    def verify(self, s: Suggestion, plan: Plan[DropParensParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the parentheses are still there"


RECIPE = DropParens()
