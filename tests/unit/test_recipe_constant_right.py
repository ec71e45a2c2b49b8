"""constant-right: "Put the constant on the right side." turns the one comparison whose left operand is a
constant round (`NULL == p` -> `p == NULL`, `<` -> `>`); a comment that writes other code, several such
comparisons or a right operand that is more than an operand are not taken."""
from __future__ import annotations

import pytest

from cocci.recipe import Manual
from cocci.recipes.constant_right import swapped
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/staging/qx/qx_core.c"
SRC = """\
static int qx_run(struct qx_adapter *qa, u8 *pbuf, int err)
{
\tif (NULL == pbuf)
\t\treturn -EINVAL;
\tif (QX_MAX_LEN < qa->len)
\t\treturn -E2BIG;
\tif (0 == err && 5 < qa->len)
\t\tqa->count++;
\treturn 0;
}
"""


def _sugg(first: int, last: int, comment: str):
    quoted = SRC.splitlines()[first - 1:last]
    s = sugg(PATH, "qx_run", ["+" + q for q in quoted], comment, lines=(first, last))
    s.quote = s.anchor.code = quoted
    return s


@pytest.mark.parametrize(("line", "comment", "old", "new"), [
    (3, "Put the constant on the right side.", "\tif (NULL == pbuf)", "\tif (pbuf == NULL)"),
    (3, "Yoda condition, please fix.", "\tif (NULL == pbuf)", "\tif (pbuf == NULL)"),
    (5, "The constant goes on the right-hand side of the comparison.", "\tif (QX_MAX_LEN < qa->len)",
     "\tif (qa->len > QX_MAX_LEN)")])
def test_the_quoted_comparison_is_turned_round(tmp_path, line, comment, old, new):
    s = _sugg(line, line, comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status, s.reason) == ("constant-right", Status.APPLIED, "")
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [f"-{old}", f"+{new}"]


def test_two_such_comparisons_on_the_quoted_lines_are_manual(tmp_path):
    s = _sugg(7, 8, "Put the constants on the right side.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert s.reason == ("constant-right: 2 comparisons with the constant on the left on the quoted lines: which "
                        "one is meant is not clear")


def test_a_comment_that_writes_other_code_is_not_taken(tmp_path):
    s = _sugg(3, 3, "Yoda condition. Just write !pbuf.")
    pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "constant-right"


@pytest.mark.parametrize(("line", "turned"), [
    ("\treturn QX_MAX >= p->x;", ["\treturn p->x <= QX_MAX;"]),
    ("\tif (0 == (x & 3))", ["\tif ((x & 3) == 0)"]),
    ("\tif (x == 0)", []),
    ("\tif (!0 == x)", [])])
def test_swapped(line, turned):
    assert swapped(line) == turned


def test_a_right_operand_with_a_conditional_is_manual():
    with pytest.raises(Manual, match="holds more than a plain operand"):
        swapped("\tif (QX_A == x ? 1 : 2)")


SPLIT = """\
static int qx_xmit(struct qx_adapter *qa)
{
\tif (QX_MAX_LEN < qa->len ||
\t    NULL == qa->data)
\t\treturn -EINVAL;
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["Put the constant on the right side.", "NULL on the right side please."])
def test_a_condition_over_two_lines_with_two_such_comparisons_is_manual(tmp_path, comment):
    # the comparison opening the second line was not seen: the first was turned round and said applied
    quoted = SPLIT.splitlines()[2:4]
    s = sugg(PATH, "qx_xmit", ["+" + q for q in quoted], comment, lines=(3, 4))
    s.quote = s.anchor.code = quoted
    after, _, _ = pipeline(tmp_path, PATH, SPLIT, [s])
    assert after == SPLIT and s.status == Status.MANUAL
    assert s.reason == ("constant-right: 2 comparisons with the constant on the left on the quoted lines: which "
                        "one is meant is not clear")


@pytest.mark.parametrize(("line", "above", "found"), [
    ("\t    NULL == qa->data)", "\tif (QX_MAX_LEN < qa->len ||", ["\t    qa->data == NULL)"]),
    ("\t    NULL == qa->data)", "\tif (a +", [])])
def test_a_comparison_opening_a_line_the_line_above_left_open(line, above, found):
    assert swapped(line, above) == found
