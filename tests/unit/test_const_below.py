"""const with "Same below.": the later local declarations of the quoted function like the quoted one
become const when nothing after them changes the variable; other functions keep theirs."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/tq.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
static int tq_fill(struct tq *tq)
{
	int len = tq->n;
	u32 mask = tq->mask;
	int max = len * 2;
	int pos = 0;

	while (pos < max)
		pos += tq_put(tq, pos, mask);
	return pos;
}

static int tq_size(struct tq *tq)
{
	int max = tq->n * 2;

	return max;
}
"""
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_same_below_makes_the_later_like_declarations_const(tmp_path):
    s = sugg(PATH, "tq_fill", ["+\tint len = tq->n;"], "This can be const. Same below.", answer="")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "const"), s.reason
    # pos is stepped further down: it stays, named; mask is of another type: not a like place
    assert s.reason == "partly: the rest is left to the author (pos on line 7: the code after it changes it)"
    assert hunks(PATH, SRC, after) == [
        "@@ -1,9 +1,9 @@",
        " // SPDX-License-Identifier: GPL-2.0",
        " static int tq_fill(struct tq *tq)",
        " {",
        "-\tint len = tq->n;",
        "+\tconst int len = tq->n;",
        " \tu32 mask = tq->mask;",
        "-\tint max = len * 2;",
        "+\tconst int max = len * 2;",
        " \tint pos = 0;",
        " ",
        " \twhile (pos < max)",
    ]
    assert "This can be const. Same below." in rules[0].text


def test_same_below_with_no_like_declaration_after_the_quote_says_so(tmp_path):
    s = sugg(PATH, "tq_size", ["+\tint max = tq->n * 2;"], "const? Ditto below.", answer="Yes.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: "same below" found no like place after the '
                                                    'quoted lines in tq_size()')
    assert after == SRC.replace("\tint max = tq->n * 2;", "\tconst int max = tq->n * 2;")


PAIR = """static int tq_span(struct tq *tq)
{
	u32 lo = tq->lo;
	u32 hi = tq->hi;
	int n = 0;

	while (n < 4)
		n += tq_put(tq, lo, hi);
	return n;
}
"""


@pytest.mark.parametrize("line", [3, 4])
def test_both_under_one_of_two_like_declarations_makes_the_other_const_too(tmp_path, line):
    """Before: the quoted one became const, reported applied; the other stayed."""
    s = sugg(PATH, "tq_span", ["+" + PAIR.splitlines()[line - 1]], "Both can be const.", answer="", lines=(line, line))
    after, _, _ = pipeline(tmp_path, PATH, PAIR, [s])
    assert (s.kind, s.status, s.reason) == ("const", Status.APPLIED, "")
    assert after == PAIR.replace("\tu32 lo", "\tconst u32 lo").replace("\tu32 hi", "\tconst u32 hi")


def test_both_with_no_other_like_declaration_says_so(tmp_path):
    text = PAIR.replace("\tu32 hi = tq->hi;\n", "").replace("lo, hi)", "lo, 0)")
    s = sugg(PATH, "tq_span", ["+\tu32 lo = tq->lo;"], "Both can be const.", answer="", lines=(3, 3))
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.kind, s.status) == ("const", Status.APPLIED)
    assert s.reason == ('partly: the rest is left to the author ("both": no other like declaration in tq_span() the '
                        'patch adds)')
    assert after == text.replace("\tu32 lo", "\tconst u32 lo")
