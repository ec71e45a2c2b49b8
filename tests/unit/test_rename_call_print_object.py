"""rename-call from dev_*() to the prints of the networking objects: `phydev_err()` takes the function's
one struct phy_device * as `netdev_err()` takes its struct net_device *; a call written with its first
argument and `...` ("netdev_err(ndev, ...)") is asked by name, and the object it writes must be the one the
function has."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/net/phy/qx.c"
SRC = """\
static int qx_phy_probe(struct phy_device *phydev)
{
\tstruct device *dev = &phydev->mdio.dev;
\tstruct clk *refclk;

\trefclk = devm_clk_get_optional_enabled(dev, NULL);
\tif (IS_ERR(refclk)) {
\t\tdev_err(dev, "Failed to request clock\\n");
\t\treturn PTR_ERR(refclk);
\t}
\treturn 0;
}

static int qx_open(struct net_device *ndev)
{
\tstruct qx_priv *priv = netdev_priv(ndev);

\tif (qx_reset(priv)) {
\t\tdev_warn(priv->dev, "reset failed\\n");
\t\treturn -EIO;
\t}
\treturn 0;
}
"""
CLK = '+\t\tdev_err(dev, "Failed to request clock\\n");'
RESET = '+\t\tdev_warn(priv->dev, "reset failed\\n");'


@pytest.mark.parametrize(("fn", "quoted", "comment", "old", "new"), [
    ("qx_phy_probe", CLK, "please use phydev_err()", '\t\tdev_err(dev, "Failed', '\t\tphydev_err(phydev, "Failed'),
    ("qx_phy_probe", CLK, "phydev_err(phydev, ...) please.", '\t\tdev_err(dev, "Failed',
     '\t\tphydev_err(phydev, "Failed'),
    ("qx_open", RESET, "netdev_warn(ndev, ...)", '\t\tdev_warn(priv->dev, "reset', '\t\tnetdev_warn(ndev, "reset'),
])
def test_the_device_argument_gives_way_to_the_object_of_the_function(tmp_path, fn, quoted, comment, old, new):
    s = sugg(PATH, fn, [quoted], comment)
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert [ln for ln in hunks(PATH, SRC, after) if ln[:1] in "+-"] == [
        "-" + quoted[1:], "+" + quoted[1:].replace(old, new)]


def test_another_object_written_than_the_function_has_is_manual(tmp_path):
    s = sugg(PATH, "qx_phy_probe", [CLK], "phydev_err(priv->phydev, ...) please.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason, rules, after) == (
        Status.MANUAL, "rename-call: the comment writes phydev_err() for priv->phydev, and qx_phy_probe() has "
        "phydev to print for: which one is for the author", [], SRC)


def test_a_phy_print_without_a_phy_device_is_manual(tmp_path):
    s = sugg(PATH, "qx_open", [RESET], "Use phydev_warn() here.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, rules, after) == (Status.MANUAL, [], SRC)
    assert s.reason == ("rename-call: phydev_warn() takes a struct phy_device * first and qx_open() has no such "
                        "parameter or local: which one to print for is for the author")


def test_a_phy_print_linux_phy_h_does_not_have_is_no_rename(tmp_path):
    """<linux/phy.h> defines phydev_err(), _warn(), _info() and _dbg() only: phydev_warn_once(dev, ...) would
    neither build nor print for the phy_device."""
    s = sugg(PATH, "qx_phy_probe", [CLK], "phydev_warn_once()?")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason, rules, after) == (Status.MANUAL, "no recipe understands this comment", [], SRC)
