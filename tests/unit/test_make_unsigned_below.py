"""make-unsigned with "Same below.": the later locals of the quoted function declared with the quoted
one's type become unsigned when no use can tell signed from unsigned; other functions keep theirs."""
from __future__ import annotations

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/tq.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
static void tq_walk(struct tq *tq)
{
	int i;
	int j;
	int k = tq->last;

	for (i = 0; i < ARRAY_SIZE(tq->regs); i++)
		tq_put(tq, i);
	for (j = 0; j < ARRAY_SIZE(tq->buf); j++)
		tq->buf[j] = 0;
	tq_put(tq, k - 1);
}

static void tq_clear(struct tq *tq)
{
	int j;

	for (j = 0; j < ARRAY_SIZE(tq->buf); j++)
		tq->buf[j] = 0;
}
"""


def test_same_below_makes_the_later_like_locals_unsigned(tmp_path):
    s = sugg(PATH, "tq_walk", ["+\tint i;"], "i can't be negative, make it unsigned. Same below.", answer="")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "make-unsigned"), s.reason
    assert s.summary == "Make i, j unsigned int in tq_walk()"
    # k is subtracted from: it stays, named
    assert s.reason == ("partly: the rest is left to the author (k on line 6: it is used where unsigned could "
                        "change the result: `tq_put(tq, k - 1);`)")
    assert hunks(PATH, SRC, after) == [
        "@@ -1,8 +1,8 @@",
        " // SPDX-License-Identifier: GPL-2.0",
        " static void tq_walk(struct tq *tq)",
        " {",
        "-\tint i;",
        "-\tint j;",
        "+\tunsigned int i;",
        "+\tunsigned int j;",
        " \tint k = tq->last;",
        " ",
        " \tfor (i = 0; i < ARRAY_SIZE(tq->regs); i++)",
    ]
    assert "make it unsigned. Same below." in rules[0].text


def test_same_below_with_no_like_local_after_the_quote_says_so(tmp_path):
    s = sugg(PATH, "tq_clear", ["+\tint j;"], "Make j unsigned, ditto further down.", answer="")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: "same below" found no like place after the '
                                                    'quoted lines in tq_clear()')
    assert after == SRC.replace("{\n\tint j;\n\n", "{\n\tunsigned int j;\n\n")
