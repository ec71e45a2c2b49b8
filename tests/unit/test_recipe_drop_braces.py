"""drop-braces: the braces of the quoted chain or loop go when every branch is one simple statement
(kernel style); nothing but braces changes, and a chain that needs them keeps them (manual)."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static void qx_stop(struct qx *q)
{
\tif (q->mute) {
\t\tgpiod_set_value(q->mute, 1);
\t} else {
\t\tdev_dbg(q->dev, "no mute line, %s\\n",
\t\t\tq->name);
\t}
\tfor (q->i = 0; q->i < q->n; q->i++) {
\t\tqx_flush(q, q->i);
\t}
}

static void qx_start(struct qx *q)
{
\tif (q->mute) {
\t\tgpiod_set_value(q->mute, 0);
\t\tq->muted = false;
\t} else {
\t\tq->muted = true;
\t}
\tif (q->irq) {
\t\tif (q->wake)
\t\t\tenable_irq_wake(q->irq);
\t} else
\t\tqx_poll(q);
}
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="Sure.")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_braces_of_a_chain_of_single_statements_go(tmp_path):
    s, after = run(tmp_path, "qx_stop", ["+\tif (q->mute) {", "+\t\tgpiod_set_value(q->mute, 1);", "+\t} else {"],
                   "No need for the braces here.")
    assert (s.kind, s.status) == ("drop-braces", Status.APPLIED), s.reason
    assert after == SRC.replace("\tif (q->mute) {\n\t\tgpiod_set_value(q->mute, 1);\n\t} else {\n"
                                "\t\tdev_dbg(q->dev, \"no mute line, %s\\n\",\n\t\t\tq->name);\n\t}\n",
                                "\tif (q->mute)\n\t\tgpiod_set_value(q->mute, 1);\n\telse\n"
                                "\t\tdev_dbg(q->dev, \"no mute line, %s\\n\",\n\t\t\tq->name);\n")


# "drop the {}" without a full stop ends on the braces: before, it was read as code, and left manual
@pytest.mark.parametrize("comment", ["Drop the {}.", "Unneeded braces.", "Needless curly braces.", "drop the {}",
                                     "nit: no {}"])
def test_a_comment_under_the_closing_brace_of_a_loop(tmp_path, comment):
    s, after = run(tmp_path, "qx_stop", ["+\t\tqx_flush(q, q->i);", "+\t}"], comment)
    assert (s.kind, s.status) == ("drop-braces", Status.APPLIED), s.reason
    assert after == SRC.replace("\tfor (q->i = 0; q->i < q->n; q->i++) {\n\t\tqx_flush(q, q->i);\n\t}\n",
                                "\tfor (q->i = 0; q->i < q->n; q->i++)\n\t\tqx_flush(q, q->i);\n")


def test_a_chain_with_a_branch_of_two_statements_keeps_its_braces(tmp_path):
    s, after = run(tmp_path, "qx_start", ["+\t} else {", "+\t\tq->muted = true;", "+\t}"],
                   "The braces are not needed.")
    assert s.status == Status.MANUAL and "more than one simple statement" in s.reason and after == SRC


def test_an_inner_if_would_take_over_the_else(tmp_path):
    s, after = run(tmp_path, "qx_start", ["+\tif (q->irq) {", "+\t\tif (q->wake)"], "Unnecessary braces.")
    assert s.status == Status.MANUAL and after == SRC


def test_braces_that_can_go(tmp_path):
    for comment in ("These curly brackets could go, the loop body is one call.",
                    "The braces can go away now that it is a single statement."):
        s, after = run(tmp_path, "qx_stop", ["+\t\tqx_flush(q, q->i);", "+\t}"], comment)
        assert (s.kind, s.status) == ("drop-braces", Status.APPLIED), s.reason
        assert "\tfor (q->i = 0; q->i < q->n; q->i++)\n\t\tqx_flush(q, q->i);\n" in after


def test_a_loop_whose_body_is_an_if_keeps_its_braces_and_says_why(tmp_path):
    src = SRC + "\nstatic int qx_retry(struct qx *q)\n{\n\tint i;\n\n\tfor (i = 0; i < 3; i++) {\n" \
        "\t\tif (!qx_try(q))\n\t\t\treturn 0;\n\t}\n\treturn -EIO;\n}\n"
    s = sugg(PATH, "qx_retry", ["+\tfor (i = 0; i < 3; i++) {", "+\t\tif (!qx_try(q))", "+\t\t\treturn 0;", "+\t}"],
             "No need for {} here.", answer="Sure.")
    after = applied(tmp_path, PATH, src, s)[0]
    assert s.status == Status.MANUAL and "the body is an if or loop statement of its own" in s.reason
    assert after == src


def test_braces_named_in_prose_are_no_code_but_code_with_braces_is():
    from cocci.recipes._evidence import looks_like_c
    assert not looks_like_c("drop the {}") and not looks_like_c("nit: no {}")
    assert looks_like_c("} else {") and looks_like_c("else {}") and looks_like_c("if (x) {")
