"""Allocate an array with the overflow-checking helper: `kzalloc(n * size, gfp)` -> `kcalloc(n, size, gfp)`.

Evidence: the comment names the array helper (`kcalloc()`, `kmalloc_array()`,
`devm_kcalloc()`...) or speaks of the multiplication overflowing, and a quoted
line calls the matching allocator with a size that is a product of two factors.
The count goes first and the element size second, as the kernel writes them
(`kcalloc(n, sizeof(*p), gfp)`), whatever order the product had.  Scope: the
quoted call nearest to the comment; "all"/"both" means every such call of the
function.  A product of three factors (array3_size()) and a helper that would
drop zeroing (`kzalloc` -> `kmalloc_array`) are left to people, and so is a comment that asks for a
size helper (`array_size()`, `size_mul()`) and no array allocator: the helper it names is not the one
this recipe would call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import Call, calls, function_named, mask
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _calls as C
from cocci.recipes import _evidence as E
from patches.model import Suggestion

ARRAY_ALLOC = C.ARRAY_ALLOC
# the helper an allocator becomes when the reviewer only speaks of the overflow
DEFAULT_FOR = {olds[0]: new for new, (olds, _) in ARRAY_ALLOC.items()}
ZEROING = {"kzalloc", "kzalloc_node", "kvzalloc", "vzalloc", "devm_kzalloc"}
OVERFLOW_WORDS = ("overflow", "overflows", "overflowing")
# size helpers a reviewer names for the product itself (kmalloc(array_size(n, s), ...)): another change
SIZE_HELPERS = frozenset({"array_size", "array3_size", "size_mul", "flex_array_size"})
_ALLOCS = re.compile("|".join(sorted({o for olds, _ in ARRAY_ALLOC.values() for o in olds},
                                     key=lambda name: (-len(name), name))))
_SIZEOF = re.compile(r"^\(?\s*sizeof\b")


def factors(size_arg: str) -> list[str]:
    return C.top_level_ops(size_arg, "*")


def more_than_a_product(size_arg: str) -> bool:
    """Whether SIZE_ARG adds to or subtracts from its product (`n * sizeof(*p) + 1`): the product is
    then no operand of its own, and no count and element size make the whole size."""
    m = re.sub(r"->|--|\+\+", "  ", mask(size_arg))
    return any(len(C.top_level_ops(m, op)) > 1 for op in "+-") or any(op in m for op in ("<<", ">>", "?"))


def count_and_size(size_arg: str) -> tuple[str, str] | None:
    """(count, element size) of a product of two factors; the sizeof() factor is the size."""
    fs = factors(size_arg)
    if len(fs) != 2 or not all(fs):
        return None
    a, b = fs
    if _SIZEOF.match(a) and not _SIZEOF.match(b):
        return b, a
    return a, b


def _other_helper(comment: str, allocator: str) -> str | None:
    """The first function COMMENT writes with its parentheses ("use size_mul() so this cannot overflow")
    that is neither an array allocator nor ALLOCATOR: the overflow is then to be checked with it."""
    written = re.findall(r"\b([A-Za-z_]\w*)\(\)", comment)
    return next((n for n in written if n not in ARRAY_ALLOC and n not in (allocator, "array_size")), None)


@dataclass(frozen=True)
class AllocArrayParams(InFunction):
    old: str                     # the allocator called ("kmalloc")
    new: str                     # the array allocator to call instead ("kmalloc_array")
    targets: list[tuple[str, int]]   # the calls' lines: (normalized text, occurrence)


class AllocArray(Recipe[AllocArrayParams]):
    kind = "alloc-array"
    order = Phase.CALL_ARGUMENTS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AllocArrayParams] | None:
        named = [n for n in E.named_identifiers(s.comment) if n in ARRAY_ALLOC]
        overflow = E.has_any(s.comment, OVERFLOW_WORDS)
        if not named and (not overflow or SIZE_HELPERS & set(E.named_identifiers(s.comment))):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found = []
        for call in calls(ctx.text, first, last, _ALLOCS, members=False):
            want = named[0] if named else DEFAULT_FOR.get(call.name)
            idx = ARRAY_ALLOC[want][1] if want else 0
            if want is None or len(call.args) <= idx or len(factors(call.args[idx])) < 2:
                continue
            if more_than_a_product(call.args[idx]):
                raise Manual(f"the size in {call.name}() on line {call.line} is more than a product "
                             f"({' '.join(call.args[idx].split())}): {want}() takes a count and an element size, "
                             "how the rest goes in is for the author")
            if call.name not in ARRAY_ALLOC[want][0]:
                if call.name in ZEROING and call.name.replace("z", "m", 1) in ARRAY_ALLOC[want][0]:
                    raise Manual(f"{want}() does not zero the memory as {call.name}() does: "
                                 f"left to the author")
                continue
            found.append((call, want))
        if not found:
            return None
        call, new = found[-1]                      # nearest to the comment
        other = _other_helper(s.comment, call.name) if not named else None
        if other:
            raise Manual(f"the comment asks for {other}(), not {new}(): how the size is checked is left to the author")
        chosen = [c for c, n in found if n == new and c.name == call.name] \
            if E.scope_words(s.comment, (call.name, new), E.SCOPE_ALL + E.SCOPE_BOTH) else [call]
        if E.scope_words(s.comment, (call.name, new), E.SCOPE_ALL):
            chosen = [c for c in calls(ctx.text, fn.body_start, fn.end, _ALLOCS, members=False)
                      if c.name == call.name and len(factors(c.args[ARRAY_ALLOC[new][1]])) >= 2]
        for c in chosen:
            if len(factors(c.args[ARRAY_ALLOC[new][1]])) > 2:
                raise Manual(f"the size in {c.name}() on line {c.line} has three factors: "
                             f"array3_size() or a two-step size is the author's choice")
        targets = [C.line_key(ctx.text, fn.body_start, c.line) for c in chosen]
        return Plan(self.kind, slug=new, order=self.order, files=[ctx.path],
                    params=AllocArrayParams(fn.name, old=call.name, new=new, targets=targets),
                    summary=f"Use {new}() instead of {call.name}() with a multiplied size"
                            + (f" (x{len(targets)})" if len(targets) > 1 else ""))

    def _calls_now(self, text: str, plan: Plan[AllocArrayParams]) -> list[Call]:
        fn, old, new = plan.params.function, plan.params.old, plan.params.new
        idx = ARRAY_ALLOC[new][1]
        out = []
        for tnorm, k in plan.params.targets:
            no = C.find_line(text, fn, tnorm, k)
            if no is None:
                continue
            out += [c for c in calls(text, no, no, members=False) if c.name == old and len(c.args) > idx
                    and count_and_size(c.args[idx])]
        return out

    def render(self, s: Suggestion, plan: Plan[AllocArrayParams], ctx: CodeContext) -> str:
        fn, old, new = plan.params.function, plan.params.old, plan.params.new
        if function_named(ctx.text, fn) is None:
            raise Manual(f"function {fn}() not found")
        calls = self._calls_now(ctx.text, plan)
        if not calls:
            raise Manual(f"the quoted {old}() call is no longer in {fn}()")
        idx = ARRAY_ALLOC[new][1]
        out = R.header(f"Use {new}() instead of {old}() with a multiplied size in {fn}()", s,
                       ["The count goes first, the element size second: the helper checks the product "
                        "for overflow."])
        for i, c in enumerate(calls, 1):
            fs = factors(c.args[idx])
            count, size = count_and_size(c.args[idx]) or (fs[0], fs[1])
            product = "N * S" if fs[0] == count else "S * N"
            lead = ["D"] * idx
            rest = ["es"] if len(c.args) > idx + 1 else []
            minus = ", ".join(lead + [product] + rest)
            plus = ", ".join(lead + ["N", "S"] + rest)
            metavars = [f"identifier fn = {fn};", "expression " + ", ".join((["D"] if idx else []) + ["N", "S"])
                        + ";"]
            if rest:
                metavars.append("expression list es;")
            metavars.append(R.position_constraint("p", [c.line]))
            body = f"- {old}@p({minus})\n+ {new}({plus})"
            out += "\n" + R.rule(f"array{i}" if len(calls) > 1 else "array", metavars, R.in_function("fn", body))
        return out

    def is_applied(self, s: Suggestion, plan: Plan[AllocArrayParams], text: str) -> bool:
        f = function_named(text, plan.params.function)
        if f is None:
            return False
        new = plan.params.new
        return not self._calls_now(text, plan) and any(
            c.name == new for c in calls(text, f.body_start, f.end, members=False))

    def verify(self, s: Suggestion, plan: Plan[AllocArrayParams], before: str, after: str) -> str:
        fn, old, new = plan.params.function, plan.params.old, plan.params.new
        if self._calls_now(after, plan):
            return f"{old}() with a multiplied size is still called where the reviewer pointed in {fn}()"
        fb, fa = function_named(before, fn), function_named(after, fn)
        if fb is None or fa is None:
            return f"function {fn}() not found afterwards"
        n_before = sum(c.name == new for c in calls(before, fb.body_start, fb.end, members=False))
        n_after = sum(c.name == new for c in calls(after, fa.body_start, fa.end, members=False))
        want = len(plan.params.targets)
        if n_after - n_before != want:
            return f"{n_after - n_before} {new}() calls appeared, the reviewer meant {want}"
        return ""


RECIPE = AllocArray()
