"""The commas and the terminator of an initializer list: "Please add a trailing comma here", "No comma
after the sentinel", "Missing terminator" -- the nits every ID table and ops struct gets.

Evidence and edit, on the quoted line of a brace initializer (`... = {` ... `};`, file scope or not):
  - a trailing comma asked for ("trailing comma", "add a comma", "missing comma") under the last entry
    of the list: `,` is added after it, so that the next entry added is a one-line change;
  - the comma after the terminator called needless ("no comma after the sentinel", "drop the comma,
    nothing comes after the terminator") under an empty entry (`{ }`, `{}`, `{ /* sentinel */ }`) that
    closes the list: the comma goes;
  - a missing terminator ("missing sentinel", "the table needs a terminator") on a `*_device_id`
    table whose last entry is not empty: an empty entry is added, spelled like the other terminators
    of the file (`{ }` when it has none), the entry above it getting its comma.
A quoted line outside any initializer is not this recipe's business; in one, anything else (not the
last entry, a comma already there) is manual with what was found.  A verified text edit of the quoted lines.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from cocci.recipes import _evidence as E
from patches.ctext import function_at, mask
from patches.model import Suggestion

_TRAILING = re.compile(r"\b(?:trailing|missing|add(?:\s+an?)?|needs?\s+an?|want\s+an?)\s+comma\b|"
                       r"\bcomma\s+(?:is\s+)?(?:missing|at\s+the\s+end|after\s+the\s+last)", re.I)
_TERMINATOR = r"(?:sentinel|terminator|terminating\s+entry|terminating\s+element|empty\s+entry|last\s+entry)"
_NO_COMMA = re.compile(rf"\b(?:no|drop|remove|without|unneeded|needless|unnecessary|don'?t\s+need|no\s+need\s+for)"
                       rf"\b[^.?!]{{0,30}}\bcomma\b[^.?!]{{0,40}}\b{_TERMINATOR}\b|"
                       rf"\b{_TERMINATOR}\b[^.?!]{{0,40}}\b(?:no|without|doesn'?t\s+need|does\s+not\s+need)\s+"
                       rf"(?:a\s+|the\s+)?(?:trailing\s+)?comma\b|"
                       rf"\b(?:drop|remove)\s+the\s+comma\b[^.?!]*[.,;:]?\s*[^.?!]*\b(?:after|follows?|behind)\b"
                       rf"[^.?!]*\b(?:sentinel|terminator)\b", re.I)
_MISSING_TERMINATOR = re.compile(r"\b(?:missing|no|lacks?|needs?|without|forgot)\s+(?:an?\s+|the\s+)?"
                                 r"(?:(?:empty|terminating|null)\s+)?(?:sentinel|terminator|terminating\s+entry)\b",
                                 re.I)
_EMPTY = re.compile(r"\s*\{\s*(?:0|NULL)?\s*\}\s*,?\s*")


@dataclass(frozen=True)
class InitializerParams(InFunction):
    old: list[str]               # the quoted lines as they are
    new: list[str]               # with the comma or the terminator
    line: int                    # where they start


def _opener(m: list[str], n: int) -> int | None:
    """The line (1-based) of the `{` that opens the outermost brace block line N stands in, or None at
    the top level."""
    depth = 0
    outer = None
    for k in range(n - 1, 0, -1):
        ln = m[k - 1]
        for c in reversed(ln):
            if c == "}":
                depth += 1
            elif c == "{":
                if depth == 0:
                    outer = k
                else:
                    depth -= 1
    return outer


def in_initializer(m: list[str], n: int) -> bool:
    """Whether line N (1-based) of masked lines M stands in a brace initializer: the outermost block
    around it opens with `= {`."""
    k = _opener(m, n)
    if k is None:
        return False
    head = "\n".join(m[max(0, k - 2):k])
    return re.search(r"=\s*\{[^{}]*$", head) is not None


def _next_code(m: list[str], n: int) -> int | None:
    """The next line after N (1-based) with code on it."""
    for k in range(n + 1, len(m) + 1):
        if m[k - 1].strip():
            return k
    return None


def _closes_list(m: list[str], n: int) -> bool:
    """Whether the next code line after N closes the list line N is an entry of (`}` or `};`)."""
    k = _next_code(m, n)
    return k is not None and re.match(r"\s*\}", m[k - 1]) is not None


class InitializerComma(LinesEdit[InitializerParams]):
    kind = "initializer-comma"
    order = Phase.LAYOUT
    # "drop the comma" under a sentinel is about the comma, not about a statement or an argument
    supersedes = ("remove-statements", "drop-argument", "comment-block")
    notes = ("Only a comma or the empty terminating entry changes; SmPL does not print initializer lists as they "
             "are written.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[InitializerParams] | None:
        t = " ".join(s.comment.split())
        wants = "drop" if _NO_COMMA.search(t) else "terminator" if _MISSING_TERMINATOR.search(t) else \
            "comma" if _TRAILING.search(t) else ""
        if not wants or E.reviewer_code(s) or not ctx.text or s.anchor.in_message:
            return None
        span = CD.quote_span(s, ctx, 1, len(ctx.text.splitlines())) or s.anchor.lines
        if span is None:
            return None
        src, m = ctx.text.splitlines(), mask(ctx.text).splitlines()
        n = span[1]
        while n > span[0] and not m[n - 1].strip():
            n -= 1
        if wants != "terminator" and re.fullmatch(r"\s*\}\s*;\s*", m[n - 1]) and n > span[0]:
            # the whole table quoted, its closing `};` last: the entry meant is the one above it
            n -= 1
            while n > span[0] and not m[n - 1].strip():
                n -= 1
        if not in_initializer(m, n):
            return None                 # a comma in a message or an argument list: not about a list entry
        old = src[n - 1]
        if wants == "drop":
            if not _EMPTY.fullmatch(m[n - 1]) or not m[n - 1].rstrip().endswith(","):
                raise Manual("the quoted line is no terminating entry with a comma after it")
            if not _closes_list(m, n):
                raise Manual("the quoted empty entry does not end the list: it is no terminator")
            new = [old.rstrip()[:-1].rstrip()]
            what = "Drop the comma after the terminator"
            old_lines = [old]
        elif wants == "comma":
            if m[n - 1].rstrip().endswith((",", "{", ";")):
                raise Manual("the quoted entry ends in a comma (or opens a block) already")
            if not _closes_list(m, n):
                raise Manual("the quoted line is not the last entry of the list")
            if _EMPTY.fullmatch(m[n - 1]):
                raise Manual("the quoted line is the terminator: nothing comes after it, so it takes no comma")
            new = [old.rstrip() + ","]
            what = "Add a trailing comma"
            old_lines = [old]
        else:
            old_lines, new, n = self._terminated(ctx, src, m, n)
            what = "Add the terminating entry"
        fn = function_at(ctx.text, n)
        return Plan(self.kind, slug=wants, order=self.order, files=[ctx.path],
                    params=InitializerParams(fn.name if fn else "", old=old_lines, new=new, line=n),
                    summary=what + (f" in {fn.name}()" if fn else ""))

    @staticmethod
    def _terminated(ctx: CodeContext, src: list[str], m: list[str], n: int) -> tuple[list[str], list[str], int]:
        """(old lines, new lines, first line) that add a terminator to the `*_device_id` table line N is in."""
        k = _opener(m, n)
        assert k is not None
        if not re.search(r"\b\w+_device_id\s+\w+\s*\[\s*\]\s*=\s*\{", " ".join(m[max(0, k - 2):k])):
            raise Manual("a terminator is added to a `*_device_id` table only; the quoted list is none")
        end = next((j for j in range(n, len(m) + 1) if re.match(r"\};", m[j - 1])), None)
        last = next((j for j in range(end - 1, k, -1) if m[j - 1].strip()), None) if end else None
        if end is None or last is None:
            raise Manual("the end of the quoted table was not found")
        if _EMPTY.fullmatch(m[last - 1]):
            raise Manual("the table ends in an empty entry already")
        if not re.search(r"\}\s*,?\s*$", m[last - 1]):
            raise Manual("the last entry of the table is not a braced entry on its own line")
        spelled = Counter(ln.strip() for ln, ml in zip(src, m, strict=True) if _EMPTY.fullmatch(ml) and ml.strip())
        sentinel = spelled.most_common(1)[0][0] if spelled else "{ }"
        indent = src[last - 1][:len(src[last - 1]) - len(src[last - 1].lstrip())]
        prev = src[last - 1].rstrip()
        return [src[last - 1]], [prev if prev.endswith(",") else prev + ",", indent + sentinel], last

    def overreach(self, plan: Plan[InitializerParams]) -> str:
        return "the edit changed more than the quoted entry"


RECIPE = InitializerComma()
