"""Drop an `else` that follows a branch which always leaves: "Redundant else, the branch above
returns", "No need for the else after return", "drop the 'else'", "else after goto is not needed".

Evidence: the comment calls an `else` needless (a removal word right before or after the word
`else`, or "else after return/goto/break/continue"), and the quote holds (or ends in) an if/else
chain whose `else` comes after branches that all end in `return`, `goto`, `break` or `continue`.
Then control reaches the else body only when none of those branches ran, so the body can follow
the chain unconditionally: `} else {` becomes `}`, the body loses one level of indentation and its
closing brace goes; `} else if (c) {` becomes `}` and `if (c) {` on the next line.

SmPL re-prints the bodies it moves, so this is a verified text edit: the new lines must hold the
same tokens as the old ones less that one `else` (and the braces of its body).  An else body that
declares variables (its scope would widen), a line holding a comment next to the `else`, a body
not indented one level deeper than the `if`, and a branch that does not always leave are manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.add_braces import Branch, Unreadable, chain
from patches.ctext import mask, norm
from patches.model import Suggestion

_NEEDLESS = r"(?:redundant|unneeded|unnecessary|needless|superfluous|pointless|useless|not needed|" \
            r"not necessary|not required|no longer needed)"
_Q = r"[`'\"]?"
# "redundant else", "the else is not needed", "no need for the else", "drop this else", "else after return"
_ASKS = re.compile(
    rf"\b{_NEEDLESS}\s+(?:\w+\s+)?{_Q}else\b"
    rf"|\belse{_Q}\s+(?:\w+\s+){{0,2}}(?:is\s+|are\s+|looks\s+|seems\s+)?{_NEEDLESS}"
    rf"|\bno\s+need\s+(?:for|of|to\s+have|to\s+use)\s+(?:(?:the|an|this|that|a)\s+)?{_Q}else\b"
    rf"|\b(?:drop|remove|get\s+rid\s+of|kill|lose)\s+(?:(?:the|this|that|an)\s+)?{_Q}else\b"
    rf"|\b(?:do|does)\s*(?:n['’]t|\s+not)\s+need\s+(?:(?:the|an|this|that)\s+)?{_Q}else\b"
    rf"|\belse{_Q}\s+after\s+(?:a\s+|the\s+)?(?:return|goto|break|continue)\b",
    re.I)
# the last statement of a branch body leaves the chain: a jump at the body's top level
_LEAVES = re.compile(r"(?:^|[;{}])\s*(?:return\b[^;{}]*|goto\s+\w+|break|continue)\s*;\s*$", re.S)
_KEYWORDS = {"return", "goto", "break", "continue", "case", "default", "else", "do", "sizeof"}
# a declaration at the top of a block: type words (qualifiers, struct/enum/union tags), then a name
_DECL = re.compile(r"^\s*(?:(?:const|static|volatile|unsigned|signed|struct|union|enum|register)\s+)*"
                   r"([A-Za-z_]\w*)\s*(?:\s|\*)+\s*\**\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*(?:=|;|,)")


def asks(comment: str) -> bool:
    """Whether COMMENT calls an `else` needless."""
    return _ASKS.search(" ".join(comment.split())) is not None


def _leaves(m: list[str], br: Branch) -> bool:
    body = "\n".join(m[br.body[0]:br.body[1] + 1]).strip()
    return bool(body) and _LEAVES.search(body) is not None


def _declares(m: list[str], br: Branch) -> bool:
    """Whether the body of BR declares a variable at its own top level."""
    depth = 0
    for line in m[br.body[0]:br.body[1] + 1]:
        d = _DECL.match(line)
        if depth == 0 and d and d.group(1) not in _KEYWORDS:
            return True
        depth += line.count("{") - line.count("}")
    return False


def _candidates(m: list[str], first: int, last: int, lowest: int) -> list[tuple[int, list[Branch], int]]:
    """(chain start, its branches, index of the else branch) for each `else` between lines FIRST and
    LAST (1-based) that follows only branches which leave; nearest to the comment first."""
    out = []
    for n in range(last, first - 1, -1):
        if not re.match(r"\s*(?:\}\s*)?else\b", m[n - 1]):
            continue
        indent = E.indent_of(m[n - 1])
        for top in range(n - 1, lowest, -1):
            if E.indent_of(m[top - 1]) == indent and re.match(r"\s*if\b", m[top - 1]):
                try:
                    branches = chain(m, top - 1)
                except Unreadable:
                    break
                k = next((i for i, br in enumerate(branches) if br.head[0] == n - 1), None)
                if k and all(_leaves(m, br) for br in branches[:k]):
                    out.append((top, branches, k))
                break
    return out


def _dropped(src: list[str], m: list[str], branches: list[Branch], k: int) -> list[str]:
    """The lines of the chain with the `else` of branch K gone (SRC: the file's lines)."""
    first = branches[0].head[0]
    br = branches[k]
    indent = E.indent_of(src[branches[0].head[0]])
    head = src[br.head[0]:br.head[1] + 1]
    out = src[first:br.head[0]]
    was_closed = re.match(r"\s*\}", head[0]) is not None
    rest = re.sub(r"^\s*(?:\}\s*)?else\b\s*", "", head[0])
    if was_closed:
        out.append(indent + "}")
    if rest.strip() and rest.strip() != "{":
        # `else if (c) ...`: the rest of the chain starts a chain of its own
        return out + [indent + rest] + head[1:] + src[br.head[1] + 1:branches[-1].end + 1]
    if len(head) != 1 or mask(head[0]).strip() != head[0].strip():
        raise Manual("the else line holds more than the else")
    body = src[br.body[0]:br.body[1] + 1]
    inner = indent + "\t"
    if any(line.strip() and not line.startswith(inner) for line in body):
        raise Manual("the else body is not indented one level deeper than the if")
    if _declares(m, br):
        raise Manual("the else body declares variables: without the else their scope would widen")
    return out + [line[len(inner) - len(indent):] if line.strip() else line for line in body]


def _tokens_less_else(old: list[str], braced: bool) -> list[str]:
    toks = norm(mask("\n".join(old))).split()
    i = toks.index("else")
    drop = {i}
    if braced:
        j = i + 1
        if j < len(toks) and toks[j] == "{":
            drop.add(j)
            depth = 0
            for x in range(j, len(toks)):
                depth += {"{": 1, "}": -1}.get(toks[x], 0)
                if depth == 0:
                    drop.add(x)
                    break
    return [t for n, t in enumerate(toks) if n not in drop]


@dataclass(frozen=True)
class DropElseParams(InFunction):
    old: list[str]               # the lines of the chain that change, as they are
    new: list[str]               # the same lines without the else
    line: int = 0                # where OLD starts in the file the plan was made on


class DropElse(LinesEdit[DropElseParams]):
    kind = "drop-else"
    takes_away = True           # a doubting question may ask for it
    # like braces: on the statements as the earlier rules leave them, before moves re-indent them
    order = Phase.BRACES
    notes = ("The branches before the else all return, goto, break or continue: its body runs",
             "only when none of them did, so it can follow them unconditionally.",
             "SmPL cannot move a body out of its braces without re-printing it.")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropElseParams] | None:
        if not asks(s.comment) or E.reviewer_code(s):
            return None
        fn, first, last, m, src = E.quoted_lines(s, ctx)
        found = _candidates(m, first, last, fn.body_start)
        if not found:
            raise Manual("the comment calls an else needless, but the quote holds no else after "
                         "branches that all return, goto, break or continue")
        top, branches, k = found[0]
        if branches[-1].end + 1 > fn.end:
            raise Manual("the statement runs past the end of the function")
        old = src[branches[0].head[0]:branches[-1].end + 1]
        new = _dropped(src, m, branches, k)
        at = branches[k].head[0] - branches[0].head[0]
        plain = re.sub(r"^\s*(?:\}\s*)?else\b\s*", "", m[branches[k].head[0]]).strip() in ("", "{")
        got = norm(mask("\n".join(new))).split()
        expect = norm(mask("\n".join(old[:at]))).split() + \
            _tokens_less_else(old[at:], plain and branches[k].braced)
        if got != expect:
            raise Manual("dropping the else would change more than the else")
        # only the lines that change: the branches above may be edited by other rules first
        skip, old, new = T.changed_part(old, new)
        return Plan(self.kind, slug="drop-else", order=self.order, files=[ctx.path],
                    params=DropElseParams(fn.name, old=old, new=new, line=branches[0].head[0] + 1 + skip),
                    summary=f"Drop the redundant else in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DropElseParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the else is still there"
        return ""

    def title(self, plan: Plan[DropElseParams]) -> str:
        return f"Drop the else in {plan.params.function}()"


RECIPE = DropElse()
