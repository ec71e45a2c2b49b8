"""Make a pointer parameter point to const: `struct irqaction *action` -> `const struct irqaction *action`.

Evidence: the word "const", and a pointer parameter of the quoted function: the
one the comment names, else the only non-const pointer parameter when the quote
shows the function header ("all"/"both": every one the function only reads).
The body must only read through it: no `p->x = `, `p->x++`, `*p = `, `&p->x`, no
`p` stored or returned, and no call it is passed to whole (unless the callee is
defined in the patch with that parameter const already).  The function must not
be used as a callback (its signature belongs to the ops structure) nor declared
elsewhere.  When in doubt, a person decides.  Local declarations are const_decl's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import Function, calls, closing, function_named, functions, mask, norm, split_args
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from cocci.recipes._c_types import declared_in_header
from patches.model import Suggestion


def pointer_params(text: str, fn: Function) -> list[tuple[str, str]]:
    """(name, type as written without the name) of FN's single-pointer parameters not yet const."""
    header = " ".join(mask(text).splitlines()[fn.start - 1:fn.body_start])
    raw = " ".join(text.splitlines()[fn.start - 1:fn.body_start])
    i = raw.find("(", raw.find(fn.name))
    j = closing(header, i)
    out = []
    for p in split_args(raw, header, i, j):
        m = re.fullmatch(r"((?:(?:struct|union|enum|unsigned|signed)\s+)?[A-Za-z_]\w*)\s*\*\s*([A-Za-z_]\w*)",
                         " ".join(p.split()))
        if m and not m.group(1).startswith(("const", "void")):
            out.append((m.group(2), " ".join(m.group(1).split()) + " *"))
    return out


def writes_through(text: str, fn: Function, name: str, ctx: CodeContext) -> str:
    """Why NAME's pointee may be written in FN ('' when it is only read)."""
    m = mask(text)
    lines = m.splitlines()
    body = "\n".join(lines[fn.body_start - 1:fn.end])
    p = re.escape(name)
    # `p->a.b[i]`: `->` as one token, so that a comparison's `>` (`p->a >= 0`) is no part of it
    member = rf"\b{p}\s*(?:->|\[[^\]]*\])(?:->|\[[^\]]*\]|[\w\s.])*?"
    checks = [
        (rf"{member}(?:[-+*/|&^%]|<<|>>)?=(?!=)", "is written through"),
        (rf"{member}(?:\+\+|--)|(?:\+\+|--)\s*{p}\s*->", "is written through"),
        (rf"\*\s*{p}\s*(?:[-+*/|&^%]|<<|>>)?=(?!=)", "is written through"),
        (rf"(?<!&)&(?!&)\s*{p}\s*(?:->|\[)", "has a member's address taken"),
        (rf"(?<![=!<>])=\s*{p}\s*[;,)]", "is stored in another pointer"),
        (rf"\breturn\s+{p}\s*;", "is returned"),
    ]
    for rx, why in checks:
        hit = re.search(rx, body)
        if hit:
            return f"{name} {why} in {fn.name}() (line {fn.body_start + body.count(chr(10), 0, hit.start())})"
    for call in calls(text, fn.body_start, fn.end, members=False):
        for k, arg in enumerate(call.args):
            if norm(mask(arg)) != name:
                continue
            callee = next((function_named(t, call.name) for t in ctx.files.values() if function_named(t, call.name)),
                          None)
            if callee is not None:
                src = next(t for t in ctx.files.values() if function_named(t, call.name))
                params = " ".join(src.splitlines()[callee.start - 1:callee.body_start])
                cp = params[params.find("(") + 1:params.rfind(")")].split(",")
                if k < len(cp) and re.match(r"\s*const\b", cp[k]):
                    continue
            return f"{name} is passed to {call.name}() on line {call.line}: does it take a const pointer?"
    return ""


def written_later(ctx: CodeContext, fn: str, names: list[str]) -> str:
    """Why one of the pointer parameters NAMES of FN may be written through as the later patches of the series
    leave CTX's file ('' when they do not touch it, or only read through them)."""
    later = ctx.later_files.get(ctx.path)
    f = function_named(later, fn) if later else None
    if not later or f is None:
        return ""
    why = next((w for name in names if (w := writes_through(later, f, name, ctx))), "")
    return f"{why} as the later patches of the series leave {ctx.path}: a const there would break their build" \
        if why else ""


@dataclass(frozen=True)
class ConstParamParams(InFunction):
    params: list[list[str]]      # the pointer parameters to make const: [name, type]


def _signature_elsewhere(ctx: CodeContext, fn: Function) -> str:
    """Why FN's parameters cannot change in its definition alone: it is used as a value (a callback whose
    type an ops structure fixes), or declared in a file of the patch, earlier in its own file, or in a
    header of the tree the file includes; '' otherwise."""
    callback = re.compile(rf"(?<![\w.>]){re.escape(fn.name)}\b(?!\s*\()")
    for path, t in sorted(ctx.files.items()):
        for no, ln in enumerate(mask(t).splitlines(), 1):
            if callback.search(ln) and not (path == ctx.path and no == fn.start):
                return (f"{fn.name} is used as a value in {path}:{no} (a callback?): its signature may be fixed "
                        "by the ops structure")
            if path != ctx.path and re.search(rf"\b{re.escape(fn.name)}\s*\([^;{{]*\)\s*;", ln) and \
                    re.match(r"(?!\s)", ln):
                return f"{fn.name}() is declared in {path}:{no}: the declaration must change too"
    static = re.match(r"\s*static\b", mask(ctx.text).splitlines()[fn.start - 1]) is not None
    header = "" if static else declared_in_header(ctx.path, ctx.text, fn.name, ctx.files, ctx.tree_read)
    if header:
        return f"{fn.name}() is declared in {header}, which the patch leaves as it is: the declaration must change too"
    others = [f for f in functions(ctx.text) if f.name == fn.name and f.start != fn.start]
    if others or re.search(rf"^(?!\s)[^\n;{{}}]*\b{re.escape(fn.name)}\s*\([^;{{]*\)\s*;", mask(ctx.text), re.M):
        return f"{fn.name}() is declared earlier in {ctx.path}: the declaration must change too"
    return ""


class ConstParam(Recipe[ConstParamParams]):
    kind = "const-param"
    order = Phase.PARAMETER_QUALIFIERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ConstParamParams] | None:
        if not re.search(r"(?<![\w-])const\b", s.comment) or re.search(r"\bnon-?const\b", s.comment):
            return None
        name = s.anchor.function or ctx.function
        fn = function_named(ctx.text, name) if name else None
        if fn is None:
            return None
        params = pointer_params(ctx.text, fn)
        if not params:
            return None
        said = set(re.findall(r"[A-Za-z_]\w*", s.comment))
        named = [p for p in params if p[0] in said]
        quoted = " ".join(norm(mask(q)) for q in (s.anchor.code or E.quote_code(s.quoted)))
        shows_header = re.search(rf"(?<!\w){re.escape(fn.name)} \(", quoted) is not None
        if named:
            chosen = named
        elif shows_header and (len(params) == 1 or E.scope_words(s.comment, ("const",), E.SCOPE_ALL + E.SCOPE_BOTH)):
            chosen = params
        elif shows_header:
            raise Manual(f"{fn.name}() has {len(params)} pointer parameters: the comment does not say which "
                         "one can be const")
        else:
            return None
        for pname, _ in chosen:
            why = writes_through(ctx.text, fn, pname, ctx)
            if why:
                raise Manual(why)
        why = written_later(ctx, fn.name, [p for p, _ in chosen])
        if why:
            raise Manual(why)
        why = _signature_elsewhere(ctx, fn)
        if why:
            raise Manual(why)
        names = [p for p, _ in chosen]
        return Plan(self.kind, slug="-".join(names), order=self.order, files=[ctx.path],
                    params=ConstParamParams(fn.name, params=[list(p) for p in chosen]),
                    summary=f"Make {', '.join(names)} of {fn.name}() point to const")

    def render(self, s: Suggestion, plan: Plan[ConstParamParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        out = R.header(f"{fn}() only reads through {', '.join(p for p, _ in plan.params.params)}: "
                       "make it point to const", s)
        for i, (pname, typ) in enumerate(plan.params.params, 1):
            body = f"fn(...,\n- {typ}{pname}\n+ const {typ}{pname}\n ,...) {{ ... }}"
            out += "\n" + R.rule(f"const_param{i}" if len(plan.params.params) > 1 else "const_param",
                                 [f"identifier fn = {fn};"], body)
        return out

    def is_applied(self, s: Suggestion, plan: Plan[ConstParamParams], text: str) -> bool:
        f = function_named(text, plan.params.function)
        if f is None:
            return False
        left = {p for p, _ in pointer_params(text, f)}
        return not any(p in left for p, _ in plan.params.params)

    def verify(self, s: Suggestion, plan: Plan[ConstParamParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the parameter does not point to const afterwards"
        return ""


RECIPE = ConstParam()
