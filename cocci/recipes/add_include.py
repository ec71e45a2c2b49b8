"""Add an `#include` the reviewer asks for ("Please include <linux/bits.h> for BIT()", "missing
#include <linux/string_choices.h>"), and the header a helper another rule brings in is declared in
(`str_enabled_disabled()`: <linux/string_choices.h>), as a companion of that rule.

Evidence: the comment names one header in angle brackets (or `linux/x.h`) with a wish to include
it, and the anchored file does not include it yet.  The line goes where the file's own `#include
<...>` lines of that directory keep it: in alphabetical order when they are sorted, after the last
of them otherwise; an <asm/...> header without such lines goes after the last <linux/...> one, as
the kernel orders them; a file without such lines is otherwise manual.  A verified text edit at file
scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, Manual, Params, Phase, Plan, Recipe
from patches.model import Suggestion

_HEADER = re.compile(r"<((?:linux|asm|uapi|net|sound|media|drm|soc)/[\w./-]+\.h)>"
                     r"|(?<![\w/<])((?:linux|asm|net|sound)/[\w./-]+\.h)\b")
# "include <linux/bits.h>", "you also need <linux/bits.h> for BIT()"
_WISH = re.compile(r"\binclud(?:e|es|ed|ing)\b|#include\b|\bheader\b|\bneed(?:s|ed)?\s+(?:\w+\s+){0,2}?<", re.I)
_INCLUDE = re.compile(r"^#include\s+<([^>]+)>\s*$")


# "don't include <linux/kernel.h>", "no need to include ...", "why include ...?", "drop <...>": the
# header is turned down or asked away, not asked for
_NOT_WANTED = re.compile(
    r"\b(?:do\s*n['’]?o?t|don't|does\s*n['’]?o?t|never|no\s+need\s+(?:to|for)|not|why|shouldn['’]?t|should\s+not|"
    r"avoid|drop|remove|without)\s+(?:\w+\s+){0,2}(?:include|#include|<)|\bis\s+(?:not\s+needed|unneeded|"
    r"unnecessary|superfluous)|\bnot\s+needed\b", re.I)


def header_asked(comment: str) -> str | None:
    """The one header COMMENT asks to include ("include <linux/bits.h>"), None for none or several."""
    if not _WISH.search(comment) or _NOT_WANTED.search(" ".join(comment.split())):
        return None
    found = {m.group(1) or m.group(2) for m in _HEADER.finditer(comment)}
    return found.pop() if len(found) == 1 else None


def includes(text: str, header: str) -> bool:
    return any((m := _INCLUDE.match(ln.strip())) and m.group(1) == header for ln in text.splitlines())


def insertion(text: str, header: str) -> tuple[str, list[str]]:
    """(the include line the new one goes after or before, the two lines in their order): among the
    file's `#include <dir/...>` lines of the header's directory (those as deep as the header when
    there are any), sorted place when they are sorted; an <asm/...> header without such lines goes after
    the last <linux/...> one.  Manual when the file has none of that directory."""
    new = f"#include <{header}>"
    top = header.split("/")[0]
    found = [(ln, m.group(1)) for ln in text.splitlines() if ln == ln.strip() and (m := _INCLUDE.match(ln))
             and m.group(1).startswith(top + "/")]
    if not found and top == "asm":
        # the kernel's order: <asm/...> headers come after the <linux/...> ones
        linux = [ln for ln in text.splitlines() if ln == ln.strip() and (m := _INCLUDE.match(ln))
                 and m.group(1).startswith("linux/")]
        if linux:
            return linux[-1], [linux[-1], new]
    if not found:
        raise Manual(f"the file has no #include <{top}/...> lines to put <{header}> among")
    # <linux/x.h> goes among the <linux/*.h> lines, not after a block of <linux/iio/*.h> ones
    depth = [(ln, n) for ln, n in found if n.count("/") == header.count("/")]
    found = depth or found
    # sorted as people sort them: "hwmon.h" before "hwmon-sysfs.h"
    lines, names = [ln for ln, _ in found], [n.removesuffix(".h") for _, n in found]
    if names == sorted(names):
        after = [ln for ln, n in zip(lines, names, strict=True) if n < header.removesuffix(".h")]
        if after:
            return after[-1], [after[-1], new]
        return lines[0], [new, lines[0]]
    return lines[-1], [lines[-1], new]


@dataclass(frozen=True)
class AddIncludeParams(Params):
    header: str                  # "linux/string_choices.h"
    old: list[str]               # the include line it goes next to
    new: list[str]               # that line and the new one, in order
    function: str = ""           # file scope


class AddInclude(Recipe[AddIncludeParams]):
    kind = "add-include"
    order = Phase.LISTS
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[AddIncludeParams] | None:
        header = header_asked(s.comment)
        if header is None or not ctx.text:
            return None
        if includes(ctx.text, header):
            return None
        return self.plan_for(ctx, header, f"Include <{header}>")

    def plan_for(self, ctx: CodeContext, header: str, summary: str) -> Plan[AddIncludeParams]:
        """The plan that adds HEADER to CTX's file (Manual when there is no place for it)."""
        old, new = insertion(ctx.text, header)
        return Plan(self.kind, slug=header.rsplit("/", 1)[-1].removesuffix(".h"), order=self.order,
                    files=[ctx.path], params=AddIncludeParams(header, old=[old], new=new), summary=summary)

    def text_edit(self, s: Suggestion, plan: Plan[AddIncludeParams], ctx: CodeContext) -> T.TextEdit:
        return T.replacing(ctx.path, plan.params, plan.summary or f"Include <{plan.params.header}>")

    def render(self, s: Suggestion, plan: Plan[AddIncludeParams], ctx: CodeContext) -> str:
        return R.text_edit_rule(f"Include <{plan.params.header}>", s, self.text_edit(s, plan, ctx),
                                ["SmPL does not add #include lines; a verified text edit."])

    def is_applied(self, s: Suggestion, plan: Plan[AddIncludeParams], text: str) -> bool:
        return includes(text, plan.params.header)

    def verify(self, s: Suggestion, plan: Plan[AddIncludeParams], before: str, after: str) -> str:
        if not includes(after, plan.params.header):
            return f"<{plan.params.header}> is not included"
        added = len(after.splitlines()) - len(before.splitlines())
        return "" if before == after or added == 1 else "more than the #include line changed"


RECIPE = AddInclude()


def header_companion(ctx: CodeContext, header: str) -> list[tuple[Recipe[Any], Plan[Any]]]:
    """The companion plan that includes HEADER in CTX's file for a helper a rule brings in; none when
    the file includes it already or has no place for it."""
    if not ctx.text or includes(ctx.text, header):
        return []
    try:
        return [(RECIPE, RECIPE.plan_for(ctx, header, ""))]
    except Manual:
        return []
