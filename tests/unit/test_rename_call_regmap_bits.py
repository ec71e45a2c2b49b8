"""rename-call between regmap's bit helpers: regmap_update_bits(map, reg, M, M) is regmap_set_bits(map,
reg, M), regmap_update_bits(map, reg, M, 0) is regmap_clear_bits(map, reg, M); any other value, or a
call of another argument list, is manual (it was renamed with its four arguments, which does not build)."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_enable(struct qx *q, bool on)
{
\tint ret;

\tret = regmap_update_bits(q->map, QX_CTRL, QX_CTRL_EN,
\t\t\t\t QX_CTRL_EN);
\tif (ret)
\t\treturn ret;
\tret = regmap_field_update_bits(q->mode, QX_MODE_FAST, 0);
\tif (ret)
\t\treturn ret;
\treturn regmap_update_bits(q->map, QX_IRQ, QX_IRQ_MASK, on ? QX_IRQ_MASK : 0);
}
"""


def run(tmp_path: Path, line: str, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_enable", ["+" + line], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_mask_written_under_itself_is_set_bits(tmp_path):
    one_line = SRC.replace("QX_CTRL_EN,\n\t\t\t\t QX_CTRL_EN);", "QX_CTRL_EN, QX_CTRL_EN);")
    s = sugg(PATH, "qx_enable", ["+\tret = regmap_update_bits(q->map, QX_CTRL, QX_CTRL_EN, QX_CTRL_EN);"],
             "regmap_set_bits()", answer="")
    after = applied(tmp_path, PATH, one_line, s)[0]
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == one_line.replace("regmap_update_bits(q->map, QX_CTRL, QX_CTRL_EN, QX_CTRL_EN)",
                                     "regmap_set_bits(q->map, QX_CTRL, QX_CTRL_EN)")


def test_a_call_over_two_lines_is_joined(tmp_path):
    """The argument goes and the call is laid out again (call-form: tests/unit/test_recipe_call_form.py)."""
    s, after = run(tmp_path, "\tret = regmap_update_bits(q->map, QX_CTRL, QX_CTRL_EN,", "regmap_set_bits()")
    assert (s.kind, s.status) == ("call-form", Status.APPLIED), s.reason
    assert after == SRC.replace("regmap_update_bits(q->map, QX_CTRL, QX_CTRL_EN,\n\t\t\t\t QX_CTRL_EN)",
                                "regmap_set_bits(q->map, QX_CTRL, QX_CTRL_EN)")


def test_zero_written_under_a_field_is_clear_bits(tmp_path):
    s, after = run(tmp_path, "\tret = regmap_field_update_bits(q->mode, QX_MODE_FAST, 0);",
                   "Please use regmap_field_clear_bits().")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace("regmap_field_update_bits(q->mode, QX_MODE_FAST, 0)",
                                "regmap_field_clear_bits(q->mode, QX_MODE_FAST)")


@pytest.mark.parametrize("line, comment, why", [
    ("\treturn regmap_update_bits(q->map, QX_IRQ, QX_IRQ_MASK, on ? QX_IRQ_MASK : 0);", "Use regmap_set_bits().",
     "writes on ? QX_IRQ_MASK : 0"),
    ("\tret = regmap_field_update_bits(q->mode, QX_MODE_FAST, 0);", "regmap_field_set_bits()", "writes 0"),
])
def test_another_value_is_manual(tmp_path, line, comment, why):
    s, after = run(tmp_path, line, comment)
    assert s.status == Status.MANUAL and why in s.reason and after == SRC


RMW = """\
static int qx_power(struct snd_soc_component *component, unsigned int val)
{
\tint ret;

\tret = snd_soc_component_read(component, QX_PWR_CTRL);
\tret &= ~QX_MODE_MASK;
\tret |= val;
\tsnd_soc_component_write(component, QX_PWR_CTRL, ret);
\treturn 0;
}
"""


@pytest.mark.parametrize("comment, why", [
    ("Use snd_soc_component_update_bits().",
     "snd_soc_component_update_bits() takes 4 arguments where snd_soc_component_write() takes 3"),
])
def test_a_write_is_no_update_bits_renamed(tmp_path: Path, comment, why):
    """Before: the write became snd_soc_component_update_bits(component, QX_PWR_CTRL, ret), one argument
    short of the mask."""
    quoted = ["+\tret = snd_soc_component_read(component, QX_PWR_CTRL);", "+\tret &= ~QX_MODE_MASK;", "+\tret |= val;",
              "+\tsnd_soc_component_write(component, QX_PWR_CTRL, ret);"]
    s = sugg("sound/soc/codecs/qx.c", "qx_power", quoted, comment, answer="")
    after = applied(tmp_path, "sound/soc/codecs/qx.c", RMW, s)[0]
    assert after == RMW and s.status == Status.MANUAL and why in s.reason
