"""include-order: an `#include` the patch adds out of order, quoted with "please keep the includes in
alphabetical order", moves to its sorted place among the includes of its directory; a block with no one
place for it is left to the author."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipe import Manual
from cocci.recipes.include_order import quoted_include, reordered
from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/pinctrl/pinctrl-qx.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/bitfield.h>
#include <linux/regmap.h>
#include <linux/io.h>
#include <linux/of.h>
#include <linux/platform_device.h>

#include <asm/byteorder.h>

static int qx_pin_get(struct qx *q)
{
\treturn readl(q->base);
}
"""


def test_the_added_include_is_the_one_quoted():
    assert quoted_include([" #include <linux/bitfield.h>", "+#include <linux/regmap.h>"]) == \
        "#include <linux/regmap.h>"
    assert quoted_include(["#include <linux/of.h>"]) == "#include <linux/of.h>"
    assert quoted_include(["+#include <linux/of.h>", "+#include <linux/io.h>"]) is None


def test_the_line_goes_between_the_last_smaller_and_the_first_greater():
    lines = SRC.splitlines()
    assert reordered(lines, 2) == (2, ["#include <linux/io.h>", "#include <linux/of.h>",
                                       "#include <linux/platform_device.h>", "#include <linux/regmap.h>"])
    with pytest.raises(Manual, match="already"):
        reordered(["#include <linux/err.h>", "#include <linux/of.h>", "#include <linux/slab.h>"], 1)
    shuffled = ["#include <linux/slab.h>", "#include <linux/err.h>", "#include <linux/of.h>"]
    with pytest.raises(Manual, match="not in alphabetical order"):
        reordered(shuffled, 2)


def test_an_include_is_moved_to_its_place(tmp_path: Path):
    s = sugg(PATH, "", [" #include <linux/bitfield.h>", "+#include <linux/regmap.h>"],
             "Please keep the includes in alphabetical order.")
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert s.status == Status.APPLIED, s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == \
        ["-#include <linux/regmap.h>", "+#include <linux/regmap.h>"]
    assert "#include <linux/platform_device.h>\n#include <linux/regmap.h>\n\n#include <asm/" in after


def test_another_wording(tmp_path: Path):
    src = "#include <linux/err.h>\n#include <linux/slab.h>\n#include <linux/clk.h>\n"
    s = sugg(PATH, "", ["+#include <linux/clk.h>"], "The headers are kept sorted in this file.")
    after, _ = applied(tmp_path, PATH, src, s)
    assert s.status == Status.APPLIED, s.reason
    assert after == "#include <linux/clk.h>\n#include <linux/err.h>\n#include <linux/slab.h>\n"


def test_a_block_out_of_order_stays_manual(tmp_path: Path):
    src = "#include <linux/slab.h>\n#include <linux/err.h>\n#include <linux/of.h>\n"
    s = sugg(PATH, "", ["+#include <linux/of.h>"], "Please keep the includes in alphabetical order.")
    after, _ = applied(tmp_path, PATH, src, s)
    assert s.status == Status.MANUAL
    assert after == src


NEW_DRIVER = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/iio/iio.h>
#include <linux/bitfield.h>
#include <linux/i2c.h>

#include <asm/byteorder.h>

static int qx_get(struct qx *q)
{
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["Please sort the includes alphabetically.", "Keep these sorted, please."])
def test_a_quoted_block_of_added_includes_is_sorted(tmp_path, comment):
    quoted = ["+" + ln for ln in NEW_DRIVER.splitlines()[1:5]]
    s = sugg(PATH, None, quoted, comment, answer="", lines=(2, 5))
    after = applied(tmp_path, PATH, NEW_DRIVER, s)[0]
    assert (s.kind, s.status) == ("include-order", Status.APPLIED), s.reason
    assert after == NEW_DRIVER.replace(
        "#include <linux/module.h>\n#include <linux/iio/iio.h>\n#include <linux/bitfield.h>\n#include <linux/i2c.h>\n",
        "#include <linux/bitfield.h>\n#include <linux/i2c.h>\n#include <linux/iio/iio.h>\n#include <linux/module.h>\n")


def test_the_blocks_of_two_directories_are_sorted_each_on_its_own(tmp_path):
    text = NEW_DRIVER.replace("#include <asm/byteorder.h>\n",
                              "#include <asm/unaligned.h>\n#include <asm/byteorder.h>\n")
    quoted = ["+" + ln for ln in text.splitlines()[1:9]]
    s = sugg(PATH, None, quoted, "Please sort the includes alphabetically.", answer="", lines=(2, 8))
    after = applied(tmp_path, PATH, text, s)[0]
    assert (s.kind, s.status) == ("include-order", Status.APPLIED), s.reason
    assert after.splitlines()[1:8] == ["#include <linux/bitfield.h>", "#include <linux/i2c.h>",
                                       "#include <linux/iio/iio.h>", "#include <linux/module.h>", "",
                                       "#include <asm/byteorder.h>", "#include <asm/unaligned.h>"]


def test_a_quote_of_includes_with_a_line_between_them_is_manual(tmp_path):
    text = NEW_DRIVER.replace("#include <linux/bitfield.h>\n", "#include <linux/bitfield.h>\n#include \"qx.h\"\n")
    quoted = ["+" + ln for ln in text.splitlines()[1:6]]
    s = sugg(PATH, None, quoted, "Please sort the includes alphabetically.", answer="", lines=(2, 6))
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.MANUAL and "other lines between" in s.reason and after == text
