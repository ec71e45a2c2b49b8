"""Fix a conversion in a format string: `pr_info("%d", len)` -> `pr_info("%u", len)`.

Evidence: the comment writes conversions (`%u`, `%zu`, "s/%d/%u/", "%lu instead
of %ld"), and a quoted call (printk, pr_*(), dev_*(), seq_printf()...: any call
with a string literal that holds conversions) prints with a conversion of the
same family.  Two conversions in the comment: the one in the format is the old
one.  One: it replaces the integer conversion of the format; when the format has
several, the one whose argument the comment names ("len is unsigned"), or all of
them for "all"/"both".  Only the quoted call's format string changes, by SmPL
matching that string constant.  `%p` extensions (`%pe` needs the argument
changed too) and formats split over several literals are left to people.
"""
from __future__ import annotations

import re

from cocci import render as R
from cocci.csource import Function, function_named
from cocci.recipe import CodeContext, Manual, Plan, Recipe
from cocci.recipes import _calls as C
from cocci.recipes import _evidence as E
from patches.model import Suggestion

_INTEGER = re.compile(r"%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|Z|t|j)?[diouxX]$")


def is_integer(spec: str) -> bool:
    return bool(_INTEGER.match(spec))


def formatted_calls(text: str, first: int, last: int) -> list[tuple[C.Call, int]]:
    """Calls on lines FIRST..LAST with a string-literal argument holding conversions: (call, its index)."""
    out = []
    for c in C.calls(text, first, last):
        for i, a in enumerate(c.args):
            if C.is_string(a) and C.specs(a):
                out.append((c, i))
                break
    return out


def choose(comment: str, fmt: str, args: list[str]) -> list[tuple[int, str]]:
    """(index of the conversion in FMT, its replacement) that the comment asks for; Manual when unclear."""
    wanted = list(dict.fromkeys(m.group(0) for m in C.specs(comment)))
    conv = [m.group(0) for m in C.specs(fmt)]
    if len(wanted) >= 2:
        old = [w for w in wanted if w in conv]
        new = [w for w in wanted if w not in conv]
        if len(old) != 1 or len(new) != 1:
            raise Manual(f"the comment names {', '.join(wanted)}: which one replaces which is not clear")
        old_s, new_s = old[0], new[0]
        cands = [k for k, c in enumerate(conv) if c == old_s]
    else:
        new_s = wanted[0]
        if not is_integer(new_s):
            raise Manual(f"{new_s} needs more than the format string changed: left to the author")
        cands = [k for k, c in enumerate(conv) if is_integer(c) and c != new_s]
    if not cands:
        return []
    if len(cands) > 1 and not E.has_any(comment, E.SCOPE_ALL + E.SCOPE_BOTH):
        if any("*" in c for c in conv) or len(conv) != len(args):
            raise Manual("the format has several conversions and its arguments do not line up with them")
        said = set(re.findall(r"[A-Za-z_]\w*", comment))
        by_name = [k for k in cands if set(E.identifiers(args[k])) & said]
        if len(by_name) != 1:
            raise Manual(f"the format has {len(cands)} conversions that could be meant: "
                         "the comment does not name the value")
        cands = by_name
    return [(k, new_s) for k in cands]


def rewrite(literal: str, changes: list[tuple[int, str]]) -> str:
    body = literal[1:-1]
    sp = C.specs(body)
    for k, new in sorted(changes, reverse=True):
        a, b = sp[k].span()
        body = body[:a] + new + body[b:]
    return '"' + body + '"'


def _statement_key(text: str, fn: Function, line: int) -> tuple[str, int, int]:
    """(normalized statement, its occurrence, which call of the statement) of the call on LINE: a key
    that survives spatch re-wrapping the statement."""
    for st in E.statements(text, fn.body_start, fn.end):
        if st.start <= line <= st.end:
            name = C.calls(text, line, line)[0].name
            k = sum(1 for n in range(st.start, line) if any(c.name == name for c in C.calls(text, n, n)))
            return st.norm, E.occurrence(text, fn, st.norm, st.start), k
    raise Manual(f"the call on line {line} is not inside a statement of {fn.name}()")


class FormatSpecifier(Recipe):
    kind = "format-specifier"
    order = 26

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan | None:
        if not C.specs(s.comment):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found = formatted_calls(ctx.text, first, last)
        if not found:
            return None
        call, i = found[-1]                                  # nearest to the comment
        parts = C.literal_parts(call.args[i])
        changes = choose(s.comment, call.args[i], list(call.args[i + 1:]))
        if not changes:
            return None
        if len(parts) != 1:
            raise Manual(f"the format of {call.name}() on line {call.line} is split over several string "
                         "literals: left to the author")
        new = rewrite(parts[0], changes)
        olds = sorted({C.specs(parts[0][1:-1])[k].group(0) for k, _ in changes})
        news = sorted({n for _, n in changes})
        return Plan(self.kind, slug=news[0].lstrip("%"), order=self.order, files=[ctx.path],
                    params={"function": fn.name, "call": call.name, "old": parts[0], "new": new,
                            "target": _statement_key(ctx.text, fn, call.line)},
                    summary=f"Print with {', '.join(news)} instead of {', '.join(olds)} in {fn.name}()")

    def _line(self, text: str, plan: Plan) -> int | None:
        snorm, k, offset = plan.params["target"]  # type: ignore[misc]
        st = E.find_statement(text, str(plan.params["function"]), str(snorm), int(k))
        if st is None:
            return None
        hits = [n for n in range(st.start, st.end + 1)
                if any(c.name == plan.params["call"] for c in C.calls(text, n, n))]
        return hits[min(int(offset), len(hits) - 1)] if hits else None

    def render(self, s: Suggestion, plan: Plan, ctx: CodeContext) -> str:
        fn, name = str(plan.params["function"]), str(plan.params["call"])
        if function_named(ctx.text, fn) is None:
            raise Manual(f"function {fn}() not found")
        no = self._line(ctx.text, plan)
        if no is None:
            raise Manual(f"the quoted {name}() call is no longer in {fn}()")
        metavars = [f"identifier fn = {fn};", R.position_constraint("p", [no])]
        body = f" {name}@p(...,\n- {plan.params['old']}\n+ {plan.params['new']}\n ,...)"
        return (R.header(f"Fix the format of the quoted {name}() in {fn}()", s,
                         ["Only this call's format string changes: SmPL matches the string constant."])
                + "\n" + R.rule("format", metavars, R.in_function("fn", body)))

    def is_applied(self, s: Suggestion, plan: Plan, text: str) -> bool:
        no = self._line(text, plan)
        if no is None:
            return False
        args = [a for c in C.calls(text, no, no) if c.name == plan.params["call"] for a in c.args]
        return str(plan.params["new"]) in args

    def verify(self, s: Suggestion, plan: Plan, before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"the format of the quoted {plan.params['call']}() did not change as asked"
        old = str(plan.params["old"])
        if before.count(old) - after.count(old) != 1:
            return f"{before.count(old) - after.count(old)} format strings changed, the reviewer meant 1"
        return ""


RECIPE = FormatSpecifier()
