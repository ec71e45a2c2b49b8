"""A KUnit truth test of a comparison becomes the comparison macro, which prints both values when it fails:
"Use KUNIT_EXPECT_EQ() so the values are printed" under `KUNIT_EXPECT_TRUE(test, val == 4096);` gives
`KUNIT_EXPECT_EQ(test, val, 4096);`.

Evidence: the comment names a KUnit comparison macro (`KUNIT_EXPECT_EQ()`, `KUNIT_ASSERT_NOT_NULL()`,
`KUNIT_EXPECT_STREQ()`, ...; a `_MSG` form or not); the quoted lines hold `KUNIT_EXPECT_TRUE()`/`_FALSE()`
or `KUNIT_ASSERT_TRUE()`/`_FALSE()` (or their `_MSG` forms) whose condition is one comparison at its top
level (`a == b`, `a < b`, `ptr != NULL`, `!strcmp(a, b)`, `strcmp(a, b) == 0`).  The macro follows from the
comparison (FALSE takes its opposite) and must be the one the comment names, up to EXPECT/ASSERT (which the
quoted line keeps) and `PTR_` (taken when the comment names it); the operands go in as written, the
message arguments of a `_MSG` form after them.  A condition with `&&`, `||`, `?`, a bitwise operator or an
assignment at its top level, or spread over lines, is left alone; a comment naming an EXPECT for an ASSERT
line (or the other way round) is manual.  A verified text edit of the quoted lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes._lines_edit import LinesEdit
from patches.ctext import calls, line_offsets, mask, split_top, top_level
from patches.model import Suggestion

_NAMED = re.compile(r"\bKUNIT_(EXPECT|ASSERT)_(PTR_EQ|PTR_NE|STREQ|STRNEQ|NOT_ERR_OR_NULL|NOT_NULL|NULL|EQ|NE|LT|LE|"
                    r"GT|GE)"
                    r"(?:_MSG)?\b")
# a macro the comment turns away from: "instead of KUNIT_EXPECT_EQ()", "no need for KUNIT_EXPECT_EQ()"
_NOT = re.compile(r"\b(?:instead\s+of|rather\s+than|not|don['’]?t\s+use|do\s+not\s+use|no\s+need\s+for|"
                  r"avoid|without)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
_TRUTH = re.compile(r"KUNIT_(EXPECT|ASSERT)_(TRUE|FALSE)(_MSG)?")
_MACRO = {"==": "EQ", "!=": "NE", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE"}
_OPPOSITE = {"EQ": "NE", "NE": "EQ", "LT": "GE", "GE": "LT", "GT": "LE", "LE": "GT",
             "STREQ": "STRNEQ", "STRNEQ": "STREQ", "NULL": "NOT_NULL", "NOT_NULL": "NULL"}
_OPS = re.compile(r"==|!=|<=|>=|<<=?|>>=?|->|&&|\|\||[<>=&|^?,]")


@dataclass(frozen=True)
class KunitCompareParams(InFunction):
    old: list[str]               # the quoted lines holding the truth tests
    new: list[str]               # the same with the comparison macros
    line: int                    # where OLD starts


def _top_ops(masked: str) -> list[tuple[int, str]]:
    """The operators of MASKED outside brackets, with their offsets."""
    out: list[tuple[int, str]] = []
    after = 0
    for i in top_level(masked):
        m = _OPS.match(masked, i) if i >= after else None
        if m:
            out.append((i, m.group()))
            after = m.end()
    return out


def comparison(cond: str) -> tuple[str, list[str]] | None:
    """(macro suffix, operands) of the truth value COND: `a == b` ("EQ", [a, b]), `p != NULL` ("NOT_NULL",
    [p]), `!strcmp(a, b)` ("STREQ", [a, b]); None when COND is not one plain comparison."""
    cond = cond.strip()
    m = mask(cond)
    if "\n" in cond:
        return None
    ops = [(i, op) for i, op in _top_ops(m) if op not in ("->", "<<", ">>")]    # bound tighter than a comparison
    if m.startswith("!") and not ops:
        inner = re.fullmatch(r"!\s*strcmp\s*\((.*)\)", cond)
        args = _two_args(inner.group(1)) if inner else None
        return ("STREQ", args) if args else None
    if len(ops) != 1 or ops[0][1] not in _MACRO:
        return None
    at, op = ops[0]
    left, right = cond[:at].strip(), cond[at + len(op):].strip()
    if not left or not right:
        return None
    macro = _MACRO[op]
    if op in ("==", "!=") and "NULL" in (left, right):
        other = right if left == "NULL" else left
        return ("NULL" if op == "==" else "NOT_NULL"), [other]
    s = re.fullmatch(r"strcmp\s*\((.*)\)", left)
    if s and right == "0" and op in ("==", "!="):
        args = _two_args(s.group(1))
        return (("STREQ" if op == "==" else "STRNEQ"), args) if args else None
    return macro, [left, right]


def _two_args(inner: str) -> list[str] | None:
    parts = [sp.of(inner) for sp in split_top(inner, mask(inner), 0, len(inner))]
    return parts if len(parts) == 2 and all(parts) else None


class KunitCompare(LinesEdit[KunitCompareParams]):
    kind = "kunit-compare"
    order = Phase.CALLS
    supersedes = ("rename-call", "replace-code")
    changed = "the quoted truth tests"
    notes = ("The comparison macro prints both values when the test fails; the operands go in as written.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[KunitCompareParams] | None:
        comment = " ".join(s.comment.split())
        named = {(m.group(1), m.group(2)) for m in _NAMED.finditer(comment) if not _NOT.search(comment[:m.start()])}
        if not named or not ctx.text or any("KUNIT_" in c for c in E.reviewer_code(s)):
            return None         # the reviewer's own code says how the operands go (replace-code)
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        first, last = E.anchor_range(s, ctx, fn)
        src = ctx.text.splitlines()
        new = list(src[first - 1:last])
        done: list[str] = []
        for c in reversed(calls(ctx.text, first, last, members=False)):
            got = _converted(c.name, list(c.args), named)
            if got is None:
                continue
            start, end = c.start, c.end
            offs = line_offsets(ctx.text)
            if ctx.text.count("\n", start, end):
                raise Manual(f"the {c.name}() call goes on over several lines: the author rewrites it")
            k = c.line - first
            col = start - offs[c.line - 1]
            new[k] = new[k][:col] + got + new[k][col + end - start:]
            done.append(got.split("(", 1)[0])
        if not done:
            return None
        old = src[first - 1:last]
        names = sorted(set(done))
        return Plan(self.kind, slug=names[0].lower().replace("_", "-"), order=self.order, files=[ctx.path],
                    params=KunitCompareParams(fn.name, old=old, new=new, line=first),
                    summary=f"Use {', '.join(n + '()' for n in names)} in {fn.name}()")


def _converted(name: str, args: list[str], named: set[tuple[str, str]]) -> str | None:
    """The call NAME(ARGS) as the comparison macro NAMED asks for; None when it is no truth test of a
    comparison of the kind named; Manual when it is, but on the other side of EXPECT/ASSERT."""
    t = _TRUTH.fullmatch(name)
    if t is None or len(args) < 2:
        return None
    side, truth, msg = t.group(1), t.group(2), t.group(3) or ""
    cmp = comparison(args[1])
    if cmp is None:
        return None
    macro, operands = cmp
    if truth == "FALSE":
        macro = _OPPOSITE[macro]
    kinds = {k for _, k in named}
    if f"PTR_{macro}" in kinds:
        macro = f"PTR_{macro}"
    elif macro == "NOT_NULL" and "NOT_ERR_OR_NULL" in kinds:
        macro = "NOT_ERR_OR_NULL"         # the stronger check the comment asks for
    elif macro not in kinds:
        return None
    if (side, macro) not in named:
        other = "ASSERT" if side == "EXPECT" else "EXPECT"
        raise Manual(f"the comment names KUNIT_{other}_{macro}() for a KUNIT_{side}_{truth}{msg}(): whether the "
                     "test goes on after a failure is for the author")
    return f"KUNIT_{side}_{macro}{msg}({', '.join([args[0], *operands, *args[2:]])})"


RECIPE = KunitCompare()
