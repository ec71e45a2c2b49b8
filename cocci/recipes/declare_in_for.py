"""Declare a loop counter in the `for` statement: "You could declare val here, in the for statement",
"declare i in the for loop header" -> `int val;` goes and `for (val = E; ...)` becomes
`for (int val = E; ...)`.

Evidence: the comment speaks of declaring (or moving the declaration) and of the for statement itself
(in/into the for statement, the loop header, `for ()`, "in the for", "inside the for(...)"), and names a
local, or the quote holds exactly one `for (x = ...` of a local declared at the top of the function.
The local must be declared without initializer, not static, alone or among other plain names
(`int tmp, i;` -> `int tmp;`); the function's only `for (x = E;`
must be the one quoted, and every use of the name must lie in that statement (its header and body):
nothing before it reads or writes it, nothing after it reads it.  The declaration line goes (with a
blank line it leaves doubled) and the loop's first clause gets the type.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from patches.ctext import Item, block_items, closing, decl_parts, function_span, is_declaration, line_at, \
    line_offsets, mask, norm, occurrences
from patches.model import Suggestion

ASKS = re.compile(r"\b(?:declar\w*|mov\w*)\b[^.?!]{0,60}\b(?:(?:in|into|inside|within)\s+(?:the\s+)?"
                  r"(?:for\s*(?:\(\s*\.*\s*\)|statement|loop\s+header|header|clause|itself)?\b|loop\s+header)|"
                  r"for\s*\(\s*\)|C99|C11)", re.I)


# `for (int i = 0; ...)` written by the reviewer: the counter declared in the header, its type and name
_SHOWN = re.compile(r"(?<![\w.])for\s*\(\s*((?:(?:const|unsigned|signed|long|short)\s+)*[A-Za-z_]\w*(?:\s*\*+)?)"
                    r"\s*(?<=[\s*])([A-Za-z_]\w*)\s*=(?!=)")


def _shown_header(s: Suggestion) -> tuple[str, str, str] | None:
    """(type, name, header) of the counter a `for (T x = ...` the reviewer wrote (in the code or the
    comment) declares, the type's words one space apart, the header as written up to an ellipsis or the
    end of its line; None when there is none or several."""
    text = "\n".join([s.comment, *E.reviewer_code(s)])
    found = {(" ".join(m.group(1).replace("*", " * ").split()), m.group(2),
              re.split(r"\.\.\.|\u2026|\n", text[m.start():], maxsplit=1)[0])
             for m in _SHOWN.finditer(text) if m.group(1) not in ("return", "goto")}
    return found.pop() if len(found) == 1 else None


def _same_header(shown: str, new_for: str) -> bool:
    """Whether the header the reviewer SHOWS (up to an ellipsis) begins the loop as it becomes: nothing
    else of it (the bound, the step) is asked to change."""
    want = norm(mask(shown)).split()
    return norm(mask(new_for.strip())).split()[:len(want)] == want


_SHARED = re.compile(r"^(?P<indent>\s*)(?P<type>(?:(?:const|unsigned|signed|long|short|struct|enum)\s+)*"
                     r"[A-Za-z_]\w*)\s+(?P<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+)\s*;\s*$")


def _shared_declarations(text: str, brace: int) -> dict[str, Item]:
    """The names declared together, plainly (`int tmp, i;`: no pointer, array or value), at the top of
    the block opened at BRACE, each with its declaration."""
    out: dict[str, Item] = {}
    for it in block_items(text, brace):
        m = _SHARED.match(mask(it.text).strip("\n")) if is_declaration(it.text) else None
        if m is not None and "\n" not in it.text.strip():
            for n in (x.strip() for x in m.group("names").split(",")):
                out[n] = it
    return out


def _without(line: str, name: str) -> tuple[str, list[str]]:
    """(the type, [LINE with NAME out of its names]) for a line `T a, NAME, b;`."""
    m = _SHARED.match(line)
    if m is None:
        raise Manual(f"the declaration of {name} could not be read on one line")
    rest = [x.strip() for x in m.group("names").split(",") if x.strip() != name]
    return " ".join(m.group("type").split()), [f"{m.group('indent')}{m.group('type')} {', '.join(rest)};"]


@dataclass(frozen=True)
class DeclareInForParams(InFunction):
    name: str                    # the loop counter
    old: list[str]               # the lines from its declaration to the for line, as they are
    new: list[str]               # the same, declared in the for statement


def _statement_end(m: str, at: int) -> int:
    """The offset just after the statement starting at AT in masked text M (a block or up to its ';')."""
    j = at
    while j < len(m) and m[j].isspace():
        j += 1
    if m.startswith("{", j):
        k = closing(m, j)
        return k + 1 if k >= 0 else -1
    head = re.match(r"(?:if|for|while|switch)\s*\(", m[j:])
    if head:
        k = closing(m, j + head.end() - 1)
        return _statement_end(m, k + 1) if k >= 0 else -1
    k = m.find(";", j)
    return k + 1 if k >= 0 else -1


class DeclareInFor(LinesEdit[DeclareInForParams]):
    kind = "move-declaration"
    order = Phase.DECLARATION_MOVES

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DeclareInForParams] | None:
        shown = _shown_header(s)
        if shown is None and (not ASKS.search(" ".join(s.comment.split())) or E.reviewer_code(s)):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None             # outside any function: not this recipe's request
        span = function_span(ctx.text, fn.name)
        if span is None:
            return None
        text, m = ctx.text, mask(ctx.text)
        offs = line_offsets(text)
        said = set(re.findall(r"[A-Za-z_]\w*", s.comment)) if shown is None else {shown[1]}
        quoted = " ".join(E.quote_code(s.quoted))
        decls = {p[1]: it for it in block_items(text, span[1])
                 if is_declaration(it.text) and (p := decl_parts(it.text)) is not None and p[2] is None}
        shared = _shared_declarations(text, span[1])
        decls.update({n: it for n, it in shared.items() if n not in decls})
        loops = {name: [x for x in re.finditer(rf"\bfor\s*\(\s*{re.escape(name)}\s*=(?!=)", m[span[1]:span[2]])]
                 for name in decls}
        cands = [n for n in decls if n in said and loops[n]] or \
            [n for n in decls if loops[n] and re.search(rf"\bfor\s*\(\s*{re.escape(n)}\s*=", quoted)]
        if len(cands) != 1:
            return None
        name = cands[0]
        decl = decls[name]
        if re.search(r"\b(?:static|__free|__cleanup|__attribute__)\b", mask(decl.text)) or \
                ("," in mask(decl.text) and name not in shared):
            raise Manual(f"{name} is static, has a cleanup attribute or shares a declaration with a pointer, "
                         "an array or a value")
        if len(loops[name]) != 1:
            raise Manual(f"{name} is the counter of several loops of {fn.name}(): each would need its own")
        start = span[1] + loops[name][0].start()
        paren = m.index("(", start)
        end = _statement_end(m, closing(m, paren) + 1)
        if end < 0:
            raise Manual(f"the for statement of {name} could not be read")
        uses = occurrences(m, name, decl.end, span[2] - 1)
        if any(not start <= u < end for u in uses):
            raise Manual(f"{name} is used outside its for statement in {fn.name}()")
        lines = text.splitlines()
        decl_line = line_at(offs, decl.start)
        for_line = line_at(offs, start)
        if line_at(offs, decl.end - 1) != decl_line:
            raise Manual(f"the declaration of {name} spans several lines")
        kept: list[str] = []
        if name in shared:
            typ, kept = _without(lines[decl_line - 1], name)
        else:
            typ = " ".join(decl.text.strip().rstrip(";").rsplit(name, 1)[0].split())
        if shown is not None and shown[0] != " ".join(typ.replace("*", " * ").split()):
            return None             # the loop the reviewer shows gives the counter another type
        sep = "" if typ.endswith("*") else " "
        new_for = re.sub(rf"\bfor\s*\(\s*{re.escape(name)}\s*=", lambda _: f"for ({typ}{sep}{name} =",
                         lines[for_line - 1], count=1)
        if shown is not None and not _same_header(shown[2], new_for):
            return None             # the reviewer's loop changes more than where the counter is declared
        old = lines[decl_line - 1:for_line]
        new = kept + lines[decl_line:for_line - 1] + [new_for]
        # the declaration was the only one: the blank line under it goes too
        if not kept and new and not new[0].strip() and (decl_line < 2 or not lines[decl_line - 2].strip() or
                                                         lines[decl_line - 2].rstrip().endswith("{")):
            new = new[1:]
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=DeclareInForParams(fn.name, name=name, old=old, new=new),
                    summary=f"Declare {name} in its for statement in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DeclareInForParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else f"{plan.params.name} is not declared in its for statement"

    def rule_notes(self, plan: Plan[DeclareInForParams], ctx: CodeContext) -> list[str]:
        return [f"Every use of {plan.params.name} is in its for statement: a verified text edit."]


RECIPE = DeclareInFor()
