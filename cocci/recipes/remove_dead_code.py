"""Remove code the reviewer says can never run: "This is dead code", "can never be true", "unreachable".

Evidence: words that say the quoted code never runs, and a quote that is one whole statement (an
`if` with its body, a call after a `return`), or, for "never true", exactly one `if` among the
quoted statements.  Naming what to remove is not needed (remove-statements handles the comments
that do name it).  An `if` with an `else` (the else branch would have to stay, unconditionally),
control flow (return, goto, labels) and a quote of several statements are manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import function_named
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes.remove_statements import RECIPE as REMOVE_STATEMENTS
from patches.model import Suggestion

DEAD = ("dead code", "is dead", "never be true", "never true", "always false", "never happen", "never happens",
        "can't happen", "cannot happen", "can not happen", "unreachable", "never reached", "never be reached",
        "never runs", "never executed", "never be executed", "impossible")
NEVER_TRUE = ("never be true", "never true", "always false", "never happen", "never happens", "can't happen",
              "cannot happen", "can not happen", "impossible")


_DEICTIC_DEAD = re.compile(r"\b(this|that|it|these|those)\b(?:\W+[a-z']+){0,3}?\W+(?:"
                           + "|".join(re.escape(w) for w in DEAD) + ")", re.I)


def _about_the_quote(comment: str) -> bool:
    """Whether the comment says the quoted code itself never runs ("this is dead code", "that can never
    happen"), rather than naming what is dead ("RING_KICK is dead code")."""
    return _DEICTIC_DEAD.search(comment) is not None


def _outermost(stmts: list[E.Stmt]) -> list[E.Stmt]:
    return [st for st in stmts if not any(o is not st and o.start <= st.start and st.end <= o.end
                                          and (o.start, o.end) != (st.start, st.end) for o in stmts)]


@dataclass(frozen=True)
class RemoveDeadCodeParams(InFunction):
    target: str                  # the dead statement (normalized)
    k: int                       # which such statement of the function
    count: int                   # how many such statements the function has
    first_line: int              # where it starts


class RemoveDeadCode(Recipe[RemoveDeadCodeParams]):
    kind = "remove-dead-code"
    takes_away = True           # a doubting question may ask for it
    order = Phase.DEAD_CODE
    supersedes = ("remove-statements",)     # the more specific reading of a removal

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[RemoveDeadCodeParams] | None:
        if not E.has_any(s.comment, DEAD) or E.reviewer_code(s):
            return None
        if not _about_the_quote(s.comment):
            try:
                if REMOVE_STATEMENTS.understand(s, ctx) is not None:
                    return None         # "RING_KICK is dead code": the comment names what goes
            except Manual:
                return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        quoted = _outermost(E.all_statements(ctx.text, first, last))
        if len(quoted) > 1 and E.has_any(s.comment, NEVER_TRUE):
            quoted = [st for st in quoted if re.match(r"\s*if\b", st.code)]
        if len(quoted) != 1:
            raise Manual("the quote holds several statements and the comment does not say which of them "
                         "is dead; quote only the dead code, or remove it by hand")
        st = quoted[0]
        if re.match(r"\s*(return|goto)\b|\s*[A-Za-z_]\w*\s*:", st.code):
            raise Manual("the dead code is a return, goto or label: removing it changes control flow")
        if re.search(r"^\s*(\}\s*)?else\b", st.code, re.M):
            raise Manual("the condition has an else branch, which would have to stay unconditionally")
        if E.has_any(s.comment, NEVER_TRUE) and not re.match(r"\s*(if|while)\b", st.code):
            return None
        k = E.occurrence(ctx.text, fn, st.norm, st.start, nested=True)
        return Plan(self.kind, slug="dead-code", order=self.order, files=[ctx.path],
                    params=RemoveDeadCodeParams(fn.name, target=st.norm, k=k,
                                                count=self._count(ctx.text, fn.name, st.norm), first_line=st.start),
                    summary=f"Drop dead code in {fn.name}()")

    @staticmethod
    def _count(text: str, fn: str, snorm: str) -> int:
        f = function_named(text, fn)
        if f is None:
            return -1
        return sum(1 for x in E.all_statements(text, f.body_start, f.end) if x.norm == snorm)

    def render(self, s: Suggestion, plan: Plan[RemoveDeadCodeParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        st = E.find_statement(ctx.text, fn, plan.params.target, plan.params.k,
                              nested=True)
        if st is None:
            raise Manual(f"the dead code is no longer in {fn}()")
        metavars = [f"identifier fn = {fn};"]
        lines = list(st.lines)
        if self._count(ctx.text, fn, st.norm) > 1:
            lines = R.with_position(lines, "p")
            metavars.append(R.position_constraint("p", [st.start]))
        return R.header(f"Remove the dead code the reviewer quoted from {fn}()", s) + "\n" + \
            R.rule("dead", metavars, R.in_function("fn", R.minus(lines)))

    def is_applied(self, s: Suggestion, plan: Plan[RemoveDeadCodeParams], text: str) -> bool:
        fn = plan.params.function
        n = self._count(text, fn, plan.params.target)
        return 0 <= n < plan.params.count

    def verify(self, s: Suggestion, plan: Plan[RemoveDeadCodeParams], before: str, after: str) -> str:
        fn, target = plan.params.function, plan.params.target
        b, a = self._count(before, fn, target), self._count(after, fn, target)
        if before != after and a != b - 1:
            return f"expected one statement removed from {fn}(), {b - a} were"
        return "" if self.is_applied(s, plan, after) else "the dead code is still there"


RECIPE = RemoveDeadCode()
