"""drop-return: the bare `return;` that ends a void function goes, with the blank line above it; one
that is not the last statement, or follows a label, stays (manual)."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static void qx_report(struct qx *q)
{
\tdev_info(q->dev, "state %d\\n", q->state);

\treturn;
}

static void qx_stop(struct qx *q)
{
\tif (!q->running)
\t\treturn;
\tqx_halt(q);
}

static void qx_flush(struct qx *q)
{
\tif (qx_busy(q))
\t\tgoto out;
\tqx_drain(q);
out:
\treturn;
}
"""


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, ["+" + q for q in quoted], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


@pytest.mark.parametrize("comment", ["Redundant return.", "No need for this return statement.",
                                     "The return at the end of a void function is pointless.", "Not needed."])
def test_the_return_that_ends_a_void_function_goes(tmp_path, comment):
    s, after = run(tmp_path, "qx_report", ['\tdev_info(q->dev, "state %d\\n", q->state);', "", "\treturn;"], comment)
    assert (s.kind, s.status) == ("drop-return", Status.APPLIED), s.reason
    assert after == SRC.replace('q->state);\n\n\treturn;\n}', "q->state);\n}")


def test_an_early_return_is_not_the_last_statement(tmp_path):
    s, after = run(tmp_path, "qx_stop", ["\tif (!q->running)", "\t\treturn;"], "Redundant return.")
    assert s.status == Status.MANUAL and "not the last statement" in s.reason and after == SRC


def test_a_return_after_a_label_stays(tmp_path):
    s, after = run(tmp_path, "qx_flush", ["out:", "\treturn;"], "useless return")
    assert s.status == Status.MANUAL and "follows a label" in s.reason and after == SRC
