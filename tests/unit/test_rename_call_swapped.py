"""rename-call to an accessor that swaps the bytes itself (`i2c_smbus_read_word_data()` ->
`i2c_smbus_read_word_swapped()`): never by the name alone while the function's own code swaps the value
after the call (`swab16()`, `be16_to_cpu()`): the value would be swapped twice."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/hwmon/qx71.c"
SWAPPED_BY_HAND = """\
static ssize_t qx71_crit_show(struct device *dev, struct device_attribute *da, char *buf)
{
\tstruct qx71_data *data = dev_get_drvdata(dev);
\ts32 raw;

\traw = i2c_smbus_read_word_data(data->client, QX71_REG_CRIT);
\tif (raw < 0)
\t\treturn raw;

\traw = swab16(raw);
\treturn sysfs_emit(buf, "%d\\n", ((s16)raw * 250) / 32);
}
"""


def test_swapped_accessor_over_a_swab_is_manual(tmp_path: Path):
    """Before: `raw = i2c_smbus_read_word_swapped(...)` and `raw = swab16(raw);` under it: the bytes came
    back in the order the chip sent them."""
    s = sugg(PATH, "qx71_crit_show", ["+\traw = i2c_smbus_read_word_data(data->client, QX71_REG_CRIT);"],
             "Use i2c_smbus_read_word_swapped() instead of open coding the swap.", answer="")
    after = applied(tmp_path, PATH, SWAPPED_BY_HAND, s)[0]
    assert s.status == Status.MANUAL
    assert s.reason == ("rename-call: i2c_smbus_read_word_swapped() swaps the bytes itself, and the swab16() on "
                        "line 10 would swap them back: that swap goes with the change, which is for the author")
    assert after == SWAPPED_BY_HAND


def test_swapped_accessor_without_a_swab_is_renamed(tmp_path: Path):
    src = SWAPPED_BY_HAND.replace("\traw = swab16(raw);\n", "")
    s = sugg(PATH, "qx71_crit_show", ["+\traw = i2c_smbus_read_word_data(data->client, QX71_REG_CRIT);"],
             "i2c_smbus_read_word_swapped()", answer="")
    after = applied(tmp_path, PATH, src, s)[0]
    assert s.status == Status.APPLIED
    assert [ln for ln in hunks(PATH, src, after) if ln[:1] in "+-"] == [
        "-\traw = i2c_smbus_read_word_data(data->client, QX71_REG_CRIT);",
        "+\traw = i2c_smbus_read_word_swapped(data->client, QX71_REG_CRIT);"]
