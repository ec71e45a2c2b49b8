"""Exchange two values with swap(): "Use swap()." under `tmp = a; a = b; b = tmp;` -> `swap(a, b);`.

Evidence: the comment names `swap()` as a wish ("use swap()", "swap() please", the name alone), and the
quote touches one run of three statements `T = A; A = B; B = T;` of the function: T a local, A and B the
same two places written the same way each time, nothing else in the run.  T must be declared with the
type A and B are declared with (swap() keeps its temporary in A's type: a narrower or wider T would
convert, and the rewrite would change what is stored); a type that cannot be read is manual.  When the
three statements were the whole braced body of an `if`, `for` or `while`, the braces go with them.  T
goes with its declaration when nothing else uses it.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes._operand_types import operand_type
from cocci.recipes.drop_unused_local import RECIPE as DROP_UNUSED
from cocci.recipes.drop_unused_local import unused_after
from cocci.recipes.rename_call import asks_to_use, bare_request
from patches.ctext import Function, Stmt, function_named, mask, norm
from patches.model import Suggestion

_PLACE = r"[A-Za-z_]\w*(?: (?:->|\.) [A-Za-z_]\w*| \[ [^;=\]]+ \])*"
_ASSIGN = re.compile(rf"^(?P<dest>{_PLACE}) = (?P<src>{_PLACE}) ;$")


def _swap_run(sts: list[Stmt], i: int) -> tuple[str, str, str] | None:
    """(T, A, B) when statements I, I+1, I+2 of STS are `T = A; A = B; B = T;`."""
    got = [_ASSIGN.match(norm(mask(st.code))) for st in sts[i:i + 3]]
    if len(got) < 3 or any(g is None for g in got):
        return None
    (t, a), (a2, b), (b2, t2) = ((g.group("dest"), g.group("src")) for g in got if g is not None)
    if not re.fullmatch(r"[A-Za-z_]\w*", t) or (a2, b2, t2) != (a, b, t) or a == b or t in (a, b):
        return None
    return t, a, b


def _touched(sts: list[Stmt], i: int, first: int, last: int) -> bool:
    """Whether the run at I of STS overlaps lines FIRST..LAST, or its enclosing statement (the `if` whose
    body it is) starts there."""
    if sts[i].start <= last and sts[i + 2].end >= first:
        return True
    return any(st.start < sts[i].start and st.end > sts[i + 2].end and first <= st.start <= last for st in sts)


def _body(text: str, fn: Function) -> str:
    return "\n".join(text.splitlines()[fn.body_start - 1:fn.end])


@dataclass(frozen=True)
class UseSwapParams(InFunction):
    temp: str                    # the local that held one value
    old: list[str]               # the three statements (with the braces of a body they were all of)
    new: list[str]               # `swap(a, b);`


class UseSwap(LinesEdit[UseSwapParams]):
    kind = "use-swap"
    order = Phase.OPEN_CODED
    supersedes = ("use-helper", "replace-code", "remove-statements")
    changed = "the exchange"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[UseSwapParams] | None:
        if not re.search(r"\bswap\s*\(", s.comment) or E.rejected(s.comment, "swap"):
            return None
        if not (asks_to_use(s.comment) or bare_request(s.comment, "swap") or "?" in s.comment or
                re.search(r"\bthere(?:'s|\s+is)\b", s.comment, re.I)):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        sts = [st for st in E.all_statements(ctx.text, fn.body_start + 1, fn.end - 1) if st.norm]
        runs = [(i, r) for i in range(len(sts)) if (r := _swap_run(sts, i)) is not None
                and _touched(sts, i, first, last)
                and all(E.statements(ctx.text, sts[i].start, sts[i + 2].end)[k].start == sts[i + k].start
                        for k in range(3))]
        if not runs:
            return None
        if len(runs) > 1:
            raise Manual(f"the quote touches {len(runs)} exchanges through a temporary: which one is meant is "
                         "not clear")
        i, (t, a, b) = runs[0]
        run = "\n".join(st.code for st in sts[i:i + 3])
        uses = len(re.findall(rf"(?<![\w.>]){t}\b", mask(_body(ctx.text, fn)))) - \
            len(re.findall(rf"(?<![\w.>]){t}\b", mask(run)))
        if uses == 1 and t not in unused_after(ctx.text, fn, run, f"swap({a}, {b});"):
            raise Manual(f"{t} would be left unused, and its declaration is shared with other names: which "
                         "declaration line it leaves is for the author")
        texts = [ctx.text, *ctx.files.values()]
        types = {x: operand_type(ctx.text, fn, x.replace(" ", ""), texts) for x in (t, a, b)}
        if None in types.values() or len(set(types.values())) != 1:
            shown = ", ".join(f"{x.replace(' ', '')} {types[x] or 'of a type respin cannot read'}" for x in (t, a, b))
            raise Manual(f"swap() keeps its temporary in the type of the first value: {shown} (a {t} of another type "
                         "would convert, and the rewrite would change what is stored)")
        return self._plan(ctx, fn, sts[i], sts[i + 2], t, a, b)

    def _plan(self, ctx: CodeContext, fn: Function, st1: Stmt, st3: Stmt, t: str, a: str, b: str
              ) -> Plan[UseSwapParams]:
        src = ctx.text.splitlines()
        lo, hi = st1.start, st3.end
        indent = E.indent_of(src[lo - 1])
        call = f"swap({_written(a)}, {_written(b)});"
        old, new = src[lo - 1:hi], [indent + call]
        # the whole braced body of an if/for/while: `if (c) {` ... `}` -> `if (c)` and the one statement
        head, close = src[lo - 2].rstrip() if lo >= 2 else "", src[hi].strip() if hi < len(src) else ""
        if head.endswith("{") and close == "}" and re.match(r"\s*(?:if|for|while)\b", mask(head)) and \
                mask(head).count("{") == 1 and "}" not in mask(head):
            old, new = src[lo - 2:hi + 1], [head[:-1].rstrip(), indent + call]
        return Plan(self.kind, slug=t, order=self.order, files=[ctx.path],
                    params=UseSwapParams(fn.name, temp=t, old=old, new=new),
                    summary=f"Use swap() in {fn.name}()")

    def companions(self, s: Suggestion, plan: Plan[UseSwapParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """The temporary goes when nothing else uses it."""
        f = function_named(ctx.text, plan.params.function)
        if f is None:
            return []
        names = unused_after(ctx.text, f, "\n".join(plan.params.old), "\n".join(plan.params.new))
        return [(DROP_UNUSED, DROP_UNUSED.plan_for(ctx, f.name, n)) for n in names if n == plan.params.temp]

    def rule_notes(self, plan: Plan[UseSwapParams], ctx: CodeContext) -> list[str]:
        return [f"`{plan.params.temp} = a; a = b; b = {plan.params.temp};` is swap(a, b) when {plan.params.temp} has "
                "a's and b's type.  A text edit of the three statements."]


def _written(place: str) -> str:
    """A place as norm() spaced it (`st -> a [ i ]`), written as C (`st->a[i]`)."""
    return re.sub(r"\s*(->|\.|\[|\])\s*", r"\1", place).strip()


RECIPE = UseSwap()
