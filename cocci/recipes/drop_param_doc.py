"""The kernel-doc line of a parameter that went: ` * @flags: lookup flags` above a function whose
`flags` parameter drop-unused-parameter dropped.

Never asked for by itself: drop-unused-parameter offers it as a companion plan when the function has a
kernel-doc comment (`/** ... */` right above its header) with an `@name:` line for the parameter.  A
verified text edit that runs once the signature is settled: the `@name:` line goes with the lines that
continue its description (up to a blank ` *` line, the next `@` line, a section or the end of the
comment).  It is refused while the function still has the parameter, so the comment never disagrees
with the code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from patches.ctext import function_named, mask, split_lines
from patches.model import Suggestion


def doc_lines(text: str, fn_name: str, pname: str) -> tuple[int, list[str]] | None:
    """(1-based first line, the lines) of PNAME's `@pname:` entry in the kernel-doc right above FN_NAME's
    definition, or None when there is none."""
    f = function_named(text, fn_name)
    if f is None:
        return None
    src = split_lines(text)
    end = f.start - 1
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
    owner: str                   # the function whose parameter went
    param: str                   # the parameter's name
    lines: list[str]             # its kernel-doc entry, as it was planned


def _still_has(text: str, fn_name: str, pname: str) -> bool:
    f = function_named(text, fn_name)
    if f is None:
        return False
    header = " ".join(split_lines(mask(text))[f.start - 1:f.body_start])
    return re.search(rf"\b{re.escape(pname)}\b", header[header.find("("):]) is not None


class DropParamDoc(Recipe[DropParamDocParams]):
    kind = "drop-param-doc"
    # comment blocks reworded or dropped: after the signature lost the parameter
    order = Phase.COMMENTS
    is_text_edit = True
    retargets = True             # the file that defines the function

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[DropParamDocParams] | None:
        return None                  # only ever a companion of drop-unused-parameter

    def plan_for(self, path: str, text: str, fn_name: str, pname: str) -> Plan[DropParamDocParams] | None:
        found = doc_lines(text, fn_name, pname)
        if found is None:
            return None
        return Plan(self.kind, slug=f"{fn_name}-{pname}", order=self.order, files=[path],
                    params=DropParamDocParams(owner=fn_name, param=pname, lines=found[1]), summary="")

    def text_edit(self, s: Suggestion, plan: Plan[DropParamDocParams], ctx: CodeContext) -> T.TextEdit:
        p = plan.params
        if _still_has(ctx.text, p.owner, p.param):
            raise Manual(f"{p.owner}() still has the {p.param} parameter")
        found = doc_lines(ctx.text, p.owner, p.param)
        if found is None:
            raise Manual(f"the kernel-doc of {p.owner}() has no @{p.param}: line")
        return T.TextEdit(ctx.path, "", found[1], [], f"Drop @{p.param} from the kernel-doc of {p.owner}()",
                          drop_blank_after=False, line=found[0])

    def render(self, s: Suggestion, plan: Plan[DropParamDocParams], ctx: CodeContext) -> str:
        te = self.text_edit(s, plan, ctx)
        notes = [f"{plan.params.owner}() no longer takes {plan.params.param} (the rule before this one)."]
        return R.text_edit_rule(te.description, s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[DropParamDocParams], text: str) -> bool:
        p = plan.params
        return function_named(text, p.owner) is not None and not _still_has(text, p.owner, p.param) and \
            doc_lines(text, p.owner, p.param) is None

    def verify(self, s: Suggestion, plan: Plan[DropParamDocParams], before: str, after: str) -> str:
        if not self.is_applied(s, plan, after):
            return f"the kernel-doc of {plan.params.owner}() still documents @{plan.params.param}"
        gone = len(split_lines(before)) - len(split_lines(after))
        return "" if gone == len(plan.params.lines) else "the edit removed other lines too"


RECIPE = DropParamDoc()
