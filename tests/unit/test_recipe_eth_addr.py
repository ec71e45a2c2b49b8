"""eth-addr: a memcpy() of one Ethernet address becomes ether_addr_copy() or eth_hw_addr_set(); another
length, a copy into the const dev_addr under ether_addr_copy(), and eth_hw_addr_set() for anything but
dev_addr are manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/net/ethernet/qx/qx_main.c"
SRC = """\
static void qx_set_mac(struct net_device *ndev, struct qx_priv *priv)
{
\tmemcpy(priv->perm_mac, priv->mac, ETH_ALEN);
\tmemcpy(ndev->dev_addr, priv->mac, ETH_ALEN);
\tmemcpy(priv->wol_pattern, priv->mac, 4);
}
"""


def run(tmp_path: Path, quoted: str, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_set_mac", ["+" + quoted], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


@pytest.mark.parametrize("quoted,comment,new", [
    ("\tmemcpy(priv->perm_mac, priv->mac, ETH_ALEN);", "ether_addr_copy()",
     "\tether_addr_copy(priv->perm_mac, priv->mac);"),
    ("\tmemcpy(ndev->dev_addr, priv->mac, ETH_ALEN);", "dev_addr is const, please use eth_hw_addr_set()",
     "\teth_hw_addr_set(ndev, priv->mac);"),
])
def test_the_copy_becomes_the_helper(tmp_path, quoted, comment, new):
    s, after = run(tmp_path, quoted, comment)
    assert (s.kind, s.status) == ("eth-addr", Status.APPLIED), s.reason
    assert after == SRC.replace(quoted, new)


@pytest.mark.parametrize("quoted,comment,reason", [
    ("\tmemcpy(ndev->dev_addr, priv->mac, ETH_ALEN);", "Use ether_addr_copy().", "only eth_hw_addr_set() writes it"),
    ("\tmemcpy(priv->wol_pattern, priv->mac, 4);", "ether_addr_copy() please", "copies 4 bytes"),
    ("\tmemcpy(priv->perm_mac, priv->mac, ETH_ALEN);", "eth_hw_addr_set()", "the memcpy() writes priv->perm_mac"),
])
def test_a_copy_the_helper_does_not_do_alike_is_manual(tmp_path, quoted, comment, reason):
    s, after = run(tmp_path, quoted, comment)
    assert s.status == Status.MANUAL and reason in s.reason, s.reason
    assert after == SRC


@pytest.mark.parametrize("comment", [
    "ether_addr_copy() requires both to be 2-byte aligned, which perm_mac is not, so memcpy() is right here.",
    "No need for ether_addr_copy() here, memcpy() is fine."])
def test_the_helper_turned_down_or_the_memcpy_defended_changes_nothing(tmp_path, comment):
    """Not the helper, and not the memcpy() dropped either: "No need for X" is about X, not the quoted call."""
    quoted = "\tmemcpy(priv->perm_mac, priv->mac, ETH_ALEN);"
    s, after = run(tmp_path, quoted, comment)
    assert s.status != Status.APPLIED and after == SRC
