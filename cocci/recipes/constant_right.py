"""Put the constant of a comparison on the right: "Put the constant on the right side.", "Yoda condition",
"NULL goes on the right-hand side" under `if (NULL == pbuf)` -> `if (pbuf == NULL)`.

Evidence: the comment names the constant's side (or calls the condition a Yoda condition) and writes no
code of its own (`!pbuf`, a snippet: another request).  The comparison: the one on the quoted lines whose
left operand is a constant (a number, a character, `NULL`, `true`/`false` or an upper-case name) and whose
right operand, on the same line, is not; its operands are swapped and `<`, `>`, `<=`, `>=` turned round.
A right operand that holds another comparison, an assignment or `?:` is manual, and so are several such
comparisons.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.ctext import mask
from patches.model import Suggestion

_ASKS = re.compile(r"\byoda\b|\b(?:constant|literal|NULL)s?\b[^.?!]{0,40}?\b(?:on|to|at)\s+the\s+right\b|"
                   r"\b(?:constant|literal|NULL)s?\b[^.?!]{0,40}?\bright[- ]hand\s+side\b|"
                   r"\b(?:constant|literal|NULL)s?\s+(?:goes|go|should\s+(?:be|go|come))\s+(?:second|last)\b", re.I)
_CONSTANT = re.compile(r"-?\s*(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*|'(?:\\.|[^'\\])+'|NULL|true|false|[A-Z][A-Z0-9_]*")
_TURNED = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}
# a constant on the left of a comparison, where it is the whole left operand
_LEFT = re.compile(r"(?P<before>(?:[(,?:]|&&|\|\||\breturn)\s*)(?P<c>" + _CONSTANT.pattern +
                   r")\s*(?P<op>==|!=|<=|>=|<(?![<=])|>(?![>=]))\s*")


def _right_operand(masked: str, start: int) -> int:
    """Where the right operand of a comparison that starts at START of the line MASKED ends: the first
    `)`, `]`, `,`, `;`, `&&`, `||`, `&`, `|` or `^` outside brackets, or the end of the line."""
    depth = 0
    i = start
    while i < len(masked):
        c = masked[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in ",;&|^":
            return i
        i += 1
    return i


def swapped(line: str, above: str = "") -> list[str]:
    """LINE with each comparison whose left operand is a constant turned round, one version per comparison;
    Manual when its right operand is more than a plain operand.  A comparison opening LINE counts when the
    line ABOVE leaves a condition open (`if (A < x->len ||` over `    NULL == x->data)`)."""
    if E.goes_on(above):
        width = len(line) - len(line.lstrip())
        return [line[:width] + new[1:] for new in swapped("(" + line.lstrip())]
    m = mask(line)
    out = []
    for hit in _LEFT.finditer(m):
        start, end = hit.end(), _right_operand(m, hit.end())
        right = line[start:end].rstrip()
        if not right or _CONSTANT.fullmatch(right.strip()):
            continue
        if re.search(r"[=<>?]", m[start:start + len(right)].replace("->", "  ")):
            raise Manual(f"the right operand of `{line[hit.start('c'):start + len(right)].strip()}` holds more than "
                         "a plain operand: turning the comparison round is for the author")
        turned = f"{right} {_TURNED[hit.group('op')]} {hit.group('c')}"
        out.append(line[:hit.start("c")] + turned + line[start + len(right):])
    return out


@dataclass(frozen=True)
class ConstantRightParams(InFunction):
    old: list[str]               # the quoted line with the comparison
    new: list[str]               # the same line, the constant on the right
    line: int                    # its line


class ConstantRight(LinesEdit[ConstantRightParams]):
    kind = "constant-right"
    order = Phase.QUALIFIERS            # with drop-parens: an edit inside one condition
    changed = "the quoted comparison"
    notes = ("The comparison's constant goes to the right of its operator (checkpatch's "
             "CONSTANT_COMPARISON); a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ConstantRightParams] | None:
        comment = " ".join(s.comment.split())
        if not _ASKS.search(comment) or E.reviewer_code(s) or re.search(r"!\s*[A-Za-z_]", comment):
            return None
        quoted = E.found_on_quoted_lines(s, ctx, swapped)
        if quoted is None or not quoted[2]:
            return None
        fn, src, found = quoted
        if len(found) > 1:
            raise Manual(f"{len(found)} comparisons with the constant on the left on the quoted lines: which one "
                         "is meant is not clear")
        n, new = found[0]
        return Plan(self.kind, slug=f"line-{n}", order=self.order, files=[ctx.path],
                    params=ConstantRightParams(fn.name, old=[src[n - 1]], new=[new], line=n),
                    summary=f"Put the constant on the right of the comparison in {fn.name}()")


RECIPE = ConstantRight()
