"""call-form: a call becomes the helper the reviewer names when the helper takes other arguments, each
mapped so that the call does the same: sysfs_emit_at() for a print at an offset into a show callback's
page, ida_alloc*() / ida_free() for ida_simple_get() / ida_simple_remove() (the end exclusive there,
inclusive here), regmap_set_bits() / regmap_clear_bits() for a regmap_update_bits() over several lines.
A call whose arguments do not map is manual, saying which."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static ssize_t qx_modes_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\tstruct qx *q = dev_get_drvdata(dev);
\tchar tmp[16];
\tssize_t len = 0;
\tint i;

\tfor (i = 0; i < q->nmodes; i++)
\t\tlen += scnprintf(buf + len, PAGE_SIZE - len, "%d ", q->modes[i]);
\tlen += sprintf(buf + len, "\\n");
\tlen += scnprintf(buf + len, PAGE_SIZE, "%s\\n", q->name);
\tscnprintf(tmp + len, sizeof(tmp) - len, "x");
\treturn len;
}

static int qx_probe(struct qx *q)
{
\tint id;

\tid = ida_simple_get(&qx_ida, 0, 0, GFP_KERNEL);
\tif (id < 0)
\t\treturn id;
\tq->id = id;
\tq->minor = ida_simple_get(&qx_minors, 1, QX_MAX_MINORS, GFP_KERNEL);
\tq->slot = ida_simple_get(&qx_slots, 0, 8, GFP_KERNEL);
\tregmap_update_bits(q->map, QX_CTRL, QX_CTRL_EN,
\t\t\t   QX_CTRL_EN);
\tregmap_update_bits(q->regmap, QX_REG_INTERRUPT_ENABLE_CONTROL, QX_INTERRUPT_ENABLE_MASK,
\t\t\t   0);
\tida_simple_remove(&qx_ida, q->id);
\treturn 0;
}
"""


def on(tmp_path: Path, fn: str, first: int, last: int, comment: str) -> tuple[Suggestion, list[str]]:
    s = sugg(PATH, fn, ["+" + x for x in SRC.splitlines()[first - 1:last]], comment, answer="", lines=(first, last))
    after = applied(tmp_path, PATH, SRC, s)[0]
    return s, [x for x in hunks(PATH, SRC, after) if x[:1] in "+-"]


def test_sysfs_emit_at_for_prints_at_an_offset_into_the_page(tmp_path):
    s, diff = on(tmp_path, "qx_modes_show", 8, 10, "Please use sysfs_emit_at() for these.")
    assert (s.kind, s.status) == ("call-form", Status.APPLIED), s.reason
    assert diff == ['-\t\tlen += scnprintf(buf + len, PAGE_SIZE - len, "%d ", q->modes[i]);',
                    '-\tlen += sprintf(buf + len, "\\n");',
                    '+\t\tlen += sysfs_emit_at(buf, len, "%d ", q->modes[i]);',
                    '+\tlen += sysfs_emit_at(buf, len, "\\n");']


def test_sysfs_emit_at_in_a_helper_handed_some_buffer_is_manual(tmp_path):
    text = ("static ssize_t qx_format_modes(struct qx *q, char *buf)\n{\n\tssize_t len = 0;\n\tint i;\n\n"
            "\tfor (i = 0; i < q->nmodes; i++)\n\t\tlen += scnprintf(buf + len, PAGE_SIZE - len, \"%d \", "
            "q->modes[i]);\n\treturn len;\n}\n")
    s = sugg(PATH, "qx_format_modes", ["+" + text.splitlines()[6]], "Use sysfs_emit_at() here.", answer="",
             lines=(7, 7))
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.MANUAL and after == text
    assert "call-form: qx_format_modes() takes no attribute: whether buf is always a sysfs page (which " \
           "sysfs_emit_at() needs, warning and writing nothing otherwise) depends on its callers" in s.reason


@pytest.mark.parametrize("line, reason", [
    (11, "scnprintf() here is given PAGE_SIZE, not the rest of the page after len (PAGE_SIZE - len)"),
    (12, "scnprintf() here writes to tmp + len, not into the page buf at an offset"),
])
def test_sysfs_emit_at_over_another_size_or_buffer_is_manual(tmp_path, line, reason):
    s, diff = on(tmp_path, "qx_modes_show", line, line, "sysfs_emit_at() please")
    assert s.status == Status.MANUAL and diff == []
    assert reason in s.reason


def test_ida_alloc_for_ida_simple_get_without_bounds(tmp_path):
    s, diff = on(tmp_path, "qx_probe", 20, 20, "ida_simple_get() is deprecated, use ida_alloc() instead.")
    assert (s.kind, s.status) == ("call-form", Status.APPLIED), s.reason
    assert diff == ["-\tid = ida_simple_get(&qx_ida, 0, 0, GFP_KERNEL);", "+\tid = ida_alloc(&qx_ida, GFP_KERNEL);"]


def test_the_bounds_pick_the_ida_alloc_form_and_the_end_becomes_inclusive(tmp_path):
    s, diff = on(tmp_path, "qx_probe", 24, 25, "Use ida_alloc() for both.")
    assert s.status == Status.APPLIED, s.reason
    assert diff == ["-\tq->minor = ida_simple_get(&qx_minors, 1, QX_MAX_MINORS, GFP_KERNEL);",
                    "-\tq->slot = ida_simple_get(&qx_slots, 0, 8, GFP_KERNEL);",
                    "+\tq->minor = ida_alloc_range(&qx_minors, 1, QX_MAX_MINORS - 1,",
                    "+\t\t\t\t   GFP_KERNEL);",
                    "+\tq->slot = ida_alloc_max(&qx_slots, 7, GFP_KERNEL);"]


def test_an_ida_alloc_form_the_bounds_do_not_fit_is_manual(tmp_path):
    s, diff = on(tmp_path, "qx_probe", 24, 24, "Use ida_alloc_max().")
    assert s.status == Status.MANUAL and diff == []
    assert s.reason.endswith("ida_simple_get(&qx_minors, 1, QX_MAX_MINORS, ...) allocates from 1 below "
                             "QX_MAX_MINORS: that is ida_alloc_range(), not ida_alloc_max()")


def test_ida_free_for_ida_simple_remove(tmp_path):
    s, diff = on(tmp_path, "qx_probe", 30, 30, "ida_free()")
    assert s.status == Status.APPLIED, s.reason
    assert diff == ["-\tida_simple_remove(&qx_ida, q->id);", "+\tida_free(&qx_ida, q->id);"]


def test_regmap_set_bits_for_an_update_over_two_lines_joined(tmp_path):
    s, diff = on(tmp_path, "qx_probe", 26, 27, "regmap_set_bits() will do.")
    assert (s.kind, s.status) == ("call-form", Status.APPLIED), s.reason
    assert diff == ["-\tregmap_update_bits(q->map, QX_CTRL, QX_CTRL_EN,", "-\t\t\t   QX_CTRL_EN);",
                    "+\tregmap_set_bits(q->map, QX_CTRL, QX_CTRL_EN);"]


def test_regmap_clear_bits_that_does_not_fit_stays_wrapped(tmp_path):
    s, diff = on(tmp_path, "qx_probe", 28, 29, "Use regmap_clear_bits().")
    assert s.status == Status.APPLIED, s.reason
    assert diff == ["-\tregmap_update_bits(q->regmap, QX_REG_INTERRUPT_ENABLE_CONTROL, QX_INTERRUPT_ENABLE_MASK,",
                    "-\t\t\t   0);",
                    "+\tregmap_clear_bits(q->regmap, QX_REG_INTERRUPT_ENABLE_CONTROL,",
                    "+\t\t\t  QX_INTERRUPT_ENABLE_MASK);"]


def test_the_other_regmap_helper_is_manual(tmp_path):
    s, diff = on(tmp_path, "qx_probe", 26, 27, "regmap_clear_bits() please")
    assert s.status == Status.MANUAL and diff == []
    assert "regmap_update_bits() here sets the bits: that is regmap_set_bits(), not regmap_clear_bits()" in s.reason


def test_a_print_at_the_page_s_start_is_left_to_the_rename(tmp_path):
    """"sysfs_emit()/sysfs_emit_at()" under both kinds of print: the one at an offset is call-form's, the
    one at the start of the page a rename to sysfs_emit() (not refused here)."""
    text = SRC.replace("\tfor (i = 0; i < q->nmodes; i++)\n", "\tlen = sprintf(buf, \"modes:\");\n"
                       "\tfor (i = 0; i < q->nmodes; i++)\n")
    s = sugg(PATH, "qx_modes_show", ["+\tlen = sprintf(buf, \"modes:\");", "+\tfor (i = 0; i < q->nmodes; i++)",
                                     "+\t\tlen += scnprintf(buf + len, PAGE_SIZE - len, \"%d \", q->modes[i]);"],
             "sysfs_emit_at() please", answer="", lines=(8, 10))
    after = applied(tmp_path, PATH, text, s)[0]
    assert (s.kind, s.status) == ("call-form", Status.APPLIED), s.reason
    assert [x for x in hunks(PATH, text, after) if x[:1] in "+-"] == [
        '-\t\tlen += scnprintf(buf + len, PAGE_SIZE - len, "%d ", q->modes[i]);',
        '+\t\tlen += sysfs_emit_at(buf, len, "%d ", q->modes[i]);']


SLEEP = """\
static int qx_power(struct qx *q)
{
\tint ret;

\tret = regmap_write(q->map, QX_PWR, 1);
\tif (ret)
\t\treturn ret;
\tusleep_range(QX_SETTLE_US, QX_SETTLE_US + 100);
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ["Use fsleep().", "fsleep()", "fsleep(QX_SETTLE_US)"])
def test_fsleep_for_usleep_range_sleeps_at_least_the_minimum(tmp_path, comment):
    s = sugg(PATH, "qx_power", ["+" + SLEEP.splitlines()[7]], comment, answer="", lines=(8, 8))
    after = applied(tmp_path, PATH, SLEEP, s)[0]
    assert (s.kind, s.status) == ("call-form", Status.APPLIED), s.reason
    assert [x for x in hunks(PATH, SLEEP, after) if x[:1] in "+-"] == [
        "-\tusleep_range(QX_SETTLE_US, QX_SETTLE_US + 100);", "+\tfsleep(QX_SETTLE_US);"]


def test_fsleep_written_with_another_value_is_manual(tmp_path):
    s = sugg(PATH, "qx_power", ["+" + SLEEP.splitlines()[7]], "fsleep(2 * QX_SETTLE_US)?", answer="", lines=(8, 8))
    after = applied(tmp_path, PATH, SLEEP, s)[0]
    assert s.status == Status.MANUAL and after == SLEEP
    assert "call-form: the written fsleep(2 * QX_SETTLE_US) is not what the quoted call becomes " \
        "(fsleep(QX_SETTLE_US))" in s.reason


BOTH = """\
static int qx_power(struct qx *q, bool on)
{
\tint ret;

\tif (on)
\t\tret = regmap_update_bits(q->map, QX_CFG, QX_CFG_PWR, QX_CFG_PWR);
\telse
\t\tret = regmap_update_bits(q->map, QX_CFG, QX_CFG_PWR, 0);
\treturn ret;
}
"""


@pytest.mark.parametrize("comment", ["regmap_set_bits() / regmap_clear_bits()",
                                     "Use regmap_set_bits() and regmap_clear_bits()."])
def test_both_regmap_helpers_named_take_each_call_on_one_line(tmp_path, comment):
    s = sugg(PATH, "qx_power", ["+" + x for x in BOTH.splitlines()[4:8]], comment, answer="", lines=(5, 8))
    after = applied(tmp_path, PATH, BOTH, s)[0]
    assert (s.kind, s.status) == ("call-form", Status.APPLIED), s.reason
    assert [x for x in hunks(PATH, BOTH, after) if x[:1] in "+-"] == [
        "-\t\tret = regmap_update_bits(q->map, QX_CFG, QX_CFG_PWR, QX_CFG_PWR);",
        "+\t\tret = regmap_set_bits(q->map, QX_CFG, QX_CFG_PWR);",
        "-\t\tret = regmap_update_bits(q->map, QX_CFG, QX_CFG_PWR, 0);",
        "+\t\tret = regmap_clear_bits(q->map, QX_CFG, QX_CFG_PWR);"]


def test_two_names_are_no_written_call():
    from cocci.recipes.call_form import written_call
    assert written_call("Use regmap_set_bits() and regmap_clear_bits().") == ""
    assert written_call("fsleep(1000)?") == "fsleep(1000)"
