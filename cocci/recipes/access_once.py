"""Mark a shared access: "this needs READ_ONCE()", "WRITE_ONCE() please", "task->cgroups is RCU protected,
this needs rcu_dereference()" on a quoted read or write of a member.

Evidence: the comment names one of the accessors below (not to turn it down: "no need for READ_ONCE()"),
and the quoted lines hold exactly one access it fits, after the names the comment gives (`task->cgroups`,
or the member alone) have narrowed them:
- a read (`READ_ONCE`, `rcu_dereference`, `rcu_access_pointer`, `rcu_dereference_raw`): a member or
  element chain (`sqe->nop_flags`, `p->a.b`, `t->slot[i]`) that is read where it stands: not written
  (`=`, `+=`, `++`), not called (`p->ops->fn(...)`), not an address (`&p->x`), not inside `sizeof`, not
  already inside an accessor; `x = p->f;` -> `x = READ_ONCE(p->f);`, `if (p->f < 0)` ->
  `if (READ_ONCE(p->f) < 0)`;
- a write (`WRITE_ONCE`, `rcu_assign_pointer`): a statement `chain = value;` on one line ->
  `WRITE_ONCE(chain, value);`.
The value read or written is the same; only the compiler's freedom to tear, fuse or repeat the access
goes, which is what the reviewer asked for.  Two candidates, or a chain that is no plain member read
(a call, a compound assignment), are manual, naming them; so is a member the files declare as a bit-field
(the accessors take the address of what they access: READ_ONCE() of a bit-field does not build).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes import _evidence as E
from cocci.recipes import _structural as S
from patches.ctext import function_named, mask, split_lines
from patches.model import Suggestion

READS = ("READ_ONCE", "rcu_dereference", "rcu_access_pointer", "rcu_dereference_raw")
WRITES = ("WRITE_ONCE", "rcu_assign_pointer")
ACCESSORS = READS + WRITES + ("smp_load_acquire", "smp_store_release", "rcu_dereference_protected",
                              "rcu_dereference_check", "data_race")
# "no need for READ_ONCE() here", "drop the WRITE_ONCE()": the accessor is named, not asked for
REFUSE = E.REMOVE_WORDS + ("don't", "do not", "shouldn't", "should not", "instead of", "overkill", "why")

# a member or element chain: `a->b`, `a.b.c`, `a->b[i]`, at least one member or index
_CHAIN = re.compile(r"(?<![\w.>])[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[[^\[\]()]*\])+")


def accessor_named(comment: str) -> str | None:
    """The one accessor of READS or WRITES COMMENT asks for, or None."""
    named = {m.group(1) for m in re.finditer(r"(?<![\w])([A-Za-z_]\w*)(?:\s*\(\))?(?!\w)", comment)}
    asked = [a for a in READS + WRITES if a in named]
    if len(asked) != 1 or E.has_any(comment, REFUSE):
        return None
    return asked[0]


def _is_read(m: str, start: int, end: int) -> bool:
    """Whether the chain at START..END of the masked line M is a plain read where it stands."""
    before, after = m[:start].rstrip(), m[end:].lstrip()
    if re.match(r"(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--|\(", after):
        return False            # written, or called through
    if re.search(r"(?:\+\+|--|(?<!&)&)$", before):
        return False            # incremented, or its address taken (not after `&&`)
    opened = re.search(r"([A-Za-z_]\w*)\s*\($", before)
    return not (opened and opened.group(1) in ACCESSORS + ("sizeof", "typeof", "offsetof", "container_of"))


def _reads(line: str) -> list[tuple[int, int]]:
    m = mask(line)
    return [(c.start(), c.end()) for c in _CHAIN.finditer(m) if _is_read(m, c.start(), c.end())]


def _write(line: str) -> tuple[int, int] | None:
    """The chain a one-line statement `chain = value;` writes, or None."""
    m = mask(line)
    w = re.fullmatch(r"\s*(" + _CHAIN.pattern + r")\s*=(?!=)\s*[^;]+;\s*", m)
    return (w.start(1), w.end(1)) if w else None


def _named(comment: str) -> set[str]:
    """The chains (`task->cgroups`) and identifiers the comment names, spaces dropped."""
    return {re.sub(r"\s+", "", c.group(0)) for c in _CHAIN.finditer(comment)} | set(E.named_identifiers(comment))


def _narrowed(found: list[tuple[int, str]], comment: str) -> list[tuple[int, str]]:
    """FOUND (line, chain) narrowed to those the comment names whole, else by their last member."""
    named = _named(comment)
    whole = [f for f in found if f[1] in named]
    if whole:
        return whole
    last = [f for f in found if re.split(r"->|\.", re.sub(r"\[.*?\]", "", f[1]))[-1] in named]
    return last or found


def bitfield(chain: str, texts: list[str]) -> str:
    """The member CHAIN ends with (`p->stopped`: `stopped`) when one of TEXTS declares a member of that name
    as a bit-field (`unsigned int stopped:1;`), '' otherwise."""
    m = re.search(r"(?:->|\.)\s*([A-Za-z_]\w*)\s*$", chain)
    if m is None:
        return ""
    rx = re.compile(rf"(?:^|[;{{,])\s*(?:[A-Za-z_]\w*\s+)*{re.escape(m.group(1))}\s*:\s*\w+\s*[;,]", re.M)
    return m.group(1) if any(rx.search(mask(t)) for t in texts) else ""


# a request for every quoted access: "for both", "all of them", "each of these"
_MANY = re.compile(r"\b(?:both|all|each|every|these|those|them)\b", re.I)


@dataclass(frozen=True)
class AccessOnceParams(InFunction):
    accessor: str                # READ_ONCE, WRITE_ONCE, rcu_dereference, ...
    chain: str                   # the member chain, spaces dropped (`sqe->nop_flags`)
    k: int                       # which such access of the function (reads or writes alike)


def _accesses(text: str, span: tuple[int, int], accessor: str) -> list[str]:
    """The member chains lines SPAN of TEXT access in the way ACCESSOR takes (written or read), in order."""
    lines = split_lines(text)
    out = []
    for no in range(span[0], span[1] + 1):
        spans = ([w] if (w := _write(lines[no - 1])) else []) if accessor in WRITES else _reads(lines[no - 1])
        out += [re.sub(r"\s+", "", lines[no - 1][a:b]) for a, b in spans]
    return out


def _places(text: str, fn: str, accessor: str, chain: str) -> list[tuple[int, int, int]]:
    """(line, start, end) of each access of CHAIN in function FN of the kind ACCESSOR takes."""
    f = function_named(text, fn)
    if f is None:
        return []
    lines = split_lines(text)
    out = []
    for no in range(f.body_start, f.end + 1):
        line = lines[no - 1]
        spans = ([w] if (w := _write(line)) else []) if accessor in WRITES else _reads(line)
        out += [(no, a, b) for a, b in spans if re.sub(r"\s+", "", line[a:b]) == chain]
    return out


class AccessOnce(S.ExpectedEdit[AccessOnceParams]):
    kind = "access-once"
    order = Phase.WRAPPERS

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AccessOnceParams] | None:
        acc = accessor_named(s.comment)
        if acc is None:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        lines = split_lines(ctx.text)
        found: list[tuple[int, str]] = []
        for no in range(first, last + 1):
            line = lines[no - 1]
            spans = ([w] if (w := _write(line)) else []) if acc in WRITES else _reads(line)
            found += [(no, re.sub(r"\s+", "", line[a:b])) for a, b in spans]
        if not found:
            return None
        many = _MANY.search(s.comment) and _accesses(ctx.text, E.whole_quote_in(s, ctx.text, fn) or (first, last), acc)
        if many and len(many) > 1:
            # "WRITE_ONCE() for both": one rule makes one access, the others would be left as they are
            raise Manual(f"the comment asks for {acc}() on {len(many)} quoted accesses ({', '.join(many)}): "
                         "respin makes one at a time; left to the author")
        found = _narrowed(found, s.comment)
        if len({f[1] for f in found}) > 1 or len(found) > 1:
            what = ", ".join(sorted({f[1] for f in found}))
            raise Manual(f"the quoted lines {'read' if acc in READS else 'write'} {what} in {len(found)} places: "
                         f"which access {acc}() is for is not clear")
        no, chain = found[0]
        field = bitfield(chain, [ctx.text, *ctx.files.values()])
        if field:
            raise Manual(f"{field} is a bit-field in the files respin reads: {acc}() takes the address of what it "
                         "reads or writes, which a bit-field has none of; how to share it is for the author")
        k = next(i for i, p in enumerate(_places(ctx.text, fn.name, acc, chain)) if p[0] == no)
        return Plan(self.kind, slug=acc.lower(), order=self.order, files=[ctx.path],
                    params=AccessOnceParams(fn.name, accessor=acc, chain=chain, k=k),
                    summary=f"Use {acc}() for {chain} in {fn.name}()")

    def _target(self, plan: Plan[AccessOnceParams], text: str) -> tuple[int, int, int]:
        p = plan.params
        return E.kth(_places(text, p.function, p.accessor, p.chain), p.k, f"access of {p.chain}", p.function)

    def render(self, s: Suggestion, plan: Plan[AccessOnceParams], ctx: CodeContext) -> str:
        p = plan.params
        line, a, b = self._target(plan, ctx.text)
        chain = " ".join(split_lines(ctx.text)[line - 1][a:b].split())
        names = sorted(set(re.findall(r"(?<![\w>.])[A-Za-z_]\w*", re.sub(r"(?:->|\.)\s*[A-Za-z_]\w*", "", chain))))
        metavars = [f"identifier fn = {p.function};"] + [f"symbol {n};" for n in names]
        if p.accessor in WRITES:
            metavars += ["expression v;", R.position_constraint("p", [line])]
            body = f"- {chain}@p = v;\n+ {p.accessor}({chain}, v);"
            desc = f"Write {chain} with {p.accessor}() in {p.function}()"
        else:
            metavars += [R.position_constraint("p", [line])]
            body = f"- {chain}@p\n+ {p.accessor}({chain})"
            desc = f"Read {chain} with {p.accessor}() in {p.function}()"
        return R.header(desc, s) + "\n" + R.rule("access", metavars, R.in_function("fn", body))

    def is_applied(self, s: Suggestion, plan: Plan[AccessOnceParams], text: str) -> bool:
        p = plan.params
        f = function_named(text, p.function)
        if f is None:
            return False
        body = re.sub(r"\s+", "", "\n".join(split_lines(text)[f.body_start - 1:f.end]))
        return f"{p.accessor}({p.chain}" in body

    def expected(self, plan: Plan[AccessOnceParams], text: str) -> str:
        p = plan.params
        line, a, b = self._target(plan, text)
        lines = split_lines(text)
        src = lines[line - 1]
        if p.accessor in WRITES:
            value = re.fullmatch(r"\s*=\s*(.*?)\s*;\s*", src[b:], re.S)
            if value is None:
                raise Manual(f"the write of {p.chain} is no longer one statement")
            new = src[:a] + f"{p.accessor}({src[a:b]}, {value.group(1)});"
        else:
            new = src[:a] + f"{p.accessor}({src[a:b]})" + src[b:]
        start = sum(len(ln) + 1 for ln in lines[:line - 1])
        return text[:start] + new + text[start + len(src):]

    def overreach(self, plan: Plan[AccessOnceParams]) -> str:
        return f"the rule changed more than putting {plan.params.chain} in {plan.params.accessor}()"


RECIPE = AccessOnce()
