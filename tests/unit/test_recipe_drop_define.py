"""drop-define: an unused #define asked away goes; one still used never does."""
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
#define QX_CTRL_EN\t\tBIT(0)
#define QX_CTRL_MODE_MASK\tGENMASK(7, 4)
#define QX_CTRL_MODE_SHIFT\t4

#define QX_STATUS_ERR\t\tBIT(6)

#define QX_WAIT(c)\t\t\\
\tusleep_range((c) * 10, (c) * 20)

static int qx_set_mode(struct i2c_client *client, u8 mode)
{
\tint ret;

\tret = i2c_smbus_read_byte_data(client, QX_REG_CTRL);
\tif (ret < 0)
\t\treturn ret;

\tret &= ~QX_CTRL_MODE_MASK;
\tret |= (mode << QX_CTRL_MODE_SHIFT) & QX_CTRL_MODE_MASK;
\tret |= QX_CTRL_EN;

\t/* QX_STATUS_ERR is not checked here */
\treturn i2c_smbus_write_byte_data(client, QX_REG_CTRL, ret);
}
"""
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _sugg(quoted: list[str], comment: str, fn: str | None = None):
    s = sugg(PATH, fn, ["+" + q for q in quoted], comment)
    s.quote = s.anchor.code = list(quoted)
    return s


def test_an_unused_define_goes_with_the_blank_line_it_leaves_doubled(tmp_path):
    s = _sugg(["#define QX_STATUS_ERR\t\tBIT(6)"], "This is unused, drop it.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind, s.summary) == (Status.APPLIED, "drop-define", "Drop the unused QX_STATUS_ERR")
    assert hunks(PATH, SRC, after)[1:] == [
        " #define QX_CTRL_MODE_MASK\tGENMASK(7, 4)",
        " #define QX_CTRL_MODE_SHIFT\t4",
        " ",
        "-#define QX_STATUS_ERR\t\tBIT(6)",
        "-",
        " #define QX_WAIT(c)\t\t\\",
        " \tusleep_range((c) * 10, (c) * 20)",
        " ",
    ]
    assert "//  > This is unused, drop it." in rules[0].text


def test_a_macro_continued_over_lines_goes_whole(tmp_path):
    s = _sugg(["#define QX_WAIT(c)\t\t\\", "\tusleep_range((c) * 10, (c) * 20)"], "Unused macro.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "QX_WAIT" not in after and "usleep_range" not in after
    assert "#define QX_STATUS_ERR\t\tBIT(6)\n\nstatic int qx_set_mode(" in after


def test_a_define_still_used_is_manual(tmp_path):
    s = _sugg(["#define QX_CTRL_EN\t\tBIT(0)"], "Drop this.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC
    assert (s.status, s.reason) == (Status.MANUAL, "drop-define: QX_CTRL_EN is still used (line 25): dropping it "
                                                   "would not build")


def test_the_use_another_request_removes_lets_it_go(tmp_path):
    """"With FIELD_PREP() this is not needed." under the shift: once FIELD_PREP() is in, nothing uses it."""
    field = _sugg(["\tret |= (mode << QX_CTRL_MODE_SHIFT) & QX_CTRL_MODE_MASK;"], "Use FIELD_PREP().", "qx_set_mode")
    field.id = "1.1"
    shift = _sugg(["#define QX_CTRL_MODE_SHIFT\t4"], "With FIELD_PREP() this is not needed.")
    shift.id = "1.2"
    after, _, _ = pipeline(tmp_path, PATH, SRC, [field, shift])
    assert (field.status, shift.status) == (Status.APPLIED, Status.APPLIED), (field.reason, shift.reason)
    assert "QX_CTRL_MODE_SHIFT" not in after
    assert "\tret |= FIELD_PREP(QX_CTRL_MODE_MASK, mode);\n" in after


def test_without_the_other_change_the_drop_fails_its_check(tmp_path):
    s = _sugg(["#define QX_CTRL_MODE_SHIFT\t4"], "With FIELD_PREP() this is not needed.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC
    assert s.status == Status.FAILED
    assert "QX_CTRL_MODE_SHIFT is still used (line 24): dropping it would not build" in s.reason


def test_only_the_named_macro_of_several_quoted(tmp_path):
    s = _sugg(["#define QX_CTRL_MODE_SHIFT\t4", "", "#define QX_STATUS_ERR\t\tBIT(6)"],
              "QX_STATUS_ERR is unused.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert "#define QX_CTRL_MODE_SHIFT\t4\n" in after and "QX_STATUS_ERR\t" not in after


def test_a_question_or_a_header_is_no_drop(tmp_path):
    from cocci.recipe import CodeContext, Manual
    from cocci.recipes.drop_define import RECIPE
    s = _sugg(["#define QX_STATUS_ERR\t\tBIT(6)"], "Is this unused?")
    assert RECIPE.understand(s, CodeContext(PATH, SRC, None, {PATH: SRC}, [])) is None
    s = _sugg(["#define QX_STATUS_ERR\t\tBIT(6)"], "Unused, drop it.")
    with pytest.raises(Manual, match="is a header"):
        RECIPE.understand(s, CodeContext("include/linux/qx.h", SRC, None, {}, []))


def test_another_name_not_needed_is_no_drop_of_the_define():
    from cocci.recipe import CodeContext
    from cocci.recipes.drop_define import RECIPE
    s = _sugg(["#define QX_STATUS_ERR\t\tBIT(6)"], "No need for BIT() here, nothing else uses it.")
    assert RECIPE.understand(s, CodeContext(PATH, SRC, None, {PATH: SRC}, [])) is None
