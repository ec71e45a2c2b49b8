"""move-declaration into the for statement: "declare val in the for statement" -> `for (int val = ...`,
only when every use of the counter lies in that one loop."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/media/i2c/qx.c"
SRC = """\
static int qx_park(struct qx *q)
{
\tint ret = 0;
\tint val;

\tfor (val = q->pos & ~15; val >= 0; val -= 16) {
\t\tret = qx_write(q, val);
\t\tif (ret)
\t\t\treturn ret;
\t}
\treturn ret;
}

static int qx_last(struct qx *q)
{
\tint i;

\tfor (i = 0; i < q->n; i++)
\t\tqx_poke(q, i);
\treturn i;
}
"""


@pytest.mark.parametrize("comment", ["You could declare val here, in the for statement.",
                                     "Nit: val can be declared inside the for()."])
def test_the_counter_is_declared_in_its_loop(tmp_path, comment):
    s = sugg(PATH, "qx_park", ["+\tfor (val = q->pos & ~15; val >= 0; val -= 16) {"], comment, answer="Yes.")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("move-declaration", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint val;\n", "").replace("\tfor (val = q->pos", "\tfor (int val = q->pos")


def test_a_counter_read_after_the_loop_stays(tmp_path):
    s = sugg(PATH, "qx_last", ["+\tfor (i = 0; i < q->n; i++)"], "Declare i in the for statement?")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status != Status.APPLIED and after == SRC


@pytest.mark.parametrize("comment", ["nit: for (int val = q->pos ...)", "for (int val = ...) please"])
def test_the_loop_header_the_reviewer_shows(tmp_path, comment):
    s = sugg(PATH, "qx_park", ["+\tfor (val = q->pos & ~15; val >= 0; val -= 16) {"], comment)
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("move-declaration", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint val;\n", "").replace("\tfor (val = q->pos", "\tfor (int val = q->pos")


def test_a_shown_header_with_another_type_or_bound_is_not_only_a_move(tmp_path):
    for comment in ("for (unsigned int val = ...)", "for (int val = q->pos; val >= 0; val -= 16) {"):
        s = sugg(PATH, "qx_park", ["+\tfor (val = q->pos & ~15; val >= 0; val -= 16) {"], comment)
        applied(tmp_path, PATH, SRC, s)
        assert s.kind != "move-declaration", comment


SHARED = """\
static int qx_sum(struct qx *q)
{
\tint tmp, i;
\tint sum = 0;

\tfor (i = 0; i < 4; i++)
\t\tsum += q->buf[i];
\ttmp = sum / 4;
\treturn tmp;
}
"""


@pytest.mark.parametrize("comment", ["i can be declared in the for loop.", "for (int i = 0; ...)"])
def test_a_counter_declared_with_other_names_leaves_them(tmp_path, comment):
    s = sugg(PATH, "qx_sum", ["+\tint tmp, i;"], comment, answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, SHARED, s)[0]
    assert (s.kind, s.status) == ("move-declaration", Status.APPLIED), s.reason
    assert after == SHARED.replace("\tint tmp, i;\n", "\tint tmp;\n").replace("for (i = 0;", "for (int i = 0;")


def test_a_counter_declared_with_a_pointer_is_manual(tmp_path):
    text = SHARED.replace("\tint tmp, i;\n", "\tint *tmp, i;\n")
    s = sugg(PATH, "qx_sum", ["+\tint *tmp, i;"], "Declare i in the for loop.", answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.MANUAL and after == text
