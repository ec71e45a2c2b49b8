"""Drop a comparison of a bool with true or false: "No need to compare with true.", "comparison to false
is error prone" under `if (is_flash(ch) == true)` -> `if (is_flash(ch))`, `if (done == false)` -> `if (!done)`.

Evidence: the comment speaks of comparing with true or false (or writes `== true`), calls it needless
or not wanted, does not call it fine, and writes no code of its own.  The comparison: the one on the
quoted lines of a name, a member or a call with `true` or `false` (either side).  `x == true` and `x`
differ for an int of 2, so the value compared must be declared `bool` (a local, a parameter, a member of
a struct of the files, a function of the files returning bool); otherwise, or with several such
comparisons, it is manual.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes._operand_types import operand_type
from patches.ctext import Function, mask
from patches.model import Suggestion

_ASKS = re.compile(r"\bcompar\w*\s+(?:\w+\s+){0,3}?(?:with|to|against)\s+(?:true|false)\b|"
                   r"[=!]=\s*(?:true|false)\b|\b(?:true|false)\s*[=!]=", re.I)
# ... said needless, or not wanted; and not said fine ("x == true is fine in this driver. Fine as is.")
_NEEDLESS = re.compile(r"\b(?:no\s+need|needless|unnecessary|not\s+needed|redundant|pointless|superfluous|drop|"
                       r"remove|don'?t|do\s+not|avoid|error[- ]prone|why|just)\b", re.I)
_FINE = re.compile(r"\bfine\b|\bok(?:ay)?\b|\bkeep\b", re.I)
# a name, a member chain or a call of one (its arguments up to one level of parentheses deep)
_OPERAND = r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*(?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?"
_BEFORE = r"(?:[(,?:]|&&|\|\||\breturn|(?<![=!<>])=)"
_AFTER = r"(?=\s*(?:\)|&&|\|\||;|,|\?|:|$))"
_LEFT = re.compile(rf"{_BEFORE}\s*(?P<x>{_OPERAND})\s*(?P<op>==|!=)\s*(?P<b>true|false)\b{_AFTER}")
_RIGHT = re.compile(rf"{_BEFORE}\s*(?P<b>true|false)\s*(?P<op>==|!=)\s*(?P<x>{_OPERAND}){_AFTER}")


def _is_bool(ctx: CodeContext, fn: Function, operand: str) -> bool:
    """Whether OPERAND is declared bool: a variable or member, or a call of a function returning bool."""
    texts = [ctx.text, *ctx.files.values()]
    call = re.fullmatch(r"([A-Za-z_]\w*)\s*\(.*\)", operand, re.S)
    if call:
        return any(re.search(rf"^(?:static\s+)?(?:inline\s+)?bool\s+{call.group(1)}\s*\(", mask(t), re.M)
                   for t in texts)
    return " ".join((operand_type(ctx.text, fn, operand, texts) or "").split()) == "bool"


def comparisons(line: str, above: str = "") -> list[tuple[int, int, str, bool]]:
    """The comparisons with true or false on LINE: (start, end, the value compared, whether it is negated).
    A comparison opening LINE counts when the line ABOVE ends on an operator or parenthesis that leaves it
    open (a condition written over several lines)."""
    if E.goes_on(above):
        width = len(line) - len(line.lstrip())
        return [(a + width - 1, b + width - 1, x, neg)
                for a, b, x, neg in comparisons("(" + line.lstrip())]
    m = mask(line)
    out = []
    for rx in (_LEFT, _RIGHT):
        for hit in rx.finditer(m):
            negated = (hit.group("op") == "==") != (hit.group("b") == "true")
            x = line[hit.start("x"):hit.end("x")]
            start = hit.start("x") if rx is _LEFT else hit.start("b")
            out.append((start, hit.end(), x, negated))
    return sorted(out)


@dataclass(frozen=True)
class BoolCompareParams(InFunction):
    old: list[str]               # the quoted line with the comparison
    new: list[str]               # the same line, the bool alone
    line: int                    # its line


class BoolCompare(LinesEdit[BoolCompareParams]):
    kind = "bool-compare"
    remark_asks = True          # checkpatch's own words are a remark: "Using comparison to true is error prone"
    order = Phase.QUALIFIERS            # with drop-parens: an edit inside one condition
    changed = "the quoted comparison"
    notes = ("The bool is tested as it is, not compared with true or false (checkpatch's "
             "BOOL_COMPARISON); a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[BoolCompareParams] | None:
        comment = " ".join(s.comment.split())
        if not (_ASKS.search(comment) and _NEEDLESS.search(comment)) or _FINE.search(comment) or E.reviewer_code(s):
            return None
        quoted = E.found_on_quoted_lines(s, ctx, comparisons)
        if quoted is None or not quoted[2]:
            return None
        fn, src, found = quoted
        if len(found) > 1:
            raise Manual(f"{len(found)} comparisons with true or false on the quoted lines: which one is meant "
                         "is not clear")
        n, (a, b, x, negated) = found[0]
        if not _is_bool(ctx, fn, x.strip()):
            raise Manual(f"{' '.join(x.split())} is not declared bool in the files respin reads: compared with "
                         "true it differs from its value alone for any other value than 0 and 1")
        line = src[n - 1]
        new = line[:a] + ("!" if negated else "") + x.strip() + line[b:]
        return Plan(self.kind, slug=f"line-{n}", order=self.order, files=[ctx.path],
                    params=BoolCompareParams(fn.name, old=[line], new=[new], line=n),
                    summary=f"Test the bool without comparing it with true or false in {fn.name}()")


RECIPE = BoolCompare()
