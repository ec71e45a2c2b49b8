"""parse-bool: kstrtobool() for a kstrto*() parse into a local read only as a truth value; the local
becomes a bool and `!!val` becomes `val`.  A local read as a number, or declared with others, is manual."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/leds/leds-qx.c"
SRC = """\
static ssize_t qx_enable_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
\tstruct qx *q = dev_get_drvdata(dev);
\tunsigned int val;
\tint ret;

\tret = kstrtouint(buf, 0, &val);
\tif (ret)
\t\treturn ret;
\tq->enabled = !!val;
\tif (val)
\t\tqx_start(q);
\treturn count;
}

static ssize_t qx_mode_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
\tstruct qx *q = dev_get_drvdata(dev);
\tunsigned long val, old;
\tint ret;

\tret = kstrtoul(buf, 10, &val);
\tif (ret)
\t\treturn ret;
\tif (val > 1)
\t\treturn -EINVAL;
\tq->mode = val;
\treturn count;
}
"""


def on(tmp_path: Path, fn: str, line: int, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, ["+" + SRC.splitlines()[line - 1]], comment, answer="", lines=(line, line))
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_a_number_read_only_as_a_truth_value_becomes_a_bool(tmp_path):
    for comment in ("kstrtobool() please, this is an on/off attribute.", "Use kstrtobool()."):
        s, after = on(tmp_path, "qx_enable_store", 7, comment)
        assert (s.kind, s.status) == ("parse-bool", Status.APPLIED), s.reason
        assert hunks(PATH, SRC, after) == [
            "@@ -1,13 +1,13 @@",
            " static ssize_t qx_enable_store(struct device *dev, struct device_attribute *attr, const char *buf, "
            "size_t count)",
            " {",
            " \tstruct qx *q = dev_get_drvdata(dev);",
            "-\tunsigned int val;",
            "+\tbool val;",
            " \tint ret;",
            " ",
            "-\tret = kstrtouint(buf, 0, &val);",
            "+\tret = kstrtobool(buf, &val);",
            " \tif (ret)",
            " \t\treturn ret;",
            "-\tq->enabled = !!val;",
            "+\tq->enabled = val;",
            " \tif (val)",
            " \t\tqx_start(q);",
            " \treturn count;",
        ]


def test_a_number_compared_or_declared_with_another_is_manual(tmp_path):
    s, after = on(tmp_path, "qx_mode_store", 22, "kstrtobool() would do")
    assert s.status == Status.MANUAL and after == SRC
    assert s.reason == "parse-bool: `unsigned long val, old;` declares val with something else (another name, an " \
        "initializer): its type changes alone, which is for the author"
    text = SRC.replace("\tunsigned long val, old;\n", "\tunsigned long val;\n")
    s = sugg(PATH, "qx_mode_store", ["+\tret = kstrtoul(buf, 10, &val);"], "kstrtobool() would do", answer="",
             lines=(22, 22))
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.MANUAL and after == text
    assert s.reason == "parse-bool: line 25: `if (val > 1)` reads val as a number; kstrtobool() gives 0 or 1, what " \
        "the number meant is the author's"
