"""use-local: "You have dev for this." under `dev_err(&pdev->dev, ...)` of a function with
`struct device *dev = &pdev->dev;`: the quoted lines get the local; nothing when the two may differ."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "sound/soc/codecs/qx-amp.c"
SRC = """\
static int qx_probe(struct platform_device *pdev)
{
\tstruct device *dev = &pdev->dev;
\tu32 gain;

\tif (device_property_read_u32(dev, "qx,gain", &gain))
\t\treturn 0;
\tif (gain > 24) {
\t\tdev_err(&pdev->dev, "bad gain %u\\n", gain);
\t\treturn -EINVAL;
\t}
\tdev_info(&pdev->dev, "gain %u\\n", gain);
\treturn 0;
}

static int qx_other(struct platform_device *pdev)
{
\tstruct device *dev = &pdev->dev;

\tpdev = qx_next(pdev);
\tdev_info(&pdev->dev, "next\\n");
\treturn dev ? 0 : -ENODEV;
}
"""
QUOTE = ["+\t\tdev_err(&pdev->dev, \"bad gain %u\\n\", gain);"]


@pytest.mark.parametrize("comment", ["You have dev for this.", "Please use the local dev variable here."])
def test_the_quoted_line_uses_the_local(tmp_path, comment):
    s = sugg(PATH, "qx_probe", QUOTE, comment, answer="Yes.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("use-local", Status.APPLIED), s.reason
    assert after == SRC.replace("\t\tdev_err(&pdev->dev,", "\t\tdev_err(dev,")


def test_everywhere_takes_every_line_after_the_declaration(tmp_path):
    s = sugg(PATH, "qx_probe", QUOTE, "Use dev everywhere in this function.", answer="Ok.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("use-local", Status.APPLIED), s.reason
    assert after == SRC.replace("\t\tdev_err(&pdev->dev,", "\t\tdev_err(dev,").replace(
        "\tdev_info(&pdev->dev, \"gain", "\tdev_info(dev, \"gain")


def test_a_local_whose_source_changes_stays_manual(tmp_path):
    s = sugg(PATH, "qx_other", ["+\tdev_info(&pdev->dev, \"next\\n\");"], "You have dev for this.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status == Status.MANUAL and "pdev is assigned" in s.reason and after == SRC


def test_a_comment_proposing_a_call_is_not_about_the_local(tmp_path):
    s = sugg(PATH, "qx_probe", QUOTE, "Please use dev_warn(dev, ...) here, the gain is only a hint.")
    applied(tmp_path, PATH, SRC, s)
    assert s.kind != "use-local"


def test_both_under_one_of_two_lines_takes_the_other_too(tmp_path):
    """Before: only the quoted dev_err() changed, reported applied."""
    s = sugg(PATH, "qx_probe", QUOTE, "You have dev, use it in both.", answer="Ok.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status, s.reason) == ("use-local", Status.APPLIED, "")
    assert after == SRC.replace("\t\tdev_err(&pdev->dev,", "\t\tdev_err(dev,").replace(
        "\tdev_info(&pdev->dev, \"gain", "\tdev_info(dev, \"gain")


def test_both_with_more_than_two_lines_to_choose_from_is_manual(tmp_path):
    src = SRC.replace("\treturn 0;\n}\n\nstatic int qx_other", "\tdev_dbg(&pdev->dev, \"done\\n\");\n\treturn 0;\n}\n\n"
                      "static int qx_other")
    s = sugg(PATH, "qx_probe", QUOTE, "You have dev, use it in both.", answer="Ok.")
    after = applied(tmp_path, PATH, src, s)[0]
    assert (s.status, s.reason) == (Status.MANUAL, 'use-local: the comment says "both", and qx_probe() spells out '
                                    '&pdev->dev in 3 places after the declaration: which other one is meant is for '
                                    'the author')
    assert after == src
