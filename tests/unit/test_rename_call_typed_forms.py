"""min() for min_t() asked in prose ("min() will do", "no need for min_t() here, both are size_t"), done
when both operands have the type min_t() names; and min_t() for min() with the type written, or the type
the value goes to when every operand keeps its value in it: else manual, naming the operands' types."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static size_t qx_copy(struct qx *q, size_t count, u32 avail, size_t room, int left)
{
\tsize_t len = min_t(size_t, count, room);
\tsize_t n = min_t(size_t, count, avail);
\tsize_t got = min(count, avail);
\tint r;

\tr = min(left, avail);
\treturn len + n + got + r;
}
"""


def on(tmp_path: Path, line: int, comment: str) -> tuple[Suggestion, list[str]]:
    s = sugg(PATH, "qx_copy", ["+" + SRC.splitlines()[line - 1]], comment, answer="", lines=(line, line))
    after = applied(tmp_path, PATH, SRC, s)[0]
    return s, [x for x in hunks(PATH, SRC, after) if x[:1] in "+-"]


@pytest.mark.parametrize("comment", ["min() will do.", "No need for min_t() here, both are size_t.",
                                     "Why min_t? Both are size_t.", "plain min() is fine here"])
def test_min_for_a_min_t_of_one_type(tmp_path, comment):
    s, diff = on(tmp_path, 3, comment)
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert diff == ["-\tsize_t len = min_t(size_t, count, room);", "+\tsize_t len = min(count, room);"]


def test_min_for_a_min_t_of_two_types_is_manual(tmp_path):
    s, diff = on(tmp_path, 4, "min() will do")
    assert s.status == Status.MANUAL and diff == []
    assert "min() wants operands of one type: avail is u32, not size_t" in s.reason


def test_min_t_takes_the_type_the_value_goes_to(tmp_path):
    s, diff = on(tmp_path, 5, "Use min_t(), the types differ.")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert diff == ["-\tsize_t got = min(count, avail);", "+\tsize_t got = min_t(size_t, count, avail);"]


def test_min_t_into_a_type_that_keeps_every_operand(tmp_path):
    """An int cannot hold every u32: which type to compare in is the author's."""
    s, diff = on(tmp_path, 8, "Please use min_t() here")
    assert s.status == Status.MANUAL and diff == []
    assert s.reason.endswith("min_t() takes the type its operands are compared as (left is int, avail is u32): "
                             "which one is the author's; int, the type the value goes to, would change an "
                             "operand's value")
