"""Removals of lines that read alike (the same call, another string): each comment's target is the line
at its own place, so a second comment under a sibling line is not taken for done when the first line
goes, and two comments under one line remove that line alone."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg
from tests.unit.test_drop_patch import AUTHOR, PATCH2, PATH as QRX7, REVIEWER, _git, _reply, _run, _series

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/mfd/tps6xx-core.c"
SRC = """\
static int tps6xx_setup(struct tps6xx *tps)
{
	int ret;

	dev_info(tps->dev, "resetting the PMIC\\n");
	ret = regmap_write(tps->regmap, TPS6XX_RESET, 1);
	if (ret)
		return ret;

	msleep(10);
	dev_info(tps->dev, "PMIC is up\\n");
	return regmap_write(tps->regmap, TPS6XX_IRQ_MASK, 0xff);
}
"""
FIRST = "\tdev_info(tps->dev, \"resetting the PMIC\\n\");\n"
SECOND = "\tdev_info(tps->dev, \"PMIC is up\\n\");\n"


@pytest.mark.parametrize("wording", ["Please drop this print too.", "No need for this one either, remove it."])
def test_the_sibling_line_goes_too(tmp_path, wording):
    one = sugg(PATH, "tps6xx_setup", ["+" + FIRST.rstrip("\n")], "Please drop this print.", sid="1.1",
               lines=(5, 5))
    two = sugg(PATH, "tps6xx_setup", ["+" + SECOND.rstrip("\n")], wording, sid="1.2", lines=(11, 11))
    after, _, _ = pipeline(tmp_path, PATH, SRC, [one, two])
    assert [(s.kind, s.status) for s in (one, two)] == [("remove-statements", Status.APPLIED)] * 2, \
        (one.reason, two.reason)
    assert after == SRC.replace(FIRST, "").replace(SECOND, "")


@pytest.mark.parametrize("wording", ["Please drop this print.", "This print is not needed, remove it."])
def test_the_same_line_asked_twice_goes_alone(tmp_path, wording):
    one = sugg(PATH, "tps6xx_setup", ["+" + FIRST.rstrip("\n")], "Please drop this print.", sid="1.1",
               lines=(5, 5))
    two = sugg(PATH, "tps6xx_setup", ["+" + FIRST.rstrip("\n")], wording, sid="2.1", lines=(5, 5))
    after, _, _ = pipeline(tmp_path, PATH, SRC, [one, two])
    assert [(s.kind, s.status) for s in (one, two)] == [("remove-statements", Status.APPLIED)] * 2, \
        (one.reason, two.reason)
    assert after == SRC.replace(FIRST, "")


THIRD = PATCH2.replace("static void qrx7_remove(struct platform_device *pdev)\n{\n}\n",
                       "static void qrx7_remove(struct platform_device *pdev)\n{\n"
                       "\tdev_info(&pdev->dev, \"going\\n\");\n\tplatform_set_drvdata(pdev, NULL);\n"
                       "\tdev_info(&pdev->dev, \"gone\\n\");\n}\n")


@pytest.mark.parametrize("second", ["Same here.", "Drop this one too, please."])
def test_same_here_under_the_sibling_line_removes_it(tmp_path, second):
    tree, mbox = _series(tmp_path, "Looks fine.", third=THIRD)
    text = mbox.decode()
    ids = [ln.split("<")[1].rstrip(">") for ln in text.splitlines() if ln.lower().startswith("message-id:")]
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][3][len("Subject: "):]
    body = (f"On Wed, Apr 02, {AUTHOR[0]} wrote:\n> +\tdev_info(&pdev->dev, \"going\\n\");\n\n"
            "Please drop this print.\n\n> +\tplatform_set_drvdata(pdev, NULL);\n"
            f"> +\tdev_info(&pdev->dev, \"gone\\n\");\n\n{second}\n\nPiet")
    text += "\n" + _reply("r3@example.nl", ids[3], subject, REVIEWER, body, "Mon, 07 Apr 2025 12:00:00 +0000")
    result = _run(tmp_path, tree, text.encode())
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("remove-statements", Status.APPLIED, "")] * 2
    code = _git(tree, "show", f"{result.branch}:{QRX7}")
    assert "static void qrx7_remove(struct platform_device *pdev)\n{\n\tplatform_set_drvdata(pdev, NULL);\n}\n" in code


def test_a_line_another_rule_rewrote_is_not_taken_for_removed(tmp_path):
    """One comment renames the print's call, another drops the print: the renamed line still stands where
    the print was, so the removal is not reported done while the line is still there."""
    rename = sugg(PATH, "tps6xx_setup", ["+" + FIRST.rstrip("\n")], "Use dev_dbg() here.", sid="1.1", lines=(5, 5))
    drop = sugg(PATH, "tps6xx_setup", ["+" + FIRST.rstrip("\n")], "Please drop this print.", sid="2.1",
                lines=(5, 5))
    after, _, _ = pipeline(tmp_path, PATH, SRC, [rename, drop])
    assert "\tdev_dbg(tps->dev, \"resetting the PMIC\\n\");\n" in after
    assert rename.status == Status.APPLIED
    assert drop.status != Status.APPLIED and "still there" in drop.reason
