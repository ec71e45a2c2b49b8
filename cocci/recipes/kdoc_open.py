"""A comment written in kernel-doc's shape opened as kernel-doc: "This should be a kernel-doc comment",
"/** for kernel-doc" under `/*` + ` * foo_reset - reset the chip` above foo_reset() -> `/**`.

Evidence: the comment asks for kernel-doc (names it, or writes `/**`), and the quote holds the opening
`/*` of one comment block whose first line is kernel-doc's `name - description` (`name()` too), the name
being the one the declaration right under the block declares (a function, struct, union or enum).  Only
the opening line changes, and only for a comment that asks nothing more of the kernel-doc (a parameter
described, the return section: those are other requests).  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from patches.model import Suggestion

_ASKS = re.compile(r"/\*\*|\bkernel[\s-]*doc\b", re.I)
_NOT = re.compile(r"\b(?:not|no|isn'?t|needn'?t|don'?t)\s+(?:\w+\s+){0,2}?(?:a\s+)?kernel[\s-]*doc\b", re.I)
# what else a comment on kernel-doc may ask, which opening the comment does not do: a parameter described,
# the return section
_MORE = re.compile(r"@\w+|\bmissing\b|\bdescri\w+|\bdocument\w*|\bReturn:|\bparam\w*|\bexplain\w*", re.I)
_NAME_LINE = re.compile(r"^\s*\*\s+(?:(?:struct|union|enum)\s+)?([A-Za-z_]\w*)(?:\(\))?\s+-\s+\S")


def _declared_under(src: list[str], opening: int, name: str) -> bool:
    """Whether the first code line after the comment that opens on line OPENING (0-based) declares NAME."""
    for i in range(opening + 1, min(len(src), opening + 80)):
        if "*/" in src[i]:
            after = next((ln for ln in src[i + 1:i + 4] if ln.strip()), "")
            return re.search(rf"\b{re.escape(name)}\b", after) is not None and not after.lstrip().startswith("/*")
        if "/*" in src[i]:
            return False
    return False


@dataclass(frozen=True)
class KdocOpenParams(Params):
    old: list[str]               # the opening line as it is
    new: list[str]               # `/**`
    line: int                    # where it is (1-based)
    function: str = ""           # file scope


class KdocOpen(LinesEdit[KdocOpenParams]):
    kind = "kdoc-open"
    order = Phase.LAYOUT
    changed = "the comment's opening line"
    notes = ("SmPL cannot match comments: a verified text edit of the one line.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[KdocOpenParams] | None:
        comment = " ".join(s.comment.split())
        if not _ASKS.search(comment) or _NOT.search(comment) or _MORE.search(comment) or not ctx.text:
            return None
        marked = any(q[:1] in ("+", "-") for q in s.quoted)
        quoted = {q[1:].rstrip() if marked else q.rstrip() for q in s.quoted if not marked or q.startswith("+")}
        src = ctx.text.splitlines()
        found = []
        for i, ln in enumerate(src[:-1]):
            m = _NAME_LINE.match(src[i + 1])
            if ln.strip() == "/*" and m and src[i + 1].rstrip() in quoted and ln.rstrip() in quoted and \
                    _declared_under(src, i, m.group(1)):
                found.append((i, m.group(1)))
        if len(found) != 1:
            return None
        i, name = found[0]
        return Plan(self.kind, slug=name.lower(), order=self.order, files=[ctx.path],
                    summary=f"Open the comment of {name}() as kernel-doc",
                    params=KdocOpenParams(old=[src[i]], new=[src[i].replace("/*", "/**", 1)], line=i + 1))


RECIPE = KdocOpen()
