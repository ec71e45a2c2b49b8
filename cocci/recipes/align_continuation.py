"""Align continuation lines: "Alignment should match open parenthesis", "please align the continuation".

Evidence: the comment asks for alignment or proper indentation and shows no layout of its own (a
snippet, "like this:", is the reviewer-code recipes' business), and the quote ends in (or holds
exactly one) logical line spread over several physical lines.

Each continuation line goes under the character after the innermost parenthesis still open at the
end of the lines above it (checkpatch's PARENTHESIS_ALIGNMENT rule); with no parenthesis open, a
continuation of an assignment or initialiser goes under the first operand after the `=`.  The
indentation is tabs then spaces, as the kernel writes it (spaces only when the statement itself is
indented with spaces).  A line that alignment would push over the file's limit, or a continuation
with no open parenthesis and no `=` to align to, is left to the author.
"""
from __future__ import annotations

import re

from patches.ctext import Function, mask
from cocci.recipe import CodeContext, Manual, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from cocci.recipes.join_line import pick_split
from patches.model import Suggestion

# a request, not a remark that the alignment is fine
INTENT = re.compile(r"\bplease\s+(?:re-?)?align\b|\b(?:re-?)?align\s+(?:the|this|it|these|them|with|to|under)\b|"
                    r"\b(?:not|badly|wrongly|incorrectly|improperly)\s+aligned\b|\bmis-?aligned\b|\bmisalignment\b|"
                    r"\balignment\s+(?:should|is\s+(?:off|wrong|broken)|looks\s+(?:off|wrong))|"
                    r"\b(?:fix|wrong|bad|broken|odd|weird)\s+(?:the\s+)?(?:alignment|indentation)\b|"
                    r"\bindent(?:ed|ation)?\s+(?:properly|correctly|is\s+(?:off|wrong|broken))|"
                    r"\bshould\s+be\s+aligned\b|\bneeds?\s+(?:to\s+be\s+)?(?:re-?)?align|"
                    # "Line up the parameters with the open paren.", "these should line up under the ("
                    r"\bline\s+(?:(?:it|this|them|these|those|the\s+\w+(?:\s+\w+)?)\s+)?up\s+"
                    r"(?:(?:the|these|those|all(?:\s+the)?)\s+\w+(?:\s+\w+)?\s+)?(?:with|under|to)\b|"
                    r"\b(?:does\s*n[o']t|should|must)\s+line\s+up\b", re.I)
NOT_WANTED = re.compile(r"\b(?:don'?t|do\s+not|no\s+need\s+to|needn'?t)\s+(?:align|line\s+\w+(?:\s+\w+)?\s*up)", re.I)


def _open_paren(masked: str) -> int | None:
    """Index of the innermost `(` still open at the end of MASKED, or None."""
    stack: list[int] = []
    for i, c in enumerate(masked):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _assignment_column(first: str, masked: str) -> int | None:
    """Column of the first operand after the top-level `=` of the first line (`x = a |`, `.f = A |`)."""
    depth = 0
    for i, c in enumerate(masked):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(c, 0)
        if c == "=" and depth == 0 and masked[i - 1:i] not in ("=", "!", "<", ">") \
                and masked[i + 1:i + 2] != "=":
            rest = first[i + 1:]
            j = i + 1 + (len(rest) - len(rest.lstrip()))
            return S.column_at(first, j) if j < len(first) else None
    return None


def aligned(lines: list[str]) -> list[str]:
    """LINES (one logical line) with every continuation line aligned; Manual when one has nothing to
    align to."""
    out = [lines[0]]
    tabs = not lines[0].startswith(" ")
    assign = _assignment_column(lines[0], mask(lines[0]))
    for ln in lines[1:]:
        above = "\n".join(out)
        masked = mask(above)
        at = _open_paren(masked.replace("\n", "\0"))
        if at is not None:
            row = masked[:at].count("\n")
            line_above = out[row]
            col = S.column_at(line_above, at - (len("\n".join(out[:row])) + 1 if row else 0)) + 1
        elif assign is not None:
            col = assign
        else:
            raise Manual("a continuation line with no open parenthesis and no `=` to align to")
        out.append(S.indent_to(col, tabs) + ln.strip() if ln.strip() else ln)
    return out


class AlignContinuation(S.LayoutRecipe[S.LayoutParams]):
    kind = "align-continuation"
    what = "Align the continuation lines"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[S.LayoutParams] | None:
        if not INTENT.search(s.comment) or NOT_WANTED.search(s.comment):
            return None
        if E.reviewer_code(s) or S.SNIPPET_WORDS.search(s.comment):
            return None                    # the reviewer shows the layout: the reviewer-code recipes' case
        fn, first, last = self.understand_unit(s, ctx)
        a, b = pick_split(ctx.text, fn, first, last)
        if not a:
            return None
        return self.plan_for(ctx, fn, a, b, slug=f"line-{a}",
                             summary=f"Align the continuation lines in {fn.name}()", params=S.LayoutParams)

    def relayout(self, plan: Plan[S.LayoutParams], text: str, fn: Function, a: int, b: int
                 ) -> tuple[int, int, list[str]]:
        lines = text.splitlines()[a - 1:b]
        if any(mask(ln).strip().startswith("#") for ln in lines):
            raise Manual("a preprocessor line: aligning it is left to the author")
        new = aligned(lines)
        limit = S.line_limit(text)
        for old, ln in zip(lines, new, strict=False):
            if S.width(ln) > limit and S.width(ln) > S.width(old):
                raise Manual(f"aligned, a continuation line would be {S.width(ln)} columns, over the "
                             f"limit of {limit}")
        return a, b, new


RECIPE = AlignContinuation()
