"""drop-argument, drop-cast, swap-values: small structural edits the comment names, pinned to the quoted line."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import KINDS, hunks, pipeline, sugg

PATH = "fs/qfs/quota.c"
SRC = (KINDS / "quota_scan.c").read_text()
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

CALL = ["+		qfs_warn(sb, __func__, \"quota exceeded: %lu of %lu blocks\",",
        "+			 (unsigned long)q->used, q->limit);"]


def test_argument_the_macro_adds_itself_is_dropped(tmp_path):
    s = sugg(PATH, "qfs_check_quota", CALL,
             "qfs_warn() already adds the function name, there is no need to pass __func__ here.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-argument"), s.reason
    # one qfs_warn() call in the function: no line pin needed
    assert "\nqfs_warn(es,\n- __func__,\n  rest)" in rules[0].text
    assert "script:python" not in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -21,7 +21,7 @@",
        " static int qfs_check_quota(struct super_block *sb, struct qfs_quota *q, u64 blocks)",
        " {",
        " \tif (q->used + blocks > q->limit) {",
        "-\t\tqfs_warn(sb, __func__, \"quota exceeded: %lu of %lu blocks\",",
        "+\t\tqfs_warn(sb, \"quota exceeded: %lu of %lu blocks\",",
        " \t\t\t (unsigned long)q->used, q->limit);",
        " \t\treturn -EDQUOT;",
        " \t}",
    ]


def test_argument_and_cast_from_one_comment(tmp_path):
    s = sugg(PATH, "qfs_check_quota", CALL,
             "qfs_warn() does not require __func__ to be passed.\n\n"
             "Also, used is already unsigned long, so the typecast is not necessary.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert [r.kind for r in rules] == ["drop-argument", "drop-cast"]
    assert hunks(PATH, SRC, after)[4:8] == [
        "-\t\tqfs_warn(sb, __func__, \"quota exceeded: %lu of %lu blocks\",",
        "-\t\t\t (unsigned long)q->used, q->limit);",
        "+\t\tqfs_warn(sb, \"quota exceeded: %lu of %lu blocks\",",
        "+\t\t\t q->used, q->limit);",
    ]
    # the same call shape in qfs_report() and the other cast of the function stay
    assert "(unsigned long)blocks;" in after and "qfs_warn(sb, __func__, \"over quota" in after


def test_argument_not_named_with_its_callee_is_left_alone(tmp_path):
    s = sugg(PATH, "qfs_check_quota", CALL, "No need for __func__, the message says enough.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (rules, after) == ([], SRC)


PRINTED = SRC.replace('qfs_warn(sb, __func__, "quota exceeded: %lu of %lu blocks",',
                      'qfs_warn(sb, "%s: quota exceeded: %lu of %lu blocks", __func__,')


@pytest.mark.parametrize("comment", ["No need to pass __func__ to qfs_warn().",
                                     "Drop __func__, qfs_warn() already says which filesystem."])
def test_an_argument_the_format_prints_is_manual_and_the_call_stays(tmp_path, comment):
    """__func__ after the format is what its %s prints: before, "No need to pass" dropped the argument and
    left the %s without one, and "Drop __func__, qfs_warn() ..." removed the whole print."""
    call = ['+\t\tqfs_warn(sb, "%s: quota exceeded: %lu of %lu blocks", __func__,',
            "+\t\t\t (unsigned long)q->used, q->limit);"]
    s = sugg(PATH, "qfs_check_quota", call, comment)
    after, rules, _ = pipeline(tmp_path, PATH, PRINTED, [s])
    assert after == PRINTED and s.status == Status.MANUAL
    if comment.startswith("No need"):
        assert "__func__ is printed by the %s of qfs_warn()'s format: the conversion and the words around it go " \
               "with it, which is for the author to word" in s.reason


def test_argument_of_a_function_of_the_patch_is_manual(tmp_path):
    src = SRC.replace("static int qfs_report(", "static int qfs_mark(struct qfs_quota *q, int why)\n{\n"
                      "\treturn why;\n}\n\nstatic int qfs_report(")
    src = src.replace("\tq->used += (unsigned long)blocks;", "\tqfs_mark(q, 0);\n\tq->used += (unsigned long)blocks;")
    s = sugg(PATH, "qfs_check_quota", ["+	qfs_mark(q, 0);"], "qfs_mark() does not need the 0 passed; drop q too")
    _, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert rules == [] and s.status == Status.MANUAL
    assert "qfs_mark() is a function of the patch with 2 parameter(s)" in s.reason


def test_cast_named_by_its_operand_among_two(tmp_path):
    s = sugg(PATH, "qfs_report", ["+	return over ? -EDQUOT : min_t(int, (int)blocks, 0);",
                                  ],
             "Casting blocks is unnecessary, min_t() does it.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-cast"), s.reason
    assert "-\treturn over ? -EDQUOT : min_t(int, (int)blocks, 0);" in hunks(PATH, SRC, after)
    assert "+\treturn over ? -EDQUOT : min_t(int, blocks, 0);" in hunks(PATH, SRC, after)


def test_a_type_stated_for_another_value_than_the_cast_one_is_manual(tmp_path):
    s = sugg(PATH, "qfs_check_quota", ["+	q->used += (unsigned long)blocks;"],
             "The cast is not needed, used is already unsigned long.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (rules, after, s.status) == ([], SRC, Status.MANUAL)
    assert s.reason == ("drop-cast: the comment says used is unsigned long, but the (unsigned long) cast is of "
                        "blocks: which cast is meant is for the author")


def test_the_operand_keeps_its_spacing(tmp_path):
    src = SRC.replace("\tq->used += (unsigned long)blocks;",
                      "\tif (blocks > (u64)((sector_t)-1))\n\t\treturn -EFBIG;\n\tq->used += blocks;")
    s = sugg(PATH, "qfs_check_quota", ["+	if (blocks > (u64)((sector_t)-1))"], "The (u64) cast is not needed.")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-cast"), s.reason
    assert [h for h in hunks(PATH, src, after) if h[:1] in "+-"] == [
        "-\tif (blocks > (u64)((sector_t)-1))",
        "+\tif (blocks > ((sector_t)-1))",
    ]


def test_two_casts_unnamed_is_manual(tmp_path):
    src = SRC.replace("(unsigned long)q->used, q->limit);", "(unsigned long)q->used, (unsigned long)q->limit);")
    s = sugg(PATH, "qfs_check_quota", ["+			 (unsigned long)q->used, (unsigned long)q->limit);"],
             "The casts are not needed.")
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert (rules, after, s.status) == ([], src, Status.MANUAL)
    assert "2 casts on the quoted lines" in s.reason


def test_ternary_values_the_other_way_around(tmp_path):
    s = sugg(PATH, "qfs_show_enforced", ["+	return sprintf(buf, \"%s\\n\", q->enforced ? \"off\" : \"on\");"],
             "Aren't \"on\" and \"off\" swapped here?")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "swap-values"), s.reason
    assert "- c ? a@p : b\n+ c ? b : a" in rules[0].text
    assert hunks(PATH, SRC, after)[4:6] == [
        "-\treturn sprintf(buf, \"%s\\n\", q->enforced ? \"off\" : \"on\");",
        "+\treturn sprintf(buf, \"%s\\n\", q->enforced ? \"on\" : \"off\");",
    ]


def test_ternary_among_two_with_unnamed_values_is_manual(tmp_path):
    s = sugg(PATH, "qfs_report", ["+	int over = q->used > q->limit ? 1 : 0;", "+", "+	if (over)",
                                  "+		qfs_warn(sb, __func__, \"over quota by %lu\",",
                                  "+			 (unsigned long)(q->used - q->limit));",
                                  "+	return over ? -EDQUOT : min_t(int, (int)blocks, 0);"],
             "This looks backwards to me.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (rules, after) == ([], SRC)


def test_reverse_order_of_statements_is_not_a_swap(tmp_path):
    s = sugg(PATH, "qfs_show_enforced", ["+	return sprintf(buf, \"%s\\n\", q->enforced ? \"off\" : \"on\");"],
             "Please keep the declarations in reverse xmas tree order.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert not any(r.kind == "swap-values" for r in rules) and after == SRC


def test_a_name_that_says_inverted_asks_for_no_swap(tmp_path):
    """"q->enforced" or "inverted" as part of a name is code, not the reviewer's word for reversed values."""
    s = sugg(PATH, "qfs_show_enforced", ["+	return sprintf(buf, \"%s\\n\", q->enforced ? \"off\" : \"on\");"],
             "q->inverted is a bool, the ternary could be a helper.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert not any(r.kind == "swap-values" for r in rules) and after == SRC


def test_parameter_reachable_through_another_is_dropped(tmp_path):
    s = sugg(PATH, "qfs_fill", ["+	qfs_scan_groups(sb, info, 8);"],
             "You don't need the extra argument: sb is available as info->sb.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-parameter"), s.reason
    assert s.summary == "Drop the sb parameter of qfs_scan_groups(), it is info->sb"
    h = hunks(PATH, SRC, after)
    assert "-static void qfs_scan_groups(struct super_block *sb, struct qfs_info *info, int groups)" in h
    assert "+static void qfs_scan_groups(struct qfs_info *info, int groups)" in h
    assert "-\t\tqfs_check_quota(sb, &info->quota, g);" in h and "+\t\tqfs_check_quota(info->sb, &info->quota, g);" in h
    assert "+\tinfo->sb->s_dirt = 1;" in h and "+\tqfs_scan_groups(info, 8);" in h
    assert "\tinfo->sb = sb;" in after


def test_last_parameter_reachable_through_another_is_dropped(tmp_path):
    src = SRC.replace("static void qfs_scan_groups(struct super_block *sb, struct qfs_info *info, int groups)",
                      "static void qfs_scan_groups(struct qfs_info *info, int groups, struct super_block *sb)")
    src = src.replace("qfs_scan_groups(sb, info, 8);", "qfs_scan_groups(info, 8, sb);")
    s = sugg(PATH, "qfs_fill", ["+	qfs_scan_groups(info, 8, sb);"], "sb is available as info->sb.")
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-parameter"), s.reason
    h = hunks(PATH, src, after)
    assert "+static void qfs_scan_groups(struct qfs_info *info, int groups)" in h
    assert "+\tqfs_scan_groups(info, 8);" in h and "+\tinfo->sb->s_dirt = 1;" in h


def test_parameter_written_in_the_function_is_manual(tmp_path):
    src = SRC.replace("\tsb->s_dirt = 1;", "\tsb = NULL;")
    s = sugg(PATH, "qfs_fill", ["+	qfs_scan_groups(sb, info, 8);"], "sb is already passed in info->sb.")
    after, rules, _ = pipeline(tmp_path, PATH, src, [s])
    assert (rules, after, s.status) == ([], src, Status.MANUAL)
    assert "qfs_scan_groups() writes to sb or takes its address" in s.reason


def test_argument_kept_in_a_call_the_comment_writes(tmp_path):
    s = sugg(PATH, "qfs_check_quota", CALL,
             "You can drop this and pass qfs_warn(sb, __func__) style output through the caller instead.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert not any(r.kind == "drop-argument" for r in rules)


def test_condition_made_a_warn_on_once(tmp_path):
    s = sugg(PATH, "qfs_report", ["+	if (over)", "+		qfs_warn(sb, __func__, \"over quota by %lu\","],
             "This should never happen once the limit is checked on write; we can make this a WARN_ON_ONCE().")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "wrap-condition"), s.reason
    h = hunks(PATH, SRC, after)
    assert "-\tif (over)" in h and "+\tif (WARN_ON_ONCE(over))" in h and len([x for x in h if x[:1] in "+-"]) == 2


def test_wrapper_named_but_refused_is_left_alone(tmp_path):
    s = sugg(PATH, "qfs_report", ["+	if (over)", "+		qfs_warn(sb, __func__, \"over quota by %lu\","],
             "Please don't make this a WARN_ON(), users can hit it.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert not any(r.kind == "wrap-condition" for r in rules) and after == SRC


def test_warn_on_once_asked_for_with_instead_of_in_plain_words(tmp_path):
    s = sugg(PATH, "qfs_report", ["+	if (over)", "+		qfs_warn(sb, __func__, \"over quota by %lu\","],
             "Only a broken caller gets here, make this a WARN_ON_ONCE() so it gets fixed instead of ignored.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "wrap-condition"), s.reason
    h = hunks(PATH, SRC, after)
    assert "-\tif (over)" in h and "+\tif (WARN_ON_ONCE(over))" in h and len([x for x in h if x[:1] in "+-"]) == 2


@pytest.mark.parametrize("comment", ["Use WARN_ON_ONCE() instead of qfs_warn() here.",
                                     "Use qfs_warn() instead of WARN_ON_ONCE(), users can hit it.",
                                     "Make this a WARN_ON_ONCE(). Returning early instead of going on is fine."])
def test_wrapper_with_instead_of_code_is_left_alone(tmp_path, comment):
    s = sugg(PATH, "qfs_report", ["+	if (over)", "+		qfs_warn(sb, __func__, \"over quota by %lu\","], comment)
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert not any(r.kind == "wrap-condition" for r in rules)


DIV = """\
static int clk_pick_div(struct clk_pick *c)
{
\tunsigned long rate = clk_get_rate(c->clk);
\tu32 div;

\tdiv = (u32)(rate / (c->bus_hz * 8));
\tif (div > 0xff)
\t\treturn -ERANGE;
\tc->ticks = (u32)(rate + 1) * 2;
\treturn clk_pick_write(c, (u32)(div | CLK_PICK_EN));
}
"""
DIV_PATH = "drivers/clk/clk-pick.c"


@pytest.mark.parametrize("comment", ["No need for the cast.", "The cast is not necessary here."])
def test_a_cast_of_a_whole_right_hand_side_goes_with_its_parentheses(tmp_path, comment):
    """Before: `div = (rate / (c->bus_hz * 8));` with the parentheses left doubled, and "No need for
    the cast." was also read as "no need for div" (the variable dropped, its value inlined twice)."""
    s = sugg(DIV_PATH, "clk_pick_div", ["+\tdiv = (u32)(rate / (c->bus_hz * 8));"], comment, answer="")
    after, rules, _ = pipeline(tmp_path, DIV_PATH, DIV, [s])
    assert [r.kind for r in rules] == ["drop-cast"] and s.status == Status.APPLIED, s.reason
    assert after == DIV.replace("(u32)(rate / (c->bus_hz * 8))", "rate / (c->bus_hz * 8)")


def test_a_whole_argument_loses_the_parentheses_an_operand_keeps_them(tmp_path):
    s = sugg(DIV_PATH, "clk_pick_div", ["+\treturn clk_pick_write(c, (u32)(div | CLK_PICK_EN));"],
             "Drop the cast, please.", answer="")
    after, _, _ = pipeline(tmp_path, DIV_PATH, DIV, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == DIV.replace("(u32)(div | CLK_PICK_EN)", "div | CLK_PICK_EN")
    quoted = ["+\tc->ticks = (u32)(rate + 1) * 2;"]
    s = sugg(DIV_PATH, "clk_pick_div", quoted, "The cast is pointless.", answer="")
    after, _, _ = pipeline(tmp_path, DIV_PATH, DIV, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == DIV.replace("(u32)(rate + 1) * 2", "(rate + 1) * 2")


def test_a_parenthesised_name_loses_its_parentheses_anywhere(tmp_path):
    text = DIV.replace("(u32)(rate + 1) * 2", "(u32)(c->rate) * 2")
    s = sugg(DIV_PATH, "clk_pick_div", ["+\tc->ticks = (u32)(c->rate) * 2;"], "The cast is pointless.", answer="")
    after, _, _ = pipeline(tmp_path, DIV_PATH, text, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == text.replace("(u32)(c->rate) * 2", "c->rate * 2")


BELOW_PATH = "drivers/hwmon/tq.c"
BELOW = """\
static int tq_dump(struct tq *tq, long big)
{
\tint i, val;

\tfor (i = 0; i < 4; i++) {
\t\tval = tq_read(tq, i);
\t\tdev_info(tq->dev, "reg %d: %d\\n", (int)i, val);
\t}
\tdev_info(tq->dev, "id %d\\n", (int)val);
\tdev_info(tq->dev, "big %d\\n", (int)big);
\treturn 0;
}
"""


def test_same_below_drops_the_like_casts_after_the_quote_that_change_no_value(tmp_path):
    """"Same below." under a needless cast: the casts to the same type after it go too, each checked as
    the quoted one is; a cast that narrows its operand (long to int) stays and the reason says so."""
    s = sugg(BELOW_PATH, "tq_dump", ["+\t\tdev_info(tq->dev, \"reg %d: %d\\n\", (int)i, val);"],
             "Drop the cast. Same below.", answer="")
    after, rules, _ = pipeline(tmp_path, BELOW_PATH, BELOW, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-cast")
    assert s.reason == ("partly: the rest is left to the author (the (int) cast of big on line 10: the (int) "
                        "cast of big narrows a long to 32 bits: without it the value can differ, which is for "
                        "the author to weigh)")
    assert hunks(BELOW_PATH, BELOW, after)[1:] == [
        " ",
        " \tfor (i = 0; i < 4; i++) {",
        " \t\tval = tq_read(tq, i);",
        "-\t\tdev_info(tq->dev, \"reg %d: %d\\n\", (int)i, val);",
        "+\t\tdev_info(tq->dev, \"reg %d: %d\\n\", i, val);",
        " \t}",
        "-\tdev_info(tq->dev, \"id %d\\n\", (int)val);",
        "+\tdev_info(tq->dev, \"id %d\\n\", val);",
        " \tdev_info(tq->dev, \"big %d\\n\", (int)big);",
        " \treturn 0;",
        " }"]
    assert "Drop the cast. Same below." in rules[0].text


def test_same_below_with_no_like_cast_after_the_quote_says_so(tmp_path):
    text = BELOW.replace("\tdev_info(tq->dev, \"big %d\\n\", (int)big);\n", "")
    s = sugg(BELOW_PATH, "tq_dump", ["+\tdev_info(tq->dev, \"id %d\\n\", (int)val);"],
             "The cast is not needed. Same below.", answer="")
    after, _, _ = pipeline(tmp_path, BELOW_PATH, text, [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: "same below" found no like place after the '
                                                    'quoted lines in tq_dump()')
    assert after == text.replace("(int)val", "val")


def test_without_same_below_only_the_quoted_cast_goes(tmp_path):
    s = sugg(BELOW_PATH, "tq_dump", ["+\t\tdev_info(tq->dev, \"reg %d: %d\\n\", (int)i, val);"],
             "Drop the cast.", answer="")
    after, _, _ = pipeline(tmp_path, BELOW_PATH, BELOW, [s])
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert after == BELOW.replace("(int)i", "i")


def test_same_below_a_recipe_does_not_carry_is_reported_partly_done(tmp_path):
    """A recipe that neither carries "Same below." in its own rule nor leaves it to propagation changes
    the quoted place only, and says so."""
    # a message's missing newline: format-specifier carries "same below" for a conversion only
    text = ("static int tq_sum(struct tq *tq)\n{\n\tdev_info(tq->dev, \"x\");\n\tdev_warn(tq->dev, \"y\");\n"
            "\treturn 0;\n}\n")
    s = sugg(BELOW_PATH, "tq_sum", ["+\tdev_info(tq->dev, \"x\");"], "Missing \\n. Same below.", answer="")
    after, _, _ = pipeline(tmp_path, BELOW_PATH, text, [s])
    assert (s.kind, s.status) == ("format-specifier", Status.APPLIED)
    assert s.reason == 'partly: "same below" is not carried out by format-specifier: only the quoted place changed'
    assert after == text.replace('"x"', '"x\\n"')



def test_both_under_one_cast_drops_the_one_other_like_cast_above_or_below(tmp_path):
    """Before: the quoted cast went, reported applied; the other one stayed."""
    text = BELOW.replace("\tdev_info(tq->dev, \"big %d\\n\", (int)big);\n", "")
    s = sugg(BELOW_PATH, "tq_dump", ["+\tdev_info(tq->dev, \"id %d\\n\", (int)val);"],
             "Both casts are pointless.", answer="", lines=(9, 9))
    after, _, _ = pipeline(tmp_path, BELOW_PATH, text, [s])
    assert (s.kind, s.status, s.reason) == ("drop-cast", Status.APPLIED, "")
    assert after == text.replace("(int)val", "val").replace("(int)i", "i")


def test_both_with_a_like_cast_that_would_change_a_value_keeps_the_others(tmp_path):
    s = sugg(BELOW_PATH, "tq_dump", ["+\tdev_info(tq->dev, \"id %d\\n\", (int)val);"],
             "Both casts are pointless.", answer="", lines=(9, 9))
    after, _, _ = pipeline(tmp_path, BELOW_PATH, BELOW, [s])
    assert (s.kind, s.status) == ("drop-cast", Status.APPLIED)
    assert s.reason == ("partly: the rest is left to the author (the (int) cast of big on line 10: the (int) cast of "
                        "big narrows a long to 32 bits: without it the value can differ, which is for the author "
                        "to weigh)")
    assert after == BELOW.replace("(int)val", "val")
