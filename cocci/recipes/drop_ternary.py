"""A ternary that only turns a truth value into 1 or 0 goes: "chip->inverted is a bool, the ternary is not
needed", "Please use chip->inverted directly, it is a bool." under `regmap_write(map, REG, chip->inverted ? 1 :
0);`.

Evidence: the comment says the ternary is not needed (needless words with "ternary", "? :"), or asks to use
the condition directly ("use X directly" with X the condition as written); the quoted lines hold exactly
one ternary whose branches are `1`/`0` or `true`/`false` (either order).  The condition is kept when it is
declared `bool` or is a truth value already (a comparison, `!`, `&&`, `||`); otherwise it would need `!!`
(manual).  The other order gives `!cond`.  Parentheses that held the ternary alone go when the condition
needs none.  A verified text edit of that line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _structural as S
from cocci.recipes._operand_types import operand_type
from cocci.recipes.bool_assign import _truth_value
from patches.ctext import line_offsets, mask, needs_parens, norm
from patches.model import Suggestion

_NEEDLESS = re.compile(r"\b(?:ternary|conditional\s+operator|\?\s*:)[^.!?]{0,30}?\b(?:is\s+|looks\s+|seems\s+)?"
                       r"(?:not\s+needed|unneeded|needless|pointless|redundant|unnecessary|superfluous)\b|"
                       r"\b(?:drop|remove|no\s+need\s+for)\s+the\s+(?:ternary|conditional\s+operator)\b", re.I)
_TRUE = ("1", "true")
_FALSE = ("0", "false")


@dataclass(frozen=True)
class DropTernaryParams(InFunction):
    old: list[str]               # the line as it is
    new: list[str]               # the same with the condition alone
    line: int                    # where it is


class DropTernary(LinesEdit[DropTernaryParams]):
    kind = "drop-ternary"
    remark_asks = True          # its Manual comes once the words asked for it
    order = Phase.OPERANDS
    supersedes = ("swap-values", "drop-variable", "drop-unused-parameter", "remove-statements")
    changed = "the quoted ternary"
    notes = ("The condition is a truth value: the ternary that made it 1 or 0 goes.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropTernaryParams] | None:
        comment = " ".join(s.comment.split())
        if not ctx.text or E.reviewer_code(s) or re.search(r"\b(?:keep|leave)\s+the\s+ternary\b", comment, re.I):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        first, last = E.anchor_range(s, ctx, fn)
        found = [t for t in S.ternaries(ctx.text, first, last)
                 if {norm(t.yes.of(ctx.text)), norm(t.no.of(ctx.text))} in ({"1", "0"}, {"true", "false"})]
        if len(found) != 1:
            return None
        t = found[0]
        cond = " ".join(t.cond.of(ctx.text).split())
        direct = re.search(rf"\buse\s+`?{re.escape(cond)}`?\s+directly\b", comment) is not None
        if not direct and not _NEEDLESS.search(comment):
            return None
        negate = norm(t.yes.of(ctx.text)) in _FALSE
        typ = " ".join((operand_type(ctx.text, fn, cond, [ctx.text, *ctx.files.values()]) or "").split())
        if typ != "bool" and not _truth_value(mask(cond)):
            raise Manual(f"{cond} is {typ or 'of a type respin cannot read'}, not bool nor a comparison: without the "
                         "ternary it would need !!, which is for the author")
        value = ("!" + (f"({cond})" if needs_parens(cond) else cond)) if negate else cond
        offs = line_offsets(ctx.text)
        line = t.cond.line
        if t.no.line != line:
            raise Manual("the ternary spans several lines: joining them is for the author")
        a, b = t.cond.start, t.no.end
        m = mask(ctx.text)
        if m[a - 1:a] == "(" and m[b:b + 1] == ")" and not needs_parens(value):
            a, b = a - 1, b + 1         # `(c ? 1 : 0)`: its parentheses held the ternary alone
        src = ctx.text[offs[line - 1]:offs[line] - 1 if line < len(offs) else len(ctx.text)]
        lo, hi = a - offs[line - 1], b - offs[line - 1]
        new = src[:lo] + value + src[hi:]
        return Plan(self.kind, slug=re.sub(r"\W+", "-", cond).strip("-")[:30], order=self.order, files=[ctx.path],
                    params=DropTernaryParams(fn.name, old=[src], new=[new], line=line),
                    summary=f"Use {value} without the ternary in {fn.name}()")



RECIPE = DropTernary()
