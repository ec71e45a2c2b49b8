"""bool-compare: "No need to compare with true." tests the bool alone (`x == false` -> `!x`), only for a
value declared bool; anything else, or several such comparisons, is manual."""
from __future__ import annotations

import pytest

from cocci.recipes.bool_compare import comparisons
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/staging/qx/qx_light.c"
SRC = """\
static bool qx_is_flash(struct qx_channel *ch)
{
\treturn ch->mode & QX_MODE_FLASH;
}

static int qx_set(struct qx_channel *ch, bool on, int level)
{
\tif (qx_is_flash(ch) == true)
\t\treturn qx_flash_set(ch);
\tif (on == false)
\t\treturn 0;
\tif (level == true)
\t\treturn qx_level_set(ch, level);
\tif (on == true && qx_is_flash(ch) != false)
\t\treturn -EBUSY;
\treturn 0;
}
"""


def _sugg(line: int, comment: str):
    quoted = [SRC.splitlines()[line - 1]]
    s = sugg(PATH, "qx_set", ["+" + q for q in quoted], comment, lines=(line, line))
    s.quote = s.anchor.code = quoted
    return s


@pytest.mark.parametrize(("line", "comment", "new"), [
    (8, "No need to compare with true.", "\tif (qx_is_flash(ch))"),
    (8, "Using comparison to true is error prone", "\tif (qx_is_flash(ch))"),
    (10, "Don't compare bools with false, please.", "\tif (!on)")])
def test_the_bool_is_tested_alone(tmp_path, line, comment, new):
    s = _sugg(line, comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status, s.reason) == ("bool-compare", Status.APPLIED, "")
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [f"-{SRC.splitlines()[line - 1]}", f"+{new}"]


def test_an_int_compared_with_true_is_manual(tmp_path):
    s = _sugg(12, "No need to compare with true.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert s.reason == ("bool-compare: level is not declared bool in the files respin reads: compared with true "
                        "it differs from its value alone for any other value than 0 and 1")


def test_two_comparisons_on_the_quoted_line_are_manual(tmp_path):
    s = _sugg(14, "No need to compare with true or false.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert "2 comparisons with true or false on the quoted lines" in s.reason


@pytest.mark.parametrize(("line", "found"), [
    ("\tif (true != p->ready && x)", [(5, 21, "p->ready", True)]),
    ("\treturn foo(a, b(c)) == true;", [(8, 28, "foo(a, b(c))", False)]),
    ("\tif (a + x == true)", []),
    ("\tif (!x == true)", [])])
def test_comparisons(line, found):
    assert comparisons(line) == found


@pytest.mark.parametrize("comment", ["x == true is fine in this driver, it is used everywhere. Fine as is.",
                                     "The == true was there before."])
def test_a_comparison_said_fine_or_only_named_is_kept(tmp_path, comment):
    s = _sugg(8, comment)
    s.kind = "comment"
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.kind != "bool-compare"


SPLIT = """\
static int qx_check(struct qx_channel *ch)
{
\tif (true == ch->stopped ||
\t    ch->removed == true)
\t\treturn -ENODEV;
\treturn 0;
}
"""
SPLIT_HEADER = "struct qx_channel {\n\tbool stopped;\n\tbool removed;\n};\n\n"


def test_a_condition_over_two_lines_with_two_comparisons_is_manual(tmp_path):
    src = SPLIT_HEADER + SPLIT
    quoted = src.splitlines()[7:9]
    s = sugg(PATH, "qx_check", ["+" + q for q in quoted], "No need to compare with true.", lines=(8, 9))
    s.quote = s.anchor.code = quoted
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert after == src and s.status == Status.MANUAL
    assert s.reason == ("bool-compare: 2 comparisons with true or false on the quoted lines: which one is meant "
                        "is not clear")


@pytest.mark.parametrize(("line", "above", "found"), [
    ("\t    ch->removed == true)", "\tif (true == ch->stopped ||", [(5, 24, "ch->removed", False)]),
    ("\t    x == true)", "\tif (b +", []),
    ("\t    a + x == true)", "\tif (b ||", [])])
def test_a_comparison_opening_a_line_the_line_above_left_open(line, above, found):
    assert comparisons(line, above) == found
