"""rename-call across the firmware-node accessor families: "Use device_property_read_u32()" under an
of_property_read_u32() call renames it and passes the device whose node it read; where the code does
not say which device that is, or the other arguments may differ, manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/iio/adc/qx.c"
SRC = """\
static int qx_parse(struct device *dev, struct qx *q)
{
\tstruct device_node *np = dev->of_node;
\tint ret;

\tret = of_property_read_u32(np, "acme,mode", &q->mode);
\tif (ret)
\t\treturn ret;
\tq->fast = of_property_read_bool(dev->of_node, "acme,fast");
\treturn 0;
}

static int qx_probe(struct platform_device *pdev)
{
\tstruct qx *q = platform_get_drvdata(pdev);

\treturn of_property_read_u32(pdev->dev.of_node, "acme,rate",
\t\t\t\t    &q->rate);
}

static const void *qx_match(struct platform_device *pdev)
{
	return of_device_get_match_data(&pdev->dev);
}

static int qx_child(struct device_node *np, struct qx *q)
{
\treturn of_property_read_u32(np, "reg", &q->reg);
}
"""


def run(tmp_path: Path, fn: str, line: str, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, ["+" + line], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_a_local_node_is_replaced_by_the_device_it_was_read_from(tmp_path):
    s, after = run(tmp_path, "qx_parse", '\tret = of_property_read_u32(np, "acme,mode", &q->mode);',
                   "Please use device_property_read_u32().")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace('of_property_read_u32(np, "acme,mode"', 'device_property_read_u32(dev, "acme,mode"')
    assert s.reason == "partly: the rest is left to the author (np is no longer used in qx_parse(): drop it)"


def test_dev_of_node_becomes_dev(tmp_path):
    s, after = run(tmp_path, "qx_parse", '\tq->fast = of_property_read_bool(dev->of_node, "acme,fast");',
                   "device_property_read_bool() please, so that ACPI works too.")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace("of_property_read_bool(dev->of_node,", "device_property_read_bool(dev,")
    assert s.reason == ""


def test_a_bus_device_node_becomes_the_address_of_its_device_and_the_continuation_moves(tmp_path):
    s, after = run(tmp_path, "qx_probe", '\treturn of_property_read_u32(pdev->dev.of_node, "acme,rate",',
                   "Use fwnode_property_read_u32()")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace('\treturn of_property_read_u32(pdev->dev.of_node, "acme,rate",\n\t\t\t\t    &q->rate);',
                                '\treturn fwnode_property_read_u32(dev_fwnode(&pdev->dev), "acme,rate",\n'
                                '\t\t\t\t\t&q->rate);')


@pytest.mark.parametrize("fn, line, comment, why", [
    ("qx_child", '\treturn of_property_read_u32(np, "reg", &q->reg);', "Use device_property_read_u32().",
     "does not say which device"),
    ("qx_parse", '\tret = of_property_read_u32(np, "acme,mode", &q->mode);', "Use device_property_count_u32().",
     "its other arguments may differ"),
])
def test_a_node_whose_device_is_not_written_is_manual(tmp_path, fn, line, comment, why):
    """Before: the call was renamed and kept the node, which device_*() does not take."""
    s, after = run(tmp_path, fn, line, comment)
    assert s.status == Status.MANUAL and why in s.reason and after == SRC


def test_an_of_device_call_takes_the_device_already(tmp_path):
    s, after = run(tmp_path, "qx_match", "\treturn of_device_get_match_data(&pdev->dev);",
                   "Please use device_get_match_data().")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace("of_device_get_match_data(&pdev->dev)", "device_get_match_data(&pdev->dev)")
