"""kunit-compare: a KUnit truth test of a comparison becomes the comparison macro the reviewer names."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "lib/frob_kunit.c"
TEXT = """\
// SPDX-License-Identifier: GPL-2.0
#include <kunit/test.h>

static void frob_test_parse(struct kunit *test)
{
\tchar *buf = frob_alloc(test);
\tunsigned long val;

\tKUNIT_ASSERT_TRUE(test, buf != NULL);
\tval = frob_parse(buf);
\tKUNIT_EXPECT_TRUE(test, val == 4096);
\tKUNIT_EXPECT_FALSE(test, frob_len(buf) >= sizeof(buf->data));
\tKUNIT_EXPECT_TRUE(test, !strcmp(buf->name, "4k"));
\tKUNIT_EXPECT_TRUE_MSG(test, buf->flags == FROB_DONE, "flags %lx", buf->flags);
\tKUNIT_EXPECT_TRUE(test, val & 1 == 0);
}
"""


def _run(tmp_path, quoted: list[str], comment: str):
    s = sugg(PATH, "frob_test_parse", quoted, comment)
    after, _, _ = pipeline(tmp_path, PATH, TEXT, [s])
    return s, [ln for ln in hunks(PATH, TEXT, after) if ln[:1] in "+-"]


@pytest.mark.parametrize("quoted, comment, want", [
    ("\tKUNIT_EXPECT_TRUE(test, val == 4096);", "Use KUNIT_EXPECT_EQ() so the values are printed on failure.",
     "\tKUNIT_EXPECT_EQ(test, val, 4096);"),
    ("\tKUNIT_ASSERT_TRUE(test, buf != NULL);", "KUNIT_ASSERT_NOT_NULL()", "\tKUNIT_ASSERT_NOT_NULL(test, buf);"),
    ("\tKUNIT_ASSERT_TRUE(test, buf != NULL);", "KUNIT_ASSERT_NOT_ERR_OR_NULL(), please.",
     "\tKUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);"),
    ("\tKUNIT_EXPECT_FALSE(test, frob_len(buf) >= sizeof(buf->data));", "This is a KUNIT_EXPECT_LT().",
     "\tKUNIT_EXPECT_LT(test, frob_len(buf), sizeof(buf->data));"),
    ('\tKUNIT_EXPECT_TRUE(test, !strcmp(buf->name, "4k"));', "KUNIT_EXPECT_STREQ() exists for this.",
     '\tKUNIT_EXPECT_STREQ(test, buf->name, "4k");'),
    ('\tKUNIT_EXPECT_TRUE_MSG(test, buf->flags == FROB_DONE, "flags %lx", buf->flags);', "KUNIT_EXPECT_EQ_MSG()",
     '\tKUNIT_EXPECT_EQ_MSG(test, buf->flags, FROB_DONE, "flags %lx", buf->flags);'),
])
def test_the_truth_test_becomes_the_named_comparison(tmp_path, quoted, comment, want):
    s, diff = _run(tmp_path, [quoted], comment)
    assert (s.kind, s.status) == ("kunit-compare", Status.APPLIED), s.reason
    assert diff == ["-" + quoted, "+" + want]


def test_every_quoted_test_the_named_macros_fit_is_converted(tmp_path):
    quoted = ["\tKUNIT_EXPECT_TRUE(test, val == 4096);",
              "\tKUNIT_EXPECT_FALSE(test, frob_len(buf) >= sizeof(buf->data));"]
    s, diff = _run(tmp_path, quoted, "Please use KUNIT_EXPECT_EQ() / KUNIT_EXPECT_LT() for these.")
    assert s.status == Status.APPLIED, s.reason
    assert diff == ["-" + quoted[0], "-" + quoted[1], "+\tKUNIT_EXPECT_EQ(test, val, 4096);",
                    "+\tKUNIT_EXPECT_LT(test, frob_len(buf), sizeof(buf->data));"]


@pytest.mark.parametrize("quoted, comment", [
    # a bitwise operator binds looser than ==: the condition is not one comparison
    ("\tKUNIT_EXPECT_TRUE(test, val & 1 == 0);", "Use KUNIT_EXPECT_EQ()."),
    # the comparison is not the one named
    ("\tKUNIT_EXPECT_FALSE(test, frob_len(buf) >= sizeof(buf->data));", "Use KUNIT_EXPECT_EQ()."),
    # the comment turns away from the macro
    ("\tKUNIT_EXPECT_TRUE(test, val == 4096);", "No need for KUNIT_EXPECT_EQ() here, this reads fine."),
    # ... after naming it: the macro is what does not fit
    ("\tKUNIT_EXPECT_TRUE(test, val == 4096);", "KUNIT_EXPECT_EQ() won't work here, the types differ."),
    ("\tKUNIT_EXPECT_TRUE(test, val == 4096);", "KUNIT_EXPECT_EQ() is not usable with a __bitwise type, so keep it."),
])
def test_no_conversion_where_the_named_macro_does_not_fit(tmp_path, quoted, comment):
    s, diff = _run(tmp_path, [quoted], comment)
    assert s.kind != "kunit-compare" and s.status != Status.APPLIED
    assert diff == []


def test_an_expect_named_for_an_assert_is_left_to_the_author(tmp_path):
    s, diff = _run(tmp_path, ["\tKUNIT_ASSERT_TRUE(test, buf != NULL);"], "Use KUNIT_EXPECT_NOT_NULL().")
    assert (s.status, s.reason) == (Status.MANUAL, "kunit-compare: the comment names KUNIT_EXPECT_NOT_NULL() for a "
                                    "KUNIT_ASSERT_TRUE(): whether the test goes on after a failure is for the author")
    assert diff == []


def test_the_reviewer_code_decides_the_order_of_the_operands(tmp_path):
    s, diff = _run(tmp_path, ["\tKUNIT_EXPECT_TRUE(test, val == 4096);"], "KUNIT_EXPECT_EQ(test, 4096, val);")
    assert (s.kind, s.status) == ("replace-code", Status.APPLIED), s.reason
    assert diff == ["-\tKUNIT_EXPECT_TRUE(test, val == 4096);", "+\tKUNIT_EXPECT_EQ(test, 4096, val);"]


def test_the_whole_quote_counts_where_the_review_narrowed_it_to_one_branch(tmp_path):
    text = TEXT.replace("\tKUNIT_EXPECT_TRUE(test, val & 1 == 0);\n",
                        "#ifdef CONFIG_64BIT\n\tKUNIT_EXPECT_TRUE(test, val == 8);\n#else\n"
                        "\tKUNIT_EXPECT_TRUE(test, val == 4);\n#endif\n")
    quote = ["#ifdef CONFIG_64BIT", "\tKUNIT_EXPECT_TRUE(test, val == 8);", "#else",
             "\tKUNIT_EXPECT_TRUE(test, val == 4);", "#endif"]
    line = text.splitlines().index(quote[3]) + 1
    s = sugg(PATH, "frob_test_parse", ["+" + quote[3]], "Use KUNIT_EXPECT_EQ().", lines=(line, line))
    s.quote = quote
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == text.replace("KUNIT_EXPECT_TRUE(test, val == 8)", "KUNIT_EXPECT_EQ(test, val, 8)").replace(
        "KUNIT_EXPECT_TRUE(test, val == 4)", "KUNIT_EXPECT_EQ(test, val, 4)")
