"""Add braces to the quoted `if` / `else` chain or loop: "Nit: please add braces", "braces on both branches",
"} else { for symmetry", "the else branch too, for symmetry".

Evidence: the comment asks for braces (a brace word without a removal word: "drop the braces" is the
opposite request), and the quote holds (or starts) an `if`, `for` or `while` one of whose bodies has
none.  Kernel style (coding-style.rst, section 3): when one branch of an if/else chain has braces, all
branches do; so every unbraced branch of the chain gets them, `} else {` on one line.

SmPL cannot add braces without re-printing the bodies, so this is a verified text edit: the statement's
lines are replaced by the same lines with the braces added (and nothing else changed).  A body that is
itself an unbraced `if`/loop, a header with a comment after it, a `do ... while` and code the recipe
cannot read is manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from patches.ctext import mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.model import Suggestion

BRACE_WORDS = ("brace", "braces", "curly", "curly brackets", "{}")
# "for symmetry" on an else branch: kernel style braces every branch when one has them
SYMMETRY = ("symmetry", "symmetric", "symmetrical")
NOT_WANTED = ("drop", "remove", "no need", "not needed", "unnecessary", "superfluous", "redundant",
              "without", "don't need", "do not need", "get rid", "can go", "could go", "should go", "may go",
              "go away", "aren't needed", "not necessary", "not required", "unneeded", "needless", "useless",
              "pointless")
# "No braces for a single statement.", "and no {} around one line, please": a request that opens with
# "no braces" ("the else has no braces" describes the code instead)
_NO_BRACES = re.compile(r"(?:^|[.;:!?]\s+|\b(?:and|also|please|nit)[,:]?\s+)no\s+(?:curly\s+)?(?:braces|brackets|\{\})",
                        re.I)


def not_wanted(comment: str) -> bool:
    """Whether COMMENT asks for braces to go rather than come."""
    flat = " ".join(comment.split())
    return E.has_any(comment, NOT_WANTED) or _NO_BRACES.search(flat) is not None or \
        any(re.search(r"\b(?:braces|brackets|\{\})", flat[m.end():m.end() + 30], re.I)
            for m in E.DONT_ADD.finditer(flat))

_HEAD = re.compile(r"(?:\}\s*)?(?:else\s+)?(?:if|for|while)\b|(?:\}\s*)?else\b")


@dataclass
class Branch:
    head: tuple[int, int]        # 0-based first and last line of the header (`if (...)`, `else`)
    body: tuple[int, int]        # 0-based first and last line of the body, braces excluded
    braced: bool
    end: int                     # 0-based last line of the branch (its `}` when braced)


class Unreadable(ValueError):
    pass


def _header_end(m: list[str], i: int) -> int:
    """Last line of the header starting at line I (its parentheses balanced)."""
    depth = 0
    opened = False
    for j in range(i, len(m)):
        for c in m[j]:
            if c == "(":
                depth, opened = depth + 1, True
            elif c == ")":
                depth -= 1
        if opened and depth == 0 or not opened and re.fullmatch(r"\s*(?:\}\s*)?else\s*\{?\s*", m[j]):
            return j
        if not opened and j > i:
            break
    raise Unreadable("a header the recipe cannot read")


def _block_end(m: list[str], i: int) -> int:
    """Line of the `}` closing the `{` that ends line I."""
    depth = 0
    for j in range(i, len(m)):
        line = m[j] if j > i else m[j][m[j].rfind("{"):]
        for c in line:
            depth += {"{": 1, "}": -1}.get(c, 0)
            if depth == 0:
                return j
    raise Unreadable("an unbalanced block")


def _statement_end(m: list[str], i: int) -> int:
    """Last line of the simple statement starting at line I (ends with `;` outside parentheses)."""
    if re.match(r"\s*(?:if|for|while|do|switch|else)\b", m[i]) or m[i].strip().startswith("{"):
        raise Unreadable("an unbraced body that is itself a compound statement")
    depth = 0
    for j in range(i, len(m)):
        for c in m[j]:
            depth += {"(": 1, ")": -1, "{": 1, "}": -1}.get(c, 0)
        if depth == 0 and m[j].rstrip().endswith(";"):
            return j
    raise Unreadable("a body without an end")


def chain(m: list[str], start: int) -> list[Branch]:
    """The branches of the if/else chain (or the loop) whose header starts at line START of masked
    lines M (0-based)."""
    out: list[Branch] = []
    i = start
    while True:
        h_end = _header_end(m, i)
        tail = m[h_end].rstrip()
        if tail.endswith("{"):
            close = _block_end(m, h_end)
            out.append(Branch((i, h_end), (h_end + 1, close - 1), True, close))
            after = m[close].strip()[1:].strip()
            if after.startswith("else"):
                i = close
                continue
            if after:
                raise Unreadable("code after a closing brace")
            nxt = close + 1
        else:
            if not (tail.endswith(")") or tail.endswith("else")):
                raise Unreadable("a header followed by code on its line")
            b_end = _statement_end(m, h_end + 1)
            out.append(Branch((i, h_end), (h_end + 1, b_end), False, b_end))
            nxt = b_end + 1
        if nxt < len(m) and re.match(r"\s*else\b", m[nxt]) and re.match(r"\s*if\b", m[start]):
            i = nxt
            continue
        return out


def braced(src: list[str], branches: list[Branch]) -> list[str]:
    """The lines of the chain (SRC: the file's lines) with every branch braced, `} else {` style."""
    indent = E.indent_of(src[branches[0].head[0]])
    out: list[str] = []
    for n, br in enumerate(branches):
        head = src[br.head[0]:br.head[1] + 1]
        head[0] = indent + re.sub(r"^\}\s*", "", head[0].strip())
        if n:
            head[0] = indent + "} " + head[0].strip()
        last = head[-1].rstrip()
        if last.endswith("{"):
            last = last[:-1].rstrip()
        head[-1] = last + " {"
        out += head
        out += src[br.body[0]:br.body[1] + 1]
    out.append(indent + "}")
    return out


def _chain_start(m: list[str], line: int, lowest: int) -> int | None:
    """The line (1-based) of the `if` whose chain holds the `else` at LINE."""
    indent = E.indent_of(m[line - 1])
    for n in range(line - 1, lowest, -1):
        if E.indent_of(m[n - 1]) == indent and re.match(r"\s*if\b", m[n - 1]):
            try:
                branches = chain(m, n - 1)
            except Unreadable:
                return None
            return n if any(br.head[0] == line - 1 for br in branches) else None
    return None


# "braces around the for body", "the loop", "the while": the comment names a loop
_LOOP_WORDS = re.compile(r"\b(?:for|while)\s+(?:body|loop|statement|block)\b|\bloops?\b|\bthe\s+while\b", re.I)


def _loop_named(comment: str, m: list[str], heads: list[int]) -> int | None:
    """Of several HEADS (lines, nearest to the comment first), the one loop when COMMENT names a loop ("Curly
    braces around the multi-line for body" over a `for` whose body is an unbraced `if`); None otherwise."""
    if len(heads) < 2 or not _LOOP_WORDS.search(" ".join(comment.split())):
        return None
    loops = [n for n in heads if re.match(r"\s*(?:for|while)\b", m[n - 1])]
    return loops[0] if len(loops) == 1 else None


def _not_nested(m: list[str], heads: list[int]) -> int:
    """The head nearest to the comment, HEADS[0]; Manual when it is the unbraced body of another quoted head
    (`for (...)` over `if (x)` over `count++;`): which of the two gets the braces the comment does not say."""
    for outer in heads[1:]:
        h_end = _header_end(m, outer - 1)
        if not m[h_end].rstrip().endswith("{") and h_end + 1 == heads[0] - 1:
            raise Manual(f"the quoted `{m[heads[0] - 1].strip()}` is the unbraced body of "
                         f"`{m[outer - 1].strip()}` (line {outer}): which of them gets the braces is for the author")
    return heads[0]


@dataclass(frozen=True)
class AddBracesParams(InFunction):
    old: list[str]               # the lines of the statement as they are
    new: list[str]               # the same lines with the braces


class AddBraces(LinesEdit[AddBracesParams]):
    kind = "add-braces"
    order = Phase.BRACES
    notes = ("Kernel style: when one branch of an if/else chain has braces, all of them do.",
             "SmPL cannot add braces without re-printing the bodies.")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AddBracesParams] | None:
        asked = E.has_any(s.comment, BRACE_WORDS) or re.search(r"\}\s*else\s*\{", s.comment) is not None or \
            E.has_any(s.comment, SYMMETRY) and E.has_any(s.comment, ("else", "branch", "branches")) \
            and not E.named_identifiers(s.comment) and not E.reviewer_code(s)   # "call x() there too, for symmetry"
        if not asked or not_wanted(s.comment):
            return None
        fn, first, last, m, src = E.quoted_lines(s, ctx)
        heads = []
        for n in range(last, first - 1, -1):                     # nearest to the comment first
            if re.match(r"\s*(?:if|for|while)\b", m[n - 1]):
                heads.append(n)
            elif re.match(r"\s*(?:\}\s*)?else\b", m[n - 1]):
                top = _chain_start(m, n, fn.body_start)          # an else belongs to the if above it
                if top is not None:
                    heads.append(top)
        if not heads:
            # the quote may be the body: the header is the line above it
            above = first - 1
            while above > fn.body_start and not m[above - 1].strip():
                above -= 1
            if re.match(r"\s*(?:if|for|while)\b", m[above - 1]):
                heads = [above]
        if not heads:
            raise Manual("the comment asks for braces but the quote holds no if, for or while")
        start = heads[-1] if len(heads) > 1 and E.has_any(s.comment, ("first", "outer")) else \
            _loop_named(s.comment, m, heads) or _not_nested(m, heads)
        # an `else if` line belongs to the chain of the `if` above it
        try:
            branches = chain(m, start - 1)
        except Unreadable as e:
            raise Manual(f"cannot add braces safely: {e}") from None
        if branches[-1].end + 1 > fn.end:
            raise Manual("the statement runs past the end of the function")
        if all(br.braced for br in branches):
            raise Manual("every branch of the quoted statement has braces already")
        old = src[branches[0].head[0]:branches[-1].end + 1]
        new = braced(src, branches)
        if norm(mask("\n".join(new)).replace("{", " ").replace("}", " ")) != \
                norm(mask("\n".join(old)).replace("{", " ").replace("}", " ")):
            raise Manual("adding the braces would change more than the braces")
        what = "if/else" if len(branches) > 1 else m[start - 1].split("(")[0].strip()
        return Plan(self.kind, slug=f"{what.replace('/', '-')}-braces", order=self.order, files=[ctx.path],
                    params=AddBracesParams(fn.name, old=old, new=new),
                    summary=f"Add braces to the {what} in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[AddBracesParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the statement has no braces afterwards"
        if before != after and _without_braces(before) != _without_braces(after):
            return "more than braces changed"
        return ""

    def title(self, plan: Plan[AddBracesParams]) -> str:
        return f"Add braces in {plan.params.function}()"


def _without_braces(text: str) -> str:
    """TEXT's code, normalized, with its braces gone: what adding braces must leave unchanged."""
    return norm(mask(text).replace("{", " ").replace("}", " "))


RECIPE = AddBraces()
