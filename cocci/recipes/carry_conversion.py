"""Carry the patch's own conversion to one more place the reviewer names, as a verified text edit.

Evidence: the comment names a function F() that one of the patch's files defines and says a place
there was missed ("there is one more user in F(), right?", "you missed one in F()", "F() needs the
same change", "what about the call in F()?").  The change is learnt from the patch itself: every
'-'/'+' line pair that differs in one identifier only (`A(x, y)` -> `B(x, y)`, `OLD` -> `NEW`).  When
exactly one such conversion still has a place in F(), it is made there: a call only with the
arguments the patch converted it with, a plain name only when F() has exactly one of it.  Anything
else (no conversion learnt, two that could be meant, nothing left in F()) is manual.

Such a remark may sit under the commit message: the function it names decides the place, so the
recipe also reads comments anchored in the message (``reads_message``) and retargets its plan to
the file that defines F() (``retargets``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import linediff
from cocci import render as R
from cocci import textedit as T
from patches.ctext import KEYWORDS, function_named, mask, tokens
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from patches.model import Suggestion

_MISSED = re.compile(
    r"\b(one more|another (one|user|caller|call|place|site|instance|occurrence|use)|missed|you miss|"
    r"remaining (users?|callers?|calls?|uses?|ones?|places?|instances?)|left over|still (uses?|calls?|has)|"
    r"needs? the same|same (change|conversion|treatment|fix)|(what|how) about the (call|user|caller|one|use)s?|"
    r"also needs? (the same|this|that|it)|not converted|forgot)\b", re.I)
_FUNC = re.compile(r"\b([A-Za-z_]\w*)\s*\(\)")
_WORD = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class Conversion:
    old: str                    # the identifier the patch replaced
    new: str                    # what it wrote instead
    args: frozenset[str]        # the argument texts (tokens joined) of the converted calls; empty: not a call


def _args_after(toks: list[str], i: int) -> str | None:
    """The argument tokens of the call whose name is TOKS[i], joined by spaces; None when not a call."""
    if i + 1 >= len(toks) or toks[i + 1] != "(":
        return None
    depth = 0
    for j in range(i + 1, len(toks)):
        depth += toks[j] == "("
        depth -= toks[j] == ")"
        if depth == 0:
            return " ".join(toks[i + 2:j])
    return None


def pair_conversion(old_line: str, new_line: str) -> tuple[str, str, str | None] | None:
    """(old name, new name, call arguments or None) when OLD_LINE and NEW_LINE differ in one identifier."""
    a, b = tokens(mask(old_line)), tokens(mask(new_line))
    if len(a) != len(b) or not a:
        return None
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) != 1:
        return None
    k = diff[0]
    if not (_WORD.fullmatch(a[k]) and _WORD.fullmatch(b[k])) or a[k] in KEYWORDS or b[k] in KEYWORDS:
        return None
    if k > 0 and a[k - 1] in ("->", "."):
        return None                         # a member, not a name of its own
    return a[k], b[k], _args_after(a, k)


def learn(files: dict[str, str], base: dict[str, str]) -> list[Conversion]:
    """The one-identifier conversions the patch makes (BASE -> FILES), merged by (old, new)."""
    found: dict[tuple[str, str], tuple[set[str], bool]] = {}
    for path, after in files.items():
        before = base.get(path)
        if not before:
            continue
        a, b = before.splitlines(), after.splitlines()
        for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
            if tag != "replace" or i2 - i1 != j2 - j1:
                continue
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                conv = pair_conversion(x, y)
                if conv is None:
                    continue
                args, plain = found.setdefault((conv[0], conv[1]), (set(), False))
                if conv[2] is None:
                    found[(conv[0], conv[1])] = (args, True)
                else:
                    args.add(conv[2])
    return [Conversion(o, n, frozenset(args) if not plain else frozenset())
            for (o, n), (args, plain) in found.items()]


def _places(text: str, first: int, last: int, conv: Conversion) -> list[tuple[int, int]]:
    """(0-based line, column) of every place in lines FIRST..LAST (1-based) where CONV still applies."""
    src, masked = text.splitlines(), mask(text).splitlines()
    out = []
    body = "\n".join(masked[first - 1:last])
    toks_all = [(m.start(), m.group()) for m in re.finditer(
        r"[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\S", body)]
    toks = [t for _, t in toks_all]
    offsets = [sum(len(ln) + 1 for ln in masked[first - 1:first - 1 + k]) for k in range(last - first + 2)]
    for i, t in enumerate(toks):
        if t != conv.old or (i > 0 and toks[i - 1] in ("->", ".")):
            continue
        if conv.args:
            args = _args_after(toks, i)
            if args is None or args not in conv.args:
                continue
        pos = toks_all[i][0]
        line = max(k for k in range(len(offsets)) if offsets[k] <= pos)
        out.append((first - 1 + line, pos - offsets[line]))
    return [(ln, col) for ln, col in out if src[ln][col:col + len(conv.old)] == conv.old]


@dataclass(frozen=True)
class CarryConversionParams(InFunction):
    old: list[str]               # the lines of the place the patch missed
    new: list[str]               # the same lines converted
    line: int                    # where OLD starts
    from_: str                   # what the patch replaces
    to: str                      # ... and by what
    count: int                   # how many conversions the lines get


class CarryConversion(Recipe[CarryConversionParams]):
    kind = "carry-conversion"
    order = Phase.MISSED_PLACES
    is_text_edit = True
    reads_message = True        # the remark may quote only the commit message
    retargets = True            # the plan's file is the one that defines the function named

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[CarryConversionParams] | None:
        if not _MISSED.search(s.comment) or s.code:
            return None
        named = [n for n in dict.fromkeys(_FUNC.findall(s.comment))]
        homes = {n: [p for p, t in ctx.files.items() if p.endswith((".c", ".h")) and function_named(t, n)]
                 for n in named}
        homes = {n: ps for n, ps in homes.items() if ps}
        if not homes:
            return None
        if len(homes) > 1:
            raise Manual(f"the comment names {len(homes)} functions of the patch: "
                         + ", ".join(f"{n}()" for n in homes))
        (fn_name, paths), = homes.items()
        if len(paths) > 1:
            raise Manual(f"{fn_name}() is defined in {len(paths)} files of the patch")
        if ctx.base_files is None:
            raise Manual("the files before the patch are unknown: no conversion to learn")
        path = paths[0]
        convs = learn(ctx.files, ctx.base_files)
        if not convs:
            raise Manual("the patch makes no one-name conversion to carry over")
        text = ctx.files[path]
        fn = function_named(text, fn_name)
        assert fn is not None
        fits = [(c, _places(text, fn.start, fn.end, c)) for c in convs]
        fits = [(c, p) for c, p in fits if p]
        if not fits:
            raise Manual(f"{fn_name}() has no place left for the patch's conversion "
                         + ", ".join(f"{c.old} -> {c.new}" for c in convs))
        if len(fits) > 1:
            raise Manual(f"{fn_name}() has places for {len(fits)} of the patch's conversions: "
                         + ", ".join(f"{c.old} -> {c.new}" for c, _ in fits) + ": ambiguous")
        conv, places = fits[0]
        if not conv.args and len(places) > 1:
            raise Manual(f"{fn_name}() has {conv.old} {len(places)} times: which one is meant is unclear")
        src = text.splitlines()
        lo, hi = min(ln for ln, _ in places), max(ln for ln, _ in places)
        old = src[lo:hi + 1]
        new = list(old)
        for ln, col in sorted(places, reverse=True):
            k = ln - lo
            new[k] = new[k][:col] + conv.new + new[k][col + len(conv.old):]
        return Plan(self.kind, slug=conv.new, order=self.order, files=[path],
                    summary=f"Use {conv.new}{'()' if conv.args else ''} in {fn_name}() too",
                    params=CarryConversionParams(fn_name, old=old, new=new, line=lo + 1,
                                                 from_=conv.old, to=conv.new, count=len(places)))

    def text_edit(self, s: Suggestion, plan: Plan[CarryConversionParams], ctx: CodeContext) -> T.TextEdit:
        return T.TextEdit(str(plan.files[0]), plan.params.function,
                          list(plan.params.old), list(plan.params.new),
                          plan.summary, line=plan.params.line)

    def render(self, s: Suggestion, plan: Plan[CarryConversionParams], ctx: CodeContext) -> str:
        te = self.text_edit(s, plan, ctx)
        return R.text_edit_rule(plan.summary, s, te, [
            f"The patch replaces {plan.params.from_} by {plan.params.to}; the review names "
            f"{plan.params.function}() as a place it missed."])

    def is_applied(self, s: Suggestion, plan: Plan[CarryConversionParams], text: str) -> bool:
        return T.replaced(text, plan.params)

    def verify(self, s: Suggestion, plan: Plan[CarryConversionParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else f"{plan.params.function}() still has the old name"


RECIPE = CarryConversion()
