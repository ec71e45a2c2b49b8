"""An `if`/`else` that sets a flag to true or false becomes one assignment: "This can be a single
assignment.", "Assign it directly.", or the reviewer's `x = of_property_read_bool(np, "foo");` under

    if (of_property_read_bool(np, "foo"))
            x = true;
    else
            x = false;

Evidence: the quoted lines hold one such `if (C) X = A; else X = B;` (braces or not) whose values are
`true`/`false` or `1`/`0` (either order), and the comment asks for one assignment in words or is the
reviewer's statement assigning X (from C, `!C` or `!!C`).  X gets C (or `!C` when the first value is
the false one) when X is declared `bool` or C is a truth value already (a comparison, a `!`, `&&`,
`||`); otherwise `!!C` would be needed, which is for the author (manual).  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes._operand_types import operand_type
from patches.ctext import Function, Stmt, all_statements, mask, needs_parens, norm, top_level
from patches.model import Suggestion

_ASKS = re.compile(r"\b(?:single|one|simple|direct)\s+assignment\b|\bassign\w*\s+(?:it\s+|this\s+|the\s+"
                   r"(?:result|value)\s+)?directly\b|\bno\s+need\s+for\s+(?:the\s+|an?\s+)?if(?:/else)?\b|"
                   r"\bif\s*/\s*else\s+is\s+(?:not\s+needed|unnecessary|pointless)\b", re.I)
_SHAPE = re.compile(r"^\s*if\s*\((?P<c>.*)\)\s*\{?\s*(?P<x>[^;{}]+?)\s*=\s*(?P<a>true|false|1|0)\s*;\s*\}?\s*"
                    r"else\s*\{?\s*(?P<y>[^;{}]+?)\s*=\s*(?P<b>true|false|1|0)\s*;\s*\}?\s*$", re.S)
# comparisons and logical operators; not `->`, `<<`, `>>` (a member, a shift: no truth value)
_TRUTH = re.compile(r"==|!=|&&|\|\||(?<![<>])[<>]=|(?<![<>-])[<>](?![<>=])")
_TRUE = ("true", "1")


@dataclass(frozen=True)
class BoolAssignParams(InFunction):
    old: list[str]               # the lines of the if/else
    new: list[str]               # the one assignment
    line: int                    # where they start


def _truth_value(cond: str) -> bool:
    """Whether COND (masked) is 0 or 1 already: a comparison or logical operator at its top level, or `!`."""
    c = cond.strip()
    if c.startswith("!") and not needs_parens(c[1:]):
        return True
    tops = "".join(c[i] if i in set(top_level(c)) else " " for i in range(len(c)))
    return _TRUTH.search(tops) is not None


def _flag_if(text: str, fn: Function, first: int, last: int):
    """The one if/else statement on lines FIRST..LAST of FN setting a flag either way, with its match."""
    found = []
    stmts = all_statements(text, fn.body_start + 1, fn.end - 1)
    src = text.splitlines()
    for st in stmts:
        if not re.match(r"\s*if\b", mask(st.code)):
            continue
        # the statement lister gives the `if` arm and the `else` arm apart, unless a brace joins them
        nxt = next((x for x in stmts if x.start > st.end), None)
        joined = nxt is not None and re.match(r"\s*else\b(?!\s*if\b)", mask(nxt.code)) is not None
        if not joined and not re.search(r"\}\s*else\b", mask(st.code)):
            continue
        start, end = st.start, nxt.end if joined and nxt is not None else st.end
        if end < first or start > last:
            continue
        code = "\n".join(src[start - 1:end])
        m = _SHAPE.match(mask(code))
        if m and norm(m.group("x")) == norm(m.group("y")) and (m.group("a") in _TRUE) != (m.group("b") in _TRUE):
            found.append((Stmt(start, end, tuple(src[start - 1:end])), m))
    return found[0] if len(found) == 1 else None


class BoolAssign(LinesEdit[BoolAssignParams]):
    kind = "bool-assign"
    remark_asks = True          # its Manual comes once the words asked for it
    order = Phase.REVIEWER_TEXT
    supersedes = ("replace-code", "remove-statements", "drop-else")
    changed = "the quoted if/else"
    notes = ("The if/else that sets the flag either way becomes one assignment; a verified "
             "text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[BoolAssignParams] | None:
        code = " ".join(c.strip() for c in E.reviewer_code(s))
        comment = " ".join(s.comment.split())
        if not code and not _ASKS.search(comment) or not ctx.text:
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        first, last = E.anchor_range(s, ctx, fn)
        whole = E.whole_quote_in(s, ctx.text, fn)
        if whole:
            first, last = min(first, whole[0]), max(last, whole[1])
        got = _flag_if(ctx.text, fn, first, last)
        if got is None:
            return None
        st, m = got
        x = m.group("x").strip()
        src_code = st.code
        real_x = " ".join(src_code[m.start("x"):m.end("x")].split())
        real_c = " ".join(src_code[m.start("c"):m.end("c")].split())
        negate = m.group("a") not in _TRUE
        value = ("!" + (f"({real_c})" if needs_parens(real_c) else real_c)) if negate else real_c
        if code:
            lhs, eq, rhs = norm(code).partition(" = ")
            if not eq or lhs != norm(real_x) or not rhs.endswith(";") or \
                    rhs[:-1].strip() not in (norm(value), norm("!!" + value), norm(f"!!({value})")):
                return None
        typ = " ".join((operand_type(ctx.text, fn, x, [ctx.text, *ctx.files.values()]) or "").split())
        if typ != "bool" and not _truth_value(mask(value)):
            raise Manual(f"{real_x} is {typ or 'of a type respin cannot read'}, not bool, and {real_c} is no truth "
                         f"value: the assignment would need !!, which is for the author")
        lines = ctx.text.splitlines()
        head = lines[st.start - 1]
        indent = head[:len(head) - len(head.lstrip())]
        new = f"{indent}{real_x} = {value};"
        return Plan(self.kind, slug=re.sub(r"\W+", "-", real_x).strip("-"), order=self.order, files=[ctx.path],
                    params=BoolAssignParams(fn.name, old=lines[st.start - 1:st.end], new=[new], line=st.start),
                    summary=f"Assign {real_x} in one statement in {fn.name}()")



RECIPE = BoolAssign()
