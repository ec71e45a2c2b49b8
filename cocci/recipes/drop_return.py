"""Drop the `return;` that ends a void function: "Redundant return.", "No need for this return",
"useless return statement" (checkpatch's "void function return statements are not generally useful").

Evidence: the comment calls a return needless (a needless word and "return", or a needless word alone
when the quote ends in the `return;`), and the last code line of the quote is a bare `return;` that
is the function's last statement.  The line goes, with the blank line above it (which would stand
before the closing brace otherwise).  After a label (`out:`) the `return;` stays: a label must be
followed by a statement.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.ctext import mask
from patches.model import Suggestion

_NEEDLESS = r"(?:redundant|unneeded|needless|useless|pointless|unnecessary|superfluous|not\s+needed|" \
    r"not\s+necessary|no\s+need\s+for|don'?t\s+need|drop|remove|get\s+rid\s+of)"
_ASKS = re.compile(rf"\b{_NEEDLESS}\b[^.?!]{{0,20}}\breturn\b|\breturn\b[^.?!]{{0,40}}\b(?:is|looks|seems)?\s*"
                   rf"{_NEEDLESS}", re.I)
_ALONE = re.compile(rf"^\W*(?:nit:?\s*)?(?:this\s+is\s+|it'?s\s+)?{_NEEDLESS}\W*(?:here|please)?\W*$", re.I)


@dataclass(frozen=True)
class DropReturnParams(InFunction):
    old: list[str]               # the lines from the statement above through the `return;`
    new: list[str]               # the statement above alone
    line: int                    # where they start


class DropReturn(LinesEdit[DropReturnParams]):
    kind = "drop-return"
    takes_away = True
    order = Phase.QUALIFIERS
    # "drop this" under a lone `return;` is this recipe's, not a statement removal with its comment
    supersedes = ("remove-statements",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropReturnParams] | None:
        t = " ".join(s.comment.split())
        if not (_ASKS.search(t) or _ALONE.match(t)) or E.reviewer_code(s):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        first, last = E.anchor_range(s, ctx, fn)
        src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
        while last > first and not m[last - 1].strip():
            last -= 1
        if not re.fullmatch(r"\s*return\s*;\s*", m[last - 1]):
            return None                 # "drop the return value check": about other code
        below = next((k for k in range(last + 1, fn.end + 1) if m[k - 1].strip()), fn.end)
        if below != fn.end or m[fn.end - 1].strip() != "}":
            raise Manual("the quoted `return;` is not the last statement of the function: it changes the flow")
        above = next((k for k in range(last - 1, fn.body_start, -1) if m[k - 1].strip()), fn.body_start)
        if re.fullmatch(r"\s*[A-Za-z_]\w*\s*:\s*", m[above - 1]):
            raise Manual("the `return;` follows a label, which must be followed by a statement")
        return Plan(self.kind, slug="return", order=self.order, files=[ctx.path],
                    params=DropReturnParams(fn.name, old=src[above - 1:last], new=[src[above - 1]], line=above),
                    summary=f"Drop the needless return at the end of {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DropReturnParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the return is still there"


RECIPE = DropReturn()
