"""Code a reviewer types under a quote, in the shapes review mail has: the hunk written, or manual and why."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import hunks, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/misc/qx.c"
TEXT = """\
static int qx_clear_flag(struct qx *q)
{
\tunsigned int status;
\tint ret;

\tret = qx_read(q, QX_STATUS, &status);
\tif (ret)
\t\treturn ret;

\tif (status & QX_FLAG) {
\t\tret = qx_update(q, QX_STATUS, QX_FLAG, 0);
\t\tif (ret)
\t\t\treturn ret;
\t}

\treturn 0;
}

static int qx_average(struct qx *q, int samples, int *val)
{
\tint i, ret, sum = 0;

\tfor (i = 0; i < samples; i++) {
\t\tret = qx_sample(q);
\t\tif (ret < 0)
\t\t\treturn ret;
\t\tsum += (ret & 0xFFF) >> (12 - q->bits);
\t}

\t*val = sum / samples;
\treturn 0;
}

static int qx_scale(struct qx *q, int *shift, long mask)
{
\t*shift = q->bits;
\treturn mask ? 1 : 0;
}

static int qx_resume(struct device *dev)
{
\tstruct qx *q = dev_get_drvdata(dev);
\tint err;

\terr = qx_update(q, QX_CONF, QX_SD, 0);
\tif (err < 0) {
\t\tdev_err(dev, "failed to resume: %d\\n", err);
\t\treturn err;
\t}

\tq->ready = jiffies;

\treturn 0;
}

static int qx_apply(struct qx *q, int val)
{
\tint ret;

\tret = qx_set(q, val);
\tif (ret)
\t\treturn ret;

\treturn 0;
}
"""


def snippet(fn: str, quoted: list[str], written: list[str], comment: str = "") -> Suggestion:
    """A suggestion as the review stage makes it of QUOTED (the patch's lines) and WRITTEN (the
    reviewer's lines as typed)."""
    code = [w.strip() if w[:1] not in "+-" else w for w in written]
    s = sugg(PATH, fn, ["+" + q for q in quoted], "\n".join([comment, *code]).strip())
    s.quote, s.code, s.written = list(quoted), code, list(written)
    return s


def run(tmp_path, s: Suggestion) -> list[str]:
    after, _, _ = pipeline(tmp_path, PATH, TEXT, [s])
    return [ln for ln in hunks(PATH, TEXT, after) if ln[:1] in "+-"]


def test_a_snippet_typed_under_another_quote_than_its_code_is_manual(tmp_path):
    # the new call is regmap_clear_bits() for the update below, written under the read
    s = snippet("qx_clear_flag", ["\tret = qx_read(q, QX_STATUS, &status);", "\tif (ret)", "\t\treturn ret;"],
                ["\t\tret = qx_clear(q, QX_STATUS, QX_FLAG);"], "and below,")
    assert run(tmp_path, s) == []
    assert s.status == Status.MANUAL
    assert "lines up better with `ret = qx_update(q, QX_STATUS, QX_FLAG, 0);` (line 11)" in s.reason


def test_names_of_another_function_are_not_this_ones_and_no_rename_is_presumed(tmp_path):
    # `shift` and `mask` are parameters of qx_scale(); `shift` is no new name of `q` in `(12 - q->bits)`
    s = snippet("qx_average", ["\t\tsum += (ret & 0xFFF) >> (12 - q->bits);"], ["\t\tsum += (ret & mask) >> shift;"])
    assert run(tmp_path, s) == []
    assert s.status == Status.MANUAL
    assert "uses mask, shift, which qx_average() does not have" in s.reason


def test_a_constant_is_no_new_name_of_a_local(tmp_path):
    # QX_FLAG for `&status` is another argument, not `status` renamed: written as the reviewer wrote it
    s = snippet("qx_clear_flag", ["\tret = qx_read(q, QX_STATUS, &status);"], ["\tret = qx_read(q, QX_FLAG, &status);"])
    assert run(tmp_path, s) == ["-\tret = qx_read(q, QX_STATUS, &status);", "+\tret = qx_read(q, QX_FLAG, &status);"]


def test_ie_before_the_statement_is_not_code(tmp_path):
    s = snippet("qx_average", ["\t*val = sum / samples;"], ["i.e. *val = DIV_ROUND_CLOSEST(sum, samples);"])
    assert run(tmp_path, s) == ["-\t*val = sum / samples;", "+\t*val = DIV_ROUND_CLOSEST(sum, samples);"]
    assert s.status == Status.APPLIED


def test_a_statement_that_begins_with_a_dereference_is_code_not_a_comment_line(tmp_path):
    s = snippet("qx_average", ["\t*val = sum / samples;"], ["\t*val = DIV_ROUND_CLOSEST(sum, samples);"])
    assert run(tmp_path, s) == ["-\t*val = sum / samples;", "+\t*val = DIV_ROUND_CLOSEST(sum, samples);"]


def test_a_word_over_the_snippet_that_no_goto_names_is_no_label(tmp_path):
    s = snippet("qx_resume", ["\t\tdev_err(dev, \"failed to resume: %d\\n\", err);"],
                ["nit:", "  dev_err(dev, \"failed to resume: %pe\\n\", ERR_PTR(err));"])
    assert run(tmp_path, s) == ["-\t\tdev_err(dev, \"failed to resume: %d\\n\", err);",
                                "+\t\tdev_err(dev, \"failed to resume: %pe\\n\", ERR_PTR(err));"]


def test_a_diff_whose_context_line_opens_a_block_changes_its_minus_lines(tmp_path):
    s = snippet("qx_resume", ["\tif (err < 0) {", "\t\tdev_err(dev, \"failed to resume: %d\\n\", err);"],
                [" \tif (err < 0) {", "-\t\tdev_err(dev, \"failed to resume: %d\\n\", err);",
                 "+\t\tdev_err(dev, \"failed to resume (%pe)\\n\", ERR_PTR(err));", " \t\treturn err;"])
    s.code = ["if (err < 0) {", *s.written[1:3], "return err;"]
    assert run(tmp_path, s) == ["-\t\tdev_err(dev, \"failed to resume: %d\\n\", err);",
                                "+\t\tdev_err(dev, \"failed to resume (%pe)\\n\", ERR_PTR(err));"]


def test_a_diff_whose_minus_lines_lie_in_two_blocks_is_manual(tmp_path):
    s = snippet("qx_average", ["\t\tsum += (ret & 0xFFF) >> (12 - q->bits);", "\t}", "", "\t*val = sum / samples;"],
                ["-\t\tsum += (ret & 0xFFF) >> (12 - q->bits);", "+\t\tsum += ret & 0xFFF;",
                 "-\t*val = sum / samples;", "+\t*val = (sum / samples) >> (12 - q->bits);"])
    assert run(tmp_path, s) == []
    assert s.status == Status.MANUAL
    assert "not, one after the other in one block, in qx_average()" in s.reason


def test_a_quote_across_a_blank_line_is_replaced_whole(tmp_path):
    s = snippet("qx_clear_flag", ["\tif (status & QX_FLAG) {", "\t\tret = qx_update(q, QX_STATUS, QX_FLAG, 0);",
                                  "\t\tif (ret)", "\t\t\treturn ret;", "\t}", "", "\treturn 0;"],
                ["\tif (!(status & QX_FLAG))", "\t\treturn 0;", "", "\treturn qx_update(q, QX_STATUS, QX_FLAG, 0);"],
                "Something like this (untested):")
    assert run(tmp_path, s) == ["-\tif (status & QX_FLAG) {", "-\t\tret = qx_update(q, QX_STATUS, QX_FLAG, 0);",
                                "-\t\tif (ret)", "-\t\t\treturn ret;", "-\t}", "+\tif (!(status & QX_FLAG))",
                                "+\t\treturn 0;", "-\treturn 0;", "+\treturn qx_update(q, QX_STATUS, QX_FLAG, 0);"]


def test_the_same_if_with_part_of_its_body_is_the_whole_statement(tmp_path):
    # "Why not keep it simple:" -- the print goes, the braces with it
    s = snippet("qx_resume", ["\tif (err < 0) {", "\t\tdev_err(dev, \"failed to resume: %d\\n\", err);",
                              "\t\treturn err;", "\t}"], ["\tif (err < 0)", "\t\treturn err;"])
    assert run(tmp_path, s) == ["-\tif (err < 0) {", "-\t\tdev_err(dev, \"failed to resume: %d\\n\", err);",
                                "+\tif (err < 0)", "-\t}"]


def test_an_inverted_if_alone_is_not_taken_for_the_whole_block(tmp_path):
    # the snippet shows how the change begins: the block is not replaced by it
    s = snippet("qx_clear_flag", ["\tif (status & QX_FLAG) {", "\t\tret = qx_update(q, QX_STATUS, QX_FLAG, 0);",
                                  "\t\tif (ret)", "\t\t\treturn ret;", "\t}"],
                ["\tif (!(status & QX_FLAG))", "\t\treturn 0;"], "Invert it and bail out early:")
    # the body stays, one level out, under the inverted test (an early return, not a replacement)
    assert run(tmp_path, s)[-5:] == ["+\t\treturn 0;", "+", "+\tret = qx_update(q, QX_STATUS, QX_FLAG, 0);",
                                     "+\tif (ret)", "+\t\treturn ret;"]
    assert (s.kind, s.status) == ("early-return", Status.APPLIED)


def test_the_quoted_statements_repeated_with_a_new_one_add_it(tmp_path):
    s = snippet("qx_average", ["\t\tret = qx_sample(q);", "\t\tif (ret < 0)", "\t\t\treturn ret;"],
                ["\t\tret = qx_sample(q);", "\t\tif (ret < 0)", "\t\t\treturn ret;", "\t\tusleep_range(100, 200);"])
    assert run(tmp_path, s) == ["+\t\tusleep_range(100, 200);"]
    assert s.status == Status.APPLIED


def test_a_new_statement_and_a_changed_one_are_no_addition(tmp_path):
    # one quoted statement is not repeated as it is: no run of the quote is kept whole
    s = snippet("qx_average", ["\t\tret = qx_sample(q);", "\t\tif (ret < 0)", "\t\t\treturn ret;"],
                ["\t\tret = qx_sample(q);", "\t\tif (ret)", "\t\t\treturn ret;", "\t\tusleep_range(100, 200);"])
    assert run(tmp_path, s) == []
    assert s.reason == "replace-code: the reviewer's code lines up with none of the quoted statements"


def test_a_format_reworded_in_the_reviewers_code_is_not_only_its_conversion(tmp_path):
    s = snippet("qx_resume", ["\t\tdev_err(dev, \"failed to resume: %d\\n\", err);"],
                ["\t\tdev_err(dev, \"resume failed: %pe\\n\", ERR_PTR(err));"], "Use %pe:")
    assert run(tmp_path, s) == ["-\t\tdev_err(dev, \"failed to resume: %d\\n\", err);",
                                "+\t\tdev_err(dev, \"resume failed: %pe\\n\", ERR_PTR(err));"]
    assert s.kind == "replace-code"


def test_a_format_in_the_comments_words_that_rewords_the_message_is_manual(tmp_path):
    s = snippet("qx_resume", ["\t\tdev_err(dev, \"failed to resume: %d\\n\", err);"], [],
                "Please make it \"resume failed: %pe\\n\", ERR_PTR(err) instead")
    s.kind = "code"
    assert run(tmp_path, s) == []
    assert s.status == Status.MANUAL
    assert "writes the message as \"resume failed: %pe\\n\"" in s.reason


def test_the_quoted_code_again_on_fewer_lines_is_no_layout_to_write(tmp_path):
    # "if (ret) return ret; ... is the same, no?": the same tokens, the body on the if's line
    s = snippet("qx_clear_flag", ["\tret = qx_read(q, QX_STATUS, &status);", "\tif (ret)", "\t\treturn ret;"],
                ["\tret = qx_read(q, QX_STATUS, &status);", "\tif (ret) return ret;"], "is the same, no?")
    assert run(tmp_path, s) == []
    assert s.status != Status.APPLIED


def test_the_function_written_whole_replaces_the_statements_of_its_body(tmp_path):
    s = snippet("qx_scale", ["static int qx_scale(struct qx *q, int *shift, long mask)", "{",
                             "\t*shift = q->bits;", "\treturn mask ? 1 : 0;", "}"],
                ["static int qx_scale(struct qx *q, int *shift, long mask)", "{", "\t*shift = q->bits - 1;",
                 "\treturn mask ? 1 : 0;", "}"])
    assert run(tmp_path, s) == ["-\t*shift = q->bits;", "+\t*shift = q->bits - 1;"]


def test_a_snippet_indented_by_two_spaces_a_level_is_written_a_tab_a_level(tmp_path):
    s = snippet("qx_resume", ["\tif (err < 0) {", "\t\tdev_err(dev, \"failed to resume: %d\\n\", err);",
                              "\t\treturn err;", "\t}"], ["  if (err < 0)", "    return err;"], "Just")
    after, _, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert "\tif (err < 0)\n\t\treturn err;\n\n\tq->ready = jiffies;" in after


def test_a_goto_is_no_return_renamed_and_a_label_the_function_lacks_is_manual(tmp_path):
    s = snippet("qx_average", ["\t\tret = qx_sample(q);", "\t\tif (ret < 0)", "\t\t\treturn ret;"],
                ["\t\tif (ret < 0)", "\t\t\tgoto out;"])
    assert run(tmp_path, s) == []
    assert s.reason == "replace-code: the reviewer's code uses out, which qx_average() does not have"


def test_the_same_statement_twice_in_the_quote_and_the_comment_under_neither_is_ambiguous(tmp_path):
    s = snippet("qx_clear_flag", ["\tret = qx_read(q, QX_STATUS, &status);", "\tif (ret)", "\t\treturn ret;", "",
                                  "\tif (status & QX_FLAG) {", "\t\tret = qx_update(q, QX_STATUS, QX_FLAG, 0);",
                                  "\t\tif (ret)", "\t\t\treturn ret;", "\t}", "", "\treturn 0;"],
                ["\tif (ret < 0)", "\t\treturn ret;"], "errors are negative only.")
    s.anchor.lines = (16, 16)
    assert run(tmp_path, s) == []
    assert "lines up equally well with several quoted statements: ambiguous" in s.reason


def test_a_helper_of_the_files_own_prefix_that_nothing_defines_is_manual(tmp_path):
    s = snippet("qx_average", ["\t\tsum += (ret & 0xFFF) >> (12 - q->bits);"], ["\t\tsum += qx_raw_to_code(q, ret);"])
    assert run(tmp_path, s) == []
    assert "calls qx_raw_to_code(), which no file of the patch defines" in s.reason


def test_a_helper_the_file_defines_is_called(tmp_path):
    s = snippet("qx_average", ["\t\tsum += (ret & 0xFFF) >> (12 - q->bits);"], ["\t\tsum += qx_scale(q, &ret, 1);"])
    assert run(tmp_path, s) == ["-\t\tsum += (ret & 0xFFF) >> (12 - q->bits);", "+\t\tsum += qx_scale(q, &ret, 1);"]


def test_the_function_written_whole_as_one_return_returns_the_call_directly(tmp_path):
    whole = ["static int qx_apply(struct qx *q, int val)", "{", "\tint ret;", "", "\tret = qx_set(q, val);",
             "\tif (ret)", "\t\treturn ret;", "", "\treturn 0;", "}"]
    s = snippet("qx_apply", whole, ["static int qx_apply(struct qx *q, int val)", "{", "\treturn qx_set(q, val);", "}"])
    assert run(tmp_path, s) == ["-\tint ret;", "-", "-\tret = qx_set(q, val);", "-\tif (ret)", "-\t\treturn ret;",
                                "-", "-\treturn 0;", "+\treturn qx_set(q, val);"]
    assert s.kind == "return-directly"


def test_a_diff_that_only_adds_lines_above_a_context_line_puts_them_before_its_statement(tmp_path):
    s = snippet("qx_average", ["\tfor (i = 0; i < samples; i++) {", "\t\tret = qx_sample(q);"],
                ["+\tif (!samples)", "+\t\treturn -EINVAL;", "+", " \tfor (i = 0; i < samples; i++) {"])
    s.code = [*s.written[:3], "for (i = 0; i < samples; i++) {"]
    after, _, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert "\tint i, ret, sum = 0;\n\n\tif (!samples)\n\t\treturn -EINVAL;\n\n\tfor (i = 0; i < samples; i++) {\n" \
        "\t\tret = qx_sample(q);\n" in after


def test_a_diff_that_only_adds_lines_below_a_context_line_puts_them_after_its_statement(tmp_path):
    s = snippet("qx_average", ["\t*val = sum / samples;", "\treturn 0;"],
                [" \t*val = sum / samples;", "+\tq->last = *val;"])
    s.code = ["*val = sum / samples;", "+\tq->last = *val;"]
    assert run(tmp_path, s) == ["+\tq->last = *val;"]


def test_an_added_line_under_a_context_line_that_is_no_statement_is_manual(tmp_path):
    s = snippet("qx_average", ["\t*val = sum / samples;", "\treturn 0;"],
                [" \t*val = sum * samples;", "+\tq->last = *val;"])
    s.code = ["*val = sum * samples;", "+\tq->last = *val;"]
    assert run(tmp_path, s) == []
    assert "the context line of the reviewer's diff, `*val = sum * samples;`, is no statement of qx_average()" \
        in s.reason


def test_an_added_line_that_uses_a_name_the_function_lacks_is_manual(tmp_path):
    s = snippet("qx_average", ["\t*val = sum / samples;", "\treturn 0;"],
                [" \t*val = sum / samples;", "+\tq->last = total;"])
    s.code = ["*val = sum / samples;", "+\tq->last = total;"]
    assert run(tmp_path, s) == []
    assert "uses total, which qx_average() does not have" in s.reason
