"""An expression the reviewer wrote as the whole comment replaces the part of the quoted line it stands
for: "BIT(7)" under `#define X (1 << 7)`, "sizeof(*priv->levels)" under `..., sizeof(u8), ...`,
"GENMASK(7, 4)" under `... & 0xf0`.

Evidence: the comment is one C expression and nothing else (a leading "Use"/"Prefer"/"Nit:", a
trailing "?", "." or "please" aside), a call-like `h(args)` with arguments, or "NEW instead of OLD"
for two such expressions with the same head (OLD then says which part); and exactly one sub-expression of
the quoted lines (the lines the comment sits under first) lines up with it:
  - the same head with other arguments: `sizeof(u8)` for `sizeof(*p)`, `foo(a, 1)` for `foo(a, 2)`;
  - the open-coded value of a bit helper with those arguments: `BIT(n)` for `1 << n` (`1U`, `1UL`,
    with or without the parentheses around it), `GENMASK(h, l)` for a literal of that value.
A value spelled with the kernel's unit constants anywhere in the comment ("Spell it (60 * MSEC_PER_SEC),
a bare 60000 ...", "SZ_4K instead of 4096"; see _units) stands for the one literal of that value.
That sub-expression becomes the reviewer's; nothing else of the line changes, except that a last
argument that would take the line past 80 columns moves to the head of the call's next line, and a
statement wrapped because it did not fit in 80 columns is joined into one line when it fits now.  An expression that
lines up with nothing, or with several places, is manual.  A verified text edit (it works on
`#define` lines and initializers as well as in functions).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from cocci.recipes import _evidence as E
from cocci.recipes import _c_types as C
from cocci.recipes import _constexpr as K
from cocci.recipes import _fields as F
from cocci.recipes import _style as ST
from cocci.recipes import _units as U
from cocci.recipes._calls import TYPED_FORMS
from cocci.recipes._operand_types import WIDTHS, member_declarator, operand_type
from cocci.recipes.add_include import header_companion
from patches.ctext import (Function, all_statements, declaration, declared_names, function_at, function_named,
                           functions, mask, norm, occurrences)
from patches.model import Suggestion

_LEAD = re.compile(r"^(?:(?:nit|nitpick|minor)\s*:\s*)?(?:(?:please\s+)?(?:use|prefer)\s+|maybe\s+|why\s+not\s+)?",
                   re.I)
_TAIL = re.compile(r"(?:\s*(?:\binstead\b|\bhere\b|\bplease\b|\b(?:is|are)\s+(?:enough|sufficient|simpler)\b|"
                   r"\b(?:would|will|should)\s+do\b|\bsuffices\b|[?.!,]))+\s*$", re.I)
# the kernel's fixed-width types and the C99 spellings they stand for (the same typedef'd width and sign)
KERNEL_TYPES = {f"{k}{n}": f"{c}{n}_t" for n in (8, 16, 32, 64) for k, c in (("u", "uint"), ("s", "int"))}


_PATH = r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[\s*\w+\s*\])*"


def null_test_request(comment: str) -> str | None:
    """EXPR when COMMENT is `!EXPR` alone ("!ring", "`!priv->buf`, please"): the NULL comparison of
    EXPR on the quoted line becomes it."""
    t = _TAIL.sub("", _LEAD.sub("", " ".join(comment.split()))).strip()
    # checkpatch's own words, pasted whole or under "checkpatch says:" ("CHECK: Comparison to NULL could be
    # written "!chip"")
    m = re.search(rf"(?:^|\bCHECK:\s*(?:COMPARISON_TO_NULL:\s*)?)(?:comparison|compare|comparing)\s+(?:to|with|"
                  rf"against)\s+NULL\s+(?:could|can|should)\s+be\s+written\s+[`'\"]!\s*({_PATH})[`'\"]\W*$", t, re.I)
    t = re.sub(r"\s+(?:instead\s+of|rather\s+than)\s+.*$", "", t, flags=re.I).strip().strip("`'\"")
    m = m or re.fullmatch(rf"!\s*({_PATH})", t)
    # "checkpatch will complain: use !chip": the last clause, after its lead-in
    last = _LEAD.sub("", re.split(r"[:;,]\s+", t)[-1]).strip().strip("`'\"") if not m else ""
    m = m or re.fullmatch(rf"!\s*({_PATH})", last)
    return re.sub(r"\s+", "", m.group(1)) if m else None


def _null_spans(line: str, expr: str) -> list[tuple[int, int]]:
    """Spans of `EXPR == NULL` / `NULL == EXPR` in LINE (masked)."""
    e = r"\s*".join(re.escape(t) for t in re.findall(r"->|[A-Za-z_]\w*|\S", expr))
    rx = rf"(?<![\w.>]){e}\s*==\s*NULL\b|\bNULL\s*==\s*{e}(?![\w\[(]|->|\.)"
    return [(m.start(), m.end()) for m in re.finditer(rx, line) if _whole_operand(line, m.start(), m.end())]


def _whole_operand(line: str, a: int, b: int) -> bool:
    """Whether LINE[A:B] (a comparison) is a whole operand: nothing that binds tighter than `==` is
    next to it (`*pp == NULL` is not `pp == NULL`, `base + off == NULL` is not `off == NULL`)."""
    before, after = line[:a].rstrip(), line[b:].lstrip()
    opens = before == "" or before.endswith(("(", "&&", "||", ",", "?", ":", "{", ";")) \
        or re.search(r"(?:^|[^=!<>+\-*/%&|^])=$|\breturn$", before) is not None
    closes = after == "" or after.startswith((")", "&&", "||", ";", ",", "?", ":"))
    return opens and closes


def type_request(comment: str) -> tuple[str, str] | None:
    """(kernel type, the C99 type it replaces) when COMMENT is the kernel type alone ("u32, please.") or
    "u32 instead of uint32_t" / "u32 rather than uint32_t"."""
    t = _TAIL.sub("", _LEAD.sub("", " ".join(comment.split()))).strip()
    m = _INSTEAD.match(t)
    new, old = (m.group("new").strip(), m.group("old").strip()) if m else (t, "")
    if new not in KERNEL_TYPES or old not in ("", KERNEL_TYPES[new]):
        return None
    return new, KERNEL_TYPES[new]
_CALL = re.compile(r"^([A-Za-z_]\w*)\s*\((.*)\)$", re.S)
# ", as in the rest of the file", "like everywhere else", "(for consistency)", ", that's the preferred
# style": why, after the expression
_WHY = re.compile(r"\s*[,;(]?\s*(?:\b(?:as|like)\s+(?:in|for|with|everywhere|elsewhere|the\s+rest|other|all|done|"
                  r"used|we)\b|\bfor\s+consistency\b|\bto\s+match\b|\bconsistent\s+with\b|\bto\s+be\s+consistent\b|"
                  # ", that's the preferred style", ", which is what coding-style asks for"
                  r"\b(?:that|it|this)(?:'s|\u2019s|\s+is)\b|\bwhich\s+is\b|\bper\s+(?:the\s+)?coding[\s-]style\b)"
                  r"[^()]*\)?\s*[.!]?\s*$", re.I)


# an argument the reviewer left out: "..." (or the one-character ellipsis)
_ELIDED = re.compile(r"\.\.\.|\u2026")


def expression(comment: str) -> tuple[str, str, list[str]] | None:
    """(the expression, its head, its arguments) when COMMENT is one call-like C expression."""
    t = " ".join(comment.split())
    t = _TAIL.sub("", _LEAD.sub("", _WHY.sub("", t))).strip()
    cuts = _clause_breaks(t)
    if cuts and re.search(r"\b[a-z]+ [a-z]+ [a-z]+\b", mask(t)):
        # "regmap_write() returns 0 or an error, so if (ret) is enough": the last clause, after its "so"
        last = re.sub(r"^(?:so|then|thus|hence)\s+", "", t[cuts[-1][1]:], flags=re.I)
        t = last if _CALL.fullmatch(last) and ";" not in last else t
    m = _CALL.match(t)
    if m is None or ";" in t or re.search(r"\b[a-z]+ [a-z]+ [a-z]+\b", mask(t)):
        return None
    args = _split_args(m.group(2))
    if args is None or not any(a.strip() for a in args) or any(_ELIDED.search(a) for a in args):
        return None         # "dev_err(dev, ...)": the arguments left out are no code to write
    return t, m.group(1), [a.strip() for a in args]


_INSTEAD = re.compile(r"^(?P<new>.+?)\s+(?:instead\s+of|rather\s+than)\s+(?P<old>.+?)$", re.I)


def instead(comment: str) -> tuple[str, str] | None:
    """(new, old) when COMMENT is "NEW instead of OLD" for two call-like expressions with the same head
    ("Use sizeof(*p) instead of sizeof(struct foo)"); a change of the head is a call rename's business."""
    t = " ".join(comment.split()).strip().rstrip(".?! ")
    # a lead-in ("While at it, ...", "Since this line changes anyway: ...") or a reason after the old
    # expression ("..., it survives a type change") is a clause of its own, outside any parentheses
    cuts = _clause_breaks(t)
    for a in [0, *(e for _, e in cuts)]:
        m = _INSTEAD.match(_LEAD.sub("", t[a:]).strip())
        if m is None:
            continue
        new = expression(m.group("new"))
        for old_text in [m.group("old"), *(m.group("old")[:s] for s, _ in _clause_breaks(m.group("old")))]:
            old = expression(old_text)
            if new is not None and old is not None and new[1] == old[1]:
                return new[0], old[0]
    return None


def _clause_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ", " / ": " / "; " of TEXT outside parentheses."""
    out, depth = [], 0
    for i, c in enumerate(text):
        depth += (c in "([{") - (c in ")]}")
        if depth == 0 and c in ",:;" and text[i + 1:i + 2] == " ":
            out.append((i, i + 2))
    return out


def _split_args(text: str) -> list[str] | None:
    out, depth, cur = [], 0, ""
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return None
        if c == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
    return out + [cur] if depth == 0 else None


def _literal(text: str) -> int | None:
    t = re.sub(r"[uUlL]+$", "", text.strip())
    try:
        return int(t, 0)
    except ValueError:
        return None


def _call_spans(line: str, head: str) -> list[tuple[int, int]]:
    """Spans of `head(...)` in LINE (masked), parentheses balanced."""
    out = []
    for m in re.finditer(rf"(?<![\w.>]){re.escape(head)}\s*\(", line):
        depth = 0
        for j in range(m.end() - 1, len(line)):
            depth += {"(": 1, ")": -1}.get(line[j], 0)
            if depth == 0:
                out.append((m.start(), j + 1))
                break
    return out


def _typed_form_spans(line: str, head: str, args: list[str]) -> list[tuple[int, int]]:
    """Spans of LINE (masked) of the other form of `head(args)` among min()/min_t() and their kin with the
    same operands: `min(len, max)` for the reviewer's `min_t(size_t, len, max)`, and the other way."""
    untyped = {v: k for k, v in TYPED_FORMS.items()}
    if head in TYPED_FORMS:
        other, operands = TYPED_FORMS[head], [norm(a) for a in args[1:]]
    elif head in untyped:
        other, operands = untyped[head], [norm(a) for a in args]
    else:
        return []
    out = []
    for a, b in _call_spans(line, other):
        inner = _split_args(line[line.index("(", a) + 1:b - 1])
        have = [norm(x) for x in inner or []]
        if (have[1:] if other in TYPED_FORMS else have) == operands:
            out.append((a, b))
    return out


def _aligned(line: str, head: str, args: list[str]) -> list[tuple[int, int]]:
    """Spans of LINE (masked) that the expression `head(args)` stands for."""
    spans = _call_spans(line, head)
    if spans:
        return spans
    typed = _typed_form_spans(line, head, args)
    if typed:
        return typed
    if head in ("BIT", "BIT_ULL") and len(args) == 1:
        n = re.escape(args[0])
        one = r"1(?:ULL|UL|U|LL|L)?" if head == "BIT" else r"1(?:ULL|LL)"
        count = rf"(?:\(\s*{n}\s*\)|{n})"     # the shift count, in parentheses of its own or not
        rx = rf"\(\s*{one}\s*<<\s*{count}\s*\)|(?<![\w.])(?<!<<\s){one}\s*<<\s*{count}(?![\w(])"
        shifts = [(m.start(), m.end()) for m in re.finditer(rx, line)]
        bit = _literal(args[0])
        if shifts or bit is None or not 0 <= bit < 64:
            return shifts
        return mask_spans(line, 1 << bit)
    if head in ("GENMASK", "GENMASK_ULL") and len(args) == 2:
        h, lo = _literal(args[0]), _literal(args[1])
        if h is None or lo is None or not 0 <= lo <= h < 64:
            return []
        want = ((1 << (h + 1)) - 1) & ~((1 << lo) - 1)
        return mask_spans(line, want)
    return []


def literal_spans(line: str, value: int) -> list[tuple[int, int]]:
    """Spans of the integer literals of LINE (masked) that have VALUE (`0x08` for 8), not one that is
    shifted or is a shift count."""
    return [(m.start(), m.end()) for m in re.finditer(r"(?<![\w.])(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*(?![\w.])", line)
            if _literal(m.group(0)) == value and not re.search(r"(?:<<|>>)\s*$", line[:m.start()])
            and not re.match(r"\s*(?:<<|>>)", line[m.end():])]


def mask_spans(line: str, value: int) -> list[tuple[int, int]]:
    """literal_spans of VALUE that stand where a bit mask does: an operand of `&`, `|`, `^` or `~`
    (or of `&=`, `|=`, `^=`), or a literal written in hex that is no operand of arithmetic, of an
    ordering comparison or an array size.  A decimal `16` in `char buf[16]` or `n = 16` is a count."""
    out = []
    for a, b in literal_spans(line, value):
        before = re.sub(r"[\s(]+$", "", line[:a])
        after = re.sub(r"^[\s)]+", "", line[b:])
        bitwise = re.search(r"(?<![&|])[&|^~]=?$", before) is not None or \
            re.match(r"(?:[&|^](?![&|])|[&|^]=)", after) is not None
        counted = re.search(r"(?:[-+*/%<>\[]|[<>]=)$", before) is not None or \
            re.match(r"[-+*/%<>\]]", after) is not None
        hexa = re.match(r"0[xX]", line[a:b]) is not None
        if bitwise or (hexa and not counted):
            out.append((a, b))
    return out


def constant_value(expr: str) -> int | None:
    """The value of a constant macro body: a literal, `BIT(n)`, `BIT_ULL(n)`, `GENMASK(h, l)` or
    `1 << n`, in parentheses or not; None for anything else."""
    e = expr.strip()
    while e.startswith("(") and e.endswith(")") and e.count("(") == e.count(")"):
        e = e[1:-1].strip()
    lit = _literal(e)
    if lit is not None:
        return lit
    m = re.fullmatch(r"BIT(?:_ULL)?\(\s*(\w+)\s*\)|1[uUlL]*\s*<<\s*\(?\s*(\w+)\s*\)?", e)
    if m:
        n = _literal(m.group(1) or m.group(2))
        return 1 << n if n is not None and 0 <= n < 64 else None
    m = re.fullmatch(r"GENMASK(?:_ULL)?\(\s*(\w+)\s*,\s*(\w+)\s*\)", e)
    if m:
        h, lo = _literal(m.group(1)), _literal(m.group(2))
        if h is not None and lo is not None and 0 <= lo <= h < 64:
            return ((1 << (h + 1)) - 1) & ~((1 << lo) - 1)
    return None


def constant_request(comment: str) -> str | None:
    """NAME when COMMENT names one macro as what the code means ("That is TIMER_A_ENABLE.", "Use
    QX_CTRL_EN here", "QX_CTRL_EN?")."""
    t = _TAIL.sub("", _LEAD.sub("", " ".join(comment.split()))).strip()
    t = re.sub(r"^(?:(?:that|this|it)(?:'s|\s+is)(?:\s+just)?|i\.?e\.?,?)\s+", "", t, flags=re.I).strip("`'\" ")
    return t if re.fullmatch(r"[A-Z][A-Z0-9]*_[A-Z0-9_]+", t) else None


def defined_constant(texts: list[str], name: str) -> int | None:
    """The value TEXTS `#define` NAME to, when it is one constant (constant_value) defined once."""
    found = [m.group(1) for t in texts for m in re.finditer(rf"^[ \t]*#[ \t]*define[ \t]+{re.escape(name)}[ \t]+"
                                                            r"(.+?)[ \t]*(?:/\*.*)?$", t, re.M)]
    values = {constant_value(f) for f in found}
    return values.pop() if len(values) == 1 else None


Spans = Callable[[str], list[tuple[int, int]]]
# a comment about more than one place
_PLURAL = re.compile(r"\b(?:both|all|these|those|each|every|everywhere|throughout|fields)\b", re.I)
# "FIELD_GET()", "FIELD_PREP", "FIELD_{GET,PREP}", "FIELD_GET/PREP()", "the bitfield.h helpers": named bare
_FIELD_BOTH = re.compile(r"\bFIELD_(?:\{\s*GET\s*,\s*PREP\s*\}|\{\s*PREP\s*,\s*GET\s*\}|GET\s*/\s*(?:FIELD)?_?PREP|"
                         r"PREP\s*/\s*(?:FIELD)?_?GET|\*)|\bbitfield(?:\.h)?(?:>)?\s+(?:helpers?|macros?)\b|"
                         r"<linux/bitfield\.h>")


def field_request(comment: str) -> set[str]:
    """The FIELD_*() helpers COMMENT asks for without writing their arguments: FIELD_GET, FIELD_PREP or
    both ("FIELD_GET() please", "Use FIELD_GET/PREP", "the helpers in <linux/bitfield.h>"); none when it
    writes them (`FIELD_GET(MASK, reg)`) or turns them down."""
    heads = {f"FIELD_{m.group(1)}" for m in re.finditer(r"\bFIELD_(GET|PREP)\b(?!\s*\(\s*[^)\s])", comment)}
    if _FIELD_BOTH.search(comment):
        heads = {"FIELD_GET", "FIELD_PREP"}
    return {h for h in heads if not E.rejected(comment, h)}


def field_facts(ctx: CodeContext) -> tuple[K.Lookup, Callable[[str], int | None]]:
    """How the fields of CTX's file are proven: the object-like macros of the patch's files (then of the
    headers the file includes, read from the tree), and the declared width of a register operand."""
    local = K.defines([ctx.text, *ctx.files.values()])
    headers = C.Headers(ctx.path, ctx.text, ctx.tree_read) if ctx.tree_read else None

    seen: dict[str, list[str]] = {}

    def look(name: str) -> list[str]:
        if name not in seen:
            seen[name] = local(name)
            if not seen[name] and headers is not None:
                rx = re.compile(rf"^[ \t]*#[ \t]*define[ \t]+{re.escape(name)}(?![\w(])", re.M)
                hit = headers.find(lambda t: rx.search(t) is not None)
                seen[name] = K.defines([hit[1]])(name) if hit else []
        return seen[name]

    fn = function_named(ctx.text, ctx.function) if ctx.function else None

    def width(value: str) -> int | None:
        if fn is None:
            return None
        typ = operand_type(ctx.text, fn, value, [ctx.text, *ctx.files.values()])
        return WIDTHS.get(" ".join(typ.split())) if typ else None

    return look, width


def _asked(comment: str, ctx: CodeContext) -> tuple[tuple[str, str, list[str]], Spans] | None:
    """What COMMENT asks to write ((expression, head, arguments)) and where on a masked line that
    stands: a call-like expression, a kernel type for its C99 spelling, `!p` for `p == NULL`, a
    macro the files define for a literal of its value."""
    pair = instead(comment)
    got = expression(pair[0] if pair else comment)
    counted = _array_size_request(comment, ctx)
    if counted is not None:
        got, bound = counted
        return got, lambda line: [sp for sp in literal_spans(line, bound) if _a_count(line, *sp)]
    if got is not None and got[1] in ("FIELD_GET", "FIELD_PREP") and len(got[2]) == 2:
        mask_value = _value_of(got[2][0], [ctx.text, *ctx.files.values()])
        head, args = got[1], got[2]
        look, width = field_facts(ctx)
        mask_value = mask_value if mask_value is not None else K.evaluate(args[0], look)

        def spans(line: str) -> list[tuple[int, int]]:
            """The open code with a literal shift, else a field whose shift is a name (_fields)."""
            return _field_spans(line, head, args, mask_value) or \
                [(f.start, f.end) for f in F.fields(line, look, width) if f.head == head and not f.problem
                 and f.value == F.squash(args[1]) and K.evaluate(f.mask, look) == mask_value]
        return got, spans
    if got is not None:
        head, args = got[1], got[2]
        return got, lambda line: _aligned(line, head, args)
    typed = type_request(comment)
    if typed is not None and "/uapi/" in "/" + ctx.path:
        raise Manual(f"{ctx.path} is a uapi header: {typed[0]} is not exported to user space (its spelling there "
                     f"is __{typed[0]})")
    if typed is not None:
        old = typed[1]
        return (typed[0], typed[0], []), \
            lambda line: [(x.start(), x.end()) for x in re.finditer(rf"(?<![\w.>]){old}(?!\w)", line)]
    null = null_test_request(comment)
    if null is not None:
        return (f"!{null}", "!", []), lambda line: _null_spans(line, null)
    named = constant_request(comment)
    value = defined_constant([ctx.text, *ctx.files.values()], named) if named else None
    if named is not None and value is not None:
        spans_of = mask_spans if _defined_as_mask([ctx.text, *ctx.files.values()], named) else literal_spans
        return (named, named, []), \
            lambda line: [] if re.match(r"\s*#\s*define\b", line) else spans_of(line, value)
    unit = U.unit_value(comment)
    if unit is not None and unit.value > 1:
        first = re.findall(r"[A-Z]\w+", unit.expr)[0]
        return (unit.expr, first, []), lambda line: literal_spans(line, unit.value)
    return None


_COUNT_INSTEAD = re.compile(r"^(?P<new>.+?\))\s+(?:instead\s+of|rather\s+than|for)\s+(?:the\s+)?(?:(?:hard[-\s]?coded|"
                            r"magic|literal|bare)\s+)*(?P<old>\d+)\b", re.I)


def _array_size_request(comment: str, ctx: CodeContext) -> tuple[tuple[str, str, list[str]], int] | None:
    """(`ARRAY_SIZE(a)` as an expression, the number of elements a is declared with) when COMMENT is
    "ARRAY_SIZE(a)" alone or "ARRAY_SIZE(a) instead of N" with N that number; the same for `sizeof(a)`
    of a local array of bytes; None otherwise."""
    t = _TAIL.sub("", _LEAD.sub("", " ".join(comment.split()))).strip()
    m = _COUNT_INSTEAD.match(t)
    got = expression(m.group("new") if m else t)
    if got is None or got[1] not in ("ARRAY_SIZE", "sizeof") or len(got[2]) != 1:
        return None
    fn = function_named(ctx.text, ctx.function) if ctx.function else None
    if got[1] == "sizeof" and not _byte_array(ctx.text, fn, got[2][0]):
        return None         # sizeof() of anything but a local array of bytes is no count of elements
    bound = array_bound(ctx.text, fn, got[2][0], [ctx.text, *ctx.files.values()])
    if bound is None or (m is not None and int(m.group("old")) != bound):
        return None
    return got, bound


def _byte_array(text: str, fn: Function | None, name: str) -> bool:
    """Whether NAME is declared in FN as an array of one-byte elements (u8, s8, char, ...): its sizeof()
    is its number of elements."""
    if fn is None or not re.fullmatch(r"[A-Za-z_]\w*", name.strip()):
        return False
    scope = "\n".join(mask(text).splitlines()[fn.start - 1:fn.end])
    return re.search(rf"(?:^|[;{{}}(,])\s*(?:const\s+)?(?:u8|s8|__u8|__s8|uint8_t|int8_t|char|unsigned\s+char|"
                     rf"signed\s+char)\s+{name.strip()}\s*\[", scope, re.M) is not None


def array_bound(text: str, fn: Function | None, expr: str, texts: list[str]) -> int | None:
    """The number of elements array EXPR is declared with (a literal or a macro defined to one): a
    local or parameter-free array of FN, a file-scope array of TEXT, or a member `v->m` / `v.m` of a
    struct one of TEXTS defines; None when it is not an array of known size."""
    e = re.sub(r"\s+", "", expr)
    m = re.fullmatch(r"([A-Za-z_]\w*)(?:(->|\.)([A-Za-z_]\w*))?", e)
    if m is None:
        return None
    masked = mask(text)
    if m.group(2) is None:
        # an attribute may stand between the bound and the initializer (`[16] __ro_after_init = {`)
        rx = (rf"(?:^|[;{{}}])\s*(?:[A-Za-z_]\w*\s+)+\**\s*{m.group(1)}\s*\[\s*(\w+)\s*\]"
              rf"(?:\s*__\w+(?:\([^()]*\))?)*\s*[;=]")
        lines = masked.splitlines()
        scope = "\n".join(lines[fn.start - 1:fn.end]) if fn is not None else ""
        found = {x.group(1) for x in re.finditer(rx, scope, re.M)}
        if not found and not (fn is not None and C.local_types(text, fn, m.group(1))):
            # a name FN does not declare (as an array, a pointer parameter, anything) is the file's
            spans = [(f.start, f.end) for f in functions(text)]
            outside = "\n".join("" if any(a <= k <= b for a, b in spans) else ln for k, ln in enumerate(lines, 1))
            found = {x.group(1) for x in re.finditer(rx, outside, re.M)}
    else:
        if fn is None:
            return None
        base = _base_struct(masked, fn, m.group(1), m.group(2))
        declarator = member_declarator(texts, base, m.group(3)) if base else None
        dm = re.fullmatch(rf"{m.group(3)}\[(\w+)\]", declarator or "")
        found = {dm.group(1)} if dm else set()
    if len(found) != 1:
        return None
    n = found.pop()
    return _literal(n) if _literal(n) is not None else defined_constant(texts, n)


def _base_struct(masked: str, fn: Function, var: str, op: str) -> str | None:
    """The struct tag of local or parameter VAR of FN, when it is `struct tag *` (OP `->`) or `struct tag`."""
    scope = "\n".join(masked.splitlines()[fn.start - 1:fn.end])
    rx = rf"\bstruct\s+([A-Za-z_]\w*)\s*(\**)\s*{var}\s*[,;=)]"
    found = {(x.group(1), x.group(2)) for x in re.finditer(rx, scope)}
    if len(found) != 1:
        return None
    tag, stars = found.pop()
    return tag if (stars == "*") == (op == "->") and len(stars) <= 1 else None


def _a_count(line: str, a: int, b: int) -> bool:
    """Whether the literal at LINE[A:B] (masked) is the bound of a comparison (`i < 4`, `4 > i`, `i <= 3`
    is not) or an argument: where an element count stands."""
    before, after = line[:a].rstrip(), line[b:].lstrip()
    return re.search(r"(?:[^<]<|!=)$", before) is not None or re.match(r"(?:>(?!=)|[,)])", after) is not None \
        and not re.search(r"[-+*/%]$", before)


def _operand(expr: str, line: str, a: int, b: int) -> str:
    """EXPR to put in place of LINE[A:B]: in parentheses when it has an operator outside parentheses
    and stands in a macro's body or next to an operator (`x / 60000` is `x / (60 * MSEC_PER_SEC)`)."""
    m = mask(expr)
    depth, top = 0, False
    for c in m:
        depth += (c == "(") - (c == ")")
        top = top or (depth == 0 and c in "+-*/%<>&|^?")
    if not top:
        return expr
    before, after = mask(line[:a]).rstrip(), mask(line[b:]).lstrip()
    whole = (before.endswith(("(", ",", "{", "?", ":")) or re.search(r"(?:^|[^=!<>+\-*/%&|^])=$|\breturn$", before)
             is not None) and (after == "" or after.startswith((")", ",", ";", "}", ":", "?")))
    macro = re.match(r"\s*#\s*define\b", line) is not None
    return f"({expr})" if macro or not whole else expr


def _bit_value(head: str, args: list[str]) -> int | None:
    """The value of `BIT(n)` / `BIT_ULL(n)` / `GENMASK(h, l)` with literal arguments, else None."""
    return constant_value(f"{head}({', '.join(args)})") if head in ("BIT", "BIT_ULL", "GENMASK", "GENMASK_ULL") \
        else None


def _defined_as_mask(texts: list[str], name: str) -> bool:
    """Whether TEXTS `#define` NAME as a bit mask (BIT(), GENMASK() or a shift)."""
    return any(re.search(rf"^[ \t]*#[ \t]*define[ \t]+{re.escape(name)}[ \t]+.*(?:\bBIT(?:_ULL)?\s*\(|\bGENMASK"
                         r"(?:_ULL)?\s*\(|<<)", t, re.M) for t in texts)


def _value_of(expr: str, texts: list[str]) -> int | None:
    """The value of EXPR: a constant (constant_value) or a macro TEXTS define to one."""
    v = constant_value(expr)
    if v is None and re.fullmatch(r"[A-Za-z_]\w*", expr.strip()):
        v = defined_constant(texts, expr.strip())
    return v


def _field_spans(line: str, head: str, args: list[str], mask: int | None) -> list[tuple[int, int]]:
    """Spans of LINE (masked) that `FIELD_GET(mask, reg)` / `FIELD_PREP(mask, val)` stand for: the
    open-coded `(reg & mask) >> shift` / `(val << shift) & mask` (parenthesized or not) whose shift
    is that of the mask's lowest bit, the mask written as the reviewer wrote it or as its value."""
    if not mask or mask < 0:
        return []
    shift = (mask & -mask).bit_length() - 1
    if (mask >> shift) & ((mask >> shift) + 1):
        return []               # the kernel's FIELD_*() refuse a mask whose bits are not contiguous
    m_rx = r"(?:" + r"\s*".join(re.escape(t) for t in re.findall(r"\w+|\S", args[0])) + \
        r"|(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*)"
    v_rx = r"\s*".join(re.escape(t) for t in re.findall(r"->|\w+|\S", args[1]))
    n_rx = rf"\(?\s*{shift}[uUlL]*\s*\)?" if shift else r"0"
    if head == "FIELD_GET":
        rx = rf"\(\s*(?:{v_rx}\s*&\s*{m_rx}|{m_rx}\s*&\s*{v_rx})\s*\)\s*>>\s*{n_rx}(?![\w(])"
    else:
        rx = rf"\(?\s*\(\s*{v_rx}\s*<<\s*{n_rx}\s*\)\s*&\s*{m_rx}\s*\)?(?![\w(])|" \
             rf"\(?\s*{m_rx}\s*&\s*\(\s*{v_rx}\s*<<\s*{n_rx}\s*\)\s*\)?(?![\w(])"
    out = []
    for m in re.finditer(rx, line):
        lits = [_literal(x) for x in re.findall(r"(?<![\w.])(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*(?![\w.])", m.group(0))]
        written = re.search(rf"(?<![\w]){re.escape(args[0].strip())}(?!\w)", m.group(0)) is not None
        if not (written or mask in lits):
            continue
        a, b = m.start(), m.end()
        if not _balanced(line[a:b]):        # an optional parenthesis that belongs to the code around
            a, b = (a, b - 1) if line[b - 1] == ")" and _balanced(line[a:b - 1]) else \
                (a + 1, b) if line[a] == "(" and _balanced(line[a + 1:b]) else (a, a)
        if b > a:
            out.append((a, b))
    return out


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _width(line: str) -> int:
    return len(line.rstrip().expandtabs(8))


def orphaned_locals(text: str, fn: Function | None, old: list[str], new: list[str]) -> list[str]:
    """The locals of FN (in TEXT) that the edit of lines OLD into NEW leaves with their declaration as their
    only mention ("F2FS_SB(seq->private)" under `sbi = F2FS_SB(sb);` takes the last use of sb)."""
    if fn is None:
        return []
    body = "\n".join(text.splitlines()[fn.body_start - 1:fn.end])
    mb, mo, mn = mask(body), mask("\n".join(old)), mask("\n".join(new))
    gone = sorted(set(re.findall(r"[A-Za-z_]\w*", mo)) - set(re.findall(r"[A-Za-z_]\w*", mn)))

    def count(m: str, name: str) -> int:
        return len(occurrences(m, name, 0, len(m)))

    declared = {name for st in all_statements(text, fn.body_start + 1, fn.end - 1) if declaration(st.code)
                for name in declared_names(st.code)}
    return [name for name in gone if name in declared
            and count(mb, name) - count(mo, name) + count(mn, name) == 1]


def _no_local_orphaned(text: str, fn: Function | None, old: list[str], new: list[str], expr: str) -> None:
    """Manual when EXPR written in (OLD lines becoming NEW) leaves a local of FN declared and unused."""
    unused = orphaned_locals(text, fn, old, new)
    if unused:
        raise Manual(f"with {expr} the local {unused[0]} would be left declared and unused: dropping it is for "
                     "the author")


def _rewrapped(src: list[str], n: int, a: int, b: int, expr: str) -> tuple[list[str], list[str]] | None:
    """Line N (1-based) and the next one with EXPR in place of columns A..B of line N, EXPR moved to the
    start of the next line when it is the last argument there and the call goes on below: so that both
    fit in 80 columns (None when that does not work out)."""
    line = src[n - 1]
    if n >= len(src) or line[b:].strip() != "," or not line[:a].rstrip().endswith(","):
        return None
    nxt = src[n]
    m = mask(line)
    if m.count("(") <= m.count(")") or len(_indent(nxt)) <= len(_indent(line)) or not nxt.strip():
        return None
    first = line[:a].rstrip()
    second = _indent(nxt) + expr + ", " + nxt.strip()
    if _width(first) > 80 or _width(second) > 80:
        return None
    return [line, nxt], [first, second]


def _rejoined(src: list[str], n: int, new: str) -> tuple[list[str], list[str]] | None:
    """Line N (1-based), now NEW, and the lines that continue its call when the whole statement did not
    fit on one line before and does now: (old lines, the one joined line); None otherwise.  Only a
    statement that starts on line N and ends (`;`) within two more lines, with no comment in it."""
    old = src[n - 1]
    m = mask(old)
    if m.count("(") <= m.count(")") or _width(new) >= _width(old) or \
            (n > 1 and not re.search(r"[;{}]\s*$|^\s*$", mask(src[n - 2]))):
        return None
    tail: list[str] = []
    for k in range(n, min(n + 2, len(src))):
        tail.append(src[k])
        if re.search(r"/\*|//", src[k]):
            return None
        if re.search(r";\s*$", mask(src[k])):
            break
    else:
        return None
    joined_old = old.rstrip() + " " + " ".join(x.strip() for x in tail)
    joined_new = new.rstrip() + " " + " ".join(x.strip() for x in tail)
    joined_new = re.sub(r"\(\s+", "(", joined_new)
    if _width(joined_old) <= 80 or _width(joined_new) > 80:
        return None
    return [old, *tail], [joined_new]


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


@dataclass(frozen=True)
class ReplaceExpressionParams(InFunction):
    old: list[str]               # the line as it is
    new: list[str]               # the same line with the reviewer's expression
    line: int                    # where it is
    # "Same below.": the later lines of the function where the same sub-expression changes too (the block
    # OLD/NEW runs from LINE to the last of them); None when not asked
    later: tuple[int, ...] | None = None
    kept: tuple[str, ...] = ()   # the like places below "same below" leaves, and why

    def reach_below(self) -> int | None:
        return None if self.later is None else len(self.later)

    def left_to_author(self) -> str:
        return "; ".join(self.kept)


def _below(ctx: CodeContext, fn: Function, quoted: int, after: int, old: str, expr: str, lines_up: Spans
           ) -> tuple[tuple[int, ...], list[str], list[str]]:
    """The lines of FN after line AFTER (the quote's last) that hold OLD (the quoted sub-expression,
    blanks aside) where the reviewer's EXPR lines up with it (LINES_UP), as on the quoted line; the ones
    left, each with why; and the lines after the QUOTED one (the line that changes, AFTER or before it)
    to the last place taken, as they become."""
    src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
    took: dict[int, str] = {}
    kept: list[str] = []
    for n in range(after + 1, fn.end + 1):
        spans = [sp for sp in lines_up(m[n - 1]) if norm(src[n - 1][sp[0]:sp[1]]) == norm(old)]
        if not spans:
            continue
        if len(spans) > 1:
            kept.append(f"line {n}: {expr} lines up with {len(spans)} places on it")
            continue
        a, b = spans[0]
        new = ST.replaced_in_column(src[n - 1], a, b, _operand(expr, src[n - 1], a, b))
        if _width(new) > 80 >= _width(src[n - 1]):
            kept.append(f"line {n}: it would go past 80 columns with {expr}")
            continue
        took[n] = new
    block = [took.get(k, src[k - 1]) for k in range(quoted + 1, max(took) + 1)] if took else []
    return tuple(sorted(took)), kept, block


def _like_quoted(src: list[str], masked: list[str], lines: range, n: int, old: str, lines_up: Spans, expr: str
                 ) -> dict[int, str]:
    """The lines of LINES (1-based) other than N that hold OLD (blanks aside) where EXPR lines up with it,
    each as it becomes; Manual when one holds it twice, or holds it where EXPR does not stand for it
    (`0x7ff` as the bound of `v > 0x7ff` for "GENMASK(10, 0)")."""
    out: dict[int, str] = {}
    written = re.compile(rf"(?<![\w.]){re.escape(old.strip())}(?![\w.])")
    for k in lines:
        if k == n or not 1 <= k <= len(src):
            continue
        spans = [sp for sp in lines_up(masked[k - 1]) if norm(src[k - 1][sp[0]:sp[1]]) == norm(old)]
        if len(spans) > 1:
            raise Manual(f"{expr} lines up with {len(spans)} places on line {k} of the quote: ambiguous")
        if len(written.findall(masked[k - 1])) > len(spans):
            raise Manual(f"{expr} stands for {old.strip()} on line {n}, but line {k} of the quote holds "
                         f"{old.strip()} too, where it is no such value: which of them the comment means is for "
                         "the author")
        if spans:
            a, b = spans[0]
            out[k] = ST.replaced_in_column(src[k - 1], a, b, _operand(expr, src[k - 1], a, b))
    return out


def _with_like(src: list[str], n: int, like: dict[int, str], new: str, old_lines: list[str], below: bool,
               what: str) -> tuple[list[str], list[str], int]:
    """(old lines, new lines, first line) of the one edit of line N (becoming NEW) and the LIKE lines of the
    quote; Manual when line N is re-wrapped (OLD_LINES more than it) or "same below" (BELOW) is asked too."""
    if old_lines != [src[n - 1]] or below:
        raise Manual(f"{what} on line {n} and on line(s) {', '.join(str(k) for k in sorted(like))} of the quote: "
                     "with the line re-wrapped or the places below, which of them change is for the author")
    first, last = min(*like, n), max(*like, n)
    return src[first - 1:last], [like.get(k, new if k == n else src[k - 1]) for k in range(first, last + 1)], first


class ReplaceExpression(LinesEdit[ReplaceExpressionParams]):
    kind = "replace-expression"
    # the reviewer's code, as a text edit (it may stand outside functions)
    order = Phase.REVIEWER_TEXT

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ReplaceExpressionParams] | None:
        # "BIT(3). Same below.": the expression is read without the words that carry it further
        comment = E.without_same_below(s.comment)
        pair = instead(comment)
        asked = _asked(comment, ctx) if ctx.text and not s.anchor.in_message and not s.code else None
        if asked is None:
            heads = field_request(s.comment) if ctx.text and not s.anchor.in_message and not s.code else set()
            quoted = self._quoted_lines(s, ctx, alone=True) if heads else None
            return self._fields_plan(s, ctx, heads, *quoted) if quoted else None
        (expr, head, _), lines_up = asked
        if "..." in mask(expr):
            raise Manual(f"{expr} leaves a part out (...): what stands there is for the author")
        named_old = norm(pair[1]) if pair else ""
        got = self._quoted_lines(s, ctx)
        if got is None:
            return None
        near, span = got
        src = ctx.text.splitlines()
        m = mask(ctx.text).splitlines()
        order = list(range(near[1], near[0] - 1, -1)) + \
            [n for n in range(span[1], span[0] - 1, -1) if not near[0] <= n <= near[1]]
        for n in order:
            spans = lines_up(m[n - 1])
            if named_old:                                   # "NEW instead of OLD": OLD is the part meant
                spans = [sp for sp in spans if norm(src[n - 1][sp[0]:sp[1]]) == named_old]
            if len(spans) > 1:
                raise Manual(f"{expr} lines up with {len(spans)} places on the quoted line: ambiguous")
            if not spans:
                continue
            a, b = spans[0]
            if norm(src[n - 1][a:b]) == norm(expr):
                return None                                   # already so
            expr = _operand(expr, src[n - 1], a, b)
            new = ST.replaced_in_column(src[n - 1], a, b, expr)
            old_lines, new_lines = [src[n - 1]], [new]
            if _width(new) > 80 >= _width(src[n - 1]):
                old_lines, new_lines = _rewrapped(src, n, a, b, expr) or (old_lines, new_lines)
            else:
                # wrapped only because it was too long: one line again when it fits now
                old_lines, new_lines = _rejoined(src, n, new) or (old_lines, new_lines)
            if max(_width(x) for x in new_lines) > 100 >= _width(src[n - 1]):
                raise Manual(f"the line would go past 100 columns with {expr}")
            where = function_at(ctx.text, n)
            later: tuple[int, ...] | None = None
            kept: list[str] = []
            # the same part on other lines of the quote above the comment ("GENMASK(10, 0)" under
            # `if (v > 0x7ff) v = 0x7ff;`): the comment is about each of them, one edit of the lines between
            like = _like_quoted(src, m, range(min(span[0], near[0]), max(near[1], n) + 1), n,
                                src[n - 1][a:b], lines_up, expr)
            if like:
                old_lines, new_lines, n = _with_like(src, n, like, new, old_lines, E.same_below_only(s.comment),
                                                     f"{expr} stands for {src[n - 1][a:b].strip()}")
            if E.same_below_only(s.comment) and where is not None:
                # "Same below.": the same sub-expression on the later lines of the function, each
                # checked as the quoted one; the block from the quoted line to the last of them is one edit
                if old_lines != [src[n - 1]]:
                    later, kept = (), ["the like places below: the quoted line is re-wrapped by the change"]
                else:
                    later, kept, block = _below(ctx, where, n, span[1], src[n - 1][a:b], asked[0][0], lines_up)
                    old_lines, new_lines = src[n - 1:n + len(block)], [new, *block]
            _no_local_orphaned(ctx.text, where, old_lines, new_lines, expr)
            return Plan(self.kind, slug=head.lower(), order=self.order, files=[ctx.path],
                        params=ReplaceExpressionParams(where.name if where else "", old=old_lines,
                                                       new=new_lines, line=n, later=later, kept=tuple(kept)),
                        summary=f"Use {expr}" + (f" (and in {len(later)} line(s) below)" if later else ""))
        value = _bit_value(head, asked[0][2])
        if value is not None and any(literal_spans(m[n - 1], value) for n in order):
            raise Manual(f"{expr} would stand for {value}, which the quoted code uses as a count or size, not as a "
                         "mask (no bit operation takes it)")
        raise Manual(f"{expr} lines up with nothing on the quoted lines")

    @staticmethod
    def _quoted_lines(s: Suggestion, ctx: CodeContext, alone: bool = False
                      ) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """(the lines the comment sits under, the whole quote), 1-based and inclusive; with ALONE, the lines
        right above the comment stand for the quote when there is no other."""
        nlines = len(ctx.text.splitlines())
        fn = function_named(ctx.text, s.anchor.function or ctx.function) \
            if (s.anchor.function or ctx.function) else None
        lo, hi = (fn.start, fn.end) if fn else (1, nlines)
        span = CD.quote_span(s, ctx, lo, hi) or CD.quote_span(s, ctx, 1, nlines)
        if alone and span is None and not s.quote and s.quoted:
            above = replace(s, quote=[q[1:] if q[:1] in "+ " else q for q in s.quoted])
            span = CD.quote_span(above, ctx, lo, hi)
        near = s.anchor.lines or span
        span = span or near
        return None if span is None or near is None else (near, span)

    def _fields_plan(self, s: Suggestion, ctx: CodeContext, heads: set[str], near: tuple[int, int],
                     span: tuple[int, int]) -> Plan[ReplaceExpressionParams]:
        """FIELD_GET() / FIELD_PREP() named without their arguments: every open-coded field of that kind
        on the whole quote above the comment (not only the tail the review stage may have narrowed it to)
        becomes the call, when each is proven to be one (_fields); otherwise manual with the reason."""
        named = "()/".join(sorted(heads)) + "()"
        src, masked = ctx.text.splitlines(), mask(ctx.text).splitlines()
        look, width = field_facts(ctx)

        def found(a: int, b: int) -> list[tuple[int, F.Field]]:
            return [(n, f) for n in range(a, b + 1) if 0 < n <= len(masked)
                    for f in F.fields(masked[n - 1], look, width) if f.head in heads]

        fn = function_at(ctx.text, near[0])
        whole = E.whole_quote_in(s, ctx.text, fn) if fn is not None else None
        if whole is not None:
            # the review stage may have narrowed the quote to its tail: the fields above count too
            span = (min(span[0], whole[0]), max(span[1], whole[1]))
        hits = found(*span)
        if not hits:
            raise Manual(f"{named} is named, but no open-coded field (`(reg & MASK) >> SHIFT`, `(val << SHIFT) & "
                         "MASK`) is on the quoted lines")
        refused = [f.unnamed for _, f in hits if f.unnamed]
        if refused:
            raise Manual(refused[0])
        if len(hits) > 1 and not any(near[0] <= n <= near[1] for n, _ in hits) and not _PLURAL.search(s.comment):
            raise Manual(f"{named} is named under a quote with {len(hits)} open-coded fields: which one is meant "
                         "is not said")
        first, last = hits[0][0], hits[-1][0]
        new = src[first - 1:last]
        for n, f in sorted(hits, key=lambda h: (h[0], -h[1].start)):
            line = new[n - first]
            new[n - first] = line[:f.start] + f.call + line[f.end:]
        old = src[first - 1:last]
        if len(old) == 1:
            old, new = _rejoined(src, first, new[0]) or (old, new)
        if max(_width(x) for x in new) > 100 >= max(_width(x) for x in old):
            raise Manual(f"the line would go past 100 columns with {hits[0][1].call}")
        where = function_at(ctx.text, first)
        calls = sorted({f.call for _, f in hits})
        return Plan(self.kind, slug=hits[0][1].head.lower(), order=self.order, files=[ctx.path],
                    params=ReplaceExpressionParams(where.name if where else "", old=old, new=new, line=first),
                    summary=f"Use {calls[0]}" if len(calls) == 1 else f"Use {named} for the open-coded fields")

    def companions(self, s: Suggestion, plan: Plan[ReplaceExpressionParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """<linux/bitfield.h> for FIELD_GET() / FIELD_PREP(), <linux/sizes.h> for SZ_*, <linux/units.h> for
        its constants, when the file does not include it yet."""
        new = "\n".join(plan.params.new)
        headers = {"linux/bitfield.h"} if re.search(r"\bFIELD_(?:GET|PREP)\s*\(", new) else set()
        headers |= {U.HEADERS[t] for t in re.findall(r"\w+", mask(new)) if t in U.HEADERS}
        return [c for h in sorted(headers) for c in header_companion(ctx, h)]

    def overreach(self, plan: Plan[ReplaceExpressionParams]) -> str:
        return "the edit changed more than the quoted line"


RECIPE = ReplaceExpression()
