"""A lock/unlock pair becomes a lock guard of <linux/cleanup.h>: "use guard(mutex)(&st->lock) here",
"scoped_guard() would be simpler", "We have scoped_guard(mutex, &adc->lock) for this now".

Evidence: the comment names `guard` or `scoped_guard` (as a call, or "lock guard"), and the quoted
lines hold one plain lock call of a kind that has a guard (`mutex_lock(&l);`: mutex,
`spin_lock(&l);`: spinlock, `spin_lock_irq()`: spinlock_irq, `spin_lock_bh()`: spinlock_bh) or its
unlock.  The pair is the lock and the first unlock of the same lock after it in the same block; the
statements between hold no return, goto, break, continue, label or case, no other lock or unlock of
it, and (for scoped_guard(), whose body becomes a block of its own) no declaration.

  - guard(): only when the unlock is the last thing its block does (the block's last statement, or
    followed only by `return V;` of a plain name or constant, which then reads V with the lock still
    held and calls nothing): `mutex_lock(&l);` becomes `guard(mutex)(&l);` and the unlock goes.
  - scoped_guard(): the lock line becomes `scoped_guard(mutex, &l)`, the statements between go one
    tab deeper (in braces when there are several), and the unlock goes.

A guard asked for where the unlock is followed by more code, an irqsave lock (its flags variable
would go too), a lock taken in one block and dropped in another, or anything else is manual, saying
which.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._guard_exits import guard_exits, scoped_exits
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.ctext import Function, function_named, is_declaration, mask
from patches.model import Suggestion

# lock call -> (its unlock, the guard's class)
LOCKS = {"mutex_lock": ("mutex_unlock", "mutex"), "spin_lock": ("spin_unlock", "spinlock"),
         "spin_lock_irq": ("spin_unlock_irq", "spinlock_irq"), "spin_lock_bh": ("spin_unlock_bh", "spinlock_bh")}
_ASKED = re.compile(r"\b(scoped_guard|guard)\s*\(|\b(scoped_guard)\b|\block\s+guards?\b|\bguards?\s+(?:from|of|in)\s+"
                    r"(?:<?linux/)?cleanup\b|\bcleanup(?:\.h)?\s+(?:lock\s+)?guards?\b", re.I)
_NOT_WANTED = re.compile(r"\b(?:don['’]?t|do\s+not|wouldn['’]?t|would\s+not|shouldn['’]?t|should\s+not|no\s+need|"
                         r"not\s+(?:use|needed)|avoid|rather\s+not|without|"
                         r"instead\s+of\s+(?:a\s+|the\s+)?(?:scoped_)?guard)\b[^.?!]{0,30}\b(?:scoped_)?guard", re.I)
_CALL = re.compile(r"^\s*([a-z_]+)\s*\(\s*(&[^;]*?)\s*\)\s*;\s*$")
_JUMP = re.compile(r"\b(?:return|goto|break|continue)\b|^\s*(?:case\b[^:]*|default|[A-Za-z_]\w*)\s*:(?!:)")
_PLAIN = re.compile(r"(?:-?\s*\w+|[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)")


@dataclass(frozen=True)
class LockGuardParams(InFunction):
    old: list[str]               # the lines from the lock call to the unlock
    new: list[str]               # with the guard
    line: int                    # where the lock call stands
    form: str                    # "guard" or "scoped_guard"
    lock: str                    # "&st->lock"
    exits: bool = False          # guard() over early ways out too (their unlocks and gotos gone)


def written_guard(comment: str) -> tuple[str, str] | None:
    """(class, lock) of the guard COMMENT writes out (`guard(mutex)(&st->lock)`, `scoped_guard(mutex,
    &st->lock)`), None when it writes none with its lock."""
    m = re.search(r"\bguard\s*\(\s*(\w+)\s*\)\s*\(\s*([^()]*(?:\([^()]*\))?[^()]*?)\s*\)", comment) or \
        re.search(r"\bscoped_guard\s*\(\s*(\w+)\s*,\s*([^()]*(?:\([^()]*\))?[^()]*?)\s*\)", comment)
    return (m.group(1), " ".join(m.group(2).split())) if m else None


# a reviewer's code line that is a guard and nothing else: `guard(mutex)(&st->lock);`, `scoped_guard(mutex, &l) {`
_GUARD_LINE = re.compile(r"\s*(?:guard\s*\(\s*\w+\s*\)\s*\(.*\)\s*;|scoped_guard\s*\(.*\)\s*\{?)\s*")


def asked_in(s: Suggestion) -> str:
    """The words that ask for the guard: the comment, with the reviewer's code when that is one guard line
    alone (a mail puts code written on a line of its own apart from the prose around it)."""
    if len(s.code) == 1 and _GUARD_LINE.fullmatch(s.code[0]):
        return f"{s.comment}\n{s.code[0]}"
    return s.comment


def asked_form(comment: str) -> str:
    """"scoped_guard" or "guard" when COMMENT asks for a lock guard, '' otherwise."""
    text = " ".join(comment.split())
    if _NOT_WANTED.search(text):
        return ""
    found = {(m.group(1) or m.group(2) or "guard").lower() for m in _ASKED.finditer(text)}
    if not found:
        return ""
    return "scoped_guard" if found == {"scoped_guard"} else "guard" if found == {"guard"} else "either"


def _depths(masked: list[str]) -> list[int]:
    """The brace depth at the start of each line."""
    out, d = [], 0
    for ln in masked:
        out.append(d)
        d += ln.count("{") - ln.count("}")
    return out


def _pair(m: list[str], depth: list[int], first: int, last: int, lo: int, hi: int) -> tuple[int, int, str, str]:
    """(lock line, unlock line, lock call, its argument), 1-based, of the pair the quoted lines
    FIRST..LAST hold, within the body lines LO..HI; Manual when there is no such pair."""
    locks = [(n, c.group(1), c.group(2)) for n in range(first, last + 1)
             if (c := _CALL.match(m[n - 1])) and c.group(1) in LOCKS]
    unlocks = [(n, c.group(1), c.group(2)) for n in range(first, last + 1)
               if (c := _CALL.match(m[n - 1])) and c.group(1) in {u for u, _ in LOCKS.values()}]
    if len(locks) > 1:
        raise Manual("the quote takes the lock more than once: which pair becomes a guard is not said")
    if not locks and len(unlocks) == 1:
        n, name, arg = unlocks[0]
        locks = [(k, c.group(1), c.group(2)) for k in range(n - 1, lo - 1, -1)
                 if depth[k - 1] == depth[n - 1] and (c := _CALL.match(m[k - 1])) and c.group(1) in LOCKS
                 and LOCKS[c.group(1)][0] == name and " ".join(c.group(2).split()) == " ".join(arg.split())][:1]
    if not locks and len(unlocks) == 1:
        n, name, arg = unlocks[0]
        raise Manual(f"the quoted {name}({arg}) on line {n} has no lock call of its own block above it (an "
                     "unlock on an early way out): where a guard would drop the lock instead is for the author")
    if not locks:
        raise Manual("the quoted lock call is none of mutex_lock(), spin_lock(), spin_lock_irq(), "
                     "spin_lock_bh() of one lock: its guard (and what else goes with it) is for the author")
    start, name, arg = locks[0]
    unlock = LOCKS[name][0]
    for n in range(start + 1, hi + 1):
        if depth[n - 1] < depth[start - 1]:
            break
        c = _CALL.match(m[n - 1])
        if depth[n - 1] == depth[start - 1] and c and c.group(1) == unlock and \
                " ".join(c.group(2).split()) == " ".join(arg.split()):
            return start, n, name, arg
    raise Manual(f"{unlock}() of {arg} is not in the block that takes the lock: the lock is held past it, "
                 "which a guard would change")


def _quoted_span(s: Suggestion, ctx: CodeContext, fn: Function, m: list[str]) -> tuple[int, int]:
    """The lines of FN the guard is asked of: the quote (the whole quote when it was narrowed to a line of
    an error path that neither calls nor jumps), or the unlock its one `goto` reaches."""
    first, last = E.anchor_range(s, ctx, fn)
    whole = E.whole_quote_in(s, ctx.text, fn)
    if whole and not any(_CALL.match(m[n - 1]) or re.search(r"\bgoto\b", m[n - 1]) for n in range(first, last + 1)):
        first, last = whole
    reached = _unlock_reached(m, first, last, fn.body_start + 1, fn.end - 1)
    return (reached, reached) if reached else (first, last)


def _unlock_reached(m: list[str], first: int, last: int, lo: int, hi: int) -> int:
    """The line of the unlock call that the one `goto L;` of the quoted lines FIRST..LAST reaches (L's
    first statement), when they quote no lock call of their own; 0 otherwise."""
    lines = [m[n - 1] for n in range(first, last + 1)]
    gotos = {g.group(1) for ln in lines if (g := re.search(r"\bgoto\s+(\w+)\s*;", ln))}
    if len(gotos) != 1 or any(_CALL.match(ln) and re.search(r"lock", ln) for ln in lines):
        return 0
    name = gotos.pop()
    label = [n for n in range(lo, hi + 1) if re.fullmatch(rf"\s*{name}\s*:\s*", m[n - 1])]
    at = label[0] + 1 if len(label) == 1 else 0
    while at and at <= hi and not m[at - 1].strip():
        at += 1
    c = _CALL.match(m[at - 1]) if at and at <= hi else None
    return at if c and c.group(1) in {u for u, _ in LOCKS.values()} else 0


def _top_lock(m: list[str], depth: list[int], first: int, last: int, lo: int) -> int:
    """The line of the lock call at the function's top level (line LO's depth) that the quoted lines
    FIRST..LAST take, or whose lock their one unlock drops (the nearest above); 0 when none."""
    calls = [(n, c.group(1), " ".join(c.group(2).split())) for n in range(first, last + 1)
             if (c := _CALL.match(m[n - 1]))]
    locks = [n for n, name, _ in calls if name in LOCKS]
    if locks:
        return locks[0] if len(locks) == 1 and depth[locks[0] - 1] == depth[lo - 1] else 0
    unlocks = {(name, arg) for _, name, arg in calls if name in {u for u, _ in LOCKS.values()}}
    if len(unlocks) != 1:
        return 0
    name, arg = unlocks.pop()
    above = [n for n in range(lo, first) if depth[n - 1] == depth[lo - 1] and (c := _CALL.match(m[n - 1]))
             and c.group(1) in LOCKS and LOCKS[c.group(1)][0] == name and " ".join(c.group(2).split()) == arg]
    return above[-1] if above else 0


def _between_problem(text: str, m: list[str], start: int, end: int, arg: str, scoped: bool) -> str:
    """Why the lines between START and END (lock and unlock) cannot go under a guard; '' when they can."""
    src = text.splitlines()
    for n in range(start + 1, end):
        if _JUMP.search(m[n - 1]):
            return (f"line {n} ({src[n - 1].strip()}) jumps out of the locked part or into it: with a guard the "
                    "lock would be dropped elsewhere than it is now")
        if re.search(rf"\w*lock\w*\s*\(\s*{re.escape(arg)}\s*\)", m[n - 1]):
            return f"line {n} takes or drops {arg} again"
    if scoped:
        for st in E.all_statements(text, start + 1, end - 1):
            if is_declaration(mask(st.code)):
                return (f"line {st.start} declares {st.code.strip()}: inside scoped_guard()'s block it would no "
                        "longer be seen after it")
    return ""


def _after_problem(src: list[str], m: list[str], depth: list[int], start: int, end: int, hi: int) -> str:
    """Why guard() (held to the end of the block) would hold the lock longer than the unlock on line
    END does, or cannot stand where the lock call on line START does; '' when nothing but the block's
    end or a plain `return V;` follows the unlock and the block is no switch."""
    for n in range(start - 1, 0, -1):
        if depth[n - 1] < depth[start - 1]:
            break
        if depth[n - 1] == depth[start - 1] and re.match(r"\s*(?:case\b|default\s*:)", m[n - 1]):
            return "the lock is taken under a case label: a guard there would be a declaration in the switch"
    rest = [n for n in range(end + 1, hi + 2) if m[n - 1].strip()]
    if not rest:
        return ""
    n = rest[0]
    text = m[n - 1].strip()
    if depth[n - 1] < depth[end - 1] or text.startswith("}"):
        return ""
    ret = re.fullmatch(r"return(?:\s+(.+?))?\s*;", text)
    if ret and (ret.group(1) is None or _PLAIN.fullmatch(ret.group(1).strip())) and len(rest) > 1 and \
            m[rest[1] - 1].strip().startswith("}"):
        return ""
    return (f"line {n} ({src[n - 1].strip()}) runs after the unlock: guard() would hold the lock through it; "
            "scoped_guard() "
            "around the locked part, or leaving it, is for the author")


def _later_problem(ctx: CodeContext, function: str, lock_line: str, arg: str, form: str) -> str:
    """Why the guard cannot stand in FUNCTION as the later patches of the series leave CTX's file (a later
    patch adds a statement after the unlock, or a return between lock and unlock), the lock call being
    LOCK_LINE; '' when it can, or they do not touch the function."""
    later = ctx.later_files.get(ctx.path)
    f = function_named(later, function) if later else None
    if later is None or f is None:
        return ""
    src, m = later.splitlines(), mask(later).splitlines()
    at = [n for n in range(f.body_start + 1, min(f.end, len(src)) + 1) if src[n - 1] == lock_line]
    if len(at) != 1:
        return "the lock call is not there as it is here"
    depth = _depths(m)
    try:
        start, end, _, _ = _pair(m, depth, at[0], at[0], f.body_start + 1, f.end - 1)
    except Manual as why:
        return str(why)
    return _between_problem(later, m, start, end, arg, form == "scoped_guard") or \
        (_after_problem(src, m, depth, start, end, f.end - 1) if form == "guard" else "")


def guarded(src: list[str], start: int, end: int, form: str, name: str, arg: str) -> tuple[list[str], list[str]]:
    """(old lines, new lines) from the lock call on line START to the unlock on line END."""
    old = src[start - 1:end]
    indent = E.indent_of(src[start - 1])
    kind = LOCKS[name][1]
    body = src[start:end - 1]
    if form == "guard":
        if body and not body[-1].strip() and end < len(src) and \
                (not src[end].strip() or src[end].strip().startswith("}")):
            body = body[:-1]            # no blank line doubled, or left before the closing brace
        return old, [f"{indent}guard({kind})({arg});", *body]
    while body and not body[0].strip():
        body = body[1:]
    while body and not body[-1].strip():
        body = body[:-1]
    deeper = ["\t" + ln if ln.strip() else ln for ln in body]
    one = len(E.all_statements("\n".join(body), 1, len(body))) == 1 and not re.match(r"\s*(?:if|for|while|do|switch)\b",
                                                                                     body[0] if body else "")
    if one:
        return old, [f"{indent}scoped_guard({kind}, {arg})", *deeper]
    return old, [f"{indent}scoped_guard({kind}, {arg}) {{", *deeper, f"{indent}}}"]


class LockGuard(LinesEdit[LockGuardParams]):
    kind = "lock-guard"
    order = Phase.CALLS
    changed = "the locked lines"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[LockGuardParams] | None:
        asked = asked_in(s)
        form = asked_form(asked)
        if not form or not ctx.text or s.anchor.in_message:
            return None
        fn = E.the_function(ctx, s)
        src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
        depth = _depths(m)
        first, last = _quoted_span(s, ctx, fn, m)
        if not any(_CALL.match(m[n - 1]) and re.search(r"lock", m[n - 1]) for n in range(first, last + 1)):
            return None                 # no lock call quoted: the guard is asked of code elsewhere
        try:
            start, end, name, arg = _pair(m, depth, first, last, fn.body_start + 1, fn.end - 1)
        except Manual:
            top = _top_lock(m, depth, first, last, fn.body_start + 1) if form != "either" else 0
            if not top:
                raise
            if form == "guard":
                return self._exits(s, ctx, fn, asked, top, src, m, depth)
            start, end, name, arg = _pair(m, depth, top, top, fn.body_start + 1, fn.end - 1)
        if form == "either":
            raise Manual("the comment names both guard() and scoped_guard(): which one is for the author")
        written = written_guard(asked)
        if written is not None and written != (LOCKS[name][1], " ".join(arg.split())):
            raise Manual(f"the comment's guard is of {written[1]} ({written[0]}), the quoted lock call "
                         f"{name}({arg}): which lock is meant is for the author")
        why = _between_problem(ctx.text, m, start, end, arg, form == "scoped_guard")
        if not why and form == "guard":
            why = _after_problem(src, m, depth, start, end, fn.end - 1)
        if not why and not src[start:end - 1]:
            why = "nothing stands between the lock and the unlock"
        if not why:
            later = _later_problem(ctx, fn.name, src[start - 1], arg, form)
            why = f"as a later patch of the series leaves {fn.name}(), {later}" if later else ""
        if why and form == "guard" and depth[start - 1] == depth[fn.body_start]:
            return self._exits(s, ctx, fn, asked, start, src, m, depth)
        if form == "scoped_guard" and re.search(r"jumps out of the locked part|takes or drops \S+ again", why):
            return self._scoped_exits(ctx, fn, start, end, name, arg)
        if why:
            raise Manual(why)
        old, new = guarded(src, start, end, form, name, arg)
        return Plan(self.kind, slug=form, order=self.order, files=[ctx.path],
                    params=LockGuardParams(fn.name, old=old, new=new, line=start, form=form, lock=arg),
                    summary=f"Use {form}() for {arg} in {fn.name}()")

    def _exits(self, s: Suggestion, ctx: CodeContext, fn: Function, asked: str, start: int, src: list[str],
               m: list[str], depth: list[int]) -> Plan[LockGuardParams]:
        """guard() for the lock call on line START of FN's top level, dropped on early ways out too."""
        c = _CALL.match(m[start - 1])
        assert c is not None
        name, arg = c.group(1), c.group(2)
        written = written_guard(asked)
        if written is not None and written != (LOCKS[name][1], " ".join(arg.split())):
            raise Manual(f"the comment's guard is of {written[1]} ({written[0]}), the quoted lock call "
                         f"{name}({arg}): which lock is meant is for the author")
        unlock, kind = LOCKS[name]
        made = guard_exits(ctx.text, src, m, depth, fn.body_start + 1, fn.end - 1, start, unlock, kind, arg,
                           E.local_names(ctx.text, fn))
        later = ctx.later_files.get(ctx.path)
        lf = function_named(later, fn.name) if later else None
        if later and lf:
            lsrc, lm = later.splitlines(), mask(later).splitlines()
            at = [n for n in range(lf.body_start + 1, lf.end) if lsrc[n - 1] == src[start - 1]]
            if len(at) != 1:
                raise Manual(f"as a later patch of the series leaves {fn.name}(), the lock call is not there as "
                             "it is here")
            try:
                guard_exits(later, lsrc, lm, _depths(lm), lf.body_start + 1, lf.end - 1, at[0], unlock, kind, arg,
                            E.local_names(later, lf))
            except Manual as why:
                raise Manual(f"as a later patch of the series leaves {fn.name}(), {why}") from None
        return Plan(self.kind, slug="guard", order=self.order, files=[ctx.path],
                    params=LockGuardParams(fn.name, old=made.old, new=made.new, line=made.first, form="guard",
                                           lock=arg, exits=True),
                    summary=f"Use guard() for {arg} in {fn.name}(), returning directly")

    def _scoped_exits(self, ctx: CodeContext, fn: Function, start: int, end: int, name: str, arg: str
                      ) -> Plan[LockGuardParams]:
        """scoped_guard() over the lines between the lock call on line START and its unlock on line END,
        whose early ways out unlock and return."""
        src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
        made = scoped_exits(ctx.text, src, m, _depths(m), (fn.body_start + 1, fn.end - 1), start, end, name,
                            *LOCKS[name], arg)
        later = ctx.later_files.get(ctx.path)
        lf = function_named(later, fn.name) if later else None
        if later and lf and "\n".join(later.splitlines()[lf.start - 1:lf.end]) != "\n".join(src[fn.start - 1:fn.end]):
            raise Manual(f"a later patch of the series changes {fn.name}(): whether the ways out of the locked "
                         "part stay as they are is for the author")
        return Plan(self.kind, slug="scoped_guard", order=self.order, files=[ctx.path],
                    params=LockGuardParams(fn.name, old=made.old, new=made.new, line=start, form="scoped_guard",
                                           lock=arg, exits=True),
                    summary=f"Use scoped_guard() for {arg} in {fn.name}(), returning directly")

    def rule_notes(self, plan: Plan[LockGuardParams], ctx: CodeContext) -> list[str]:
        if plan.params.exits:
            return [f"Every way out after the lock call dropped {plan.params.lock} just before it returned, and "
                    "nothing else ran after an unlock: the guard drops it on each return instead, and a goto to "
                    "the unlock at the end returns what the end returned."]
        held = "to the end of its block" if plan.params.form == "guard" else "for the statements it encloses"
        return [f"The guard holds {plan.params.lock} {held}, as the lock and unlock calls did: nothing between "
                "them returns or jumps, nothing after the unlock needs the lock dropped."]


RECIPE = LockGuard()
