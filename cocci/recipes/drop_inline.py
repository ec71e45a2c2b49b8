"""Drop `inline` from a static function of a .c file: "Please don't use inline in .c files, let the
compiler decide", "no inline in C sources", "drop the inline".

Evidence: the comment speaks of the keyword, not of folding a helper into its caller: it turns inline
down ("don't use inline", "no inline", "avoid inline", "drop the inline (keyword)"), says where it does
not belong ("inline in .c files") or leaves it to the compiler ("let the compiler decide"); and the
quote holds the header of a function whose definition spells `inline` (`__inline`, `__inline__`).
The word goes from each quoted header, a verified text edit of the header lines (the parameters
aligned under the opening parenthesis follow it; a `static` left alone on its line joins the next).

Manual: a header file (a function defined in a header keeps `static inline`: without it every file
that includes the header gets an unused copy and a warning), a function that is not static (a plain
`inline` definition has other linkage rules), and `__always_inline` unless the comment names it (it
is a promise the code may rely on: noinstr sections, constant folding of its arguments).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from patches.ctext import Function, functions, mask, norm
from patches.model import Suggestion

_Q = r"[`'\"\u2018\u201c]?"
_KW = rf"{_Q}(?:__always_inline|(?:__)?inline(?:__)?){_Q}"
_NOT_A_HELPER = r"(?!\s*(?:helper|function|wrapper|it|this|that|them)\b)"
_ASKS = re.compile(
    rf"\b(?:don['\u2019]?t|do\s+not|please\s+don['\u2019]?t|avoid|never|no\s+need\s+to|why)\s+"
    rf"(?:use\s+|using\s+|add\s+|adding\s+|mark\s+\w+\s+(?:as\s+)?|put\s+|the\s+)?(?:the\s+)?{_KW}(?!\w){_NOT_A_HELPER}"
    rf"|\bno\s+(?:need\s+for\s+(?:the\s+)?)?{_KW}(?!\w){_NOT_A_HELPER}"
    rf"|\b(?:drop|remove|lose|get\s+rid\s+of)\s+(?:the\s+|this\s+|that\s+)?{_KW}(?!\w)"
    rf"(?:\s+(?:keyword|specifier|annotation|qualifier|marking)s?\b|(?![\w\s]*\b(?:helper|function|wrapper)\b))"
    rf"|\b{_KW}(?!\w)[^.?!]{{0,40}}\b(?:in|from)\s+(?:a\s+|the\s+)?(?:\.c|C)\s+(?:files?|sources?|code)\b"
    rf"|\blet\s+(?:the\s+)?compiler\s+(?:decide|choose|handle\s+it)\b"
    rf"|\bcompiler\s+(?:will|can|knows\s+how\s+to|is\s+smart\s+enough\s+to)\s+inline\b",
    re.I)
# the inline (or the helper) kept: "keep inline here", "keep the helper", "..., but for MMIO accessors it's fine"
_KEEP = re.compile(r"(?<!to )(?<!not )(?<!n't )\b(?:keep|leave)\s+(?:the\s+|it\s+|this\s+|them\s+)?(?:as\s+)?"
                   r"(?:inline|helper|wrapper|function)s?\b|"
                   r"\bbut\b[^.?!]*\b(?:it['\u2019]?s|is|that['\u2019]?s|this\s+is)\s+(?:fine|ok|okay|acceptable|"
                   r"justified|warranted)\b", re.I)


def keeps(comment: str) -> bool:
    """Whether COMMENT keeps the inline function as it is ("keep inline here", "but here it's fine")."""
    return _KEEP.search(" ".join(comment.split())) is not None
_INLINE = re.compile(r"\b(?:__inline__|__inline|inline)\b\s*")
_ALWAYS = re.compile(r"\b__always_inline\b\s*")


def asks(comment: str) -> bool:
    """Whether COMMENT asks the `inline` keyword away (not a helper folded into its caller)."""
    flat = " ".join(comment.split())
    return _ASKS.search(flat) is not None and not keeps(flat)


def _header_lines(text: str, fn: Function) -> list[str]:
    """FN's header lines, up to the line of its opening brace (included when the brace ends a header line)."""
    lines = text.splitlines()
    last = fn.body_start if mask(lines[fn.body_start - 1]).strip() != "{" else fn.body_start - 1
    return lines[fn.start - 1:last]


def _realigned(old: list[str], new_first: str) -> list[str]:
    """OLD's continuation lines that stood one column after the first line's open '(' moved to where
    that parenthesis is on NEW_FIRST."""
    m_old, m_new = mask(old[0]), mask(new_first)
    if "(" not in m_old or m_old.count("(") <= m_old.count(")"):
        return old[1:]
    col_old = S.column_at(old[0], m_old.index("(")) + 1
    col_new = S.column_at(new_first, m_new.index("(")) + 1
    out = []
    for ln in old[1:]:
        body = ln.lstrip(" \t")
        out.append(S.indent_to(col_new) + body if S.width(ln[:len(ln) - len(body)]) == col_old else ln)
    return out


def dropped(text: str, fn: Function, always: bool) -> tuple[list[str], list[str]]:
    """(FN's header lines, the same without `inline`; `__always_inline` too when ALWAYS)."""
    old = _header_lines(text, fn)
    rx = _ALWAYS if always else _INLINE
    at = next((k for k, ln in enumerate(old) if rx.search(mask(ln))), None)
    if at is None:
        return old, old
    masked = mask(old[at])
    hit = rx.search(masked)
    assert hit is not None
    first = old[at][:hit.start()] + old[at][hit.end():]
    if not first.strip():
        return old, old
    rest = _realigned(old[at:], first) if at == 0 or first.lstrip() != old[at].lstrip() else old[at + 1:]
    new = old[:at] + [first] + rest
    if norm(mask(first)) == "static" and at + 1 < len(new):
        new = new[:at] + [first.rstrip() + " " + new[at + 1].lstrip()] + new[at + 2:]
    return old, new


def _unused_without_inline(text: str, fn: Function) -> str:
    """Why FN would draw the compiler's unused-function warning without its inline (`static inline`
    hides it): no use of it in the file, or every use inside an `#if` block its definition is not
    in; '' otherwise."""
    lines = mask(text).splitlines()
    depth, depths = 0, []
    for ln in lines:
        if re.match(r"\s*#\s*if", ln):
            depth += 1
        depths.append(depth)
        if re.match(r"\s*#\s*endif\b", ln):
            depth -= 1
    rx = re.compile(rf"(?<![\w.>]){re.escape(fn.name)}\b")
    uses = [n for n, ln in enumerate(lines, 1) if rx.search(ln) and not fn.start <= n < fn.body_start]
    if not uses:
        return (f"{fn.name}() has no caller in the file: without inline the compiler warns that it is unused, "
                "which is for the author to settle")
    if all(depths[n - 1] > depths[fn.start - 1] for n in uses):
        return (f"every use of {fn.name}() is inside an #if block: without inline the compiler warns that it is "
                "unused when that block is compiled out, which is for the author to settle")
    return ""


@dataclass(frozen=True)
class DropInlineParams(InFunction):
    old: list[str]              # the header lines, as they are
    new: list[str]              # without the keyword
    line: int = 0               # where OLD starts


class DropInline(LinesEdit[DropInlineParams]):
    kind = "drop-inline"
    order = Phase.WRAPPERS      # with the other edits of declaration words (static)
    supersedes = ("inline-helper",)     # "no inline in .c files": the keyword goes, the helper stays
    notes = ("In a .c file the compiler decides what to inline; the keyword only hides unused",
             "static functions from the warning.  SmPL cannot drop a function specifier alone.")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropInlineParams] | None:
        if not asks(s.comment) or E.reviewer_code(s):
            return None
        quoted = {norm(q) for q in E.quote_code(s.quoted) if norm(q)}
        always = re.search(r"\b__always_inline\b", s.comment) is not None
        fns = [f for f in functions(ctx.text)
               if quoted & {norm(ln) for ln in _header_lines(ctx.text, f)}
               and re.search(r"\b(?:__always_inline|__inline__|__inline|inline)\b",
                             mask(" ".join(_header_lines(ctx.text, f))))]
        if not fns:
            return None
        if len(fns) > 1:
            raise Manual("the quote holds the headers of several inline functions: which one the comment "
                         "means is for the author")
        fn = fns[0]
        head = mask(" ".join(_header_lines(ctx.text, fn)))
        if ctx.path.endswith(".h"):
            raise Manual(f"{fn.name}() is defined in a header: a function there keeps static inline (without "
                         "it every file including the header gets its own unused copy); moving it to a .c file "
                         "is for the author")
        if not re.search(r"\bstatic\b", head):
            raise Manual(f"{fn.name}() is not static: without inline its definition has other linkage, which "
                         "is for the author")
        if _ALWAYS.search(head) and not always:
            raise Manual(f"{fn.name}() is __always_inline: that is a promise the code may rely on, and the "
                         "comment speaks of inline only")
        unused = _unused_without_inline(ctx.text, fn)
        if unused:
            raise Manual(unused)
        old, new = dropped(ctx.text, fn, always and _ALWAYS.search(head) is not None)
        if old == new:
            raise Manual(f"the inline of {fn.name}() could not be read on its header line")
        if any(S.width(n) > S.line_limit(ctx.text) for n in new if n not in old):
            raise Manual(f"joining the header of {fn.name}() would pass the line limit")
        return Plan(self.kind, slug=fn.name, order=self.order, files=[ctx.path],
                    params=DropInlineParams(fn.name, old=old, new=new, line=fn.start),
                    summary=f"Drop inline from {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[DropInlineParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return "the header still has its inline"
        words = re.compile(r"\b(?:__always_inline|__inline__|__inline|inline)\b")
        same = words.sub(" ", mask(before)).split() == words.sub(" ", mask(after)).split()
        return "" if same else "the edit changed more than the inline keyword"

    def title(self, plan: Plan[DropInlineParams]) -> str:
        return f"Drop inline from {plan.params.function}()"


RECIPE = DropInline()
