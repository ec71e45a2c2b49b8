"""align-define: a `#define` the patch adds, quoted with "please align the value with the other defines",
gets its value moved to the column its block's neighbours use, padded the way they pad; neighbours that
disagree are left to the author."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipe import Manual
from cocci.recipes.align_define import aligned_line, quoted_define
from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/iio/adc/qx-adc.h"
SPACES = """\
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __QX_ADC_H__
#define __QX_ADC_H__

#define QX_ADC_CTRL          0x00
#define QX_ADC_STATUS        0x04
#define QX_ADC_FIFO_LEVEL 0x08

#define QX_ADC_CTRL_START    BIT(0)

#endif
"""
TABS = """\
#define QX_TMR_LOAD\t\t0x10
#define QX_TMR_VALUE\t\t0x14
#define QX_TMR_IRQ_CLEAR 0x18
"""


def test_the_added_define_is_the_one_quoted():
    assert quoted_define([" #define QX_ADC_STATUS        0x04", "+#define QX_ADC_FIFO_LEVEL 0x08"]) == \
        "#define QX_ADC_FIFO_LEVEL 0x08"
    assert quoted_define(["#define QX_ADC_FIFO_LEVEL 0x08"]) == "#define QX_ADC_FIFO_LEVEL 0x08"
    assert quoted_define(["+#define A 1", "+#define B 2"]) is None
    assert quoted_define(["+#define QX_MAX(a, b) ((a) > (b) ? (a) : (b))"]) is None


def test_the_value_goes_to_the_neighbours_column_with_their_padding():
    lines = SPACES.splitlines()
    assert aligned_line(lines, 6) == "#define QX_ADC_FIFO_LEVEL    0x08"
    assert aligned_line(TABS.splitlines(), 2) == "#define QX_TMR_IRQ_CLEAR\t0x18"


def test_neighbours_that_disagree_or_a_name_too_long_are_manual():
    with pytest.raises(Manual, match="one column"):
        aligned_line(["#define A_REG  0x1", "#define B_REG    0x2", "#define C_REG 0x3"], 2)
    with pytest.raises(Manual, match="too long"):
        aligned_line(["#define A 0x1", "#define B 0x2", "#define A_MUCH_LONGER_NAME 0x3"], 2)
    with pytest.raises(Manual, match="no neighbouring"):
        aligned_line(["", "#define LONELY 0x1", ""], 1)


def test_a_header_define_is_aligned(tmp_path: Path):
    s = sugg(PATH, "", ["#define QX_ADC_STATUS        0x04", "+#define QX_ADC_FIFO_LEVEL 0x08"],
             "Please align the value with the register defines around it.")
    after, _ = applied(tmp_path, PATH, SPACES, s)
    assert s.status == Status.APPLIED, s.reason
    assert [h for h in hunks(PATH, SPACES, after) if h[:1] in "+-"] == \
        ["-#define QX_ADC_FIFO_LEVEL 0x08", "+#define QX_ADC_FIFO_LEVEL    0x08"]


def test_another_wording_and_tabs(tmp_path: Path):
    path = "drivers/clocksource/qx-timer.h"
    s = sugg(path, "", ["+#define QX_TMR_IRQ_CLEAR 0x18"], "This is misaligned compared to the lines above.")
    after, _ = applied(tmp_path, path, TABS, s)
    assert s.status == Status.APPLIED, s.reason
    assert after == TABS.replace("#define QX_TMR_IRQ_CLEAR 0x18", "#define QX_TMR_IRQ_CLEAR\t0x18")


def test_without_the_edit_a_define_stays_manual(tmp_path: Path):
    src = "#define A_REG  0x1\n#define B_REG    0x2\n#define C_REG 0x3\n"
    s = sugg(PATH, "", ["+#define C_REG 0x3"], "Please align this with the others.")
    after, _ = applied(tmp_path, PATH, src, s)
    assert s.status == Status.MANUAL
    assert after == src
