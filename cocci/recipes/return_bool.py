"""A static helper that answers yes or no returns bool: "Make it return bool.", "This function can return
bool.", "return bool instead of int?" under `static int foo_is_ready(...)` (or a line of its body) ->
`static bool foo_is_ready(...)`, its `return 1;` / `return 0;` made `return true;` / `return false;` and
its prototype in the same file retyped too.

Evidence: the comment asks for a bool return (not declined: "no need to return bool"), and the quote is in a
function of the file.  The function must be static and return `int`, every return must give 0, 1, true,
false or a truth value already (a comparison, `!x`, `&&`, `||`), and every other mention of its name in
the file must be a call whose value is not compared, computed with or stored in anything but a bool.
Anything else (another value, a negative errno, a function that other files may call, a call compared to
a number, its value kept in an int, the function taken as a pointer) is manual, naming it.  A verified
text edit of the function (from its prototype, when the file has one).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes._operand_types import operand_type
from patches.ctext import Function, function_at, mask
from patches.model import Suggestion

_ASKS = re.compile(r"\breturn(?:s|ing)?\s+(?:a\s+)?bool(?:ean)?\b|"
                   r"\b(?:make|turn|change|convert)\s+(?:it|this|the\s+(?:function|helper|return\s+type))\s+"
                   r"(?:(?:in)?to\s+)?(?:return\s+)?(?:a\s+)?bool\b|\bbool\s+(?:instead\s+of|rather\s+than)\s+int\b",
                   re.I)
_DECLINED = re.compile(r"(?<!why\s)\b(?:not|n['’]t|no\s+need|never)\b[^.;!?]*\bbool", re.I)
_TRUTH = {"0": "false", "1": "true", "false": "false", "true": "true"}
# a value that is a truth already: a comparison, a negation, a logical and/or (masked, outer parens gone)
_IS_TRUTH = re.compile(r"!\s*[^=].*|.*(?:[=!<>]=|(?<![-<>])[<>](?![<>=])|&&|\|\|).*")


@dataclass(frozen=True)
class ReturnBoolParams(InFunction):
    old: list[str]               # the lines from the prototype (or the head) to the closing brace
    new: list[str]               # the same retyped
    line: int                    # where they begin


def _top_level(expr: str) -> str:
    """EXPR with what its parentheses hold left out: `foo(a > b)` is no comparison."""
    e, prev = expr, ""
    while e != prev:
        prev, e = e, re.sub(r"\([^()]*\)", "()", e)
    return e


def _strip_parens(expr: str) -> str:
    e = expr.strip()
    while e.startswith("(") and e.endswith(")") and _balanced(e[1:-1]):
        e = e[1:-1].strip()
    return e


def _balanced(expr: str) -> bool:
    depth = 0
    for ch in expr:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def _returns(masked: list[str], fn: Function) -> list[tuple[int, str]]:
    """(line, value as masked) of every `return V;` of FN's body."""
    body = "\n".join(masked[fn.body_start - 1:fn.end])
    return [(fn.body_start + body[:m.start()].count("\n"), " ".join(m.group(1).split()))
            for m in re.finditer(r"\breturn\b([^;]*);", body)]


def _use_problem(text: str, masked: str, name: str, fn: Function, protos: set[int]) -> str:
    """Why a mention of NAME in TEXT (MASKED) outside FN and its prototypes (PROTOS, line numbers) would
    change with a bool return; '' when none would."""
    for m in re.finditer(rf"(?<![\w.>]){re.escape(name)}\b", masked):
        line = masked[:m.start()].count("\n") + 1
        if fn.start <= line <= fn.end or line in protos:
            continue
        rest = masked[m.end():]
        call = re.match(r"\s*\(", rest)
        if call is None:
            return f"{name}() is used as a pointer on line {line}: its type would change with the return type"
        depth, i = 0, call.end() - 1
        for i in range(call.end() - 1, len(rest)):
            depth += (rest[i] == "(") - (rest[i] == ")")
            if depth == 0:
                break
        after = rest[i + 1:].lstrip()
        before = masked[:m.start()].rstrip()
        if re.match(r"(?:[=!<>]=|[<>](?![<>])|[-+*/%^]|&(?!&)|\|(?!\|)|<<|>>)", after) or \
                re.search(r"(?:[=!<>]=|(?<![-<>])[<>]|[-+*/%^]|(?<!&)&|(?<!\|)\|)$", before):
            return f"the value of {name}() is compared or computed with as a number on line {line}"
        stored = re.search(r"([A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)\s*=$", before)
        if stored:
            caller = function_at(text, line)
            typ = operand_type(text, caller, stored.group(1), [text]) if caller else None
            if typ != "bool":
                return (f"the value of {name}() is kept in {' '.join(stored.group(1).split())} "
                        f"({typ or 'a type respin cannot read'}) on line {line}")
    return ""


def _head_problem(head: str, name: str) -> str:
    """Why the masked function head HEAD is no static helper returning int; '' when it is."""
    m = re.match(rf"\s*((?:\w+\s+)*?)int\s+{re.escape(name)}\s*\(", head)
    words = set(m.group(1).split()) if m else set()
    if m is None or words - {"static", "inline", "noinline", "__always_inline"}:
        return f"{name}() does not return a plain int: which values it gives is for the author"
    if "static" not in words:
        return f"{name}() is not static: callers in other files would see its type change"
    return ""


class ReturnBool(LinesEdit[ReturnBoolParams]):
    kind = "return-bool"
    order = Phase.SIGNATURES
    changed = "the function's return type and its returns"
    notes = ("The function returns 0 or 1 only and its callers read the value as a truth: its type becomes "
             "bool and its returns true and false; a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ReturnBoolParams] | None:
        comment = " ".join(s.comment.split())
        if not _ASKS.search(comment) or _DECLINED.search(comment) or not ctx.text:
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        src, masked = ctx.text.splitlines(), mask(ctx.text).splitlines()
        # the function meant: the quoted one by its head or a return of it, not one the comment names
        # ("foo_is_ready() can return bool" under a call of it) nor one whose other lines are quoted
        first, last = E.anchor_range(s, ctx, fn)
        named = [n for n in E.named_identifiers(comment) if n != "bool"]
        if named and fn.name not in named or not (first <= fn.body_start and last >= fn.start) and \
                not any(re.search(r"\breturn\b", masked[n - 1]) for n in range(first, last + 1)):
            return None
        head = "\n".join(masked[fn.start - 1:fn.body_start])
        why = _head_problem(head, fn.name)
        if why:
            raise Manual(why)
        for line, value in _returns(masked, fn):
            v = _strip_parens(value)
            if v not in _TRUTH and not _IS_TRUTH.fullmatch(_top_level(v)):
                raise Manual(f"{fn.name}() returns {v or 'nothing'} on line {line}, not 0 or 1: a bool would "
                             "lose it")
        rx = re.compile(rf"^static\s+(?:inline\s+)?int\s+{re.escape(fn.name)}\s*\([^{{}}]*?\)\s*;", re.M)
        whole = "\n".join(masked)
        protos = {whole[:m.start()].count("\n") + 1 for m in rx.finditer(whole)}
        why = _use_problem(ctx.text, whole, fn.name, fn, protos) or next(
            (f"{path} names {fn.name}() too: a static function of another file is another function, whether it "
             "changes as well is for the author" for path, t in ctx.files.items()
             if path != ctx.path and re.search(rf"\b{re.escape(fn.name)}\b", mask(t))), "")
        if why:
            raise Manual(why)
        first = min(protos | {fn.start})
        new = list(src[first - 1:fn.end])
        for n in sorted(protos) + [next(k for k in range(fn.start, fn.body_start + 1)
                                        if re.search(r"\bint\b", masked[k - 1]))]:
            col = re.search(r"\bint\b", masked[n - 1])
            assert col is not None
            new[n - first] = src[n - 1][:col.start()] + "bool" + src[n - 1][col.end():]
        for n, value in _returns(masked, fn):
            v = _strip_parens(value)
            if v in _TRUTH and re.fullmatch(r"\s*return\s+[(\s]*\w+[)\s]*;\s*", masked[n - 1]):
                new[n - first] = re.sub(r"return\s+.*;", f"return {_TRUTH[v]};", src[n - 1], count=1)
        return Plan(self.kind, slug=fn.name, order=self.order, files=[ctx.path],
                    params=ReturnBoolParams("" if protos else fn.name, old=src[first - 1:fn.end], new=new,
                                            line=first),
                    summary=f"Return bool from {fn.name}()")


RECIPE = ReturnBool()
