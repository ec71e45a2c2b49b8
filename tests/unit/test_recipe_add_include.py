"""add-include: the header a reviewer asks for, or the one a helper another rule brings in needs, goes
among the file's own #include lines (in order when they are sorted); nothing when it is there."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipe import Manual
from cocci.recipes.add_include import header_asked, insertion
from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/err.h>
#include <linux/hwmon.h>
#include <linux/hwmon-sysfs.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

static ssize_t qx_show(struct qx *q, char *buf)
{
\treturn sysfs_emit(buf, "%s\\n", q->on ? "on" : "off");
}
"""


def test_what_asks_for_a_header():
    assert header_asked("Please include <linux/bits.h> for BIT().") == "linux/bits.h"
    assert header_asked("missing #include <linux/bitfield.h>") == "linux/bitfield.h"
    assert header_asked("This needs linux/string_choices.h included.") == "linux/string_choices.h"
    assert header_asked("<linux/bits.h> and <linux/bitfield.h> please, include both") is None
    assert header_asked("See include/linux/slab.h for the rules.") is None
    assert header_asked("You also need <linux/bits.h> for BIT().") == "linux/bits.h"
    assert header_asked("You don't need <linux/kernel.h> here.") is None
    assert header_asked("No need for <linux/slab.h> any more.") is None


def test_the_header_goes_in_its_sorted_place_or_after_the_last_one():
    assert insertion(SRC, "linux/io.h") == ("#include <linux/hwmon-sysfs.h>",
                                            ["#include <linux/hwmon-sysfs.h>", "#include <linux/io.h>"])
    assert insertion(SRC, "linux/bits.h") == ("#include <linux/err.h>",
                                              ["#include <linux/bits.h>", "#include <linux/err.h>"])
    unsorted = SRC.replace("#include <linux/err.h>\n", "") + "#include <linux/err.h>\n"
    assert insertion(unsorted, "linux/bits.h")[1] == ["#include <linux/err.h>", "#include <linux/bits.h>"]
    with pytest.raises(Manual):
        insertion("static int x;\n", "linux/bits.h")


def test_a_header_asked_for_is_added_once(tmp_path: Path):
    s = sugg(PATH, "qx_show", ['+\treturn sysfs_emit(buf, "%s\\n", q->on ? "on" : "off");'],
             "Please include <linux/string_choices.h> and use str_on_off().")
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert s.status == Status.APPLIED, s.reason
    assert "#include <linux/slab.h>\n#include <linux/string_choices.h>\n#include <linux/sysfs.h>\n" in after
    assert "str_on_off(q->on)" in after


def test_a_header_the_file_has_is_not_added_again(tmp_path: Path):
    s = sugg(PATH, "qx_show", ['+\treturn sysfs_emit(buf, "%s\\n", q->on ? "on" : "off");'],
             "You need to include <linux/slab.h> here.")
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert s.status != Status.APPLIED and after == SRC


@pytest.mark.parametrize("comment", ["Don't include <linux/kernel.h>, it is a catch-all.",
                                     "No need to include <linux/printk.h> here.", "Why include <linux/printk.h>?",
                                     "<linux/printk.h> is not needed."])
def test_a_header_turned_down_or_asked_away_is_not_added(tmp_path, comment):
    assert header_asked(comment) is None
    s = sugg(PATH, "qx_show", ["+\treturn sysfs_emit(buf, \"%s\\n\", q->on ? \"on\" : \"off\");"], comment,
             answer="", lines=(10, 10))
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert s.status != Status.APPLIED and after == SRC
