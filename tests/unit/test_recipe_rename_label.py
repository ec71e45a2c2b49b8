"""rename (a goto label): the label the comment is under, or the one it names, takes the new name with
every goto to it; a new name the function uses already, or no label quoted, changes nothing."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/phy/qx-phy.c"
SRC = """\
static int qx_power_on(struct phy *phy)
{
\tstruct qx *q = phy_get_drvdata(phy);
\tint ret;

\tret = clk_enable(q->clk);
\tif (ret)
\t\treturn ret;

\tret = regulator_enable(q->vbus);
\tif (ret)
\t\tgoto err;

\tret = qx_write(q, QX_CTRL, QX_CTRL_ON);
\tif (ret)
\t\tgoto err_disable_vbus;

\treturn 0;

err_disable_vbus:
\tregulator_disable(q->vbus);
err:
\tclk_disable(q->clk);
\treturn ret;
}
"""
QUOTE = ["+err_disable_vbus:", "+\tregulator_disable(q->vbus);", "+err:", "+\tclk_disable(q->clk);"]


def run(tmp_path, comment):
    s = sugg(PATH, "qx_power_on", QUOTE, comment, answer="Sure.")
    s.quote = [q[1:] for q in QUOTE]
    return s, applied(tmp_path, PATH, SRC, s)[0]


@pytest.mark.parametrize("comment", ["Please name this one after what it undoes as well, err_disable_clk, so both "
                                     "labels read the same way.",
                                     "This label should say what it undoes: err_disable_clk."])
def test_the_label_above_the_comment_and_its_gotos_are_renamed(tmp_path, comment):
    s, after = run(tmp_path, comment)
    assert (s.kind, s.status) == ("rename", Status.APPLIED), s.reason
    assert after == SRC.replace("goto err;", "goto err_disable_clk;").replace("\nerr:\n", "\nerr_disable_clk:\n")


def test_a_new_name_in_use_changes_nothing(tmp_path):
    s, after = run(tmp_path, "Please name this label err_disable_vbus.")
    assert s.status != Status.APPLIED and after == SRC


@pytest.mark.parametrize("comment", ["s/err/err_disable_clk/", "Please rename the label to err_disable_clk."])
def test_a_label_named_under_its_goto_is_renamed_with_the_label(tmp_path, comment):
    """`s/err/err_disable_clk/` under `goto err;` (or a label rename asked there): written on the goto alone,
    the function would jump to a label it lacks; the label and every goto to it change together."""
    quote = ["+\tret = regulator_enable(q->vbus);", "+\tif (ret)", "+\t\tgoto err;"]
    s = sugg(PATH, "qx_power_on", quote, comment, answer="Sure.")
    s.quote = [q[1:] for q in quote]
    if comment.startswith("s/"):
        s.code = s.written = [comment]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("rename", Status.APPLIED), s.reason
    assert after == SRC.replace("goto err;", "goto err_disable_clk;").replace("\nerr:\n", "\nerr_disable_clk:\n")


def test_a_rename_under_a_goto_that_does_not_say_label_leaves_the_label(tmp_path):
    """A new name under a `goto` with no word of a label is not taken for the label's."""
    quote = ["+\tret = regulator_enable(q->vbus);", "+\tif (ret)", "+\t\tgoto err;"]
    s = sugg(PATH, "qx_power_on", quote, "Please rename ret to err_code.", answer="Sure.")
    s.quote = [q[1:] for q in quote]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert "\nerr:\n" in after and "goto err;" in after


def test_a_label_substitution_to_a_name_in_use_is_manual(tmp_path):
    quote = ["+\tret = regulator_enable(q->vbus);", "+\tif (ret)", "+\t\tgoto err;"]
    s = sugg(PATH, "qx_power_on", quote, "s/err/err_disable_vbus/", answer="Sure.")
    s.quote = [q[1:] for q in quote]
    s.code = s.written = ["s/err/err_disable_vbus/"]
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert after == SRC and s.status == Status.MANUAL
    assert "the new label name err_disable_vbus is already a name in qx_power_on()" in s.reason
