"""Return early: `if (cond) { body }` at the end of a function becomes `if (!cond) return;` + body.

Evidence: intent words (return/bail out/exit early, early return, invert/reverse the condition,
"saves an indentation level") or reviewer-written code `if (...) return ...;`, and a quote that
points at an `if` statement of the anchored function.  That `if` must be the function's last
statement, or be followed only by `return X;`.  The new `if` returns what the function returned
after the block (`return;` in a void function); when the body ends in a return, the trailing
`return X;` goes, otherwise it stays after the body.

The condition is negated with care: `a == b` -> `a != b`, `a < b` -> `a >= b`, `!p` -> `p`,
`p` / `foo()` -> `!p` / `!foo()`, `a && b` -> `!a || !b` (and `||` -> `&&`) only when every part
negates simply, `likely(x)` -> `unlikely(!x)`; anything else becomes `!(cond)`.

Refused (manual): an else branch with code, a body that declares a name the function already
uses (it would shadow or clash once the block is gone), an `if` that is not at the end.

spatch re-indents a moved statement list but drops the comments and blank lines in it, so this
is a verified text edit: the lines of the `if` (and the trailing return) are replaced by the new
`if`, then the body one tab to the left.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches import ctext
from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.ctext import (Item, block_items, closing, decl_parts, function_span, is_declaration, item_end, line_at,
                           line_offsets, occurrences, read_names)
from patches.model import Suggestion

INTENT = re.compile(
    r"\b(?:return|returning|bail(?:ing)?(?:\s+out)?|exit(?:ing)?|leave|leaving|out)\s+early\b|"
    r"\bearly[- ](?:return|exit|bail[- ]?out)\b|"
    r"\b(?:invert|inverting|inverse|reverse|reversing|flip|flipping|negate)\s+(?:the\s+|this\s+)?"
    r"(?:condition|check|test|logic|if)\b|"
    r"\b(?:indentation|indent)\s+level\b|\blevel\s+of\s+(?:indentation|indent)\b|"
    r"\b(?:less|reduce[sd]?|save[sd]?|saving|avoid)\s+(?:the\s+|an?\s+|one\s+)?(?:extra\s+)?"
    r"(?:indentation|indent|nesting)\b", re.I)
_REL = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_OPS = re.compile(r"->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^<>=!?:~]=?")


# ---------------------------------------------------------------- negation

def _strip_parens(e: str) -> str:
    e = e.strip()
    while e.startswith("(") and closing(ctext.mask(e), 0) == len(e) - 1:
        e = e[1:-1].strip()
    return e


def _top_ops(e: str) -> list[tuple[int, str]]:
    """(offset, operator) of the binary/ternary operators at parenthesis depth 0 of E."""
    m = ctext.mask(e)
    out: list[tuple[int, str]] = []
    depth = 0
    i = 0
    prev_operand = False
    while i < len(m):
        c = m[i]
        if c in "([{":
            depth += 1
            i += 1
            prev_operand = False
            continue
        if c in ")]}":
            depth -= 1
            i += 1
            prev_operand = True
            continue
        if c.isspace():
            i += 1
            continue
        w = re.match(r"[A-Za-z_]\w*|\d\w*|\.", m[i:])
        if w:
            i += w.end()
            prev_operand = True
            continue
        op = _OPS.match(m, i)
        if op is None:
            i += 1
            continue
        tok = op.group(0)
        if depth == 0 and prev_operand and tok not in ("->", "++", "--", "!", "~"):
            out.append((i, tok))
            prev_operand = False
        elif tok in ("++", "--") or tok == "->":
            pass
        else:
            prev_operand = False
        i += op.end() - i
    return out


def _simple_negation(e: str) -> str | None:
    """The negation of E when it can be written without `!( )`, else None."""
    e = _strip_parens(e)
    ops = _top_ops(e)
    if not ops:
        if e.startswith("!"):
            inner = e[1:].strip()
            return _strip_parens(inner) if not _top_ops(_strip_parens(inner)) or inner.startswith("(") else None
        lk = re.fullmatch(r"(likely|unlikely)\s*\((.*)\)", e, re.S)
        if lk and closing(ctext.mask(e), e.index("(")) == len(e) - 1:
            inner = negate(lk.group(2))
            return f"{'unlikely' if lk.group(1) == 'likely' else 'likely'}({inner})"
        if re.match(r"[A-Za-z_(]", e) and not re.match(r"\(\s*[A-Za-z_]\w*(\s+\w+)*\s*\**\s*\)\s*\S", e):
            return "!" + e
        if re.match(r"[*&]", e):
            return "!" + e
        return None
    if len(ops) == 1 and ops[0][1] in _REL:
        at, op = ops[0]
        return f"{e[:at].strip()} {_REL[op]} {e[at + len(op):].strip()}"
    return None


def _split(e: str, op: str) -> list[str]:
    parts, last = [], 0
    for at, o in _top_ops(e):
        if o == op:
            parts.append(e[last:at].strip())
            last = at + len(op)
    parts.append(e[last:].strip())
    return parts


def negate(cond: str) -> str:
    """The negation of the C condition COND, as simple as it safely can be written."""
    e = _strip_parens(" ".join(cond.split()))
    ops = {o for _, o in _top_ops(e)}
    for op, other in (("&&", "||"), ("||", "&&")):
        if op in ops and other not in ops and "?" not in ops and not (ops & {"=", "+=", "-=", "|=", "&="}):
            parts = [_simple_negation(p) for p in _split(e, op)]
            if all(p is not None for p in parts):
                return f" {other} ".join(p for p in parts if p is not None)
            return f"!({e})"
    simple = _simple_negation(e)
    return simple if simple is not None else f"!({e})"


# ---------------------------------------------------------------- the construct

def _is_void(text: str, fn: ctext.Function) -> bool:
    head = ctext.mask("\n".join(text.splitlines()[fn.start - 1:fn.body_start]))
    before = head[:head.find(fn.name)] if fn.name in head else head
    return re.search(r"\bvoid\b", before) is not None and "*" not in before


def _ends_in_jump(body: str) -> bool:
    """Whether a block body's last statement leaves the function unconditionally."""
    m = ctext.mask(body).rstrip()
    stmts = re.split(r"(?<=[;}])", m)
    last = next((s.strip() for s in reversed(stmts) if s.strip()), "")
    return bool(re.match(r"(return\b|goto\b|BUG\(\)|panic\s*\()", last))


_If = tuple[int, Item, int, int, str]            # (item index, the if, first line, last line, condition)


def _if_condition(text: str, m: str, it: Item) -> str:
    p = m.index("(", it.start)
    return text[p + 1:closing(m, p)]


def _quoted_ifs(text: str, m: str, offs: list[int], items: list[Item], first: int | None, last: int | None,
                cond_norm: str) -> list[_If]:
    """The top-level ifs with condition COND_NORM, or (without it) those lines FIRST..LAST overlap."""
    ifs = []
    for k, it in enumerate(items):
        if not re.match(r"if\b", ctext.mask(it.text)):
            continue
        a, b = line_at(offs, it.start), line_at(offs, it.end - 1)
        cond = _if_condition(text, m, it)
        if cond_norm:
            if ctext.norm(ctext.mask(cond)) == cond_norm:
                ifs.append((k, it, a, b, cond))
        elif first is not None and last is not None and a <= last and first <= b:
            ifs.append((k, it, a, b, cond))
    return ifs


def _ifs_before_quoted_return(text: str, m: str, offs: list[int], items: list[Item], first: int,
                              last: int) -> list[_If]:
    """The ifs followed by a `return X;` that lines FIRST..LAST overlap (the quote may end at, or only
    hold, the return that follows the if)."""
    ifs = []
    for k, it in enumerate(items[1:], 1):
        a, b = line_at(offs, it.start), line_at(offs, it.end - 1)
        prev = items[k - 1]
        if a <= last and first <= b and re.match(r"return\b", ctext.mask(it.text)) and \
                re.match(r"if\b", ctext.mask(prev.text)):
            ifs.append((k - 1, prev, line_at(offs, prev.start), line_at(offs, prev.end - 1),
                        _if_condition(text, m, prev)))
    return ifs


def _the_if(text: str, m: str, offs: list[int], items: list[Item], fn_name: str, first: int | None,
            last: int | None, cond_norm: str) -> _If:
    """The one if statement to turn around; Manual when there is none or the quote covers several."""
    ifs = _quoted_ifs(text, m, offs, items, first, last, cond_norm)
    if not ifs and not cond_norm and first is not None and last is not None:
        ifs = _ifs_before_quoted_return(text, m, offs, items, first, last)
    if not ifs:
        if cond_norm:
            raise Manual(f"the if statement is no longer in {fn_name}()")
        raise Manual(f"the quoted code is not an if statement at the top level of {fn_name}()")
    if len(ifs) > 1:
        ifs = [x for x in ifs if x[2] >= (first or 0)] or ifs
        if len(ifs) > 1:
            raise Manual(f"the quote covers {len(ifs)} if statements of {fn_name}(): which one to turn "
                         "around is not clear")
    return ifs[0]


def _return_after(text: str, fn: ctext.Function, rest: list[Item], offs: list[int],
                  last: int) -> tuple[str | None, int]:
    """The `return X;` after the if (None when nothing follows it) and its last line (LAST without
    it); Manual when other code follows the if, or a function returning a value returns nothing."""
    if rest:
        only = ctext.mask(rest[0].text).strip()
        if len(rest) > 1 or not re.fullmatch(r"return\b[^;]*;", only):
            raise Manual(f"the if statement is not at the end of {fn.name}(): code after it would run "
                         "on the early-return path")
        return " ".join(rest[0].text.split()), line_at(offs, rest[0].end - 1)
    if not _is_void(text, fn):
        raise Manual(f"{fn.name}() returns a value but nothing is returned after the if statement")
    return None, last


@dataclass(frozen=True)
class _Then:
    braced: bool
    body_first: int             # first line of the then-branch's code
    body_last: int              # its last line
    body_end: int               # offset just after the branch (after its '}' when braced)
    body_text: str              # the branch's code (inside the braces when braced)


def _then_branch(text: str, m: str, offs: list[int], it: Item) -> _Then:
    """The then-branch of the if IT; Manual when it shares a line with the if or with its braces."""
    p = m.index("(", it.start)
    j = closing(m, p) + 1
    while m[j].isspace():
        j += 1
    if m[j] == "{":
        close = closing(m, j)
        body_first = line_at(offs, j) + 1
        body_last = line_at(offs, close) - 1
        if ctext.mask(text[j + 1:close]).strip() and (
                m[j + 1:offs[body_first - 1]].strip() or m[offs[body_last]:close].strip()):
            raise Manual("the block's braces share a line with its code; turn it around by hand")
        return _Then(True, body_first, body_last, close + 1, text[j + 1:close])
    if "\n" not in m[p:j]:
        raise Manual("the if statement and its body share a line; turn it around by hand")
    body_end = item_end(m, j, it.end)
    return _Then(False, line_at(offs, j), line_at(offs, body_end - 1), body_end, text[j:body_end])


def _check_else(text: str, it: Item, body_end: int) -> None:
    """Manual when the if has an else branch with code."""
    tail = ctext.mask(text[body_end:it.end]).strip()
    if tail:
        els = ctext.mask(text[body_end:it.end])
        inner = re.sub(r"^\s*else\s*", "", els).strip()
        if inner not in ("{}", ";") and re.sub(r"\s", "", inner) != "{}":
            raise Manual("the if statement has an else branch with code; returning early would need "
                         "it to move as well")


def _known_value(text: str, ret: str | None, body_text: str, before: list[Item], the_if: Item, m: str,
                 offs: list[int]) -> tuple[str, int, str]:
    """The early return, and the declaration line to change (0 for none) with its new text.

    `return v;` after the if, v a local initialized to a constant and untouched until the
    if: the early return returns the constant; when the body then sets v first thing, the
    initializer has nothing left to do and goes."""
    plain = ("return;" if ret is None else ret), 0, ""
    rv = re.fullmatch(r"return\s+([A-Za-z_]\w*)\s*;", ret or "")
    if not rv:
        return plain
    var = rv.group(1)
    decl = next((d for d in before if is_declaration(d.text) and (dp := decl_parts(d.text)) and dp[1] == var),
                None)
    if decl is None:
        return plain
    parts = decl_parts(decl.text)
    init = parts[2] if parts else None
    if init is None or not re.fullmatch(r"-?\s*(\d+[uUlL]*|0[xX][0-9a-fA-F]+[uUlL]*|NULL|false|true|"
                                        r"E[A-Z0-9]+)", init.strip()):
        return plain
    p = m.index("(", the_if.start)
    cond_end = closing(m, p)
    if occurrences(m, var, decl.end, cond_end):
        return plain
    early_ret = f"return {' '.join(init.split())};"
    first_stmt = block_items("{" + body_text + "}", 0)
    if first_stmt and re.match(rf"{re.escape(var)}\s*=(?!=)", ctext.mask(first_stmt[0].text)) and \
            var not in read_names(first_stmt[0].text.split("=", 1)[1]) and \
            len(ctext.mask(decl.text).splitlines()) == 1:
        line = line_at(offs, decl.start)
        src = text.splitlines()[line - 1]
        new = re.sub(r"\s*=\s*[^;]*;", ";", src, count=1)
        if new != src:
            return early_ret, line, new
    return early_ret, 0, ""


@dataclass(frozen=True)
class Construct:
    """The `if` to turn around, found in TEXT inside function FN."""
    text: str
    fn: ctext.Function
    first: int                  # the if's first line
    last: int                   # its last line
    cond: str                   # its condition, whitespace folded
    cond_norm: str              # its condition, normalized
    ret: str | None             # the `return X;` after it, None when nothing follows it
    ret_last: int               # the last line of that return (LAST without it)
    braced: bool
    body_first: int
    body_last: int
    body_text: str
    early_ret: str              # the early return statement
    decl_line: int              # the declaration line to change (0: none)
    decl_new: str               # its new text
    ends_in_jump: bool          # the body's last statement leaves the function
    decls: list[str]            # names the body declares at its top level

    @classmethod
    def find(cls, text: str, fn_name: str, first: int | None, last: int | None, cond_norm: str = "") -> Construct:
        """The if of FN_NAME with condition COND_NORM, or (without it) the one lines FIRST..LAST quote."""
        span = function_span(text, fn_name)
        fn = ctext.function_named(text, fn_name)
        if span is None or fn is None:
            raise Manual(f"function {fn_name}() not found")
        m = ctext.mask(text)
        offs = line_offsets(text)
        items = block_items(text, span[1])
        k, it, a, b, cond = _the_if(text, m, offs, items, fn_name, first, last, cond_norm)
        ret, ret_last = _return_after(text, fn, items[k + 1:], offs, b)
        then = _then_branch(text, m, offs, it)
        _check_else(text, it, then.body_end)
        early_ret, decl_line, decl_new = _known_value(text, ret, then.body_text, items[:k], it, m, offs)
        decls = [d[1] for it2 in block_items("{" + then.body_text + "}", 0)
                 if is_declaration(it2.text) and (d := decl_parts(it2.text))]
        return cls(text=text, fn=fn, first=a, last=b, cond=" ".join(cond.split()),
                   cond_norm=ctext.norm(ctext.mask(cond)), ret=ret, ret_last=ret_last, braced=then.braced,
                   body_first=then.body_first, body_last=then.body_last, body_text=then.body_text,
                   early_ret=early_ret, decl_line=decl_line, decl_new=decl_new,
                   ends_in_jump=_ends_in_jump(then.body_text), decls=decls)

    def edit(self, path: str) -> T.TextEdit:
        src = self.text.splitlines()
        indent = E.indent_of(src[self.first - 1])
        ret = self.early_ret
        new_if = f"{indent}if ({negate(self.cond)})"
        if len(new_if.expandtabs(8)) > 80:
            new_if = self._wrapped(indent)
        body = [ln[1:] if ln.startswith("\t") else ln[4:] if ln.startswith("    ") else ln
                for ln in src[self.body_first - 1:self.body_last]]
        while body and not body[0].strip():
            body.pop(0)
        while body and not body[-1].strip():
            body.pop()
        new = new_if.split("\n") + [f"{indent}\t{ret}", ""] + body
        last = self.last
        if self.ret is not None and self.ends_in_jump:
            last = self.ret_last
        elif self.ret is not None:
            between = src[self.last:self.ret_last - 1]
            if all(not x.strip() for x in between):
                new += [""] if between else []
                new.append(src[self.ret_last - 1])
                last = self.ret_last
        start = self.first
        if self.decl_line:
            new = [self.decl_new] + src[self.decl_line:self.first - 1] + new
            start = self.decl_line
        old = src[start - 1:last]
        return T.TextEdit(path, self.fn.name, old, new, "return early")

    def _wrapped(self, indent: str) -> str:
        neg = negate(self.cond)
        parts = []
        for op in ("||", "&&"):
            p = _split(neg, op)
            if len(p) > 1:
                parts = [x + f" {op}" for x in p[:-1]] + [p[-1]]
                break
        if not parts:
            return f"{indent}if ({neg})"
        lines = [f"{indent}if ({parts[0]}"]
        pad = indent + "    "
        for x in parts[1:]:
            lines.append(pad + x)
        lines[-1] += ")"
        return "\n".join(lines)


def _shadow_check(c: Construct, text: str) -> None:
    outer = E.local_names(text, c.fn)
    src = text.splitlines()
    outside = "\n".join(src[c.fn.body_start - 1:c.first - 1] + src[c.ret_last:c.fn.end])
    clash = [d for d in c.decls if d in outer or re.search(rf"\b{re.escape(d)}\b", ctext.mask(outside))]
    if clash:
        raise Manual(f"the block declares {', '.join(clash)}, a name {c.fn.name}() already uses: without "
                     "the block it would clash")


@dataclass(frozen=True)
class EarlyReturnParams(InFunction):
    cond: str                    # the condition the tail is wrapped in (normalized)
    negated: str                 # its negation, the early return's condition
    return_: str                 # the early return statement


class EarlyReturn(Recipe[EarlyReturnParams]):
    kind = "early-return"
    order = Phase.CONTROL_FLOW
    is_text_edit = True
    # "return early instead: if (!str) return 0;" shows how the change begins, not code that replaces
    # some quoted statement (the one it lines up with best is a stranger inside the block)
    supersedes = ("replace-code",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[EarlyReturnParams] | None:
        code = E.reviewer_code(s)
        wrote = any(re.match(r"if\s*\(.*\)\s*(return\b.*;)?$", c.strip()) for c in code) and \
            any(re.match(r"(if\s*\(.*\)\s*)?return\b", c.strip()) for c in code)
        if not INTENT.search(s.comment) and not (wrote and E.has_any(s.comment, ("early", "instead", "invert"))):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        c = Construct.find(ctx.text, fn.name, first, last)
        _shadow_check(c, ctx.text)
        neg = negate(c.cond)
        ret = c.early_ret
        return Plan(self.kind, slug=f"{fn.name}", order=self.order, files=[ctx.path],
                    params=EarlyReturnParams(fn.name, cond=c.cond_norm, negated=neg, return_=ret),
                    summary=f"Return early in {fn.name}() when {neg}")

    def _construct(self, plan: Plan[EarlyReturnParams], text: str) -> Construct:
        return Construct.find(text, plan.params.function, None, None, plan.params.cond)

    def text_edit(self, s: Suggestion, plan: Plan[EarlyReturnParams], ctx: CodeContext) -> T.TextEdit:
        return self._construct(plan, ctx.text).edit(ctx.path)

    def render(self, s: Suggestion, plan: Plan[EarlyReturnParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        te = self.text_edit(s, plan, ctx)
        notes = ["spatch re-indents a moved statement list but drops its comments and blank lines: the "
                 "block is de-indented by a text edit, checked afterwards."]
        return R.text_edit_rule(f"Return early in {fn}() instead of wrapping its tail in an if", s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[EarlyReturnParams], text: str) -> bool:
        fn = ctext.function_named(text, plan.params.function)
        if fn is None:
            return False
        try:
            self._construct(plan, text)
            return False                 # the if is still there
        except Manual:
            pass
        want = ctext.norm(f"if ({plan.params.negated}) {plan.params.return_}")
        body = ctext.norm(ctext.mask("\n".join(text.splitlines()[fn.body_start - 1:fn.end])))
        return want in body

    def verify(self, s: Suggestion, plan: Plan[EarlyReturnParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"{plan.params.function}() does not return early after the edit"
        b, a = ctext.mask(before), ctext.mask(after)
        if ctext.norm(b).count("{") - ctext.norm(a).count("{") not in (0, 1):
            return "the edit changed more blocks than the one turned around"
        return ""


RECIPE = EarlyReturn()
