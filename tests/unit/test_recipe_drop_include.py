"""drop-include: an added `#include` the reviewer calls not needed goes; a question, a request to keep
it, or a quote with other lines is not this recipe's."""
from __future__ import annotations

import pytest

from cocci.recipes.drop_include import quoted_include_line
from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/iio/adc/qx-adc.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/i2c.h>

#include "qx-core.h"

static int qx_get(struct qx *q)
{
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["Not needed, nothing sleeps here.", "Unused include.",
                                     "Drop this, you don't need delay.h."])
def test_the_added_include_goes(tmp_path, comment):
    s = sugg(PATH, None, ["+#include <linux/delay.h>"], comment, answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("drop-include", Status.APPLIED), s.reason
    assert after == SRC.replace("#include <linux/delay.h>\n", "")


def test_an_include_alone_between_blank_lines_takes_one_of_them_along(tmp_path):
    s = sugg(PATH, None, ["+#include \"qx-core.h\""], "This header is not needed.", answer="", lines=(6, 6))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("drop-include", Status.APPLIED), s.reason
    assert after == SRC.replace("#include \"qx-core.h\"\n\n", "")


@pytest.mark.parametrize("comment", ["Why is this include needed?", "Please keep this, msleep() needs it."])
def test_a_question_or_a_keep_leaves_it(tmp_path, comment):
    s = sugg(PATH, None, ["+#include <linux/delay.h>"], comment, answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.kind != "drop-include" and after == SRC


def test_only_a_quote_of_the_include_alone_counts():
    assert quoted_include_line(["+#include <linux/delay.h>", "+"]) == "#include <linux/delay.h>"
    assert quoted_include_line([" #include <linux/bitfield.h>", "+#include <linux/delay.h>"]) == \
        "#include <linux/delay.h>"
    assert quoted_include_line(["+#include <linux/delay.h>", "+#define QX_REG 0x10"]) is None
    assert quoted_include_line(["#include <linux/delay.h>"]) == "#include <linux/delay.h>"


@pytest.mark.parametrize("comment", ["delay.h is not needed here, use <linux/iopoll.h> instead.",
                                     "Please drop <linux/delay.h> in favour of linux/iopoll.h."])
def test_a_header_named_in_its_place_is_manual(tmp_path, comment):
    s = sugg(PATH, None, ["+#include <linux/delay.h>"], comment, answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status == Status.MANUAL
    assert "drop-include: the comment also names <linux/iopoll.h>, which the file does not include: dropping " \
           "this include for that one is for the author" in s.reason
    assert after == SRC


def test_a_header_the_file_already_has_is_no_swap(tmp_path):
    s = sugg(PATH, None, ["+#include <linux/delay.h>"], "Not needed, linux/i2c.h is all this uses.", answer="",
             lines=(3, 3))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("drop-include", Status.APPLIED), s.reason
    assert after == SRC.replace("#include <linux/delay.h>\n", "")


@pytest.mark.parametrize("comment", ["Don't drop this one, fsleep() needs it.",
                                     "You should not remove delay.h, the macro below uses it."])
def test_a_drop_turned_down_changes_nothing(tmp_path, comment):
    s = sugg(PATH, None, ["+#include <linux/delay.h>"], comment, answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.kind != "drop-include"
    assert after == SRC
