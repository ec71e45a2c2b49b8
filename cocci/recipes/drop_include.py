"""Drop an `#include` the reviewer says is not needed: "Not needed, nothing sleeps here." under an added
`#include <linux/delay.h>`, "unused include", "drop this header".

Evidence: the comment says the thing is not needed or asks to drop it (not as a question), and the
one line the quote adds is an `#include` (or, without diff markers, the one line quoted is), which the
anchored file has once.  Only that line goes; when it stood alone between two blank lines,
one of them goes with it.  Whether nothing else in the file needs the header is the reviewer's word:
respin does not compile.  A comment that turns the drop down ("don't drop this one") is not a request;
one that names another header the file lacks ("use <linux/bits.h> instead") asks for a swap, which is
manual unless it also asks to include that header (then add-include adds it).  A verified text edit at
file scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes.add_include import _HEADER, header_asked
from patches.model import Suggestion

_NOT_NEEDED = re.compile(r"\b(?:not\s+(?:really\s+)?needed|unneeded|unnecessary|unused|superfluous|redundant|"
                         r"(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+(?:seem\s+to\s+)?need|no\s+need\s+for|"
                         r"drop|remove|get\s+rid\s+of|nothing\s+(?:here\s+)?uses)\b", re.I)
_KEEP = re.compile(r"\b(?:keep|missing|add|need(?:s|ed)?\s+(?:to\s+)?(?:include|add)|include\s+\S+\s+instead)\b",
                   re.I)
_TURNED_DOWN = re.compile(r"\b(?:don['’]?t|do\s+not|shouldn['’]?t|should\s+not|must\s+not|can['’]?t|cannot|"
                          r"wouldn['’]?t|would\s+not|no\s+need\s+to)\s+(?:\w+\s+){0,2}(?:drop|remove|get\s+rid)\b",
                          re.I)
_INCLUDE = re.compile(r"^#\s*include\s*[<\"][\w./+-]+[>\"]\s*$")


def quoted_include_line(quoted: list[str]) -> str | None:
    """The `#include` line that is all QUOTED adds ('+'), or all it holds when the quote shows no diff
    markers; None for anything else (another line with it: the comment may be about that one)."""
    marked = any(q[:1] in ("+", "-") for q in quoted)
    lines = [q[1:].strip() for q in quoted if q.startswith("+")] if marked else [q.strip() for q in quoted]
    lines = [q for q in lines if q]
    return lines[0] if len(lines) == 1 and _INCLUDE.match(lines[0]) else None


@dataclass(frozen=True)
class DropIncludeParams(Params):
    header: str                  # the line, `#include <linux/delay.h>`
    old: list[str]               # the lines as they are (the include, with a blank line it leaves doubled)
    new: list[str]               # what stays of them
    function: str = ""           # file scope


class DropInclude(LinesEdit[DropIncludeParams]):
    kind = "drop-include"
    order = Phase.LAYOUT
    notes = ("SmPL does not remove #include lines; a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropIncludeParams] | None:
        text = " ".join(s.comment.split())
        if not _NOT_NEEDED.search(text) or _KEEP.search(text) or _TURNED_DOWN.search(text) or \
                text.rstrip().endswith("?") or not ctx.text:
            return None
        line = quoted_include_line(s.quoted)
        if line is None:
            return None
        swap = sorted({h for m in _HEADER.finditer(text) if (h := m.group(1) or m.group(2)) not in line
                       and not re.search(rf"^#\s*include\s*<{re.escape(h)}>", ctx.text, re.M)})
        if swap and header_asked(text) is None:
            raise Manual(f"the comment also names <{swap[0]}>, which the file does not include: dropping this "
                         "include for that one is for the author")
        lines = ctx.text.splitlines()
        at = [i for i, ln in enumerate(lines) if ln.strip() == line]
        if len(at) != 1:
            return None
        k = at[0]
        alone = 0 < k < len(lines) - 1 and not lines[k - 1].strip() and not lines[k + 1].strip()
        old = lines[k:k + 2] if alone else [lines[k]]
        name = re.sub(r"^#\s*include\s*[<\"]|[>\"]\s*$", "", line)
        return Plan(self.kind, slug=name.rsplit("/", 1)[-1].removesuffix(".h"), order=self.order,
                    files=[ctx.path], summary=f"Drop the #include of {name}",
                    params=DropIncludeParams(line, old=old, new=[]))

    def is_applied(self, s: Suggestion, plan: Plan[DropIncludeParams], text: str) -> bool:
        return plan.params.header not in (ln.strip() for ln in text.splitlines())

    def overreach(self, plan: Plan[DropIncludeParams]) -> str:
        return f"more than the line `{plan.params.header}` changed"


RECIPE = DropInclude()
