"""min() / min_t() and their kin (max, clamp, min3, max3): which one a comment asks for in prose, and the
type argument a typed form needs.

- "min() will do", "plain min() is enough", "min() suffices": the untyped helper named as sufficient;
- "no need for min_t()", "why min_t?", "min_t() isn't needed": the typed form turned down, its untyped
  form wanted (the rename's own check then proves both operands have the one type min() wants);
- min() -> min_t() takes the type both operands are compared as: the one the comment writes
  (`min_t(size_t, ...)`), else the declared type of what the value goes to (`size_t n = min(a, b);`,
  `n = min(a, b);`, `return min(a, b);`) when every operand converts to it without changing its value
  (the same signedness and no wider, or unsigned into a wider signed type, or a non-negative literal).
  Otherwise the type is the author's to pick: Manual, naming the operands' types.
"""
from __future__ import annotations

import re

from cocci.recipe import CodeContext, Manual
from cocci.recipes._calls import TYPED_FORMS
from cocci.recipes._operand_types import WIDTHS, operand_type
from patches.ctext import Function, calls, function_named, mask, split_lines

_UNSIGNED = re.compile(r"^(?:unsigned\b.*|u(?:8|16|32|64)|__u(?:8|16|32|64)|__(?:le|be)(?:16|32|64)|size_t|"
                       r"uintptr_t|bool)$")
_SIGNED = re.compile(r"^(?:int|long|long long|short|signed char|s(?:8|16|32|64)|__s(?:8|16|32|64)|ssize_t|loff_t)$")
_LITERAL = re.compile(r"(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*")


def enough(comment: str, name: str) -> bool:
    """Whether COMMENT names NAME() as sufficient or better ("min() will do", "plain min() is fine",
    "kstrtobool() would be the better choice", "that would be ida_alloc_max() now")."""
    n = re.escape(name) + r"\s*\(\)"
    return re.search(rf"\b{n}\s+(?:alone\s+|here\s+)?(?:will|would|should|can|could)\s+do\b|"
                     rf"\b{n}\s+(?:alone\s+|here\s+)?(?:is|would\s+be|should\s+be)\s+(?:just\s+)?(?:fine|enough|"
                     rf"sufficient|good\s+enough|ok|okay)\b|\b{n}\s+suffices\b|\b(?:plain|simple)\s+{n}|"
                     rf"\b{n}\s+(?:would|might|could|should)?\s*(?:is|be)\s+(?:the\s+|a\s+)?(?:better|preferred|"
                     rf"right|proper|cleaner|nicer)(?:\s+(?:choice|option|fit|way))?\b|\b{n}\s+is\s+preferred\b|"
                     rf"\b(?:that|this|it)\s+(?:would|should)\s+be\s+{n}",
                     comment, re.I) is not None


def without_type_talk(comment: str) -> str:
    """COMMENT without the words that say what type operands have ("both are size_t", "the two are of the
    same type"): "both" there describes the operands, it does not ask for two places."""
    types = "|".join(re.escape(t) for t in sorted(WIDTHS, key=len, reverse=True))
    return re.sub(rf"\b(?:both|the\s+two|these\s+two)(?:\s+(?:operands|values|arguments|variables|sides))?\s+"
                  rf"(?:are|have)\s+(?:of\s+)?(?:(?:the\s+)?same\s+type|type\s+)?(?:(?:{types})\b|[a-z]\w*_t\b)?",
                  " ", comment, flags=re.I)


def plain_forms_asked(comment: str) -> list[str]:
    """The untyped helpers COMMENT asks for by turning their typed form down ("no need for min_t()",
    "why min_t?", "min_t() is not needed here")."""
    out = []
    for typed, plain in TYPED_FORMS.items():
        t = re.escape(typed) + r"(?:\s*\(\))?"
        if re.search(rf"\bno\s+need\s+(?:for|to\s+use)\s+(?:the\s+|a\s+)?{t}(?!\w)|\bwhy\s+(?:the\s+|use\s+)?{t}"
                     rf"(?!\w)|\b{t}\s+(?:is|isn['’]t|is\s+not)\s+(?:not\s+)?(?:needed|necessary|required|"
                     rf"unnecessary|unneeded|overkill)\b|\bdo(?:n['’]t|\s+not)\s+need\s+(?:the\s+)?{t}(?!\w)",
                     comment, re.I):
            out.append(plain)
    return out


def _signed(t: str) -> bool | None:
    t = " ".join(t.split())
    return False if _UNSIGNED.match(t) else True if _SIGNED.match(t) else None


def _keeps_value(have: str, into: str) -> bool:
    """Whether a value of type HAVE converts to INTO unchanged."""
    wh, wi = WIDTHS.get(" ".join(have.split())), WIDTHS.get(" ".join(into.split()))
    sh, si = _signed(have), _signed(into)
    if wh is None or wi is None or sh is None or si is None:
        return False
    return (sh == si and wh <= wi) or (not sh and si and wh < wi)


def _destination(ctx: CodeContext, fn: Function, line: int, old: str) -> str | None:
    """The declared type of what the value of OLD's call on LINE goes to, or None."""
    m = split_lines(mask(ctx.text))[line - 1]
    texts = [ctx.text, *ctx.files.values()]
    got = re.match(rf"\s*((?:const\s+)?(?:unsigned\s+|signed\s+)?[A-Za-z_]\w*(?:\s+(?:int|long|char|short))?)\s+"
                   rf"[A-Za-z_]\w*\s*=\s*{re.escape(old)}\s*\(", m)
    if got:
        return re.sub(r"^const\s+", "", got.group(1))
    got = re.match(rf"\s*([A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)\s*=\s*{re.escape(old)}\s*\(", m)
    if got:
        return operand_type(ctx.text, fn, got.group(1), texts)
    if re.match(rf"\s*return\s+{re.escape(old)}\s*\(", m):
        header = " ".join(split_lines(ctx.text)[fn.start - 1:fn.body_start])
        ret = re.match(rf"\s*(?:static\s+)?(?:inline\s+)?(.+?)\s*\b{re.escape(fn.name)}\s*\(", header)
        return ret.group(1) if ret and "*" not in ret.group(1) else None
    return None


def type_for(ctx: CodeContext, fn_name: str, lines: list[int], old: str, new: str, comment: str) -> str:
    """The type argument NEW (a typed form: min_t) takes in place of OLD (min) on LINES; Manual when it is
    the author's to pick."""
    written = re.search(rf"\b{re.escape(new)}\s*\(\s*((?:unsigned\s+|signed\s+)?[A-Za-z_]\w*(?:\s+(?:int|long))?)\s*,",
                        comment)
    if written:
        return written.group(1)
    fn = function_named(ctx.text, fn_name)
    found: set[str] = set()
    texts = [ctx.text, *ctx.files.values()]
    for no in lines:
        for c in calls(ctx.text, no, no, members=False):
            if c.name != old:
                continue
            into = _destination(ctx, fn, no, old) if fn else None
            have = {a: (None if _LITERAL.fullmatch(a.strip()) else operand_type(ctx.text, fn, a.strip(), texts)
                        if fn else None) for a in c.args}
            kinds = ", ".join(f"{a.strip()} is {t or 'of a type respin cannot read'}" for a, t in have.items()
                              if not _LITERAL.fullmatch(a.strip()))
            if into is None or not all(_LITERAL.fullmatch(a.strip()) or (t and _keeps_value(t, into))
                                       for a, t in have.items()):
                raise Manual(f"{new}() takes the type its operands are compared as ({kinds}): which one is the "
                             f"author's" + (f"; {into}, the type the value goes to, would change an operand's "
                                            "value" if into else ""))
            found.add(" ".join(into.split()))
    if len(found) != 1:
        raise Manual(f"the {old}() calls go to values of different types: which type {new}() takes is the author's")
    return found.pop()
