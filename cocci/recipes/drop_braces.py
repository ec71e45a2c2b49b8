"""Drop the braces of the quoted `if` / `else` chain or loop: "No need for the braces here", "drop the
{}", "braces are not needed around a single statement".

Evidence: the comment asks for braces to go (a brace word with a removal word), and the quote holds
(or starts) an `if`, `for` or `while` with braces.  Kernel style (coding-style.rst, section 3): no
braces where a single statement will do, but when one branch of a chain needs them all keep them;
so the braces go only when every branch of the chain is one simple statement (not itself an `if`,
a loop or a `switch`: an inner `if` would take over the outer `else`), with no comment inside.

A verified text edit: `} else {` becomes `else`, the header lines lose their `{`, the closing lines
go; the new lines hold the same tokens less the braces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.add_braces import BRACE_WORDS, Branch, Unreadable, _chain_start, chain, not_wanted
from patches.ctext import mask, norm
from patches.model import Suggestion


def _single(m: list[str], br: Branch) -> bool:
    """Whether the body of BR is one simple statement."""
    body = "\n".join(m[br.body[0]:br.body[1] + 1]).strip()
    if not body or "{" in body or "}" in body or re.match(r"(?:if|for|while|do|switch|else|case|default)\b", body):
        return False
    depth = 0
    ends = 0
    for c in body:
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(c, 0)
        if c == ";" and depth == 0:
            ends += 1
    return ends == 1 and body.endswith(";") and not re.match(r"[A-Za-z_]\w*\s*:(?!:)", body)


def _opened_at(m: list[str], first: int, last: int) -> int:
    """FIRST, or the line (1-based) of the `{` that a closing brace between FIRST and LAST closes, when
    that lies above: a comment under the `}` of a block is about the statement the block belongs to."""
    depth = 0
    for n in range(last, first - 1, -1):
        depth += m[n - 1].count("}") - m[n - 1].count("{")
    n = first
    while depth > 0 and n > 1:
        n -= 1
        depth += m[n - 1].count("}") - m[n - 1].count("{")
    return n


def _heads(m: list[str], first: int, last: int, lowest: int) -> list[int]:
    """The lines (1-based) of the if/for/while headers of the quote, nearest to the comment first; the
    line above the quote when the quote is a body."""
    heads = []
    for n in range(last, first - 1, -1):
        if re.match(r"\s*(?:if|for|while)\b", m[n - 1]):
            heads.append(n)
        elif re.match(r"\s*(?:\}\s*)?else\b", m[n - 1]):
            top = _chain_start(m, n, lowest)
            if top is not None:
                heads.append(top)
    if not heads:
        above = first - 1
        while above > lowest and not m[above - 1].strip():
            above -= 1
        if re.match(r"\s*(?:if|for|while)\b", m[above - 1]):
            heads = [above]
    return heads


def unbraced(src: list[str], branches: list[Branch]) -> list[str]:
    """The lines of the chain (SRC: the file's lines) with the braces of every branch gone."""
    indent = E.indent_of(src[branches[0].head[0]])
    out: list[str] = []
    for br in branches:
        head = src[br.head[0]:br.head[1] + 1]
        head[0] = indent + re.sub(r"^\}\s*", "", head[0].strip())
        head[-1] = re.sub(r"\s*\{\s*$", "", head[-1].rstrip()) if br.braced else head[-1]
        out += head
        out += src[br.body[0]:br.body[1] + 1]
    return out


@dataclass(frozen=True)
class DropBracesParams(InFunction):
    old: list[str]               # the lines of the statement as they are
    new: list[str]               # the same lines without the braces


class DropBraces(LinesEdit[DropBracesParams]):
    kind = "drop-braces"
    takes_away = True           # a doubting question may ask for it
    order = Phase.BRACES
    notes = ("Kernel style: no braces where every branch is a single statement.",
             "SmPL cannot drop braces without re-printing the bodies.")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropBracesParams] | None:
        if not (E.has_any(s.comment, BRACE_WORDS) and not_wanted(s.comment)) or E.reviewer_code(s):
            return None
        fn, first, last, m, src = E.quoted_lines(s, ctx)
        heads = _heads(m, _opened_at(m, first, last), last, fn.body_start)
        if not heads:
            raise Manual("the comment asks for the braces to go, but the quote holds no if, for or while")
        try:
            chains = [chain(m, h - 1) for h in heads]
        except Unreadable as e:
            raise Manual(f"cannot drop the braces safely: {e}") from None
        # the nearest statement that has braces: an unbraced `if` inside a braced loop is not what is meant
        branches = next((ch for ch in chains if any(br.braced for br in ch)), chains[0])
        if branches[-1].end + 1 > fn.end:
            raise Manual("the statement runs past the end of the function")
        if not any(br.braced for br in branches):
            raise Manual("the quoted statement has no braces to drop")
        nested = [br for br in branches if re.match(r"\s*(?:if|for|while|do|switch)\b",
                                                    "\n".join(m[br.body[0]:br.body[1] + 1]).strip("{} \t\n"))]
        if nested:
            raise Manual("the body is an if or loop statement of its own: kernel style keeps the braces of a "
                         "body that spans several lines, and an inner if could take an else; left to the author")
        if not all(_single(m, br) for br in branches):
            raise Manual("a branch holds more than one simple statement: kernel style keeps the braces "
                         "of the whole chain then")
        old = src[branches[0].head[0]:branches[-1].end + 1]
        if re.search(r"/\*|//", re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', "\n".join(old))):
            raise Manual("a comment inside the statement: dropping the braces is left to the author")
        new = unbraced(src, branches)
        if _without_braces("\n".join(new)) != _without_braces("\n".join(old)) or \
                "{" in mask("\n".join(new)) or "}" in mask("\n".join(new)):
            raise Manual("dropping the braces would change more than the braces")
        what = "if/else" if len(branches) > 1 else m[branches[0].head[0]].split("(")[0].strip()
        return Plan(self.kind, slug=f"{what.replace('/', '-')}-braces", order=self.order, files=[ctx.path],
                    params=DropBracesParams(fn.name, old=old, new=new),
                    summary=f"Drop the braces of the {what} in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DropBracesParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the statement still has its braces"
        if before != after and _without_braces(before) != _without_braces(after):
            return "more than braces changed"
        return ""

    def title(self, plan: Plan[DropBracesParams]) -> str:
        return f"Drop braces in {plan.params.function}()"


def _without_braces(text: str) -> str:
    return norm(mask(text).replace("{", " ").replace("}", " "))


RECIPE = DropBraces()
