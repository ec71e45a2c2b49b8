"""drop-variable (unused): a local the function no longer mentions goes from its declaration when the
reviewer says it is unused; a local still used anywhere stays."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/staging/qx/qx-i2c.c"
SRC = """\
static int qx_write_block(void *client, u8 reg, u8 count, u8 *data)
{
\tstruct i2c_client *cl = client;
\tint i, ret;

\tret = i2c_smbus_write_i2c_block_data(cl, reg, count, data);
\tif (ret < 0)
\t\treturn ret;

\treturn 0;
}

static int qx_reset(struct qx *q)
{
\tint err;

\treturn qx_write(q, 0, 1);
}

static int qx_read_all(struct qx *q, u8 *data)
{
\tint i, ret;

\tfor (i = 0; i < 4; i++) {
\t\tret = qx_read(q, i, &data[i]);
\t\tif (ret)
\t\t\treturn ret;
\t}
\treturn 0;
}
"""


@pytest.mark.parametrize("comment", ['This introduces an unused variable warning.  "i" isn\'t used any more.',
                                     "i is not used anywhere now, please drop it."])
def test_the_unused_name_goes_from_a_declaration_of_several(tmp_path, comment):
    s = sugg(PATH, "qx_write_block", ["\tint i, ret;"], comment, answer="Oops, yes.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("drop-variable", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint i, ret;\n\n\tret = i2c", "\tint ret;\n\n\tret = i2c")


def test_a_declaration_of_the_name_alone_goes_with_its_line(tmp_path):
    s = sugg(PATH, "qx_reset", ["+\tint err;"], "Unused variable.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("drop-variable", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint err;\n\n\treturn qx_write", "\treturn qx_write")


def test_a_local_still_used_stays(tmp_path):
    s = sugg(PATH, "qx_read_all", ["+\tint i, ret;"], "i is not used any more")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status != Status.APPLIED and after == SRC


INIT = """\
static int qx_suspend(struct device *dev)
{
\tstruct i2c_client *client = to_i2c_client(dev);
\tstruct qx *q = dev_get_drvdata(dev);
\tstruct regmap *map = q->map;

\treturn regmap_write(q->map, QX_CTRL, 0);
}

static int qx_resume(struct device *dev)
{
\tstruct qx *q = dev_get_drvdata(dev);
\tint state = qx_power_up(q);

\treturn regmap_write(q->map, QX_CTRL, 1);
}
"""


def test_an_unused_local_whose_initializer_only_reads_goes_whole(tmp_path):
    for quoted, comment, line in (
            (["+\tstruct i2c_client *client = to_i2c_client(dev);"], "This pointer is unused.",
             "\tstruct i2c_client *client = to_i2c_client(dev);\n"),
            (["+\tstruct regmap *map = q->map;"], "map is not used.", "\tstruct regmap *map = q->map;\n")):
        s = sugg(PATH, "qx_suspend", quoted, comment)
        after = applied(tmp_path, PATH, INIT, s)[0]
        assert (s.kind, s.status) == ("drop-variable", Status.APPLIED), s.reason
        assert after == INIT.replace(line, "", 1)


def test_an_unused_local_whose_initializer_calls_something_is_manual(tmp_path):
    s = sugg(PATH, "qx_resume", ["+\tint state = qx_power_up(q);"], "state is unused")
    after = applied(tmp_path, PATH, INIT, s)[0]
    assert s.status == Status.MANUAL and "calls qx_power_up()" in s.reason and after == INIT


def test_each_local_the_comment_names_as_unused_goes(tmp_path):
    s = sugg(PATH, "qx_suspend", ["+\tstruct i2c_client *client = to_i2c_client(dev);",
                                  "+\tstruct qx *q = dev_get_drvdata(dev);", "+\tstruct regmap *map = q->map;"],
             "Neither client nor map is used here.")
    after = applied(tmp_path, PATH, INIT, s)[0]
    assert (s.kind, s.status) == ("drop-variable", Status.APPLIED), s.reason
    assert after == INIT.replace("\tstruct i2c_client *client = to_i2c_client(dev);\n", "", 1).replace(
        "\tstruct regmap *map = q->map;\n", "", 1)
