"""Move a statement under the lock: "this has to be read with the lock held, move it under the lock"
on a quoted statement right before the lock is taken (or right after it is dropped).

Evidence: words for the lock being held ("under the lock", "with async_lock held", "inside the
mutex", "holding the lock") and a wish to move ("move", "has to be", "should be", ...); one quoted
statement S (an assignment or a call, no declaration or control flow) and, in the same block of the
anchored function, a lock call L (`spin_lock_irqsave()`, `mutex_lock()`, `down_read()`, ...) after S
or an unlock call before S, with only statements between that share no name with S.  S moves to
right after L (or right before the unlock); the statements between keep their order.  Anything else
(S in a nested block, no lock call next to it, several statements quoted) is left to people.

A verified text edit: the lines from S to L become the lines between, L, then S.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.ctext import Stmt, is_declaration, mask
from patches.model import Suggestion

_HELD = re.compile(r"\b(?:under|inside|within|with)\s+(?:the\s+)?(?:[\w>.-]+\s+)?(?:lock|mutex|spinlock|"
                   r"semaphore|rwsem|sem|[A-Za-z_]\w*lock)\b|\b(?:hold|holds|holding|held)\b.{0,40}\b(?:lock|mutex)|"
                   r"\b(?:lock|mutex|[A-Za-z_]\w*lock)\s+held\b", re.I)
_MOVE = re.compile(r"\b(?:move|moved|moving|has to|have to|needs? to|should|must|belongs?)\b", re.I)
_LOCK = re.compile(r"(?:[a-z0-9]+_)*lock(?:_(?:irq|irqsave|bh|nested|interruptible|killable|irqsave_nested))?"
                   r"|(?:percpu_)?down_(?:read|write)(?:_\w+)?")
_UNLOCK = re.compile(r"(?:[a-z0-9]+_)*unlock(?:_(?:irq|irqrestore|bh))?|(?:percpu_)?up_(?:read|write)")
_CONTROL = re.compile(r"\b(?:return|goto|break|continue)\b|^\s*[A-Za-z_]\w*\s*:(?!:)", re.M)


def _call_name(st: Stmt) -> str:
    """The function a statement that is one call (`spin_lock(&l);`) calls, else ""."""
    m = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*\((?s:.*)\)\s*;\s*", mask(st.code))
    return m.group(1) if m else ""


def _movable(st: Stmt) -> bool:
    code = mask(st.code).strip()
    return code.endswith(";") and not _CONTROL.search(code) and not is_declaration(code) and \
        not re.match(r"(?:if|for|while|do|switch)\b", code)


def _written(st: Stmt) -> set[str]:
    """The names a statement may change: the name or member it assigns (`x =`, `p->m +=`, `x++`),
    a variable whose address it passes (`&x`), and the plain names a call passes (a macro such as
    spin_lock_irqsave() assigns its `flags` argument)."""
    code = mask(st.code)
    out = set(re.findall(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?(?:[-+*/%&|^]|<<|>>)?=(?!=)", code))
    out |= set(re.findall(r"([A-Za-z_]\w*)\s*(?:\+\+|--)", code))
    out |= set(re.findall(r"(?:\+\+|--)\s*(?:[A-Za-z_]\w*\s*(?:->|\.)\s*)*([A-Za-z_]\w*)", code))
    out |= set(re.findall(r"&\s*([A-Za-z_]\w*)\b(?!\s*(?:->|\.|\[))", code))
    call = re.fullmatch(r"\s*[A-Za-z_]\w*\s*\((?P<args>(?s:.*))\)\s*;\s*", code)
    if call:
        out |= {a.strip() for a in call.group("args").split(",") if re.fullmatch(r"\s*[A-Za-z_]\w*\s*", a)}
    return out


@dataclass(frozen=True)
class MoveUnderLockParams(InFunction):
    old: list[str]               # the lines from the statement to the lock call (or from the unlock)
    new: list[str]               # the same lines in their new order
    line: int                    # where OLD starts


class MoveUnderLock(LinesEdit[MoveUnderLockParams]):
    kind = "move-under-lock"
    order = Phase.MOVES

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[MoveUnderLockParams] | None:
        if not (_HELD.search(s.comment) and _MOVE.search(s.comment)) or E.reviewer_code(s):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        body = E.statements(ctx.text, fn.body_start, fn.end)
        quoted = [st for st in body if first <= st.start and st.end <= last]
        movable = [st for st in quoted if _movable(st) and not _LOCK.fullmatch(_call_name(st))
                   and not _UNLOCK.fullmatch(_call_name(st))]
        if not movable:
            raise Manual("no quoted statement of the function's own block to move under the lock")
        if len(movable) > 1:
            raise Manual("several quoted statements: which one goes under the lock is unclear")
        st = movable[0]
        i = body.index(st)
        after = next((j for j in range(i + 1, len(body)) if _LOCK.fullmatch(_call_name(body[j]))), None)
        before = next((j for j in range(i - 1, -1, -1) if _UNLOCK.fullmatch(_call_name(body[j]))), None)
        if after is not None and self._apart(st, body[i + 1:after], body[after]):
            moved = body[i + 1:after + 1] + [st]
            span = (st.start, body[after].end)
        elif before is not None and self._apart(st, body[before + 1:i], body[before]):
            moved = [st] + body[before:i]
            span = (body[before].start, st.end)
        else:
            raise Manual("the quoted statement is not next to a lock or unlock call of its block (or the "
                         "statements between use the same names)")
        src = ctx.text.splitlines()
        old = src[span[0] - 1:span[1]]
        new = [ln for m in moved for ln in m.lines]
        if len(new) != len([ln for ln in old if ln.strip()]):
            raise Manual("comments or blank lines between the statement and the lock call")
        what = " ".join(st.code.split()).rstrip(";")
        return Plan(self.kind, slug=(E.identifiers(st.code) or ["statement"])[0].lower(), order=self.order,
                    files=[ctx.path], params=MoveUnderLockParams(fn.name, old=old, new=new, line=span[0]),
                    summary=f"Move {what} under the lock in {fn.name}()")

    @staticmethod
    def _apart(st: Stmt, between: list[Stmt], lock: Stmt) -> bool:
        """Whether ST can pass the statements BETWEEN and the LOCK call: it shares no name with the
        former, and neither it nor the lock call writes a name the other one uses."""
        names = set(E.identifiers(st.code))
        if any(names & set(E.identifiers(b.code)) for b in between):
            return False
        lock_names = set(E.identifiers(lock.code))
        return not (_written(st) & lock_names) and not (_written(lock) & names)

    def overreach(self, plan: Plan[MoveUnderLockParams]) -> str:
        return "the edit changed more than the statement and the lock call"


RECIPE = MoveUnderLock()
