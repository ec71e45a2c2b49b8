"""Call a helper the file (or the patch) already defines instead of writing out its body again:
"Use foo_to_mdeg()" under `*t = (raw - 2731) * 100;` when foo_to_mdeg(raw) is `return (raw - 2731) * 100;`.

Evidence: the comment names one or more functions or function-like macros (`foo()`) with a wish to
use them ("use", "can be", "there is", or the bare name), the name is defined in the anchored file
or in another file of the patch (not called in the quoted code yet), the definition is one
expression (`return EXPR;`, a one-statement void helper `EXPR;`, or `#define F(a) EXPR`), and the
quoted lines hold that expression token for token, with the helper's parameters standing for
whole operands (a name, a member, a call, a parenthesized expression: never a piece of a larger
sum, so precedence cannot change what is computed).  The match must be a whole expression (an
argument, the right-hand side of an assignment, a return value, a condition).  The rule replaces
it by the call, with SmPL `expression` metavariables for the parameters, pinned to the quoted lines.

A named helper whose body is not in the quoted code (a check that must be added, a conversion
written another way) is manual for that helper, with the reason; when the comment names several,
those that match are done and the others are reported as left to the author.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import KEYWORDS, Function, closing, function_named, function_span, mask, split_args
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes.use_helper import HELPERS
from patches.model import Suggestion

WISH = ("use", "using", "prefer", "instead", "rather", "can be", "could be", "should be", "there is",
        "there's", "we have", "already have", "helper", "macro", "open-coded", "open coded", "open-code",
        "reuse", "re-use", "call")

_TOK = re.compile(r"[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\S")
_PREFIX = frozenset("* & - + ! ~".split())
_BEFORE = frozenset("( , = return ? : ; { } [".split())       # what may stand before a whole expression
_AFTER = frozenset(") , ; ] ? :".split())                     # ... and after it
_STMT_BEFORE = frozenset("; { } else".split())


@dataclass(frozen=True)
class Definition:
    name: str
    params: tuple[str, ...]
    body: tuple[str, ...]          # the expression's tokens, outer parentheses taken off
    statement: bool                # a void helper whose body is the expression statement `EXPR;`
    text: str                      # the definition's expression as written, for messages


@dataclass(frozen=True)
class Match:
    start: int                     # index into the token list
    end: int                       # just after the last token
    line: int                      # line of the first identifier, number or parameter of the body
    args: tuple[str, ...]          # the operands the parameters stand for, as tokens joined


def _tokens(code: str) -> list[str]:
    return _TOK.findall(code)


def _strip_parens(toks: list[str]) -> list[str]:
    while len(toks) >= 2 and toks[0] == "(" and _close(toks, 0) == len(toks) - 1:
        toks = toks[1:-1]
    return toks


def _close(toks: list[str], i: int) -> int:
    depth = 0
    pairs = {"(": ")", "[": "]", "{": "}"}
    for j in range(i, len(toks)):
        if toks[j] in pairs:
            depth += 1
        elif toks[j] in pairs.values():
            depth -= 1
            if depth == 0:
                return j
    return -1


def _params(head: str) -> tuple[str, ...] | None:
    m = mask(head)
    p = m.find("(")
    if p < 0:
        return None
    q = closing(m, p)
    out: list[str] = []
    for part in split_args(head, m, p, q):
        part = " ".join(part.split())
        if part in ("void", ""):
            continue
        mm = re.search(r"([A-Za-z_]\w*)\s*(\[[^\]]*\])*$", part)
        if part == "..." or mm is None:
            return None
        out.append(mm.group(1))
    return tuple(out)


def defined_params(files: list[str], name: str) -> tuple[str, ...] | None:
    """The parameters of function or function-like macro NAME as one of FILES defines it; None when
    none of them defines it (or its parameters cannot be read)."""
    for text in files:
        m = re.search(rf"^[ \t]*#[ \t]*define[ \t]+{re.escape(name)}\(([^)]*)\)", text, re.M)
        if m:
            return tuple(p.strip() for p in m.group(1).split(",") if p.strip())
        span = function_span(text, name)
        if span is not None:
            return _params(text[span[0]:span[1]])
    return None


def definition(files: list[str], name: str) -> Definition | None:
    """NAME's definition in one of FILES when it is one expression; None when it is not defined there
    or is more than that."""
    for text in files:
        for m in re.finditer(rf"^[ \t]*#[ \t]*define[ \t]+{re.escape(name)}\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)",
                             text, re.M):
            params = tuple(p.strip() for p in m.group(1).split(",") if p.strip())
            if not all(re.fullmatch(r"[A-Za-z_]\w*", p) for p in params):
                return None
            body = mask(m.group(2).replace("\\\n", " "))
            if '"' in body or "'" in body or ";" in body or "#" in body or not body.strip():
                return None
            return Definition(name, params, tuple(_strip_parens(_tokens(body))), False,
                              " ".join(m.group(2).replace("\\\n", " ").split()))
        span = function_span(text, name)
        if span is None:
            continue
        head = text[span[0]:span[1]]
        fparams = _params(head)
        body = mask(text[span[1]:span[2]]).strip()
        if fparams is None or '"' in body or "'" in body:
            return None
        ret = re.fullmatch(r"\{\s*return\b(.*);\s*\}", body, re.S)
        stmt = re.fullmatch(r"\{\s*([^;{}]*);\s*\}", body, re.S)
        void = re.search(r"\bvoid\s+(?:\w+\s+)*$", mask(head)[:mask(head).find(name)]) is not None
        if ret and ";" not in ret.group(1):
            expr = ret.group(1)
        elif stmt and void and not re.match(r"\s*(return|if|for|while|do|switch|goto)\b", stmt.group(1)):
            expr = stmt.group(1)
        else:
            return None
        toks = _strip_parens(_tokens(expr))
        if not toks or not set(toks) & set(fparams) and fparams:
            return None
        return Definition(name, fparams, tuple(toks), bool(stmt and not ret), " ".join(expr.split()))
    return None


def _operand_ends(toks: list[str], i: int, postfix_only: bool) -> list[int]:
    """The ends (exclusive) of the operands that can start at I: prefixes, then a name, a number or a
    parenthesized group, then member accesses, subscripts and calls; shortest first."""
    j = i
    if not postfix_only:
        while j < len(toks) and toks[j] in _PREFIX:
            j += 1
    if j >= len(toks):
        return []
    t = toks[j]
    if t == "(":
        k = _close(toks, j)
        if k < 0:
            return []
        j = k + 1
    elif re.fullmatch(r"[A-Za-z_]\w*|\d\w*|0[xX]\w+", t) and t not in KEYWORDS:
        j += 1
    else:
        return []
    ends = [j]
    while j < len(toks):
        if toks[j] in ("->", ".") and j + 1 < len(toks) and re.fullmatch(r"[A-Za-z_]\w*", toks[j + 1]):
            j += 2
        elif toks[j] in ("[", "("):
            k = _close(toks, j)
            if k < 0:
                break
            j = k + 1
        else:
            break
        ends.append(j)
    return ends


def _match_at(d: Definition, toks: list[str], i: int) -> tuple[int, dict[str, tuple[int, int]]] | None:
    binds: dict[str, tuple[int, int]] = {}

    def go(pi: int, ti: int) -> int | None:
        if pi == len(d.body):
            return ti
        p = d.body[pi]
        if p in d.params and (pi == 0 or d.body[pi - 1] not in ("->", ".")):
            if p in binds:
                a, b = binds[p]
                n = b - a
                if toks[ti:ti + n] != toks[a:b]:
                    return None
                return go(pi + 1, ti + n)
            nxt = d.body[pi + 1] if pi + 1 < len(d.body) else ""
            for end in _operand_ends(toks, ti, nxt in ("->", ".", "[", "(", "++", "--")):
                binds[p] = (ti, end)
                got = go(pi + 1, end)
                if got is not None:
                    return got
                del binds[p]
            return None
        if ti < len(toks) and toks[ti] == p:
            return go(pi + 1, ti + 1)
        return None

    end = go(0, i)
    return None if end is None else (end, dict(binds))


def find(d: Definition, text: str, first: int, last: int) -> list[Match]:
    """The places on lines FIRST..LAST of TEXT that write out D's body as a whole expression."""
    m = mask(text).splitlines()
    toks: list[str] = []
    lines: list[int] = []
    for no in range(first, min(last, len(m)) + 1):
        for t in _TOK.findall(m[no - 1]):
            toks.append(t)
            lines.append(no)
    anchor = next((k for k, t in enumerate(d.body) if re.fullmatch(r"[A-Za-z_]\w*|\d\w*", t)), None)
    if anchor is None:
        return []
    out: list[Match] = []
    i = 0
    while i < len(toks):
        got = _match_at(d, toks, i)
        if got is not None:
            end, binds = got
            before = toks[i - 1] if i else ";"
            after = toks[end] if end < len(toks) else ";"
            whole = (before in _STMT_BEFORE and after == ";") if d.statement else \
                (before in _BEFORE and after in _AFTER)
            if whole:
                k = _token_index(d, binds, i, anchor)
                out.append(Match(i, end, lines[k],
                                 tuple(" ".join(toks[a:b]) for a, b in (binds[p] for p in d.params))))
                i = end
                continue
        i += 1
    return out


def _token_index(d: Definition, binds: dict[str, tuple[int, int]], i: int, k: int) -> int:
    """The index in the code tokens of the body's K-th token, for a match starting at I."""
    ti = i
    for pi in range(k):
        p = d.body[pi]
        if p in binds and (pi == 0 or d.body[pi - 1] not in ("->", ".")):
            a, b = binds[p]
            ti += b - a
        else:
            ti += 1
    return ti


def _meta(d: Definition) -> dict[str, str]:
    return {p: f"E{k}" for k, p in enumerate(d.params)}


def smpl_expression(d: Definition, pos: str = "") -> str:
    """D's body as SmPL, its parameters as expression metavariables E0, E1, ...; POS ("@p") on the
    first name, number or parameter."""
    meta = _meta(d)
    out: list[str] = []
    placed = not pos
    for k, t in enumerate(d.body):
        param = t in meta and (k == 0 or d.body[k - 1] not in ("->", "."))
        out.append(meta[t] if param else t)
        if not placed and re.fullmatch(r"[A-Za-z_]\w*|\d\w*", t):
            out[-1] += pos
            placed = True
    return " ".join(out)


def _in_quote(ctx: CodeContext, s: Suggestion) -> tuple[Function, int, int]:
    fn = E.the_function(ctx, s)
    first, last = E.anchor_range(s, ctx, fn)
    return fn, first, last


@dataclass(frozen=True)
class HelperUse:
    name: str                    # the helper
    lines: list[int]             # the quoted lines that write out its body
    count: int                   # how many times they do
    open: int                    # how many times the function does
    calls: int                   # how many calls of it the function has


@dataclass(frozen=True)
class UseOwnHelperParams(InFunction):
    helpers: list[HelperUse]     # the helpers whose bodies the quoted code writes out
    left: str                    # the helpers named that it cannot use (why), "" for none
    targets: list[tuple[str, int]]   # the lines of those bodies: (normalized code, occurrence)

    def left_to_author(self) -> str:
        return self.left


class UseOwnHelper(Recipe[UseOwnHelperParams]):
    kind = "use-own-helper"
    order = Phase.HELPER_CALLS
    supersedes = ("rename-call", "remove-statements")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[UseOwnHelperParams] | None:
        names = [n for n in E.named_identifiers(s.comment) if n not in HELPERS
                 and re.search(rf"\b{re.escape(n)}\s*\(", s.comment)]
        if not names:
            return None
        if not (E.has_any(s.comment, WISH) or "?" in s.comment or len(s.comment.split()) <= 3):
            return None
        fn, first, last = _in_quote(ctx, s)
        sources = [ctx.text] + [t for p, t in sorted(ctx.files.items()) if p != ctx.path]
        quoted = mask("\n".join(ctx.text.splitlines()[first - 1:last]))
        done: list[tuple[Definition, list[Match]]] = []
        left: list[str] = []
        for name in names:
            if name == fn.name or re.search(rf"\b{re.escape(name)}\s*\(", quoted):
                continue
            d = definition(sources, name)
            if d is None:
                if any(re.search(rf"\b{re.escape(name)}\s*\(", mask(t)) and
                       (function_span(t, name) or re.search(rf"#\s*define\s+{re.escape(name)}\(", t))
                       for t in sources):
                    left.append(f"{name}() is more than one expression")
                continue
            found = find(d, ctx.text, first, last)
            if found:
                done.append((d, found))
            else:
                left.append(f"{name}()'s body `{d.text}` is not written out in the quoted code")
        if not done:
            if left:
                raise Manual("; ".join(left))
            return None
        helpers = [HelperUse(d.name, lines=sorted({mt.line for mt in ms}), count=len(ms),
                             open=len(find(d, ctx.text, fn.body_start, fn.end)),
                             calls=self._calls(ctx.text, fn.name, d.name)) for d, ms in done]
        names_done = ", ".join(f"{d.name}()" for d, _ in done)
        return Plan(self.kind, slug=done[0][0].name, order=self.order, files=[ctx.path],
                    params=UseOwnHelperParams(fn.name, helpers=helpers, left="; ".join(left),
                                              targets=[(E.line_norm(ctx.text, n), E.line_occurrence(ctx.text, fn, n))
                                                       for h in helpers for n in h.lines]),
                    summary=f"Use {names_done} in {fn.name}()")

    @staticmethod
    def _calls(text: str, fn: str, name: str) -> int:
        f = function_named(text, fn)
        if f is None:
            return -1
        body = mask("\n".join(text.splitlines()[f.body_start - 1:f.end]))
        return len(re.findall(rf"(?<![\w.>]){re.escape(name)}\s*\(", body))

    def _sources(self, ctx: CodeContext) -> list[str]:
        return [ctx.text] + [t for p, t in sorted(ctx.files.items()) if p != ctx.path]

    def render(self, s: Suggestion, plan: Plan[UseOwnHelperParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        f = function_named(ctx.text, fn)
        if f is None:
            raise Manual(f"function {fn}() not found")
        lines: list[int] = []
        for tnorm, k in plan.params.targets:
            no = E.find_line(ctx.text, fn, tnorm, k)
            if no is None:
                raise Manual(f"the quoted lines are no longer in {fn}()")
            lines.append(no)
        out = R.header(f"Call the helper instead of writing out its body in {fn}()", s,
                       ["The helper's parameters are expression metavariables; the rule is pinned to the "
                        "quoted lines."])
        for n, h in enumerate(plan.params.helpers):
            d = definition(self._sources(ctx), h.name)
            if d is None:
                raise Manual(f"{h.name}() is no longer one expression")
            here = sorted({mt.line for mt in find(d, ctx.text, f.body_start, f.end)} & set(
                range(min(lines), max(lines) + 1)))
            if not here:
                raise Manual(f"{d.name}()'s body is no longer written out on the quoted lines of {fn}()")
            call = f"{d.name}({', '.join(_meta(d)[p] for p in d.params)})"
            metavars = [f"identifier fn = {fn};"]
            if d.params:
                metavars.append(f"expression {', '.join(_meta(d)[p] for p in d.params)};")
            metavars.append(R.position_constraint("p", here))
            body = (f"(\n- ({smpl_expression(d, '@p')})\n+ {call}\n|\n- {smpl_expression(d, '@p')}\n+ {call}\n)")
            out += "\n" + R.rule(f"use{n}" if n else "use", metavars, R.in_function("fn", body))
        return out

    def is_applied(self, s: Suggestion, plan: Plan[UseOwnHelperParams], text: str) -> bool:
        fn = plan.params.function
        f = function_named(text, fn)
        if f is None:
            return False
        for h in plan.params.helpers:
            if self._calls(text, fn, h.name) < h.calls + h.count:
                return False
        return True

    def verify(self, s: Suggestion, plan: Plan[UseOwnHelperParams], before: str, after: str) -> str:
        fn = plan.params.function
        f = function_named(after, fn)
        if f is None:
            return f"{fn}() no longer parses as a function"
        for h in plan.params.helpers:
            name, want = h.name, h.count
            added = self._calls(after, fn, name) - self._calls(before, fn, name)
            if before != after and added != want:
                return f"{added} calls of {name}() were added, the reviewer pointed at {want}"
            d = definition([after], name) or definition([before], name)
            if d is not None and before != after:
                fb = function_named(before, fn)
                gone = (len(find(d, before, fb.body_start, fb.end)) if fb else 0) - \
                    len(find(d, after, f.body_start, f.end))
                if gone != want:
                    return f"{gone} written-out bodies of {name}() went away, the reviewer pointed at {want}"
        return ""


RECIPE = UseOwnHelper()
