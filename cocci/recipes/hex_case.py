"""Hex constants in the case the reviewer asks for: "Use lowercase for hex values.", "lower case hex,
please" under `#define QX_REG_CTRL 0x1A` -> `0x1a` ("upper case hex" the other way).

Evidence: the comment names hex (hex, hexadecimal, `0x`) and one case (lower/small or upper/capital), and
is no question and no "either is fine".  Every hex literal of the quoted lines the patch adds whose digits
are in the other case changes (`0X` becomes `0x`, a `UL` suffix stays as written); text in strings and
comments stays.  C files and devicetree sources only.  A verified text edit of the quoted lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes.text_lines import quoted_run
from patches.ctext import function_at, mask
from patches.model import Suggestion

_HEX = re.compile(r"\bhex(?:adecimal)?\b|\b0x\b", re.I)
_LOWER = re.compile(r"\b(?:lower|small)[\s-]*(?:case|letters?)?\b|\blowercase\b", re.I)
_UPPER = re.compile(r"\b(?:upper|capital)[\s-]*(?:case|letters?)?\b|\buppercase\b|\bcapitals\b", re.I)
_NOT = re.compile(r"\?|\b(?:not\s+(?:required|needed|necessary|a\s+must|important)|doesn['’]t\s+matter|"
                  r"either\s+(?:is|way\s+is)\s+fine|no\s+need|don['’]t\s+care|both\s+are\s+fine)\b", re.I)
# the constant given a name in the same comment: "use a define for 0x13C", "a macro for this magic value"
_NAMED = re.compile(r"\b(?:a|some)\s+(?:#\s*)?(?:define|macro|named\s+constant|constant)\s+(?:for|instead)\b|"
                    r"\bmagic\s+(?:numbers?|values?|constants?)\b|\bgive\s+(?:it|this|them|these|the\s+\S+)\s+a\s+"
                    r"name\b|\b(?:#\s*)?define\s+(?:it|this|them|these)\b", re.I)
_LITERAL = re.compile(r"(?<![\w.])0[xX]([0-9a-fA-F]+)(?![\w.])|(?<![\w.])0[xX]([0-9a-fA-F]+)([uUlL]{1,3})(?![\w.])")


def asked(comment: str) -> str:
    """"lower" or "upper": the case COMMENT asks hex constants to be written in; '' for none."""
    text = " ".join(comment.split())
    if not _HEX.search(text) or _NOT.search(text):
        return ""
    lower, upper = bool(_LOWER.search(text)), bool(_UPPER.search(text))
    return "lower" if lower and not upper else "upper" if upper and not lower else ""


def recased(line: str, case: str) -> str:
    """LINE with the hex literals of its code (not of its strings and comments) in CASE."""
    code = mask(line)

    def one(m: re.Match[str]) -> str:
        if code[m.start():m.end()] != line[m.start():m.end()]:
            return m.group(0)           # inside a string or a comment
        digits = m.group(1) or m.group(2)
        return "0x" + (digits.lower() if case == "lower" else digits.upper()) + (m.group(3) or "")
    return _LITERAL.sub(one, line)


@dataclass(frozen=True)
class HexCaseParams(Params):
    old: list[str]               # the quoted lines as they are, first to last changed
    new: list[str]               # the same with their hex constants recased
    line: int                    # where OLD starts (1-based)
    function: str = ""           # "" at file scope
    named: bool = False          # the comment also asks a name for the constant: the author's to give

    def left_to_author(self) -> str:
        return "a name for the constant" if self.named else ""


class HexCase(LinesEdit[HexCaseParams]):
    kind = "hex-case"
    order = Phase.LAYOUT
    changed = "the hex constants of the quoted lines"
    notes = ("A verified text edit of the quoted lines: only the case of their hex constants changes.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[HexCaseParams] | None:
        case = asked(s.comment)
        if not case or not ctx.text or s.anchor.in_message or \
                not ctx.path.endswith((".c", ".h", ".dts", ".dtsi", ".dtso")):
            return None
        found = quoted_run(s, ctx)
        if found is None:
            return None
        at, run = found
        quoted = s.quote_diff or s.quoted
        marked = any(q[:1] in "+-" for q in quoted)
        added = [q[:1] == "+" for q in quoted if q[:1] in "+ "] if marked else [True] * len(run)
        if len(added) != len(run):
            added = [True] * len(run)
        new = [recased(ln, case) if add else ln for ln, add in zip(run, added, strict=True)]
        changed = [k for k in range(len(run)) if new[k] != run[k]]
        if not changed:
            return None
        a, b = changed[0], changed[-1] + 1
        fn = function_at(ctx.text, at + a + 1)
        return Plan(self.kind, slug=case, order=self.order, files=[ctx.path],
                    summary=f"Write the hex constants of the quoted lines in {case} case",
                    params=HexCaseParams(old=run[a:b], new=new[a:b], line=at + a + 1, function=fn.name if fn else "",
                                           named=bool(_NAMED.search(s.comment))))


RECIPE = HexCase()
