"""Drop needless parentheses on the quoted lines: "Unneeded parentheses.", "No need for the parens",
"drop the extra brackets".

Evidence: the comment speaks of parentheses (parens, parentheses, brackets that are not square or
curly) with a word that calls them needless, and the quoted lines hold parentheses that change
nothing: around the whole value of an assignment or initializer (`x = (a + b);`), around the whole
operand of `return` (`return (ret);`), a second pair around a whole condition (`if ((a > b))`), or
around a whole argument of a function call (`f(dev, ((v >> 8) & 0xff))`; not of an upper-case macro), or
around a lone call of a function (`if ((f(x)) != 2)`; not of an upper-case macro).
Parentheses around a comma expression (`x = (a, b);`) or around an assignment used as a condition
(`if ((x = f()))`, kept on purpose against the compiler's warning) are not needless and stay.

A verified text edit of the quoted lines: the same tokens less those parentheses.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _style as St
from patches.ctext import Function, mask, norm, statements, top_level
from patches.model import Suggestion

_PARENS = re.compile(r"\b(?:parens?|parenthes[ie]s|parenthesis|(?<!square )(?<!curly )brackets?)\b", re.I)
_NEEDLESS = re.compile(r"\b(?:no\s+need|not\s+needed|unneeded|unnecessary|needless|redundant|superfluous|"
                       r"pointless|useless|extra|too\s+many|drop|remove|get\s+rid\s+of|don['’]?t\s+need)\b", re.I)


def asks(comment: str) -> bool:
    """Whether COMMENT calls parentheses needless."""
    t = " ".join(comment.split())
    return bool(_PARENS.search(t) and _NEEDLESS.search(t))


def _close(m: str, i: int) -> int | None:
    """Offset of the `)` that closes the `(` at offset I of masked text M."""
    depth = 0
    for j in range(i, len(m)):
        depth += {"(": 1, ")": -1}.get(m[j], 0)
        if depth == 0:
            return j
    return None


def _top_level(m: str, chars: str) -> bool:
    """Whether masked text M holds one of CHARS outside any brackets."""
    for k in top_level(m):
        c = m[k]
        if c in chars and not (c == "=" and (m[k + 1:k + 2] == "=" or m[k - 1:k] in "=!<>")):
            return True
    return False


def needless(m: str) -> list[tuple[int, int]]:
    """Offsets of the `(` and `)` pairs in masked code M that change nothing (see the module docstring)."""
    out = []
    for x in re.finditer(r"(?:(?<![=!<>])=(?!=)|\breturn\b)\s*\(", m):
        i = x.end() - 1
        j = _close(m, i)
        if j is None or not re.match(r"\s*;", m[j + 1:]) or _top_level(m[i + 1:j], ","):
            continue
        out.append((i, j))
    for x in re.finditer(r"\b(?:if|while)\s*\(\s*\(", m):
        outer = m.index("(", x.start())
        i = x.end() - 1
        j = _close(m, i)
        oj = _close(m, outer)
        if j is None or oj is None or m[j + 1:oj].strip() or _top_level(m[i + 1:j], "=,"):
            continue
        out.append((i, j))
    out += _whole_arguments(m)
    out += [pair for pair in _around_a_call(m) if pair not in out]
    return out


def _around_a_call(m: str) -> list[tuple[int, int]]:
    """The `(` and `)` pairs in masked code M around a lone call of a function, an operand of its own
    (`if ((f(x)) != 2)`): nothing binds tighter than the call.  Not around a macro (upper case, whose
    expansion may need them), nor a pair that is a call's, a cast's or a subscript's own."""
    out = []
    for x in re.finditer(r"\(", m):
        i = x.start()
        before = m[:i].rstrip()
        if before and (before[-1].isalnum() or before[-1] in "_)]"):
            continue                    # the parenthesis of a call, `sizeof (`, or a cast's operand
        j = _close(m, i)
        inner = m[i + 1:j].strip() if j is not None else ""
        call = re.fullmatch(r"([a-z_]\w*)\s*\(", inner[:inner.find("(") + 1]) if "(" in inner else None
        if j is None or call is None or call.group(1) in ("sizeof", "typeof", "__typeof__", "_Generic") or \
                _close(inner, inner.find("(")) != len(inner) - 1:
            continue
        out.append((i, j))
    return out


def _callee(m: str, i: int) -> str:
    """The name before the `(` that encloses offset I of masked code M, '' when none does."""
    depth = 0
    for k in range(i - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(m[k], 0)
        if depth < 0:
            found = re.search(r"([A-Za-z_]\w*)\s*$", m[:k])
            return found.group(1) if found else ""
    return ""


def _whole_arguments(m: str) -> list[tuple[int, int]]:
    """The `(` and `)` pairs in masked code M around a whole argument of a function call
    (`f(dev, (v >> 8) & 0xff)` keeps its pair; `f(dev, ((v >> 8) & 0xff))` loses the outer one).  An
    argument of an upper-case callee (a macro, which may paste it unparenthesized), a comma or an
    assignment inside, or a pair that is a cast, stays."""
    out = []
    for x in re.finditer(r"[(,]\s*\(", m):
        i = x.end() - 1
        j = _close(m, i)
        if j is None or not re.match(r"\s*[,)]", m[j + 1:]) or _top_level(m[i + 1:j], "=,"):
            continue
        name = _callee(m, i)
        if name and not name.isupper() and name not in ("if", "while", "for", "switch", "return", "sizeof"):
            out.append((i, j))
    return out


def kind(m: str, i: int) -> str:
    """What the needless `(` at offset I of masked code M encloses: a returned value, an assigned value, a
    whole argument or a condition."""
    before = m[:i].rstrip()
    return "return" if re.search(r"\breturn$", before) else "value" if before.endswith("=") else \
        "argument" if before.endswith(",") or re.search(r"\b(?!if\b|while\b)[A-Za-z_]\w*\s*\($", before) else \
        "condition"


def dropped(text: str, pairs: list[tuple[int, int]]) -> list[str] | None:
    """The lines of TEXT without the parentheses PAIRS; None when that would change more than them.  A
    continuation line aligned under the first character inside a dropped `(` moves one column left with it."""
    drop = {k for pair in pairs for k in pair}
    new_text = "".join(c for k, c in enumerate(text) if k not in drop)
    before, after = Counter(norm(mask(text)).split()), Counter(norm(mask(new_text)).split())
    if before - after != Counter({"(": len(pairs), ")": len(pairs)}) or after - before:
        return None
    old_lines, new_lines = text.split("\n"), new_text.split("\n")
    for o, c in pairs:
        row, close_row = text.count("\n", 0, o), text.count("\n", 0, c)
        col = St.column_at(old_lines[row], o - (text.rfind("\n", 0, o) + 1))
        for k in range(row + 1, close_row + 1):
            ln = new_lines[k]
            body = ln.lstrip()
            if body and St.width(ln[:len(ln) - len(body)]) == col + 1:
                new_lines[k] = St.indent_to(col, not ln.startswith(" ")) + body
    return new_lines


def _below(text: str, fn: Function, last: int, kinds: set[str]) -> tuple[dict[int, str], tuple[int, ...], list[str]]:
    """The lines of the statements of FN after line LAST (the quote's last) that "same below" changes, as
    they become: each statement's needless parentheses of KINDS (those the quote had) dropped; the first
    lines of those statements; and the statements it leaves, each with why."""
    took: dict[int, str] = {}
    starts: list[int] = []
    kept: list[str] = []
    for st in statements(text, last + 1, fn.end - 1):
        code = "\n".join(st.lines)
        m = mask(code)
        pairs = [pair for pair in needless(m) if kind(m, pair[0]) in kinds]
        if not pairs:
            continue
        new = dropped(code, pairs)
        if new is None:
            kept.append(f"the statement on line {st.start}: dropping the parentheses would change more than them")
            continue
        took.update(zip(range(st.start, st.end + 1), new, strict=True))
        starts.append(st.start)
    return took, tuple(starts), kept


@dataclass(frozen=True)
class DropParensParams(InFunction):
    old: list[str]               # the quoted lines as they are
    new: list[str]               # the same without the needless parentheses
    line: int                    # where they start
    # "Same below.": the first lines of the later statements whose like parentheses go too (OLD/NEW run to
    # the last of them); None when not asked
    later: tuple[int, ...] | None = None
    kept: tuple[str, ...] = ()   # the like statements after the quote "same below" leaves, and why

    def reach_below(self) -> int | None:
        return None if self.later is None else len(self.later)

    def left_to_author(self) -> str:
        return "; ".join(self.kept)


class DropParens(LinesEdit[DropParensParams]):
    kind = "drop-parens"
    takes_away = True           # a doubting question may ask for it
    # an edit inside one statement, like const on a local
    order = Phase.QUALIFIERS
    # "unneeded parentheses" is about the parentheses, not about the variable they enclose
    supersedes = ("drop-variable", "remove-statements")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropParensParams] | None:
        if not asks(s.comment) or E.reviewer_code(s):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        src = ctx.text.splitlines()
        old = src[first - 1:last]
        text = "\n".join(old)
        m = mask(text)
        pairs = needless(m)
        if not pairs:
            raise Manual("the comment calls parentheses needless, but the quoted lines hold none that "
                         "change nothing (around a whole value, a returned value or a condition)")
        new = dropped(text, pairs)
        if new is None:
            raise Manual("dropping the parentheses would change more than the parentheses")
        if len(T.find_lines(src, old, fn.start - 1, fn.end)) > 1:
            raise Manual(f"the quoted line stands {len(T.find_lines(src, old, fn.start - 1, fn.end))} times in "
                         f"{fn.name}(): an edit of one of them cannot be told from the others")
        later: tuple[int, ...] | None = None
        kept: list[str] = []
        if E.same_below_only(s.comment):
            # "Same below.": the later statements of the function with needless parentheses of the kinds
            # the quote had (around a returned value, an assigned value, a condition), each checked as it
            took, later, kept = _below(ctx.text, fn, last, {kind(m, i) for i, _ in pairs})
            if took:
                upto = max(took)
                old = src[first - 1:upto]
                new = [*new, *(took.get(n, src[n - 1]) for n in range(last + 1, upto + 1))]
        return Plan(self.kind, slug="parens", order=self.order, files=[ctx.path],
                    params=DropParensParams(fn.name, old=old, new=new, line=first, later=later, kept=tuple(kept)),
                    summary=f"Drop needless parentheses in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DropParensParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the parentheses are still there"


RECIPE = DropParens()
