"""Swap the two branches of a quoted ternary the reviewer calls reversed: `on ? 'N' : 'Y'` -> `on ? 'Y' : 'N'`.

Evidence: words that say two things are the wrong way round ("the other way around", "swapped",
"inverted", "backwards", "the opposite"; "reversed" only together with both values named), and on
the quoted lines a ternary whose two branches the comment names, or, when the comment names neither,
the only ternary there.  Anything else (several candidates, nested ternaries, two on the line) is
Manual or not this recipe's.  SmPL swaps the branches, pinned to the quoted line; the check is
that the file equals the quoted text with the two branch texts exchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from cocci import render as R
from patches.ctext import function_named, norm, pretty
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _structural as S
from cocci.recipes.drop_argument import mentions
from patches.model import Suggestion

STRONG = ("other way around", "other way round", "wrong way around", "wrong way round", "swapped",
          "the wrong order", "inverted", "backwards", "the opposite", "flipped", "switched around",
          "mixed up", "interchanged")
WEAK = ("reversed", "reverse", "swap", "switch", "exchange", "flip", "invert")


def _key(text: str, t: S.Ternary) -> tuple[str, str, str]:
    return norm(t.cond.of(text)), norm(t.yes.of(text)), norm(t.no.of(text))


def _find(text: str, fn: str, key: tuple[str, str, str]) -> list[S.Ternary]:
    f = function_named(text, fn)
    if f is None:
        return []
    return [t for t in S.ternaries(text, f.body_start, f.end) if _key(text, t) == tuple(key)]


@dataclass(frozen=True)
class SwapValuesParams(InFunction):
    key: tuple[str, str, str]    # the ternary: (condition, value if true, value if false), normalized
    k: int                       # which such ternary of the function


class SwapValues(S.ExpectedEdit[SwapValuesParams]):
    kind = "swap-values"
    order = Phase.OPERANDS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[SwapValuesParams] | None:
        words = E.prose_words(s.comment)        # "chip->inverted is a bool": a name, nothing inverted
        strong = E.has_any(words, STRONG)
        if not strong and not E.has_any(words, WEAK):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        quoted = S.ternaries(ctx.text, first, last)
        if not quoted:
            return None
        named = [t for t in quoted if mentions(s.comment, t.yes.of(ctx.text).strip())
                 and mentions(s.comment, t.no.of(ctx.text).strip())]
        if len(named) > 1:
            raise Manual("the comment names the values of several quoted ternaries")
        if named:
            target = named[0]
        elif strong and len(quoted) == 1:
            target = quoted[0]
        elif strong:
            raise Manual(f"{len(quoted)} ternaries on the quoted lines: which one is reversed is not clear")
        else:
            return None
        if sum(1 for t in S.ternaries(ctx.text, target.yes.line, target.yes.line)
               if t.yes.line == target.yes.line) > 1:
            raise Manual("several ternaries on the quoted line: the rule could not tell them apart")
        key = _key(ctx.text, target)
        k = next(n for n, t in enumerate(_find(ctx.text, fn.name, key)) if t.yes == target.yes)
        yes, no = key[1], key[2]
        return Plan(self.kind, slug=f"{yes}-{no}", order=self.order, files=[ctx.path],
                    params=SwapValuesParams(fn.name, key=key, k=k),
                    summary=f"Swap {pretty(yes)} and {pretty(no)} in the ternary on {pretty(key[0])}")

    def _target(self, plan: Plan[SwapValuesParams], text: str) -> S.Ternary:
        fn = plan.params.function
        return E.kth(_find(text, fn, plan.params.key), plan.params.k, "ternary", fn)

    def render(self, s: Suggestion, plan: Plan[SwapValuesParams], ctx: CodeContext) -> str:
        t = self._target(plan, ctx.text)
        metavars = [f"identifier fn = {plan.params.function};", "expression c, a, b;",
                    R.position_constraint("p", [t.yes.line])]
        body = "- c ? a@p : b\n+ c ? b : a"
        desc = f"Swap the branches of the quoted ternary in {plan.params.function}()"
        return R.header(desc, s) + "\n" + R.rule("swap", metavars, R.in_function("fn", body))

    def expected(self, plan: Plan[SwapValuesParams], text: str) -> str:
        t = self._target(plan, text)
        yes, no = t.yes.of(text), t.no.of(text)
        return text[:t.yes.start] + no + text[t.yes.end:t.no.start] + yes + text[t.no.end:]

    def is_applied(self, s: Suggestion, plan: Plan[SwapValuesParams], text: str) -> bool:
        cond, yes, no = plan.params.key
        return not _find(text, plan.params.function, (cond, yes, no)) and \
            bool(_find(text, plan.params.function, (cond, no, yes)))

    def overreach(self, plan: Plan[SwapValuesParams]) -> str:
        return "the rule changed more than the two branches of the quoted ternary"


RECIPE = SwapValues()
