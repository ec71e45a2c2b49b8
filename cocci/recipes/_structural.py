"""Small structural readings of C text shared by the drop/swap/wrap recipes: casts, ternaries and `if`
conditions, each with the tree line it starts on (calls and their arguments are ctext.calls).

Everything works on the masked text (comments and literals blanked, lengths kept), so offsets found
there index the real text too.  Nothing here decides what a review asks for.
"""
from __future__ import annotations

import re
from abc import abstractmethod
from dataclasses import dataclass
from typing import TypeVar

from cocci.recipe import Manual, Params, Plan, Recipe
from patches.ctext import Span, closing, line_of, mask, norm, offset_of_line, trimmed
from patches.model import Suggestion

# "X does not require Y", "the typecast is not necessary", "no need for the cast", "drop the U"
DROP_WORDS = ("drop", "dropping", "remove", "removing", "delete", "get rid", "no need", "not needed",
              "needless", "unneeded", "unnecessary", "not necessary", "isn't necessary", "superfluous",
              "redundant", "pointless", "useless", "not required", "does not require", "doesn't require",
              "do not require", "don't require", "does not need", "doesn't need", "don't need",
              "do not need", "is not useful", "without the", "can go", "can be dropped", "can be removed")


_CAST = re.compile(r"\(\s*((?:(?:const|volatile|unsigned|signed|struct|union|enum)\s+)*[A-Za-z_]\w*"
                   r"(?:\s+(?:int|long|char|short))*(?:\s+long)?\s*\**)\s*\)\s*(?=[A-Za-z_(&*])")
_TYPE_WORDS = frozenset("""char short int long unsigned signed bool void float double const volatile struct
union enum size_t ssize_t loff_t u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 __s32 __s64
uintptr_t intptr_t ino_t off_t pgoff_t dma_addr_t phys_addr_t resource_size_t __le16 __le32 __le64
__be16 __be32 __be64 umode_t gfp_t uid_t gid_t pid_t""".split())


@dataclass(frozen=True)
class Cast:
    type: str           # "unsigned long", normalized
    span: Span          # the parenthesised type, "(unsigned long)"
    operand: Span       # the expression cast: an identifier, a member access or a call


def casts(text: str, first: int, last: int) -> list[Cast]:
    """The casts `(type)operand` on lines FIRST..LAST whose type is a known C/kernel type word (or ends in
    `_t` or `*`), so that `(x) y` cannot be mistaken for one; OPERAND is a primary expression with its
    postfix part (`ino`, `p->len`, `f(x)`, `a[i]`)."""
    m = mask(text)
    lo, hi = offset_of_line(text, first), offset_of_line(text, last + 1)
    out: list[Cast] = []
    for mt in _CAST.finditer(m, lo, hi):
        before = re.search(r"(\w+|[)\]])\s*$", m[max(0, mt.start() - 40):mt.start()])
        if before and before.group(1) not in ("return", "case"):
            continue                # `f (x) y`, `sizeof (int)` or `a) (b)`: not a cast
        t = " ".join(mt.group(1).replace("*", " * ").split())
        words = [w for w in t.split() if w != "*"]
        if not (all(w in _TYPE_WORDS for w in words) or words[-1].endswith("_t") or "*" in t
                or (len(words) == 2 and words[0] in ("struct", "union", "enum"))):
            continue
        a = mt.end()
        b = _operand_end(m, a)
        if b <= a:
            continue
        out.append(Cast(t, Span(mt.start(), mt.end(), line_of(text, mt.start())),
                        Span(a, b, line_of(text, a))))
    return out


def _operand_end(m: str, a: int) -> int:
    i = a
    while i < len(m) and m[i] in "&*":
        i += 1
    if i < len(m) and m[i] == "(":
        c = closing(m, i)
        return c + 1 if c > 0 else a
    mt = re.match(r"[A-Za-z_]\w*", m[i:])
    if not mt:
        return a
    i += mt.end()
    while True:
        rest = m[i:]
        acc = re.match(r"\s*(->|\.)\s*[A-Za-z_]\w*", rest)
        if acc:
            i += acc.end()
            continue
        br = re.match(r"\s*[(\[]", rest)
        if br:
            c = closing(m, i + br.end() - 1)
            if c < 0:
                return a
            i = c + 1
            continue
        return i


@dataclass(frozen=True)
class Ternary:
    cond: Span
    yes: Span
    no: Span


def ternaries(text: str, first: int, last: int) -> list[Ternary]:
    """`c ? a : b` on lines FIRST..LAST whose branches contain no further `?` (the simple ones)."""
    m = mask(text)
    lo, hi = offset_of_line(text, first), offset_of_line(text, last + 1)
    out: list[Ternary] = []
    for q in (i for i in range(lo, hi) if m[i] == "?"):
        left = _expr_bound(m, q, -1)
        colon = _find_top(m, q + 1, ":")
        if colon < 0:
            continue
        right = _expr_bound(m, colon, +1)
        yes, no = trimmed(text, q + 1, colon), trimmed(text, colon + 1, right)
        cond = trimmed(text, left, q)
        if "?" in m[yes.start:yes.end] or "?" in m[no.start:no.end] or not cond.of(text).strip():
            continue
        out.append(Ternary(cond, yes, no))
    return out


def _find_top(m: str, a: int, ch: str) -> int:
    depth = 0
    for i in range(a, len(m)):
        c = m[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return -1
            depth -= 1
        elif c == ch and depth == 0:
            return i
        elif c in ";," and depth == 0:
            return -1
    return -1


def _expr_bound(m: str, at: int, step: int) -> int:
    """Where the operand of `?`/`:` at AT ends, walking STEP-wise: at an unmatched bracket, a top-level
    `,` `;` `=` (assignment) or `return`."""
    depth = 0
    i = at + step
    while 0 <= i < len(m):
        c = m[i]
        if (c in ")]}" and step > 0) or (c in "([{" and step < 0):
            if depth == 0:
                return i if step > 0 else i + 1
            depth -= 1
        elif (c in "([{" and step > 0) or (c in ")]}" and step < 0):
            depth += 1
        elif depth == 0 and (c in ",;" or (c == "=" and m[i - 1] not in "=!<>" and m[i + 1] != "=")):
            return i if step > 0 else i + 1
        elif depth == 0 and step < 0 and re.match(r"\breturn\b", m[i:i + 7]) and \
                (i == 0 or not (m[i - 1].isalnum() or m[i - 1] == "_")):
            return i + 6
        i += step
    return i if step > 0 else 0


@dataclass(frozen=True)
class IfCond:
    keyword: Span       # the `if`
    cond: Span          # what is inside the parentheses


def if_conditions(text: str, first: int, last: int) -> list[IfCond]:
    """The `if (...)` conditions that start on lines FIRST..LAST."""
    m = mask(text)
    lo, hi = offset_of_line(text, first), offset_of_line(text, last + 1)
    out: list[IfCond] = []
    for mt in re.finditer(r"\bif\s*\(", m[lo:hi]):
        open_at = lo + mt.end() - 1
        close = closing(m, open_at)
        if close < 0:
            continue
        k = lo + mt.start()
        out.append(IfCond(Span(k, k + 2, line_of(text, k)), trimmed(text, open_at + 1, close)))
    return out


P = TypeVar("P", bound=Params)


class ExpectedEdit(Recipe[P]):
    """A recipe whose rule must give exactly the text ``expected()`` computes from the file before it:
    verified token by token, so that a rule that did more (or other) than the one edit is rolled back."""

    @abstractmethod
    def expected(self, plan: Plan[P], text: str) -> str:
        """TEXT as the rule must leave it; Manual when the edit cannot be found in TEXT."""

    @abstractmethod
    def is_applied(self, s: Suggestion, plan: Plan[P], text: str) -> bool:
        """Whether TEXT has the effect already."""

    @abstractmethod
    def overreach(self, plan: Plan[P]) -> str:
        """Why a rule whose result is not the expected text is refused ("the rule changed more than ...")."""

    def verify(self, s: Suggestion, plan: Plan[P], before: str, after: str) -> str:
        if before == after:
            return "" if self.is_applied(s, plan, after) else "nothing changed"
        try:
            want = self.expected(plan, before)
        except Manual as e:
            return str(e)
        return "" if norm(want) == norm(after) else self.overreach(plan)
