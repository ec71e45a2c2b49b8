"""Wrap a quoted `if` condition: "make this a WARN_ON_ONCE()" on `if (!ready) goto out;` ->
`if (WARN_ON_ONCE(!ready)) goto out;`; likewise WARN_ON(), unlikely(), likely().  And the other way for
the branch hints: "unlikely() is not needed here", "drop the likely()" on `if (unlikely(x))` -> `if (x)`
(the condition must be the hint whole: a hint on a part of it, `if (unlikely(a) && b)`, is left alone).

Evidence: the comment names one of those wrappers as `NAME()` or NAME with a wish ("make this a",
"can be", "could be", "use", "wrap", "turn into"), and the quoted lines hold exactly one `if` whose
condition does not already use it.  The condition is kept as it is (a `!` stays inside); a condition
that is `unlikely(x)` whole gets the warning in the hint's place (`if (WARN_ON_ONCE(x))`: the warning
hints the branch itself), and a warning over `likely(x)` is Manual.  Several
`if`s, or a condition that is an assignment, are Manual.  Renaming a macro the code already calls
(`WARN_ON` -> `WARN_ON_ONCE`) is rename-call's business: a quoted statement calling a relative of
the wrapper leaves the comment to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import function_named, norm, pretty
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes.rename_call import bare_request
from cocci.recipes import _structural as S
from cocci.recipes._calls import same_family
from patches.model import Suggestion

WRAPPERS = ("WARN_ON_ONCE", "WARN_ON", "unlikely", "likely")
ASK = ("make this", "make it", "make that", "can be", "could be", "should be", "use", "using", "wrap",
       "turn", "convert", "prefer", "add")
# "no need for WARN_ON() here", "don't make this a WARN_ON()": the wrapper is named, but not asked for
REFUSE = ("don't", "do not", "shouldn't", "should not", "no need", "not needed", "needless", "drop",
          "remove", "too noisy")
# the branch hints, which a reviewer may ask to drop: they change no value
HINTS = ("unlikely", "likely")
# "unlikely() is not needed here", "Why unlikely()? Please drop it.", "no need for the likely()"
DROP = ("not needed", "no need", "unneeded", "unnecessary", "needless", "pointless", "superfluous", "drop",
        "remove", "get rid", "not useful", "doesn't help", "does not help")
KEEP = ("don't", "do not", "keep", "shouldn't", "should not", "instead of")


def hint_dropped(comment: str) -> str | None:
    """The one branch hint COMMENT asks to drop, or None."""
    named = [w for w in HINTS if re.search(rf"(?<![\w]){w}(?:\s*\(\))?(?!\w)", comment)]
    named = [w for w in named if not any(o != w and w in o and o in named for o in named)]
    return named[0] if len(named) == 1 and E.has_any(comment, DROP) and not E.has_any(comment, KEEP) else None


def _hint_replaced(cond: str, w: str) -> str:
    """The branch hint that COND (normalized) is whole and that the warning W takes the place of
    (`if (unlikely(!p))` made a WARN_ON_ONCE() is `if (WARN_ON_ONCE(!p))`: the warning hints the branch
    unlikely itself, nested the two say it twice); '' when W is a hint itself or COND is no hint whole.
    A warning over `likely(x)` would call the likely case a bug: that is for the author."""
    if w in HINTS:
        return ""
    if _whole_hint(cond, "likely") is not None:
        raise Manual(f"the condition is likely(...): a {w}() would warn on the case the hint calls likely, "
                     "which is for the author")
    return "unlikely" if _whole_hint(cond, "unlikely") is not None else ""


def _whole_hint(cond: str, w: str) -> str | None:
    """The expression inside W() when COND (normalized) is `W(expr)` whole, else None."""
    m = re.fullmatch(rf"{w}\s*\((.*)\)", cond.strip(), re.S)
    if m is None:
        return None
    inner = m.group(1)
    depth = 0
    for ch in inner:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return None             # `unlikely(a) && likely(b)`: the parentheses close before the end
    return inner.strip() if depth == 0 else None


def _wrapped(cond: str, w: str) -> bool:
    """Whether COND already calls W or a relative of it (`WARN_ON(x)` for WARN_ON_ONCE, `likely(x)` for
    unlikely): wrapping it again would nest the two; renaming the call is rename-call's business."""
    names = re.findall(r"([A-Za-z_]\w*)\s*\(", cond)
    pair = {"likely", "unlikely"}
    return any(n == w or same_family(n, w) or {n, w} <= pair for n in names)


_INSTEAD = re.compile(r"\binstead\s+of\b", re.I)
_CODE_WORD = re.compile(r"\b\w+\s*\(|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")


def _instead_refuses(comment: str, wrapper: str) -> bool:
    """Whether an "instead of" of COMMENT may turn the wish around: "use pr_warn() instead of WARN_ON()",
    "WARN_ON_ONCE() instead of WARN_ON()" (a rename).  Only "<wrapper> ... instead of <words>" in one
    sentence, with no code after "instead of" ("make this a WARN_ON_ONCE() so it gets fixed instead of
    papered over"), keeps the wish."""
    for m in _INSTEAD.finditer(comment):
        start = max(comment.rfind(c, 0, m.start()) for c in ".?!\n") + 1
        ends = [i for i in (comment.find(c, m.end()) for c in ".?!\n") if i >= 0]
        before, after = comment[start:m.start()], comment[m.end():min(ends, default=len(comment))]
        if not re.search(rf"(?<!\w){wrapper}(?!\w)", before) or _CODE_WORD.search(after):
            return True
    return False


def wrapper_named(comment: str) -> str | None:
    """The one wrapper COMMENT asks for, or None."""
    named = [w for w in WRAPPERS if re.search(rf"(?<![\w]){w}(?:\s*\(\))?(?!\w)", comment)]
    named = [w for w in named if not any(o != w and w in o and o in named for o in named)]
    # "unlikely() please, this is the fast path": the wrapper alone, with nothing but politeness beside it
    asked = len(named) == 1 and (E.has_any(comment, ASK) or bare_request(comment, named[0]))
    return named[0] if asked and not E.has_any(comment, REFUSE) and not _instead_refuses(comment, named[0]) else None


def _find(text: str, fn: str, cond: str) -> list[S.IfCond]:
    f = function_named(text, fn)
    if f is None:
        return []
    return [c for c in S.if_conditions(text, f.body_start, f.end) if norm(c.cond.of(text)) == cond]


@dataclass(frozen=True)
class WrapConditionParams(InFunction):
    wrapper: str                 # likely, unlikely, ...
    cond: str                    # the condition it wraps (normalized); with unwrap, the whole `W(...)`
    k: int                       # which such condition of the function
    unwrap: bool = False         # the hint W goes from the condition
    hint: str = ""               # the branch hint the condition is whole, which W takes the place of


class WrapCondition(S.ExpectedEdit[WrapConditionParams]):
    kind = "wrap-condition"
    order = Phase.WRAPPERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[WrapConditionParams] | None:
        dropped = hint_dropped(s.comment)
        if dropped is not None:
            return self._unwrap(s, ctx, dropped)
        w = wrapper_named(s.comment)
        if w is None:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        quoted = [c for c in S.if_conditions(ctx.text, first, last) if not _wrapped(c.cond.of(ctx.text), w)]
        if not quoted:
            return None
        if len(quoted) > 1:
            raise Manual(f"{len(quoted)} quoted conditions: which one becomes {w}() is not clear")
        c = quoted[0]
        cond = norm(c.cond.of(ctx.text))
        if re.search(r"(?<![=!<>])=(?!=)", cond):
            raise Manual(f"the condition assigns: wrapping it in {w}() is left to the author")
        hint = _hint_replaced(cond, w)
        k = next(n for n, x in enumerate(_find(ctx.text, fn.name, cond)) if x.keyword == c.keyword)
        shown = _whole_hint(cond, hint) or cond if hint else cond
        return Plan(self.kind, slug=f"{w}", order=self.order, files=[ctx.path],
                    params=WrapConditionParams(fn.name, wrapper=w, cond=cond, k=k, hint=hint),
                    summary=f"Use {w}() on the {pretty(shown)} check in {fn.name}()" +
                    (f" in place of {hint}()" if hint else ""))

    def _unwrap(self, s: Suggestion, ctx: CodeContext, w: str) -> Plan[WrapConditionParams] | None:
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        hinted = [c for c in S.if_conditions(ctx.text, first, last)
                  if re.search(rf"(?<!\w){w}\s*\(", norm(c.cond.of(ctx.text)))]
        if not hinted:
            return None
        if len(hinted) > 1:
            raise Manual(f"{len(hinted)} quoted conditions use {w}(): which one loses it is not clear")
        c = hinted[0]
        cond = norm(c.cond.of(ctx.text))
        if _whole_hint(cond, w) is None:
            raise Manual(f"{w}() is on a part of the condition ({pretty(cond)}): dropping it is left to the author")
        k = next(n for n, x in enumerate(_find(ctx.text, fn.name, cond)) if x.keyword == c.keyword)
        return Plan(self.kind, slug=f"drop-{w}", order=self.order, files=[ctx.path],
                    params=WrapConditionParams(fn.name, wrapper=w, cond=cond, k=k, unwrap=True),
                    summary=f"Drop {w}() from the {pretty(_whole_hint(cond, w) or cond)} check in {fn.name}()")

    def superseded(self, plan: Plan[WrapConditionParams]) -> tuple[str, ...]:
        # "unlikely() is not needed here": the hint goes, not the statement it is on
        return ("remove-statements",) if plan.params.unwrap else ()

    def _target(self, plan: Plan[WrapConditionParams], text: str) -> S.IfCond:
        fn = plan.params.function
        return E.kth(_find(text, fn, plan.params.cond), plan.params.k, "condition", fn)

    def render(self, s: Suggestion, plan: Plan[WrapConditionParams], ctx: CodeContext) -> str:
        c = self._target(plan, ctx.text)
        w = plan.params.wrapper
        metavars = [f"identifier fn = {plan.params.function};", "expression e;", "statement S1;",
                    R.position_constraint("p", [c.keyword.line])]
        body = f"  if@p (\n- e\n+ {w}(e)\n  ) S1"
        desc = f"Wrap the quoted condition in {w}() in {plan.params.function}()"
        if plan.params.unwrap:
            body = f"  if@p (\n- {w}(e)\n+ e\n  ) S1"
            desc = f"Drop {w}() from the quoted condition in {plan.params.function}()"
        elif plan.params.hint:
            body = f"  if@p (\n- {plan.params.hint}(e)\n+ {w}(e)\n  ) S1"
            desc = f"Make the quoted condition's {plan.params.hint}() a {w}() in {plan.params.function}()"
        return R.header(desc, s) + "\n" + R.rule("wrap", metavars, R.in_function("fn", body))

    def is_applied(self, s: Suggestion, plan: Plan[WrapConditionParams], text: str) -> bool:
        p = plan.params
        inner = _whole_hint(p.cond, p.hint) if p.hint else p.cond
        want = norm(_whole_hint(p.cond, p.wrapper) or "") if p.unwrap else norm(f"{p.wrapper}({inner})")
        return bool(want) and bool(_find(text, p.function, want))

    def expected(self, plan: Plan[WrapConditionParams], text: str) -> str:
        c = self._target(plan, text)
        if plan.params.unwrap:
            m = re.fullmatch(rf"(\s*){plan.params.wrapper}\s*\((.*)\)(\s*)", c.cond.of(text), re.S)
            if m is None:
                raise Manual(f"the condition is no longer {plan.params.wrapper}(...)")
            return text[:c.cond.start] + m.group(1) + m.group(2).strip() + m.group(3) + text[c.cond.end:]
        if plan.params.hint:
            m = re.fullmatch(rf"(\s*){plan.params.hint}(\s*\(.*\)\s*)", c.cond.of(text), re.S)
            if m is None:
                raise Manual(f"the condition is no longer {plan.params.hint}(...)")
            return text[:c.cond.start] + m.group(1) + plan.params.wrapper + m.group(2) + text[c.cond.end:]
        return text[:c.cond.start] + f"{plan.params.wrapper}(" + c.cond.of(text) + ")" + text[c.cond.end:]

    def overreach(self, plan: Plan[WrapConditionParams]) -> str:
        if plan.params.unwrap:
            return f"the rule changed more than dropping {plan.params.wrapper}() from the quoted condition"
        if plan.params.hint:
            return (f"the rule changed more than making the quoted condition's {plan.params.hint}() a "
                    f"{plan.params.wrapper}()")
        return f"the rule changed more than wrapping the quoted condition in {plan.params.wrapper}()"


RECIPE = WrapCondition()
