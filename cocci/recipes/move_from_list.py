"""Move one name of a declaration of several into the block that uses it: `int i, val;` with "val is only
used inside the loop, so it can be declared there" -> `int i;` and `int val;` at the start of the loop body.

Evidence as for move-declaration (an intent word and a place word); the quote holds a declaration of
several plain names without initializers (`T a, b;`, `T *a, b;`) and the comment names one of them.
The analysis is move-declaration's, run on the function with that name declared on a line of its own
(every use inside one block, a loop body's first use an assignment, the block not declaring the name):
the name leaves the list and is declared at the start of the block, after the block's own declarations,
or before its first statement with a blank line after it.  A verified text edit of the lines between.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.move_declaration import INTENT, PLACE, find_target
from patches.ctext import block_items, function_span, is_declaration, line_at, line_offsets, mask
from patches.model import Suggestion

# `T a, *b;`: the indentation, the type words, the declarators
_LIST = re.compile(r"^(\s*)((?:(?:const|unsigned|signed|long|short|struct\s+\w+|union\s+\w+|enum\s+\w+)\s+)*"
                   r"[A-Za-z_]\w*)\s+(\**\s*[A-Za-z_]\w*(?:\s*,\s*\**\s*[A-Za-z_]\w*)+)\s*;\s*$")


def _declarators(text: str) -> list[str]:
    return [d.strip() for d in text.split(",")]


def _bare(d: str) -> str:
    return d.lstrip("* ").strip()


def _common_region(a: list[str], b: list[str]) -> tuple[int, int, int]:
    """(start, end in A, end in B) of the lines where A and B differ."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    return i, len(a) - j, len(b) - j


@dataclass(frozen=True)
class MoveFromListParams(InFunction):
    name: str                    # the local that moves
    old: list[str]               # the lines from the declaration to the place it goes, as they are
    new: list[str]               # the same, the name moved


class MoveFromList(LinesEdit[MoveFromListParams]):
    kind = "move-declaration"
    order = Phase.DECLARATION_MOVES

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[MoveFromListParams] | None:
        if not (INTENT.search(s.comment) and PLACE.search(s.comment)) or E.reviewer_code(s):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None             # outside any function: not this recipe's request
        first, last = E.anchor_range(s, ctx, fn)
        span = function_span(ctx.text, fn.name)
        if span is None:
            return None
        lines = ctx.text.splitlines()
        offs = line_offsets(ctx.text)
        said = set(re.findall(r"[A-Za-z_]\w*", s.comment))
        found = []
        for it in block_items(ctx.text, span[1]):
            if not is_declaration(it.text):
                continue
            n = line_at(offs, it.start)
            m = _LIST.match(lines[n - 1])
            if m is None or line_at(offs, it.end) != n or not (first <= n <= last or
                                                               any(_bare(d) in said for d in _declarators(m.group(3)))):
                continue
            for d in _declarators(m.group(3)):
                if _bare(d) in said:
                    found.append((n, m, d))
        if len(found) != 1:
            return None
        n, m, d = found[0]
        name = _bare(d)
        indent, typ = m.group(1), m.group(2)
        rest = [x for x in _declarators(m.group(3)) if x != d]
        star = d[:len(d) - len(d.lstrip("* "))].replace(" ", "")
        own = f"{typ} {star}{name};"
        split = lines[:n - 1] + [f"{indent}{typ} {', '.join(rest)};", indent + own] + lines[n:]
        split_text = "\n".join(split) + "\n"
        t = find_target(split_text, fn.name, name, s.comment)
        soffs = line_offsets(split_text)
        at = t.anchor_line - 1                     # 0-based, in SPLIT
        body_indent = split[at][:len(split[at]) - len(split[at].lstrip())] if split[at].strip() else indent + "\t"
        decl_at = line_at(soffs, t.decl.start) - 1
        if decl_at != n:
            raise Manual(f"the declaration of {name} could not be told apart")
        result = list(split)
        if t.after_decl:
            result.insert(at + 1, body_indent + own)
        else:
            result[at:at] = [body_indent + own, ""]
        del result[decl_at]
        a, b_old, b_new = _common_region(lines, result)
        if a >= b_old:
            return None
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=MoveFromListParams(fn.name, name=name, old=lines[a:b_old], new=result[a:b_new]),
                    summary=f"Declare {name} in the block that uses it in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[MoveFromListParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"{plan.params.name} is not declared in the block that uses it"
        return "" if mask(after).count(";") == mask(before).count(";") + 1 else "more than one declaration changed"

    def rule_notes(self, plan: Plan[MoveFromListParams], ctx: CodeContext) -> list[str]:
        return [f"{plan.params.name} leaves a declaration of several names: a verified text edit."]


RECIPE = MoveFromList()
