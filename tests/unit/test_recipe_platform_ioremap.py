"""platform-ioremap: a resource looked up only to be mapped becomes devm_platform_ioremap_resource() (its
pointer going when unused); a resource used again below keeps it through the get_and_ form, or stays manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

PATH = "drivers/soc/qx/qx.c"
SRC = """\
static int qx_probe(struct platform_device *pdev)
{
\tstruct device *dev = &pdev->dev;
\tstruct qx_priv *priv;
\tstruct resource *res;

\tpriv = devm_kzalloc(dev, sizeof(*priv), GFP_KERNEL);
\tif (!priv)
\t\treturn -ENOMEM;

\tres = platform_get_resource(pdev, IORESOURCE_MEM, 0);
\tpriv->base = devm_ioremap_resource(dev, res);
\tif (IS_ERR(priv->base))
\t\treturn PTR_ERR(priv->base);

\treturn 0;
}
"""
USED = SRC.replace("\n\treturn 0;\n}", "\tpriv->phys = res->start;\n\n\treturn 0;\n}")
LOOKUP = "\tres = platform_get_resource(pdev, IORESOURCE_MEM, 0);"
MAPPED = "\tpriv->base = devm_ioremap_resource(dev, res);"


def run(tmp_path: Path, text: str, quoted: list[str], comment: str):
    line = text.splitlines().index(quoted[-1]) + 1
    s = sugg(PATH, "qx_probe", ["+" + q for q in quoted], comment, answer="", lines=(line - len(quoted) + 1, line))
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    return s, after


@pytest.mark.parametrize("comment", ["Use devm_platform_ioremap_resource().", "devm_platform_ioremap_resource(pdev, 0)",
                                     "Why not devm_platform_ioremap_resource()?"])
def test_the_pair_becomes_one_call_and_the_resource_pointer_goes(tmp_path, comment):
    s, after = run(tmp_path, SRC, [LOOKUP, MAPPED], comment)
    assert (s.kind, s.status) == ("platform-ioremap", Status.APPLIED), s.reason
    assert after == SRC.replace("\tstruct resource *res;\n", "").replace(
        LOOKUP + "\n" + MAPPED + "\n", "\tpriv->base = devm_platform_ioremap_resource(pdev, 0);\n")


def test_a_resource_used_below_keeps_it_through_get_and_ioremap(tmp_path):
    s, after = run(tmp_path, USED, [MAPPED], "Use devm_platform_get_and_ioremap_resource().")
    assert (s.kind, s.status) == ("platform-ioremap", Status.APPLIED), s.reason
    assert after == USED.replace(LOOKUP + "\n" + MAPPED + "\n",
                                 "\tpriv->base = devm_platform_get_and_ioremap_resource(pdev, 0, &res);\n")


def test_a_resource_used_below_is_manual_for_the_plain_helper(tmp_path):
    s, after = run(tmp_path, USED, [MAPPED], "Use devm_platform_ioremap_resource().")
    assert s.status == Status.MANUAL and after == USED
    assert "res is used again below" in s.reason


def test_a_look_up_by_name_becomes_the_byname_helper(tmp_path):
    text = SRC.replace("platform_get_resource(pdev, IORESOURCE_MEM, 0)",
                       "platform_get_resource_byname(pdev, IORESOURCE_MEM, \"ctrl\")")
    s, after = run(tmp_path, text, [MAPPED], "Please use devm_platform_ioremap_resource_byname().")
    assert (s.kind, s.status) == ("platform-ioremap", Status.APPLIED), s.reason
    assert "\tpriv->base = devm_platform_ioremap_resource_byname(pdev, \"ctrl\");\n" in after
    assert "struct resource *res;" not in after


def test_a_mapping_for_another_device_is_manual(tmp_path):
    text = SRC.replace("devm_ioremap_resource(dev, res)", "devm_ioremap_resource(priv->dev, res)")
    s, after = run(tmp_path, text, [LOOKUP], "Use devm_platform_ioremap_resource().")
    assert s.status == Status.MANUAL and after == text
