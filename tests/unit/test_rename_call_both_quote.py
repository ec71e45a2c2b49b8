"""rename-call "both": the two calls may be in one quote that a blank line splits (the review stage anchors
the comment on the quote's tail); the whole quote above the comment still counts."""
from __future__ import annotations

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/frob.c"
TEXT = """\
static ssize_t lock_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\tstruct frob *f = dev_get_drvdata(dev);
\tunsigned int i;

\tfor (i = 0; i < ARRAY_SIZE(f->otp); i++)
\t\tif (f->otp[i] != 0x55)
\t\t\treturn sprintf(buf, "locked\\n");

\treturn sprintf(buf, "unlocked\\n");
}
"""


def test_both_calls_of_a_quote_split_by_a_blank_line_are_renamed(tmp_path):
    quote = ['\t\t\treturn sprintf(buf, "locked\\n");', "", '\treturn sprintf(buf, "unlocked\\n");']
    s = sugg(PATH, "lock_show", ["+" + quote[2]], "sysfs_emit() in both places.", lines=(10, 10))
    s.quote = quote
    s.anchor.code = [quote[2].strip()]
    after, _, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert s.status == Status.APPLIED, s.reason
    assert [ln for ln in hunks(PATH, TEXT, after) if ln[:1] in "+-"] == [
        '-\t\t\treturn sprintf(buf, "locked\\n");', '+\t\t\treturn sysfs_emit(buf, "locked\\n");',
        '-\treturn sprintf(buf, "unlocked\\n");', '+\treturn sysfs_emit(buf, "unlocked\\n");']


def test_without_the_other_call_in_the_quote_both_takes_the_one_other_call_of_the_function(tmp_path):
    s = sugg(PATH, "lock_show", ['+\treturn sprintf(buf, "unlocked\\n");'], "sysfs_emit() in both places.",
             lines=(10, 10))
    s.quote = ['\treturn sprintf(buf, "unlocked\\n");']
    s.anchor.code = ['return sprintf(buf, "unlocked\\n");']
    after, _, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == TEXT.replace("sprintf(", "sysfs_emit(")
