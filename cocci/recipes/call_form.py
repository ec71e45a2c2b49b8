"""A call rewritten into the helper the reviewer names when the helper takes other arguments, each
argument mapped by a rule that keeps what the call does:

- `sysfs_emit_at()` for `scnprintf(buf + len, PAGE_SIZE - len, ...)`, `snprintf()` alike and
  `sprintf(buf + len, ...)` in a show callback: `sysfs_emit_at(buf, len, ...)`, when buf is the callback's
  page (its last `char *` parameter, after an attribute) and the size is the rest of that page for the
  same offset; a helper that is handed some buffer is manual (sysfs_emit_at() warns on one that is not
  a page);
- `ida_alloc()` and its kin for the deprecated `ida_simple_get(ida, start, end, gfp)` (whose end is
  exclusive, 0 for none): `ida_alloc(ida, gfp)`, `ida_alloc_min(ida, start, gfp)`, `ida_alloc_max(ida,
  end - 1, gfp)` or `ida_alloc_range(ida, start, end - 1, gfp)`, whichever of them the request names
  (the one its bounds need when it names `ida_alloc()` alone); `ida_free()` for `ida_simple_remove()`;
- `fsleep(min)` for `usleep_range(min, max)` (fsleep() sleeps at least MIN microseconds, in a range it
  picks: what the reviewer accepts by asking for it); a written `fsleep(x)` must give the same MIN;
- `regmap_set_bits(m, r, M)` / `regmap_clear_bits(m, r, M)` for `regmap_update_bits(m, r, M, M)` /
  `(m, r, M, 0)` written over several lines, or on one line when the comment names both helpers (one
  line and one helper a rename does): joined when it fits in 80 columns, else wrapped as it was.

Evidence: the helper named as a wish (use, why not, the name alone, "X() will do") on the quoted lines'
calls.  A call whose arguments do not map (another buffer, another size, a bound of another helper than
the one named) is manual, saying which argument.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _typed_forms as TF
from cocci.recipes.rename_call import FILLER, asks_to_use, bare_request
from patches.ctext import Call, Function, calls, line_offsets, mask, norm, split_lines
from patches.model import Suggestion

_IDA_ALLOC = ("ida_alloc", "ida_alloc_min", "ida_alloc_max", "ida_alloc_range")
# the helper asked for -> the calls it replaces
FORMS: dict[str, tuple[str, ...]] = {
    "sysfs_emit_at": ("scnprintf", "snprintf", "sprintf"),
    **{n: ("ida_simple_get",) for n in _IDA_ALLOC},
    "ida_free": ("ida_simple_remove",),
    "regmap_set_bits": ("regmap_update_bits",),
    "regmap_clear_bits": ("regmap_update_bits",),
    "fsleep": ("usleep_range",),
}
_LITERAL = re.compile(r"(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*")


@dataclass(frozen=True)
class CallFormParams(InFunction):
    old: list[str]              # the lines of the calls as they are
    new: list[str]              # what they become
    line: int                   # where they start
    names: list[str]            # the helpers brought in


def _asked(comment: str) -> list[str]:
    """The helpers of FORMS the comment asks for."""
    asked = asks_to_use(comment)
    written = written_call(comment)
    names = E.named_identifiers(comment) + ([written.split("(")[0]] if written else [])
    # "regmap_set_bits() / regmap_clear_bits()": the helpers named alone, one beside the other
    rest = re.sub(r"\b(?:" + "|".join(FORMS) + r")\s*\(\)", " ", comment)
    listed = rest != comment and all(w in FILLER | {"or"} for w in re.findall(r"[A-Za-z']+", rest.lower()))
    return [n for n in dict.fromkeys(names) if n in FORMS
            and (asked or listed or bare_request(comment, n) or TF.enough(comment, n) or written.startswith(n + "("))
            and not E.rejected(comment, n)]


def written_call(comment: str) -> str:
    """The call of a FORMS helper that is all of COMMENT ("fsleep(1000)", "fsleep(1000)?"), or ''."""
    t = " ".join(comment.split()).rstrip(".?! ")
    m = re.fullmatch(r"(?:(?:use|maybe|perhaps|nit:)\s+)?([A-Za-z_]\w*)\s*\((.+)\)", t, re.I)
    if not m or m.group(1) not in FORMS or not m.group(2).strip():
        return ""
    depth = 0
    for ch in m.group(2):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return ""               # "regmap_set_bits() and regmap_clear_bits()": two names, no call
    return f"{m.group(1)}({m.group(2)})" if depth == 0 else ""


def _emit_at(text: str, fn: Function, c: Call) -> str | None:
    """`sysfs_emit_at(buf, len, ...)` for C, None for a print at the page's start (sysfs_emit()'s, a
    rename), or Manual."""
    header = " ".join(split_lines(mask(text))[fn.start - 1:fn.body_start])
    page = re.search(r"\bchar\s*\*\s*([A-Za-z_]\w*)\s*\)", header)
    if not re.search(r"\bssize_t\b", header[:header.find("(")]) or page is None:
        raise Manual(f"{fn.name}() is no show callback (ssize_t, the page its last char * parameter): "
                     "sysfs_emit_at() writes only into a sysfs page")
    if not re.search(r"attribute\s*\*", header):
        raise Manual(f"{fn.name}() takes no attribute: whether {page.group(1)} is always a sysfs page (which "
                     "sysfs_emit_at() needs, warning and writing nothing otherwise) depends on its callers, which "
                     "is for the author")
    buf = page.group(1)
    if c.args and c.args[0].strip() == buf:
        return None
    start = re.fullmatch(rf"{re.escape(buf)}\s*\+\s*(.+)", c.args[0].strip(), re.S) if c.args else None
    if start is None:
        raise Manual(f"{c.name}() here writes to {c.args[0].strip() if c.args else 'nothing'}, not into the page "
                     f"{buf} at an offset: sysfs_emit_at() takes the page and the offset")
    at = start.group(1).strip()
    rest = list(c.args[1:])
    if c.name != "sprintf":
        size = norm(rest[0]) if rest else ""
        if size not in (norm(f"PAGE_SIZE - {at}"), norm(f"PAGE_SIZE - ({at})")):
            raise Manual(f"{c.name}() here is given {rest[0].strip() if rest else 'no size'}, not the rest of the "
                         f"page after {at} (PAGE_SIZE - {at}): sysfs_emit_at() writes up to the page's end")
        rest = rest[1:]
    return f"sysfs_emit_at({buf}, {at}, {', '.join(a.strip() for a in rest)})"


def _minus_one(end: str) -> str:
    """END - 1, as a literal when END is one, in parentheses when END has an operator."""
    e = end.strip()
    if _LITERAL.fullmatch(e):
        return str(int(re.sub(r"[uUlL]+$", "", e), 0) - 1)
    simple = re.fullmatch(r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*(?:\s*\([^()]*\))?", e)
    return f"{e} - 1" if simple else f"({e}) - 1"


def _ida_alloc(c: Call, named: list[str]) -> str:
    """The ida_alloc*() call that does what C, an ida_simple_get(), does; Manual when the one named is not it."""
    if len(c.args) != 4:
        raise Manual("ida_simple_get() takes four arguments; this call does not read as one")
    ida, start, end, gfp = (a.strip() for a in c.args)
    from_zero, no_end = norm(start) == "0", norm(end) == "0"
    if not no_end and _LITERAL.fullmatch(end) and int(re.sub(r"[uUlL]+$", "", end), 0) <= 0:
        raise Manual(f"ida_simple_get() is given the end {end}: no ida_alloc*() bound says the same")
    need = "ida_alloc" if from_zero and no_end else "ida_alloc_min" if no_end else \
        "ida_alloc_max" if from_zero else "ida_alloc_range"
    wanted = [n for n in named if n in _IDA_ALLOC]
    if wanted and wanted != ["ida_alloc"] and need not in wanted:
        raise Manual(f"ida_simple_get({ida}, {start}, {end}, ...) allocates "
                     f"{'from ' + start if not from_zero else 'from 0'}{'' if no_end else ' below ' + end}: that is "
                     f"{need}(), not {'/'.join(w + '()' for w in wanted)}")
    args = {"ida_alloc": [ida, gfp], "ida_alloc_min": [ida, start, gfp],
            "ida_alloc_max": [ida, _minus_one(end), gfp], "ida_alloc_range": [ida, start, _minus_one(end), gfp]}
    return f"{need}({', '.join(args[need])})"


def _regmap_bits(c: Call, named: list[str]) -> str:
    if len(c.args) != 4:
        raise Manual("regmap_update_bits() takes four arguments; this call does not read as one")
    m, r, msk, val = (a.strip() for a in c.args)
    new = "regmap_set_bits" if norm(val) == norm(msk) else "regmap_clear_bits" if norm(val) in ("0", "0x0") else ""
    if not new:
        raise Manual(f"regmap_update_bits() here writes {val} under the mask {msk}: neither all of the mask's "
                     "bits (regmap_set_bits()) nor none (regmap_clear_bits())")
    if new not in named:
        raise Manual(f"regmap_update_bits() here {'sets' if new.endswith('set_bits') else 'clears'} the bits: that "
                     f"is {new}(), not {' / '.join(n + '()' for n in named if n.startswith('regmap_'))}")
    return f"{new}({m}, {r}, {msk})"


def _rewritten(text: str, fn: Function, c: Call, named: list[str]) -> str | None:
    """The new text of call C, None when no named helper replaces it; Manual when one should but cannot."""
    wanted = [n for n in named if c.name in FORMS[n]]
    if not wanted:
        return None
    if wanted == ["sysfs_emit_at"]:
        return _emit_at(text, fn, c)
    if wanted == ["ida_free"]:
        return f"ida_free({', '.join(a.strip() for a in c.args)})"
    if c.name == "ida_simple_get":
        return _ida_alloc(c, named)
    if c.name == "usleep_range":
        if len(c.args) != 2:
            raise Manual("usleep_range() takes two arguments; this call does not read as one")
        return f"fsleep({c.args[0].strip()})"
    both = {"regmap_set_bits", "regmap_clear_bits"} <= set(named)
    if text.count("\n", c.start, c.end) == 0 and not both:
        return None                     # on one line, one helper named: a rename (rename-call)
    return _regmap_bits(c, named)


def _laid_out(prefix: str, call: str, suffix: str) -> list[str]:
    """PREFIX + CALL + SUFFIX on one line when it fits in 80 columns, else wrapped after the argument that
    fills the line, continuation lines under the open parenthesis."""
    one = prefix + call + suffix
    if len(one.expandtabs(8)) <= 80:
        return [one]
    head, args = call.split("(", 1)
    col = len((prefix + head + "(").expandtabs(8))
    cont = "\t" * (col // 8) + " " * (col % 8)
    parts = [a.strip() for a in _split(args[:-1])]
    lines, cur = [], prefix + head + "("
    for k, a in enumerate(parts):
        piece = a + ("," if k < len(parts) - 1 else ")" + suffix)
        if cur.endswith("(") or len((cur + " " + piece).expandtabs(8)) <= 80:
            cur = cur + piece if cur.endswith("(") else cur + " " + piece
        else:
            lines.append(cur)
            cur = cont + piece
    return lines + [cur]


def _split(args: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in args:
        depth += (ch in "([{") - (ch in ")]}")
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + [cur]


class CallForm(LinesEdit[CallFormParams]):
    kind = "call-form"
    order = Phase.CALLS
    supersedes = ("rename-call", "remove-statements", "replace-expression")
    notes = ("Each argument mapped: sysfs_emit_at() takes the page and the offset (no size); "
             "ida_simple_get()'s end is exclusive, ida_alloc_max()/ida_alloc_range() take the last id; "
             "regmap_set_bits()/regmap_clear_bits() take no value.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[CallFormParams] | None:
        code_is_call = bool(s.code) and written_call(" ".join(s.code)) != ""    # "fsleep(1000)" read as code
        named = _asked(s.comment) if ctx.text and not s.anchor.in_message and (not s.code or code_is_call) else []
        if not named:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        olds = {o for n in named for o in FORMS[n]}
        found = [(c, new) for c in calls(ctx.text, first, last, members=False) if c.name in olds
                 for new in [_rewritten(ctx.text, fn, c, named)] if new is not None]
        if not found:
            return None
        written = written_call(s.comment)
        wrong = [new for _, new in found if written and norm(new) != norm(written)]
        if wrong:
            raise Manual(f"the written {written} is not what the quoted call becomes ({wrong[0]}): another "
                         "value than the code has is for the author")
        src = split_lines(ctx.text)
        offs = line_offsets(ctx.text)
        lo = min(c.line for c, _ in found)
        hi = max(c.line + ctx.text.count("\n", c.start, c.end) for c, _ in found)
        block = ctx.text[offs[lo - 1]:offs[hi] if hi < len(offs) else len(ctx.text)]
        base = offs[lo - 1]
        pieces, at = [], 0
        for c, new in sorted(found, key=lambda f: f[0].start):
            pieces += [block[at:c.start - base], "\0" + new + "\0"]
            at = c.end - base
        pieces.append(block[at:])
        new_lines = self._layout("".join(pieces).rstrip("\n").split("\n"))
        names = sorted({new.split("(")[0] for _, new in found})
        return Plan(self.kind, slug=names[0].lower(), order=self.order, files=[ctx.path],
                    params=CallFormParams(fn.name, old=src[lo - 1:hi], new=new_lines, line=lo, names=names),
                    summary=f"Use {'() and '.join(names)}() instead of "
                            f"{'() and '.join(sorted({c.name for c, _ in found}))}()")

    @staticmethod
    def _layout(lines: list[str]) -> list[str]:
        """LINES with each new call (between NUL marks) laid out: on one line with what precedes and follows
        it when that fits in 80 columns (a call that took several lines is joined), else wrapped under its
        open parenthesis."""
        text = "\n".join(lines)
        while True:
            m = re.search(r"([^\n\0]*)\0([^\0]*)\0([^\n\0]*)", text)
            if m is None:
                return text.split("\n")
            text = text[:m.start()] + "\n".join(_laid_out(m.group(1), m.group(2), m.group(3))) + text[m.end():]

    def overreach(self, plan: Plan[CallFormParams]) -> str:
        return "the edit changed more than the quoted calls"


RECIPE = CallForm()
