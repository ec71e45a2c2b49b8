"""The kernel-doc line of a parameter or member that went: ` * @flags: lookup flags` above a function
whose `flags` parameter drop-unused-parameter dropped, or above a struct whose member drop-member dropped.

Never asked for by itself: those recipes offer it as a companion plan when the function (the struct)
has a kernel-doc comment (`/** ... */` right above it) with an `@name:` line for what went.  A
verified text edit that runs once the signature is settled: the `@name:` line goes with the lines that
continue its description (up to a blank ` *` line, the next `@` line, a section or the end of the
comment).  It is refused while the function still has the parameter (the struct the member), so the
comment never disagrees with the code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from patches.ctext import closing, function_named, mask, split_lines
from patches.model import Suggestion


def _struct_at(text: str, name: str) -> tuple[int, int, int] | None:
    """(1-based line, offset of "{", offset of "}") of the definition of struct NAME."""
    m = mask(text)
    x = re.search(rf"\bstruct\s+{re.escape(name)}\s*\{{", m)
    if x is None:
        return None
    return m.count("\n", 0, x.start()) + 1, x.end() - 1, closing(m, x.end() - 1)


def _start(text: str, owner: str, of_struct: bool) -> int | None:
    """The first line of function (struct) OWNER's definition."""
    if of_struct:
        at = _struct_at(text, owner)
        return at[0] if at else None
    f = function_named(text, owner)
    return f.start if f else None


def doc_lines(text: str, owner: str, pname: str, of_struct: bool = False) -> tuple[int, list[str]] | None:
    """(1-based first line, the lines) of PNAME's `@pname:` entry in the kernel-doc right above OWNER's
    definition (a function, or a struct when OF_STRUCT), or None when there is none."""
    first_line = _start(text, owner, of_struct)
    if first_line is None:
        return None
    src = split_lines(text)
    end = first_line - 1
    if end < 1 or src[end - 1].strip() != "*/":
        return None
    start = end
    while start > 1 and not src[start - 1].lstrip().startswith("/*"):
        start -= 1
    if not src[start - 1].lstrip().startswith("/**") or mask("\n".join(src[start - 1:end])).strip():
        return None
    entry = re.compile(rf"^\s*\*\s*@{re.escape(pname)}\s*:")
    hits = [i for i in range(start, end - 1) if entry.match(src[i])]
    if len(hits) != 1:
        return None
    first = hits[0]
    last = first
    while last + 1 < end - 1 and not re.match(r"^\s*\*\s*($|@|[A-Z][\w ]*:)", src[last + 1]):
        last += 1
    return first + 1, src[first:last + 1]


@dataclass(frozen=True)
class DropParamDocParams(Params):
    owner: str                   # the function whose parameter went (the struct whose member went)
    param: str                   # the parameter's (member's) name
    lines: list[str]             # its kernel-doc entry, as it was planned
    of_struct: bool = False      # OWNER is a struct tag


def _still_has(text: str, owner: str, pname: str, of_struct: bool) -> bool:
    m = mask(text)
    if of_struct:
        at = _struct_at(text, owner)
        if at is None:
            return False
        return re.search(rf"(?<![\w.>]){re.escape(pname)}\s*(?:\[[^\]]*\]\s*)?(?::\s*\w+\s*)?;",
                         m[at[1]:at[2]]) is not None
    f = function_named(text, owner)
    if f is None:
        return False
    header = " ".join(split_lines(m)[f.start - 1:f.body_start])
    return re.search(rf"\b{re.escape(pname)}\b", header[header.find("("):]) is not None


class DropParamDoc(Recipe[DropParamDocParams]):
    kind = "drop-param-doc"
    takes_away = True           # a doubting question may ask for it
    # comment blocks reworded or dropped: after the signature lost the parameter
    order = Phase.COMMENTS
    is_text_edit = True
    retargets = True             # the file that defines the function

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropParamDocParams] | None:
        return None                  # only ever a companion of drop-unused-parameter

    def plan_for(self, path: str, text: str, owner: str, pname: str,
                 of_struct: bool = False) -> Plan[DropParamDocParams] | None:
        found = doc_lines(text, owner, pname, of_struct)
        if found is None:
            return None
        return Plan(self.kind, slug=f"{owner}-{pname}", order=self.order, files=[path],
                    params=DropParamDocParams(owner=owner, param=pname, lines=found[1], of_struct=of_struct),
                    summary="")

    def text_edit(self, s: Suggestion, plan: Plan[DropParamDocParams], ctx: CodeContext) -> T.TextEdit:
        p = plan.params
        if _still_has(ctx.text, p.owner, p.param, p.of_struct):
            raise Manual(f"{_name(p)} still has {p.param}")
        found = doc_lines(ctx.text, p.owner, p.param, p.of_struct)
        if found is None:
            raise Manual(f"the kernel-doc of {_name(p)} has no @{p.param}: line")
        return T.TextEdit(ctx.path, "", found[1], [], f"Drop @{p.param} from the kernel-doc of {_name(p)}",
                          drop_blank_after=False, line=found[0])

    def render(self, s: Suggestion, plan: Plan[DropParamDocParams], ctx: CodeContext) -> str:
        te = self.text_edit(s, plan, ctx)
        notes = [f"{plan.params.param} is gone from {_name(plan.params)} (an earlier rule)."]
        return R.text_edit_rule(te.description, s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[DropParamDocParams], text: str) -> bool:
        p = plan.params
        return _start(text, p.owner, p.of_struct) is not None and \
            not _still_has(text, p.owner, p.param, p.of_struct) and \
            doc_lines(text, p.owner, p.param, p.of_struct) is None

    def verify(self, s: Suggestion, plan: Plan[DropParamDocParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"the kernel-doc of {_name(plan.params)} still documents @{plan.params.param}"
        gone = len(split_lines(before)) - len(split_lines(after))
        return "" if gone == len(plan.params.lines) else "the edit removed other lines too"


def _name(p: DropParamDocParams) -> str:
    return f"struct {p.owner}" if p.of_struct else f"{p.owner}()"


RECIPE = DropParamDoc()
