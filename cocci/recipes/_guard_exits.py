"""guard() over a lock taken at the top of a function body and dropped on early ways out as well as at
the end ("With guard() you can return directly").

The shape made: every path out of the function after the lock call goes through an unlock of that lock,
each early unlock is followed directly by `return V;` (V a plain name or constant, or an error macro of
one) or by `goto L;` where L labels the final unlock or the `return` after it, and after the final unlock
only `return V;` follows (`kfree(p);` of something the lock does not live in may stand before a return:
freeing it under the lock changes nothing).  Then the lock call becomes the guard, every unlock goes,
each `goto L;` becomes `return V;` (`ret = X; goto L;` becomes `return X;`, as does the assignment
before the final unlock), braces left around one statement of an `if` go, and so do a label and a
local `ret` left unused.

Anything else (the lock taken again, handed to a helper, an unlock in a loop or as the braceless body
of an `if`, a return with the lock held, other work after an unlock, a goto elsewhere or from before the
lock) is Manual, saying which line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cocci.recipe import Manual
from cocci.recipes._codediff import align_continuations
from patches.ctext import Stmt, all_statements, is_declaration, mask

_CALL = re.compile(r"^\s*([a-z_]+)\s*\(\s*(&[^;]*?)\s*\)\s*;\s*$")
_RETURN = re.compile(r"return(?:\s+(.+?))?\s*;")
_GOTO = re.compile(r"(?:.*\s)?goto\s+([A-Za-z_]\w*)\s*;")
_LABEL = re.compile(r"(?!(?:default|case)\b)([A-Za-z_]\w*)\s*:(?!:)")
_NAME = r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*"
_VALUE = re.compile(rf"-?\s*\w+|{_NAME}|(?:PTR_ERR|ERR_PTR|ERR_CAST)\s*\(\s*{_NAME}\s*\)")
_FREE = re.compile(rf"k(?:v|z)?free\s*\(\s*({_NAME})\s*\)\s*;")
# a loop's head: for/while/do, or a block under a macro call (`list_for_each_entry(p, &l, list) {`)
_LOOP = re.compile(r"(?:for|while|do)\b|(?!(?:if|switch)\b)[A-Za-z_]\w*\s*\([^;]*\)\s*\{", re.S)


@dataclass(frozen=True)
class Exits:
    """The lines FIRST.. of the function that OLD names, and what they become."""

    first: int
    old: list[str]
    new: list[str]


def _norm(s: str) -> str:
    return " ".join(s.split())


def _is(m: list[str], n: int, names: set[str], arg: str) -> bool:
    c = _CALL.match(m[n - 1])
    return c is not None and c.group(1) in names and _norm(c.group(2)) == _norm(arg)


def _next(m: list[str], n: int, hi: int) -> int:
    """The first non-blank line after N up to HI, HI + 1 when none."""
    k = n + 1
    while k <= hi and not m[k - 1].strip():
        k += 1
    return k


def _prev(m: list[str], n: int, lo: int) -> int:
    """The last non-blank line before N down to LO, LO - 1 when none."""
    k = n - 1
    while k >= lo and not m[k - 1].strip():
        k -= 1
    return k


def _value(text: str) -> str | None:
    """V of `return V;` when V may be read with the lock still held ('' for `return;`), None otherwise."""
    r = _RETURN.fullmatch(text.strip())
    if not r:
        return None
    v = (r.group(1) or "").strip()
    return v if not v or _VALUE.fullmatch(v) else None


def _after_unlock(src: list[str], m: list[str], n: int, hi: int, what: str) -> tuple[list[int], int]:
    """(kfree lines, the line of the return or goto) that follow the unlock on line N; Manual when
    anything else runs after it."""
    frees: list[int] = []
    k = _next(m, n, hi)
    while k <= hi and (f := _FREE.fullmatch(m[k - 1].strip())):
        if _holds(f.group(1), what):
            raise Manual(f"line {k} ({src[k - 1].strip()}) frees what {what} lives in after the unlock: with a "
                         "guard the lock would be dropped after the free")
        frees.append(k)
        k = _next(m, k, hi)
    t = m[k - 1].strip() if k <= hi else ""
    if _GOTO.fullmatch(t) and t.startswith("goto") or _RETURN.fullmatch(t):
        return frees, k
    raise Manual(f"line {k} ({src[k - 1].strip() if k <= hi else '}'}) runs after the unlock on line {n}: "
                 "with a guard it would run with the lock held")


def _block(m: list[str], depth: list[int], n: int, lo: int, hi: int) -> tuple[int, int]:
    """(opening line, closing line) of the brace block line N stands in."""
    o = n
    while o >= lo and depth[o - 1] >= depth[n - 1]:
        o -= 1
    c = n
    while c <= hi and not (depth[c - 1] == depth[n - 1] and m[c - 1].strip().startswith("}")):
        c += 1
    return o, c


def _if_opener(m: list[str], o: int, lo: int) -> bool:
    """Whether the block opened on line O is the body of a plain `if (...) {` (not an else branch)."""
    s = o
    while s > lo and not re.match(r"(?:\}\s*)?(?:else\b|if\b)", m[s - 1].strip()):
        s -= 1
        if m[s - 1].rstrip().endswith((";", "{", "}", ":")):
            return False
    header = " ".join(m[k - 1].strip() for k in range(s, o + 1))
    return bool(re.fullmatch(r"if\s*\(.*\)\s*\{", header)) and header.count("{") == 1


def _as_return(lines: list[str], name: str) -> list[str] | None:
    """The statement LINES (`NAME = X;`) as `return X;`, continuation lines kept aligned."""
    r = re.match(rf"(\s*){re.escape(name)}\s*=(?!=)\s*", lines[0])
    if not r:
        return None
    new = [f"{r.group(1)}return {lines[0][r.end():]}", *lines[1:]]
    return align_continuations(new) if align_continuations(lines) == lines else new


def _assignment(m: list[str], stmts: list[Stmt], k: int, lo: int, name: str) -> tuple[int, int] | None:
    """(first, last line) of the statement `NAME = X;` among STMTS that ends on line K and stands on its
    own (no braceless `if` above it), None when line K ends no such statement."""
    stmts = [st for st in stmts if st.end == k]
    if len(stmts) != 1 or not re.match(rf"\s*{re.escape(name)}\s*=(?!=)", m[stmts[0].start - 1]):
        return None
    st = stmts[0]
    if ";" in "".join(m[st.start - 1:st.end]).rstrip()[:-1]:
        return None
    p = _prev(m, st.start, lo)
    if p >= lo and not m[p - 1].rstrip().endswith((";", "{", "}", ":")):
        return None
    return st.start, st.end


def _declaration(m: list[str], lo: int, start: int, name: str) -> int:
    """The line before START declaring NAME alone (`int ret;`, `int ret = 0;`), 0 when none."""
    for k in range(lo, start):
        if re.fullmatch(rf"\s*(?:(?:unsigned|signed|long|int|ssize_t|s\d+|u\d+|bool)\s+)+{re.escape(name)}"
                        r"(?:\s*=\s*-?\s*\w+)?\s*;\s*", m[k - 1]):
            return k
    return 0


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


@dataclass
class _Body:
    """The function body being read: its lines as they are and masked, brace depths, LO..HI."""

    text: str
    src: list[str]
    m: list[str]
    depth: list[int]
    lo: int
    hi: int

    def said(self, n: int) -> str:
        return f"line {n} ({self.src[n - 1].strip()})"


def _taken_once(b: _Body, start: int, arg: str) -> None:
    for n in range(b.lo, b.hi + 1):
        c = _CALL.match(b.m[n - 1])
        if n != start and c and "unlock" not in c.group(1) and not c.group(1).startswith("lockdep") and \
                _norm(c.group(2)) == _norm(arg):
            raise Manual(f"{b.said(n)} takes {arg} again: one guard cannot stand for both")


def _holder(arg: str) -> str:
    """A pattern for the structure lock ARG is a member of when that structure is itself a member
    (`drvdata->wq` of `&drvdata->wq.lock`, a wait queue whose locked waits drop it), '' otherwise."""
    parent = re.fullmatch(r"&?\s*(.+?)\s*\.\s*\w+", arg)
    if not parent or not re.search(r"->|\.", parent.group(1)):
        return ""
    return r"\s*".join(re.escape(p) for p in re.split(r"\s*(->|\.)\s*", parent.group(1)))


def _holds(freed: str, arg: str) -> bool:
    """Whether what FREED names holds the lock ARG (`q` or `q->priv` of `&q->priv->lock`)."""
    lock, freed = re.sub(r"\s+", "", arg.lstrip("&")), re.sub(r"\s+", "", freed)
    return lock == freed or lock.startswith((freed + "->", freed + "."))


def _tail(b: _Body, end: int, arg: str) -> tuple[int, list[int], int, str]:
    """(label, kfree lines, return line, its value) after the final unlock on line END."""
    label, frees, ret, value = 0, [], 0, ""
    k = _next(b.m, end, b.hi)
    while k <= b.hi:
        t = b.m[k - 1].strip()
        f = _FREE.fullmatch(t)
        if _LABEL.fullmatch(t) and not label and not ret:
            label = k
        elif f and not ret and not _holds(f.group(1), arg):
            frees.append(k)
        elif not ret and (v := _value(t)) is not None:
            ret, value = k, v
        else:
            raise Manual(f"{b.said(k)} runs after the unlock: guard() would hold the lock through it; "
                         "scoped_guard() around the locked part, or leaving it, is for the author")
        k = _next(b.m, k, b.hi)
    return label, frees, ret, value


@dataclass
class _Edit:
    """The lines replaced (REPL, by line) as the guard is made, the lines whose block may be left with one
    statement (TOUCHED) and those already taken care of (DONE)."""

    b: _Body
    start: int
    end: int
    arg: str
    unlock: str
    value: str
    labels: set[str]
    locals_: set[str]
    repl: dict[int, list[str]] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)
    done: set[int] = field(default_factory=set)

    def returning(self, n: int) -> list[str]:
        return [_indent(self.b.src[n - 1]) + (f"return {self.value};" if self.value else "return;")]

    def merge(self, stmts: list[Stmt], k: int, ret: int) -> bool:
        """`V = X;` ending on line K and the return of V on line RET become `return X;`."""
        if self.value not in self.locals_ or k <= self.start or k in self.done:
            return False
        a = _assignment(self.b.m, stmts, k, self.start + 1, self.value)
        merged = _as_return(self.b.src[a[0] - 1:a[1]], self.value) if a else None
        if not a or not merged:
            return False
        for x in range(a[0], a[1] + 1):
            self.repl[x] = []
            self.done.add(x)
        self.repl[a[0]] = merged
        self.repl[ret] = []
        return True

    def goto(self, stmts: list[Stmt], g: int) -> None:
        p = _prev(self.b.m, g, self.start + 1)
        if not (self.b.depth[p - 1] == self.b.depth[g - 1] and self.merge(stmts, p, g)):
            self.repl[g] = self.returning(g)
        self.touched.add(g)

    def early(self, stmts: list[Stmt], n: int) -> None:
        """The unlock on line N, with what follows it."""
        b = self.b
        if any(_LOOP.match(st.code.lstrip()) for st in stmts if st.start < n <= st.end):
            raise Manual(f"the {self.unlock}() on line {n} is inside a loop: which pass drops the lock is for "
                         "the author")
        p = _prev(b.m, n, self.start + 1)
        if not b.m[p - 1].rstrip().endswith((";", "{", "}", ":")):
            raise Manual(f"the {self.unlock}() on line {n} is the braceless body of {b.src[p - 1].strip()}: what "
                         "the condition guards would change")
        frees, k = _after_unlock(b.src, b.m, n, self.end - 1, self.arg)
        self.repl[n] = []
        self.touched.add(n)
        self.done.update([n, *frees, k])
        g = _GOTO.fullmatch(b.m[k - 1].strip())
        if g and g.group(1) not in self.labels:
            raise Manual(f"{b.said(k)} jumps to {g.group(1)}, which does more than return: where a guard would "
                         "drop the lock is for the author")
        if g:
            self.repl[k] = self.returning(k)
        elif _value(b.m[k - 1]) is None:
            raise Manual(f"{b.said(k)} works out its value after the unlock on line {n}: with a guard that "
                         "would run with the lock held")

    def line(self, stmts: list[Stmt], n: int) -> None:
        """Line N of the locked part."""
        b, t = self.b, self.b.m[n - 1].strip()
        bare = re.escape(_norm(self.arg.lstrip("&").strip())).replace(r"\ ", r"\s*")
        if _is(b.m, n, {self.unlock}, self.arg):
            self.early(stmts, n)
        elif re.search(rf"(?<![\w>.]){bare}(?!\w)", b.m[n - 1]) and not t.startswith("lockdep_assert_held"):
            raise Manual(f"{b.said(n)} hands {self.arg} to another call: whether it drops the lock is not "
                         "seen here")
        elif (held := _holder(self.arg)) and re.search(rf"(?<![\w>.]){held}\s*(?![\w.]|->)", b.m[n - 1]):
            raise Manual(f"{b.said(n)} hands what holds {self.arg} to another call: whether it drops the lock "
                         "is not seen here")
        elif (g := _GOTO.fullmatch(t)) and g.group(1) not in self.labels:
            raise Manual(f"{b.said(n)} jumps to {g.group(1)}, which is not the unlock at the end: where a guard "
                         "would drop the lock is for the author")
        elif g:
            self.goto(stmts, n)
        elif re.search(r"\breturn\b", t):
            raise Manual(f"{b.said(n)} returns with {self.arg} held: a guard would drop it there")
        elif _LABEL.fullmatch(t):
            raise Manual(f"{b.said(n)} is a label inside the locked part: what jumps there is for the author")


def _listed(line: str, name: str) -> str | None:
    """LINE, a declaration of several plain variables (`int ret, i;`), without NAME; None when it is
    not one or does not list NAME."""
    d = re.fullmatch(r"(\s*(?:(?:unsigned|signed|long|short|int|char|bool|ssize_t|size_t|s\d+|u\d+)\s+)+)"
                     r"([\w\s,=-]+);\s*", line)
    items = [x.strip() for x in d.group(2).split(",")] if d else []
    rest = [x for x in items if not re.fullmatch(rf"{re.escape(name)}(?:\s*=\s*-?\s*\w+)?", x)]
    if not d or len(items) < 2 or len(rest) != len(items) - 1 or not all(re.fullmatch(r"\w+(?:\s*=\s*-?\s*\w+)?", x)
                                                                           for x in rest):
        return None
    return f"{d.group(1)}{', '.join(rest)};"


def _without_local(b: _Body, start: int, value: str, new: list[str]) -> tuple[int, list[str]]:
    """(first line, new lines from it) with the declaration of local VALUE dropped when NEW no longer
    uses it (the line `int ret;`, or ret from `int ret, i;`); Manual when it would be left unused and
    cannot go."""
    d = _declaration(b.m, b.lo, start, value) or \
        next((k for k in range(b.lo, start) if _listed(b.m[k - 1], value) is not None), 0)
    uses = [ln for k, ln in [*enumerate(b.m[b.lo - 1:start - 1], b.lo), *((0, _code(x)) for x in new)]
            if k != d and re.search(rf"\b{re.escape(value)}\b", ln)]
    if not d and uses and all(is_declaration(ln) for ln in uses):
        raise Manual(f"{value} would be left unused, and its declaration is not one of its own to drop")
    if not d or uses:
        return start, new
    listed = _listed(b.src[d - 1], value)
    keep = b.src[d:start - 1]
    if listed is not None:
        keep = [listed, *keep]
    elif d == b.lo and keep and not keep[0].strip():
        keep = keep[1:]
    return d, [*keep, *new]


def guard_exits(text: str, src: list[str], m: list[str], depth: list[int], lo: int, hi: int, start: int,
                unlock: str, kind: str, arg: str, locals_: set[str]) -> Exits:
    """The guard for the lock call on line START of the function body LO..HI (its top level), with every
    early unlock and the final one gone; Manual when a path leaves otherwise."""
    b = _Body(text, src, m, depth, lo, hi)
    _taken_once(b, start, arg)
    ends = [n for n in range(start + 1, hi + 1) if depth[n - 1] == depth[start - 1] and _is(m, n, {unlock}, arg)]
    if not ends:
        raise Manual(f"{unlock}() of {arg} is not in the block that takes the lock: the lock is held past it, "
                     "which a guard would change")
    end = ends[-1]
    tail_label, tail_frees, tail_ret, value = _tail(b, end, arg)
    p = _prev(m, end, start + 1)
    end_label = p if p > start and _LABEL.fullmatch(m[p - 1].strip()) and depth[p - 1] == depth[start - 1] else 0
    labels = {m[x - 1].strip().rstrip(":").strip() for x in (end_label, tail_label) if x}
    if labels and tail_frees:
        raise Manual(f"{b.said(tail_frees[0])} runs on the way out through {' and '.join(sorted(labels))}: a goto "
                     "made a return would skip it")
    for k in range(lo, start):
        g = _GOTO.fullmatch(m[k - 1].strip())
        if g and g.group(1) in labels:
            raise Manual(f"{b.said(k)} jumps from before the lock to {g.group(1)}: past a guard that jump is not "
                         "allowed")
    e = _Edit(b, start, end, arg, unlock, value, labels, locals_)
    e.repl[start] = [f"{_indent(src[start - 1])}guard({kind})({arg});"]
    stmts = all_statements(text, start + 1, end - 1)
    for n in range(start + 1, end):
        if n not in e.done and m[n - 1].strip() and n != end_label:
            e.line(stmts, n)
    for x in (end_label, end, tail_label):
        if x:
            e.repl[x] = []
    q = _prev(m, end_label or end, start + 1)
    if tail_ret and end_label and depth[q - 1] == depth[start - 1] and _RETURN.fullmatch(m[q - 1].strip()):
        e.repl[tail_ret] = []           # only the gotos reached it, and they return now
    elif tail_ret and not tail_frees and depth[q - 1] == depth[start - 1]:
        e.merge(all_statements(text, start + 1, (end_label or end) - 1), q, tail_ret)
    _drop_braces(m, depth, e.touched, e.repl, src, start + 1, end - 1)
    new = _tidy([ln for n in range(start, hi + 1) for ln in e.repl.get(n, [src[n - 1]])])
    first, new = _without_local(b, start, value, new) if value in locals_ else (start, new)
    return Exits(first, src[first - 1:hi], new)


def scoped_exits(text: str, src: list[str], m: list[str], depth: list[int], span: tuple[int, int], start: int,
                 end: int, lock: str, unlock: str, kind: str, arg: str) -> Exits:
    """`scoped_guard(KIND, ARG) { ... }` over the lines between the lock call on line START and the unlock
    on line END of its block, each early `unlock; return V;` inside a plain `return V;`; Manual when a
    line between jumps otherwise, declares something at the block's level or ends a loop's pass."""
    b = _Body(text, src, m, depth, *span)
    e = _Edit(b, start, end, arg, unlock, "", set(), set())
    stmts = all_statements(text, start + 1, end - 1)
    for n in range(start + 1, end):
        t = m[n - 1].strip()
        if _GOTO.fullmatch(t) or _LABEL.fullmatch(t):
            raise Manual(f"{b.said(n)} jumps out of the locked part or into it: with a guard the lock would be "
                         "dropped elsewhere than it is now")
        if re.search(r"\b(?:break|continue)\b", t):
            raise Manual(f"{b.said(n)} would leave scoped_guard()'s own loop, not the one it leaves now")
        if _is(m, n, {lock}, arg):
            raise Manual(f"{b.said(n)} takes {arg} again: one guard cannot stand for both")
        if n not in e.done and t:
            e.line(stmts, n)
    for st in stmts:
        if depth[st.start - 1] == depth[start - 1] and is_declaration(mask(st.code)):
            raise Manual(f"line {st.start} declares {st.code.strip()}: inside scoped_guard()'s block it would no "
                         "longer be seen after it")
    _drop_braces(m, depth, e.touched, e.repl, src, start + 1, end - 1)
    body = _tidy([ln for n in range(start + 1, end) for ln in e.repl.get(n, [src[n - 1]])])
    while body and not body[0].strip():
        body = body[1:]
    ind = _indent(src[start - 1])
    new = [f"{ind}scoped_guard({kind}, {arg}) {{", *["\t" + ln if ln.strip() else ln for ln in body], f"{ind}}}"]
    return Exits(start, src[start - 1:end], new)


def _code(line: str) -> str:
    return re.sub(r"//.*|/\*.*?\*/|\"(?:\\.|[^\"\\])*\"", "", line)


def _drop_braces(m: list[str], depth: list[int], touched: set[int], repl: dict[int, list[str]], src: list[str],
                 lo: int, hi: int) -> None:
    """Braces of a plain `if` whose block the edit left with one statement go."""
    for n in sorted(touched):
        o, c = _block(m, depth, n, lo, hi)
        if o < lo or c > hi or m[c - 1].strip() != "}" or not _if_opener(m, o, lo) or o in repl:
            continue
        after = _next(m, c, len(m))
        if after <= len(m) and re.match(r"else\b", m[after - 1].strip()):
            continue
        body = [ln for k in range(o + 1, c) for ln in repl.get(k, [src[k - 1]]) if ln.strip()]
        code = " ".join(_code(ln).strip() for ln in body)
        if not body or any(not _code(ln).strip() for ln in body) or code.count(";") != 1 or \
                not code.endswith(";") or "{" in code:
            continue
        repl[o] = [src[o - 1].rstrip()[:-1].rstrip()]
        repl[c] = []
        for k in range(o + 1, c):
            if not src[k - 1].strip():
                repl[k] = []


def _tidy(lines: list[str]) -> list[str]:
    """LINES without a blank line doubled, after an opening brace, before a closing one or at the end."""
    out: list[str] = []
    for ln in lines:
        if not ln.strip() and (not out or not out[-1].strip() or out[-1].rstrip().endswith("{")):
            continue
        if ln.strip().startswith("}") and out and not out[-1].strip():
            out.pop()
        out.append(ln)
    while out and not out[-1].strip():
        out.pop()
    return out
