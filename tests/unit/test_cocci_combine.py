"""cocci.combine and the one-pass path of cocci.apply: rules for one file share a spatch pass, and
every rule is still judged and reported as if it had run alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import combine, spatch
from dataclasses import dataclass

from cocci.recipe import CodeContext, InFunction, Phase, Plan, Recipe
from cocci.rules import Planned, render
from cocci.textedit import TextEdit
from patches.ctext import function_named
from patches.model import Anchor, Person, Response, Status, Suggestion

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/misc/blinker.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/io.h>

struct blinker {
\tvoid __iomem *base;
\tunsigned int rate;
\tbool on;
};

static int blinker_start(struct blinker *b)
{
\tunsigned int rate = b->rate;

\tif (!rate)
\t\treturn -EINVAL;
\twritel(rate, b->base + 0x10);
\tb->on = true;
\treturn 0;
}

static void blinker_stop(struct blinker *b)
{
\tunsigned long flags = 0;

\twritel(0, b->base + 0x10);
\tpr_warn("blinker stopped\\n");
\tb->on = false;
}

static int blinker_rate(struct blinker *b, unsigned int rate)
{
\tif (rate > 100)
\t\tpr_warn("rate %u too high\\n", rate);
\tb->rate = rate;
\treturn blinker_start(b);
}

static void blinker_toggle(struct blinker *b)
{
\tunsigned int now = b->rate;

\tb->on = !b->on;
\tpr_debug("toggle at %u\\n", now);
\tpr_warn("toggled\\n");
\tpr_warn("toggled after %u\\n", now);
}
"""


@dataclass(frozen=True)
class RenameParams(InFunction):
    old: str
    new: str
    refuse: str = ""  # what verify() answers ('' = the check passes)


@dataclass(frozen=True)
class PinnedParams(InFunction):
    old: str
    new: str
    nth: int  # which call of OLD in the function (1-based) the rule is pinned to


@dataclass(frozen=True)
class DropParams(InFunction):
    statement: str


@dataclass(frozen=True)
class ConstParams(InFunction):
    type: str
    name: str


@dataclass(frozen=True)
class NoteParams(InFunction):
    above: str      # the line (tabs kept) the note goes above
    note: str       # what is written there ("" removes the line ABOVE: a change of code)


def params_of(kw: dict) -> InFunction:
    if "above" in kw:
        return NoteParams(**kw)
    if "nth" in kw:
        return PinnedParams(**kw)
    if "statement" in kw:
        return DropParams(**kw)
    return ConstParams(**kw) if "name" in kw else RenameParams(**kw)


class Rename(Recipe[RenameParams]):
    """Rename a call inside one function (the test's own recipe)."""

    kind = "rename-call"
    order = Phase.CALLS

    def understand(self, s, ctx):
        return None

    def render(self, s, plan, ctx):
        p = plan.params
        return (
            f"/// {p.old}() -> {p.new}()\n\n@rename@\nidentifier fn = {p.function};\n"
            f"expression list es;\n@@\n\nfn(...) {{\n<...\n- {p.old}(es)\n+ {p.new}(es)\n...>\n}}\n"
        )

    def verify(self, s, plan, before, after):
        return plan.params.refuse


class PinnedRename(Recipe[PinnedParams]):
    """Rename one call of several alike in a function, pinned to its line (the test's own recipe)."""

    kind = "rename-one-call"
    order = Phase.CALLS

    def understand(self, s, ctx):
        return None

    def render(self, s, plan, ctx):
        p = plan.params
        fn = function_named(ctx.text, p.function)
        lines = [n for n in range(fn.start, fn.end + 1) if f"{p.old}(" in ctx.text.splitlines()[n - 1]]
        return (
            f"/// {p.old}() -> {p.new}() once\n\n@rename@\nidentifier fn = {p.function};\nexpression list es;\n"
            f'position p : script:python() {{ p[0].line == "{lines[p.nth - 1]}" }};\n@@\n\n'
            f"fn(...) {{\n<...\n- {p.old}@p(es)\n+ {p.new}(es)\n...>\n}}\n"
        )


class Drop(Recipe[DropParams]):
    """Remove a statement from a function (the test's own recipe)."""

    kind = "remove-statement"
    order = Phase.CALLS

    def understand(self, s, ctx):
        return None

    def render(self, s, plan, ctx):
        p = plan.params
        return f"/// drop\n\n@drop@\nidentifier fn = {p.function};\n@@\n\nfn(...) {{\n<...\n- {p.statement}\n...>\n}}\n"


class Const(Recipe[ConstParams]):
    """Make a local `unsigned T name = E;` const (the test's own recipe)."""

    kind = "const"
    order = Phase.CALLS

    def understand(self, s, ctx):
        return None

    def render(self, s, plan, ctx):
        p = plan.params
        return (
            f"/// const {p.name}\n\n@make_const@\nidentifier fn = {p.function};\nexpression E;\n@@\n\n"
            f"fn(...) {{\n<...\n- {p.type} {p.name} = E;\n+ const {p.type} {p.name} = E;\n...>\n}}\n"
        )


class Note(Recipe[NoteParams]):
    """Write a comment line above a line of a function, as a text edit (the test's own recipe)."""

    kind = "note"
    order = Phase.CALLS
    is_text_edit = True

    def understand(self, s, ctx):
        return None

    def render(self, s, plan, ctx):
        return f"// note above {plan.params.above.strip()}\n"

    def text_edit(self, s, plan, ctx):
        p = plan.params
        new = [f"\t/* {p.note} */", p.above] if p.note else []
        return TextEdit(PATH, p.function, [p.above], new, "note", drop_blank_after=False)


class TidyRename(Rename):
    """Rename a call, then re-indent what spatch printed for it (the test's own tidying recipe)."""

    kind = "rename-tidied"
    tidies_after_spatch = True

    def after_spatch(self, plan, path, before, after):
        new = plan.params.new
        return "\n".join(ln.replace(f"\t{new}(", f"\t{new} (") if f"{new}(" in ln else ln for ln in after.split("\n"))


def planned(*specs: tuple[Recipe, dict]) -> list[Planned]:
    out = []
    for n, (recipe, params) in enumerate(specs, 1):
        s = Suggestion(
            id=f"1.{n}",
            patch=1,
            reviewer=Person("Ada Reviewer"),
            comment="please",
            anchor=Anchor(file=PATH, function=str(params["function"])),
            response=Response.ACCEPTED,
            kind=recipe.kind,
        )
        plan = Plan(recipe.kind, f"s{n}", params_of(dict(params)), order=Phase.CALLS, files=[PATH])
        out.append(Planned(s, recipe, plan, CodeContext(PATH, SRC, str(params["function"])), key=f"1.{n}#0"))
    return out


def both(tmp_path: Path, *specs: tuple[Recipe, dict]):
    """apply() rule by rule and with shared passes, on the same plans: (texts, edits, suggestions, workdir) each."""
    out = []
    for one_pass in (False, True):
        ps = planned(*specs)
        work = tmp_path / ("one" if one_pass else "each")
        texts, edits = A.apply(render(ps), ps, {PATH: SRC}, work, one_pass=one_pass)
        out.append(
            (
                texts,
                [(e.rule.name, e.status, e.reason, e.diff, e.rule.text) for e in edits],
                [(p.suggestion.status, p.suggestion.reason, p.suggestion.rule) for p in ps],
                work,
            )
        )
    return out


def passes(work: Path) -> list[str]:
    """The .cocci files spatch ran in the first (deferred-check) run of apply()."""
    return sorted(p.name for p in (work / "fast" / "rules").iterdir())


def test_merge_renames_each_rule_and_what_refers_to_it(tmp_path):
    first = (
        "virtual patch\n\n@rm exists@\nexpression E;\n@@\n- blinker_start(E);\n\n"
        "@add depends on rm@\nexpression rm.E;\n@@\n+ blinker_stop(E);\n  return 0;\n"
    )
    second = "@rm@\nidentifier fn = blinker_rate;\n@@\nfn(...) { ... }\n\n@depends on !rm@\n@@\n- pr_warn(...);\n"
    merged = combine.merge([first, second])
    assert merged.startswith("virtual patch\n")
    assert "@rm_1 exists@" in merged and "@add_1 depends on rm_1@" in merged
    assert "expression rm_1.E;" in merged
    assert "@rm_2@" in merged and "@rule_2_1 depends on !rm_2@" in merged
    sp = tmp_path / "merged.cocci"
    sp.write_text(merged)
    assert spatch.parse_cocci(sp) == ""


def test_attribute_gives_each_hunk_to_the_rule_that_explains_it():
    rename = Rename().render(
        None,
        Plan(
            "rename-call", "x", params_of({"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}), Phase.CALLS
        ),
        None,
    )
    const = Const().render(
        None,
        Plan(
            "const", "y", params_of({"function": "blinker_start", "type": "unsigned int", "name": "rate"}), Phase.CALLS
        ),
        None,
    )
    after = SRC.replace('pr_warn("blinker stopped', 'pr_info("blinker stopped').replace(
        "\tunsigned int rate = b->rate;", "\tconst unsigned int rate = b->rate;"
    )
    shares = combine.attribute([rename, const], SRC, after)
    assert shares is not None
    assert [[(h.i1, h.i2) for h in s] for s in shares] == [[(26, 27)], [(12, 13)]]
    only_const = SRC.replace("\tunsigned int rate = ", "\tconst unsigned int rate = ")
    assert combine.replay(SRC, after, shares[1]) == only_const
    # a change neither rule explains: no split
    assert combine.attribute([rename, const], SRC, after.replace("b->on = false;", "b->on = 0;")) is None


def test_batches_keep_rules_on_the_same_lines_apart():
    r1 = Rename().render(
        None,
        Plan("r", "a", params_of({"function": "blinker_rate", "old": "pr_warn", "new": "pr_info"}), Phase.CALLS),
        None,
    )
    r2 = Rename().render(
        None,
        Plan("r", "b", params_of({"function": "blinker_stop", "old": "pr_warn", "new": "pr_err"}), Phase.CALLS),
        None,
    )
    r3 = Rename().render(
        None,
        Plan("r", "c", params_of({"function": "blinker_rate", "old": "pr_info", "new": "pr_notice"}), Phase.CALLS),
        None,
    )
    assert combine.batches([r1, r2, r1], SRC) == [[0, 1], [2]]  # the same lines
    assert combine.batches([r1, r2, r3], SRC) == [[0, 1], [2]]  # r3 renames what r1 writes


def test_same_rule_ignores_only_the_pinned_line_numbers():
    a = 'position p : script:python() { p[0].line == "12" };\n- foo@p(x)\n'
    assert combine.same_rule(a, a.replace('"12"', '"14"'))
    assert not combine.same_rule(a, a.replace("foo", "bar"))


def test_rules_far_apart_run_in_one_pass_with_the_result_of_running_them_one_by_one(tmp_path):
    each, one = both(
        tmp_path,
        (Rename(), {"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}),
        (Const(), {"function": "blinker_start", "type": "unsigned int", "name": "rate"}),
        (Rename(), {"function": "blinker_rate", "old": "pr_warn", "new": "dev_warn_ratelimited"}),
    )
    assert one[:3] == each[:3]
    assert one[0][PATH].count("pr_info(") == 1 and "const unsigned int rate" in one[0][PATH]
    assert [e[1] for e in one[1]] == [Status.APPLIED] * 3
    assert '+\tpr_info("blinker stopped\\n");' in one[1][0][3]  # each rule's own diff
    assert "rate" not in one[1][0][3] and "pr_info" not in one[1][1][3]
    assert passes(one[3]) == ["one-pass-01-rename-call-s1.cocci"]
    assert len(passes(each[3])) == 3


def test_a_rule_on_what_an_earlier_rule_wrote_runs_after_it(tmp_path):
    each, one = both(
        tmp_path,
        (Rename(), {"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}),
        (Const(), {"function": "blinker_stop", "type": "unsigned long", "name": "flags"}),
        (Rename(), {"function": "blinker_stop", "old": "pr_info", "new": "pr_notice"}),
    )
    assert one[:3] == each[:3]
    assert 'pr_notice("blinker stopped' in one[0][PATH] and "const unsigned long flags" in one[0][PATH]
    assert passes(one[3]) == ["03-rename-call-s3.cocci", "one-pass-01-rename-call-s1.cocci"]


def test_a_share_that_fails_its_check_is_judged_on_its_own(tmp_path):
    each, one = both(
        tmp_path,
        (Const(), {"function": "blinker_start", "type": "unsigned int", "name": "rate"}),
        (
            Rename(),
            {"function": "blinker_stop", "old": "pr_warn", "new": "pr_info", "refuse": "the call is still there"},
        ),
        (Rename(), {"function": "blinker_rate", "old": "pr_warn", "new": "pr_err"}),
    )
    assert one[:3] == each[:3]
    assert [e[1:3] for e in one[1]] == [
        (Status.APPLIED, ""),
        (Status.FAILED, "the call is still there"),
        (Status.APPLIED, ""),
    ]
    assert 'pr_warn("blinker stopped' in one[0][PATH]


def test_a_rule_that_matches_nothing_is_reported_as_alone(tmp_path):
    each, one = both(
        tmp_path,
        (Const(), {"function": "blinker_start", "type": "unsigned int", "name": "rate"}),
        (Const(), {"function": "blinker_stop", "type": "unsigned int", "name": "missing"}),
        (Rename(), {"function": "blinker_rate", "old": "pr_warn", "new": "pr_err"}),
    )
    assert one[:3] == each[:3]
    assert one[1][1][1:3] == (Status.FAILED, "the rule matched nothing in blinker_stop()")


def test_recipes_that_tidy_after_spatch_say_so():
    """A recipe whose after_spatch() changes spatch's output says so (in a shared pass it tidies its share)."""
    from cocci.recipe import Recipe
    from cocci.recipes import CATALOGUE

    assert [
        r.kind for r in CATALOGUE if (type(r).after_spatch is not Recipe.after_spatch) != r.tidies_after_spatch
    ] == []


def test_a_pinned_rule_after_a_change_in_its_function_runs_first_in_the_pass(tmp_path):
    """The statement removed above the pinned call moves its line: the pass pins it where it was,
    the rule rendered again after the removal pins the line it moved to; both are the same call."""
    each, one = both(
        tmp_path,
        (Drop(), {"function": "blinker_toggle", "statement": "b->on = !b->on;"}),
        (PinnedRename(), {"function": "blinker_toggle", "old": "pr_warn", "new": "pr_err", "nth": 2}),
    )
    assert one[:3] == each[:3]
    assert [e[1:3] for e in one[1]] == [(Status.APPLIED, ""), (Status.APPLIED, "")]
    assert '\tpr_warn("toggled\\n");\n\tpr_err("toggled after' in one[0][PATH]
    assert "b->on = !b->on" not in one[0][PATH]
    assert passes(one[3]) == ["one-pass-01-remove-statement-s1.cocci"]
    assert len(passes(each[3])) == 2
    line = one[0][PATH].splitlines().index('\tpr_err("toggled after %u\\n", now);') + 1
    assert f'p[0].line == "{line}"' in one[1][1][4]  # the reported rule pins the line after the removal


def test_a_pinned_rule_that_writes_what_an_earlier_rule_renames_runs_after_it(tmp_path):
    """Run first, the pinned rename would write the pr_debug() the earlier rule renames: no shared pass."""
    each, one = both(
        tmp_path,
        (Rename(), {"function": "blinker_toggle", "old": "pr_debug", "new": "pr_notice"}),
        (PinnedRename(), {"function": "blinker_toggle", "old": "pr_warn", "new": "pr_debug", "nth": 2}),
    )
    assert one[:3] == each[:3]
    assert 'pr_notice("toggle at' in one[0][PATH] and 'pr_debug("toggled after' in one[0][PATH]
    assert passes(one[3]) == ["01-rename-call-s1.cocci", "02-rename-one-call-s2.cocci"]


def test_batches_put_a_pinned_rule_first_only_when_it_commutes_with_the_others():
    def text(recipe, **kw):
        plan = Plan(recipe.kind, "x", params_of(kw), Phase.CALLS)
        return recipe.render(None, plan, CodeContext(PATH, SRC, kw["function"]))

    drop = text(Drop(), function="blinker_toggle", statement="b->on = !b->on;")
    pinned = text(PinnedRename(), function="blinker_toggle", old="pr_warn", new="pr_debug", nth=2)
    pinned_first = text(PinnedRename(), function="blinker_toggle", old="pr_warn", new="pr_err", nth=1)
    renames_debug = text(Rename(), function="blinker_toggle", old="pr_debug", new="pr_notice")
    assert combine.batches([drop, pinned], SRC) == [[0, 1]]
    assert combine.run_order([drop, pinned]) == [1, 0]
    assert combine.batches([renames_debug, pinned], SRC) == [[0], [1]]  # it would rename what the pin writes
    assert combine.batches([pinned_first, pinned], SRC) == [[0], [1]]  # two pins in one function keep order


def test_same_pins_follows_the_lines_the_earlier_rules_moved():
    rule = 'position p : script:python() { p[0].line == "%d" };\n- pr_warn@p(es)\n'
    after = SRC.replace("\tb->on = !b->on;\n", "")
    line = next(n for n, ln in enumerate(SRC.splitlines(), 1) if 'pr_warn("toggled after' in ln)
    assert combine.same_pins(rule % line, SRC, rule % (line - 1), after)
    assert not combine.same_pins(rule % line, SRC, rule % line, after)
    changed = SRC.replace('pr_warn("toggled after', 'pr_err("toggled after')
    assert not combine.same_pins(rule % line, SRC, rule % line, changed)  # the pinned line itself changed


def test_a_line_left_with_fewer_words_is_the_share_of_the_rule_that_removes_them():
    drop_arg = (
        "@drop_arg@\nidentifier fn = blinker_rate;\nexpression list[1] es;\nexpression list rest;\n@@\n\n"
        "fn(...) {\n<...\npr_warn(es,\n- rate\n  rest)\n...>\n}\n"
    )
    const = Const().render(
        None,
        Plan(
            "const", "y", params_of({"function": "blinker_start", "type": "unsigned int", "name": "rate"}), Phase.CALLS
        ),
        None,
    )
    after = SRC.replace('pr_warn("rate %u too high\\n", rate);', 'pr_warn("rate %u too high\\n");').replace(
        "\tunsigned int rate = b->rate;\n\n\tif", "\tconst unsigned int rate = b->rate;\n\n\tif"
    )
    shares = combine.attribute([drop_arg, const], SRC, after)
    assert shares is not None and [len(x) for x in shares] == [1, 1]
    # a line that gained a word neither rule writes is nobody's
    assert combine.attribute([drop_arg, const], SRC, after.replace('high\\n");', 'high\\n", limit);')) is None


def test_a_comment_written_between_rules_does_not_end_their_pass(tmp_path):
    """A text edit that only writes a comment is made in its turn; the rules around it share one pass."""
    each, one = both(
        tmp_path,
        (Rename(), {"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}),
        (Note(), {"function": "blinker_start", "above": "\treturn 0;", "note": "started"}),
        (Const(), {"function": "blinker_toggle", "type": "unsigned int", "name": "now"}),
    )
    assert one[:3] == each[:3]
    assert [e[1:3] for e in one[1]] == [(Status.APPLIED, "")] * 3
    assert "\t/* started */\n\treturn 0;" in one[0][PATH] and "const unsigned int now" in one[0][PATH]
    assert passes(one[3]) == ["one-pass-01-rename-call-s1.cocci"]


def test_a_text_edit_that_changes_code_ends_the_pass(tmp_path):
    each, one = both(
        tmp_path,
        (Rename(), {"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}),
        (Note(), {"function": "blinker_start", "above": "\tb->on = true;", "note": ""}),
        (Const(), {"function": "blinker_toggle", "type": "unsigned int", "name": "now"}),
    )
    assert one[:3] == each[:3]
    assert "b->on = true" not in one[0][PATH]
    assert passes(one[3]) == ["01-rename-call-s1.cocci", "03-const-s3.cocci"]


def test_a_comment_written_next_to_a_later_rule_s_lines_ends_the_pass(tmp_path):
    """spatch, run alone after the comment, could print the rule's change on either side of it."""
    each, one = both(
        tmp_path,
        (Rename(), {"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}),
        (Note(), {"function": "blinker_start", "above": "\tb->on = true;", "note": "on"}),
        (Rename(), {"function": "blinker_start", "old": "writel", "new": "iowrite32"}),
    )
    assert one[:3] == each[:3]
    assert passes(one[3]) == ["01-rename-call-s1.cocci", "03-rename-call-s3.cocci"]


def test_a_rule_that_tidies_spatch_s_output_shares_the_pass_and_tidies_its_share(tmp_path):
    each, one = both(
        tmp_path,
        (TidyRename(), {"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}),
        (Const(), {"function": "blinker_start", "type": "unsigned int", "name": "rate"}),
        (Rename(), {"function": "blinker_rate", "old": "pr_warn", "new": "pr_err"}),
    )
    assert one[:3] == each[:3]
    assert '\tpr_info ("blinker stopped' in one[0][PATH] and '\tpr_err("rate' in one[0][PATH]
    assert passes(one[3]) == ["one-pass-01-rename-tidied-s1.cocci"]


def test_batches_keep_a_rule_that_removes_lines_off_the_next_rule_s_lines():
    """A removed line next to a renamed one is one diff hunk of both: no rule could be given it."""
    drop = Drop().render(
        None, Plan("d", "a", params_of({"function": "blinker_toggle", "statement": "b->on = !b->on;"}), Phase.CALLS),
        None)
    debug = Rename().render(
        None, Plan("r", "b", params_of({"function": "blinker_toggle", "old": "pr_debug", "new": "pr_info"}),
                   Phase.CALLS), None)
    far = Rename().render(
        None, Plan("r", "c", params_of({"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}), Phase.CALLS),
        None)
    assert combine.batches([drop, debug], SRC) == [[0], [1]]
    assert combine.batches([debug, drop], SRC) == [[0], [1]]
    assert combine.batches([drop, far], SRC) == [[0, 1]]


def test_batches_keep_a_rule_reading_what_an_earlier_one_writes_apart():
    """spatch matches a pass's later rules on the parse: a word an earlier rule wrote is not there yet."""
    rename = Rename().render(
        None, Plan("r", "a", params_of({"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}), Phase.CALLS),
        None)
    after_info = ("@r@\nidentifier fn = blinker_stop;\n@@\n\nfn(...) {\n<...\n pr_info(...);\n"
                  "- b->on = false;\n+ b->on = 0;\n...>\n}\n")
    after_warn = after_info.replace("pr_info", "pr_warn")
    after_writel = after_info.replace("pr_info(...);\n", "writel(...);\n pr_warn(...);\n")
    assert combine.batches([rename, after_info], SRC) == [[0], [1]]      # written by the rename
    assert combine.batches([rename, after_warn], SRC) == [[0], [1]]      # taken away by it
    assert combine.batches([rename, after_writel], SRC) == [[0], [1]]
    assert combine.batches([rename, after_info.replace(" pr_info(...);\n", " writel(...);\n")], SRC) == [[0, 1]]


def test_only_rules_whose_hunks_can_be_told_apart_join_a_pass():
    rename = Rename().render(
        None, Plan("r", "a", params_of({"function": "blinker_stop", "old": "pr_warn", "new": "pr_info"}), Phase.CALLS),
        None)
    assert combine.attributable(rename)
    assert not combine.attributable("@r@\nexpression E;\n@@\n- E\n+ !E\n")
    with_options = "#spatch --max-width 200\n\n" + rename
    assert combine.options(with_options) == ["#spatch --max-width 200"] and combine.options(rename) == []
    assert combine.merge([with_options, rename]).startswith("#spatch --max-width 200\n")


def test_carried_makes_a_share_on_a_text_changed_elsewhere():
    before = SRC
    after = SRC.replace('pr_warn("blinker stopped', 'pr_info("blinker stopped')
    share = combine.hunks(before, after)
    noted = SRC.replace("\tb->on = true;\n", "\t/* on */\n\tb->on = true;\n")
    assert combine.carried(before, noted, after, share) == noted.replace('pr_warn("blinker', 'pr_info("blinker')
    # the line next to the share changed: not carried
    touched = SRC.replace("\tb->on = false;\n", "\t/* off */\n\tb->on = false;\n")
    assert combine.carried(before, touched, after, share) is None


def test_comments_only_tells_comments_from_code():
    assert combine.comments_only("a = 1;\n", "/* one */\na = 1; // still\n")
    assert not combine.comments_only("a = 1;\n", "a = 2;\n")
    assert not combine.comments_only('s = "/* x */";\n', 's = "";\n')


def test_a_pass_runs_a_pinned_rule_without_python_when_the_pin_can_be_loosened(tmp_path):
    """The pinned rename, loosened, renames both pr_warn() calls of blinker_toggle(); the pass keeps the
    change on the pinned line only: the result of the pinned rule run alone."""
    each, one = both(
        tmp_path,
        (PinnedRename(), {"function": "blinker_toggle", "old": "pr_warn", "new": "pr_err", "nth": 2}),
        (Const(), {"function": "blinker_start", "type": "unsigned int", "name": "rate"}),
    )
    assert one[:3] == each[:3]
    assert '\tpr_warn("toggled\\n");\n\tpr_err("toggled after' in one[0][PATH]
    assert passes(one[3]) == ["one-pass-01-rename-one-call-s1.cocci"]
    merged = (one[3] / "fast" / "rules" / "one-pass-01-rename-one-call-s1.cocci").read_text()
    assert "script:python" not in merged and "- pr_warn(es)" in merged
    assert "script:python" in one[1][0][4]          # the rule reported (and written out) keeps its pin


def test_a_pinned_rule_run_alone_is_loosened_and_keeps_its_change_on_the_pinned_line(tmp_path):
    ps = planned((PinnedRename(), {"function": "blinker_toggle", "old": "pr_warn", "new": "pr_err", "nth": 1}))
    texts, edits = A.apply(render(ps), ps, {PATH: SRC}, tmp_path, one_pass=False)
    assert texts[PATH] == SRC.replace('\tpr_warn("toggled\\n");', '\tpr_err("toggled\\n");')
    assert [e.status for e in edits] == [Status.APPLIED] and "script:python" in edits[0].rule.text
    ran = (tmp_path / "fast" / "rules" / "01-rename-one-call-s1.cocci").read_text()
    assert "script:python" not in ran                   # spatch started no Python for it


def test_a_loosened_rule_s_change_on_the_line_next_to_the_pinned_one_is_left_out(tmp_path):
    """Loosened, the rule also renames the two calls on the line above: that line is not the rule's."""
    src = SRC.replace('\tpr_warn("toggled\\n");\n', '\tpr_warn("toggled\\n"); pr_warn("twice\\n");\n')
    ps = planned((PinnedRename(), {"function": "blinker_toggle", "old": "pr_warn", "new": "pr_err", "nth": 2}))
    ps = [Planned(p.suggestion, p.recipe, p.plan, CodeContext(PATH, src, "blinker_toggle"), key=p.key) for p in ps]
    texts, edits = A.apply(render(ps), ps, {PATH: src}, tmp_path, one_pass=False)
    line = next(n for n, ln in enumerate(src.splitlines(), 1) if 'pr_warn("toggled after' in ln)
    assert f'p[0].line == "{line}"' in edits[0].rule.text
    assert texts[PATH] == src.replace('pr_warn("toggled after', 'pr_err("toggled after')


def test_lines_added_above_written_code_are_placed_by_that_code():
    """A rule that adds a comment above a statement it writes out (not `S@p`) changes the lines of
    that statement, not anywhere in its function; it shares a pass with a rule in another function
    that takes away a word it reads (spatch matches each function's own code)."""
    note = ("@add_comment@\nidentifier fn = blinker_stop;\n@@\n\n"
            'fn(...) {\n<...\n+/* a warning is enough here */\n\tpr_warn("blinker stopped\\n");\n...>\n}\n')
    sh = combine.shape(note)
    assert not sh.anywhere and sh.confined and sh.anchors == [frozenset({"pr_warn", "blinker", "stopped", "n"})]
    assert combine.region(sh, SRC) == {SRC.splitlines().index('\tpr_warn("blinker stopped\\n");') + 1}
    rate = Rename().render(
        None,
        Plan("r", "a", params_of({"function": "blinker_rate", "old": "pr_warn", "new": "pr_info"}), Phase.CALLS),
        None,
    )
    assert combine.batches([rate, note], SRC) == [[0, 1]]
    # the same comment above a statement of blinker_rate reads what the rename there takes away
    there = note.replace("blinker_stop", "blinker_rate").replace('"blinker stopped\\n"', '"rate %u too high\\n", rate')
    assert combine.batches([rate, there], SRC) == [[0], [1]]
