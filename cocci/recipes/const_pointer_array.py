"""Make a file-scope array of pointers const itself: `static const char *names[] = {` ->
`static const char * const names[] = {` ("static const char * const", "the array can be const too",
"make the pointers const as well").

Evidence: the comment writes the pointer const out (`* const`, `*const`), or speaks of const with a
word for the pointers or the array (pointer, array, table, too, as well, itself); and the quote holds
exactly one file-scope declaration, on one line, of an array of pointers to const data that are not
const themselves (`[static] const T *name[...] = {` or `... ;`).  Only that line changes: the `*`
becomes `* const`.  An array of pointers to data that is not const (`char *names[]`) is left to
people: whether the strings may be written is a separate question.  A verified text edit at file scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from patches.model import Suggestion

# `static const char *names[] = {`: storage, `const T`, one `*`, the name, the dimension, the rest
DECL = re.compile(r"^((?:static\s+)?const\s+(?:(?:struct|union|enum|unsigned|signed)\s+)?[A-Za-z_]\w*)\s*\*\s*"
                  r"([A-Za-z_]\w*)(\s*\[[^\]]*\]\s*(?:=\s*\{\s*(?:/\*.*\*/)?|;))\s*$")
ASKS = re.compile(r"\*\s*const\b|\bconst\b[^.?!]{0,40}\b(?:pointers?|array|table|too|as\s+well|itself)\b|"
                  r"\b(?:pointers?|array|table)\b[^.?!]{0,40}\bconst\b", re.I)


def quoted_line(quoted: list[str]) -> str | None:
    """The one quoted declaration line of an array of pointers to const (the added one when the quote
    shows diff markers), or None."""
    added = [q[1:] for q in quoted if q.startswith("+")]
    lines = added if any(q[:1] in "+- " for q in quoted if q) else list(quoted)
    found = [ln for ln in lines if ln == ln.lstrip() and DECL.match(ln.rstrip()) is not None]
    return found[0].rstrip() if len(found) == 1 else None


@dataclass(frozen=True)
class ConstPointerArrayParams(Params):
    old: list[str]               # the declaration line as it is
    new: list[str]               # the same with `* const`
    function: str = ""           # file scope


class ConstPointerArray(LinesEdit[ConstPointerArrayParams]):
    kind = "const"
    order = Phase.QUALIFIERS
    notes = ("A file-scope declaration line: a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ConstPointerArrayParams] | None:
        text = " ".join(s.comment.split())
        if not ASKS.search(text) or re.search(r"\bnon-?const\b", text) or not ctx.text:
            return None
        line = quoted_line(s.quoted)
        if line is None:
            return None
        lines = ctx.text.splitlines()
        at = [i for i, ln in enumerate(lines) if ln.rstrip() == line]
        if len(at) != 1:
            return None
        m = DECL.match(line)
        if m is None:
            return None
        name, new = m.group(2), f"{m.group(1)} * const {m.group(2)}{m.group(3)}"
        return Plan(self.kind, slug=name.lower(), order=self.order, files=[ctx.path],
                    params=ConstPointerArrayParams(old=[lines[at[0]]], new=[new]),
                    summary=f"Make the pointers of {name} const")

    def is_applied(self, s: Suggestion, plan: Plan[ConstPointerArrayParams], text: str) -> bool:
        return plan.params.new[0] in text.splitlines()

    def verify(self, s: Suggestion, plan: Plan[ConstPointerArrayParams], before: str, after: str) -> str:
        if plan.params.new[0] not in after.splitlines():
            return "the array's pointers are not const"
        changed = [b for b, a in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
        same_count = len(before.splitlines()) == len(after.splitlines())
        return "" if before == after or (same_count and changed == plan.params.old) else \
            "more than the declaration line changed"


RECIPE = ConstPointerArray()
