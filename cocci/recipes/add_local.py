"""Add the local a reviewer declares for a value the function spells out several times: "Add a local
struct device *dev = &client->dev; it is used several times.", or the reviewer's declaration line alone
under a quoted use, with "and use it" or "a local would help".

Evidence: the comment (or the reviewer's code) holds one declaration `T *name = VALUE;` of a plain value
(names joined by `->`, `.`, a leading `&`), and asks for a local in words (local, variable, introduce,
add, use it) or is that line alone.  VALUE's first name is a parameter of the anchored function, and
the function never assigns it nor a member on the way to VALUE (`priv->client = client;` before a local
`dev = &priv->client->dev` would be read too early), VALUE is spelled out at least twice in the
function, and NAME is nowhere in it yet.  The declaration becomes the first line of the function's
body (with a blank line after it when no declarations follow), and every spelling of VALUE in the body
becomes NAME.  A line that opens a parenthesis after the replaced text and continues on the next is
left to the author (its continuation's alignment would move).  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.use_local import _PLAIN, UseLocal, _spelled
from patches.ctext import begins_declaration, mask
from patches.model import Suggestion

_DECL = re.compile(r"(?P<type>(?:const\s+)?(?:struct\s+|enum\s+|union\s+)?[A-Za-z_]\w*\s*\**)\s*"
                   r"(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>[^;=]+?)\s*;")
_ASKS = re.compile(r"\b(?:local|variable|introduce|add|use\s+it|helper\s+variable)\b", re.I)


def _declared(s: Suggestion) -> tuple[str, str, str] | None:
    """(type, name, value) of the one plain declaration the comment or the reviewer's code writes."""
    code = " ".join(c.strip() for c in E.reviewer_code(s))
    found = [m for m in _DECL.finditer(code or " ".join(s.comment.split()))
             if _PLAIN.fullmatch(" ".join(m.group("value").split()))]
    if len(found) != 1:
        return None
    m = found[0]
    return " ".join(m.group("type").split()), m.group("name"), " ".join(m.group("value").split())


def _written_part(masked_body: str, value: str) -> str | None:
    """The part of VALUE's member chain (`priv`, `priv->client`, `priv->client->dev`) the masked body
    writes (assigns, increments or hands on by address), or None."""
    toks = re.findall(r"->|\.|[A-Za-z_]\w*", value.lstrip("&"))
    for k in range(1, len(toks) + 1, 2):
        part = "".join(toks[:k])
        rx = r"\s*".join(re.escape(t) for t in toks[:k])
        address = "" if k == len(toks) and value.startswith("&") else \
            rf"|(?<!&)&(?!&)\s*{rx}\b(?!\s*(?:->|\.|\[))"      # `&client->dev` handed on is the value itself
        if re.search(rf"(?<![\w.>]){rx}\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\+\+|--)\s*{rx}\b(?!\s*(?:->|\.))|"
                     rf"(?<![\w.>]){rx}\s*(?:\+\+|--){address}", masked_body):
            return part
    return None


@dataclass(frozen=True)
class AddLocalParams(InFunction):
    name: str                    # the new local
    old: list[str]               # the body's lines from its first to the last one changed
    new: list[str]               # the same with the declaration and the local


class AddLocal(LinesEdit[AddLocalParams]):
    kind = "add-local"
    order = Phase.QUALIFIERS
    supersedes = ("replace-code", "use-local", "move-declaration")
    changed = "the function's lines that spell out the value"
    notes = ("The value comes from a parameter the function never assigns: the local holds "
             "it throughout.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AddLocalParams] | None:
        got = _declared(s)
        code = E.reviewer_code(s)
        if got is None or not ctx.text or not (_ASKS.search(s.comment) or len(code) == 1):
            return None
        typ, name, value = got
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None
        lines = ctx.text.splitlines()
        masked = mask(ctx.text).splitlines()
        header = " ".join(masked[fn.start - 1:fn.body_start])
        body = "\n".join(masked[fn.body_start:fn.end - 1])
        root = re.match(r"&?\s*([A-Za-z_]\w*)", value)
        if root is None or not re.search(rf"\b{re.escape(root.group(1))}\s*[,)]", header):
            raise Manual(f"{value} does not start from a parameter of {fn.name}(): where the local may be set is "
                         "for the author")
        written = _written_part(body, value)
        if written is not None:
            raise Manual(f"{written} is assigned in {fn.name}(): {name} and {value} may differ")
        if re.search(rf"(?<![\w.])(?<!->){re.escape(name)}\b", body + " " + header):
            return None             # the name is taken (or the local is there: use-local's)
        rx = _spelled(value)
        at = [i for i in range(fn.body_start, fn.end - 1) if rx.search(masked[i])]
        if len(at) < 2:
            raise Manual(f"{value} is spelled out {len(at)} time(s) in {fn.name}(): a local is no simpler")
        first = fn.body_start          # 0-based index of the body's first line
        decl = "\t" + (f"{typ}{name}" if typ.endswith("*") else f"{typ} {name}") + f" = {value};"
        blank = not begins_declaration(lines[first])
        new = [decl, *([""] if blank else [])]
        for i in range(first, at[-1] + 1):
            ln, m = lines[i], masked[i]
            hits = list(rx.finditer(m))
            if hits and i + 1 < len(lines) and UseLocal._open_after(m, hits[0].start()):
                raise Manual("a parenthesis opened after the replaced text continues on the next line: its "
                             "alignment would move")
            for h in reversed(hits):
                ln = ln[:h.start()] + name + ln[h.end():]
            new.append(ln)
        return Plan(self.kind, slug=name, order=self.order, files=[ctx.path],
                    params=AddLocalParams(fn.name, name=name, old=lines[first:at[-1] + 1], new=new),
                    summary=f"Add the local {name} for {value} in {fn.name}()")



RECIPE = AddLocal()
