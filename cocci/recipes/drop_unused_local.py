"""A local that another rule left unused goes: the reviewer's loop no longer needs `txp`, so
`struct ifb_q_private *txp = NULL;` would only earn an unused-variable warning.

Never asked for by itself: a recipe that replaces statements offers it as a companion plan
(``unused_after``) for each local of the function that the replaced statements used, the new code does
not use, and nothing else in the function uses.  Only a declaration of that one name whose initializer
calls and changes nothing; at the time it runs the name must be used nowhere else in the function, or
the declaration stays (manual).  A verified text edit: the declaration line goes, and the blank line
below it when it was the only declaration.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from patches.ctext import Function, declaration, declared_names, function_named, mask, statements
from patches.model import Suggestion


def _uses(text: str, fn: Function, name: str) -> int:
    body = "\n".join(mask(text).splitlines()[fn.body_start - 1:fn.end])
    return len(re.findall(rf"(?<![\w.>]){re.escape(name)}\b", body))


def _declaration(text: str, fn: Function, name: str) -> list[str] | None:
    """The lines of the plain declaration of NAME in FN (one name, an initializer that calls and
    changes nothing), or None."""
    for st in statements(text, fn.body_start + 1, fn.end - 1):
        d = declaration(st.code)
        if d is None or d.name != name:
            continue
        init = mask(d.init or "")
        if not d.single or re.search(r"\bstatic\b", st.code) or \
                re.search(r"[A-Za-z_]\w*\s*\(|\+\+|--|(?<![=!<>])=(?!=)", init):
            return None
        return list(st.lines)
    return None


def unused_after(text: str, fn: Function, old_code: str, new_code: str) -> list[str]:
    """The locals of FN that OLD_CODE (statements about to be replaced by NEW_CODE) uses, NEW_CODE does
    not, and nothing else in FN does, with a declaration that can go on its own."""
    out = []
    old_names = set(re.findall(r"(?<![\w.>])[A-Za-z_]\w*\b", mask(old_code)))
    new_names = set(re.findall(r"(?<![\w.>])[A-Za-z_]\w*\b", mask(new_code)))
    for name in sorted(old_names - new_names):
        decl = _declaration(text, fn, name)
        if decl is None:
            continue
        in_old = len(re.findall(rf"(?<![\w.>]){re.escape(name)}\b", mask(old_code)))
        in_decl = len(re.findall(rf"(?<![\w.>]){re.escape(name)}\b", mask("\n".join(decl))))
        if _uses(text, fn, name) == in_old + in_decl:
            out.append(name)
    return out


def only_set_after(text: str, fn: Function, old_code: str, new_code: str) -> list[str]:
    """The locals of FN that OLD_CODE (statements about to be replaced by NEW_CODE) reads, NEW_CODE does
    not, and that FN outside OLD_CODE and the declaration only assigns (`v = E;` statements): after the
    replacement they would be set but never read, and which of those statements go is not the quote's."""
    out = []
    old_names = set(re.findall(r"(?<![\w.>])[A-Za-z_]\w*\b", mask(old_code)))
    new_names = set(re.findall(r"(?<![\w.>])[A-Za-z_]\w*\b", mask(new_code)))
    masked_old = mask(old_code)
    for name in sorted(old_names - new_names):
        n = re.escape(name)
        decl = next((list(st.lines) for st in statements(text, fn.body_start + 1, fn.end - 1)
                     if name in declared_names(st.code)), None)
        if decl is None:
            continue
        reads_old = len(re.findall(rf"(?<![\w.>]){n}\b(?!\s*=[^=])", masked_old))
        if not reads_old:
            continue
        in_old = len(re.findall(rf"(?<![\w.>]){n}\b", masked_old))
        in_decl = len(re.findall(rf"(?<![\w.>]){n}\b", mask("\n".join(decl))))
        body = "\n".join(mask(text).splitlines()[fn.body_start - 1:fn.end])
        set_stmt = rf"(?:^|[;{{}}])\s*{n}\s*=[^=][^;]*;"
        sets = len(re.findall(set_stmt, body, re.M)) - len(re.findall(set_stmt, masked_old, re.M))
        if sets > 0 and _uses(text, fn, name) == in_old + in_decl + sets:
            out.append(name)
    return out


@dataclass(frozen=True)
class DropUnusedLocalParams(InFunction):
    name: str                    # the local left unused


class DropUnusedLocal(Recipe[DropUnusedLocalParams]):
    kind = "drop-unused-local"
    takes_away = True           # a doubting question may ask for it
    # once the statements are settled: a variable the earlier rules left unused
    order = Phase.SETTLED_STATEMENTS
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropUnusedLocalParams] | None:
        return None                  # only ever a companion of a recipe that replaces statements

    def plan_for(self, ctx: CodeContext, function: str, name: str) -> Plan[DropUnusedLocalParams]:
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=DropUnusedLocalParams(function, name=name), summary="")

    def text_edit(self, s: Suggestion, plan: Plan[DropUnusedLocalParams], ctx: CodeContext) -> T.TextEdit:
        fn = function_named(ctx.text, plan.params.function)
        name = plan.params.name
        decl = _declaration(ctx.text, fn, name) if fn else None
        if fn is None or decl is None:
            raise Manual(f"the declaration of {name} is no longer one that can go on its own")
        if _uses(ctx.text, fn, name) != len(re.findall(rf"(?<![\w.>]){re.escape(name)}\b", mask("\n".join(decl)))):
            raise Manual(f"{name} is still used in {plan.params.function}()")
        return T.TextEdit(ctx.path, plan.params.function, decl, [],
                          f"Drop {name}, which nothing uses any more", drop_blank_after=True)

    def render(self, s: Suggestion, plan: Plan[DropUnusedLocalParams], ctx: CodeContext) -> str:
        te = self.text_edit(s, plan, ctx)
        notes = [f"The code the reviewer wrote no longer uses {plan.params.name}."]
        return R.text_edit_rule(te.description, s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[DropUnusedLocalParams], text: str) -> bool:
        fn = function_named(text, plan.params.function)
        return fn is not None and _declaration(text, fn, plan.params.name) is None and \
            _uses(text, fn, plan.params.name) == 0

    def verify(self, s: Suggestion, plan: Plan[DropUnusedLocalParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else f"{plan.params.name} is still declared"


RECIPE = DropUnusedLocal()
