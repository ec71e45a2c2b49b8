"""A callback and the initializer entry that points to it, asked away together or one for the other:
"`.remove` and `qx_remove()` can go away", "the empty remove callback is not needed", ".remove can be
dropped" under `.remove = qx_remove,` of a static ops or driver table, or under the function.

Evidence: a wish to remove, and each part the comment names (`.member`, `member` as a designator, the
function's name) found once in the quoted code: an initializer entry `.member = fn,` or the definition
of fn.  What goes is what leaves nothing dangling:
  - the entry `.member = fn,` and fn's definition, when fn is a static function of the file that
    nothing else names (no other entry, call, prototype, or file of the patch): a function left with
    no user would be unused;
  - fn's definition named alone goes with its one entry only when its body is empty (the entry then
    points to a callback that does nothing; with it gone the table holds none);
  - a function that is not static, named elsewhere, or whose body does something when only the entry is
    named, is manual, saying which.
A verified text edit of the lines from the first part to the last.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from cocci.recipes import _evidence as E
from patches.ctext import Function, function_at, function_named, functions, mask, split_lines
from patches.model import Suggestion

_ENTRY = re.compile(r"^\s*\.\s*([A-Za-z_]\w*)\s*=\s*&?\s*([A-Za-z_]\w*)\s*,?\s*$")
_THIS_FUNCTION = re.compile(r"\b(?:this|the|that)\s+(?:\w+\s+)?(?:function|callback|helper|stub)\b", re.I)
_AWAY = re.compile(r"\b(?:can|could|should)\s+(?:go|be\s+(?:dropped|removed|deleted))\b|\bgo\s+away\b", re.I)


@dataclass(frozen=True)
class DropCallbackParams(InFunction):
    old: list[str]              # the lines from the first part to the last, as they are
    new: list[str]              # the same without the parts
    line: int
    parts: list[str]            # what goes: ".remove", "qx_remove()"


def _named(comment: str) -> set[str]:
    """The names COMMENT gives: identifiers, `.member` designators without their dot."""
    names = set(E.named_identifiers(comment))
    names |= {m.group(1) for m in re.finditer(r"(?<![\w>])\.([a-z_]\w*)\b", comment)}
    return names


def _function_users(text: str, fn: Function, others: list[str], entry_line: int) -> list[str]:
    """Where TEXT (outside FN and the line ENTRY_LINE) or the files OTHERS name FN."""
    lines = split_lines(mask(text))
    rx = re.compile(rf"(?<![\w.>]){re.escape(fn.name)}\b")
    found = [f"line {no}" for no, ln in enumerate(lines, 1)
             if rx.search(ln) and not fn.start <= no <= fn.end and no != entry_line]
    return found + ["another file of the patch" for t in others if rx.search(mask(t))]


def _empty(text: str, fn: Function) -> bool:
    body = "\n".join(split_lines(mask(text))[fn.body_start - 1:fn.end])
    inner = body[body.find("{") + 1:body.rfind("}")]
    return not inner.strip()


def _static(text: str, fn: Function) -> bool:
    head = " ".join(split_lines(text)[fn.start - 1:fn.body_start])
    return re.match(r"\s*static\b", head) is not None


def _function_lines(src: list[str], fn: Function) -> set[int]:
    """FN's lines and one blank line that separated it from the code around it."""
    gone = set(range(fn.start, fn.end + 1))
    if fn.end < len(src) and not src[fn.end].strip():
        gone.add(fn.end + 1)
    elif fn.start > 1 and not src[fn.start - 2].strip():
        gone.add(fn.start - 1)
    return gone


def _meant(text: str, span: tuple[int, int], comment: str) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(the initializer entries `(line, member, function)`, the functions) COMMENT names in the quote SPAN
    of TEXT: an entry by its member or function, a function by its name or as "this function" when the
    quote is that whole function; an entry anywhere in the file by its `.member` when the quote is code
    of the function it points to ("`.remove` can go away" under remove()'s body)."""
    src = split_lines(text)
    named = _named(comment)
    entries = [(no, m.group(1), m.group(2)) for no in range(span[0], span[1] + 1)
               if (m := _ENTRY.match(mask(src[no - 1])))]
    defined = {f.name: f for f in functions(text) if span[0] <= f.start <= span[1] or
               span[0] <= f.end <= span[1] or f.start <= span[0] <= f.end}
    entry = [(no, mem, fn) for no, mem, fn in entries if mem in named or fn in named]
    inside = function_at(text, span[0])
    if not entry and inside is not None:
        designators = set(re.findall(r"(?<![\w>])\.([a-z_]\w*)\b", comment))
        entry = [(k, g.group(1), g.group(2)) for k in range(1, len(src) + 1)
                 if (g := _ENTRY.match(mask(src[k - 1]))) and g.group(1) in designators
                 and g.group(2) == inside.name]
    fn_named = sorted(n for n in named if n in defined)
    whole = [f for f in defined.values() if span[0] <= f.start and f.end <= span[1]]
    if not fn_named and len(whole) == 1 and _THIS_FUNCTION.search(comment):
        fn_named = [whole[0].name]
    return entry, fn_named


class DropCallback(LinesEdit[DropCallbackParams]):
    kind = "drop-callback"
    order = Phase.REMOVALS
    supersedes = ("remove-statements", "drop-member", "comment-block", "drop-argument")

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropCallbackParams] | None:
        c = s.comment
        if not ctx.text or s.code or s.anchor.in_message or not (E.has_any(c, E.REMOVE_WORDS) or _AWAY.search(c)):
            return None
        src = split_lines(ctx.text)
        span = CD.quote_span(s, ctx, 1, len(src)) or s.anchor.lines
        if span is None:
            return None
        entry, fn_named = _meant(ctx.text, span, c)
        if not entry and not fn_named:
            return None
        others = sorted(set(re.findall(r"\b[A-Za-z_]\w*->[A-Za-z_]\w*\b", c)))
        if others:
            raise Manual(f"the comment also asks {', '.join(others)} away: a member and its uses are more than an "
                         "initializer entry and its callback, which is for the author")
        if len(entry) > 1 or len(set(fn_named)) > 1:
            raise Manual("the comment names several entries or functions of the quote: one callback at a time is "
                         "what respin removes, the rest is for the author")
        parts: set[int] = set()
        if entry:
            no, mem, name = entry[0]
            if fn_named and fn_named != [name]:
                raise Manual(f".{mem} points to {name}(), not to {fn_named[0]}(): which parts go is for the author")
            target = function_named(ctx.text, name)
            if target is None:
                return None         # `.owner = THIS_MODULE`, `.ops = &foo_ops`: no callback of this file
            if not _static(ctx.text, target):
                raise Manual(f".{mem} points to {name}(), which is not a static function of {ctx.path}: whether it "
                             "goes too is for the author")
        else:
            found = function_named(ctx.text, fn_named[0])
            if found is None:
                return None
            target = found
            refs = [(k, g.group(1), g.group(2)) for k in range(1, len(src) + 1)
                    if (g := _ENTRY.match(mask(src[k - 1]))) and g.group(2) == target.name]
            if len(refs) != 1:
                raise Manual(f"{target.name}() is named by {len(refs)} initializer entries: which go is for the author")
            no, mem, name = refs[0]
            if not _empty(ctx.text, target):
                raise Manual(f"{target.name}() does something and .{mem} points to it: dropping it leaves the "
                             f"table without that callback, which is for the author to weigh")
            if not _static(ctx.text, target):
                raise Manual(f"{target.name}() is not static: another file may use it")
        users = _function_users(ctx.text, target, [t for p, t in ctx.files.items() if p != ctx.path], no)
        if users:
            raise Manual(f"{target.name}() is also named at {', '.join(users)}: it cannot go with .{mem}")
        parts.add(no)
        parts |= _function_lines(src, target)
        what = [f".{mem}", f"{target.name}()"]
        first, last = min(parts), max(parts)
        old = src[first - 1:last]
        new = [ln for k, ln in enumerate(old, first) if k not in parts]
        return Plan(self.kind, slug=mem, order=self.order, files=[ctx.path],
                    params=DropCallbackParams("", old=old, new=new, line=first, parts=what),
                    summary=f"Drop {what[0]} and {what[1]}")

    def rule_notes(self, plan: Plan[DropCallbackParams], ctx: CodeContext) -> list[str]:
        return [f"{plan.params.parts[1]} is static and named only by {plan.params.parts[0]}: both go, nothing "
                "is left pointing to it or unused."]

    def overreach(self, plan: Plan[DropCallbackParams]) -> str:
        return "the edit changed more than the two parts"


RECIPE = DropCallback()
