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
line (or the other way round) is manual.  One SmPL rule per kind of conversion, pinned to the quoted lines;
its result must be the expected text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cocci import render as R
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _structural as S
from patches.ctext import Call, calls, function_named, mask, norm, split_top, top_level
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
class Conversion:
    call: str                   # the quoted call as written, normalized: how it is found again
    old: str                    # KUNIT_EXPECT_TRUE, KUNIT_ASSERT_FALSE_MSG, ...
    new: str                    # KUNIT_EXPECT_EQ, KUNIT_ASSERT_NOT_NULL_MSG, ...
    cond: str                   # the condition's shape in SmPL: "A == B", "A != NULL", "!strcmp(A, B)", ...
    operands: str               # what NEW takes after the test: "A, B" or "A"
    text: str                   # the call as it becomes (the operands as written)


@dataclass(frozen=True)
class KunitCompareParams(InFunction):
    conversions: tuple[Conversion, ...]


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


def comparison(cond: str) -> tuple[str, list[str], str] | None:
    """(macro suffix, operands, the condition's shape in SmPL) of the truth value COND: `a == b` ("EQ", [a, b],
    "A == B"), `p != NULL` ("NOT_NULL", [p], "A != NULL"), `!strcmp(a, b)` ("STREQ", [a, b], "!strcmp(A, B)");
    None when COND is not one plain comparison."""
    cond = cond.strip()
    m = mask(cond)
    if "\n" in cond:
        return None
    ops = [(i, op) for i, op in _top_ops(m) if op not in ("->", "<<", ">>")]    # bound tighter than a comparison
    if m.startswith("!") and not ops:
        inner = re.fullmatch(r"!\s*strcmp\s*\((.*)\)", cond)
        args = _two_args(inner.group(1)) if inner else None
        return ("STREQ", args, "!strcmp(A, B)") if args else None
    if len(ops) != 1 or ops[0][1] not in _MACRO:
        return None
    at, op = ops[0]
    left, right = cond[:at].strip(), cond[at + len(op):].strip()
    if not left or not right:
        return None
    macro = _MACRO[op]
    if op in ("==", "!=") and "NULL" in (left, right):
        other = right if left == "NULL" else left
        shape = f"A {op} NULL" if right == "NULL" else f"NULL {op} A"
        return ("NULL" if op == "==" else "NOT_NULL"), [other], shape
    s = re.fullmatch(r"strcmp\s*\((.*)\)", left)
    if s and right == "0" and op in ("==", "!="):
        args = _two_args(s.group(1))
        return (("STREQ" if op == "==" else "STRNEQ"), args, f"strcmp(A, B) {op} 0") if args else None
    return macro, [left, right], f"A {op} B"


def _two_args(inner: str) -> list[str] | None:
    parts = [sp.of(inner) for sp in split_top(inner, mask(inner), 0, len(inner))]
    return parts if len(parts) == 2 and all(parts) else None


class KunitCompare(S.ExpectedEdit[KunitCompareParams]):
    kind = "kunit-compare"
    remark_asks = True          # its Manual comes once the words asked for it
    order = Phase.CALLS
    supersedes = ("rename-call", "replace-code")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[KunitCompareParams] | None:
        comment = " ".join(s.comment.split())
        named = {(m.group(1), m.group(2)) for m in _NAMED.finditer(comment)
                 if not _NOT.search(comment[:m.start()]) and not E.rejected(comment, m.group(0))}
        if not named or not ctx.text or any("KUNIT_" in c for c in E.reviewer_code(s)):
            return None         # the reviewer's own code says how the operands go (replace-code)
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        first, last = E.anchor_range(s, ctx, fn)
        whole = E.whole_quote_in(s, ctx.text, fn)   # the review stage may have narrowed the quote to its tail
        if whole:
            first, last = min(first, whole[0]), max(last, whole[1])
        out: list[Conversion] = []
        for c in calls(ctx.text, first, last, members=False):
            conv = _converted(c.name, list(c.args), named)
            if conv is None:
                continue
            if ctx.text.count("\n", c.start, c.end):
                raise Manual(f"the {c.name}() call goes on over several lines: the author rewrites it")
            out.append(replace(conv, call=norm(ctx.text[c.start:c.end])))
        if not out:
            return None
        names = sorted({c.new for c in out})
        return Plan(self.kind, slug=names[0].lower().replace("_", "-"), order=self.order, files=[ctx.path],
                    params=KunitCompareParams(fn.name, conversions=tuple(out)),
                    summary=f"Use {', '.join(n + '()' for n in names)} in {fn.name}()")

    @staticmethod
    def _places(plan: Plan[KunitCompareParams], text: str) -> list[tuple[Call, Conversion]]:
        """Each conversion's call in TEXT; Manual when one is no longer there once."""
        p = plan.params
        fn = function_named(text, p.function)
        if fn is None:
            raise Manual(f"{p.function}() is no longer in the file")
        found = [c for c in calls(text, fn.body_start, fn.end, members=False)]
        out = []
        for conv in p.conversions:
            hits = [c for c in found if norm(text[c.start:c.end]) == conv.call]
            if len(hits) != 1:
                raise Manual(f"the quoted {conv.old}() call is no longer in {p.function}() once")
            out.append((hits[0], conv))
        return sorted(out, key=lambda hc: hc[0].start)

    def render(self, s: Suggestion, plan: Plan[KunitCompareParams], ctx: CodeContext) -> str:
        p = plan.params
        places = self._places(plan, ctx.text)
        shape = lambda c: (c.old, c.new, c.cond, c.operands)    # noqa: E731
        kinds = sorted({shape(c) for _, c in places})
        metavars = [f"identifier fn = {p.function};", "expression T, A, B;"]
        if any(old.endswith("_MSG") for old, _, _, _ in kinds):
            metavars.append("expression list M;")
        branches = []
        for n, (old, new, cond, operands) in enumerate(kinds):
            metavars.append(R.position_constraint(f"p{n}", [call.line for call, c in places
                                                             if shape(c) == (old, new, cond, operands)]))
            tail = ", M" if old.endswith("_MSG") else ""
            branches.append(f"- {old}@p{n}(T, {cond}{tail})\n+ {new}(T, {operands}{tail})")
        # one rule, a branch for each kind of conversion: spatch runs them over one parse
        body = branches[0] if len(branches) == 1 else "(\n" + "\n|\n".join(branches) + "\n)"
        desc = f"{plan.summary}, on the quoted line{'s' if len(places) > 1 else ''}"
        return R.header(desc, s, list(self.notes)) + "\n" + R.rule("kunit_compare", metavars, R.in_function("fn", body))

    notes = ("The comparison macro prints both values when the test fails; the operands go in as written.",)

    def expected(self, plan: Plan[KunitCompareParams], text: str) -> str:
        for call, conv in reversed(self._places(plan, text)):
            text = text[:call.start] + conv.text + text[call.end:]
        return text

    def is_applied(self, s: Suggestion, plan: Plan[KunitCompareParams], text: str) -> bool:
        fn = function_named(text, plan.params.function)
        if fn is None:
            return False
        have = {norm(text[c.start:c.end]) for c in calls(text, fn.body_start, fn.end, members=False)}
        return all(c.call not in have and norm(c.text) in have for c in plan.params.conversions)

    def overreach(self, plan: Plan[KunitCompareParams]) -> str:
        return "the rule changed more than the quoted truth tests"


def _converted(name: str, args: list[str], named: set[tuple[str, str]]) -> Conversion | None:
    """The call NAME(ARGS) as the comparison macro NAMED asks for; None when it is no truth test of a
    comparison of the kind named; Manual when it is, but on the other side of EXPECT/ASSERT."""
    t = _TRUTH.fullmatch(name)
    if t is None or len(args) < 2:
        return None
    side, truth, msg = t.group(1), t.group(2), t.group(3) or ""
    cmp = comparison(args[1])
    if cmp is None:
        return None
    macro, operands, shape = cmp
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
    new = f"KUNIT_{side}_{macro}{msg}"
    return Conversion("", name, new, shape, "A, B" if len(operands) == 2 else "A",
                      f"{new}({', '.join([args[0], *operands, *args[2:]])})")


RECIPE = KunitCompare()
