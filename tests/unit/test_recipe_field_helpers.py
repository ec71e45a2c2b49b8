"""FIELD_GET() / FIELD_PREP() asked for by name, without their arguments: the open-coded field of the
quoted lines becomes the call when its mask is a named constant of one run of bits and its shift is
that run's lowest bit; every other case stays manual, saying which of these does not hold."""
from __future__ import annotations

from pathlib import Path

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/iio/proximity/qx9500.c"
SRC = """\
#include <linux/bitops.h>
#include <linux/regmap.h>

#define QX_SCAN_PERIOD_MASK\tGENMASK(6, 4)
#define QX_SCAN_PERIOD_SHIFT\t4
#define QX_RES_MASK\t\t0x0C
#define QX_RES_SHIFT\t\t2
#define QX_GAIN_SHIFT\t\t5
#define QX_GAIN_MASK\t\t(0x3 << QX_GAIN_SHIFT)
#define QX_ODD_MASK\t\t0x50

static int qx_read_period(struct qx_data *data, int *val)
{
\tunsigned int regval;
\tint ret;

\tret = regmap_read(data->regmap, QX_REG_PROX_CTRL0, &regval);
\tif (ret < 0)
\t\treturn ret;

\tregval = (regval & QX_SCAN_PERIOD_MASK) >> QX_SCAN_PERIOD_SHIFT;
\t*val = qx_scan_period_table[regval];
\tdata->res = (regval & QX_RES_MASK) >> 3;
\tdata->odd = (regval & QX_ODD_MASK) >> 4;
\treturn 0;
}

static int qx_write_gain(struct qx_data *data, unsigned int gain)
{
\tunsigned int regval;

\tregval = (gain << QX_GAIN_SHIFT) & QX_GAIN_MASK;
\tregval |= (data->res << QX_RES_SHIFT) & QX_RES_MASK;
\treturn regmap_write(data->regmap, QX_REG_GAIN, regval);
}
"""


def line_of(text: str, code: str) -> int:
    return next(n for n, ln in enumerate(text.splitlines(), 1) if code in ln)


def under(tmp_path: Path, fn: str, codes: list[str], comment: str, text: str = SRC) -> tuple[object, str]:
    first, last = line_of(text, codes[0]), line_of(text, codes[-1])
    s = sugg(PATH, fn, ["+" + ln for ln in text.splitlines()[first - 1:last]], comment, answer="",
             lines=(first, last))
    return s, applied(tmp_path, PATH, text, s)[0]


def test_field_get_named_alone_with_a_genmask_and_its_shift(tmp_path):
    s, after = under(tmp_path, "qx_read_period", ["regval = (regval & QX_SCAN"], "Please use FIELD_GET() here.")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert hunks(PATH, SRC, after) == [
        "@@ -1,3 +1,4 @@",
        "+#include <linux/bitfield.h>",
        " #include <linux/bitops.h>",
        " #include <linux/regmap.h>",
        " ",
        "@@ -18,7 +19,7 @@",
        " \tif (ret < 0)",
        " \t\treturn ret;",
        " ",
        "-\tregval = (regval & QX_SCAN_PERIOD_MASK) >> QX_SCAN_PERIOD_SHIFT;",
        "+\tregval = FIELD_GET(QX_SCAN_PERIOD_MASK, regval);",
        " \t*val = qx_scan_period_table[regval];",
        " \tdata->res = (regval & QX_RES_MASK) >> 3;",
        " \tdata->odd = (regval & QX_ODD_MASK) >> 4;",
    ]


def test_field_prep_of_a_mask_made_of_its_shift_both_lines_with_both(tmp_path):
    s, after = under(tmp_path, "qx_write_gain", ["regval = (gain <<", "regval |= (data->res"],
                     "Both of these are FIELD_PREP().")
    assert s.status == Status.APPLIED, s.reason
    assert "\tregval = FIELD_PREP(QX_GAIN_MASK, gain);\n\tregval |= FIELD_PREP(QX_RES_MASK, data->res);\n" in after
    assert "(gain << QX_GAIN_SHIFT)" not in after and after.count("#include <linux/bitfield.h>") == 1


def test_a_shift_that_is_not_the_mask_s_lowest_bit_is_manual(tmp_path):
    s, after = under(tmp_path, "qx_read_period", ["data->res = (regval"], "FIELD_GET, please")
    assert s.status == Status.MANUAL and after == SRC
    assert s.reason.endswith("the shift `3` (3) is not the lowest bit of `QX_RES_MASK` (0xc, bit 2): FIELD_GET() "
                             "would shift by 2")


def test_a_mask_of_bits_apart_is_manual(tmp_path):
    s, after = under(tmp_path, "qx_read_period", ["data->odd = (regval"], "Use FIELD_GET().")
    assert s.status == Status.MANUAL and after == SRC
    assert s.reason.endswith("the mask `QX_ODD_MASK` (0x50) is not one run of bits: FIELD_GET() refuses it")


def test_field_prep_named_where_only_a_field_get_is_open_coded_is_manual(tmp_path):
    s, after = under(tmp_path, "qx_read_period", ["regval = (regval & QX_SCAN"], "FIELD_PREP() would be nicer")
    assert s.status == Status.MANUAL and after == SRC
    assert "FIELD_PREP() is named, but no open-coded field" in s.reason


def test_a_field_inside_a_sum_is_manual(tmp_path):
    text = SRC.replace("regval = (regval & QX_SCAN_PERIOD_MASK) >> QX_SCAN_PERIOD_SHIFT;",
                       "regval = 1 + (regval & QX_SCAN_PERIOD_MASK) >> QX_SCAN_PERIOD_SHIFT;")
    s, after = under(tmp_path, "qx_read_period", ["regval = 1 + (regval"], "Use FIELD_GET() here", text)
    assert s.status == Status.MANUAL and after == text
    assert "is an operand of the code around it" in s.reason


def test_a_register_narrower_than_the_mask_is_manual(tmp_path):
    text = SRC.replace("\tunsigned int regval;\n\tint ret;", "\tu8 regval;\n\tint ret;").replace(
        "#define QX_SCAN_PERIOD_MASK\tGENMASK(6, 4)", "#define QX_SCAN_PERIOD_MASK\tGENMASK(10, 8)").replace(
        "#define QX_SCAN_PERIOD_SHIFT\t4", "#define QX_SCAN_PERIOD_SHIFT\t8")
    s, after = under(tmp_path, "qx_read_period", ["regval = (regval & QX_SCAN"], "Use FIELD_GET() here", text)
    assert s.status == Status.MANUAL and after == text
    assert "`regval` is 8 bits wide, narrower than the mask `QX_SCAN_PERIOD_MASK` (0x700)" in s.reason


def test_turned_down_it_changes_nothing(tmp_path):
    s, after = under(tmp_path, "qx_read_period", ["regval = (regval & QX_SCAN"],
                     "No need for FIELD_GET() here, the open-coded form matches the rest of the driver.")
    assert s.status != Status.APPLIED and after == SRC


def test_the_mask_written_with_a_named_shift(tmp_path):
    s, after = under(tmp_path, "qx_read_period", ["regval = (regval & QX_SCAN"],
                     "FIELD_GET(QX_SCAN_PERIOD_MASK, regval)")
    assert s.status == Status.APPLIED, s.reason
    assert "\tregval = FIELD_GET(QX_SCAN_PERIOD_MASK, regval);\n" in after


HEADER = "drivers/iio/proximity/qx9500.h"


def test_macros_of_a_header_the_tree_has(tmp_path):
    """The mask and shift are defined in the driver's own header, which the patch does not touch: read
    from the tree."""
    defines = "".join(ln + "\n" for ln in SRC.splitlines() if ln.startswith("#define"))
    text = SRC.replace(defines, "").replace("#include <linux/regmap.h>\n",
                                            '#include <linux/regmap.h>\n\n#include "qx9500.h"\n')
    first = line_of(text, "regval = (regval & QX_SCAN")
    s = sugg(PATH, "qx_read_period", ["+" + text.splitlines()[first - 1]], "FIELD_GET() please", answer="",
             lines=(first, first))
    tree = {HEADER: defines}
    ctx = CodeContext(PATH, text, "qx_read_period", {PATH: text}, [(s.id, s.quoted)], tree_read=tree.get)
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {PATH: text}, tmp_path)
    assert s.status == Status.APPLIED, s.reason
    assert "\tregval = FIELD_GET(QX_SCAN_PERIOD_MASK, regval);\n" in out[PATH]


GAIN = ["\tregval = (gain << QX_GAIN_SHIFT) & QX_GAIN_MASK;", "\tregval |= (data->res << QX_RES_SHIFT) & QX_RES_MASK;"]


def _narrowed(comment: str, text: str = SRC):
    """The comment under both FIELD_PREP() candidates, anchored (as the review stage may) on the last only."""
    last = line_of(text, "regval |= (data->res")
    s = sugg(PATH, "qx_write_gain", ["+" + ln for ln in GAIN], comment, answer="", lines=(last, last))
    s.quote = list(GAIN)
    return s


def test_every_field_of_the_whole_quote_not_only_the_narrowed_tail(tmp_path):
    """Before: the last line only became FIELD_PREP(), and the comment was reported applied."""
    s = _narrowed("Use FIELD_PREP() here.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        "+#include <linux/bitfield.h>",
        "-\tregval = (gain << QX_GAIN_SHIFT) & QX_GAIN_MASK;",
        "-\tregval |= (data->res << QX_RES_SHIFT) & QX_RES_MASK;",
        "+\tregval = FIELD_PREP(QX_GAIN_MASK, gain);",
        "+\tregval |= FIELD_PREP(QX_RES_MASK, data->res);"]


def test_a_field_of_the_whole_quote_that_is_not_proven_makes_it_manual(tmp_path):
    """Before: the proven field of the tail was made and the comment reported applied, the other left as it was."""
    text = SRC.replace("#define QX_GAIN_MASK\t\t(0x3 << QX_GAIN_SHIFT)\n", "")
    s = _narrowed("Please use FIELD_PREP() for these.", text)
    after = applied(tmp_path, PATH, text, s)[0]
    assert (s.status, after) == (Status.MANUAL, text)
    assert s.reason == ("replace-expression: the mask `QX_GAIN_MASK` is not defined to a constant in the file or the "
                        "headers it includes")
