"""BIT() and GENMASK() in quoted `#define` lines: "Please use BIT() for these.", "BIT()", "Use GENMASK().",
"BIT() and GENMASK() where applicable" under register field macros.

Evidence: the comment names BIT(), BIT_ULL() or GENMASK() (without literal arguments: "BIT(6)" under one
line is replace-expression's, unless "same below" carries it), does not reject it, and the quote holds
object-like `#define` lines the file has once each, at file scope, in the quoted order with at most blank
lines between them (a quote of nothing but defines counts whole: the comment under it is about the
block).  Each quoted value written as a shift of one, `1 << N` / `(1U << N)` / `(1UL << N)` (N a number
or a name), becomes `BIT(N)` (`1ULL << N`: `BIT_ULL(N)`).  A plain number becomes a helper only where it
cannot be a register offset, and only below bit 32 (BIT() and GENMASK() are an unsigned long, 32 bits
on 32-bit builds), and never in a macro named for a quantity (`_SHIFT`, `_WIDTH`, `_OFFSET`, `_COUNT`,
...): GENMASK(h, l) for a run of two or more set bits when GENMASK() is named and
the macro's name says MASK, or the quote is that one line; BIT(n) for a single set bit when BIT() is
named and the quote is that one line.  Trailing comments stay.  "Same below" carries the shift forms
(never the numbers) to the `#define` lines after the quoted ones, up to the first line of code ("like
everywhere else" is a reason, no place).  When no quoted value has such a form, another recipe (or none)
is for the comment.  A verified text edit at file scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, Params, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.align_define import define_parts
from patches.ctext import norm
from patches.model import Suggestion

_HELPERS = ("BIT_ULL", "BIT", "GENMASK")
_NAMED = re.compile(r"\b(BIT_ULL|BIT|GENMASK)\b(?!\s*\(\s*\w)")      # BIT, BIT(), not BIT(6) / GENMASK(7, 4)
_WRITTEN = re.compile(r"\b(?:BIT_ULL|BIT|GENMASK)\s*\(\s*\w+\s*(?:,\s*\w+\s*)?\)")
_SHIFT = re.compile(r"\(?\s*1(ULL|ull|UL|ul|U|u|LL|ll|L|l)?\s*<<\s*(\w+)\s*\)?")
_NUMBER = re.compile(r"\(?\s*(0[xX][0-9a-fA-F]+|[1-9]\d*)[uUlL]*\s*\)?")
_TRAILING = re.compile(r"(\s*(?:/\*.*\*/|//.*))$")
# a macro named for a quantity (a shift, a field's width, an offset, a count, a time) holds a number, not bits:
# `#define FOO_RATE_SHIFT 6` is no GENMASK(2, 1)
_QUANTITY = re.compile(r"_(?:SHIFT|SHFT|SHF|POS|OFFSET|OFFS|OFS|OFF|WIDTH|LEN|LENGTH|SIZE|SZ|NUM|NR|COUNT|CNT|"
                       r"MAX|MIN|IDX|INDEX|DELAY|TIMEOUT|MS|US|NS)$", re.I)


def _value_and_tail(value: str) -> tuple[str, str]:
    """A define's value and what follows it (a trailing comment with its blanks)."""
    m = _TRAILING.search(value)
    return (value[:m.start()], m.group(1)) if m else (value, "")


def converted(value: str, helpers: set[str], numbers: set[str]) -> str | None:
    """VALUE (a define's value, no trailing comment) written with one of HELPERS, or None when it has no
    such form; a plain number only with one of NUMBERS (see the module docstring)."""
    v = value.strip()
    m = _SHIFT.fullmatch(v)
    if m and v.count("(") == v.count(")"):
        if (m.group(1) or "").upper() in ("ULL", "LL"):
            return f"BIT_ULL({m.group(2)})" if "BIT_ULL" in helpers else None
        return f"BIT({m.group(2)})" if helpers & {"BIT", "BIT_ULL"} else None
    m = _NUMBER.fullmatch(v)
    if not m or v.count("(") != v.count(")"):
        return None
    n = int(m.group(1), 0)
    if n <= 0:
        return None
    low = (n & -n).bit_length() - 1
    high = n.bit_length() - 1
    if high >= 32:
        return None         # BIT() and GENMASK() are unsigned long: 32 bits wide on 32-bit builds
    contiguous = (n >> low) & ((n >> low) + 1) == 0
    if n == 1 << low:
        return f"BIT({low})" if "BIT" in numbers else None
    if contiguous and "GENMASK" in numbers:
        return f"GENMASK({high}, {low})"
    return None


def _defines(quoted: list[str]) -> list[str]:
    """The `#define` lines of QUOTED as the file has them (the patch's additions when it shows any)."""
    added = [q[1:] for q in quoted if q.startswith("+")]
    lines = added or [q[1:] if q[:1] == " " else q for q in quoted if not q.startswith("-")]
    return [ln.rstrip() for ln in lines if define_parts(ln.strip()) is not None and ln == ln.lstrip()]


def quoted_defines(s: Suggestion) -> list[str]:
    """The `#define` lines S is about: the whole quote when it is a block of defines and nothing else
    (the comment under it is about the block), else those right above the comment."""
    whole = [q for q in (s.quote_diff or s.quote) if q[:1] != "-" and q.strip() not in ("", "+")]
    if whole and len(_defines(whole)) == len(whole):
        return _defines(whole)
    return _defines(s.quoted)


def _line(line: str, helpers: set[str], numbers: bool, masks: bool) -> str | None:
    """LINE, a `#define`, with its value written with one of HELPERS; None when it has no such form.
    NUMBERS: any plain number may become one (the quote is that one line); MASKS: a number may become
    GENMASK() when the macro's name says MASK."""
    parts = define_parts(line.rstrip())
    if parts is None:
        return None
    head, pad, value = parts
    body, tail = _value_and_tail(value)
    numbers = numbers and not _QUANTITY.search(head.split()[-1])
    mask_name = masks and "MASK" in head.split()[-1].upper()
    new = converted(body, helpers, helpers if numbers else helpers & {"GENMASK"} if mask_name else set())
    return None if new is None else head + pad + new + tail


def _places(lines: list[str], wanted: list[str]) -> list[int]:
    """The indexes of the WANTED lines in LINES: each once, in that order, at most blank lines between;
    [] otherwise."""
    at: list[int] = []
    for q in wanted:
        hits = [i for i, ln in enumerate(lines) if ln.rstrip() == q]
        if len(hits) != 1:
            return []
        at.append(hits[0])
    if at != sorted(at) or any(ln.strip() for a, b in zip(at, at[1:], strict=False) for ln in lines[a + 1:b]):
        return []
    return at


def _carry(lines: list[str], changes: dict[int, str], helpers: set[str], comment: str, last: int) -> int | None:
    """Add to CHANGES the shift forms "same below" in COMMENT carries the request to (the defines after line
    LAST, up to the code after them); how many it added, None when COMMENT does not say so.  "All" or
    "everywhere" carries nothing: "BIT(7), like everywhere else here" gives the reason, not the places."""
    if not E.same_below(comment):
        return None
    quoted = len(changes)
    for i in range(last + 1, len(lines)):
        line = lines[i]
        if line.strip() and define_parts(line.strip()) is None and not line.lstrip().startswith(("/*", "*", "//")):
            break
        if i not in changes and line == line.lstrip():
            new = _line(line, helpers, numbers=False, masks=False)
            if new is not None:
                changes[i] = new
    return len(changes) - quoted


@dataclass(frozen=True)
class DefineBitsParams(Params):
    old: list[str]               # the lines from the first define changed to the last, as they are
    new: list[str]               # the same with BIT() / GENMASK()
    function: str = ""           # file scope
    later: int | None = None     # "Same below.": how many defines after the quoted ones change too

    def reach_below(self) -> int | None:
        return self.later


class DefineBits(LinesEdit[DefineBitsParams]):
    kind = "define-bits"
    order = Phase.OPEN_CODED
    supersedes = ("use-helper", "replace-expression", "rename-call")
    changed = "the quoted #define values"
    notes = ("SmPL does not rewrite the value of a #define; a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DefineBitsParams] | None:
        comment = " ".join(s.comment.split())
        helpers = {h for h in _NAMED.findall(comment) if not E.rejected(comment, h)}
        written = {norm(m.group(0)) for m in _WRITTEN.finditer(comment)}
        if helpers:
            written = set()     # "Why not BIT()? ... used BIT(7) for this bit before": BIT() is what is asked
        elif written and E.same_below(comment):
            # "BIT(0). Same below.": the value written for the quoted line, then the like ones after it
            helpers = {w.split("(")[0].strip() for w in written}
        else:
            return None         # "BIT(6)" under one line: replace-expression's
        if not ctx.text:
            return None
        lines = ctx.text.splitlines()
        at = _places(lines, quoted_defines(s))
        if not at:
            return None
        one = len(at) == 1
        changes: dict[int, str] = {}
        for i in at:
            new = _line(lines[i], helpers, numbers=one, masks=True)
            if new is not None:
                changes[i] = new
        if not changes or written and any(norm((define_parts(changes[i]) or ("", "", ""))[2]).split("/")[0].strip()
                                          not in written for i in changes):
            return None
        later = _carry(lines, changes, helpers, comment, at[-1])
        first, last = min(changes), max(changes)
        old = lines[first:last + 1]
        new_lines = [changes.get(i, lines[i]) for i in range(first, last + 1)]
        names = [(define_parts(lines[i]) or ("", "", ""))[0].split()[-1] for i in sorted(changes)]
        used = sorted({h for h in _HELPERS if any(re.match(rf"{h}\(", (define_parts(changes[i]) or ("", "", ""))[2])
                                                   for i in changes)})
        what = " and ".join(f"{h}()" for h in used)
        label = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
        return Plan(self.kind, slug=names[0].lower(), order=self.order, files=[ctx.path],
                    params=DefineBitsParams(old=old, new=new_lines, later=later),
                    summary=f"Use {what} in the definition of {label}")



RECIPE = DefineBits()
