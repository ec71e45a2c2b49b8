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
