"""Replace quoted code with the code the reviewer wrote right under it.

Evidence: C lines in the comment (not a `/* comment */`), and a quoted statement
nearest to the comment that they plausibly replace (same macro or function
called, same variable assigned, or most names shared).
"""
from __future__ import annotations

from cocci import render as R
from cocci.csource import function_named, mask, norm
from cocci.recipe import CodeContext, Manual, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.model import Suggestion


class ReplaceCode(Recipe):
    kind = "replace-code"
    order = 10

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan | None:
        if E.comment_text(E.reviewer_code(s)) is not None or not E.reviewer_code(s):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        rep = E.replacement(s, ctx, fn, first, last)
        if rep is None:
            return None
        old, new = rep
        old_norm = norm(mask("\n".join(st.code for st in old)))
        k = E.occurrence(ctx.text, fn, old[0].norm, old[0].start)
        new_text = "\n".join(new)
        head = E.identifiers(new_text)[0] if E.identifiers(new_text) else "code"
        return Plan(self.kind, slug=head.lower(), order=self.order, files=[ctx.path],
                    params={"function": fn.name, "old": [st.norm for st in old], "old_norm": old_norm,
                            "k": k, "new": list(new), "new_norm": norm(new_text),
                            "line": old[0].start},
                    summary=f"Use {new_text.strip() if len(new) == 1 else 'the suggested code'} "
                            f"in {fn.name}()")

    def _locate(self, plan: Plan, text: str) -> list[E.Stmt]:
        fn = plan.params["function"]
        olds = list(plan.params["old"])
        first = E.find_statement(text, str(fn), olds[0], int(plan.params["k"]))
        if first is None:
            raise Manual(f"the quoted code is no longer in {fn}()")
        f = function_named(text, str(fn))
        assert f is not None
        stmts = E.statements(text, f.body_start, f.end)
        i = stmts.index(first)
        window = stmts[i:i + len(olds)]
        if [st.norm for st in window] != olds:
            raise Manual(f"the quoted statements are no longer together in {fn}()")
        return window

    def render(self, s: Suggestion, plan: Plan, ctx: CodeContext) -> str:
        fn = str(plan.params["function"])
        window = self._locate(plan, ctx.text)
        f = function_named(ctx.text, fn)
        assert f is not None
        dupes = [st for st in E.statements(ctx.text, f.body_start, f.end) if st.norm == window[0].norm]
        metavars = [f"identifier fn = {fn};"]
        old_lines = [ln for st in window for ln in st.lines]
        if len(dupes) > 1:
            metavars.append(R.position_constraint("p", [window[0].start]))
            old_lines = R.with_position(old_lines, "p") + []
        indent = E.indent_of(window[0].lines[0])
        body = R.minus(old_lines) + "\n" + R.plus(R.indent_code(list(plan.params["new"]), indent))
        desc = "Replace the quoted code with the code the reviewer wrote"
        return R.header(desc, s) + "\n" + R.rule("replace", metavars, R.in_function("fn", body))

    def is_applied(self, s: Suggestion, plan: Plan, text: str) -> bool:
        """The quoted code is gone and the reviewer's is there (a later rule may have renamed the
        macro or function it starts with, e.g. VM_WARN_ON -> VM_WARN_ON_ONCE)."""
        f = function_named(text, str(plan.params["function"]))
        if f is None:
            return False
        body = norm(mask("\n".join(text.splitlines()[f.body_start - 1:f.end])))
        if str(plan.params["old_norm"]) in body:
            return False
        new = str(plan.params["new_norm"])
        if new in body:
            return True
        tail = new.split(" ", 1)[-1]
        return any(st.norm.split(" ", 1)[-1] == tail
                   for st in E.statements(text, f.body_start, f.end))

    def verify(self, s: Suggestion, plan: Plan, before: str, after: str) -> str:
        f = function_named(after, str(plan.params["function"]))
        if f is None:
            return f"{plan.params['function']}() is gone"
        body = norm(mask("\n".join(after.splitlines()[f.body_start - 1:f.end])))
        if str(plan.params["new_norm"]) not in body:
            return "the reviewer's code is not in the function afterwards"
        fb = function_named(before, str(plan.params["function"]))
        if fb is not None:
            old_before = norm(mask("\n".join(before.splitlines()[fb.body_start - 1:fb.end])))
            if old_before.count(str(plan.params["old_norm"])) - body.count(str(plan.params["old_norm"])) != 1 \
                    and before != after:
                return "the rule did not replace exactly one occurrence of the quoted code"
        return ""


RECIPE = ReplaceCode()
