"""use-swap: `tmp = a; a = b; b = tmp;` -> `swap(a, b);` when the temporary has the values' type (and it
goes when nothing else uses it; the braces of a body the exchange was all of go too)."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

PATH = "drivers/iio/adc/qx-adc.c"
SRC = """\
static int qx_order(struct qx_state *st, int a, int b)
{
\tint tmp;
\tint sum = 0;

\tif (a > b) {
\t\ttmp = a;
\t\ta = b;
\t\tb = tmp;
\t}
\tsum = a - b;
\treturn sum;
}
"""
RUN = ["\t\ttmp = a;", "\t\ta = b;", "\t\tb = tmp;"]


def run(tmp_path: Path, text: str, quoted: list[str], comment: str):
    line = text.splitlines().index(quoted[-1]) + 1
    s = sugg(PATH, "qx_order", ["+" + q for q in quoted], comment, answer="", lines=(line - len(quoted) + 1, line))
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    return s, after


@pytest.mark.parametrize("quoted, comment", [(RUN, "Use swap() here."), (RUN, "swap()"),
                                             (["\tif (a > b) {"], "There is swap() for this.")])
def test_the_exchange_becomes_swap_and_the_temporary_goes(tmp_path, quoted, comment):
    s, after = run(tmp_path, SRC, quoted, comment)
    assert (s.kind, s.status) == ("use-swap", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint tmp;\n", "").replace(
        "\tif (a > b) {\n\t\ttmp = a;\n\t\ta = b;\n\t\tb = tmp;\n\t}\n", "\tif (a > b)\n\t\tswap(a, b);\n")


def test_a_temporary_of_another_type_is_manual(tmp_path):
    text = SRC.replace("\tint tmp;\n", "\ts16 tmp;\n")
    s, after = run(tmp_path, text, RUN, "Use swap() here.")
    assert s.status == Status.MANUAL and "swap() keeps its temporary in the type" in s.reason and after == text


def test_a_temporary_declared_with_other_names_is_manual(tmp_path):
    text = SRC.replace("\tint tmp;\n\tint sum = 0;\n", "\tint tmp, sum = 0;\n")
    s, after = run(tmp_path, text, RUN, "Use swap() here.")
    assert s.status == Status.MANUAL and "tmp would be left unused" in s.reason and after == text
