"""The style of a quoted comment: "Please use C-style comments." turns `// text` into `/* text */`; "Multi-line
comment style" (or "the /* goes on its own line") opens and closes a block comment on lines of their own:

    /* the device needs time           /*
     * to settle after a read */  ->    * the device needs time
                                        * to settle after a read
                                        */

Evidence: the comment names the fault (C99/C++/`//` comments, or the multi-line/block comment style,
"/* on its own line"), and the lines the quote adds hold such a comment (a `//` comment on a line of its
own or after code; a block comment over several lines whose first line has text after `/*` or whose
last has text before `*/`).  The SPDX line keeps its `//`.  Only the comments of the quoted lines change,
their words untouched; the networking style (text on the `/*` line) is left alone unless the reviewer
asks for the other.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from patches.ctext import mask
from patches.model import Suggestion

_C99 = re.compile(r"\b(?:c99|c\+\+|cpp)[\s-]*(?:style\s+)?comments?\b|//\s*comments?\b|"
                  r"\bc[\s-]*style\s+comments?\b|\bno\s+//|\b(?:use|prefer)\s+/\*", re.I)
_BLOCK = re.compile(r"\b(?:multi[\s-]*line|block)\s+comments?(?:\s+style)?\b|\bcomment\s+style\b|"
                    r"/\*\s*(?:\(?\s*and\s+\*/\s*\)?\s*)?(?:goes\s+|should\s+be\s+|is\s+)?on\s+(?:a|its)\s+own\s+line",
                    re.I)


def _c99(line: str) -> str:
    """LINE with its `//` comment written `/* ... */` (LINE itself when it has none, or is the SPDX line)."""
    m = mask(line)
    # the `//` that starts the comment: code and strings end before it, the mask blanks all after it
    at = next((i for i in range(len(line) - 1) if line.startswith("//", i) and not m[i:].strip()), -1)
    if at < 0 or "SPDX-License-Identifier" in line or "*/" in line[at:]:
        return line
    text = line[at + 2:].strip()
    return line[:at] + f"/* {text} */" if text else line[:at].rstrip()


def _block(lines: list[str]) -> list[str] | None:
    """LINES (one block comment over several lines, nothing else on them) in the kernel's style: `/*` and
    `*/` on lines of their own, each line of text behind ` * `; None when they are not such a comment or
    are in that style already."""
    if len(lines) < 2 or not lines[0].lstrip().startswith("/*") or not lines[-1].rstrip().endswith("*/"):
        return None
    if any("*/" in ln for ln in lines[:-1]) or any("/*" in ln for ln in lines[1:]):
        return None
    indent = lines[0][:len(lines[0]) - len(lines[0].lstrip())]
    first = lines[0].lstrip()[2:].strip()
    last = lines[-1].rstrip()[:-2].strip()
    middle = [re.sub(r"^\s*\*?\s?", "", ln).rstrip() for ln in lines[1:-1]]
    last = re.sub(r"^\*\s?", "", last).rstrip() if len(lines) > 1 else last
    if not first and not last:
        return None                 # in that style already
    words = ([first] if first else []) + middle + ([last] if last else [])
    return [indent + "/*"] + [indent + (" * " + w if w else " *") for w in words] + [indent + " */"]


@dataclass(frozen=True)
class CommentStyleParams(Params):
    old: list[str]               # the quoted lines as they are
    new: list[str]               # their comments restyled
    function: str = ""           # the function they are in ("" at file scope)

    def where(self) -> str:
        return self.function


class CommentStyle(LinesEdit[CommentStyleParams]):
    kind = "comment-style"
    order = Phase.LAYOUT
    changed = "the quoted comments"
    notes = ("SmPL cannot match comments: a verified text edit of the quoted lines.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[CommentStyleParams] | None:
        text = " ".join(s.comment.split())
        c99, block = _C99.search(text) is not None, _BLOCK.search(text) is not None
        if not (c99 or block) or not ctx.text:
            return None
        marked = any(q[:1] in ("+", "-") for q in s.quoted)
        lines = [q[1:] for q in s.quoted if q.startswith("+")] if marked else list(s.quoted)
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            return None
        src = ctx.text.splitlines()
        at = [i for i in range(len(src) - len(lines) + 1)
              if [x.rstrip() for x in src[i:i + len(lines)]] == [x.rstrip() for x in lines]]
        if len(at) != 1:
            return None
        old = src[at[0]:at[0] + len(lines)]
        new = [_c99(ln) for ln in old] if c99 else list(old)
        if block:
            new = self._blocks(new)
        if new == old:
            return None
        return Plan(self.kind, slug="c99" if c99 else "block", order=self.order, files=[ctx.path],
                    summary="Write the quoted comments in the kernel's comment style",
                    params=CommentStyleParams(old=old, new=new, function=ctx.function or ""))

    @staticmethod
    def _blocks(lines: list[str]) -> list[str]:
        """LINES with each block comment over several lines (alone on its lines) restyled."""
        out: list[str] = []
        i = 0
        while i < len(lines):
            if lines[i].lstrip().startswith("/*") and "*/" not in lines[i]:
                j = next((k for k in range(i + 1, len(lines)) if "*/" in lines[k]), -1)
                styled = _block(lines[i:j + 1]) if j > 0 else None
                if styled is not None:
                    out.extend(styled)
                    i = j + 1
                    continue
            out.append(lines[i])
            i += 1
        return out

    def verify(self, s: Suggestion, plan: Plan[CommentStyleParams], before: str, after: str) -> str:
        wrong = super().verify(s, plan, before, after)
        if wrong:
            return wrong
        if mask("\n".join(plan.params.old)).split() != mask("\n".join(plan.params.new)).split():
            return "the code around the comments changed"
        return ""


RECIPE = CommentStyle()
