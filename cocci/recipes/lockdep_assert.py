"""lockdep_assert_held() for a locking rule written in words: "Add lockdep_assert_held() instead of the
comment" under `/* Must be called with foo->lock held */`, "Please assert the lock is held" under a
function whose comment names the lock the caller holds.

Evidence: the comment asks for the assertion (`lockdep_assert_held`, or "assert" with "held"/"locked");
the lock is the one the reviewer writes (`lockdep_assert_held(&st->lock)`, "assert that st->lock is
held"), else the one the quoted comment (or the comment right above the function) names as held:
"with X held", "X must be held", "caller must hold X", "called under X".  The lock must be a member
chain from a parameter of the function (`foo->lock`, `st->dev.mutex`) or a lock the file defines
(`static DEFINE_MUTEX(foo_lock);`), and its last member read as a lock.  The function is the quoted one,
or the one whose header right follows the quoted comment.  `lockdep_assert_held(&X);` goes after the
declarations at the top of its body, with a blank line after it; "instead of the comment" takes the
quoted comment away when it says nothing but the rule.  One verified text edit.

Manual, saying which: the lock not named, or named in words only ("the device lock"), several locks
named, a lock reached through a local (it is set in the body), a lock that is no parameter's nor the
file's, RCU and rtnl (they have their own assertions), a comment to drop that says more than the rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.ctext import Function, block_items, function_at, functions, is_declaration, line_of, mask
from patches.model import Suggestion

# "assert", "an assertion", "asserting" ask; "foo() asserts that it is held" tells what other code does
_ASKS = re.compile(r"\blockdep_assert_held\b|\bassert(?:ion|ing)?\b[^.;!?]{0,40}\b(?:held|locked|hold)\b", re.I)
_AGAINST = re.compile(r"\b(?:no\s+need\s+for|(?<!why\s)not|don['\u2019]?t|drop|remove|without)\b[^.;!?]{0,15}"
                      r"\b(?:lockdep_assert_held|assert)", re.I)
# the reviewer doubts the assertion is worth it: "Does this really need lockdep_assert_held()?", "I would not bother"
_DOUBTS = re.compile(r"\b(?:does|do)\s+(?:this|it|we|that)\s+(?:really\s+)?need\b[^.;!?]*\?|"
                     r"\bI(?:\s+would|'d)\s+not\s+bother\b|\bI\s+wouldn['\u2019]?t\s+bother\b", re.I)
_INSTEAD = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|replac\w+)\b[^.;!?]{0,25}\bcomment|"
                      # "... and drop the comment then", "remove this comment": the comment goes too
                      r"\b(?:drop|remove|delete|lose|kill)\s+(?:the|this|that|its)\s+(?:\w+\s+)?comment", re.I)
# "make that a lockdep_assert_held()", "turn this into an assertion": said of a quoted comment, it goes
_THIS = re.compile(r"\b(?:make|turn|convert|replace|change)\s+(?:that|this|it)\b(?:\s+comment)?\s+"
                   r"(?:in)?(?:to|with|a|an)\b", re.I)
_LOCK = r"&?[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*"
# "with foo->lock held", "foo->lock must be held", "caller must hold foo->lock", "called under foo->lock"
_HELD = re.compile(rf"\bwith\s+(?:the\s+)?(?P<a>{_LOCK})\s+(?:held|locked|taken|acquired)\b|"
                   rf"(?P<b>{_LOCK})\s+(?:must|should|has\s+to|needs\s+to)\s+be\s+(?:held|locked|taken)\b|"
                   rf"\b(?:hold|holds|holding)\s+(?:the\s+)?(?P<c>{_LOCK})|"
                   rf"\b(?:called|runs?|invoked)\s+under\s+(?:the\s+)?(?P<d>{_LOCK})(?=[\s.,;)]|$)|"
                   rf"\bassert\w*\s+(?:that\s+)?(?P<e>{_LOCK})\s+is\s+(?:held|locked)\b", re.I)
_REPLACES = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|replac\w+)\b", re.I)
_OTHER_CHECK = re.compile(r"\b(?:mutex_is_locked|spin_is_locked|raw_spin_is_locked|rwsem_is_locked|"
                          r"assert_spin_locked|assert_raw_spin_locked|lockdep_is_held|lockdep_assert_held\w*)\s*\(")
_DIRECTIVE = re.compile(r"^[ \t]*#.*$", re.M)
_IS_COMMENT = re.compile(r"\s*(?:/\*|\*|//)")
_CHAIN = re.compile(r"\b[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)+")
_WRITTEN = re.compile(r"\blockdep_assert_held\s*\(\s*(?P<x>[^()]*(?:\([^()]*\))?[^()]*)\)")
_LOCK_WORD = re.compile(r"(?:^|_)(?:lock|mutex|sem|rwsem|spinlock|rwlock|lck|mtx)$|lock$", re.I)
_FILE_LOCK = re.compile(r"^\s*(?:static\s+)?(?:DEFINE_(?:MUTEX|SPINLOCK|RAW_SPINLOCK|RWLOCK)\s*\(\s*(?P<a>\w+)\s*\)|"
                        r"DECLARE_RWSEM\s*\(\s*(?P<b>\w+)\s*\)|"
                        r"(?:struct\s+(?:mutex|rw_semaphore)|spinlock_t|raw_spinlock_t|rwlock_t)\s+(?P<c>\w+)\s*;)",
                        re.M)


def asks(comment: str) -> bool:
    """Whether COMMENT asks for lockdep_assert_held() (and does not turn it down)."""
    flat = " ".join(comment.split())
    return _ASKS.search(flat) is not None and _AGAINST.search(flat) is None and _DOUBTS.search(flat) is None \
        and not E.rejected(flat, "lockdep_assert_held")


def _named_locks(text: str) -> list[str]:
    """The locks TEXT names as held, as written (`&` dropped, blanks out)."""
    out: list[str] = []
    for m in _HELD.finditer(" ".join(text.split())):
        x = re.sub(r"\s+", "", next(g for g in m.groups() if g)).lstrip("&")
        if x.lower() not in ("the", "a", "it", "this", "that", "lock", "mutex") and x not in out:
            out.append(x)
    return out


def _parameters(text: str, fn: Function) -> set[str]:
    head = " ".join(mask(text).split("\n")[fn.start - 1:fn.body_start])
    inner = head[head.find("(") + 1:head.rfind(")")] if "(" in head else ""
    return {m.group(1) for p in inner.split(",") if (m := re.search(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*$", p))}


def _found(lines: list[str], quoted: list[str], near: tuple[int, int] | None) -> tuple[int, int] | None:
    """(first, last) 1-based lines of the place LINES hold QUOTED (blanks at the ends aside): the one, or the
    last one that ends by the lines NEAR."""
    want = [q.strip() for q in quoted]
    if not want:
        return None
    have = [ln.strip() for ln in lines]
    hits = [i for i in range(len(have) - len(want) + 1) if have[i:i + len(want)] == want]
    if len(hits) > 1 and near:
        hits = [i for i in hits if i + len(want) <= near[1]][-1:]
    return (hits[0] + 1, hits[0] + len(want)) if len(hits) == 1 else None


def _comment_above(lines: list[str], fn: Function) -> tuple[int, int] | None:
    """(first, last) 1-based lines of the comment block right above FN's header; None without one."""
    end = fn.start - 1
    if end < 1 or not lines[end - 1].rstrip().endswith("*/"):
        return None
    start = end
    while start >= 1 and "/*" not in lines[start - 1]:
        start -= 1
    return (start, end) if start >= 1 else None


@dataclass(frozen=True)
class AssertHeldParams(Params):
    function: str               # where the assertion goes
    lock: str                   # the lock expression, without `&`
    old: list[str]              # the lines the edit replaces, as they are
    new: list[str]              # ... and what they become
    line: int = 0               # where OLD starts
    drops_comment: bool = False

    def where(self) -> str:
        return self.function

    def scope_functions(self) -> tuple[str, ...]:
        # a comment dropped above the function lies outside it: the check of the text edit holds it to
        # exactly those lines instead
        return () if self.drops_comment else (self.function,)


class AssertHeld(Recipe[AssertHeldParams]):
    kind = "lockdep-assert"
    order = Phase.SETTLED_STATEMENTS     # a statement added above the body, once the statements are final
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AssertHeldParams] | None:
        words = "\n".join([s.comment, *s.code])
        if not asks(words) or not ctx.path.endswith((".c", ".h")):
            return None
        quoted = "\n".join(list(s.quote) or E.quote_code(s.quoted))
        if _OTHER_CHECK.search(mask(quoted)) or (_REPLACES.search(s.comment) and not _INSTEAD.search(s.comment)):
            # a check the code makes already, or something else the assertion replaces: a rewrite of that
            # code (the other recipes' business), not an assertion added on top of it
            return None
        lines = ctx.text.split("\n")
        fn, comment = self._place(s, ctx, lines)
        if fn is None:
            return None
        lock = self._lock(s, ctx, lines, fn, comment)
        quote = [q for q in E.quote_code(s.quoted) if q.strip()]
        quoted_comment = comment is not None and bool(quote) and all(_IS_COMMENT.match(q) for q in quote)
        drop = comment if _INSTEAD.search(s.comment) or (quoted_comment and _THIS.search(s.comment)) else None
        self._not_taken_here(ctx.text, fn, lock)
        if drop is not None:
            text = " ".join(re.sub(r"^\s*(?:/\*+|\*+/?|//)|\*+/\s*$", " ", ln) for ln in lines[drop[0] - 1:drop[1]])
            sentences = [x for x in re.split(r"(?<=[.;!?])\s+", " ".join(text.split())) if x.strip()]
            if not sentences or any(lock not in re.sub(r"\s+|&", "", x) for x in sentences):
                raise Manual(f"the comment on lines {drop[0]}-{drop[1]} says more than the locking rule: what of "
                             "it to keep is for the author")
        line, old, new = self._edit(ctx.text, fn, lock, drop)
        return Plan(self.kind, slug=fn.name, order=self.order, files=[ctx.path],
                    params=AssertHeldParams(fn.name, lock=lock, old=old, new=new, line=line,
                                            drops_comment=drop is not None),
                    summary=f"Assert that {lock} is held in {fn.name}()" + (" instead of the comment" if drop else ""))

    @staticmethod
    def _place(s: Suggestion, ctx: CodeContext, lines: list[str]) -> tuple[Function | None, tuple[int, int] | None]:
        """The function the assertion goes in, and the comment block of the quote that states the rule."""
        fns = functions(ctx.text)
        quoted = [q.strip() for q in (list(s.quote) or E.quote_code(s.quoted)) if q.strip()]
        said = [q for q in quoted if _IS_COMMENT.match(q)]
        code = [q for q in quoted if not _IS_COMMENT.match(q)]
        comment = None
        span = s.anchor.lines if s.anchor.lines and not code else _found(lines, said, s.anchor.lines)
        if said and span:
            a, b = span
            while a > 1 and "/*" not in lines[a - 1] and re.match(r"\s*\*", lines[a - 1]):
                a -= 1
            while b < len(lines) and "*/" not in lines[b - 1] and not lines[b - 1].lstrip().startswith("//"):
                b += 1
            comment = (a, b)
        name = s.anchor.function or ctx.function or E.header_function(ctx.text, code)
        fn = next((f for f in fns if f.name == name), None)
        if fn is None and comment is not None:
            fn = next((f for f in fns if f.start == comment[1] + 1), None)
        if fn is not None and comment is None:
            comment = _comment_above(lines, fn)
        if fn is not None and function_at(ctx.text, fn.start) is None:
            return None, None
        return fn, comment

    @staticmethod
    def _lock(s: Suggestion, ctx: CodeContext, lines: list[str], fn: Function,
              comment: tuple[int, int] | None) -> str:
        said = "\n".join([s.comment, *s.code])
        written = [re.sub(r"\s+", "", m.group("x")).lstrip("&") for m in _WRITTEN.finditer(said)]
        named = [x for x in written if x] or _named_locks(s.comment)
        # every lock-like member chain the review names counts: "assert that st->lock and st->irq_lock are held"
        named += [c for c in (re.sub(r"\s+", "", m.group(0)) for m in _CHAIN.finditer(said))
                  if _LOCK_WORD.search(re.split(r"->|\.", c)[-1])]
        if not named:
            quote = list(s.quote) or E.quote_code(s.quoted)
            named = _named_locks("\n".join(q for q in quote if _IS_COMMENT.match(q)))
        if not named and comment is not None:
            named = _named_locks("\n".join(lines[comment[0] - 1:comment[1]]))
        named = list(dict.fromkeys(named))
        if not named:
            raise Manual("no lock is named as held (in the quote, the comment above the function or the review): "
                         "which lock to assert is for the author")
        if len(named) > 1:
            raise Manual(f"several locks are named ({', '.join(named)}): which to assert is for the author")
        lock = named[0]
        base = re.match(r"[A-Za-z_]\w*", lock)
        assert base is not None
        if base.group(0).lower() in ("rcu", "rcu_read_lock", "rtnl", "rtnl_lock"):
            raise Manual(f"{lock} is not a lock lockdep_assert_held() takes: RCU and rtnl have assertions of their own")
        last = re.split(r"->|\.", lock)[-1]
        if not _LOCK_WORD.search(last):
            raise Manual(f"{lock} does not read as a lock: which lock to assert is for the author")
        if lock == base.group(0):
            file_locks = {next(g for g in m.groups() if g) for m in _FILE_LOCK.finditer(mask(ctx.text))}
            if lock not in file_locks:
                raise Manual(f"{lock} is neither a lock the file defines nor reached from a parameter of "
                             f"{fn.name}(): which lock that is is for the author")
        elif base.group(0) not in _parameters(ctx.text, fn):
            raise Manual(f"{lock} is reached through {base.group(0)}, which is no parameter of {fn.name}(): a local "
                         "is set in the body, after where the assertion goes; placing it is for the author")
        return lock

    @staticmethod
    def _not_taken_here(text: str, fn: Function, lock: str) -> None:
        """Manual when FN takes LOCK itself: it is not held on entry, where the assertion goes."""
        body = "\n".join(mask(text).split("\n")[fn.body_start - 1:fn.end])
        chain = r"\s*(?:->|\.)\s*".join(re.escape(p) for p in re.split(r"->|\.", lock))
        takes = re.search(r"\b(?:mutex_lock\w*|mutex_trylock|spin_lock\w*|spin_trylock\w*|raw_spin_lock\w*|"
                          r"read_lock\w*|write_lock\w*|down_\w+|down|guard|scoped_guard)\s*(?:\([^()]*\)\s*)?"
                          rf"\((?:[^()]*,)?\s*&\s*{chain}\s*[,)]", body)
        if takes:
            raise Manual(f"{fn.name}() takes {lock} itself ({' '.join(takes.group(0).split())}): it is not held on "
                         "entry, and where in the body to assert it is for the author")

    @staticmethod
    def _edit(text: str, fn: Function, lock: str, drop: tuple[int, int] | None) -> tuple[int, list[str], list[str]]:
        """(first line, lines as they are, as they become): the assertion right before the first statement
        after FN's declarations (and the comment above that statement), the comment lines DROP taken away."""
        lines, masked = text.split("\n"), mask(text)
        brace = masked.index("{", sum(len(ln) + 1 for ln in lines[:fn.body_start - 1]))
        items = block_items(text, brace)
        lead = 0
        # a declaration under `#ifdef` is one all the same: the directives lead its item
        while lead < len(items) and is_declaration(_DIRECTIVE.sub("", items[lead].text).strip()):
            lead += 1
        if lead == len(items):
            raise Manual(f"{fn.name}() has no statement after its declarations")
        at = line_of(text, items[lead].start)
        while re.match(r"\s*#\s*endif\b", lines[at - 1]):
            at += 1             # the `#endif` of the declarations above closes before the assertion
        if re.match(r"\s*#\s*(?:else|elif)\b", lines[at - 1]):
            raise Manual(f"the first statement of {fn.name}() is in an #else branch: where the assertion goes "
                         "is for the author")
        src = masked.split("\n")
        while at - 1 > fn.body_start and lines[at - 2].strip() and not src[at - 2].strip():
            at -= 1             # the comment right above the statement stays with it
        indent = lines[at - 1][:len(lines[at - 1]) - len(lines[at - 1].lstrip())] or "\t"
        assertion = [f"{indent}lockdep_assert_held(&{lock});", ""]
        if lead and lines[at - 2].strip() and not (drop and drop[0] <= at - 1 <= drop[1]):
            assertion.insert(0, "")
        lo, hi = min(at, drop[0]) if drop else at, max(at, drop[1]) if drop else at
        new: list[str] = []
        for k in range(lo, hi + 1):
            if k == at:
                new += assertion
            if not (drop and drop[0] <= k <= drop[1]):
                new.append(lines[k - 1])
        return lo, lines[lo - 1:hi], new

    def text_edit(self, s: Suggestion, plan: Plan[AssertHeldParams], ctx: CodeContext) -> T.TextEdit:
        p = plan.params
        return T.TextEdit(ctx.path, "", list(p.old), list(p.new), plan.summary, drop_blank_after=False, line=p.line)

    def render(self, s: Suggestion, plan: Plan[AssertHeldParams], ctx: CodeContext) -> str:
        notes = [f"lockdep checks at run time what the comment only said: {plan.params.lock} is held."]
        return R.text_edit_rule(plan.summary, s, self.text_edit(s, plan, ctx), notes)

    def is_applied(self, s: Suggestion, plan: Plan[AssertHeldParams], text: str) -> bool:
        return T.replaced(text, plan.params)

    def verify(self, s: Suggestion, plan: Plan[AssertHeldParams], before: str, after: str) -> str:
        return "" if T.only_replaced(before, after, plan.params) else "more than the assertion changed"


RECIPE = AssertHeld()
