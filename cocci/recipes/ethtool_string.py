"""Fill ethtool's string table with ethtool_puts()/ethtool_sprintf(): "Please use ethtool_puts()",
"ethtool_sprintf() please".

Evidence: the comment names ethtool_puts() or ethtool_sprintf() (not to turn it down), and the quote
holds (or, with "same below", the function holds) a copy into the table followed by the step to the next
entry:

    strscpy(p, name, ETH_GSTRING_LEN);          ethtool_puts(&p, name);
    p += ETH_GSTRING_LEN;
    snprintf(*data, ETH_GSTRING_LEN, "q%d", i); ethtool_sprintf(data, "q%d", i);
    *data += ETH_GSTRING_LEN;

(strscpy, strscpy_pad, strncpy, strcpy; snprintf, scnprintf, sprintf; a lone "%s" is a puts).  The
helpers do exactly that copy and step, so the pair becomes one call; a `for`/`while` body left with
that call alone loses its braces.  The cursor must be declared `u8 *` (or `u8 **` for `*data`): the
helpers take `u8 **`, and another type would change what the code compiles to.  memcpy() of the
table's width is manual (it copies ETH_GSTRING_LEN bytes whatever the string holds, the helpers stop
at the NUL), and so is any other cursor.  A verified text edit of the lines of each pair.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _style as S
from patches.ctext import mask, split_commas
from patches.model import Suggestion

_HELPERS = ("ethtool_puts", "ethtool_sprintf")
_COPY = re.compile(r"(?P<fn>strscpy_pad|strscpy|strncpy|strcpy|snprintf|scnprintf|sprintf|memcpy)"
                   r"\s*\((?P<args>.*)\)\s*;", re.S)
_STEP = re.compile(r"\s*(?P<p>\*?\s*[A-Za-z_]\w*)\s*\+=\s*ETH_GSTRING_LEN\s*;\s*")
_U8 = r"(?:u8|__u8|uint8_t|unsigned\s+char)"


def asks(comment: str) -> bool:
    """Whether COMMENT names ethtool_puts() or ethtool_sprintf(), not to turn it down ("would be nicer, but
    ... keep strscpy()")."""
    named = E.named_identifiers(comment)
    return any(h in named and not E.rejected(comment, h) for h in _HELPERS)


def _cursor_ok(fn_text: str, p: str) -> bool:
    """Whether the cursor P (`p` or `*data`) is declared `u8 *p` / `u8 **data` in FN_TEXT."""
    m = mask(fn_text)
    if p.startswith("*"):
        return re.search(rf"\b{_U8}\s*\*\s*\*\s*{re.escape(p[1:].strip())}\b", m) is not None
    return re.search(rf"\b{_U8}\s*\*\s*{re.escape(p)}\b", m) is not None


def helper_call(copy: str, p: str) -> str:
    """The ethtool_puts()/ethtool_sprintf() call (no `;`) doing COPY, the copy into cursor P; Manual
    when the copy is not one the helpers do."""
    m = _COPY.fullmatch(copy.strip())
    if m is None:
        raise Manual("the statement before the step is not a copy into the table")
    fn, args = m.group("fn"), split_commas(m.group("args"))
    if not args or re.sub(r"\s+", "", args[0]) != p.replace(" ", ""):
        raise Manual(f"{fn}() writes somewhere else than {p}")
    target = p[1:].strip() if p.startswith("*") else "&" + p
    if fn == "memcpy":
        raise Manual("memcpy() copies ETH_GSTRING_LEN bytes whatever the string holds, ethtool_puts() stops at "
                     "the NUL: whether every name is a NUL-terminated string is for the author")
    if fn in ("strscpy", "strscpy_pad", "strncpy"):
        if len(args) != 3 or args[2] != "ETH_GSTRING_LEN":
            raise Manual(f"{fn}() is not bounded by ETH_GSTRING_LEN")
        return f"ethtool_puts({target}, {args[1]})"
    if fn == "strcpy":
        if len(args) != 2:
            raise Manual("strcpy() with other arguments")
        return f"ethtool_puts({target}, {args[1]})"
    if fn in ("snprintf", "scnprintf"):
        if len(args) < 3 or args[1] != "ETH_GSTRING_LEN":
            raise Manual(f"{fn}() is not bounded by ETH_GSTRING_LEN")
        fmt, rest = args[2], args[3:]
    else:
        if len(args) < 2:
            raise Manual("sprintf() without a format")
        fmt, rest = args[1], args[2:]
    if fmt == '"%s"' and len(rest) == 1:
        return f"ethtool_puts({target}, {rest[0]})"
    return f"ethtool_sprintf({', '.join([target, fmt, *rest])})"


def wrapped(indent: str, call: str, limit: int) -> list[str]:
    """CALL + `;` at INDENT, its arguments carried under the parenthesis when the line is too long."""
    one = f"{indent}{call};"
    if S.width(one) <= limit:
        return [one]
    head, args = call[:call.index("(") + 1], split_commas(call[call.index("(") + 1:-1])
    col = S.width(indent + head)
    lines = [indent + head + args[0]]
    for a in args[1:]:
        if S.width(lines[-1] + ", " + a) <= limit - 2:
            lines[-1] += ", " + a
        else:
            lines[-1] += ","
            lines.append(S.indent_to(col) + a)
    lines[-1] += ");"
    return lines


@dataclass(frozen=True)
class EthtoolStringParams(InFunction):
    old: list[str]              # the lines from the first pair to the last, as they are
    new: list[str]              # with each pair one helper call
    helpers: str                # the helpers used
    line: int = 0               # where OLD starts


class EthtoolString(LinesEdit[EthtoolStringParams]):
    kind = "ethtool-string"
    order = Phase.CALLS
    supersedes = ("rename-call", "replace-code", "use-helper")
    notes = ("ethtool_puts()/ethtool_sprintf() copy into the string table and step the cursor by",
             "ETH_GSTRING_LEN, as the pair of statements did.  SmPL cannot fold two statements into",
             "one call while keeping the layout of the rest.")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[EthtoolStringParams] | None:
        if not asks(s.comment) or E.reviewer_code(s):
            return None
        fn, first, last, m, src = E.quoted_lines(s, ctx)
        whole = E.whole_quote_in(s, ctx.text, fn)   # the review stage may have narrowed the quote to its tail
        if whole:
            first, last = min(first, whole[0]), max(last, whole[1])
        if E.same_below(s.comment):
            first, last = fn.body_start, fn.end
        fn_text = "\n".join(src[fn.start - 1:fn.end])
        pairs: list[tuple[int, int, str]] = []      # (first line of the copy, line of the step, helper call)
        for n in range(fn.body_start, fn.end):
            step = _STEP.fullmatch(m[n])
            if step is None:
                continue
            top = n              # the copy ends on line n, the line above the step (line n + 1)
            while top - 1 > fn.body_start and not m[top - 2].rstrip().endswith((";", "{", "}")):
                top -= 1
            if not (first <= n + 1 and top <= last):
                continue
            if E.indent_of(src[top - 1]) != E.indent_of(src[n]):
                raise Manual(f"the copy on line {top} and the step on line {n + 1} are not in the same block")
            p = re.sub(r"\s+", "", step.group("p"))
            if not _cursor_ok(fn_text, p):
                raise Manual(f"{p} is not declared u8 * (u8 ** for *data): ethtool_puts()/ethtool_sprintf() take "
                             "u8 **, so its type would have to change, which is for the author")
            pairs.append((top, n + 1, helper_call(" ".join(x.strip() for x in src[top - 1:n]), p)))
        if not pairs:
            return None
        limit = S.line_limit(ctx.text)
        a, b = pairs[0][0], pairs[-1][1]
        new: list[str] = []
        at = a
        for top, step_line, call in pairs:
            new += src[at - 1:top - 1] + wrapped(E.indent_of(src[top - 1]), call, limit)
            at = step_line + 1
        old = src[a - 1:b]
        # a loop body left with the call alone loses its braces
        if len(pairs) == 1 and a - 2 >= 0 and b < len(src) and \
                re.match(r"\s*(?:for|while)\s*\(.*\)\s*\{\s*$", m[a - 2]) and m[b].strip() == "}" and \
                E.indent_of(src[b]) == E.indent_of(src[a - 2]) and len(new) == 1 and \
                not re.match(r"\s*(?:else|while)\b", m[b + 1] if b + 1 < len(m) else ""):
            old = src[a - 2:b + 1]
            new = [src[a - 2].rstrip()[:-1].rstrip()] + new
            a -= 1
        helpers = ", ".join(sorted({c.split("(")[0] + "()" for _, _, c in pairs}))
        return Plan(self.kind, slug=pairs[0][2].split("(")[0], order=self.order, files=[ctx.path],
                    params=EthtoolStringParams(fn.name, old=old, new=new, helpers=helpers, line=a),
                    summary=f"Use {helpers} for the ethtool strings in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[EthtoolStringParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the copies into the string table are still there"

    def title(self, plan: Plan[EthtoolStringParams]) -> str:
        return f"Use {plan.params.helpers} in {plan.params.function}()"


RECIPE = EthtoolString()
