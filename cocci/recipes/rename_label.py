"""Rename a goto label: "this label name should say what it undoes (err_disable_clk)", "Please name
this one after what it undoes as well, err_disable_clk", "s/err/err_disable_clk/ for the label".

Evidence: the comment speaks of a label or of naming (label, name, rename, call it) and gives exactly
one new name that looks like a label (snake_case, not in the function yet, not a C keyword), or is the
reviewer's `s/old/new/` over a label's name; and the quoted lines hold a label of the anchored function,
or a `goto` to one (when the comment says "label" or writes `s///`): the one the comment names, else
the last quoted one (the one right above the comment).  The label's line and every `goto` to it in
that function take the new name; nothing else changes.  A verified text edit of those lines.
(`s/disable_vcc/err_disable_vcc/` under a `goto` renames the label: written on the `goto` alone, it
would jump to a label the function lacks.)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from cocci.recipes import _codediff as CD
from cocci.recipes import _evidence as E
from patches.ctext import KEYWORDS, mask
from patches.model import Suggestion

_ASKS = re.compile(r"\blabels?\b|\b(?:re)?nam(?:e|es|ed|ing)\b|\bcall(?:ed)?\s+(?:it|this|that)\b", re.I)
_LABEL = re.compile(r"^\s*([A-Za-z_]\w*)\s*:(?!:)\s*$")


_GOTO = re.compile(r"\bgoto\s+([A-Za-z_]\w*)\s*;")
_NAME_SUBST = re.compile(r"^s/([A-Za-z_]\w*)/([A-Za-z_]\w*)(?:/g?)?$")


def _labels(lines: list[str], a: int, b: int) -> list[tuple[int, str]]:
    """(0-based line, name) of the labels on lines A..B (1-based, inclusive)."""
    out = []
    for i in range(a - 1, b):
        m = _LABEL.match(mask(lines[i]))
        if m and m.group(1) not in ("default",) and m.group(1) not in KEYWORDS:
            out.append((i, m.group(1)))
    return out


def _quoted_labels(lines: list[str], a: int, b: int, defined: set[str]) -> list[tuple[int, str]]:
    """(0-based line, name) of the labels lines A..B hold or jump to (`goto err;`, a label of DEFINED),
    in the order of those lines, each label once at its last quoted line."""
    out: dict[str, int] = {}
    for i in range(a - 1, b):
        code = mask(lines[i])
        m = _LABEL.match(code)
        names = [m.group(1)] if m else [g for g in _GOTO.findall(code) if g in defined]
        for name in names:
            if name not in ("default",) and name not in KEYWORDS:
                out.pop(name, None)
                out[name] = i
    return [(i, name) for name, i in out.items()]


def _substitution(s: Suggestion) -> tuple[str, str] | None:
    """(old, new) when all the reviewer wrote is one `s/old/new/` of a plain name; None otherwise."""
    code = E.reviewer_code(s)
    m = _NAME_SUBST.match(code[0].strip()) if len(code) == 1 else None
    return (m.group(1), m.group(2)) if m else None


@dataclass(frozen=True)
class RenameLabelParams(InFunction):
    old_name: str
    new_name: str
    old: list[str]               # the lines from the first goto (or the label) to the last, as they are
    new: list[str]               # the same with the new name


class RenameLabel(LinesEdit[RenameLabelParams]):
    kind = "rename"
    order = Phase.QUALIFIERS
    notes = ("The label and every goto to it: a verified text edit.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[RenameLabelParams] | None:
        text = " ".join(s.comment.split())
        sub = _substitution(s)
        if not ctx.text or (sub is None and (not _ASKS.search(text) or E.reviewer_code(s))):
            return None
        fn = E.quoted_function(ctx, s)
        if fn is None:
            return None             # outside any function: not this recipe's request
        first, last = CD.quote_span(s, ctx, fn.start, fn.end) or E.anchor_range(s, ctx, fn)
        lines = ctx.text.splitlines()
        quoted = _labels(lines, first, last)
        if sub is not None or re.search(r"\blabels?\b", text, re.I):
            # a quoted `goto` names its label too, when the comment says a label is meant
            quoted = _quoted_labels(lines, first, last, {n for _, n in _labels(lines, fn.body_start, fn.end)})
        if sub is not None:
            quoted = [q for q in quoted if q[1] == sub[0]]
        if not quoted:
            return None
        body = "\n".join(mask(ctx.text).splitlines()[fn.start - 1:fn.end])
        in_fn = set(re.findall(r"[A-Za-z_]\w*", body))
        if sub is not None and (sub[1] in in_fn or sub[1] in KEYWORDS):
            raise Manual(f"the new label name {sub[1]} is already a name in {fn.name}()")
        said = re.findall(r"(?<![\w\-/.])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w(])", text)
        new = [sub[1]] if sub is not None else [w for w in dict.fromkeys(said) if w not in in_fn]
        named_old = [q for q in quoted if re.search(rf"(?<!\w){re.escape(q[1])}(?!\w)", text)]
        if len(new) != 1:
            return None
        if sub is None and not re.search(r"\blabels?\b", text, re.I) and \
                not (new[0].startswith(("err", "out", "fail", "free",
                                                                                  "unlock", "put", "disable",
                                                                                  "release", "undo", "cleanup",
                                                                                  "exit", "done", "unwind"))):
            return None
        _, old = (named_old or quoted)[-1]
        if len(named_old) > 1:
            raise Manual(f"the comment names the labels {', '.join(n for _, n in named_old)}: which one is meant")
        rx = re.compile(rf"(?<![\w.>]){re.escape(old)}(?!\w)")
        sites = [i for i in range(fn.start - 1, fn.end) if rx.search(mask(lines[i]))]
        ok = [i for i in sites if re.match(rf"\s*{re.escape(old)}\s*:", mask(lines[i])) or
              re.search(rf"\bgoto\s+{re.escape(old)}\s*;", mask(lines[i]))]
        if sites != ok:
            raise Manual(f"{old} is also a name other than the label in {fn.name}()")
        a, b = sites[0], sites[-1]
        old_lines = lines[a:b + 1]
        new_lines = [rx.sub(new[0], ln) if a + k in sites else ln for k, ln in enumerate(old_lines)]
        return Plan(self.kind, slug=new[0], order=self.order, files=[ctx.path],
                    params=RenameLabelParams(fn.name, old_name=old, new_name=new[0], old=old_lines, new=new_lines),
                    summary=f"Rename the label {old} to {new[0]} in {fn.name}()")

    def verify(self, s: Suggestion, plan: Plan[RenameLabelParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else \
            f"the label {plan.params.old_name} is not renamed to {plan.params.new_name}"


RECIPE = RenameLabel()
