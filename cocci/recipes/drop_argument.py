"""Drop an argument the reviewer calls needless: `nilfs_error(sb, __func__, fmt)` -> `nilfs_error(sb, fmt)`.

Evidence, all in one sentence of the comment: words of needlessness ("does not require", "no need",
"drop", "not necessary"), the called function or macro named (`nilfs_error()`), and the argument
named (`__func__`); a quoted call of that name takes that argument.  Exactly one such call on the
quoted lines, or Manual.  A callee the patch's files define as a function with a fixed parameter list
is left to people (dropping the argument would need the parameter dropped too); a variadic or
macro callee, or one defined elsewhere, is not checked.  SmPL drops the argument at its index,
pinned to the quoted line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import Call, calls, function_named, mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _structural as S
from cocci.recipes._calls import is_string, literal_parts, specs
from patches.model import Suggestion


def sentences(comment: str) -> list[str]:
    """The comment's sentences (a `.`, `?` or `!` before a blank, or a blank line, ends one); `foo().`
    and `e.g.` do not split."""
    text = re.sub(r"\b(e\.g|i\.e|etc|vs)\.", r"\1", comment)
    return [p.strip() for p in re.split(r"(?<=[.?!])\s+(?=[A-Z\"'(])|\n\s*\n", text) if p.strip()]


def mentions(sentence: str, code: str) -> bool:
    """Whether SENTENCE names CODE: as a word or a `name()`, quotes around it allowed."""
    return re.search(rf"(?<![\w>.]){re.escape(code)}(?![\w])", sentence) is not None


ARG_WORDS = ("pass", "passed", "passing", "argument", "arguments", "arg", "args", "parameter", "param")
_WRITTEN_CALL = re.compile(r"\b[A-Za-z_]\w*\s*\([^()]+\)")
_DEIXIS = re.compile(r"\b(?:drop|remove|delete|get rid of|lose)\s+(?:this|that|it|these|those)\b", re.I)


def dropped_there(sentence: str, code: str) -> bool:
    """Whether SENTENCE names CODE as the thing to do without: named outside any call it writes out
    (`pass strlen(buf) directly` keeps buf), a word of needlessness within a few words of it, and no
    "drop this" pointing at the quoted code instead."""
    bare = _WRITTEN_CALL.sub(" ", sentence)
    if _DEIXIS.search(bare):
        return False
    at = [m.start() for m in re.finditer(rf"(?<![\w>.]){re.escape(code)}(?!\w)", bare)]
    low = bare.lower()
    near = [m.start() for w in S.DROP_WORDS for m in re.finditer(rf"(?<![a-z_]){re.escape(w)}(?![a-z_])", low)]
    return any(abs(a - n) <= 40 for a in at for n in near)


def fixed_arity(files: dict[str, str], name: str) -> int | None:
    """The parameter count of function NAME when one of FILES defines it with a fixed parameter list."""
    for text in files.values():
        f = function_named(text, name)
        if f is None:
            continue
        header = " ".join(mask(text).splitlines()[f.start - 1:f.body_start])
        params = header[header.find("(") + 1:header.rfind(")")]
        if "..." in params:
            return None
        parts = [p for p in params.split(",") if p.strip()]
        return 0 if parts == ["void"] or [p.strip() for p in parts] == ["void"] else len(parts)
    return None


def _conversion_for(call: Call, index: int, text: str) -> str:
    """The conversion (`%s`) of CALL's format string (its last string literal argument before INDEX) that
    prints argument INDEX; '' when no format before it has one for it."""
    args = [a.of(text) for a in call.arg_spans]
    fmts = [i for i in range(index) if is_string(args[i])]
    if not fmts:
        return ""
    convs = specs("".join(lit[1:-1] for lit in literal_parts(args[fmts[-1]])))
    # `%*d` takes two arguments: past the count, the argument is still the format's
    return convs[min(index - fmts[-1] - 1, len(convs) - 1)].group(0) if convs else ""


def _find(text: str, fn: str, callee: str, index: int, arg: str, nargs: int) -> list[Call]:
    f = function_named(text, fn)
    if f is None:
        return []
    return [c for c in calls(text, f.body_start, f.end)
            if c.name == callee and len(c.arg_spans) == nargs and norm(c.arg_spans[index].of(text)) == arg]


@dataclass(frozen=True)
class DropArgumentParams(InFunction):
    callee: str                  # the function called
    index: int                   # which argument goes (0-based)
    arg: str                     # that argument (normalized)
    nargs: int                   # how many arguments the call has
    k: int                       # which such call of the function


class DropArgument(S.ExpectedEdit[DropArgumentParams]):
    kind = "drop-argument"
    takes_away = True           # a doubting question may ask for it
    supersedes = ("remove-statements",)     # the argument goes, not the call that takes it
    order = Phase.QUALIFIERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropArgumentParams] | None:
        if not E.has_any(s.comment, S.DROP_WORDS):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found: list[tuple[Call, int]] = []
        for c in calls(ctx.text, first, last):
            for sent in sentences(s.comment):
                if not (mentions(sent, c.name) and E.has_any(sent, S.DROP_WORDS) and E.has_any(sent, ARG_WORDS)):
                    continue
                for i, a in enumerate(c.arg_spans):
                    code = a.of(ctx.text)
                    if re.fullmatch(r"[A-Za-z_]\w*", code) and code != c.name and dropped_there(sent, code):
                        if (c, i) not in found:
                            found.append((c, i))
        if not found:
            return None
        if len(found) > 1:
            raise Manual("the comment names several arguments of quoted calls as needless: "
                         + ", ".join(f"{c.arg_spans[i].of(ctx.text)} of {c.name}()" for c, i in found))
        call, index = found[0]
        spec = _conversion_for(call, index, ctx.text)
        if spec:
            raise Manual(f"{call.arg_spans[index].of(ctx.text)} is printed by the {spec} of {call.name}()'s format: "
                         "the conversion and the words around it go with it, which is for the author to word")
        arity = fixed_arity(ctx.files or {ctx.path: ctx.text}, call.name)
        if arity is not None:
            raise Manual(f"{call.name}() is a function of the patch with {arity} parameter(s): dropping an "
                         "argument needs its parameter dropped too")
        arg = norm(call.arg_spans[index].of(ctx.text))
        hits = _find(ctx.text, fn.name, call.name, index, arg, len(call.arg_spans))
        k = next(n for n, h in enumerate(hits) if h.name_span == call.name_span)
        return Plan(self.kind, slug=f"{call.name}-{arg}", order=self.order, files=[ctx.path],
                    params=DropArgumentParams(fn.name, callee=call.name, index=index, arg=arg,
                                              nargs=len(call.arg_spans), k=k),
                    summary=f"Do not pass {arg} to {call.name}()")

    def _target(self, plan: Plan[DropArgumentParams], text: str) -> Call:
        p = plan.params
        hits = _find(text, p.function, p.callee, p.index, p.arg, p.nargs)
        k = p.k
        if k >= len(hits):
            raise Manual(f"the quoted {p.callee}() call is no longer in {p.function}()")
        return hits[k]

    def render(self, s: Suggestion, plan: Plan[DropArgumentParams], ctx: CodeContext) -> str:
        p = plan.params
        call = self._target(plan, ctx.text)
        index, nargs, arg, callee = p.index, p.nargs, p.arg, p.callee
        metavars = [f"identifier fn = {p.function};", R.position_constraint("p", [call.name_span.line])]
        if index > 0:
            metavars.append(f"expression list[{index}] es;")
        if index < nargs - 1:
            metavars.append("expression list rest;")
        if index == 0:
            body = f"{callee}@p(\n- {arg},\n  rest)" if nargs > 1 else f"{callee}@p(\n- {arg}\n )"
        elif index == nargs - 1:
            body = f"{callee}@p(es,\n- {arg}\n )"
        else:
            body = f"{callee}@p(es,\n- {arg},\n  rest)"
        desc = f"Do not pass {arg} to {callee}() in {p.function}(), on the line the reviewer quoted"
        return R.header(desc, s) + "\n" + R.rule("drop_arg", metavars, R.in_function("fn", body))

    def expected(self, plan: Plan[DropArgumentParams], text: str) -> str:
        """TEXT with the argument dropped, as a plain text edit (what the rule must amount to)."""
        call = self._target(plan, text)
        index = plan.params.index
        a = call.arg_spans[index]
        if index + 1 < len(call.arg_spans):
            return text[:a.start] + text[call.arg_spans[index + 1].start:]
        if index > 0:
            prev = call.arg_spans[index - 1]
            return text[:prev.end] + text[a.end:]
        return text[:a.start] + text[a.end:]

    def is_applied(self, s: Suggestion, plan: Plan[DropArgumentParams], text: str) -> bool:
        try:
            self._target(plan, text)
        except Manual:
            p = plan.params
            f = function_named(text, p.function)
            return f is not None and any(c.name == p.callee and len(c.arg_spans) == p.nargs - 1
                                         for c in calls(text, f.body_start, f.end))
        return False

    def overreach(self, plan: Plan[DropArgumentParams]) -> str:
        return f"the rule changed more than the {plan.params.arg} argument of the quoted call"


RECIPE = DropArgument()
