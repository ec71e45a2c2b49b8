"""rename-call between the delays and sleeps of <linux/delay.h>: a call of the same unit and arguments
is renamed; one that counts in another unit, or takes other arguments, is manual (msleep(5) is five
milliseconds, fsleep(5) five microseconds)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes._calls import duration_change
from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static void qx_reset(struct qx *q)
{
\twritel(1, q->base);
\tudelay(200);
\twritel(0, q->base);
\tmsleep(5);
\tusleep_range(100, 200);
}
"""


def run(tmp_path: Path, line: str, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_reset", ["+" + line], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_a_sleep_of_another_unit_is_manual(tmp_path):
    """Before: msleep(5) became fsleep(5), a thousand times shorter."""
    s, after = run(tmp_path, "\tmsleep(5);", "fsleep()")
    assert s.status == Status.MANUAL and "fsleep() counts in us where msleep() counts in ms" in s.reason
    assert after == SRC


@pytest.mark.parametrize("old, new, why", [
    ("usleep_range", "fsleep", "fsleep() takes 1 argument where usleep_range() takes 2"),
    ("mdelay", "msleep", ""),
    ("udelay", "ndelay", "ndelay() counts in ns where udelay() counts in us"),
    ("kfree", "kvfree", ""),
])
def test_what_a_duration_change_says(old, new, why):
    assert duration_change(old, new) == (why + ": the duration is to be written anew" if why else "")
