"""Drop a local the function no longer uses: "i isn't used any more", "unused variable", "ret is not
used anywhere".

Evidence: the comment says the local is unused (unused, not used, isn't used any more, no longer
used, never used) and names it, or the quote declares exactly one local the function does not use.
The local must be declared in the anchored function, on one line, not static, and the function must
mention it nowhere else.  Then the name goes from its declaration: `int i, ret;` -> `int ret;`; a
declaration of that name alone goes with its line (and a blank line it would leave doubled).  A
declaration with an initializer (`struct regmap *map = priv->map;`) goes whole when it declares that
name alone and its value only reads: no assignment, no increment, no call but the conversions that
only compute an address (`to_*()`, `container_of()`, `*_get_drvdata()`, `netdev_priv()`, ...);
any other call could do something, and is manual.
A verified text edit of the declaration line, nothing else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.ctext import Function, function_named, mask, statements
from patches.model import Suggestion

ASKS = re.compile(r"\bunused\b|\b(?:is|are|isn'?t|aren'?t|was|wasn'?t)\s+(?:not\s+|never\s+|no\s+longer\s+)?"
                  r"used\s+(?:any\s*more|anywhere|at\s+all|any\s+longer)\b|\b(?:not|never|no\s+longer)\s+used\b|"
                  r"\bisn'?t\s+used\b|\bneither\b[^.;]{0,60}\bnor\b[^.;]{0,60}\b(?:is|are)\s+used\b", re.I)
# `T a, b, c;` of plain names: the type, the names
_TYPE = (r"(?:(?:const\s+)*(?:struct|union|enum)\s+\w+(?:\s+const)?|"
         r"(?:(?:const|unsigned|signed|long|short)\s+)*[A-Za-z_]\w*)")
_DECL = re.compile(rf"^(\s*)({_TYPE})(?:\s+|\s*(?=\*))([*A-Za-z_][\w\s,*]*);\s*$")


# `T *name = value;`: one name with an initializer
_INIT_DECL = re.compile(rf"^(\s*)({_TYPE})(?:\s+|\s*(?=\*))(\**\s*(?:const\s+)?[A-Za-z_]\w*)\s*=\s*(.+?);\s*$")
# calls that only compute an address from their argument: an initializer made of them does nothing (the
# driver-model accessors, and the memory model's page/folio/pfn conversions of <asm-generic/memory_model.h>
# and <linux/mm.h>)
_ADDRESS_ONLY = re.compile(r"to_\w+|container_of(?:_const)?|\w+_get_(?:drv|client)data|netdev_priv|iio_priv|"
                           r"dev_get_platdata|sizeof|folio_page|page_folio|nth_page|pfn_to_page|page_to_pfn|"
                           r"virt_to_page|page_address|folio_pfn|folio_address|pfn_folio")


def only_reads(value: str) -> str:
    """'' when VALUE (masked) only reads, else what it does (the call, the assignment)."""
    if re.search(r"\+\+|--|(?<![=!<>])=(?!=)", value):
        return "changes something"
    for called in re.findall(r"\b([A-Za-z_]\w*)\s*\(", value):
        if not _ADDRESS_ONLY.fullmatch(called):
            return f"calls {called}()"
    return ""


def _names(decl_list: str) -> list[str] | None:
    """The names of `a, *b, c` (pointers kept with their star), or None for anything else."""
    parts = [p.strip() for p in decl_list.split(",")]
    if not all(re.fullmatch(r"\**\s*[A-Za-z_]\w*", p) for p in parts):
        return None
    return parts


def used_later(ctx: CodeContext, function: str, name: str) -> bool:
    """Whether the later patches of the series leave FUNCTION of CTX's file with more uses of the local NAME
    than it has now: a local one patch declares and a later one starts using goes in neither alone."""
    later = ctx.later_files.get(ctx.path)
    now, then = function_named(ctx.text, function), function_named(later, function) if later else None
    return now is not None and then is not None and later is not None and \
        _uses(later, then, name) > _uses(ctx.text, now, name)


def uses_changed_later(ctx: CodeContext, function: str, name: str) -> bool:
    """Whether the later patches of the series change the lines of FUNCTION in CTX's file that use the local
    NAME (add one, or rewrite one: another bound, another value): what holds of its uses now may not hold
    of theirs."""
    later = ctx.later_files.get(ctx.path)
    now, then = function_named(ctx.text, function), function_named(later, function) if later else None
    if now is None or then is None or later is None:
        return False

    def lines(text: str, fn: Function) -> list[str]:
        body = mask(text).splitlines()[fn.body_start - 1:fn.end]
        return sorted(" ".join(ln.split()) for ln in body if re.search(rf"(?<![\w.>]){re.escape(name)}\b", ln))
    return lines(later, then) != lines(ctx.text, now)


def _bare(part: str) -> str:
    return part.lstrip("* ").strip()


def _uses(text: str, fn: Function, name: str) -> int:
    body = "\n".join(mask(text).splitlines()[fn.body_start - 1:fn.end])
    return len(re.findall(rf"(?<![\w.>]){re.escape(name)}\b", body))


@dataclass(frozen=True)
class DropUnusedNameParams(InFunction):
    name: str                    # the unused local
    old: list[str]               # its declaration line
    new: list[str]               # what stays
    # the other locals the comment names as unused: (name, declaration line, what stays), done as companions
    others: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()


def _edit(lines: list[str], at: int, name: str, parts: list[str]) -> tuple[list[str], list[str]]:
    """(the declaration line of NAME at AT, what stays of it); Manual when it cannot go safely."""
    line = lines[at]
    m = _DECL.match(line)
    init = _INIT_DECL.match(mask(line)) if m is None else None
    if init is not None:
        does = only_reads(init.group(4))
        if does:
            raise Manual(f"the initializer of {name} {does}: whether that may go with it is for the author")
        return [line], []
    if m is None:
        raise Manual(f"the declaration of {name} could not be read on one line")
    rest = [p for p in parts if _bare(p) != name]
    return [line], ([f"{m.group(1)}{m.group(2)} {', '.join(rest)};"] if rest else [])


class DropUnusedName(Recipe[DropUnusedNameParams]):
    kind = "drop-variable"
    order = Phase.SETTLED_STATEMENTS
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropUnusedNameParams] | None:
        if not ASKS.search(" ".join(s.comment.split())) or E.reviewer_code(s):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None             # outside any function: not this recipe's request
        first, last = E.anchor_range(s, ctx, fn)
        lines = ctx.text.splitlines()
        said = set(re.findall(r"[A-Za-z_]\w*", s.comment))
        found: list[tuple[int, str, list[str]]] = []      # (0-based line, name, parts)
        for st in statements(ctx.text, max(first, fn.body_start + 1), last):
            if st.start != st.end:
                continue
            m = _DECL.match(mask(lines[st.start - 1]))
            parts = _names(m.group(3)) if m and not re.match(r"\s*(?:static|return|goto)\b", m.group(2)) else None
            init = _INIT_DECL.match(mask(lines[st.start - 1])) if m is None else None
            if init is not None and not re.match(r"\s*(?:static|return|goto|volatile)\b", init.group(2)):
                parts = [re.sub(r"\bconst\s+", "", init.group(3))]
            for p in parts or []:
                if _uses(ctx.text, fn, _bare(p)) == 1:
                    found.append((st.start - 1, _bare(p), parts or []))
        named = [f for f in found if f[1] in said]
        if len(named) > 1 and len({at for at, _, _ in named}) != len(named):
            raise Manual("the comment names several unused locals of one declaration: which stay is for the author")
        if len(named) == 1 or not named and len(found) == 1:
            chosen = (named or found)[:1]
        elif len(named) > 1:
            chosen = named              # "Neither dev nor rtc is used": each named one goes
        else:
            if not found:
                return None
            raise Manual("the comment says a local is unused, but which one is not clear from the quote")
        for _, name, _ in chosen:
            if used_later(ctx, fn.name, name):
                raise Manual(f"a later patch of the series uses {name} in {fn.name}(): it is unused in this patch "
                             "only; moving its declaration to that patch is for the author")
        edits = [(name, *_edit(lines, at, name, parts)) for at, name, parts in chosen]
        name, old, new = edits[0]
        names = " and ".join(n for n, _, _ in edits)
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=DropUnusedNameParams(fn.name, name=name, old=old, new=new,
                                                others=tuple((n, tuple(o), tuple(w)) for n, o, w in edits[1:])),
                    summary=f"Drop the unused local{'s' if len(edits) > 1 else ''} {names} of {fn.name}()")

    def companions(self, s: Suggestion, plan: Plan[DropUnusedNameParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """The other locals the comment names as unused, each its own edit of its declaration line."""
        p = plan.params
        return [(self, Plan(self.kind, slug=n, order=self.order, files=[ctx.path],
                            params=DropUnusedNameParams(p.function, name=n, old=list(o), new=list(w), others=()),
                            summary="")) for n, o, w in p.others]

    def text_edit(self, s: Suggestion, plan: Plan[DropUnusedNameParams], ctx: CodeContext) -> T.TextEdit:
        # a declaration that goes whole takes a blank line it would leave doubled with it
        return T.TextEdit(ctx.path, plan.params.function, list(plan.params.old), list(plan.params.new),
                          plan.summary, drop_blank_after=not plan.params.new)

    def render(self, s: Suggestion, plan: Plan[DropUnusedNameParams], ctx: CodeContext) -> str:
        return R.text_edit_rule(plan.summary, s, self.text_edit(s, plan, ctx),
                                ["The function mentions the local nowhere else: its name goes from the declaration."])

    def is_applied(self, s: Suggestion, plan: Plan[DropUnusedNameParams], text: str) -> bool:
        f = function_named(text, plan.params.function)
        return f is not None and _uses(text, f, plan.params.name) == 0

    def verify(self, s: Suggestion, plan: Plan[DropUnusedNameParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"{plan.params.name} is still declared"
        return ""


RECIPE = DropUnusedName()
