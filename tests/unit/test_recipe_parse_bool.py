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


def test_a_use_on_the_parse_line_or_its_address_elsewhere_is_checked(tmp_path):
    """`|| val > 1` beside the parse reads a number; `&val` handed to another call would get a bool *."""
    for old, new, why in (
            ("\tret = kstrtouint(buf, 0, &val);\n\tif (ret)\n\t\treturn ret;\n",
             "\tif (kstrtouint(buf, 0, &val) || val > 1)\n\t\treturn -EINVAL;\n",
             "`if (kstrtouint(buf, 0, &val) || val > 1)` reads val as a number"),
            ("\tif (val)\n\t\tqx_start(q);\n", "\tqx_log(q, &val);\n", "`qx_log(q, &val);` reads val as a number")):
        text = SRC.replace(old, new)
        line = next(n for n, ln in enumerate(text.splitlines(), 1) if "kstrtouint" in ln)
        s = sugg(PATH, "qx_enable_store", ["+" + text.splitlines()[line - 1]], "kstrtobool() please", answer="",
                 lines=(line, line))
        after = applied(tmp_path, PATH, text, s)[0]
        assert s.status == Status.MANUAL and after == text, why
        assert why in s.reason, s.reason


def test_a_parse_tested_on_its_own_line(tmp_path):
    text = SRC.replace("\tret = kstrtouint(buf, 0, &val);\n\tif (ret)\n\t\treturn ret;\n",
                       "\tif (kstrtouint(buf, 0, &val))\n\t\treturn -EINVAL;\n")
    s = sugg(PATH, "qx_enable_store", ["+\tif (kstrtouint(buf, 0, &val))"], "Use kstrtobool().", answer="",
             lines=(7, 7))
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert "\tif (kstrtobool(buf, &val))\n" in after and "\tbool val;\n" in after and "= val;\n" in after
