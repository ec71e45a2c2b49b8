"""Add the comment the reviewer wrote, where they put it.

Evidence: the reviewer wrote a C comment (`/* ... */`) under quoted code.  It
goes above the first statement after the quoted lines (where the reviewer
placed it), or above the quoted statement when the comment says "above".
"""
from __future__ import annotations

import re

from cocci import render as R
from cocci.csource import function_named, mask, norm
from cocci.recipe import CodeContext, Manual, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes.comment_block import comment_block_at
from cocci.recipes.const_decl import parse_decl
from patches.model import Suggestion


class AddComment(Recipe):
    kind = "add-comment"
    order = 60

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan | None:
        comment = E.comment_text(E.reviewer_code(s))
        if comment is None:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        if comment_block_at(ctx.text, first, last) is not None:
            return None                    # written under a comment: a rewording (comment-block)
        if E.has_any(s.comment, ("above", "before")):
            stmts = E.statements(ctx.text, first, last)
            if not stmts:
                raise Manual("no quoted statement to put the comment above")
            target = stmts[-1]
        else:
            after = E.statements(ctx.text, last + 1, fn.end - 1)
            m = mask(ctx.text).splitlines()
            nxt = next((n for n in range(last + 1, fn.end) if m[n - 1].strip()), fn.end)
            if not after or after[0].start != nxt:
                raise Manual(f"no statement follows the quoted lines in {fn.name}() to put the comment on")
            target = after[0]
        if parse_decl(target.code):
            raise Manual("the comment would go above a declaration, which SmPL cannot anchor reliably")
        text = " ".join(c.strip() for c in comment)
        return Plan(self.kind, slug="-".join(re.findall(r"[a-z]+", text.lower())[:4]) or "comment",
                    order=self.order, files=[ctx.path],
                    params={"function": fn.name, "comment": comment, "target": target.norm,
                            "k": E.occurrence(ctx.text, fn, target.norm, target.start, nested=True)},
                    summary=f"Add a comment in {fn.name}(): {text}")

    def render(self, s: Suggestion, plan: Plan, ctx: CodeContext) -> str:
        fn = str(plan.params["function"])
        st = E.find_statement(ctx.text, fn, str(plan.params["target"]), int(plan.params["k"]), nested=True)
        if st is None:
            raise Manual(f"the statement the comment goes above is no longer in {fn}()")
        metavars = [f"identifier fn = {fn};", "statement S;", R.position_constraint("p", [st.start])]
        comment = [ln if i == 0 or not ln.startswith("*") else " " + ln
                   for i, ln in enumerate(plan.params["comment"])]  # type: ignore[arg-type]
        body = R.plus(comment) + "\nS@p"
        return (R.header(f"Add the reviewer's comment in {fn}()", s) + "\n"
                + R.rule("add_comment", metavars, R.in_function("fn", body)))

    def is_applied(self, s: Suggestion, plan: Plan, text: str) -> bool:
        fn = str(plan.params["function"])
        st = E.find_statement(text, fn, str(plan.params["target"]), int(plan.params["k"]), nested=True)
        if st is None:
            return False
        src = text.splitlines()
        n = len(plan.params["comment"])  # type: ignore[arg-type]
        above = src[max(0, st.start - 1 - n):st.start - 1]
        return norm("\n".join(above)) == norm("\n".join(plan.params["comment"]))  # type: ignore[arg-type]

    def verify(self, s: Suggestion, plan: Plan, before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the comment is not right above the statement afterwards"
        f = function_named(after, str(plan.params["function"]))
        if f is not None and before != after:
            body = "\n".join(after.splitlines()[f.start - 1:f.end])
            want = norm("\n".join(plan.params["comment"]))  # type: ignore[arg-type]
            if norm(body).count(want) != 1:
                return "the comment was added more than once"
        return ""


RECIPE = AddComment()
