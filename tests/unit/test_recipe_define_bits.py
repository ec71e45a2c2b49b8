"""define-bits: BIT() and GENMASK() in the quoted #define lines, and never in a register offset."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/bits.h>
#include <linux/i2c.h>

#define QX_REG_CTRL\t\t0x00
#define QX_REG_STATUS\t\t0x04
#define QX_CTRL_EN\t\t(1 << 0)
#define QX_CTRL_RST\t\t(1U << 1)\t/* self-clearing */
#define QX_CTRL_MODE_MASK\t0xf0

#define QX_STATUS_BUSY\t\t(1 << 7)
#define QX_STATUS_ERR\t\t0x40

static int qx_enable(struct i2c_client *client)
{
\treturn i2c_smbus_write_byte_data(client, QX_REG_CTRL, QX_CTRL_EN | (1 << 3));
}

#define QX_LATE_FLAG\t\t(1 << 2)
"""
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _sugg(names: tuple[str, ...], comment: str):
    """The suggestion under the patch's quoted #define lines NAMES, as the review stage makes it."""
    lines = [ln for ln in SRC.splitlines() if ln.startswith("#define") and ln.split()[1] in names]
    s = sugg(PATH, None, ["+" + ln for ln in lines], comment)
    s.quote = s.anchor.code = lines
    return s


def test_the_quoted_shifts_become_bit(tmp_path):
    s = _sugg(("QX_CTRL_EN", "QX_CTRL_RST"), "Please use BIT() for these.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "define-bits",
                                             "Use BIT() in the definition of QX_CTRL_EN and 1 more")
    assert hunks(PATH, SRC, after)[1:] == [
        " ",
        " #define QX_REG_CTRL\t\t0x00",
        " #define QX_REG_STATUS\t\t0x04",
        "-#define QX_CTRL_EN\t\t(1 << 0)",
        "-#define QX_CTRL_RST\t\t(1U << 1)\t/* self-clearing */",
        "+#define QX_CTRL_EN\t\tBIT(0)",
        "+#define QX_CTRL_RST\t\tBIT(1)\t/* self-clearing */",
        " #define QX_CTRL_MODE_MASK\t0xf0",
        " ",
        " #define QX_STATUS_BUSY\t\t(1 << 7)",
    ]
    assert "//  > Please use BIT() for these." in rules[0].text


def test_a_block_of_defines_never_turns_a_register_offset_into_a_bit(tmp_path):
    """QX_REG_STATUS is 0x04, one set bit: under a quote of several lines it stays; the mask, named so,
    becomes GENMASK()."""
    s = _sugg(("QX_REG_CTRL", "QX_REG_STATUS", "QX_CTRL_EN", "QX_CTRL_RST", "QX_CTRL_MODE_MASK"),
              "Use BIT() and GENMASK() where applicable.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert hunks(PATH, SRC, after)[1:] == [
        " ",
        " #define QX_REG_CTRL\t\t0x00",
        " #define QX_REG_STATUS\t\t0x04",
        "-#define QX_CTRL_EN\t\t(1 << 0)",
        "-#define QX_CTRL_RST\t\t(1U << 1)\t/* self-clearing */",
        "-#define QX_CTRL_MODE_MASK\t0xf0",
        "+#define QX_CTRL_EN\t\tBIT(0)",
        "+#define QX_CTRL_RST\t\tBIT(1)\t/* self-clearing */",
        "+#define QX_CTRL_MODE_MASK\tGENMASK(7, 4)",
        " ",
        " #define QX_STATUS_BUSY\t\t(1 << 7)",
        " #define QX_STATUS_ERR\t\t0x40",
    ]


def test_one_quoted_number_is_what_the_reviewer_means(tmp_path):
    s = _sugg(("QX_STATUS_ERR"), "Use BIT()")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "#define QX_STATUS_ERR\t\tBIT(6)\n" in after and "#define QX_REG_STATUS\t\t0x04\n" in after


def test_same_below_reaches_the_defines_up_to_the_code(tmp_path):
    """The value written for the quoted line, then the shifts of the defines after it (across a blank
    line); not the shift in the function, not the define after the function, not a number."""
    s = _sugg(("QX_CTRL_EN"), "BIT(0). Same below.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "define-bits"), s.reason
    changed = [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"]
    assert changed == [
        "-#define QX_CTRL_EN\t\t(1 << 0)",
        "-#define QX_CTRL_RST\t\t(1U << 1)\t/* self-clearing */",
        "+#define QX_CTRL_EN\t\tBIT(0)",
        "+#define QX_CTRL_RST\t\tBIT(1)\t/* self-clearing */",
        "-#define QX_STATUS_BUSY\t\t(1 << 7)",
        "+#define QX_STATUS_BUSY\t\tBIT(7)",
    ]


def test_a_written_value_under_one_line_is_left_to_replace_expression(tmp_path):
    s = _sugg(("QX_STATUS_ERR"), "BIT(6)")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-expression"), s.reason
    assert "#define QX_STATUS_ERR\t\tBIT(6)\n" in after


def test_bit_argued_against_changes_nothing(tmp_path):
    from cocci.recipe import CodeContext
    from cocci.recipes.define_bits import RECIPE
    s = _sugg(("QX_REG_CTRL", "QX_CTRL_EN"), "Don't use BIT() for register offsets.")
    assert RECIPE.understand(s, CodeContext(PATH, SRC, None, {PATH: SRC}, [(s.id, s.quoted)])) is None


@pytest.mark.parametrize("comment", ["BIT() doesn't fit here, these are enumerated values, not bits.",
                                     "I know others use BIT() here, but this file never includes bits.h, so "
                                     "leave it."])
def test_bit_named_only_to_say_it_does_not_fit_changes_nothing(tmp_path, comment):
    s = _sugg(("QX_CTRL_EN",), comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.kind != "define-bits" and s.status != Status.APPLIED and after == SRC


@pytest.mark.parametrize(("value", "comment"), [("0x1f00000000", "GENMASK() please."),
                                                ("0x10000000000", "BIT() please.")])
def test_a_number_past_bit_31_is_not_turned_into_a_32_bit_wide_helper(tmp_path, value, comment):
    """BIT() and GENMASK() are an unsigned long: GENMASK(36, 32) does not build on a 32-bit kernel."""
    src = SRC.replace("#define QX_STATUS_ERR\t\t0x40", f"#define QX_STATUS_ERR_MASK\t{value}")
    line = f"#define QX_STATUS_ERR_MASK\t{value}"
    s = sugg(PATH, None, ["+" + line], comment)
    s.quote = s.anchor.code = [line]
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert s.kind != "define-bits" and s.status != Status.APPLIED and after == src


def test_a_value_mentioned_beside_the_named_helper_does_not_hide_the_request(tmp_path):
    s = _sugg(("QX_CTRL_EN", "QX_CTRL_RST"), "Why not BIT()? The driver used BIT(3) for the other bit.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("define-bits", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        "-#define QX_CTRL_EN\t\t(1 << 0)",
        "-#define QX_CTRL_RST\t\t(1U << 1)\t/* self-clearing */",
        "+#define QX_CTRL_EN\t\tBIT(0)",
        "+#define QX_CTRL_RST\t\tBIT(1)\t/* self-clearing */"]


@pytest.mark.parametrize("name", ["QX_MODE_SHIFT", "QX_MODE_WIDTH"])
def test_a_quantity_named_so_never_becomes_a_mask(tmp_path, name):
    """Before: "#define QX_MODE_SHIFT 6" with GENMASK() named under it became GENMASK(2, 1), a shift written
    as bits."""
    src = SRC.replace("#define QX_CTRL_MODE_MASK\t0xf0\n", f"#define QX_CTRL_MODE_MASK\t0xf0\n#define {name}\t\t6\n")
    s = sugg(PATH, None, [f"+#define {name}\t\t6"], "Please define the field with GENMASK() and use FIELD_GET().")
    s.quote = s.anchor.code = [f"#define {name}\t\t6"]
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert (s.status, s.reason) == (Status.MANUAL, "replace-expression: FIELD_GET() is named, but no open-coded "
                                                   "field (`(reg & MASK) >> SHIFT`, `(val << SHIFT) & MASK`) is "
                                                   "on the quoted lines")
    assert after == src
