"""An allocation filled right after it: `p = kmalloc(S, F); if (!p) ...; memset(p, 0, S);` -> `p = kzalloc(S, F);`,
`p = kmalloc_array(N, S, F); if (!p) ...; memset(p, 0, N * S);` -> `p = kcalloc(N, S, F);` (the memset()
size the product of the two, in either order, or `array_size(N, S)`), the same for
`p = kmalloc(N * S, F)` (the product split into the count and the element size, as alloc-array splits it), and
`p = kmalloc(S, F); if (!p) ...; memcpy(p, src, S);` -> `p = kmemdup(src, S, F);`.

Evidence: the comment names the zeroing or duplicating allocator (`kzalloc()`, `kmemdup()`, their
`kv`/`devm_` forms) as a wish ("use", "why not", the name alone), and the quote holds the allocation
or the fill of such a pair.  The pair must match exactly: the same pointer and the same size, tokens
for tokens, zero as the memset() value, one NULL check (and nothing else) in between, both in one
block.  Anything else (another size, a fill at an offset, a size or source that calls something) is
manual: the edit would change what the memory holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe, Refused
from cocci.recipes import _calls as C
from cocci.recipes import _evidence as E
from cocci.recipes.alloc_array import count_and_size, more_than_a_product
from cocci.recipes.rename_call import asks_to_use, bare_request
from cocci.recipes.rename_ident import realign
from patches.ctext import Span, Stmt, calls, declaration, mask, norm, split_commas
from patches.model import Suggestion

# the allocator that does not zero -> the one that does (same arguments)
ZEROING = {"kmalloc": "kzalloc", "kvmalloc": "kvzalloc", "devm_kmalloc": "devm_kzalloc",
           "kmalloc_node": "kzalloc_node", "kvmalloc_node": "kvzalloc_node", "vmalloc": "vzalloc"}
# the array allocator that does not zero -> the one that does (same arguments: count, element size, flags)
CALLOC = {"kmalloc_array": "kcalloc", "kvmalloc_array": "kvcalloc", "devm_kmalloc_array": "devm_kcalloc",
          "kmalloc_array_node": "kcalloc_node", "kvmalloc_array_node": "kvcalloc_node"}
# the allocator -> the one that copies (the source goes in front of the size)
DUPLICATING = {"kmalloc": "kmemdup", "kvmalloc": "kvmemdup", "devm_kmalloc": "devm_kmemdup"}
# allocators that leave the memory as it was: a memset() right after one is what makes it defined
NON_ZEROING = frozenset(ZEROING) | {"kmalloc_array", "kvmalloc_array", "devm_kmalloc_array", "krealloc",
                                    "krealloc_array", "kvrealloc", "kmem_cache_alloc", "vmalloc_node",
                                    "kmalloc_track_caller", "__get_free_pages", "__get_free_page"}
# calls that only compute a value from their arguments: a size or source that uses them may be moved
PURE_CALLS = frozenset({"sizeof", "ARRAY_SIZE", "struct_size", "array_size", "size_add", "size_mul", "strlen",
                   "offsetof", "min", "max", "min_t", "max_t"})


def _size_index(alloc: str) -> int:
    return 1 if alloc.startswith("devm_") else 0


def _pure(expr: str) -> bool:
    """Whether EXPR can be evaluated once instead of twice, and earlier: no call but the pure ones, no
    assignment or increment."""
    m = mask(expr)
    if re.search(r"\+\+|--|(?<![=!<>])=(?!=)", m):
        return False
    return all(n in PURE_CALLS for n in re.findall(r"\b([A-Za-z_]\w*)\s*\(", m))


def _same(a: str, b: str) -> bool:
    return norm(mask(a)) == norm(mask(b))


def _null_check(st: Stmt, ptr: str) -> bool:
    """`if (!ptr) return/goto ...;` (braced or not, a print allowed), the check of a fresh allocation."""
    code = norm(mask(st.code))              # tokens one space apart: "if ( ! p ) return - ENOMEM ;"
    p = re.escape(norm(mask(ptr)))
    m = re.match(rf"if \( (?:unlikely \( )?(?:! {p}|{p} == NULL|NULL == {p}) (?:\) )?\) (?P<body>.*)$", code)
    if m is None or re.search(r"\belse\b", code):
        return False
    body = m.group("body").strip("{} ")
    return re.search(r"(?:^|; )(?:return\b[^;]*|goto \w+ );$", body) is not None and \
        re.search(rf"(?<![\w>.]){p}(?![\w])", body) is None


def _array_size(alloc: str, args: list[str], filled: str, new: str) -> str:
    """FILLED (the memset() size) when it is the product of ARGS, the count and element size of the array
    allocator ALLOC (either order, or `array_size()` / `size_mul()` of them); else Manual naming both."""
    if len(args) != 2:
        raise Manual(f"cannot read the count and element size {alloc}() is given")
    want = sorted(_bare(a) for a in args)
    m = re.fullmatch(r"\s*(?:array_size|size_mul)\s*\((.*)\)\s*", filled, re.S)
    parts = split_commas(m.group(1)) if m else C.top_level_ops(filled, "*")
    if sorted(_bare(x) for x in parts) == want:
        return filled
    raise Manual(f"memset() fills {filled.strip()} bytes, {alloc}() allocates {args[0].strip()} elements of "
                 f"{args[1].strip()}: {new}() would zero another amount")


def _plain_for(new: str) -> dict[str, str]:
    """The plain allocators whose multiplied size the zeroing array allocator NEW splits (`kmalloc` for
    `kcalloc`): they take the product where NEW takes the count and the element size."""
    return {old: new for old in C.ARRAY_ALLOC.get(new, ((), 0))[0] if old in ZEROING}


def _split_product(alloc: str, size: str, new: str) -> tuple[str, str]:
    """(count, element size) of SIZE, the product ALLOC is given; Manual when it is no product of two."""
    cs = count_and_size(size)
    if cs is None or more_than_a_product(size):
        raise Manual(f"the size {' '.join(size.split())} of {alloc}() is no product of a count and an element "
                     f"size: what {new}() is given is for the author")
    return cs


def _bare(expr: str) -> str:
    """EXPR normalized, without parentheses around the whole of it."""
    e = norm(mask(expr))
    while e.startswith("( ") and e.endswith(" )") and e.count("(") == e.count(")"):
        inner = e[2:-2]
        depth = 0
        for c in inner:
            depth += (c == "(") - (c == ")")
            if depth < 0:
                return e
        e = inner
    return e


def _renamed(lines: list[str], head: int, alloc: str, new: str) -> list[str]:
    """LINES (a statement) with the ALLOC( on line HEAD called NEW(, the continuation lines aligned under
    the call's parenthesis following it."""
    at = re.search(rf"\b{alloc}\(", lines[head])
    if at is None:
        raise Manual(f"cannot find the {alloc}() call on its line")
    out = list(lines)
    out[head] = out[head][:at.start()] + new + "(" + out[head][at.end():]
    realign(out, head, text_before=out[head], first_col=at.start(), delta=len(new) - len(alloc))
    return out


def _with_count_and_size(text: str, lines: list[str], first: int, span: Span, split: tuple[str, str]) -> list[str]:
    """LINES (the statement starting on line FIRST of TEXT) with the product at SPAN written as the count
    and the element size of SPLIT, `n, sizeof(*p)`; Manual when the product spans lines."""
    product = span.of(text)
    if "\n" in product:
        raise Manual("the multiplied size spans several lines: how to write the count and the element size "
                     "is for the author")
    col = span.start - (text.rfind("\n", 0, span.start) + 1)
    i = span.line - first
    out = list(lines)
    out[i] = out[i][:col] + f"{split[0].strip()}, {split[1].strip()}" + out[i][col + len(product):]
    return out


def _no_pair(quoted: set[str], new: str, fill: str, wanted: dict[str, str]) -> None:
    """Manual when the quote calls an allocator the request is about but no exact pair was found (QUOTED:
    the names of the calls quoted)."""
    arrays = sorted(quoted & set(CALLOC)) if fill == "memset" else []
    if arrays and new not in CALLOC.values():
        raise Manual(f"the quoted allocation is {arrays[0]}(): its zeroing form is {CALLOC[arrays[0]]}(); "
                     f"{new}() would drop the check of the count times the size")
    if quoted & set(wanted):
        named_alloc = sorted(quoted & set(wanted))[0]
        raise Manual(f"no {fill}() of the whole {named_alloc}() allocation (the same pointer from its "
                     f"start, the same size) follows it: {new}() would not do what the code does")


@dataclass(frozen=True)
class AllocFillParams(InFunction):
    alloc: str                  # kmalloc
    new: str                    # kzalloc / kmemdup
    fill: str                   # memset / memcpy
    old: list[str]              # the lines from the allocation through the fill, as they are
    new_lines: list[str]        # what they become


@dataclass(frozen=True)
class _Lines:
    function: str
    old: list[str]
    new: list[str]


def _pair(ctx: CodeContext, fn_start: int, fn_end: int, first: int, last: int,
          wanted: dict[str, str], fill: str) -> tuple[Stmt, Stmt, str, str] | None:
    """(allocation, fill, pointer, allocator) of the one pair the quote touches; Manual when the pair
    is not exact."""
    found = _pairs(ctx, fn_start, fn_end, first, last, wanted, fill)
    if not found:
        return None
    if len(found) > 1:
        raise Manual(f"the quote touches {len(found)} allocations filled by {fill}(): which one is meant is "
                     "for the author")
    return found[0]


def _pairs(ctx: CodeContext, fn_start: int, fn_end: int, first: int, last: int,
           wanted: dict[str, str], fill: str) -> list[tuple[Stmt, Stmt, str, str]]:
    """(allocation, fill, pointer, allocator) of each pair lines FIRST..LAST touch."""
    sts = [st for st in E.all_statements(ctx.text, fn_start, fn_end) if st.norm]
    fills = [st for st in sts if re.match(rf"\s*{fill}\s*\(", st.code)]
    found: list[tuple[Stmt, Stmt, str, str]] = []
    for f in fills:
        fc = next((c for c in calls(ctx.text, f.start, f.start, members=False) if c.name == fill), None)
        if fc is None or len(fc.args) != 3:
            continue
        ptr = fc.args[0]
        earlier = [st for st in sts if st.end < f.start and
                   re.match(rf"\s*(?:[\w\s]+\*\s*)?{re.escape(ptr)}\s*=\s*[A-Za-z_]\w*\s*\(", st.code)]
        if not earlier:
            continue
        a = earlier[-1]
        ac = next((c for c in calls(ctx.text, a.start, a.end, members=False)), None)
        if ac is None or ac.name not in wanted:
            continue
        if not (first <= a.start <= last or first <= f.start <= last or a.start <= first <= f.end):
            continue
        found.append((a, f, ptr, ac.name))
    return found


def _same_block(between: list[str]) -> bool:
    """Whether the masked lines BETWEEN an allocation and its fill stay in one block: no brace closes one
    they did not open (`if (!p || p_len < len) { p = kmalloc(...); ... } memcpy(p, ...);` fills on every
    path, kmemdup() inside the `if` would copy on that path only)."""
    depth = 0
    for ch in "".join(between):
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


class AllocFill(Recipe[AllocFillParams]):
    kind = "alloc-fill"
    order = Phase.CALL_ARGUMENTS
    is_text_edit = True
    supersedes = ("remove-statements", "rename-call", "alloc-array")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AllocFillParams] | None:
        # the allocators and fills by name, also as plain words ("s/kmalloc/kzalloc/ and drop the memset")
        known = {*ZEROING, *ZEROING.values(), *CALLOC, *CALLOC.values(), *DUPLICATING.values(), "memset", "memcpy"}
        named = list(dict.fromkeys(E.named_identifiers(s.comment) +
                                   [w for w in re.findall(r"[A-Za-z_]\w*", s.comment) if w in known]))
        asked = asks_to_use(s.comment)
        targets = [(n, "memset", {k: v for k, v in (ZEROING | CALLOC).items() if v == n}) for n in named
                   if n in ZEROING.values() or n in CALLOC.values()] + \
                  [(n, "memcpy", {k: v for k, v in DUPLICATING.items() if v == n}) for n in named
                   if n in DUPLICATING.values()]
        # "kmalloc() followed by memcpy() is kmemdup()": naming what it replaces asks for it too
        # "open-coded kmemdup()" says the same
        replaced = [t for t in targets if t[1] in named or set(t[2]) & set(named)
                    or re.search(r"\bopen[- ]?cod", s.comment, re.I)]
        # "This is kmemdup().", "kmemdup() does this": the quoted code named as the helper's own work
        targets = [t for t in targets if (asked or t in replaced or bare_request(s.comment, t[0])
                                          or E.names_the_code(s.comment, t[0]))
                   and not E.rejected(s.comment, t[0])]
        if len(targets) != 1:
            return None
        new, fill, wanted = targets[0]
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        plain = _plain_for(new) if fill == "memset" and new in CALLOC.values() else {}
        # the pairs of the whole quote: the review stage narrowed it to its tail, and a second pair above
        # it would be left as it was while the comment under both says applied
        whole = E.whole_quote_in(s, ctx.text, fn)
        if whole is not None and len(_pairs(ctx, fn.body_start, fn.end, *whole, wanted | plain, fill)) > 1:
            first, last = min(first, whole[0]), max(last, whole[1])
        pair = _pair(ctx, fn.body_start, fn.end, first, last, wanted | plain, fill)
        if pair is None:
            _no_pair({c.name for c in calls(ctx.text, first, last, members=False)}, new, fill, wanted)
            return None
        try:
            return self._plan(ctx, fn.name, new, fill, pair, plain)
        except Manual as e:
            if pair[3] in plain:
                # the split product and the dropped fill are one request: alloc-array's kcalloc() alone
                # would leave the memset() that was asked to go
                raise Refused(str(e)) from e
            raise

    def _plan(self, ctx: CodeContext, fn_name: str, new: str, fill: str, pair: tuple[Stmt, Stmt, str, str],
              plain: dict[str, str]) -> Plan[AllocFillParams]:
        """The plan for the allocation and fill of PAIR (allocator to NEW); Manual when the pair is not exact."""
        a, f, ptr, alloc = pair
        src = ctx.text.splitlines()
        ac = next(c for c in calls(ctx.text, a.start, a.end, members=False) if c.name == alloc)
        fc = next(c for c in calls(ctx.text, f.start, f.start, members=False) if c.name == fill)
        k = _size_index(alloc)
        if len(ac.args) <= k:
            raise Manual(f"cannot read the size {alloc}() is given")
        size = ac.args[k]
        split: tuple[str, str] | None = None
        if alloc in plain:
            split = _split_product(alloc, size, new)
            size = _array_size(alloc, list(split), fc.args[2], new)
        elif alloc in CALLOC:
            size = _array_size(alloc, list(ac.args[k:k + 2]), fc.args[2], new)
        if not _same(fc.args[2], size):
            raise Manual(f"{fill}() fills {fc.args[2].strip()} bytes, {alloc}() allocates {size.strip()}: "
                         f"{new}() would {'zero' if fill == 'memset' else 'copy'} another amount")
        if fill == "memset" and norm(fc.args[1]) not in ("0", "'\\0'", "0x0", "0x00"):
            raise Manual(f"memset() fills with {fc.args[1].strip()}, not zero: {new}() zeroes")
        if not _pure(size):
            raise Manual(f"the size {size.strip()} calls or changes something: {new}() evaluates it once")
        # a declaration without a value (`int res;` after `p = kmalloc(...)` in the declarations) runs nothing
        between = [st for st in E.statements(ctx.text, a.end + 1, f.start - 1) if st.norm
                   and not ((d := declaration(st.code)) is not None and d.init is None)]
        if any(st.end >= f.start for st in between) or len(between) > 1 or \
                (between and not _null_check(between[0], ptr)):
            raise Manual(f"code between the {alloc}() and the {fill}() (other than the NULL check): the memory "
                         "may be used before it is filled")
        if not any(st.start == f.start for st in E.statements(ctx.text, a.start, f.end)) or \
                not _same_block(mask(ctx.text).splitlines()[a.end:f.start - 1]):
            raise Manual(f"the {fill}() is not in the block of the {alloc}()")
        alloc_lines = src[a.start - 1:a.end]
        if fill == "memcpy":
            source = fc.args[1]
            if not _pure(source) or re.search(rf"(?<![\w>.]){re.escape(ptr.strip())}(?!\w)", mask(source)):
                raise Manual(f"the source {source.strip()} calls or changes something, or uses the new "
                             f"pointer: {new}() reads it before the allocation")
            if a.end != a.start:
                raise Manual(f"the {alloc}() call spans several lines: how to wrap {new}() with its extra "
                             "argument is for the author")
            head = ac.name_span.line - a.start
            line = alloc_lines[head]
            call_re = rf"\b{alloc}\(" + (r"(\s*" + re.escape(ac.args[0]) + r"\s*,\s*)" if k else "()")
            line2 = re.sub(call_re, lambda m: f"{new}({m.group(1)}{source.strip()}, ", line, count=1)
            alloc_lines = alloc_lines[:head] + [line2] + alloc_lines[head + 1:]
        else:
            if split is not None:
                alloc_lines = _with_count_and_size(ctx.text, alloc_lines, a.start, ac.arg_spans[k], split)
            alloc_lines = _renamed(alloc_lines, ac.name_span.line - a.start, alloc, new)
        if max(len(ln.expandtabs(8)) for ln in alloc_lines) > 100:
            raise Manual(f"the {new}() line would be longer than 100 columns: wrapping it is for the author")
        old = src[a.start - 1:f.end]
        kept_between = src[a.end:f.start - 1]
        if kept_between and not kept_between[-1].strip() and f.end < len(src) and not src[f.end].strip():
            kept_between = kept_between[:-1]
        new_lines = alloc_lines + kept_between
        return Plan(self.kind, slug=new.lower(), order=self.order, files=[ctx.path],
                    params=AllocFillParams(fn_name, alloc=alloc, new=new, fill=fill, old=old, new_lines=new_lines),
                    summary=f"Use {new}() instead of {alloc}() and {fill}()")

    def _lines(self, plan: Plan[AllocFillParams]) -> _Lines:
        return _Lines(plan.params.function, plan.params.old, plan.params.new_lines)

    def text_edit(self, s: Suggestion, plan: Plan[AllocFillParams], ctx: CodeContext) -> T.TextEdit:
        return T.replacing(ctx.path, self._lines(plan), plan.summary)

    def render(self, s: Suggestion, plan: Plan[AllocFillParams], ctx: CodeContext) -> str:
        p = plan.params
        what = "zeroes" if p.fill == "memset" else "copies into"
        notes = [f"The {p.fill}() {what} the whole allocation right after {p.alloc}(): {p.new}() does both.",
                 "A text edit: the pair was checked token by token (pointer, size, only the NULL check "
                 "in between)."]
        return R.text_edit_rule(f"Use {p.new}() in {p.function}()", s, self.text_edit(s, plan, ctx), notes)

    def is_applied(self, s: Suggestion, plan: Plan[AllocFillParams], text: str) -> bool:
        return T.replaced(text, self._lines(plan))

    def verify(self, s: Suggestion, plan: Plan[AllocFillParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"the {plan.params.alloc}() and {plan.params.fill}() are still there"
        return ""


RECIPE = AllocFill()
