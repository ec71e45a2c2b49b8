"""Requests whose literal edit would change what the code computes: a narrowing cast dropped
("Drop the cast." under `x = (u8)val;`), ARRAY_SIZE() of a pointer.  Manual with the reason; the same
requests where nothing changes are done."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_pack(struct qx *q, u8 *buf, int val, size_t n)
{
\tint x;
\tu8 low;
\tu8 table[4];
\tsize_t k;

\tx = (u8)val;
\tlow = (u8)val;
\tx += (int)n;
\tk = sizeof(buf) / sizeof(buf[0]);
\tk += sizeof(table) / sizeof(table[0]);
\treturn x + low + k;
}
"""


def run(tmp_path: Path, line: str, comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_pack", ["+" + line], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


@pytest.mark.parametrize("line, comment, why", [
    ("\tx = (u8)val;", "Drop the cast.", "narrows a int to 8 bits"),
    ("\tk = sizeof(buf) / sizeof(buf[0]);", "ARRAY_SIZE()", "buf is a pointer"),
])
def test_an_edit_that_would_change_the_value_is_manual(tmp_path, line, comment, why):
    """Before: `x = val;` (300 stays 300, not 44) and `ARRAY_SIZE(buf)` (which does not build)."""
    s, after = run(tmp_path, line, comment)
    assert s.status == Status.MANUAL and why in s.reason and after == SRC


@pytest.mark.parametrize("line, comment, old, new", [
    ("\tlow = (u8)val;", "No need for the cast.", "\tlow = (u8)val;", "\tlow = val;"),     # u8 takes it as the cast
    ("\tx += (int)n;", "Unneeded cast.", "\tx += (int)n;", "\tx += n;"),
    ("\tk += sizeof(table) / sizeof(table[0]);", "ARRAY_SIZE()", "sizeof(table) / sizeof(table[0])",
     "ARRAY_SIZE(table)"),
])
def test_the_same_requests_that_change_nothing_are_done(tmp_path, line, comment, old, new):
    s, after = run(tmp_path, line, comment)
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace(old, new, 1)


PRINT = """\
static void qx_show(struct qx *q, long big, u8 small, unsigned int n)
{
\tdev_info(q->dev, "big %d\\n", big);
\tdev_info(q->dev, "small %d\\n", small);
\tdev_info(q->dev, "n %d\\n", n);
}
"""


@pytest.mark.parametrize("line, old, new", [
    ('\tdev_info(q->dev, "small %d\\n", small);', '"small %d\\n"', '"small %u\\n"'),   # a u8 is passed as an int
    ('\tdev_info(q->dev, "n %d\\n", n);', '"n %d\\n"', '"n %u\\n"'),
])
def test_a_conversion_of_the_arguments_width(tmp_path, line, old, new):
    s = sugg(PATH, "qx_show", ["+" + line], "%u", answer="")
    after = applied(tmp_path, PATH, PRINT, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == PRINT.replace(old, new, 1)


def test_a_conversion_of_another_width_than_the_argument_is_manual(tmp_path):
    """Before: "%u" for a long, which the compiler warns about and can print wrong."""
    s = sugg(PATH, "qx_show", ['+\tdev_info(q->dev, "big %d\\n", big);'], "%u", answer="")
    after = applied(tmp_path, PATH, PRINT, s)[0]
    assert s.status == Status.MANUAL and "big is long, 64 bits, where %u reads 32" in s.reason and after == PRINT
