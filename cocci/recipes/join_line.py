"""Join a statement split over several lines: "This fits on one line, no need to split.", "unwrap".

Evidence: the comment says the quoted code fits on one line or needs no split (without a negation:
"this does not fit on one line" asks for nothing), and the quote ends in (or holds exactly one)
logical line spread over several physical lines.  The joined line must fit the file's limit (80
columns as checkpatch counts them, 100 when the file clearly keeps to 100); otherwise the
suggestion is manual with the width it would have.  Lines holding a comment, preprocessor lines and
string literals that would end up next to each other are left to the author.
"""
from __future__ import annotations

import re

from patches.ctext import Function, mask
from cocci.recipe import CodeContext, Manual, Plan
from cocci.recipes import _style as S
from patches.model import Suggestion

INTENT = re.compile(r"\bfits?\s+(?:on|in|into|within)\s+(?:one|a\s+single|1|a)\s+(?:single\s+)?line\b|"
                    r"\bno\s+need\s+(?:to|for)\s+(?:the\s+)?(?:split|break|wrap|line\s*break)|"
                    r"\b(?:don'?t|do\s+not)\s+(?:need\s+to\s+)?(?:split|break|wrap)\b|"
                    r"\bone\s+line,?\s+please\b|\bunwrap\b|\bjoin\s+(?:these|the|this|them|those)\b.{0,12}"
                    r"\blines?\b|\b(?:put|keep|make)\s+(?:it|this|that|these)\s+(?:on|in)\s+(?:one|a\s+single)"
                    r"\s+line\b|\b(?:can|could|should)\s+(?:be|go)\s+(?:(?:on|in)\s+)?(?:one|a\s+single)\s+line\b|"
                    r"\bunnecessary\s+line\s*break|\bneedless(?:ly)?\s+split", re.I | re.S)
# "declare and initialise on one line" joins a declaration with its assignment: one-line-declaration
ABOUT_DECLARATION = re.compile(r"\b(?:declar\w*|defin\w*|initiali[sz]\w*|init|assign\w*|combine|merge)\b", re.I)
NEGATED = re.compile(r"\b(?:doesn'?t|does\s+not|won'?t|will\s+not|wouldn'?t|would\s+not|can'?t|cannot|"
                     r"not)\s+fit\b", re.I)


def joined(lines: list[str]) -> str:
    """LINES as one line: the first line's indentation, the pieces separated by one blank, none after
    an opening or before a closing parenthesis/bracket, before `,` or `;`, or around `->`/`.`."""
    out = lines[0].rstrip()
    for ln in lines[1:]:
        piece = ln.strip()
        if not piece:
            continue
        glue = " "
        if out.endswith(("(", "[")) or piece.startswith((")", "]", ",", ";", "->", ".")) \
                or out.endswith(("->", ".")) and not out.endswith("..."):
            glue = ""
        out += glue + piece
    return out


def pick_split(text: str, fn: Function, first: int, last: int) -> tuple[int, int]:
    """The logical line spread over several lines that the quote FIRST..LAST ends in (or its only one);
    Manual when the quote holds several and none ends it, (0, 0) when it holds none."""
    split = [(a, b) for a, b in S.units(text, *S.layout_lines(fn)) if b > a and a <= last and b >= first]
    nearest = [(a, b) for a, b in split if a <= last <= b]
    if nearest:
        return nearest[0]
    if len(split) == 1:
        return split[0]
    if split:
        raise Manual(f"the quote holds {len(split)} split lines and the comment does not say which")
    return 0, 0


class JoinLine(S.LayoutRecipe[S.LayoutParams]):
    kind = "join-line"
    what = "Join the split line"
    supersedes = ("one-line-declaration",)    # "fits on one line" under a split assignment is a join

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[S.LayoutParams] | None:
        if not INTENT.search(s.comment) or NEGATED.search(s.comment) or ABOUT_DECLARATION.search(s.comment):
            return None
        fn, first, last = self.understand_unit(s, ctx)
        a, b = pick_split(ctx.text, fn, first, last)
        if not a:
            return None
        plan = self.plan_for(ctx, fn, a, b, slug=f"line-{a}", summary=f"Join a split line in {fn.name}()",
                             params=S.LayoutParams)
        return plan

    def relayout(self, plan: Plan[S.LayoutParams], text: str, fn: Function, a: int, b: int
                 ) -> tuple[int, int, list[str]]:
        src = text.splitlines()
        lines = src[a - 1:b]
        if S.has_comment(lines):
            raise Manual("the split line holds a comment: joining it is left to the author")
        if any(mask(ln).strip().startswith("#") or ln.rstrip().endswith("\\") for ln in lines):
            raise Manual("a preprocessor line: joining it is left to the author")
        m = mask("\n".join(lines)).splitlines()
        if any(m[i].rstrip().endswith('"') and m[i + 1].lstrip().startswith('"') for i in range(len(m) - 1)):
            raise Manual("the split separates two string literals: joining them is left to the author")
        one = joined(lines)
        limit = S.line_limit(text)
        if S.width(one) > limit:
            raise Manual(f"the joined line would be {S.width(one)} columns, over the limit of {limit}")
        return a, b, [one]


RECIPE = JoinLine()
