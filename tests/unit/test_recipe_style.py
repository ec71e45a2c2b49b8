"""Layout requests on the quoted lines: join, align, whitespace, blank lines, reverse xmas tree, and the
comment asked for in words.  Each edit changes exactly the quoted lines, and nothing is done when the
evidence does not settle the edit."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes import _style as S
from cocci.recipes.align_continuation import aligned
from cocci.recipes.blank_line import asked
from cocci.recipes.whitespace import fixed, what
from patches.model import Response, Status
from tests.unit.kinds_support import pipeline, sugg

PATH = "drivers/hwmon/gpio_fan.c"
SRC = (Path(__file__).resolve().parent.parent / "data" / "c" / "style" / "gpio_fan.c").read_text()


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str, response: Response = Response.NONE,
        text: str = SRC):
    s = sugg(PATH, fn, quoted, comment, answer="", response=response)
    after, rules, edits = pipeline(tmp_path, PATH, text, [s])
    return s, after, rules


def changed(before: str, after: str) -> list[tuple[str, str]]:
    """(removed, added) line pairs of a one-hunk change, for exact before/after checks."""
    import difflib
    out = []
    for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if ln.startswith(("---", "+++", "@@")):
            continue
        out.append(ln)
    return out


# ---------------------------------------------------------------- join

@pytest.mark.parametrize("comment", ["This fits on one line, no need to split.", "Nit: one line please",
                                     "unwrap", "No need to break this line."])
def test_join_a_needlessly_split_call(tmp_path, comment):
    s, after, rules = run(tmp_path, "fan_ctrl_set_speed",
                          ["+\tret = gpiod_set_value_cansleep(fan->enable,", "+\t\t\tspeed > 0);"], comment)
    assert (s.kind, s.status) == ("join-line", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["-\tret = gpiod_set_value_cansleep(fan->enable,", "-\t\t\tspeed > 0);",
                                   "+\tret = gpiod_set_value_cansleep(fan->enable, speed > 0);"]
    assert rules[0].name == "01-join-line-line-20.cocci"


def test_join_refused_when_the_line_would_be_too_long(tmp_path):
    long = SRC.replace("fan->flags = FAN_FLAG_ACTIVE |\n\t\t\tFAN_FLAG_MANUAL;",
                       "fan->flags = FAN_FLAG_ACTIVE_AND_RUNNING_AT_FULL |\n\t\t\tFAN_FLAG_MANUAL_OVERRIDE;")
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\tfan->flags = FAN_FLAG_ACTIVE_AND_RUNNING_AT_FULL |",
                                                       "+\t\t\tFAN_FLAG_MANUAL_OVERRIDE;"],
                      "Fits on one line.", Response.ACCEPTED, text=long)
    assert s.status == Status.MANUAL and "would be 84 columns, over the limit of 80" in s.reason
    assert after == long


def test_does_not_fit_asks_for_nothing(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\tfan->flags = FAN_FLAG_ACTIVE |", "+\t\t\tFAN_FLAG_MANUAL;"],
                      "I know this doesn't fit on one line, fine as is.")
    assert s.kind != "join-line" and after == SRC


# ---------------------------------------------------------------- align

@pytest.mark.parametrize("comment", ["Alignment should match open parenthesis.", "Please align the continuation line.",
                                     "indent properly"])
def test_align_to_the_open_parenthesis(tmp_path, comment):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed",
                      ["+\tret = gpiod_set_value_cansleep(fan->enable,", "+\t\t\tspeed > 0);"], comment)
    assert (s.kind, s.status) == ("align-continuation", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["-\t\t\tspeed > 0);", "+\t\t\t\t       speed > 0);"]


def test_align_an_assignment_under_its_first_operand(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\tfan->flags = FAN_FLAG_ACTIVE |", "+\t\t\tFAN_FLAG_MANUAL;"],
                      "Please align this with the line above.")
    assert (s.kind, s.status) == ("align-continuation", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["-\t\t\tFAN_FLAG_MANUAL;", "+\t\t     FAN_FLAG_MANUAL;"]


def test_a_snippet_is_not_claimed(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\tfan->flags = FAN_FLAG_ACTIVE |", "+\t\t\tFAN_FLAG_MANUAL;"],
                      "This should be indented like this:\n\tfan->flags = FAN_FLAG_ACTIVE |\n\t\t     FAN_FLAG_MANUAL;")
    assert s.kind != "align-continuation"


# a patch that changed the return type left the header's continuation line four columns off
RETYPED = SRC.replace("static ssize_t fan_ctrl_show(struct device *dev,",
                      "static int fan_ctrl_show(struct device *dev,")


@pytest.mark.parametrize("comment", ["please realign it with the opening parenthesis",
                                     "Alignment should match open parenthesis."])
def test_align_the_parameter_list_of_a_function_header(tmp_path, comment):
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+static int fan_ctrl_show(struct device *dev, "
                                                  "struct device_attribute *attr,", " \t\t\t     char *buf)"],
                      comment, text=RETYPED)
    assert (s.kind, s.status) == ("align-continuation", Status.APPLIED), s.reason
    assert changed(RETYPED, after) == ["-\t\t\t     char *buf)", "+\t\t\t char *buf)"]


def test_join_a_function_header_that_fits_on_one_line(tmp_path):
    short = SRC.replace("struct device_attribute *attr,\n\t\t\t     char *buf)", "int a,\n\t\t\t     char *buf)")
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+static ssize_t fan_ctrl_show(struct device *dev, int a,",
                                                  "+\t\t\t     char *buf)"], "This fits on one line.", text=short)
    assert (s.kind, s.status) == ("join-line", Status.APPLIED), s.reason
    assert changed(short, after) == ["-static ssize_t fan_ctrl_show(struct device *dev, int a,",
                                     "-\t\t\t     char *buf)",
                                     "+static ssize_t fan_ctrl_show(struct device *dev, int a, char *buf)"]


def test_aligned_nested_parentheses():
    lines = ["\tret = regmap_update_bits(map, REG,", "\t\tCTRL_EN | MODE(f(a,", "  b)),", "   0);"]
    assert [ln.expandtabs(8) for ln in aligned(lines)] == [
        "        ret = regmap_update_bits(map, REG,",
        "                                 CTRL_EN | MODE(f(a,",
        "                                                  b)),",
        "                                 0);"]


# ---------------------------------------------------------------- whitespace

def test_stray_whitespace_before_the_assignment(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\tfan->speed  = speed;"], "stray whitespace before =")
    assert (s.kind, s.status) == ("whitespace", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["-\tfan->speed  = speed;", "+\tfan->speed = speed;"]


def test_space_after_for(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+\tfor(i = 0; i < FAN_LEVELS; i++)"], "Missing space after for.")
    assert (s.kind, s.status) == ("whitespace", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["-\tfor(i = 0; i < FAN_LEVELS; i++)", "+\tfor (i = 0; i < FAN_LEVELS; i++)"]


def test_a_space_after_a_name_is_never_put_before_its_comma():
    """Before: "There's a tab instead of a space after 'client,'." made `client ,\t0x10`."""
    line = "\tret = i2c_smbus_write_byte_data(client,\t0x10, val);"
    assert fixed(line, "after", "client") == line
    assert fixed("\tfoo(a,b);", "after", ",") == "\tfoo(a, b);"


def test_a_tab_instead_of_a_space_after_a_quoted_name_and_comma_is_manual(tmp_path):
    text = ("static int qx_reset(struct i2c_client *client)\n{\n"
            "\treturn i2c_smbus_write_byte_data(client,\t0x10, 0);\n}\n")
    s, after, _ = run(tmp_path, "qx_reset", ["+\treturn i2c_smbus_write_byte_data(client,\t0x10, 0);"],
                      "There's a tab instead of a space after 'client,'.", Response.ACCEPTED, text)
    assert after == text
    assert (s.status, s.reason) == (Status.MANUAL, "whitespace: the quoted lines show no after whitespace to fix at "
                                                   "`client`")


def test_a_fault_the_quote_does_not_show_is_manual(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\treturn 0;"], "double space here", Response.ACCEPTED)
    assert s.status == Status.MANUAL and "no collapse whitespace" in s.reason and after == SRC


@pytest.mark.parametrize("comment,want", [
    ("stray whitespace before =", ("before", "=")), ("Trailing whitespace.", ("trailing", "")),
    ("no space before (", ("before", "(")), ("nit: two spaces", ("collapse", "")),
    ("please put a space after the comma", ("after", ",")), ("Looks good to me", None)])
def test_whitespace_wordings(comment, want):
    assert what(comment) == want


def test_strings_and_comments_keep_their_blanks():
    assert fixed('\tpr_info("a  b",  x);  /* a  b */', "collapse", "") == '\tpr_info("a  b", x);  /* a  b */'
    assert fixed("\tif (x && foo (y))", "before", "(") == "\tif (x && foo(y))"


# ---------------------------------------------------------------- blank lines

def test_add_an_empty_line_before_the_named_call(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_probe", ["+\tplatform_set_drvdata(pdev, fan);"],
                      "Nit: add an empty line before kfree().")
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["+"]
    assert "\tplatform_set_drvdata(pdev, fan);\n\n\tkfree(fan->dev->platform_data);\n" in after


def test_blank_line_before_the_switch(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_probe", ["+\tif (IS_ERR(fan->enable))", "+\t\treturn PTR_ERR(fan->enable);"],
                      "Please add a blank line before the switch.")
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert "\t\treturn PTR_ERR(fan->enable);\n\n\tswitch (fan->flags) {\n" in after
    assert len(after.splitlines()) == len(SRC.splitlines()) + 1


@pytest.mark.parametrize("comment", ["Add a blank line before the return.", "Please add a blank line before this."])
def test_no_blank_line_between_an_unbraced_if_and_its_body(tmp_path, comment):
    """The return that is the whole body of the unbraced if above it gets no blank line over it (one went
    between `if (IS_ERR(fan->enable))` and its return, and was said applied)."""
    s, after, _ = run(tmp_path, "fan_ctrl_probe", ["+\tif (IS_ERR(fan->enable))", "+\t\treturn PTR_ERR(fan->enable);"]
                      if "this" not in comment else ["+\t\treturn PTR_ERR(fan->enable);"], comment)
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert s.reason == ("blank-line: the statement on line 59 is the whole body of the unbraced if above it: "
                        "a blank line between them would split the statement"), s.reason
    assert after == SRC


@pytest.mark.parametrize("comment", ["Add a blank line before the return.", "Missing blank line after the if."])
def test_no_blank_line_under_a_condition_over_two_lines(tmp_path, comment):
    """The if's condition goes on over two lines: its body still gets no blank line over it."""
    text = SRC.replace("\tif (IS_ERR(fan->enable))\n", "\tif (IS_ERR(fan->enable) ||\n\t    !fan->dev)\n")
    quoted = ["+\tif (IS_ERR(fan->enable) ||", "+\t    !fan->dev)", "+\t\treturn PTR_ERR(fan->enable);"]
    s, after, _ = run(tmp_path, "fan_ctrl_probe", quoted, comment, text=text)
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert s.reason == ("blank-line: the statement on line 60 is the whole body of the unbraced if above it: "
                        "a blank line between them would split the statement"), s.reason
    assert after == text


@pytest.mark.parametrize("comment, want", [
    ("Missing blank line after this.", "\t\treturn PTR_ERR(fan->enable);\n\n\tswitch (fan->flags) {\n"),
    ("Please add a blank line before this.", "\tfan->dev = &pdev->dev;\n\n\tfan->enable = devm_gpiod_get("),
])
def test_a_blank_line_before_or_after_this_is_about_the_quoted_statements(tmp_path, comment, want):
    """"this" names the quoted code: the blank line goes before its first statement or after its last (it was
    looked for as a call named "this")."""
    quoted = ["+\tfan->enable = devm_gpiod_get(&pdev->dev, \"enable\",", "+\t\t\t\t     GPIOD_OUT_LOW);",
              "+\tif (IS_ERR(fan->enable))", "+\t\treturn PTR_ERR(fan->enable);"]
    text = SRC.replace("\tfan->dev = &pdev->dev;\n\n", "\tfan->dev = &pdev->dev;\n")
    s, after, _ = run(tmp_path, "fan_ctrl_probe", quoted, comment, text=text)
    assert (s.kind, s.status, s.reason) == ("blank-line", Status.APPLIED, "")
    assert want in after
    assert len(after.splitlines()) == len(text.splitlines()) + 1


def test_drop_the_blank_line(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_probe", ["+\tfan->dev = &pdev->dev;", "+"], "Drop this blank line.")
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert "\tfan->dev = &pdev->dev;\n\tfan->enable = devm_gpiod_get" in after
    assert len(after.splitlines()) == len(SRC.splitlines()) - 1


DOUBLED = SRC.replace("\tfan->dev = &pdev->dev;\n\n", "\tfan->dev = &pdev->dev;\n\n\n")


@pytest.mark.parametrize("comment", ["nit: extra blank line", "Please remove the second empty line.",
                                     "Double blank line.", "nit: two blank lines", "One blank line is enough."])
def test_one_of_two_blank_lines_in_a_row_goes(tmp_path, comment):
    """A quote with several blank lines, one pair of them doubled: before, "which one to drop is not
    clear" (manual) although only the doubled one is a fault; now one line of the pair goes."""
    quoted = ["+\tif (!fan)", "+\t\treturn -ENOMEM;", "+", "+\tfan->dev = &pdev->dev;", "+", "+",
              "+\tfan->enable = devm_gpiod_get(&pdev->dev, \"enable\","]
    s, after, _ = run(tmp_path, "fan_ctrl_probe", quoted, comment, text=DOUBLED)
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert after == SRC


def test_two_doubled_blank_lines_stay_manual(tmp_path):
    text = DOUBLED.replace("\t\treturn -ENOMEM;\n\n", "\t\treturn -ENOMEM;\n\n\n")
    quoted = ["+\tif (!fan)", "+\t\treturn -ENOMEM;", "+", "+", "+\tfan->dev = &pdev->dev;", "+", "+",
              "+\tfan->enable = devm_gpiod_get(&pdev->dev, \"enable\","]
    s, after, _ = run(tmp_path, "fan_ctrl_probe", quoted, "nit: extra blank line", text=text)
    assert s.status == Status.MANUAL and after == text


@pytest.mark.parametrize("comment,want", [
    ("Nit: add empty line before kfree().", ("before", "kfree()")),
    ("blank line after the declarations please", ("after", "<declarations>")),
    ("no need for the empty line", ("drop", "")), ("the line is too long", None)])
def test_blank_line_wordings(comment, want):
    assert asked(comment) == want


# ---------------------------------------------------------------- reverse xmas tree

def test_reverse_xmas_tree(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+\tint i;", "+\tssize_t count = 0;"],
                      "Reverse xmas tree order, please.")
    assert (s.kind, s.status) == ("reverse-xmas-tree", Status.APPLIED), s.reason
    assert ("\tstruct fan_ctrl *fan = dev_get_drvdata(dev);\n\tunsigned long flags;\n\tssize_t count = 0;\n"
            "\tint i;\n\n\tfor(") in after
    assert sorted(after.splitlines()) == sorted(SRC.splitlines())


def test_netdevs_rct_asks_for_reverse_xmas_tree(tmp_path):
    s, _, _ = run(tmp_path, "fan_ctrl_show", ["+\tint i;", "+\tssize_t count = 0;"], "nit: RCT")
    assert (s.kind, s.status) == ("reverse-xmas-tree", Status.APPLIED), s.reason


@pytest.mark.parametrize("comment", ["Why move i down? Longest line first please, as it was.",
                                     "Please order the declarations longest to shortest.",
                                     # netdev's shorthand: before, a remark that asked for nothing
                                     "rev xmas", "Rev. xmas tree please."])
def test_the_order_asked_for_in_words_is_reverse_xmas_tree(tmp_path, comment):
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+\tint i;", "+\tssize_t count = 0;"], comment)
    assert (s.kind, s.status) == ("reverse-xmas-tree", Status.APPLIED), s.reason
    assert "\tssize_t count = 0;\n\tint i;\n" in after


def test_longest_in_other_senses_is_no_order_request(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+\tint i;", "+\tssize_t count = 0;"],
                      "Which of the timeouts is the longest? The first one?")
    assert s.kind != "reverse-xmas-tree" and after == SRC


def test_reverse_xmas_tree_keeps_a_dependency_or_stays_manual(tmp_path):
    text = SRC.replace("\tint i;\n\tssize_t count = 0;\n",
                       "\tint i;\n\tstruct device *parent_device_of_this_fan = fan->dev;\n")
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+\tstruct device *parent_device_of_this_fan = fan->dev;"],
                      "reverse christmas tree", Response.ACCEPTED, text=text)
    assert s.status == Status.MANUAL and "reads fan, which the order would put after it" in s.reason and after == text


# ---------------------------------------------------------------- comments asked for in words

def test_either_or_comment_goes_above_the_case_the_review_names(tmp_path):
    s, after, rules = run(tmp_path, "fan_ctrl_probe", ["+\t\tfan->speed = 0;", "+\t\tbreak;"],
                          "I'd suggest either using FAN_MODE_ANY here or adding a comment to point out "
                          "that boost mode ignores the speed table.")
    assert (s.kind, s.status) == ("add-comment", Status.APPLIED), s.reason
    assert changed(SRC, after) == ["+\t/* Boost mode ignores the speed table */"]
    assert "\t\tbreak;\n\t/* Boost mode ignores the speed table */\n\tcase FAN_MODE_BOOST:\n" in after


def test_comment_goes_above_the_quoted_line(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\tif (ret)", "+\t\treturn ret;"],
                      "Please add a comment that a failed write leaves the fan running.")
    assert (s.kind, s.status) == ("add-comment", Status.APPLIED), s.reason
    assert "\t/* A failed write leaves the fan running */\n\tif (ret)\n" in after


def test_a_comment_without_its_content_is_manual(tmp_path):
    s, after, _ = run(tmp_path, "fan_ctrl_set_speed", ["+\tif (ret)", "+\t\treturn ret;"],
                      "Please add a comment explaining why.", Response.ACCEPTED)
    assert s.status == Status.MANUAL and "does not say what" in s.reason and after == SRC


# ---------------------------------------------------------------- helpers

def test_line_limit_follows_the_file():
    assert S.line_limit(SRC) == 80
    wide = "\n".join(f"\tx{i} = some_function_with_a_long_name(argument_one, argument_two, argument_3);"
                     for i in range(5))
    assert S.line_limit(wide) == 100


# ---------------------------------------------------------------- braces for symmetry

def test_braces_for_symmetry_on_the_else_branch(tmp_path):
    text = SRC.replace("\tif (count > 0)\n\t\tbuf[count - 1] = '\\n';\n",
                       "\tif (count > 0) {\n\t\tbuf[count - 1] = '\\n';\n\t\tcount++;\n\t} else\n\t\tcount = 0;\n")
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+\t} else", "+\t\tcount = 0;"],
                      "Please use braces on the else branch too, for symmetry.", text=text)
    assert (s.kind, s.status) == ("add-braces", Status.APPLIED), s.reason
    assert "\t} else {\n\t\tcount = 0;\n\t}\n" in after


def test_symmetry_about_a_call_is_not_braces(tmp_path):
    text = SRC.replace("\tif (count > 0)\n\t\tbuf[count - 1] = '\\n';\n",
                       "\tif (count > 0) {\n\t\tbuf[count - 1] = '\\n';\n\t\tcount++;\n\t} else\n\t\tcount = 0;\n")
    s, after, _ = run(tmp_path, "fan_ctrl_show", ["+\t} else", "+\t\tcount = 0;"],
                      "For symmetry, call fan_ctrl_reset() in the else branch as well.", text=text)
    assert s.kind != "add-braces"


BLANK_BETWEEN = """\
static int qx_probe(struct platform_device *pdev)
{
\tstruct qx *q = platform_get_drvdata(pdev);

\tq->wdd.parent = &pdev->dev;

\twatchdog_set_drvdata(&q->wdd, q);
\treturn 0;
}
"""


def test_drop_the_blank_line_under_a_quote_narrowed_past_it_never_drops_a_statement(tmp_path):
    """The review stage narrows the quote to the lines right above the comment (after the blank one): the
    blank line is found in the whole quote, and the statement under it is no removal."""
    from tests.unit.kinds_support import hunks, pipeline, sugg
    path = "drivers/watchdog/qx.c"
    s = sugg(path, "qx_probe", ["+\twatchdog_set_drvdata(&q->wdd, q);"], "Drop the blank line.")
    s.quote = ["\tq->wdd.parent = &pdev->dev;", "", "\twatchdog_set_drvdata(&q->wdd, q);"]
    after, _, _ = pipeline(tmp_path, path, BLANK_BETWEEN, [s])
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert [h for h in hunks(path, BLANK_BETWEEN, after) if h[:1] in "+-"] == ["-"]
    assert "\tq->wdd.parent = &pdev->dev;\n\twatchdog_set_drvdata(&q->wdd, q);\n" in after


def test_the_blank_line_inside_a_narrowed_quote_goes_not_the_one_after_it(tmp_path):
    """The quote holds a blank line above the lines it was narrowed to, and another follows them: the
    one the reviewer quoted goes, never the one below the quote."""
    from tests.unit.kinds_support import hunks, pipeline, sugg
    path = "drivers/watchdog/qx.c"
    text = BLANK_BETWEEN.replace("\twatchdog_set_drvdata(&q->wdd, q);\n", "\twatchdog_set_drvdata(&q->wdd, q);\n\n")
    s = sugg(path, "qx_probe", ["+\twatchdog_set_drvdata(&q->wdd, q);"], "Drop the blank line.")
    s.quote = ["\tq->wdd.parent = &pdev->dev;", "", "\twatchdog_set_drvdata(&q->wdd, q);"]
    after, _, _ = pipeline(tmp_path, path, text, [s])
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert [h for h in hunks(path, text, after) if h[:1] in "+-"] == ["-"]
    assert "\tq->wdd.parent = &pdev->dev;\n\twatchdog_set_drvdata(&q->wdd, q);\n\n\treturn 0;\n" in after


def test_an_empty_line_in_the_log_is_no_blank_line_of_the_source():
    from cocci.recipes.blank_line import asked
    assert asked("Nit: no need for the empty line in the log, you can drop this.") is None
    assert asked("Nit: no need for the empty line here.") == ("drop", "")


@pytest.mark.parametrize("comment", ["Use tabs for indentation.", "Please indent with tabs, not spaces.",
                                     "WARNING: code indent should use tabs where possible"])
def test_an_indentation_of_spaces_is_written_with_tabs(tmp_path, comment):
    from tests.unit.kinds_support import hunks, pipeline, sugg
    src = "static int qx_set(struct qx *q, int mode)\n{\n\tif (mode > 3)\n\t\treturn -EINVAL;\n" \
          "        q->mode = mode;\n\treturn 0;\n}\n"
    s = sugg("drivers/misc/qx.c", "qx_set", ["+        q->mode = mode;"], comment, lines=(5, 5))
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", src, [s])
    assert (s.kind, s.status) == ("whitespace", Status.APPLIED), s.reason
    assert [h for h in hunks("drivers/misc/qx.c", src, after) if h[:1] in "+-"] == [
        "-        q->mode = mode;", "+\tq->mode = mode;"]


def test_the_blank_line_above_the_quoted_line_goes(tmp_path):
    from tests.unit.kinds_support import hunks, pipeline, sugg
    src = "static int qx_set(struct qx *q, int mode)\n{\n\tq->mode = mode;\n\n\twritel(mode, q->base);\n" \
          "\treturn 0;\n}\n"
    s = sugg("drivers/misc/qx.c", "qx_set", ["+\twritel(mode, q->base);"], "Remove the blank line above.",
             lines=(5, 5))
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", src, [s])
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert [h for h in hunks("drivers/misc/qx.c", src, after) if h[:1] in "+-"] == ["-"]
    assert "\tq->mode = mode;\n\twritel(mode, q->base);\n" in after


def test_the_blank_line_above_a_quoted_block_goes_not_the_one_under_it(tmp_path):
    """"Drop the blank line above" under a quoted if block with blank lines above and below it: the one
    above goes."""
    from tests.unit.kinds_support import hunks, pipeline, sugg
    src = "static int qx_set(struct qx *q, int mode)\n{\n\tq->mode = mode;\n\n\tif (mode > 3) {\n" \
          "\t\tmode = 3;\n\t\tq->clamped = true;\n\t}\n\n\twritel(mode, q->base);\n\treturn 0;\n}\n"
    quoted = ["+\tif (mode > 3) {", "+\t\tmode = 3;", "+\t\tq->clamped = true;", "+\t}"]
    s = sugg("drivers/misc/qx.c", "qx_set", quoted, "Nit: the braces are fine, but please drop the blank line above.",
             lines=(5, 8))
    s.quote = [q[1:] for q in quoted]
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", src, [s])
    assert (s.kind, s.status) == ("blank-line", Status.APPLIED), s.reason
    assert "\tq->mode = mode;\n\tif (mode > 3) {\n" in after
    assert "\t}\n\n\twritel(mode, q->base);\n" in after
    assert [h for h in hunks("drivers/misc/qx.c", src, after) if h[:1] in "+-"] == ["-"]


@pytest.mark.parametrize(("quoted", "lines"), [("\tfor (i = 0; i < 4; i++)", (6, 6)), ("", (5, 6))])
def test_the_blank_line_after_the_declarations_is_kept(tmp_path, quoted, lines):
    """Dropping it would break kernel style (checkpatch wants a blank line after the declarations)."""
    from tests.unit.kinds_support import pipeline, sugg
    src = "static void qx_fill(struct qx *q)\n{\n\tint i;\n\tu32 v = 0;\n\n\tfor (i = 0; i < 4; i++)\n" \
          "\t\twritel(v, q->base);\n}\n"
    s = sugg("drivers/misc/qx.c", "qx_fill", ["+" + ln for ln in src.splitlines()[lines[0] - 1:lines[1]]],
             "Remove the blank line above." if quoted else "Drop this blank line.", lines=lines)
    after, _, _ = pipeline(tmp_path, "drivers/misc/qx.c", src, [s])
    assert after == src and s.status == Status.MANUAL
    assert "blank-line: the blank line ends the declarations" in s.reason
