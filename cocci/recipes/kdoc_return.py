"""The return section of a kernel-doc comment spelled as kernel-doc reads it: "kernel-doc wants `Return:`"
under ` * Returns the value or a negative error code.` -> ` * Return: the value or a negative error code.`

Evidence: the comment writes `Return:` (or speaks of the kernel-doc return section), and one line the
quote adds is the start of a return description in a `/** ... */` comment: ` * Returns ...`,
` * Return ...`, ` * Returns: ...`, ` * @return ...` or ` * RETURNS: ...`.  Only the leading word
changes; the description's words stay as written.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from patches.model import Suggestion

_ASKS = re.compile(r"\bReturn:|\breturn\s+(?:value\s+)?section\b|\bkernel[\s-]*doc\b[^.?!]*\breturn", re.I)
_LEAD = re.compile(r"^(?P<head>\s*\*\s+)(?:@?returns?|RETURNS?)\s*:?\s+(?P<rest>\S.*)$", re.I)


def _in_kdoc(lines: list[str], k: int) -> bool:
    """Whether line K of LINES lies inside a `/** ... */` comment."""
    for i in range(k, -1, -1):
        if "*/" in lines[i] and i != k:
            return False
        if lines[i].lstrip().startswith("/**"):
            return True
    return False


@dataclass(frozen=True)
class KdocReturnParams(Params):
    old: list[str]               # the line as it is
    new: list[str]               # its return section spelled `Return:`
    function: str = ""           # file scope


class KdocReturn(LinesEdit[KdocReturnParams]):
    kind = "kdoc-return"
    order = Phase.LAYOUT
    changed = "the return line"
    notes = ("SmPL cannot match comments: a verified text edit of the one line.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[KdocReturnParams] | None:
        if not _ASKS.search(s.comment) or not ctx.text or re.search(r"^\s*\*\s+\S", s.comment, re.M):
            return None             # the reviewer wrote the line anew: comment-block's rewording
        marked = any(q[:1] in ("+", "-") for q in s.quoted)
        lines = [q[1:] for q in s.quoted if q.startswith("+")] if marked else list(s.quoted)
        hits = [ln for ln in lines if _LEAD.match(ln) and not ln.lstrip("* \t").startswith("Return:")]
        if len(hits) != 1:
            return None
        src = ctx.text.splitlines()
        at = [i for i, ln in enumerate(src) if ln.rstrip() == hits[0].rstrip()]
        if len(at) != 1 or not _in_kdoc(src, at[0]):
            return None
        m = _LEAD.match(src[at[0]])
        assert m is not None
        new = f"{m.group('head')}Return: {m.group('rest')}"
        return Plan(self.kind, slug="return", order=self.order, files=[ctx.path],
                    summary="Spell the kernel-doc return section `Return:`",
                    params=KdocReturnParams(old=[src[at[0]]], new=[new]))


RECIPE = KdocReturn()
