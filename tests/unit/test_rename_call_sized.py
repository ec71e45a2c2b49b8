"""rename-call from snprintf()/scnprintf() to sysfs_emit() in a show callback: the page's size goes
with the old name; a size other than PAGE_SIZE is manual."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static ssize_t mode_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\tstruct qx *q = dev_get_drvdata(dev);

\treturn scnprintf(buf, PAGE_SIZE, "%u\\n",
\t\t\t q->mode);
}

static ssize_t name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\tstruct qx *q = dev_get_drvdata(dev);

\treturn snprintf(buf, 16, "%s\\n", q->name);
}
"""


def run(tmp_path: Path, fn: str, line: str, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, ["+" + line], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_scnprintf_of_a_page_becomes_sysfs_emit(tmp_path):
    s, after = run(tmp_path, "mode_show", '\treturn scnprintf(buf, PAGE_SIZE, "%u\\n",', "Please use sysfs_emit().")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace('\treturn scnprintf(buf, PAGE_SIZE, "%u\\n",\n\t\t\t q->mode);',
                                '\treturn sysfs_emit(buf, "%u\\n",\n\t\t\t  q->mode);')


def test_a_size_other_than_the_page_is_manual(tmp_path):
    """Before: not taken up at all (no rename between the two names)."""
    s, after = run(tmp_path, "name_show", '\treturn snprintf(buf, 16, "%s\\n", q->name);', "sysfs_emit() please")
    assert s.status == Status.MANUAL and "is given 16, not PAGE_SIZE" in s.reason and after == SRC
