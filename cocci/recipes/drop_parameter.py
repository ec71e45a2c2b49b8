"""Drop a parameter whose value the function already gets another way: "cros_ec is already passed as
priv->cros_ec" on a quoted call `probe_sensors(cros_ec, dev, priv, ...)`.

Evidence: a sentence "Y is (already) passed/available/reachable ... as/in/via E" where E is a member
access `root->field` (or `root.field`); a quoted call of a static function F of the file passes Y and
root as two whole arguments.  F's parameter at Y's place goes from the definition and from every
call of F in the file, and its uses in F's body become E written with F's own parameter at root's
place.  Left to people: F not static, declared by a prototype or used other than by calls, the
parameter written to or its address taken in F, calls that pass other things at those places, a
one-parameter F.  SmPL does the three edits; the check compares with the same edit done as text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import Call, Span, calls, closing, function_at, function_named, mask, split_top
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _structural as S
from cocci.recipes.drop_argument import sentences
from patches.model import Suggestion

_AVAILABLE = re.compile(
    r"(?P<y>[A-Za-z_]\w*)[`'\"]?\s+(?:is|are)\s+(?:already\s+|also\s+)?(?:passed|available|accessible|"
    r"reachable|stored|there|known)\b[^.;]*?\b(?:as|in|via|through|from|with)\s+[`'\"]?"
    r"(?P<e>[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)+)")


def _params(text: str, fn_name: str) -> tuple[list[Span], str] | None:
    """The parameter spans of FN_NAME's definition and its header text (masked), or None."""
    f = function_named(text, fn_name)
    if f is None:
        return None
    m = mask(text)
    lo = sum(len(ln) + 1 for ln in text.splitlines()[:f.start - 1])
    at = m.find(fn_name + "", lo)
    open_at = m.find("(", at)
    close = closing(m, open_at)
    return split_top(text, m, open_at + 1, close), m[lo:open_at]


def _name(param: str) -> str:
    ids = re.findall(r"[A-Za-z_]\w*", param)
    return ids[-1] if ids else ""


def _all_calls(text: str, fn_name: str) -> list[Call]:
    """The calls of FN_NAME in TEXT (its definition's header is not one)."""
    f = function_named(text, fn_name)
    head = range(f.start, f.body_start + 1) if f else range(0)
    return [c for c in calls(text, 1, text.count("\n") + 1)
            if c.name == fn_name and c.name_span.line not in head]


def _uses(text: str, fn_name: str, pname: str) -> list[Span]:
    """PNAME as a variable in FN_NAME's body (not as a member name)."""
    f = function_named(text, fn_name)
    assert f is not None
    m = mask(text)
    lo = sum(len(ln) + 1 for ln in text.splitlines()[:f.body_start - 1])
    hi = sum(len(ln) + 1 for ln in text.splitlines()[:f.end])
    return [Span(lo + x.start(), lo + x.end(), 0)
            for x in re.finditer(rf"(?<![\w.>]){re.escape(pname)}(?!\w)", m[lo:hi])]


@dataclass(frozen=True)
class DropParameterParams(InFunction):
    functions: list[str]         # the function and its callers: what the rule may change
    index: int                   # which parameter goes (0-based)
    nparams: int                 # how many parameters the function has
    param: str                   # the parameter's name
    arg: str                     # what every call passes for it
    expr: str                    # what the parameter is, in terms of another one

    def scope_functions(self) -> tuple[str, ...]:
        return tuple(self.functions) or super().scope_functions()


class DropParameter(S.ExpectedEdit[DropParameterParams]):
    kind = "drop-parameter"
    takes_away = True           # a doubting question may ask for it
    order = Phase.SIGNATURES

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropParameterParams] | None:
        said = [(m.group("y"), re.sub(r"\s+", "", m.group("e")))
                for t in sentences(s.comment) for m in _AVAILABLE.finditer(t)]
        if not said:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found = []
        for y, e in said:
            root = root_of(e)
            if root == y:
                continue
            for c in calls(ctx.text, first, last):
                args = [a.of(ctx.text).strip() for a in c.arg_spans]
                if y in args and root in args and c.name != fn.name:
                    found.append((c, args.index(y), args.index(root), y, e))
        if not found:
            return None
        if len(found) > 1:
            raise Manual("several quoted calls pass the named value: which parameter goes is not clear")
        call, i, j, y, e = found[0]
        callee = call.name
        got = _params(ctx.text, callee)
        if got is None:
            raise Manual(f"{callee}() is not defined in {ctx.path}: its parameter cannot be dropped here")
        params, header = got
        if not re.search(r"\bstatic\b", header):
            raise Manual(f"{callee}() is not static: callers outside {ctx.path} would need the change too")
        if len(params) < 2 or len(params) != len(call.arg_spans):
            raise Manual(f"{callee}() takes {len(params)} parameter(s), the call passes {len(call.arg_spans)}")
        pname, rname = _name(params[i].of(ctx.text)), _name(params[j].of(ctx.text))
        masked = mask(ctx.text)
        if len(re.findall(rf"(?<![\w.>]){re.escape(callee)}\b", masked)) != \
                len(_all_calls(ctx.text, callee)) + 1:      # the calls and the definition
            raise Manual(f"{callee}() is declared or used other than by calls in {ctx.path}")
        f = function_named(ctx.text, callee)
        assert f is not None
        body = "\n".join(masked.splitlines()[f.body_start - 1:f.end])
        if re.search(rf"(?<![\w.>]){re.escape(pname)}\s*(=[^=]|\+\+|--|[-+*/|&^%]=|<<=|>>=)|"
                     rf"(\+\+|--|&)\s*{re.escape(pname)}\b", body):
            raise Manual(f"{callee}() writes to {pname} or takes its address")
        for c in _all_calls(ctx.text, callee):
            a = [x.of(ctx.text).strip() for x in c.arg_spans]
            if len(a) != len(params) or a[i] != y or a[j] != root_of(e):
                raise Manual(f"a call of {callee}() on line {c.name_span.line} passes other values there")
        new_expr = rname + e[len(root_of(e)):]
        callers = [x.name for c in _all_calls(ctx.text, callee)
                   if (x := function_at(ctx.text, c.name_span.line)) is not None]
        return Plan(self.kind, slug=f"{callee}-{pname}", order=self.order, files=[ctx.path],
                    params=DropParameterParams(callee, functions=sorted({callee, *callers}), index=i,
                                               nparams=len(params), param=pname, arg=y, expr=new_expr),
                    summary=f"Drop the {pname} parameter of {callee}(), it is {new_expr}")

    def render(self, s: Suggestion, plan: Plan[DropParameterParams], ctx: CodeContext) -> str:
        p = plan.params
        fn, i, n = p.function, p.index, p.nparams
        pname, arg, expr = p.param, p.arg, p.expr

        def shape(gone: str, before: str, after: str) -> str:
            if i == 0:
                return f"(\n- {gone},\n  {after})"
            if i == n - 1:              # the comma before it goes with it (SmPL parses no "- gone" alone)
                return f"({before}\n- , {gone}\n )"
            return f"({before},\n- {gone},\n  {after})"

        dmv = [f"identifier fn = {fn};", f"identifier P = {pname};", "type T;", "parameter list after;"]
        if i:
            dmv.append(f"parameter list[{i}] before;")
        cmv = [f"identifier fn = {fn};", "expression list rest;"]
        if i:
            cmv.append(f"expression list[{i}] es;")
        definition = f"fn{shape('T P', 'before', 'after')} {{\n<...\n- P\n+ {expr}\n...>\n}}\n"
        calls = f"fn{shape(arg, 'es', 'rest')}\n"
        desc = f"Drop the {pname} parameter of {fn}(): it is {expr}"
        return R.header(desc, s) + "\n" + R.rule("def", dmv, definition) + "\n" + R.rule("calls", cmv, calls)

    def expected(self, plan: Plan[DropParameterParams], text: str) -> str:
        p = plan.params
        fn, i = p.function, p.index
        got = _params(text, fn)
        if got is None:
            raise Manual(f"{fn}() is gone")
        edits: list[tuple[int, int, str]] = []

        def drop(spans: tuple[Span, ...] | list[Span]) -> None:
            if i + 1 < len(spans):
                edits.append((spans[i].start, spans[i + 1].start, ""))
            else:
                edits.append((spans[i - 1].end, spans[i].end, ""))
        drop(got[0])
        for u in _uses(text, fn, p.param):
            edits.append((u.start, u.end, p.expr))
        for c in _all_calls(text, fn):
            drop(c.arg_spans)
        for a, b, new in sorted(edits, reverse=True):
            text = text[:a] + new + text[b:]
        return text

    def is_applied(self, s: Suggestion, plan: Plan[DropParameterParams], text: str) -> bool:
        got = _params(text, plan.params.function)
        return got is not None and len(got[0]) == plan.params.nparams - 1

    def overreach(self, plan: Plan[DropParameterParams]) -> str:
        return f"the rule did more or less than dropping {plan.params.param} from " \
               f"{plan.params.function}() and its calls"


def root_of(e: str) -> str:
    m = re.match(r"[A-Za-z_]\w*", e)
    return m.group(0) if m else ""


RECIPE = DropParameter()
