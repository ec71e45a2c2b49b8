"""move-declaration from a declaration of several names: the name the comment means leaves the list and
is declared at the start of the block that uses it; a name whose value carries across iterations stays."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/net/phy/qx.c"
SRC = """\
static void qx_get_stats(struct phy_device *phydev, u64 *data)
{
\tstruct qx_priv *priv = phydev->priv;
\tint i, val;

\tfor (i = 0; i < QX_NSTATS; i++) {
\t\tval = phy_read(phydev, QX_STAT(i));
\t\tif (val < 0)
\t\t\tcontinue;
\t\tpriv->stats[i] += val;
\t}
}

static int qx_sum(struct phy_device *phydev)
{
\tint i, total;

\tfor (i = 0; i < QX_NSTATS; i++) {
\t\ttotal += phy_read(phydev, QX_STAT(i));
\t}
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["val is only used inside the loop, so it can be declared there.",
                                     "Please move val into the for loop."])
def test_the_name_leaves_the_list_for_the_loop_body(tmp_path, comment):
    s = sugg(PATH, "qx_get_stats", ["+\tint i, val;"], comment, answer="Ok.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("move-declaration", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint i, val;\n", "\tint i;\n").replace(
        "\t\tval = phy_read", "\t\tint val;\n\n\t\tval = phy_read")


def test_a_value_carried_across_iterations_stays(tmp_path):
    s = sugg(PATH, "qx_sum", ["+\tint i, total;"], "total is only used in the loop, declare it there.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status != Status.APPLIED and after == SRC
