"""Use the local that already holds a value: "You have dev for this.", "use the local dev variable",
"there's dev already" under a `dev_err(&pdev->dev, ...)` of a function that declares
`struct device *dev = &pdev->dev;`.

Evidence: the comment names a local of the anchored function with a word of use or having (use,
using, have, has, there is, already, local), and that local is declared with an initializer that
is a plain expression: names, `&`, `->`, `.` and nothing that calls or changes something; a comment
that writes a call ("use dev_err_probe(dev, ...)") asks for that call, not for this.  The
local is never assigned again and nothing the initializer reads is assigned in the function, so
the two stay equal.  The quoted lines (every line of the function for "everywhere", "all", "the
rest"; for "both" under one of them, the two of the function) that spell out the initializer after the
declaration get the local instead.  A quoted line
that opens a parenthesis after the replaced text and continues on the next line is left to the
author (the continuation's alignment would move).  A verified text edit of those lines only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.ctext import Function, declaration, mask, statements
from patches.model import Suggestion

_USE = r"(?:use|using|have|has|got|there\s+is|there'?s|already|local)"
_ALL = re.compile(r"\b(?:everywhere|all\s+(?:of\s+)?(?:them|the|these|uses)|the\s+rest|throughout|elsewhere)\b", re.I)
# a plain value: names joined by ->, . and a leading &
_PLAIN = re.compile(r"&?\s*[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)+")


def _spelled(init: str) -> re.Pattern[str]:
    """The initializer INIT as a pattern that allows blanks between its tokens, not part of a longer
    expression (`&pdev->dev` does not match `&pdev->dev.of_node`)."""
    toks = re.findall(r"->|[A-Za-z_]\w*|\S", init)
    return re.compile(r"(?<![\w.>])" + r"\s*".join(re.escape(t) for t in toks) + r"(?![\w]|\s*(?:->|\.|\[|\())")


def _assigned(masked_body: str, name: str) -> bool:
    """Whether NAME is written in the masked function body (=, op=, ++, --, &name passed)."""
    n = re.escape(name)
    return re.search(rf"(?<![\w.>]){n}\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\+\+|--)\s*{n}\b|"
                     rf"(?<![\w.>]){n}\s*(?:\+\+|--)|(?<!&)&(?!&)\s*{n}\b(?!\s*(?:->|\.))", masked_body) is not None


@dataclass(frozen=True)
class UseLocalParams(InFunction):
    name: str                    # the local
    old: list[str]               # the lines as they are
    new: list[str]               # the same with the local


class UseLocal(LinesEdit[UseLocalParams]):
    kind = "use-local"
    order = Phase.QUALIFIERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[UseLocalParams] | None:
        text = " ".join(s.comment.split())
        # a comment that proposes a call ("use dev_err_probe(dev, ...)") is that call's request
        if E.reviewer_code(s) or not ctx.text or re.search(r"[A-Za-z_]\w*\(", text):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None             # outside any function: not this recipe's request
        decls = self._plain_locals(ctx.text, fn)
        said = [w for w in re.findall(r"[A-Za-z_]\w*", text) if w in decls
                and re.search(rf"\b{_USE}\b[^.?!]{{0,30}}\b{re.escape(w)}\b|\b{re.escape(w)}\b[^.?!]{{0,20}}\b"
                              rf"(?:is\s+there|already|is\s+(?:a\s+)?local)\b", text, re.I)]
        chosen = [n for n in dict.fromkeys(said) if n in decls]
        if len(chosen) != 1:
            return None
        name = chosen[0]
        init, decl_line = decls[name]
        lines = ctx.text.splitlines()
        body = "\n".join(mask(ctx.text).splitlines()[decl_line:fn.end])
        if _assigned(body, name):
            raise Manual(f"{name} is assigned again in {fn.name}(): it may not hold {init} everywhere")
        for n in set(re.findall(r"[A-Za-z_]\w*", init)) - set(re.findall(r"(?:->|\.)\s*([A-Za-z_]\w*)", init)):
            if _assigned(body, n):
                raise Manual(f"{n} is assigned in {fn.name}(): {name} and {init} may differ")
        if _ALL.search(text):
            first, last = decl_line + 1, fn.end
        else:
            first, last = E.anchor_range(s, ctx, fn)
            first = max(first, decl_line + 1)
        rx = _spelled(init)
        at = [i for i in range(first - 1, last) if rx.search(mask(lines[i]))]
        if not at:
            return None
        if len(at) == 1 and E.two_places(s.comment):
            # "use it in both" under one of them: the other is the one more the patch spells out after the
            # declaration
            own = E.own_lines(ctx)
            every = [i for i in range(decl_line, fn.end) if rx.search(mask(lines[i])) and (own is None or i + 1 in own)]
            if len(every) != 2 or at[0] not in every:
                raise Manual(f"the comment says \"both\", and {fn.name}() spells out {init} in {len(every)} "
                             "places after the declaration: which other one is meant is for the author")
            at = every
        old, new = lines[at[0]:at[-1] + 1], []
        for k, ln in enumerate(old):
            m = mask(ln)
            hits = list(rx.finditer(m))
            out = ln
            for h in reversed(hits):
                out = out[:h.start()] + name + out[h.end():]
            if hits and at[0] + k + 1 < len(lines) and self._open_after(m, hits[0].start()):
                raise Manual("a parenthesis opened after the replaced text continues on the next line: "
                             "its alignment would move")
            new.append(out)
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=UseLocalParams(fn.name, name=name, old=old, new=new),
                    summary=f"Use {name} for {init} in {fn.name}()")

    @staticmethod
    def _open_after(masked_line: str, col: int) -> bool:
        depth = 0
        for c in masked_line[col:]:
            depth += {"(": 1, ")": -1}.get(c, 0)
        return depth > 0

    @staticmethod
    def _plain_locals(text: str, fn: Function) -> dict[str, tuple[str, int]]:
        """name -> (initializer, 1-based line) of FN's locals declared with a plain initializer."""
        out: dict[str, tuple[str, int]] = {}
        for st in statements(text, fn.body_start + 1, fn.end - 1):
            d = declaration(st.code)
            if d is None or not d.single or d.init is None or re.search(r"\bstatic\b", st.code):
                continue
            init = " ".join(d.init.split())
            if _PLAIN.fullmatch(init):
                out[d.name] = (init, st.end)
        return out

    def verify(self, s: Suggestion, plan: Plan[UseLocalParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else f"the lines do not use {plan.params.name}"

    def rule_notes(self, plan: Plan[UseLocalParams], ctx: CodeContext) -> list[str]:
        return [f"{plan.params.name} holds the same value and is never assigned again."]


RECIPE = UseLocal()
