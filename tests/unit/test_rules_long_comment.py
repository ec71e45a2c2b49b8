"""A comment longer than the recipes read (other people's input: a pasted log, a machine-made mail) is
left to the author with the reason, at once, instead of being matched against every recipe's wordings."""
from __future__ import annotations

import time

import pytest

from cocci.rules import MAX_COMMENT
from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static ssize_t qx_mode_show(struct qx *q, char *buf)
{
\treturn sprintf(buf, "%u\\n", q->mode);
}
"""
QUOTE = ["+\treturn sprintf(buf, \"%u\\n\", q->mode);"]

# shapes that made wording patterns scan a sentence once per name in it (minutes for twenty such lines)
HOSTILE = {
    "calls": "Use sysfs_emit(). " + "foo_bar() " * 1990,
    "members": "Use sysfs_emit(). " + "a." * 9000,
    "quoted words": "Use sysfs_emit(). " + "'x' " * 4900,
}


@pytest.mark.parametrize("comment", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_comment_beyond_the_bound_is_manual_at_once(tmp_path, comment):
    comment = "\n".join([comment] * 20)
    s = sugg(PATH, "qx_mode_show", QUOTE, comment, lines=(3, 3))
    cpu = time.process_time()
    after, rules = applied(tmp_path, PATH, SRC, s)
    assert time.process_time() - cpu < 5
    assert (s.status, s.reason, after, rules) == (
        Status.MANUAL, f"a comment of {len(comment):,} characters: respin reads requests of up to "
        f"{MAX_COMMENT:,}; make this change by hand", SRC, [])


def test_a_long_comment_within_the_bound_is_still_read(tmp_path):
    comment = "Use sysfs_emit() here. " + "It is what the documentation asks of show callbacks. " * 40
    assert len(comment) < MAX_COMMENT
    s = sugg(PATH, "qx_mode_show", QUOTE, comment, lines=(3, 3))
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("sprintf(buf,", "sysfs_emit(buf,")
