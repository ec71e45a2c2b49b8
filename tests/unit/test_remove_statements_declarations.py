"""A removal request never drops a declaration whose name the function goes on using: "no need for
min_t() here" under `size_t len = min_t(...);` is about the helper, and dropping the line would leave
`len` undeclared."""
from __future__ import annotations

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static size_t qx_copy(struct qx *q, size_t count, u32 avail, size_t room)
{
\tsize_t len = min_t(size_t, count, room);
\tu32 k = min_t(u32, avail, count);

\tqx_trace(q);
\treturn len + k;
}
"""


def test_a_declaration_still_used_is_never_dropped(tmp_path):
    s = sugg(PATH, "qx_copy", ["+\tu32 k = min_t(u32, avail, count);"], "No need for min_t() here.", answer="",
             lines=(4, 4))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status == Status.MANUAL and after == SRC
    assert "the statement declares k, which qx_copy() uses further on" in s.reason


def test_a_lone_call_still_goes(tmp_path):
    s = sugg(PATH, "qx_copy", ["+\tqx_trace(q);"], "Drop this line.", answer="", lines=(6, 6))
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("\tqx_trace(q);\n", "")
