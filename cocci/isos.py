"""standard.iso's operator isomorphisms, off in the generated rules that write those operators.

With them on, spatch reads each operator of a rule as all the spellings it has: `!X` also as `X == 0`
and `X == NULL` (not_int1, not_ptr1, ...), `X == 0` also as `!X` (is_zero), `A == B` also as `B == A`
(commeq), `A & B` also as `B & A` (bitand_comm), and so on; and the spellings of each operator
multiply with those of the others before anything is matched.  A rule removing a quoted
`if (!(flags & A) && !(flags & B)) return -EINVAL;` kept spatch parsing it for over a minute, one with
`(f & A) == 0 && (f & B) == 0 && (f & C) == 0 && (f & D) == 0` for 6.5 s (0.03 s and 0.03 s without).
A generated rule is about the code the reviewer quoted, as it is written: each of its SmPL rules says
`disable ...` for the isomorphisms of the operators it writes, so that `!x` matches `!x` and `a == b`
matches `a == b`.  Rules the user gives are left as they are.
"""
from __future__ import annotations

import re

from cocci.combine import SmplRule, reheaded, split

# operator (a pattern on a rule's code; a binary one after an operand) -> standard.iso's isomorphisms
# that respell it
_OPERAND = r"[\w)\]]\s*"
OPERATOR_ISOS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"!(?!=)", ("not_int1", "not_int2", "not_ptr1", "not_ptr2")),
    (r"==", ("commeq", "is_zero", "is_null")),
    (r"!=", ("commneq", "isnt_zero", "isnt_null1")),
    (_OPERAND + r"&(?![&=])", ("bitand_comm",)),
    (_OPERAND + r"\|(?![|=])", ("bitor_comm",)),
    (_OPERAND + r"\+(?![+=])", ("plus_comm", "plus_assoc", "plus_minus_assoc1", "plus_minus_assoc2")),
    (_OPERAND + r"-(?![->=])", ("minus_assoc", "plus_minus_assoc1", "plus_minus_assoc2")),
    # `a * b` or `a*b`; not the declarator of `struct page *p`
    (r"[\w)\]](?:\s+\*(?=\s)|\*(?=[\w(]))", ("mult_comm", "times_assoc", "times_div_assoc1", "times_div_assoc2")),
    (_OPERAND + r"/(?![/*=])", ("div_assoc", "times_div_assoc1", "times_div_assoc2")),
    (_OPERAND + r"[<>](?![<>])", ("gtr_lss", "gtr_lss_eq")),
    # the branch hints: with `unlikely` on, `unlikely(E)` also matches a bare E (and a rule dropping the
    # hint from `if (unlikely(x))` finds its token tagged twice)
    (r"(?<!\w)(?:un)?likely\s*\(", ("unlikely",)),
)
# the words after which an operator is a prefix one
_PREFIX_CONTEXT = re.compile(r"\b(?:return|case|sizeof|else|do|goto)\b")
_OPERATORS = [(re.compile(p), isos) for p, isos in OPERATOR_ISOS]
# comments, literals, and SmPL's own `<... ...>`, `<+... ...+>` and `...`
_NOT_CODE = re.compile(r"//.*$|/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|<\+?\.\.\.|\.\.\.\+?>|\.\.\.",
                       re.M | re.S)
# SmPL's disjunction and conjunction lines: `(`, `|`, `&`, `)` alone
_SMPL_LINES = {"(", "|", "&", ")", "\\(", "\\|", "\\&", "\\)"}


def respelled(rule: SmplRule) -> list[str]:
    """The isomorphisms that respell an operator RULE's code writes, in standard.iso's order (none for a
    script, or for a rule that already says which isomorphisms it disables)."""
    if rule.is_script or "disable" in rule.head.split():
        return []
    # the code of each line: without the +/- column, comments and literals
    code = "\n".join(ln[1:] if ln[:1] in "+-" else ln for ln in rule.body if ln.strip() not in _SMPL_LINES)
    code = _PREFIX_CONTEXT.sub(" ( ", _NOT_CODE.sub(" ", code))   # `return -EINVAL`, `sizeof *p`: unary
    out: list[str] = []
    for pattern, isos in _OPERATORS:
        if pattern.search(code):
            out += [i for i in isos if i not in out]
    return out


def disabled(head: str, isos: list[str]) -> str:
    """The rule header HEAD (between the @s) with ISOS disabled too (in its `disable` clause, if it has one),
    each named once."""
    isos = list(dict.fromkeys(isos))
    m = re.search(r"\bdisable\s+(\w+(?:\s*,\s*\w+)*)", head)
    if m:
        had = re.split(r"\s*,\s*", m.group(1))
        more = [i for i in isos if i not in had]
        return head if not more else head[:m.end()] + "".join(f", {i}" for i in more) + head[m.end():]
    words = head.split()
    clause = "disable " + ", ".join(isos)
    if words and words[-1] in ("exists", "forall"):
        return " ".join(words[:-1] + [clause, words[-1]])
    return " ".join(words + [clause])


def as_written(text: str) -> str:
    """TEXT (a generated .cocci) with each rule's operator isomorphisms off (see the module's text)."""
    rules = split(text)[1]
    wanted = [respelled(r) for r in rules]
    if not any(wanted):
        return text
    return reheaded(text, [disabled(r.head, isos) if isos else r.head for r, isos in zip(rules, wanted, strict=True)])
