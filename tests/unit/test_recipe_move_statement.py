"""move-statement: removed from the source function, first statement of the target."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import spatch
from cocci.recipe import CodeContext, Manual
from cocci.recipes.move_statement import RECIPE
from patches.model import Anchor, Person, Response, Suggestion

DATA = Path(__file__).resolve().parent.parent / "data" / "c" / "structural"
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def suggestion(function: str, quoted: list[str], comment: str) -> Suggestion:
    return Suggestion(id="1.2", patch=1, reviewer=Person("Ada Reviewer", "ada@example.org"),
                      comment=comment, anchor=Anchor(file="net_xmit.c", function=function, code=quoted),
                      response=Response.ACCEPTED, response_text="Sure.")


def apply(tmp_path: Path, s: Suggestion, text: str) -> tuple[str, object]:
    ctx = CodeContext(path="net_xmit.c", text=text, function=s.anchor.function)
    plan = RECIPE.understand(s, ctx)
    assert plan is not None
    rule = tmp_path / "rule.cocci"
    rule.write_text(RECIPE.render(s, plan, ctx))
    f = tmp_path / "net_xmit.c"
    f.write_text(text)
    spatch.apply(rule, [f])
    return f.read_text(), plan


def test_moves_check_to_the_beginning_of_the_named_function(tmp_path):
    text = (DATA / "net_xmit.c").read_text()
    s = suggestion("vxl_send_one", ["WARN_ON_ONCE(!(dev->flags & IFF_UP));"],
                   "This should rather be checked at the very beginning of vxl_xmit().")
    after, plan = apply(tmp_path, s, text)
    assert plan.summary == "Check IFF_UP first in vxl_xmit()"
    expected = text.replace("\t}\n\tWARN_ON_ONCE(!(dev->flags & IFF_UP));\n", "\t}\n").replace(
        "\tint err;\n\n\t/* only IPv4 and IPv6 */",
        "\tint err;\n\n\tWARN_ON_ONCE(!(dev->flags & IFF_UP));\n\n\t/* only IPv4 and IPv6 */")
    assert after == expected
    assert RECIPE.verify(s, plan, text, after) == ""
    # running the rule again changes nothing (the statement is no longer in the source)
    rule = tmp_path / "rule.cocci"
    f = tmp_path / "net_xmit.c"
    spatch.apply(rule, [f])
    assert f.read_text() == expected


def test_moves_within_the_anchored_function(tmp_path):
    text = (DATA / "net_xmit.c").read_text()
    s = suggestion("vxl_send_one", ["WARN_ON_ONCE(!(dev->flags & IFF_UP));"], "Please move this to the top.")
    after, plan = apply(tmp_path, s, text)
    assert "\tunsigned int mtu = dev->mtu;\n\n\tWARN_ON_ONCE(!(dev->flags & IFF_UP));\n\n\tif (skb->len > mtu) {" \
        in after
    assert after.count("WARN_ON_ONCE(!(dev->flags & IFF_UP));") == 1


def test_refuses_when_the_target_lacks_a_variable():
    text = (DATA / "net_xmit.c").read_text()
    s = suggestion("vxl_xmit_raw", ["WARN_ON_ONCE(proto == 0);"],
                   "Check this first, at the start of vxl_send_one().")
    with pytest.raises(Manual, match="proto is not known in vxl_send_one"):
        RECIPE.understand(s, CodeContext("net_xmit.c", text, "vxl_xmit_raw"))


def test_refuses_relative_positions_and_ignores_other_comments():
    text = (DATA / "net_xmit.c").read_text()
    ctx = CodeContext("net_xmit.c", text, "vxl_send_one")
    s = suggestion("vxl_send_one", ["WARN_ON_ONCE(!(dev->flags & IFF_UP));"], "Move this before kfree_skb().")
    with pytest.raises(Manual, match="before kfree_skb"):
        RECIPE.understand(s, ctx)
    s = suggestion("vxl_send_one", ["WARN_ON_ONCE(!(dev->flags & IFF_UP));"], "Can this be WARN_ON()?")
    assert RECIPE.understand(s, ctx) is None
