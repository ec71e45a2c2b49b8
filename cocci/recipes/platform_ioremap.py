"""A resource looked up only to be mapped, as one call: `res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
base = devm_ioremap_resource(&pdev->dev, res);` -> `base = devm_platform_ioremap_resource(pdev, 0);`.

Evidence: the comment names `devm_platform_ioremap_resource()` (or its `_byname` or `get_and_` form)
as a wish ("use", "why not", the name alone, the call written out), and the quote touches such a
pair: the look-up of an IORESOURCE_MEM resource of a platform device, then, as the next statement,
devm_ioremap_resource() of the platform device's `dev` (`&pdev->dev`, or a local that holds it) and
that resource.  The two calls fail the same way as the one (an error pointer when the resource is
missing).  A look-up by name becomes the `_byname` helper.  When the resource is used again below
(`res->start`), only `devm_platform_get_and_ioremap_resource(pdev, N, &res)` keeps it: done when asked
for, manual otherwise.  A resource pointer left unused goes with its declaration.  A verified text edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _evidence as E
from cocci.recipes.drop_unused_local import RECIPE as DROP_UNUSED
from cocci.recipes.drop_unused_local import unused_after
from cocci.recipes.rename_call import asks_to_use, bare_request
from patches.ctext import Function, Stmt, calls, function_named, mask, norm
from patches.model import Suggestion

BY_INDEX, BY_NAME, GET_AND = ("devm_platform_ioremap_resource", "devm_platform_ioremap_resource_byname",
                              "devm_platform_get_and_ioremap_resource")
_LOOKUP = re.compile(r"^(?P<res>[A-Za-z_]\w*) = platform_get_resource(?P<byname>_byname)? \( (?P<pdev>[A-Za-z_]\w*) , "
                     r"IORESOURCE_MEM , (?P<which>.+?) \) ;$")
_MAP = re.compile(r"^(?P<dest>.+?) = devm_ioremap_resource \( (?P<dev>.+?) , (?P<res>[A-Za-z_]\w*) \) ;$")


def _asked(comment: str) -> str:
    """The helper COMMENT asks for ('' for none, or when it names more than one of them)."""
    names = {n for n in re.findall(r"\b(devm_platform_\w+)\b", comment) if n in (BY_INDEX, BY_NAME, GET_AND)}
    if len(names) != 1:
        return ""
    name = names.pop()
    asked = asks_to_use(comment) or bare_request(comment, name) or \
        re.fullmatch(rf"\s*(?:nit:\s*)?{name}\s*\([^()]*\)\s*[.?!]?\s*", comment, re.I) is not None
    return name if asked and not E.rejected(comment, name) else ""


def _the_dev(text: str, fn: Function, dev: str, pdev: str) -> bool:
    """Whether DEV (normalized) is `&PDEV->dev`, or a local of FN initialized to it and never assigned."""
    if dev == f"& {pdev} -> dev":
        return True
    if not re.fullmatch(r"[A-Za-z_]\w*", dev):
        return False
    body = norm(mask("\n".join(text.splitlines()[fn.start - 1:fn.end])))
    inits = re.findall(rf"\* {dev} = & {pdev} -> dev ;", body)
    writes = re.findall(rf"(?<![\w>.] ){dev} (?:=(?!=)|\+\+|--)", body)
    return len(inits) == 1 and len(writes) == 1


@dataclass(frozen=True)
class PlatformIoremapParams(InFunction):
    helper: str                 # the helper used
    resource: str               # the resource pointer (`res`)
    old: list[str]              # the look-up and the mapping, as they are
    new: list[str]              # the one call


class PlatformIoremap(LinesEdit[PlatformIoremapParams]):
    kind = "platform-ioremap"
    order = Phase.CALL_ARGUMENTS
    supersedes = ("rename-call", "remove-statements", "replace-code")
    changed = "the look-up and the mapping"

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[PlatformIoremapParams] | None:
        asked = _asked(s.comment)
        if not asked:
            return None
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        sts = [st for st in E.all_statements(ctx.text, fn.body_start, fn.end) if st.norm]
        pairs = [(a, b) for a, b in zip(sts, sts[1:], strict=False)
                 if _LOOKUP.match(norm(mask(a.code))) and _MAP.match(norm(mask(b.code)))
                 and (first <= a.start <= last or first <= b.start <= last or a.start <= first <= b.end)]
        if not pairs:
            return None
        if len(pairs) > 1:
            raise Manual(f"the quote touches {len(pairs)} resource look-ups mapped by devm_ioremap_resource(): "
                         "which one is meant is for the author")
        a, b = pairs[0]
        return self._plan(ctx, fn, a, b, asked)

    def _plan(self, ctx: CodeContext, fn: Function, a: Stmt, b: Stmt, asked: str) -> Plan[PlatformIoremapParams]:
        look = _LOOKUP.match(norm(mask(a.code)))
        mapped = _MAP.match(norm(mask(b.code)))
        assert look is not None and mapped is not None
        res, pdev = look.group("res"), look.group("pdev")
        if mapped.group("res") != res or not _the_dev(ctx.text, fn, mapped.group("dev"), pdev):
            raise Manual("devm_ioremap_resource() maps another resource, or for another device than the "
                         f"platform device {pdev}: the one helper would not do the same")
        if any(st.norm for st in E.statements(ctx.text, a.end + 1, b.start - 1)):
            raise Manual("code between the look-up and the mapping")
        src = ctx.text.splitlines()
        old = src[a.start - 1:b.end]
        code_old = "\n".join(old)
        used_after = not unused_after(ctx.text, fn, code_old, "")
        lookup = [c for c in calls(ctx.text, a.start, a.end, members=False) if c.name.startswith("platform_get_")]
        if len(lookup) != 1 or len(lookup[0].args) != 3:
            raise Manual("cannot read which resource the look-up takes")
        which = " ".join(lookup[0].args[2].split())       # as written: a name's string unmasked
        byname = look.group("byname") is not None
        if asked == GET_AND:
            if byname:
                raise Manual(f"{GET_AND}() looks a resource up by index, the code by name")
            call = f"{GET_AND}({pdev}, {which}, &{res})"
        elif used_after:
            raise Manual(f"{res} is used again below: {GET_AND}({pdev}, {which}, &{res}) would keep it, "
                         f"{asked}() would not")
        else:
            call = f"{BY_NAME if byname else BY_INDEX}({pdev}, {which})"
        dest = src[b.start - 1][:src[b.start - 1].index("=")].rstrip()
        line = f"{dest} = {call};"
        if len(line.expandtabs(8)) > 100:
            raise Manual("the one call would be longer than 100 columns: wrapping it is for the author")
        helper = call.split("(")[0]
        return Plan(self.kind, slug=helper.removeprefix("devm_platform_"), order=self.order, files=[ctx.path],
                    params=PlatformIoremapParams(fn.name, helper=helper, resource=res, old=old, new=[line]),
                    summary=f"Use {helper}() in {fn.name}()")

    def companions(self, s: Suggestion, plan: Plan[PlatformIoremapParams], ctx: CodeContext
                   ) -> list[tuple[Recipe[Any], Plan[Any]]]:
        """The resource pointer goes when nothing uses it any more."""
        f = function_named(ctx.text, plan.params.function)
        if f is None or plan.params.helper == GET_AND:
            return []
        names = unused_after(ctx.text, f, "\n".join(plan.params.old), "\n".join(plan.params.new))
        return [(DROP_UNUSED, DROP_UNUSED.plan_for(ctx, f.name, name)) for name in names]

    def title(self, plan: Plan[PlatformIoremapParams]) -> str:
        return f"Use {plan.params.helper}() in {plan.params.function}()"

    def rule_notes(self, plan: Plan[PlatformIoremapParams], ctx: CodeContext) -> list[str]:
        p = plan.params
        return [f"platform_get_resource() followed by devm_ioremap_resource() of {p.resource} is {p.helper}():",
                "both give an error pointer when the resource is missing.  A text edit of the two statements."]


RECIPE = PlatformIoremap()
