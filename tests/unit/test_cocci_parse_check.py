"""A rule whose result no longer parses is rolled back, and the rules after it still run.

The parse check runs once on the final text; when it finds a newly unparsable function the run is
redone rule by rule, so the culprit is the one reported.  The culprit here is a text edit (the kind
of edit spatch's own printer cannot produce) that leaves a statement without its semicolon."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cocci import apply as apply_mod
from cocci.recipe import CodeContext, InFunction, Phase, Plan, Recipe
from cocci.rules import Planned, render_one
from cocci.textedit import TextEdit
from patches.model import Anchor, Person, Response, Status, Suggestion

SRC = """static int sum(const int *v, int n)
{
\tint i, s = 0;

\tfor (i = 0; i < n; i++)
\t\ts += v[i];
\treturn s;
}

static int twice(int x)
{
\treturn x * 2;
}
"""


@dataclass(frozen=True)
class _LineEditParams(InFunction):
    old: str
    new: str


class _LineEdit(Recipe[_LineEditParams]):
    """Replace one line of a function by another, as a text edit (test recipe)."""

    kind = "line-edit"
    order = Phase.REVIEWER_CODE
    is_text_edit = True

    def understand(self, s, ctx):
        return None

    def render(self, s, plan, ctx):
        return "/// test text edit\n"

    def text_edit(self, s, plan, ctx):
        return TextEdit(ctx.path, plan.params.function, [plan.params.old], [plan.params.new])


def _planned(sid: str, function: str, old: str, new: str, order: Phase) -> Planned:
    s = Suggestion(id=sid, patch=1, reviewer=Person("Rae Viewer"), comment="edit",
                   anchor=Anchor(file="lib/sum.c", function=function, code=[old.strip()]),
                   response=Response.ACCEPTED)
    plan = Plan(kind="line-edit", slug=sid, params=_LineEditParams(function, old=old, new=new), order=order)
    return Planned(s, _LineEdit(), plan, CodeContext(path="lib/sum.c", text=SRC, function=function), key=f"{sid}#0")


def test_unparsable_result_is_rolled_back_and_later_rules_run(tmp_path: Path):
    broken = _planned("1.1", "sum", "\treturn s;", "\treturn s", Phase.REVIEWER_CODE)
    fine = _planned("1.2", "twice", "\treturn x * 2;", "\treturn x << 1;", Phase.CALLS)
    rules = [render_one(broken, 1), render_one(fine, 2)]
    text, edits = apply_mod.apply(rules, [broken, fine], {"lib/sum.c": SRC}, tmp_path)
    assert broken.suggestion.status == Status.FAILED
    assert "no longer parses sum" in broken.suggestion.reason
    assert fine.suggestion.status == Status.APPLIED
    assert text["lib/sum.c"] == SRC.replace("return x * 2;", "return x << 1;")


def test_parsable_results_are_checked_once(tmp_path: Path):
    fine = _planned("1.2", "twice", "\treturn x * 2;", "\treturn x << 1;", Phase.CALLS)
    text, _ = apply_mod.apply([render_one(fine, 1)], [fine], {"lib/sum.c": SRC}, tmp_path)
    assert fine.suggestion.status == Status.APPLIED
    assert not (tmp_path / "each").exists()      # no rule-by-rule rerun was needed
