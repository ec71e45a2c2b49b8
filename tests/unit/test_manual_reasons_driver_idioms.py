"""Driver idioms named without what the edit needs stay manual, and the reason says what is missing."""
from __future__ import annotations

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/hwmon/qx.c"
SRC = """\
static int qx_mode(struct qx *q)
{
\tunsigned int regval, mode;
\tstruct regmap *map;
\tint ret;

\tmap = dev_get_regmap(q->dev, NULL);
\tif (IS_ERR_OR_NULL(map))
\t\treturn -ENODEV;
\tret = regmap_read(map, QX_CONF, &regval);
\tif (ret)
\t\treturn ret;
\tmode = (regval & 0x0600) >> 9;
\treturn mode;
}
"""


def test_field_get_of_a_bare_literal_mask(tmp_path):
    s = sugg(PATH, "qx_mode", ["+\tmode = (regval & 0x0600) >> 9;"], "Use FIELD_GET() for this.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status == Status.MANUAL
    assert s.reason.endswith("the mask `0x0600` is a bare literal: which name the field gets (a GENMASK() #define) "
                             "is the author's")
    assert after == SRC


def test_a_faulted_is_err_or_null_that_names_no_replacement(tmp_path):
    s = sugg(PATH, "qx_mode", ["+\tif (IS_ERR_OR_NULL(map))"], "IS_ERR_OR_NULL is wrong here.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status == Status.MANUAL and "without saying what the call returns" in s.reason
    assert after == SRC
