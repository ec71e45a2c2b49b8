"""bool-assign: an if/else setting a flag either way becomes one assignment, never a wrong truth value."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
struct qx_chip {
\tbool inverted;
\tint mode;
};

static void qx_parse(struct device *dev, struct qx_chip *chip, u32 val)
{
\tif (of_property_read_bool(dev->of_node, "qx,inverted"))
\t\tchip->inverted = true;
\telse
\t\tchip->inverted = false;

\tif (val > 3) {
\t\tchip->mode = 0;
\t} else {
\t\tchip->mode = 1;
\t}

\tif (val & BIT(2))
\t\tchip->mode = 1;
\telse
\t\tchip->mode = 0;
}
"""


def _sugg(first: int, last: int, comment: str, code: list[str] | None = None):
    quoted = SRC.splitlines()[first - 1:last]
    s = sugg(PATH, "qx_parse", ["+" + q for q in quoted], comment, lines=(first, last))
    s.quote = s.anchor.code = quoted
    s.code = code or []
    return s


@pytest.mark.parametrize(("comment", "code"), [
    ("This can be a single assignment.", None),
    ("", ['chip->inverted = of_property_read_bool(dev->of_node, "qx,inverted");'])])
def test_a_bool_flag_gets_the_condition(tmp_path, comment, code):
    s = _sugg(8, 11, comment, code)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("bool-assign", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        '-\tif (of_property_read_bool(dev->of_node, "qx,inverted"))',
        "-\t\tchip->inverted = true;",
        "-\telse",
        "-\t\tchip->inverted = false;",
        '+\tchip->inverted = of_property_read_bool(dev->of_node, "qx,inverted");']


def test_an_int_flag_set_the_other_way_gets_the_negated_comparison(tmp_path):
    s = _sugg(13, 17, "Assign it directly.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "\n\tchip->mode = !(val > 3);\n\n\tif (val & BIT(2))" in after


@pytest.mark.parametrize("comment", ["This can be a single assignment.",
                                     # a remark in words only: still a request, said manual with its reason
                                     "One assignment is enough here."])
def test_an_int_flag_from_a_mask_would_need_two_nots_and_is_manual(tmp_path, comment):
    s = _sugg(19, 22, comment)
    s.kind = "comment"
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert "chip->mode is int, not bool, and val & BIT(2) is no truth value: the assignment would need !!" \
        in s.reason


@pytest.mark.parametrize(("condition", "shown"), [("priv->flags", "priv->flags"), ("val >> 3", "val >> 3"),
                                                  ("val << 1", "val << 1")])
def test_a_member_or_a_shift_is_no_truth_value(tmp_path, condition, shown):
    src = SRC.replace("if (val & BIT(2))", f"if ({condition})").replace(
        "u32 val)", "u32 val, struct qx_priv *priv)")
    quoted = src.splitlines()[18:22]
    s = sugg(PATH, "qx_parse", ["+" + q for q in quoted], "This can be a single assignment.", lines=(19, 22))
    s.quote = s.anchor.code = quoted
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert after == src and s.status == Status.MANUAL
    assert f"chip->mode is int, not bool, and {shown} is no truth value" in s.reason
