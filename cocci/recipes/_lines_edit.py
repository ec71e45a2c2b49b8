"""The four methods every recipe shares whose plan replaces some lines by others (its params' `old` and
`new`, in `function`, optionally from `line`): the text edit, its rule file, whether it is applied and
its check.  A recipe names what it changes (``changed``, for the check's message) and the notes of its
rule file (``notes``); a recipe that checks more overrides ``verify`` and calls this one.  A rule file
whose title or notes name the plan's parts overrides ``title`` or ``rule_notes``; a check that words its
message otherwise overrides ``overreach``."""
from __future__ import annotations

from typing import ClassVar, cast

from cocci import render as R
from cocci import textedit as T
from cocci.recipe import CodeContext, P, Plan, Recipe
from patches.model import Suggestion


class LinesEdit(Recipe[P]):
    """A recipe whose plans are verified text edits of the lines its params name."""

    is_text_edit = True
    changed: ClassVar[str]                  # "the quoted return": what may change, in the check's message
    notes: ClassVar[tuple[str, ...]] = ()   # the rule file's notes under its description

    @staticmethod
    def lines(plan: Plan[P]) -> T.LinesInFunction:
        return cast(T.LinesInFunction, plan.params)

    def title(self, plan: Plan[P]) -> str:
        """The rule file's description."""
        return plan.summary

    def rule_notes(self, plan: Plan[P], ctx: CodeContext) -> list[str]:
        """The rule file's notes under its description."""
        return list(self.notes)

    def overreach(self, plan: Plan[P]) -> str:
        """The check's message when more than the plan's lines changed."""
        return f"more than {self.changed} changed"

    def text_edit(self, s: Suggestion, plan: Plan[P], ctx: CodeContext) -> T.TextEdit:
        return T.replacing(ctx.path, self.lines(plan), plan.summary, line=getattr(plan.params, "line", 0))

    def render(self, s: Suggestion, plan: Plan[P], ctx: CodeContext) -> str:
        return R.text_edit_rule(self.title(plan), s, self.text_edit(s, plan, ctx), self.rule_notes(plan, ctx))

    def is_applied(self, s: Suggestion, plan: Plan[P], text: str) -> bool:
        return T.replaced(text, self.lines(plan))

    def verify(self, s: Suggestion, plan: Plan[P], before: str, after: str) -> str:
        return "" if before == after or T.only_replaced(before, after, self.lines(plan)) else \
            self.overreach(plan)
