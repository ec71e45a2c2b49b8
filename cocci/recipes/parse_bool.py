"""kstrtobool() for a number parsed only to be read as a truth value: `unsigned int val; ... ret =
kstrtouint(buf, 0, &val); ... x = !!val;` -> `bool val; ... ret = kstrtobool(buf, &val); ... x = val;`.

Evidence: the comment names `kstrtobool()` as a wish, and a quoted line parses with a kstrto*() integer
parser into a local of its own declaration.  Proof that the change keeps every use: the local is declared
alone (`unsigned int val;`, no initializer), and besides the parse every use reads it as a truth value
(`!!val`, which becomes `val`; `if (val)`, `!val`, `val ?`, `val &&`, `|| val`).  A use as a number (a
comparison, arithmetic, an argument, a store of `val` itself) is manual, naming the line: kstrtobool()
gives 0 or 1, and what the number meant is the author's.  A verified text edit of the lines from the
declaration to the last use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes import _typed_forms as TF
from cocci.recipes._calls import KSTRTO_TYPES
from cocci.recipes.rename_call import asks_to_use, bare_request
from patches.ctext import Function, calls, declared_names, is_declaration, line_offsets, mask, split_lines
from patches.model import Suggestion

NEW = "kstrtobool"
_PARSERS = re.compile("|".join(sorted(KSTRTO_TYPES, key=len, reverse=True)))


@dataclass(frozen=True)
class ParseBoolParams(InFunction):
    old: list[str]              # the lines from the declaration to the last use, as they are
    new: list[str]              # what they become
    line: int                   # where they start
    variable: str


def _number_use(masked: str, name: str, shown: str) -> str | None:
    """Why a use of NAME on MASKED (one line, SHOWN as written) reads it as a number; None when every use is
    a truth value: `!NAME` (also `!!NAME`), `if (NAME)`, `while (NAME)`, an operand of `&&` / `||`, the
    condition of `?:`.  `&NAME` (its address handed on) is a number's use."""
    for m in re.finditer(rf"(?<![\w.>]){re.escape(name)}(?!\w)", masked):
        before, after = masked[:m.start()].rstrip(), masked[m.end():].lstrip()
        logic_before = re.search(r"(?:&&|\|\|)$", before) is not None
        truth = before.endswith("!") or \
            (re.search(r"\b(?:if|while)\s*\($", before) is not None and after.startswith(")")) or \
            (logic_before and re.match(r"(?:\)|&&|\|\||\?|;|,)", after) is not None) or \
            (re.match(r"(?:&&|\|\||\?)", after) is not None and
             re.search(r"(?:\(|&&|\|\||[^=!<>]=|\breturn|,)$", before) is not None)
        if not truth:
            return f"`{shown.strip()}` reads {name} as a number"
    return None


def _plan_lines(text: str, fn: Function, call_line: int, name: str, parser: str) -> tuple[int, list[str], list[str]]:
    """(first line, old lines, new lines) of the change, or Manual."""
    src, masked = split_lines(text), split_lines(mask(text))
    offsets = line_offsets(text)
    n = re.escape(name)
    decls = [no for no in range(fn.body_start, call_line + 1)
             if is_declaration(masked[no - 1].strip()) and name in declared_names(masked[no - 1].strip())]
    if len(decls) != 1:
        raise Manual(f"{name} is not declared once in {fn.name}(): where it comes from is for the author")
    d = decls[0]
    decl = re.fullmatch(rf"(\s*)(?:[A-Za-z_]\w*\s+)+{n}\s*;\s*", masked[d - 1])
    if decl is None:
        raise Manual(f"`{src[d - 1].strip()}` declares {name} with something else (another name, an initializer): "
                     "its type changes alone, which is for the author")
    new: dict[int, str] = {d: f"{decl.group(1)}bool {name};"}
    for no in range(fn.body_start, fn.end + 1):
        if no == d or not re.search(rf"(?<![\w.>]){n}(?!\w)", masked[no - 1]):
            continue
        checked = masked[no - 1]
        if no == call_line:
            c = next(x for x in calls(text, no, no, members=False) if x.name == parser)
            at = offsets[no - 1]
            if c.end > at + len(checked):
                raise Manual(f"the {parser}() call goes on over several lines: how kstrtobool() is laid out is "
                             "for the author")
            # the parse itself writes NAME; the rest of its line is checked like any other
            checked = checked[:c.start - at] + " " * (c.end - c.start) + checked[c.end - at:]
        why = _number_use(checked, name, src[no - 1])
        if why:
            raise Manual(f"line {no}: {why}; kstrtobool() gives 0 or 1, what the number meant is the author's")
        line = _unmasked(src[no - 1], checked, name)
        if no == call_line:
            c = next(x for x in calls(text, no, no, members=False) if x.name == parser)
            line = re.sub(rf"\b{parser}\s*\(\s*{re.escape(c.args[0])}\s*,\s*{re.escape(c.args[1])}\s*,",
                          f"{NEW}({c.args[0]},", line, count=1)
        if line != src[no - 1]:
            new[no] = line
    first, last = min(new), max(new)
    old_lines = src[first - 1:last]
    return first, old_lines, [new.get(no, src[no - 1]) for no in range(first, last + 1)]


def _unmasked(line: str, masked: str, name: str) -> str:
    """LINE with its `!!NAME` made `NAME` where MASKED (the same line, strings masked) has them."""
    out, at = [], 0
    for m in re.finditer(rf"!\s*!\s*{re.escape(name)}(?![\w\[(]|\s*(?:->|\.))", masked):
        out += [line[at:m.start()], name]
        at = m.end()
    return "".join(out) + line[at:]


class ParseBool(LinesEdit[ParseBoolParams]):
    kind = "parse-bool"
    order = Phase.CALLS
    supersedes = ("rename-call",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[ParseBoolParams] | None:
        c = s.comment
        if not ctx.text or s.code or NEW not in E.named_identifiers(c) or E.rejected(c, NEW) or \
                not (asks_to_use(c) or bare_request(c, NEW) or TF.enough(c, NEW)):
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        found = calls(ctx.text, first, last, _PARSERS, members=False)
        if not found:
            return None
        if len(found) > 1:
            raise Manual(f"the quote holds {len(found)} kstrto*() calls: which one becomes kstrtobool() is not said")
        call = found[0]
        target = call.args[-1].strip() if len(call.args) == 3 else ""
        var = re.fullmatch(r"&\s*([A-Za-z_]\w*)", target)
        if var is None:
            raise Manual(f"{call.name}() here writes through {target or 'something else'}, not into a local of its "
                         "own: the type kstrtobool() writes (bool) is the author's to give it")
        line, old, new = _plan_lines(ctx.text, fn, call.line, var.group(1), call.name)
        return Plan(self.kind, slug=NEW, order=self.order, files=[ctx.path],
                    params=ParseBoolParams(fn.name, old=old, new=new, line=line, variable=var.group(1)),
                    summary=f"Use {NEW}() instead of {call.name}()")

    def rule_notes(self, plan: Plan[ParseBoolParams], ctx: CodeContext) -> list[str]:
        v = plan.params.variable
        return [f"{v} is read only as a truth value: it becomes a bool, `!!{v}` becomes `{v}`."]

    def overreach(self, plan: Plan[ParseBoolParams]) -> str:
        return "the edit changed more than the parsed value"


RECIPE = ParseBool()
