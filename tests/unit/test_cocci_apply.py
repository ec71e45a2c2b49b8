"""cocci.apply: verification, roll-back, matched-nothing, user rules."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import user
from cocci.recipe import CodeContext, InFunction, Phase, Plan, Recipe
from cocci.rules import Planned, render
from patches.model import Anchor, Person, Response, Status, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c"
PATH = "fs/cache.c"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


class GlobalRename(Recipe[InFunction]):
    """A careless recipe: renames pr_warn everywhere, whatever function the reviewer quoted."""
    kind = "careless"
    order = Phase.COMMENTS

    def understand(self, s, ctx):
        return Plan(self.kind, "pr_err", InFunction("cache_fill"), self.order, files=[ctx.path])

    def render(self, s, plan, ctx):
        return "virtual patch\n\n@depends on patch@\nexpression list es;\n@@\n- pr_warn(es)\n+ pr_err(es)\n"


class NothingToDo(GlobalRename):
    kind = "nothing"

    def render(self, s, plan, ctx):
        return "virtual patch\n\n@depends on patch@\n@@\n- no_such_call();\n"


def planned_with(recipe: Recipe) -> tuple[list[Planned], str]:
    text = (DATA / "fs_cache.c").read_text()
    s = Suggestion(id="5.1", patch=5, reviewer=Person("R"), comment="pr_err here",
                   anchor=Anchor(file=PATH, function="cache_fill"), response=Response.ACCEPTED, kind="code")
    ctx = CodeContext(PATH, text, "cache_fill")
    p = Planned(s, recipe, recipe.understand(s, ctx), ctx, key="5.1#0")
    return [p], text


def test_rule_touching_another_function_is_rolled_back(tmp_path):
    planned, text = planned_with(GlobalRename())
    files, edits = A.apply(render(planned), planned, {PATH: text}, tmp_path)
    assert files[PATH] == text
    assert edits[0].status == Status.FAILED
    assert edits[0].reason == "the rule changed line 29 outside cache_fill()"
    assert planned[0].suggestion.status == Status.FAILED


def test_rule_that_matches_nothing_fails_with_the_reason(tmp_path):
    planned, text = planned_with(NothingToDo())
    files, edits = A.apply(render(planned), planned, {PATH: text}, tmp_path)
    assert (edits[0].status, edits[0].reason) == (Status.FAILED, "the rule matched nothing in cache_fill()")
    assert planned[0].suggestion.reason == "01-nothing-pr_err.cocci: the rule matched nothing in cache_fill()"


class ReadFailedMessage(GlobalRename):
    """A sound rule: rewords the one message of cache_fill()."""
    kind = "reword"

    def render(self, s, plan, ctx):
        return ('virtual patch\n\n@depends on patch@\n@@\n- pr_warn("cache: read failed %d\\n", ret);\n'
                '+ pr_warn("cache: reading failed %d\\n", ret);\n')


def test_a_comment_whose_second_rule_fails_leaves_nothing_of_its_first_in_the_tree(tmp_path):
    """One comment, two rules: the first applies, the second matches nothing.  The tree keeps
    nothing of the comment (no half-written request), and the report says what happened to each."""
    text = (DATA / "fs_cache.c").read_text()
    s = Suggestion(id="5.1", patch=5, reviewer=Person("R"), comment="Reword it and drop the stray call.",
                   anchor=Anchor(file=PATH, function="cache_fill"), response=Response.ACCEPTED, kind="reword")
    ctx = CodeContext(PATH, text, "cache_fill")
    planned = [Planned(s, r, r.understand(s, ctx), ctx, key=f"5.1#{n}")
               for n, r in enumerate((ReadFailedMessage(), NothingToDo()))]
    alone, _ = A.apply(render(planned[:1]), planned[:1], {PATH: text}, tmp_path / "alone")
    assert alone[PATH] != text                          # the first rule does apply on its own
    files, edits = A.apply(render(planned), planned, {PATH: text}, tmp_path / "both")
    assert files[PATH] == text
    assert [(e.rule.name, e.status, e.reason, e.diff) for e in edits] == [
        ("01-reword-pr_err.cocci", Status.FAILED,
         "applied, then undone with the rest of the comment (02-nothing-pr_err.cocci failed)", ""),
        ("02-nothing-pr_err.cocci", Status.FAILED, "the rule matched nothing in cache_fill()", "")]
    assert (s.status, s.reason) == (Status.FAILED, "01-reword-pr_err.cocci: applied, then undone with the rest of "
                                    "the comment (02-nothing-pr_err.cocci failed); 02-nothing-pr_err.cocci: the "
                                    "rule matched nothing in cache_fill()")


def test_a_failed_comment_does_not_undo_another_comment_s_edit(tmp_path):
    text = (DATA / "fs_cache.c").read_text()
    ctx = CodeContext(PATH, text, "cache_fill")
    sugs = [Suggestion(id=sid, patch=5, reviewer=Person("R"), comment="x", response=Response.ACCEPTED,
                       anchor=Anchor(file=PATH, function="cache_fill"), kind="reword") for sid in ("5.1", "5.2")]
    planned = [Planned(s, r, r.understand(s, ctx), ctx, key=f"{s.id}#0")
               for s, r in zip(sugs, (ReadFailedMessage(), NothingToDo()), strict=True)]
    files, edits = A.apply(render(planned), planned, {PATH: text}, tmp_path)
    assert files[PATH] == text.replace("read failed", "reading failed")
    assert [s.status for s in sugs] == [Status.APPLIED, Status.FAILED]


def test_user_rule_runs_on_the_patch_files(tmp_path):
    rules = user.load_rules([("warn-once.cocci",
                              b"/// pr_warn is too loud\n@@\nexpression list es;\n@@\n- pr_warn(es)\n+ pr_info(es)\n")])
    assert [(r.suggestion_id, r.kind, r.name) for r in rules] == [("user.1", "user-rule", "user-1-warn-once.cocci")]
    text = (DATA / "fs_cache.c").read_text()
    files, edits = A.apply(rules, [], {PATH: text, "Documentation/x.rst": "text\n"}, tmp_path)
    assert files[PATH].count("pr_info(") == 2 and "pr_warn" not in files[PATH]
    assert edits[0].status == Status.APPLIED
    [s] = user.suggestions_from(edits)
    assert (s.id, s.kind, s.status, s.comment, s.rule) == (
        "user.1", "user-rule", Status.APPLIED, "pr_warn is too loud", "cocci/user-1-warn-once.cocci")


def test_invalid_user_rule_is_a_one_line_error():
    with pytest.raises(user.RuleError) as e:
        user.load_rules([("bad.cocci", b"@@\n@@\n- foo(\n")])
    assert str(e.value).startswith("bad.cocci: not a valid semantic patch: ")
    assert "\n" not in str(e.value)


def test_changed_lines():
    assert A.changed_lines("a\nb\nc\n", "a\nB\nc\n") == [2]
    assert A.changed_lines("a\nb\n", "a\nx\nb\n") == [2]
