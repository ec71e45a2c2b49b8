"""Delete or reword a comment block, as a verified text edit (SmPL cannot match comments).

Evidence: the quote lies in a comment block, and either the reviewer asks to
drop it ("drop", "remove", or a question whether it is needed/helpful that the
author answers with "drop"/"remove"), or the reviewer wrote the new comment text
(`/* ... */`) or an `s/old/new/` under it.  The whole enclosing block is edited,
even when only its tail was quoted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cocci import render as R
from cocci import textedit as T
from patches.ctext import mask, split_lines
from cocci.recipe import CodeContext, InFunction, Manual, Phase, Plan, Recipe
from cocci.recipes import _evidence as E
from patches.model import Suggestion

NEED_QUESTION = re.compile(r"\b(need|needed|necessary|helpful|useful|required|worth)\b.*\?|"
                           r"\b(need|keep)\s+(this|that|the)\s+comment", re.I | re.S)


def comment_block_at(text: str, first: int, last: int) -> tuple[int, int] | None:
    """The (first, last) lines of the comment block(s) covering lines FIRST..LAST, when every non-blank
    line there is comment only; None otherwise."""
    src, m = split_lines(text), split_lines(mask(text))
    if any(src[i - 1].strip() and m[i - 1].strip() for i in range(first, last + 1)):
        return None
    a = first
    while a > 1 and not src[a - 1].lstrip().startswith(("/*", "//")):
        if m[a - 2].strip() or not src[a - 2].strip():
            return None
        a -= 1
    b = last
    while "*/" not in src[b - 1] and not src[b - 1].lstrip().startswith("//"):
        if b >= len(src) or m[b].strip():
            return None
        b += 1
    return a, b


def explaining_comment(text: str, stmt_start: int, names: set[str] | None) -> tuple[int, int] | None:
    """The comment block right above line STMT_START (no blank line between) when it mentions one of
    NAMES (any comment block there when NAMES is None): the comment that explains a statement."""
    src = split_lines(text)
    end = stmt_start - 1
    if end < 1 or not src[end - 1].rstrip().endswith("*/"):
        return None
    start = end
    while start > 1 and not src[start - 1].lstrip().startswith("/*"):
        start -= 1
    block = "\n".join(src[start - 1:end])
    if names is None or any(re.search(rf"\b{re.escape(n)}\b", block) for n in names):
        return start, end
    return None


@dataclass(frozen=True)
class CommentBlockParams(InFunction):
    old: list[str]               # the comment block's lines
    new: list[str]               # its replacement ([] drops it)
    why: str = ""                 # a note for the rule's header (why the block goes)


class CommentBlock(Recipe[CommentBlockParams]):
    kind = "comment-block"
    order = Phase.COMMENTS
    is_text_edit = True

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[CommentBlockParams] | None:
        fn = E.the_function(ctx, s)
        first, last = E.anchor_range(s, ctx, fn)
        block = comment_block_at(ctx.text, first, last)
        if block is None:
            return None
        old = split_lines(ctx.text)[block[0] - 1:block[1]]
        code = E.reviewer_code(s)
        new_comment = E.comment_text(code) if code else None
        subst = re.search(r"\bs/([^/]+)/([^/]*)/", s.comment)
        if new_comment:
            indent = E.indent_of(old[0])
            new = [indent + ln if i == 0 or ln.startswith("*") is False else indent + " " + ln
                   for i, ln in enumerate(new_comment)]
            return self._plan(ctx, fn.name, old, new, "Reword the comment")
        if subst:
            joined = "\n".join(old)
            if subst.group(1) not in joined:
                raise Manual(f"\"{subst.group(1)}\" is not in the quoted comment")
            return self._plan(ctx, fn.name, old, joined.replace(subst.group(1), subst.group(2)).split("\n"),
                              "Reword the comment")
        about_comment = E.has_any(s.comment + " " + s.response_text, ("comment", "it", "this", "that"))
        asks_drop = E.has_any(s.comment, E.REMOVE_WORDS)
        answer_drops = E.has_any(s.response_text, ("drop", "remove", "delete", "get rid"))
        if about_comment and (asks_drop or (NEED_QUESTION.search(s.comment) and answer_drops)):
            return self._plan(ctx, fn.name, old, [], "Drop the comment")
        return None

    def _plan(self, ctx: CodeContext, fn: str, old: list[str], new: list[str], what: str) -> Plan[CommentBlockParams]:
        words = re.findall(r"[A-Za-z_]\w+", " ".join(old).replace("/*", ""))
        slug = "-".join(w.lower() for w in words[:3]) or "comment"
        return Plan(self.kind, slug=slug, order=self.order, files=[ctx.path],
                    params=CommentBlockParams(fn, old=old, new=new),
                    summary=f"{what} in {fn}()" if new or what != "Drop the comment"
                    else f"Drop the comment \"{' '.join(words[:6])}...\" in {fn}()")

    def text_edit(self, s: Suggestion, plan: Plan[CommentBlockParams], ctx: CodeContext) -> T.TextEdit:
        return T.TextEdit(ctx.path, plan.params.function, list(plan.params.old),
                          list(plan.params.new), plan.summary)

    def render(self, s: Suggestion, plan: Plan[CommentBlockParams], ctx: CodeContext) -> str:
        fn = plan.params.function
        te = self.text_edit(s, plan, ctx)
        desc = "Delete a comment block" if not te.new else "Reword a comment block"
        notes = [plan.params.why] if plan.params.why else None
        return R.text_edit_rule(f"{desc} in {fn}()", s, te, notes)

    def is_applied(self, s: Suggestion, plan: Plan[CommentBlockParams], text: str) -> bool:
        te = T.TextEdit("", plan.params.function, list(plan.params.old),
                        list(plan.params.new))
        return T.is_applied(text, te)

    def verify(self, s: Suggestion, plan: Plan[CommentBlockParams], before: str, after: str) -> str:
        return "" if self.is_applied(s, plan, after) else "the comment block is still there"


RECIPE = CommentBlock()
