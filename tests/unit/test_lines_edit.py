"""LinesEdit: the text edit, rule file, applied check and check the line-replacing recipes share, and the
hooks a recipe words its rule file and its check's message with."""
from __future__ import annotations

from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Phase, Plan
from cocci.recipes._lines_edit import LinesEdit
from patches.model import Suggestion

from tests.unit.kinds_support import sugg

BEFORE = "static int qx_read(struct qx *qx)\n{\n\tint v = readl(qx->base);\n\n\treturn v;\n}\n"
AFTER = BEFORE.replace("readl(", "ioread32(")


@dataclass(frozen=True)
class _Params(InFunction):
    old: list[str]
    new: list[str]
    line: int = 0


class _Plain(LinesEdit[_Params]):
    kind = "test-plain"
    order = Phase.CALLS
    changed = "the quoted read"
    notes = ("A note of the recipe.",)

    def understand(self, s: Suggestion, ctx: CodeContext) -> Plan[_Params] | None:
        return None


class _Worded(_Plain):
    kind = "test-worded"

    def title(self, plan: Plan[_Params]) -> str:
        return f"Read with ioread32() in {plan.params.function}()"

    def rule_notes(self, plan: Plan[_Params], ctx: CodeContext) -> list[str]:
        return [f"{ctx.path}: a note naming the file."]

    def overreach(self, plan: Plan[_Params]) -> str:
        return "the edit changed more than the read"


def _plan(line: int = 0) -> Plan[_Params]:
    return Plan("test", slug="read", order=Phase.CALLS, files=["drivers/misc/qx.c"],
                params=_Params("qx_read", old=["\tint v = readl(qx->base);"], new=["\tint v = ioread32(qx->base);"],
                               line=line),
                summary="Use ioread32() in qx_read()")


def _ctx() -> CodeContext:
    return CodeContext("drivers/misc/qx.c", BEFORE, "qx_read", {"drivers/misc/qx.c": BEFORE}, [])


def _s() -> Suggestion:
    return sugg("drivers/misc/qx.c", "qx_read", ["+\tint v = readl(qx->base);"], "Please use ioread32() here.")


def test_the_rule_file_is_titled_by_the_summary_with_the_recipes_notes():
    text = _Plain().render(_s(), _plan(), _ctx())
    assert text.splitlines()[:3] == ["/// Use ioread32() in qx_read()", "//#", "//# A note of the recipe."]
    assert "identifier fn = qx_read;" in text


def test_a_recipe_words_its_title_and_notes_from_the_plan_and_the_file():
    text = _Worded().render(_s(), _plan(), _ctx())
    assert text.splitlines()[:3] == ["/// Read with ioread32() in qx_read()", "//#",
                                     "//# drivers/misc/qx.c: a note naming the file."]


def test_the_text_edit_replaces_the_lines_at_the_plans_line():
    te = _Plain().text_edit(_s(), _plan(line=3), _ctx())
    assert (te.function, te.old, te.new, te.line, te.drop_blank_after) == \
        ("qx_read", ["\tint v = readl(qx->base);"], ["\tint v = ioread32(qx->base);"], 3, False)
    assert te.description == "Use ioread32() in qx_read()"


def test_applied_when_the_new_lines_stand_in_place_of_the_old():
    assert not _Plain().is_applied(_s(), _plan(), BEFORE)
    assert _Plain().is_applied(_s(), _plan(), AFTER)


def test_the_check_passes_the_edit_alone_and_names_what_may_change_otherwise():
    too_much = AFTER.replace("return v;", "return v + 1;")
    assert _Plain().verify(_s(), _plan(), BEFORE, AFTER) == ""
    assert _Plain().verify(_s(), _plan(), BEFORE, too_much) == "more than the quoted read changed"
    assert _Worded().verify(_s(), _plan(), BEFORE, too_much) == "the edit changed more than the read"
