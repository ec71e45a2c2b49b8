"""Drop a `#define` the reviewer says is unused or not needed: "This is unused, drop it.", "Unused define.",
"Drop, it is never used." under macros a driver adds; "With FIELD_PREP() this is not needed." under the
shift a conversion leaves unused.

Evidence: the comment says the quoted thing is not needed or asks to drop it (not as a question, not
turned down), and the quote is `#define` lines and nothing else, which the anchored C file has once each
at file scope (a macro continued over lines with `\\` goes whole); when the comment names some of
them, those alone.  Every dropped macro must be unused
in the file once the other rules of the run have made their changes: a name the file still uses (outside
comments) makes the drop fail its check, and a name used now while the comment names no change that
would remove the use is manual at once (dropping it would not build).  A blank line the drop leaves
doubled goes too.  A header's macro may be used by files respin does not read: manual.  A verified text
edit at file scope, run after the edits inside functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Manual, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes.drop_include import _NOT_NEEDED, _TURNED_DOWN
from patches.ctext import mask
from patches.model import Suggestion

_DEFINE = re.compile(r"^#\s*define\s+([A-Za-z_]\w*)")
_KEEP = re.compile(r"\b(?:keep|still\s+used|is\s+used|are\s+used|needed\s+(?:by|for|in))\b", re.I)
# "With FIELD_PREP() this is not needed", "once you use GENMASK() ...", "after the conversion ...": the use
# goes with another change
_AFTER_CHANGE = re.compile(r"\b(?:with|once|after|if\s+you\s+use|when\s+using)\b", re.I)


_OBJECT = re.compile(r"\bno\s+need\s+(?:for|to\s+use)\s+(?:the\s+|an?\s+)?`?([A-Za-z_]\w*)(\s*\(\))?|"
                     r"\b([A-Za-z_]\w*)(\s*\(\))?`?\s+(?:is|are)\s+(?:not\s+(?:really\s+)?(?:needed|used)|unused|"
                     r"unneeded|unnecessary|superfluous|redundant)\b", re.I)


def about_another_name(comment: str, names: list[str]) -> bool:
    """Whether what COMMENT says is not needed is a name other than NAMES ("No need for MSEC_PER_SEC
    here" under `#define X 60000`: the constant is not what goes)."""
    for m in _OBJECT.finditer(comment):
        word, called = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if word in names:
            return False
        if called or "_" in word.strip("_") or (word.isupper() and len(word) > 2):
            return True
    return False


def _quoted_lines(s: Suggestion) -> list[str]:
    """The lines S quotes as the file has them (the patch's additions when it shows any), blank ones out."""
    quote = s.quote_diff or s.quoted
    added = [q[1:] for q in quote if q.startswith("+")]
    lines = added or [q[1:] if q[:1] == " " else q for q in quote if not q.startswith("-")]
    return [ln.rstrip() for ln in lines if ln.strip()]


def macro_spans(lines: list[str], quoted: list[str]) -> list[tuple[int, int, str]] | None:
    """(first, last, name) of each macro QUOTED defines, found in LINES (0-based, continuation lines
    included); None unless QUOTED is such macros and nothing else, each defined once."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(quoted):
        m = _DEFINE.match(quoted[i])
        if not m:
            return None
        at = [k for k, ln in enumerate(lines) if ln.rstrip() == quoted[i]]
        if len(at) != 1:
            return None
        end = at[0]
        while lines[end].rstrip().endswith("\\") and end + 1 < len(lines):
            end += 1
        spans.append((at[0], end, m.group(1)))
        i += 1
        while i < len(quoted) and not _DEFINE.match(quoted[i]):
            i += 1          # the continuation lines of the macro, as quoted
    return spans


def uses(text: str, name: str, spans: list[tuple[int, int, str]]) -> list[int]:
    """The 1-based lines of TEXT that use NAME outside comments, strings and the SPANS dropped."""
    dropped = {k for a, b, _ in spans for k in range(a, b + 1)}
    pat = re.compile(rf"\b{re.escape(name)}\b")
    return [k + 1 for k, ln in enumerate(mask(text).splitlines()) if k not in dropped and pat.search(ln)]


def _without(lines: list[str], spans: list[tuple[int, int, str]]) -> tuple[int, list[str], list[str]]:
    """(first index, old lines, new lines) of the region from the first macro to the last, with the macros
    out and a blank line they leave doubled (or leading the region after a blank one) out too."""
    first, last = spans[0][0], spans[-1][1]
    if last + 1 < len(lines) and not lines[last + 1].strip() and (first == 0 or not lines[first - 1].strip()):
        last += 1
    gone = {k for a, b, _ in spans for k in range(a, b + 1)}
    new: list[str] = []
    blank_before = first == 0 or not lines[first - 1].strip()
    for k in range(first, last + 1):
        blank = not lines[k].strip()
        if k in gone or blank and (new and not new[-1].strip() or not new and blank_before):
            continue
        new.append(lines[k])
    return first, lines[first:last + 1], new


@dataclass(frozen=True)
class DropDefineParams(Params):
    names: list[str]             # the macros that go
    old: list[str]               # the lines from the first macro to the last, as they are
    new: list[str]               # what stays of them
    function: str = ""           # file scope


class DropDefine(LinesEdit[DropDefineParams]):
    kind = "drop-define"
    order = Phase.SETTLED_STATEMENTS
    supersedes = ("remove-statements", "drop-variable")
    changed = "the quoted #define lines"
    notes = ("SmPL does not remove #define lines; a verified text edit, checked to leave "
             "no use of the macro.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropDefineParams] | None:
        text = " ".join(s.comment.split())
        if not _NOT_NEEDED.search(text) or _KEEP.search(text) or _TURNED_DOWN.search(text) or \
                text.rstrip().endswith("?") or not ctx.text:
            return None
        lines = ctx.text.splitlines()
        spans = macro_spans(lines, _quoted_lines(s))
        if not spans:
            return None
        if about_another_name(text, [n for _, _, n in spans]):
            return None
        named = [sp for sp in spans if re.search(rf"\b{re.escape(sp[2])}\b", text)]
        spans = named or spans          # "FOO is unused" under FOO and BAR: FOO alone
        if not ctx.path.endswith(".c"):
            raise Manual(f"{ctx.path} is a header: its macros may be used by files respin does not read")
        if not _AFTER_CHANGE.search(text):
            for _, _, name in spans:
                used = uses(ctx.text, name, spans)
                if used:
                    raise Manual(f"{name} is still used (line {used[0]}): dropping it would not build")
        _, old, new = _without(lines, spans)
        names = [n for _, _, n in spans]
        label = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return Plan(self.kind, slug=names[0].lower(), order=self.order, files=[ctx.path],
                    params=DropDefineParams(names, old=old, new=new),
                    summary=f"Drop the unused {label}")

    def is_applied(self, s: Suggestion, plan: Plan[DropDefineParams], text: str) -> bool:
        masked = mask(text)
        return not any(re.search(rf"^[ \t]*#\s*define\s+{re.escape(n)}\b", masked, re.M) for n in plan.params.names)

    def verify(self, s: Suggestion, plan: Plan[DropDefineParams], before: str, after: str) -> str:
        if before == after:
            return ""
        wrong = super().verify(s, plan, before, after)
        if wrong:
            return wrong
        spans = macro_spans(before.splitlines(), [ln for ln in plan.params.old if ln.strip()]) or []
        for name in plan.params.names:
            if uses(after, name, []):
                used = uses(before, name, spans)     # told by the lines of the text the author has
                return f"{name} is still used (line {used[0] if used else '?'}): dropping it would not build"
        return ""


RECIPE = DropDefine()
