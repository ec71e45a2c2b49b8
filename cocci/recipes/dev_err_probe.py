"""Print and return the error in one call: `dev_err(dev, "...: %d\n", ret); return ret;` ->
`return dev_err_probe(dev, ret, "...\n");`.

Evidence: the comment names dev_err_probe(), and a quoted dev_err() (or dev_warn()...)
is followed by `return E;`.  "everywhere" takes every such pair of the function, "Same below." the
quoted one and those after it.  When the message prints E itself (the last argument,
`E` or `ERR_PTR(E)`), its conversion and what introduces it (": %d", " (%d)",
", err=%d", " with error %pe") leave the message, since dev_err_probe() prints
the error.  An if block left with the return alone loses its braces, unless an
else follows or it is itself an else if (the arms of an if keep braces together).
Refused: the error printed other than last, a message that is not a string
literal, a function that returns nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import Call, calls, function_named, line_of, mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _calls as C
from cocci.recipes import _evidence as E
from patches.model import Suggestion

HELPER = "dev_err_probe"
_PRINTS = re.compile("|".join(C.ERR_PROBE[HELPER]))
_LEAD_IN = re.compile(r"[\s,:;=-]*(?:(?:with|returned|returns)\s+)?(?:error|err|errno|ret|rc|status|code)?"
                      r"[\s:=]*$")


def drop_conversion(literal: str, k: int) -> str | None:
    """The string literal LITERAL (quotes included) without its K-th conversion and the words that
    introduce it; None when that is not plain."""
    body = literal[1:-1]
    sp = C.specs(body)
    if k >= len(sp):
        return None
    a, b = sp[k].span()
    before, after = body[:a], body[b:]
    if before.endswith("(") and after.startswith(")"):
        before, after = before[:-1], after[1:]
    m = _LEAD_IN.search(before)
    if m:
        before = before[:m.start()]
    if not before.strip():
        return None
    return '"' + before + after + '"'


def _statement_end(m: str, i: int) -> int:
    """Offset just after the ';' that ends the statement at I (masked text M)."""
    j = m.find(";", i)
    return -1 if j < 0 else j + 1


@dataclass(frozen=True)
class Analysis:
    call: str               # the printing function
    line: int               # its line
    value: str              # what the return after it returns
    nrest: int              # how many values it prints besides the error
    dropped: bool           # whether it prints the error (the new message does not)
    wrapped: bool           # ... as ERR_PTR(error)
    fmt: str                # the message without the error's conversion ("" unless dropped)
    braced: bool            # the call and the return are the whole braced body of an if
    else_before: bool       # that if is an else if: the arm before it has braces, so this one keeps its own

    @property
    def unbraced(self) -> bool:
        """Whether the if loses its braces: the return alone is left and no other arm has braces."""
        return self.braced and not self.else_before


def analyse(text: str, fn_name: str, line: int) -> Analysis:
    """What rewriting the printing call on LINE of FN_NAME takes; Manual when it cannot be done safely."""
    fn = function_named(text, fn_name)
    if fn is None:
        raise Manual(f"function {fn_name}() not found")
    prints = calls(text, line, line, _PRINTS, members=False)
    if not prints:
        raise Manual(f"no dev_err() call on the quoted line of {fn_name}()")
    call = prints[0]
    m = mask(text)
    semi = _statement_end(m, call.end)
    if semi < 0 or m[call.end:semi - 1].strip():
        raise Manual(f"{call.name}() on line {call.line} is not a statement of its own")
    ret = re.match(r"\s*return\b([^;]*);", m[semi:])
    if not ret:
        raise Manual(f"{call.name}() on line {call.line} is not followed by a return: "
                     "dev_err_probe() returns the error, where should it go?")
    value = text[semi + ret.start(1):semi + ret.end(1)].strip()
    if not value:
        raise Manual(f"{fn_name}() returns nothing: dev_err_probe() needs an error to return")
    if len(call.args) < 2 or not C.is_string(call.args[1]):
        raise Manual(f"the message of {call.name}() on line {call.line} is not a string literal")
    rest = list(call.args[2:])
    fmt = " ".join(C.literal_parts(call.args[1]))
    new_fmt = ""
    printed = [i for i, a in enumerate(rest) if norm(a) in (norm(value), norm(f"ERR_PTR({value})"))]
    wrapped = False
    if printed:
        if printed != [len(rest) - 1]:
            raise Manual(f"the error is not the last value {call.name}() prints on line {call.line}")
        parts = C.literal_parts(call.args[1])
        n_before = sum(len(C.specs(p[1:-1])) for p in parts[:-1])
        k = len(rest) - 1 - n_before
        last = drop_conversion(parts[-1], k) if k >= 0 else None
        if last is None or len(C.specs(fmt)) != len(rest):
            raise Manual(f"cannot tell how the message on line {call.line} prints the error")
        new_fmt = " ".join(parts[:-1] + [last])
        wrapped = norm(rest[-1]) != norm(value)
        rest = rest[:-1]
    end_line = line_of(text, semi + ret.end())
    src = m.splitlines()
    prev = next((n for n in range(call.line - 1, fn.body_start - 1, -1) if src[n - 1].strip()), 0)
    nxt = next((n for n in range(end_line + 1, fn.end + 1) if src[n - 1].strip()), 0)
    header = _joined_header(src, prev) if prev else ""
    braced = bool(prev and re.match(r"\s*(?:\}\s*else\s+)?if\b", header)
                  and src[prev - 1].rstrip().endswith("{") and nxt and src[nxt - 1].strip() == "}"
                  and not re.match(r"\s*else\b", src[nxt][:] if nxt < len(src) else ""))
    return Analysis(call=call.name, line=call.line, value=value, nrest=len(rest), dropped=bool(printed),
                    wrapped=wrapped, fmt=new_fmt, braced=braced,
                    else_before=bool(re.match(r"\s*\}\s*else\b", header)))


def _joined_header(src: list[str], line: int) -> str:
    """The if header that ends on LINE (it may span lines: walk up while parentheses are open)."""
    acc = src[line - 1]
    n = line
    while acc.count("(") > acc.count(")") or (acc.count("(") < acc.count(")") and n > 1):
        n -= 1
        acc = src[n - 1] + " " + acc
        if acc.count("(") == acc.count(")"):
            break
    return acc.strip()


def _written_call(s: Suggestion) -> tuple[str, ...] | None:
    """The arguments of the one `return dev_err_probe(...);` the reviewer wrote as the whole of their
    code, None when they wrote something else."""
    code = E.reviewer_code(s)
    text = " ".join(c.strip() for c in code)      # the call continued over lines
    if not code or mask(text).count(";") != 1:
        return None
    if not re.fullmatch(rf"return\s+{HELPER}\s*\((?s:.*)\)\s*;", text):
        return None
    found = [c for c in calls(text, 1, 1, members=False) if c.name == HELPER]
    return found[0].args if found else None


def _reviewer_message(text: str, fn_name: str, call: Call, written: tuple[str, ...]) -> str | None:
    """What the reviewer's dev_err_probe() arguments ask of the quoted print and return: '' when they are
    what the rewrite gives (the print's device, the returned error, its message less the error's
    conversion, the other values; or `...` for the message, or for all of them), the reviewer's own
    message literal when only the wording differs (the same device, error and other values, one
    conversion for each), None when they ask for something else."""
    try:
        a = analyse(text, fn_name, call.line)
    except Manual:
        return None
    fmt = a.fmt if a.dropped else " ".join(C.literal_parts(call.args[1]))
    rest = list(call.args[2:len(call.args) - (1 if a.dropped else 0)])
    want = [call.args[0], a.value, fmt, *rest]
    got = list(written)
    if len(got) == 1 and got[0].strip() in ("...", "\u2026"):
        return ""           # `return dev_err_probe(...);`: the rewrite itself, every argument left to it
    if len(got) == 3 and got[2].strip() in ("...", "\u2026"):
        # `return dev_err_probe(dev, ret, ...);`: the message as the print has it
        return "" if all(norm(x) == norm(y) for x, y in zip(want[:2], got[:2], strict=True)) else None
    if len(got) != len(want) or not C.is_string(got[2]) or \
            not all(norm(x) == norm(y) for x, y in zip(want[:2] + want[3:], got[:2] + got[3:], strict=True)):
        return None
    mine = "".join(p[1:-1] for p in C.literal_parts(got[2]))
    if mine == "".join(p[1:-1] for p in C.literal_parts(fmt)):
        return ""
    if len(C.specs(mine)) != len(rest) or "%pe" in mine:
        return None
    return got[2].strip()


@dataclass(frozen=True)
class DevErrProbeParams(InFunction):
    targets: list[tuple[str, int]]   # the dev_err() lines: (normalized text, occurrence)
    later: int | None = None         # "Same below.": how many of TARGETS are after the quoted one
    message: str = ""                # the message the reviewer wrote, when it is worded otherwise
    written: bool = False            # the reviewer wrote the `return dev_err_probe(...);` this makes

    def reach_below(self) -> int | None:
        return self.later


class DevErrProbe(Recipe[DevErrProbeParams]):
    kind = "dev-err-probe"
    order = Phase.HELPER_CALLS

    def superseded(self, plan: Plan[DevErrProbeParams]) -> tuple[str, ...]:
        """The reviewer's own `return dev_err_probe(...);` is this rewrite, print and return together: taken
        as reviewer code it would replace the return alone and leave the print to be folded into it again."""
        return ("replace-code",) if plan.params.written else ()

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DevErrProbeParams] | None:
        written = _written_call(s)
        if written is None and (not re.search(rf"\b{HELPER}\b", s.comment) or E.rejected(s.comment, HELPER)):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        whole = E.whole_quote_in(s, ctx.text, fn) if written is not None else None
        if whole is not None and whole[0] <= last <= whole[1]:
            first = min(first, whole[0])     # the reviewer's return stands for the print above it too
        prints = calls(ctx.text, first, last, _PRINTS, members=False)
        if not prints:
            return None
        message = _reviewer_message(ctx.text, fn.name, prints[-1], written) if written is not None else ""
        if message is None:
            return None             # other values: the reviewer's code as written (replace-code)
        # the reviewer's own wording is for the quoted print alone
        everywhere = E.scope_words(s.comment, (HELPER, prints[-1].name), E.SCOPE_ALL) and not message
        later: int | None = None
        if everywhere or (E.same_below(s.comment) and not message):
            if not everywhere:
                analyse(ctx.text, fn.name, prints[-1].line)     # the quoted one at least
            start = fn.body_start if everywhere else prints[-1].line
            quoted = prints[-1].name
            prints = calls(ctx.text, start, fn.end, _PRINTS, members=False)
            chosen = []
            for c in prints:
                try:
                    a = analyse(ctx.text, fn.name, c.line)
                except Manual:
                    continue
                # the like places: the quoted print, returning an error (a dev_info(); return 0; is none)
                if c.name == quoted and not re.fullmatch(r"\d+", a.value):
                    chosen.append(c)
            if not chosen:
                raise Manual(f"no dev_err(); return pair in {fn.name}() can become dev_err_probe()")
            if not everywhere:
                later = sum(1 for c in chosen if c.line > start)
        else:
            chosen = [prints[-1]]
            analyse(ctx.text, fn.name, prints[-1].line)
        targets = [C.line_key(ctx.text, fn.body_start, c.line) for c in chosen]
        return Plan(self.kind, slug=HELPER, order=self.order, files=[ctx.path],
                    params=DevErrProbeParams(fn.name, targets=targets, later=later, message=message,
                                             written=written is not None),
                    summary=f"Use {HELPER}() in {fn.name}()"
                            + (f" (x{len(targets)})" if len(targets) > 1 else ""))

    def _lines(self, text: str, plan: Plan[DevErrProbeParams]) -> list[int]:
        fn = plan.params.function
        out = []
        for tnorm, k in plan.params.targets:
            no = C.find_line(text, fn, tnorm, k)
            if no is not None:
                out.append(no)
        return out

    def render(self, s: Suggestion, plan: Plan[DevErrProbeParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        lines = self._lines(ctx.text, plan)
        if not lines:
            raise Manual(f"the quoted dev_err() is no longer in {fn}()")
        out = R.header(f"Print and return the error with {HELPER}() in {fn}()", s,
                       [f"{HELPER}() prints the error itself (and stays quiet on -EPROBE_DEFER): "
                        "the message no longer prints it."])
        # one rule for all the targets, a branch each: spatch reports the positions of a function an
        # earlier rule changed from that change on, so a second rule's line pin would miss
        es_any = False
        unbraced_any = False
        branches = []
        pins = []
        for i, no in enumerate(lines, 1):
            a = analyse(ctx.text, fn, no)
            p = "p" if len(lines) == 1 else f"p{i}"
            es = ["es"] if a.nrest else []
            es_any = es_any or bool(es)
            unbraced_any = unbraced_any or a.unbraced
            printed = (["ERR_PTR(E)"] if a.wrapped else ["E"]) if a.dropped else []
            old = f"{a.call}@{p}({', '.join(['D', 'F'] + es + printed)});"
            new_fmt = plan.params.message or (a.fmt if a.dropped else "F")
            new = f"return {HELPER}({', '.join(['D', 'E', new_fmt] + es)});"
            pins.append(R.position_constraint(p, [a.line]))
            if a.unbraced:
                branches.append(f"- if (C) {{\n-  {old}\n-  return E;\n- }}\n+ if (C)\n+  {new}")
            else:
                branches.append(f"- {old}\n- return E;\n+ {new}")
        metavars = [f"identifier fn = {fn};", "expression C, D, E, F;" if unbraced_any else "expression D, E, F;"]
        if es_any:
            metavars.append("expression list es;")
        body = branches[0] if len(branches) == 1 else "(\n" + "\n|\n".join(branches) + "\n)"
        out += "\n" + R.rule("probe", metavars + pins, R.in_function("fn", body))
        return out

    def _count(self, text: str, fn: str) -> int:
        f = function_named(text, fn)
        return 0 if f is None else sum(c.name == HELPER for c in calls(text, f.body_start, f.end, members=False))

    def is_applied(self, s: Suggestion, plan: Plan[DevErrProbeParams], text: str) -> bool:
        return not self._lines(text, plan) and self._count(text, plan.params.function) > 0

    def verify(self, s: Suggestion, plan: Plan[DevErrProbeParams], before: str, after: str) -> str:
        fn = plan.params.function
        if self._lines(after, plan):
            return f"the quoted dev_err() is still in {fn}()"
        want = len(plan.params.targets)
        got = self._count(after, fn) - self._count(before, fn)
        if got != want:
            return f"{got} {HELPER}() calls appeared in {fn}(), the reviewer meant {want}"
        return ""


RECIPE = DevErrProbe()
