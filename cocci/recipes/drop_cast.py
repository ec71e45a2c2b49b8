"""Drop a cast the reviewer calls needless: `(unsigned long) ino` -> `ino`.

Evidence, in one sentence of the comment: "cast" (typecast, casting) with words of needlessness
("not necessary", "no need", "drop", "unneeded").  The cast: the only cast on the quoted lines, or
the one whose type or operand that sentence names ("the cast to u64 of len").  Several candidates:
Manual.  SmPL removes the cast, pinned to the quoted line; the check is that the file equals the
quoted text minus the cast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from patches.ctext import Call, Function, calls, function_named, mask, norm
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _calls as CL
from cocci.recipes import _evidence as E
from cocci.recipes import _structural as S
from cocci.recipes._operand_types import WIDTHS, operand_type
from cocci.recipes.drop_argument import mentions, sentences
from patches.model import Response, Suggestion

CAST_WORDS = re.compile(r"\b(type)?cast(s|ing|ed)?\b", re.I)
# a question whether it is needed at all: "Is the cast needed?", "Do we need the cast here?", "Why the cast?"
_DOUBTS_NEED = re.compile(r"\b(?:needed|necessary|required|need)\b[^.!?]*\?|\bwhy\b[^.!?]*\?", re.I)


def _narrowing(cast_type: str, operand_type: str | None) -> str:
    """How a cast to CAST_TYPE can change its operand's value (of OPERAND_TYPE, None when unknown): it is
    narrower than the operand, or narrower than int with the operand's type unknown; '' when it cannot."""
    to = WIDTHS.get(cast_type)
    if to is None:
        return ""                       # a pointer or a type respin does not size: not an integer narrowing
    have = WIDTHS.get(operand_type or "")
    if have is not None and to < have:
        return f"narrows a {operand_type} to {to} bits"
    if have is None and to < 32:
        return f"keeps {to} bits of a value of a type respin cannot read"
    return ""


def _retypes_pointer(cast_type: str, operand_type: str | None) -> str:
    """How a cast to CAST_TYPE converts what C converts only with a cast: a pointer into one to another
    type, neither of them `void *`, an integer into a pointer, or a pointer into an integer ('' when it
    does not, or the operand's type is unknown)."""
    if operand_type is None:
        return ""
    to_ptr, from_ptr = cast_type.endswith("*"), operand_type.endswith("*")
    bare = {" ".join(w for w in t.split() if w not in ("const", "volatile")) for t in (operand_type, cast_type)}
    if to_ptr and from_ptr and "void *" not in bare and len(bare) > 1:
        return f"turns a {operand_type} into a {cast_type}: C converts between pointers to other types only " \
               "with a cast: without it the build warns or fails"
    if to_ptr != from_ptr and (WIDTHS.get(operand_type) or WIDTHS.get(cast_type)):
        return f"turns a {operand_type} into a {cast_type}: C converts between integers and pointers only " \
               "with a cast: without it the build warns or fails"
    return ""


def stands_whole(text: str, cast: S.Cast) -> bool:
    """Whether CAST casts a parenthesised operand, `(u32)(a / b)`, in a place where the operand needs no
    parentheses of its own once the cast goes: the whole right-hand side of an assignment or an
    initializer, a returned value, a whole argument or condition; or the operand is a name alone."""
    m = mask(text)
    op = m[cast.operand.start:cast.operand.end]
    if not (op.startswith("(") and op.endswith(")")):
        return False
    depth = 0
    for i, c in enumerate(op):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth == 0 and i < len(op) - 1:
            return False                # `(a)(b)`: the first parenthesis closes early
    if re.fullmatch(r"\(\s*[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\[[^\]]*\])*\s*\)", op):
        return True                     # `(u32)(rate)`, `(int)(p->len)`: a name needs no parentheses anywhere
    before = m[:cast.span.start].rstrip()
    after = m[cast.operand.end:].lstrip()
    whole_before = re.search(r"(?<![=!<>+\-*/%&|^])=$|\breturn$|[(,]$", before) is not None
    return whole_before and after[:1] in (";", ")", ",")


def _find(text: str, fn: str, ctype: str, operand: str) -> list[S.Cast]:
    f = function_named(text, fn)
    if f is None:
        return []
    return [c for c in S.casts(text, f.body_start, f.end)
            if c.type == ctype and norm(c.operand.of(text)) == operand]


def format_call(text: str, cast: S.Cast) -> Call | None:
    """The call CAST is (part of) an argument of, when that argument comes after a format string of the
    call (`dev_err(dev, "... %d", (int)x)`): the conversion then reads the argument's own type."""
    inner = [c for c in calls(text, max(1, cast.span.line - 8), cast.span.line)
             if any(a.start <= cast.span.start < a.end for a in c.arg_spans)]
    if not inner:
        return None
    call = max(inner, key=lambda c: c.start)      # the innermost call holding the cast
    k = next(i for i, a in enumerate(call.arg_spans) if a.start <= cast.span.start < a.end)
    return call if any(CL.is_string(a) and CL.specs(a) for a in call.args[:k]) else None


def _same_type(cast_type: str, operand_type: str | None) -> bool:
    """Whether a value of OPERAND_TYPE reads in a format the way the cast to CAST_TYPE reads it."""
    if operand_type is None:
        return False
    if cast_type.endswith("*") and operand_type.endswith("*"):
        return True
    return " ".join(cast_type.split()) == " ".join(operand_type.split())


def stated_type(comment: str, ctype: str) -> bool:
    """Whether COMMENT says a value is of type CTYPE ('"ino" is of type "ino_t", which is of type
    "unsigned long"', "it is already an unsigned long"): the reviewer's word for the operand's type."""
    t = r"\s+".join(re.escape(w) for w in ctype.split())
    return re.search(rf"\b(?:is|are)\s+(?:already\s+)?(?:of\s+(?:the\s+)?type\s+|an?\s+)?[\"'`]?{t}[\"'`]?(?![\w*])",
                     comment, re.I) is not None


def stated_of_another(comment: str, ctype: str, operand: str, code: str) -> str | None:
    """The name COMMENT says is of type CTYPE ("size is already loff_t") when it is a name of CODE (the
    function's masked text) that OPERAND, the cast's operand, does not hold: the reason given is about
    another value than the one cast."""
    t = r"\s+".join(re.escape(w) for w in ctype.split())
    m = re.search(rf"\b([A-Za-z_]\w*)\s+(?:is|are)\s+(?:already\s+)?(?:of\s+(?:the\s+)?type\s+|an?\s+)?"
                  rf"[\"'`]?{t}[\"'`]?(?![\w*])", comment, re.I)
    if m is None or not re.search(rf"\b{m.group(1)}\b", code) or re.search(rf"\b{m.group(1)}\b", operand):
        return None
    return m.group(1)


def kept_spacing(want: str, after: str) -> str:
    """AFTER with each line that differs from WANT's line only in blanks after its indentation taken from
    WANT (the author's spacing inside the line), its indentation as AFTER has it (a realigned continuation)."""
    w, a = want.split("\n"), after.split("\n")
    if len(w) != len(a):
        return after
    return "\n".join(y[:len(y) - len(y.lstrip())] + x.lstrip() if x != y and _blankless(x) == _blankless(y) else y
                     for x, y in zip(w, a, strict=True))


def _blankless(line: str) -> str:
    return "".join(line.split())


def _changes_value(ctx: CodeContext, fn: Function, cast: S.Cast, stated: bool = False) -> str:
    """Why dropping CAST (in FN of CTX.text) can change a value ('' when it cannot); STATED: the comment
    says the operand has the cast's type (a format then reads it the same)."""
    operand = norm(cast.operand.of(ctx.text))
    texts = [ctx.text, *ctx.files.values()]
    have = operand_type(ctx.text, fn, operand, texts)
    retyped = _retypes_pointer(cast.type, have)
    if retyped:
        return f"the ({cast.type}) cast of {operand} {retyped}"
    narrows = _narrowing(cast.type, have)
    # the cast as the whole value assigned to a destination no wider than it: the assignment converts
    # the same way
    dest = re.search(r"([A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)\s*[-+|&^]?=\s*$",
                     mask(ctx.text)[:cast.span.start].rsplit("\n", 1)[-1])
    whole = mask(ctx.text)[cast.operand.end:].lstrip().startswith(";")
    into = WIDTHS.get(operand_type(ctx.text, fn, dest.group(1), texts) or "") if dest and whole else None
    # ... or an operand of min_t() / max_t() / clamp_t(), which casts it to its type itself
    typed = re.search(r"\b(?:min|max|clamp|min3|max3)_t\s*\(\s*([A-Za-z_][\w ]*?)\s*,[^()]*$",
                      mask(ctx.text)[:cast.span.start].rsplit("\n", 1)[-1])
    into = WIDTHS.get(" ".join(typed.group(1).split())) if typed and into is None else into
    if narrows and not (into is not None and into <= WIDTHS.get(cast.type, 0)):
        return (f"the ({cast.type}) cast of {operand} {narrows}: without it the value can differ, "
                "which is for the author to weigh")
    printed = format_call(ctx.text, cast)
    if printed is not None and not stated:
        have = operand_type(ctx.text, fn, operand, texts)
        if not _same_type(cast.type, have):
            written = " ".join(cast.operand.of(ctx.text).split())
            return (f"the ({cast.type}) cast of {written} is an argument of {printed.name}()'s format: "
                    f"without it the conversion reads {written} as "
                    f"{'a ' + have if have else 'its own type, which respin cannot read'}, "
                    "which is for the author to match")
    return ""


def _below(ctx: CodeContext, fn: str, cast: S.Cast, last: int,
           whole: bool, first: int = 0) -> tuple[tuple[tuple[str, int], ...], list[str]]:
    """The casts to CAST's type in FN after line LAST (the quote's last) that "same below" takes, as
    (operand, which such cast of that operand); and the ones it leaves, each with why.  With FIRST (the
    quote's first line, for "both"), the casts above the quote too."""
    f = function_named(ctx.text, fn)
    if f is None:
        return (), []
    took: list[tuple[str, int, int]] = []
    kept: list[str] = []
    own = E.own_lines(ctx) if first else None

    def outside(line: int) -> bool:
        return (line > last or line < first) and (own is None or line in own)

    for c in S.casts(ctx.text, f.body_start, f.end):
        if c.type != cast.type or not outside(c.operand.line):
            continue
        operand = norm(c.operand.of(ctx.text))
        why = _changes_value(ctx, f, c) or \
            ("" if stands_whole(ctx.text, c) == whole else "written otherwise than the quoted one")
        if why:
            kept.append(f"the ({c.type}) cast of {operand} on line {c.operand.line}: {why}")
            continue
        hits = _find(ctx.text, fn, c.type, operand)
        took.append((operand, next(n for n, h in enumerate(hits) if h.span == c.span), c.operand.line))
    # the rule is pinned to lines: a line that holds a cast left alone takes none
    left = {c.operand.line for c in S.casts(ctx.text, f.body_start, f.end)
            if c.type == cast.type and outside(c.operand.line)} - {line for _, _, line in took}
    return tuple((o, k) for o, k, line in took if line not in left), kept


@dataclass(frozen=True)
class DropCastParams(InFunction):
    type: str                    # the cast's type
    operand: str                 # what it casts (normalized)
    k: int                       # which such cast in the function
    # "Same below.": the like casts after the quote, (operand, which such cast of it); None when not asked
    later: tuple[tuple[str, int], ...] | None = None
    kept: tuple[str, ...] = ()   # the like casts after the quote "same below" leaves, and why

    def reach_below(self) -> int | None:
        return None if self.later is None else len(self.later)

    def left_to_author(self) -> str:
        return "; ".join(self.kept)


class DropCast(S.ExpectedEdit[DropCastParams]):
    kind = "drop-cast"
    takes_away = True           # a doubting question may ask for it
    supersedes = ("remove-statements",)     # the cast goes, not the statement
    order = Phase.PARAMETER_QUALIFIERS
    tidies_after_spatch = True  # spatch prints the operand anew: "(sector_t)-1" came out "(sector_t) - 1"

    def after_spatch(self, plan: Plan[DropCastParams], path: str, before: str, after: str) -> str:
        try:
            want = self.expected(plan, before)
        except Manual:
            return after
        return kept_spacing(want, after)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropCastParams] | None:
        asked = [t for t in sentences(s.comment) if CAST_WORDS.search(t) and E.has_any(t, S.DROP_WORDS)]
        if not asked and s.response is Response.ACCEPTED:
            # "Is the cast needed?" - "No, will drop it.": the author's agreement makes the doubt a request
            asked = [t for t in sentences(s.comment) if CAST_WORDS.search(t) and _DOUBTS_NEED.search(t)]
        if not asked:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        quoted = S.casts(ctx.text, first, last)
        if not quoted:
            return None
        if len(quoted) > 1:
            named = [c for c in quoted if any(mentions(t, c.type) or mentions(t, c.operand.of(ctx.text))
                                              for t in asked)]
            if len(named) != 1:
                raise Manual(f"{len(quoted)} casts on the quoted lines: which one is needless is not clear")
            quoted = named
        cast = quoted[0]
        operand = norm(cast.operand.of(ctx.text))
        body = "\n".join(mask(ctx.text).splitlines()[fn.start - 1:fn.end])
        other = stated_of_another(s.comment, cast.type, operand, body)
        if other:
            written = " ".join(cast.operand.of(ctx.text).split())
            raise Manual(f"the comment says {other} is {cast.type}, but the ({cast.type}) cast is of {written}: "
                         "which cast is meant is for the author")
        why = _changes_value(ctx, fn, cast, stated_type(s.comment, cast.type))
        if why:
            raise Manual(why)
        hits = _find(ctx.text, fn.name, cast.type, operand)
        k = next(n for n, h in enumerate(hits) if h.span == cast.span)
        later: tuple[tuple[str, int], ...] | None = None
        kept: list[str] = []
        if E.same_below_only(s.comment):
            # "Same below.": the casts to the same type after the quoted lines, each as safe to drop
            # and of the same form (a parenthesised operand or not) as the quoted one
            whole = stands_whole(ctx.text, cast)
            later, kept = _below(ctx, fn.name, cast, last, whole)
        elif E.two_places(s.comment):
            # "Both casts are not needed." under one of them: the one other like cast of the function
            # that the patch adds, above or below the quote, checked as "same below" checks its casts
            later, kept = _below(ctx, fn.name, cast, last, stands_whole(ctx.text, cast), first=first)
            if len(later) != 1 or kept:
                later, kept = (), kept or [E.both_left(len(later), f"({cast.type}) cast", fn.name)]
        return Plan(self.kind, slug=f"{cast.type}-{operand}", order=self.order, files=[ctx.path],
                    params=DropCastParams(fn.name, type=cast.type, operand=operand, k=k, later=later,
                                          kept=tuple(kept)),
                    summary=f"Drop the needless ({cast.type}) cast of {operand}"
                            + (f" (and {len(later)} below)" if later else ""))

    def _targets(self, plan: Plan[DropCastParams], text: str) -> list[S.Cast]:
        """The quoted cast, and the ones below it "same below" takes, in the order of the text."""
        p = plan.params
        out = []
        for operand, k in ((p.operand, p.k), *(p.later or ())):
            hits = _find(text, p.function, p.type, operand)
            if k >= len(hits):
                raise Manual(f"the ({p.type}) cast of {operand} is no longer in {p.function}()")
            out.append(hits[k])
        return sorted(out, key=lambda c: c.span.start)

    def render(self, s: Suggestion, plan: Plan[DropCastParams], ctx: CodeContext) -> str:
        p = plan.params
        casts = self._targets(plan, ctx.text)
        metavars = [f"identifier fn = {p.function};", "expression e;",
                    R.position_constraint("p", sorted({c.operand.line for c in casts}))]
        whole = stands_whole(ctx.text, casts[0])
        body = f"- ({p.type})(e)@p\n+ e" if whole else f"- ({p.type})e@p\n+ e"
        desc = f"Drop the ({p.type}) cast of {p.operand} in {p.function}(), on the quoted line"
        if p.later:
            desc += f" and the {len(p.later)} like one(s) below it (\"same below\")"
        return R.header(desc, s) + "\n" + R.rule("drop_cast", metavars, R.in_function("fn", body))

    def is_applied(self, s: Suggestion, plan: Plan[DropCastParams], text: str) -> bool:
        p = plan.params
        return all(not _find(text, p.function, p.type, operand)[k:]
                   for operand, k in ((p.operand, p.k), *(p.later or ())))

    def expected(self, plan: Plan[DropCastParams], text: str) -> str:
        for cast in reversed(self._targets(plan, text)):
            if stands_whole(text, cast):
                text = text[:cast.span.start] + text[cast.operand.start + 1:cast.operand.end - 1] + \
                    text[cast.operand.end:]
            else:
                text = text[:cast.span.start] + text[cast.operand.start:]
        return text

    def overreach(self, plan: Plan[DropCastParams]) -> str:
        return f"the rule changed more than the ({plan.params.type}) cast"


RECIPE = DropCast()
