"""return-bool: a static helper that returns 0 or 1 only, and whose callers read a truth, returns bool;
anything that would read the value as a number, or another file, keeps it manual with the reason."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/hwmon/qx.c"
SRC = """\
static int qx_is_fake(struct i2c_client *client);

static int qx_is_fake(struct i2c_client *client)
{
\tint i;

\tfor (i = 0; i < 8; i++) {
\t\tif (i2c_smbus_read_byte_data(client, 0x20 + i) != 0xff)
\t\t\treturn 0;
\t}
\treturn 1;
}

static int qx_fw_is_at_least(struct qx_data *data, u8 major, u8 minor,
\t\t\t     u16 build)
{
\tif (data->fw >= (major << 24 | minor << 16 | build))
\t\treturn true;
\treturn false;
}

static int qx_temp_valid(struct i2c_client *client, int i)
{
\treturn (i2c_smbus_read_byte_data(client, 0x20 + i) & 0x80) == 0;
}

static int qx_is_enabled(struct i2c_client *client)
{
\tint ret = i2c_smbus_read_byte_data(client, 0x01);

\tif (ret < 0)
\t\treturn ret;
\treturn !!(ret & BIT(7));
}

int qx_fan_is_on(struct i2c_client *client)
{
\treturn i2c_smbus_read_byte_data(client, 0x28) != 0xff;
}

static int qx_detect(struct i2c_client *client, struct qx_data *data)
{
\tint ret;

\tif (qx_is_fake(client) || !qx_fw_is_at_least(data, 2, 2, 0))
\t\treturn -ENODEV;
\tret = qx_temp_valid(client, 0);
\treturn ret;
}
"""


def _run(tmp_path, fn: str, quoted: list[str], comment: str):
    s = sugg(PATH, fn, ["+" + q for q in quoted], comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    return s, [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"]


@pytest.mark.parametrize("comment", ["Make it return bool.", "This function can return bool.",
                                     "return bool instead of int?", "Why not return bool?"])
def test_a_helper_of_zeros_and_ones_returns_bool_with_its_prototype(tmp_path, comment):
    s, changed = _run(tmp_path, "qx_is_fake", ["static int qx_is_fake(struct i2c_client *client)"], comment)
    assert (s.kind, s.status, s.reason, s.summary) == ("return-bool", Status.APPLIED, "",
                                                       "Return bool from qx_is_fake()")
    assert changed == ["-static int qx_is_fake(struct i2c_client *client);",
                       "+static bool qx_is_fake(struct i2c_client *client);",
                       "-static int qx_is_fake(struct i2c_client *client)",
                       "+static bool qx_is_fake(struct i2c_client *client)",
                       "-\t\t\treturn 0;", "+\t\t\treturn false;", "-\treturn 1;", "+\treturn true;"]


def test_a_head_over_two_lines_returning_true_and_false(tmp_path):
    s, changed = _run(tmp_path, "qx_fw_is_at_least", ["\t\treturn true;", "\treturn false;"],
                      "This can return bool.")
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert changed == ["-static int qx_fw_is_at_least(struct qx_data *data, u8 major, u8 minor,",
                       "+static bool qx_fw_is_at_least(struct qx_data *data, u8 major, u8 minor,"]


@pytest.mark.parametrize("fn,quoted,reason", [
    ("qx_temp_valid", "static int qx_temp_valid(struct i2c_client *client, int i)",
     "return-bool: the value of qx_temp_valid() is kept in ret (int) on line 47"),
    ("qx_is_enabled", "static int qx_is_enabled(struct i2c_client *client)",
     "return-bool: qx_is_enabled() returns ret on line 32, not 0 or 1: a bool would lose it"),
    ("qx_fan_is_on", "int qx_fan_is_on(struct i2c_client *client)",
     "return-bool: qx_fan_is_on() is not static: callers in other files would see its type change"),
])
def test_a_value_read_as_a_number_or_another_file_s_function_is_manual(tmp_path, fn, quoted, reason):
    s, changed = _run(tmp_path, fn, [quoted], "Make it return bool.")
    assert (s.status, s.reason, changed) == (Status.MANUAL, reason, [])


def test_a_call_compared_to_a_number_or_a_pointer_taken_is_manual(tmp_path):
    compared = SRC + "\nstatic int qx_check(struct i2c_client *c)\n{\n\treturn qx_is_fake(c) == 1 ? -EIO : 0;\n}\n"
    s = sugg(PATH, "qx_is_fake", ["+static int qx_is_fake(struct i2c_client *client)"], "Make it return bool.")
    after, _, _ = pipeline(tmp_path, PATH, compared, [s])
    assert (s.status, s.reason) == (Status.MANUAL, "return-bool: the value of qx_is_fake() is compared or computed "
                                                   "with as a number on line 53")
    assert after == compared
    pointer = SRC + "\nstatic const struct qx_ops qx_ops = {\n\t.is_fake = qx_is_fake,\n};\n"
    s = sugg(PATH, "qx_is_fake", ["+static int qx_is_fake(struct i2c_client *client)"], "Make it return bool.")
    after, _, _ = pipeline(tmp_path, PATH, pointer, [s])
    assert (s.status, s.reason) == (Status.MANUAL, "return-bool: qx_is_fake() is used as a pointer on line 52: its "
                                                   "type would change with the return type")
    assert after == pointer


def test_a_declined_bool_is_not_this_recipe_s(tmp_path):
    s, changed = _run(tmp_path, "qx_is_fake", ["static int qx_is_fake(struct i2c_client *client)"],
                      "No need to return bool here, int is fine.")
    assert s.kind != "return-bool" and changed == []


def test_a_function_the_comment_names_or_a_quote_of_no_head_nor_return_is_not_retyped(tmp_path):
    # the quote is in qx_detect(), which calls the helper the comment means
    s, changed = _run(tmp_path, "qx_detect", ["\tif (qx_is_fake(client) || !qx_fw_is_at_least(data, 2, 2, 0))"],
                      "qx_is_fake() can return bool.")
    assert s.kind != "return-bool" and changed == []
    s, changed = _run(tmp_path, "qx_is_fake", ["\t\tif (i2c_smbus_read_byte_data(client, 0x20 + i) != 0xff)"],
                      "This can return bool.")
    assert s.kind != "return-bool" and changed == []
